"""Does the light hold part of the turn? For a trained model, on held-out faces of its own world: how each predicted light
component follows the true one (correlation, slope) and how its residual follows the true yaw; the regression of the
predicted l_x on the true l_x and the true yaw; and the original branch's L1 error on the face and the background with the
predicted or the true yaw, and the predicted, the true, or a yaw-free l_x (the predicted l_x less its yaw part).
With --plot PNG, one row per run: the predicted yaw against the true one, and the part of the predicted l_x that the
true l_x does not explain against the true yaw.
Usage: python bench/diagnose_light_turn.py RUN_OR_CHECKPOINT [RUN ...] [--n 500] [--json OUT] [--plot PNG] [--labels A B ...]"""
import argparse, json, sys
from pathlib import Path
import torch
sys.path.insert(0, str(Path(__file__).parent))
from diagnose_side import world
from diagnose_turn_cost import errors
from sym3d_nb.training import load_model
from sym3d_nb.core import unit_to_signed

def corr(x, y): return float(torch.corrcoef(torch.stack([x, y]))[0, 1])

def fit(y, xs):
    "Least-squares coefficients of y (N,) on the columns xs and a constant, and the residual (N,)."
    X = torch.stack(xs + [torch.ones_like(y)], 1); b = torch.linalg.lstsq(X, y[:, None]).solution[:, 0]
    return b, y - X @ b

def light_turn(m, n=500) -> dict:
    w = world(n, m.cfg.model.image_size, data=m.cfg.data); face = w['depth'] < 1.09        # view-space face mask
    with torch.no_grad():
        im = unit_to_signed(w['image']); depth, albedo, view, light, _ = m.predict_factors(im)
    tv, tl, out = w['view'], w['light'], {}
    for j, k in enumerate(['ks', 'kd', 'lx', 'ly']):
        b, r = fit(light[:, j], [tl[:, j]])
        out[k] = dict(corr=corr(light[:, j], tl[:, j]), slope=float(b[0]), resid_corr_true_yaw=corr(r, tv[:, 1]))
    b, _ = fit(light[:, 2], [tl[:, 2], tv[:, 1]])
    out['lx_fit'] = dict(true_lx=float(b[0]), true_yaw=float(b[1]), const=float(b[2]))
    out['yaw_slope'] = float(fit(view[:, 1], [tv[:, 1]])[0][0])
    lx_free = light[:, 2] - b[1] * tv[:, 1]                                                 # the predicted l_x, less its yaw part
    def cost(yaw, lx=None, ly=None):
        v, l = view.clone(), light.clone()
        if yaw is not None: v[:, 1] = yaw
        if lx is not None: l[:, 2] = lx
        if ly is not None: l[:, 3] = ly
        with torch.no_grad(): return errors(m, im, depth, albedo, v, l, face)[:2]
    out['scatter'] = dict(true_yaw=tv[:, 1].tolist(), yaw=view[:, 1].tolist(), lx_resid=fit(light[:, 2], [tl[:, 2]])[1].tolist())
    out['cost'] = {'predicted yaw, predicted light': cost(None), 'true yaw, predicted light': cost(tv[:, 1]),
                   'predicted yaw, yaw-free l_x': cost(None, lx_free), 'true yaw, yaw-free l_x': cost(tv[:, 1], lx_free),
                   'predicted yaw, true l_x and l_y': cost(None, tl[:, 2], tl[:, 3]), 'true yaw, true l_x and l_y': cost(tv[:, 1], tl[:, 2], tl[:, 3])}
    return out

def report(r):
    print('| light | corr with truth | slope | residual vs true yaw |\n|---|---|---|---|')
    for k in ['ks', 'kd', 'lx', 'ly']: print(f"| {k} | {r[k]['corr']:.3f} | {r[k]['slope']:.3f} | {r[k]['resid_corr_true_yaw']:+.3f} |")
    f = r['lx_fit']; print(f"\npredicted l_x = {f['true_lx']:.3f} true l_x {f['true_yaw']:+.3f} true yaw (rad) {f['const']:+.3f}; yaw slope {r['yaw_slope']:.3f}\n")
    print('| yaw, light | L1 face | L1 background |\n|---|---|---|')
    for k, (fc, bg) in r['cost'].items(): print(f'| {k} | {fc:.4f} | {bg:.4f} |')

def plot(results, labels, out):
    import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt, numpy as np
    fig, axs = plt.subplots(len(results), 2, figsize=(7, 3.1 * len(results)), squeeze=False, sharex=True, sharey='col')
    for (a1, a2), r, lab in zip(axs, results, labels):
        sc = {k: np.degrees(v) if k != 'lx_resid' else np.asarray(v) for k, v in r['scatter'].items()}
        a1.scatter(sc['true_yaw'], sc['yaw'], s=4, alpha=.5); a1.plot([-40, 40], [-40, 40], 'k--', lw=.8)
        a1.set(xlabel='true yaw (°)', ylabel='predicted yaw (°)', title=f"{lab}: yaw slope {r['yaw_slope']:.2f}")
        a2.scatter(sc['true_yaw'], sc['lx_resid'], s=4, alpha=.5, color='C1'); a2.axhline(0, color='k', lw=.8)
        a2.set(xlabel='true yaw (°)', ylabel='$l_x$ not explained by the true $l_x$',
               title=f"{lab}: corr {r['lx']['resid_corr_true_yaw']:+.2f}")
    fig.tight_layout(); fig.savefig(out, dpi=110); print('wrote', out)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('runs', nargs='+'); ap.add_argument('--n', type=int, default=500)
    ap.add_argument('--json'); ap.add_argument('--plot'); ap.add_argument('--labels', nargs='*')
    a = ap.parse_args(); results = []
    for run in map(Path, a.runs):
        m = load_model(run / 'last.pt' if run.is_dir() else run).eval(); r = light_turn(m, a.n); results.append(r)
        print(f'## {run}\n'); report(r); print()
    if a.json: json.dump([{k: v for k, v in r.items() if k != 'scatter'} for r in results], open(a.json, 'w'), indent=1)
    if a.plot: plot(results, a.labels or [str(p) for p in a.runs], a.plot)
