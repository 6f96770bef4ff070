"""Does the model's depth carry the individual face, or only the average one? (issue: shape, not only pose)

On held-out synthetic faces with their true canonical depth, view and light:
1. scores (SIDE x100, MAD) of the model, the average face (07's `mean_depth` of the train split), the flat plane, and
   of hybrids under the model's own view: the TRUE canonical face, the AVERAGE canonical face, the model's canonical
   face; so that 'what the view costs' and 'what the shape costs' are separated; the model's own MEAN canonical face
   under its own view (does the per-face canonical depth help or hurt?); the world's faces under the model's views
   carried into the world's frame (each true view component regressed linearly on the five predicted ones, fitted on
   these faces: an optimistic reading of how good the model's views are);
2. how much individual shape the canonical depth carries: per face, the deviation of the predicted canonical relief
   from the mean predicted relief, correlated (pixel-wise over the face) with the true face's deviation from the mean
   true relief; and the ratio of their spreads (1 = the model varies its shape as much as the faces vary).
3. the view and light as regressions on the truth (R^2 per component) and the relief-light trade-off: does the
   predicted relief follow the predicted diffuse share k_d / (k_s + k_d) rather than the true relief?
Usage: python bench/diagnose_shape.py RUN_OR_CHECKPOINT [--n 256] [--n-mean 1000] [--raw] [--out bench/results/shape_NAME.json]
(--raw: the last weights of a run trained with ext.ema_decay, not its averaged ones)
"""
import argparse, json
from pathlib import Path
import torch
import dataclasses
from sym3d_nb.renderer import Renderer
from sym3d_nb.data import make_dataset
from sym3d_nb.training import load_model
from sym3d_nb.evaluation import mean_depth
from _common import world, score

def deviation_stats(pred_c, true_c, fg):
    "Per-face correlation and spread ratio of (pred - mean pred) against (true - mean true) canonical relief over `fg`."
    dp, dt = pred_c - pred_c.mean(0), true_c - true_c.mean(0)
    corr, ratio = [], []
    for a, b, m in zip(dp, dt, fg):
        a, b = a[m].double(), b[m].double(); a, b = a - a.mean(), b - b.mean()
        corr.append(float((a * b).sum() / (a.norm() * b.norm()).clamp_min(1e-12))); ratio.append(float(a.norm() / b.norm().clamp_min(1e-12)))
    t = torch.tensor
    return {'dev_corr_median': float(t(corr).median()), 'dev_corr_mean': float(t(corr).mean()), 'dev_spread_ratio_median': float(t(ratio).median())}

def world_frame(pred, true):
    "Each true view component (B,) linearly regressed on all five predicted rotation/translation components: (B,6) in the world's frame, R^2 per component."
    X = torch.cat([pred[:, :5], torch.ones(len(pred), 1)], 1).double(); out, r2 = true.clone(), []
    for i in range(5):
        c = torch.linalg.lstsq(X, true[:, i:i + 1].double()).solution; out[:, i] = (X @ c)[:, 0].float()
        r2.append(float(1 - (true[:, i] - out[:, i]).var() / true[:, i].var().clamp_min(1e-12)))
    return out, r2

