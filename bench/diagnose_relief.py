"""How much of SIDE is the relief's depth, and how much a lean? (07, "A prior that allows domes")
1. The TRUE canonical face with its relief scaled by s, under the TRUE view, and the true relief under a rotation
   scaled by k: what a too-flat or too-deep face, or a too-small turn, costs on its own.
2. For trained models (RUN...): the least-squares slopes of the predicted canonical depth and of the view-space
   log-depth error, their links to the pitch and yaw errors, and SIDE once the batch's MEAN error plane (one constant lean
   for every image) is taken out.
Usage: python bench/diagnose_relief.py [RUN ...] [--n 256] [--out bench/results/relief.json]
(e.g. the shipped model: python bench/diagnose_relief.py sym3d_nb/pretrained/quick_synth.pt)"""
import argparse, json, numpy as np, torch
from sym3d_nb.training import load_model
from sym3d_nb.core import get_config
from sym3d_nb.renderer import Renderer
from sym3d_nb.evaluation import eval_mask, side
from _common import world, score, error_planes, erode_n

def sweep(w, warp):
    "Scores of the true face with relief x s (true view) and of the true face under rotations x k."
    fg = w['canon'] < w['canon'].amax((1, 2), keepdim=True); out = {}
    for s in (0, .14, .25, .5, .75, 1, 1.5, 2):
        out[f'relief x{s}'] = score(warp(torch.where(fg, 1 - s * (1 - w['canon']), w['canon']), w['view']), w['depth'])
    for k in (.5, .75):
        v = w['view'].clone(); v[:, :3] *= k; out[f'rotation x{k}'] = score(warp(w['canon'], v), w['depth'])
    return out

def leans(m, w):
    "Slopes of the canonical depth and of the view-space error; SIDE with the batch-mean error plane removed."
    with torch.no_grad(): p = m.reconstruct(w['image'])
    c = lambda a, b: float(np.corrcoef(a, b)[0, 1])
    fg = erode_n(w['canon'] < w['canon'].amax((1, 2), keepdim=True), 1)
    cp = error_planes(p.canon_depth, torch.ones_like(w['canon']), fg)[0].numpy()       # plane of log(pred canon) on the face
    ct = error_planes(w['canon'], torch.ones_like(w['canon']), fg)[0].numpy()
    d, gt = p.recon_depth, w['depth']; msk = eval_mask(d, gt)
    e = error_planes(d, gt, msk)[0]
    H, W = gt.shape[1:]; yy, xx = torch.meshgrid(torch.linspace(-1, 1, H), torch.linspace(-1, 1, W), indexing='ij')
    lean = (e[:, 1].mean() * xx + e[:, 2].mean() * yy).double()
    d_fixed = (d.double() * torch.exp(-lean)[None]).float()
    pe = (p.view[:, 0] - w['view'][:, 0]).numpy(); pe = pe - pe.mean(); ye = (p.view[:, 1] - w['view'][:, 1]).numpy(); e = e.numpy()
    return {'canon_y_slope': [float(cp[:, 2].mean()), float(cp[:, 2].std())], 'true_canon_y_slope': [float(ct[:, 2].mean()), float(ct[:, 2].std())],
            'canon_x_slope': [float(cp[:, 1].mean()), float(cp[:, 1].std())],
            'error_y_slope': [float(e[:, 2].mean()), float(e[:, 2].std())], 'error_x_slope': [float(e[:, 1].mean()), float(e[:, 1].std())],
            'corr_error_y_slope_canon_y_slope': c(e[:, 2], cp[:, 2]), 'corr_error_y_slope_pitch_error': c(e[:, 2], pe),
            'corr_error_x_slope_yaw_error': c(e[:, 1], ye),
            'side_x100': float(100 * side(d, gt, msk).nanmean()), 'side_x100_mean_lean_removed': float(100 * side(d_fixed, gt, msk).nanmean())}

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter); ap.add_argument('runs', nargs='*'); ap.add_argument('--n', type=int, default=256)
    ap.add_argument('--out', default=None); a = ap.parse_args(); torch.manual_seed(0)
    cfg = get_config('quick'); w = world(a.n, cfg.model.image_size); res = {}
    with torch.no_grad(): res['sweep'] = sweep(w, Renderer(cfg.model.image_size, cfg.render).warp_canon_depth)
    print(f"| true face ({a.n} test faces, true view unless said) | SIDE x100 | MAD |\n|---|---|---|")
    for k, r in res['sweep'].items(): print(f"| {k} | {r['side_x100']:.3f} | {r['mad']:.2f} |")
    print(f"| flat plane | {score(torch.ones_like(w['depth']), w['depth'])['side_x100']:.3f} | {score(torch.ones_like(w['depth']), w['depth'])['mad']:.2f} |")
    for run in a.runs:
        r = res[run] = leans(load_model(run).eval(), w)
        print(f"\n{run}:\n  canonical up-down slope {r['canon_y_slope'][0]:+.4f} ± {r['canon_y_slope'][1]:.4f} (truth {r['true_canon_y_slope'][0]:+.4f} ± {r['true_canon_y_slope'][1]:.4f}); "
              f"left-right {r['canon_x_slope'][0]:+.4f} ± {r['canon_x_slope'][1]:.4f}")
        print(f"  view-space log-depth error slope: up-down {r['error_y_slope'][0]:+.4f} ± {r['error_y_slope'][1]:.4f}, left-right {r['error_x_slope'][0]:+.4f} ± {r['error_x_slope'][1]:.4f}")
        print(f"  corr(error up-down slope, canonical slope) {r['corr_error_y_slope_canon_y_slope']:.2f}, (.., pitch error) {r['corr_error_y_slope_pitch_error']:.2f}; "
              f"corr(error left-right slope, yaw error) {r['corr_error_x_slope_yaw_error']:.2f}")
        print(f"  SIDE x100 {r['side_x100']:.3f}; with the batch's mean error plane removed {r['side_x100_mean_lean_removed']:.3f}")
    if a.out:
        from pathlib import Path; Path(a.out).parent.mkdir(parents=True, exist_ok=True); Path(a.out).write_text(json.dumps(res, indent=1))

if __name__ == '__main__': main()
