"""Does a trained model keep both of its branches? On held-out test faces of the model's own world: each branch's
photometric error at the model's own factors (original and flipped), each branch's confidence sigma (geometric mean
over the pixels the loss counts), how asymmetric the canonical albedo and depth are (mean |x - flip x|) against the
truth's, the yaw slope, and the photometric error with the predicted yaw rescaled (is the model's own yaw the minimum
for its own factors?).
Usage: python bench/diagnose_branches.py RUN_OR_CHECKPOINT [RUN_OR_CHECKPOINT ...] [--n 256] [--out JSON]"""
import argparse, json, numpy as np, torch
from sym3d_nb.training import load_model
from sym3d_nb.losses import tie_conf_scale
from diagnose_side import world

SCALES = (0.6, 0.8, 1.0, 1.2, 1.4, 1.6)

def asym(x, dim):
    "Mean |x - x mirrored along `dim`|."
    return float((x - x.flip(dim)).abs().mean())

def branch_error(m, im, depth, albedo, view, light):
    "Mean absolute photometric error (B,) of one branch rendered from these factors, over its valid pixels (B,H,W) (also returned)."
    *_, recon_depth, recon_im = m.render_branches(depth, albedo, view, light)
    msk = m.renderer.valid_mask(recon_depth).float()                          # (B,H,W)
    return ((recon_im - im).abs() * msk[:, None]).sum((1, 2, 3)) / (3 * msk.sum((1, 2)).clamp_min(1)), msk

@torch.no_grad()
def branch_stats(m, n=256) -> dict:
    w = world(n, m.cfg.model.image_size, data=m.cfg.data)                     # the model's own world
    im = m._check_input(w['image'])
    depth, albedo, view, light, _ = m.predict_factors(im)
    y, yh = w['view'][:, 1].numpy(), view[:, 1].numpy()
    err_orig, msk = branch_error(m, im, depth, albedo, view, light)          # msk: the pixels the loss counts
    r = dict(yaw_slope=float(np.polyfit(y, yh, 1)[0]), yaw_corr=float(np.corrcoef(y, yh)[0, 1]),
             err_orig=float(err_orig.mean()),
             err_flip=float(branch_error(m, im, depth.flip(2), albedo.flip(3), view, light)[0].mean()),
             albedo_asym=asym(albedo, 3), albedo_asym_true=asym(w['albedo'] * 2 - 1, 3),   # both in [-1,1]
             depth_asym=asym(depth, 2), depth_asym_true=asym(w['canon'], 2))
    if m.netC is not None:
        s = m.netC(im)[0]                                                     # (B,2,H,W)
        if m.cfg.loss.conf_tie: s = tie_conf_scale(s, msk)                     # the maps the loss sees
        gm = lambda x: float(torch.exp((torch.log(x) * msk).sum((1, 2)) / msk.sum((1, 2))).mean())   # geometric mean in the mask
        r.update(sigma_orig=gm(s[:, 0]), sigma_flip=gm(s[:, 1]))
    for k in SCALES:
        v = view.clone(); v[:, 1] = view[:, 1] * k
        r[f'err_orig_yaw_x{k:.1f}'] = float(branch_error(m, im, depth, albedo, v, light)[0].mean())
    return r

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('runs', nargs='+'); ap.add_argument('--n', type=int, default=256); ap.add_argument('--out', default=None)
    a = ap.parse_args(); torch.manual_seed(0)
    rows = {run: branch_stats(load_model(run).eval(), a.n) for run in a.runs}
    cols = ['yaw_slope', 'yaw_corr', 'err_orig', 'err_flip', 'sigma_orig', 'sigma_flip', 'albedo_asym', 'albedo_asym_true']
    print(f"{'run':40s} " + ' '.join(f'{c:>16s}' for c in cols))
    for run, r in rows.items(): print(f'{run[-40:]:40s} ' + ' '.join(f"{r.get(c, float('nan')):16.4f}" for c in cols))
    print('\nphotometric error of the original branch with the predicted yaw scaled by k:')
    print(f"{'run':40s} " + ' '.join(f'{"k=" + format(k, ".1f"):>9s}' for k in SCALES))
    for run, r in rows.items(): print(f'{run[-40:]:40s} ' + ' '.join(f"{r[f'err_orig_yaw_x{k:.1f}']:9.4f}" for k in SCALES))
    if a.out: json.dump(rows, open(a.out, 'w'), indent=1); print('wrote', a.out)