def corr(a, b):
    "Pearson correlation of two 1-d tensors."
    a, b = a.double() - a.double().mean(), b.double() - b.double().mean(); return float((a * b).sum() / (a.norm() * b.norm()).clamp_min(1e-12))

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('run'); ap.add_argument('--n', type=int, default=256); ap.add_argument('--n-mean', type=int, default=1000)
    ap.add_argument('--out', default=None)
    ap.add_argument('--raw', action='store_true', help='the last weights, not the averaged ones (runs with ext.ema_decay)')
    a = ap.parse_args()
    torch.set_grad_enabled(False)
    m = load_model(a.run, averaged=not a.raw).eval(); S = m.cfg.model.image_size
    w = world(a.n, S, data=m.cfg.data)
    p = m.reconstruct(w['image'])
    warp = m.renderer.warp_canon_depth                                                   # the model's frame: its own views
    world_r = Renderer(S, dataclasses.replace(m.cfg.render, rot_center_depth=m.cfg.data.synth_pivot))
    warp_true = world_r.warp_canon_depth                                                 # the world's views turn about its pivot
    avg = mean_depth(make_dataset('synthetic', 'train', S, m.cfg.data), a.n_mean)        # the average face (view space)
    fg = w['canon'] < w['canon'].amax((1, 2), keepdim=True)                              # true canonical face
    canon_avg = w['canon'].mean(0, keepdim=True).expand_as(w['canon'])                   # average canonical face of these faces
    rows = {'model': p.recon_depth, 'average face (train)': avg.expand_as(w['depth']).clone(), 'flat': torch.ones_like(w['depth']),
            'TRUE canonical face, model view': warp(w['canon'], p.view),
            'AVERAGE canonical face, model view': warp(canon_avg.contiguous(), p.view),
            'AVERAGE canonical face, TRUE view': warp_true(canon_avg.contiguous(), w['view']),
            'TRUE canonical face, TRUE view (floor)': warp_true(w['canon'], w['view']),
            "model's MEAN canonical face, model view": warp(p.canon_depth.mean(0, keepdim=True).expand_as(p.canon_depth).contiguous(), p.view)}
    vfit, view_r2 = world_frame(p.view, w['view'])
    rows.update({'AVERAGE canonical face, model view in world frame': warp_true(canon_avg.contiguous(), vfit),
                 'TRUE canonical face, model view in world frame': warp_true(w['canon'], vfit)})
    res = {k: score(v, w['depth']) for k, v in rows.items()}
    af = res['average face (train)']
    for k, r in res.items(): r.update(side_vs_avg=r['side_x100'] / af['side_x100'], mad_vs_avg=r['mad'] / af['mad'])
    dev = deviation_stats(p.canon_depth, w['canon'], fg)
    relief = lambda c: float(torch.stack([c[i][fg[i]].max() - c[i][fg[i]].min() for i in range(len(c))]).median())   # over the true face
    dev.update(relief_pred_median=relief(p.canon_depth), relief_true_median=relief(w['canon']))
    rel_each = lambda c: torch.stack([c[i][fg[i]].max() - c[i][fg[i]].min() for i in range(len(c))])
    share = lambda l: l[:, 1] / (l[:, 0] + l[:, 1])                                    # diffuse share k_d / (k_s + k_d)
    rp, rt = rel_each(p.canon_depth), rel_each(w['canon'])
    light = {'view_r2': dict(zip(['rx', 'ry', 'rz', 'tx', 'ty'], view_r2)),
             'light_corr': dict(zip(['ks', 'kd', 'lx', 'ly'], [corr(p.light[:, i], w['light'][:, i]) for i in range(4)])),
             'relief_vs_true_relief': corr(rp, rt), 'relief_vs_pred_diffuse_share': corr(rp, share(p.light)),
             'pred_vs_true_diffuse_share': corr(share(p.light), share(w['light']))}
    print(f"{a.run}: {a.n} held-out faces at {S} px\n")
    print('| depth | SIDE x100 | MAD (deg) | ÷ avg face SIDE | ÷ avg face MAD |'); print('|---|---|---|---|---|')
    for k, r in res.items(): print(f"| {k} | {r['side_x100']:.3f} | {r['mad']:.2f} | {r['side_vs_avg']:.2f} | {r['mad_vs_avg']:.2f} |")
    print(f"\nindividual shape in the canonical depth: correlation with the true deviation from the mean face {dev['dev_corr_median']:.3f} (median), "
          f"spread ratio {dev['dev_spread_ratio_median']:.2f}; relief (max-min) predicted {dev['relief_pred_median']:.4f}, true {dev['relief_true_median']:.4f}")
    print('view R^2 (true on predicted, linear): ' + ', '.join(f"{k} {v:.2f}" for k, v in light['view_r2'].items()))
    print('light correlation with the truth: ' + ', '.join(f"{k} {v:.2f}" for k, v in light['light_corr'].items()))
    print(f"per-face relief: correlation with the true relief {light['relief_vs_true_relief']:.2f}, with the predicted diffuse share "
          f"{light['relief_vs_pred_diffuse_share']:.2f}; predicted vs true diffuse share {light['pred_vs_true_diffuse_share']:.2f}")
    out = Path(a.out or Path(__file__).parent / 'results' / f"shape_{Path(a.run).stem}.json"); out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({'run': a.run, 'n': a.n, 'scores': res, 'deviation': dev, 'view_light': light}, indent=1)); print(f"wrote {out}")
