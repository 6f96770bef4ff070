"""Where does a trained model's SIDE come from: the view's error or the canonical shape's?

Swap the model's predicted canonical depth and view for the TRUE ones (rendered with the model's own renderer), split the scored pixels into the outline ring and the interior, remove each
image's best tilt, fit the predicted canonical relief's scale, correlate the predicted view and light with the truth,
and re-fit the light per image to the model's own depth, albedo and view;
every row is scored with 07's side/mad/eval_mask on the same test faces.
Usage: python bench/diagnose_side.py RUN_OR_CHECKPOINT [--n 256] [--out bench/results/side_NAME.json] [--figure PNG]
(e.g. the shipped model: python bench/diagnose_side.py sym3d_nb/pretrained/quick_synth.pt)"""
import argparse, json, numpy as np, torch
from sym3d_nb.core import unit_to_signed
from sym3d_nb.training import load_model
from sym3d_nb.evaluation import eval_mask
from _common import world, score, error_planes, erode_n

def fit_light(model, depth, albedo, view, target, light0, mask=None, lam_flip=.5, iters=400, lr=2e-2, fit_albedo=False):
    """Per-image light (n,4) fitted by Adam from `light0` on the original + `lam_flip` x flip photometric L1 against `target`
    (n,3,H,W) in [-1,1], over `mask` (n,1,H,W) (None: the pixels both branches see), with the albedo free if `fit_albedo`;
    also the final mean error of each branch."""
    n = len(depth); L = light0.clone().requires_grad_(True); A = albedo.clone().requires_grad_(fit_albedo)
    opt = torch.optim.Adam([L] + ([A] if fit_albedo else []), lr=lr)
    d, v, target = torch.cat([depth, depth.flip(2)]), view.repeat(2, 1), target.repeat(2, 1, 1, 1)
    if mask is None:
        with torch.no_grad(): valid = model.renderer.valid_mask(model.renderer.warp_canon_depth(d, v))
        mask = (valid[:n] & valid[n:]).float()[:, None]
    mk = mask.repeat(2, 1, 1, 1)
    for _ in range(iters):
        rec = model.render_branches(d, torch.cat([A, A.flip(3)]), v, L.repeat(2, 1)).recon_im
        e = ((rec - target).abs() * mk).flatten(1).sum(1) / (3 * mk.flatten(1).sum(1))
        opt.zero_grad(); (e[:n].sum() + lam_flip * e[n:].sum()).backward(); opt.step()
        with torch.no_grad(): L[:, :2].clamp_(0, 1); L[:, 2:].clamp_(-1, 1); A.clamp_(-1, 1)
    return L.detach(), float(e[:n].detach().mean()), float(e[n:].detach().mean())

def ring(mask, width=1):
    "Scored pixels within `width` px of the mask's edge (B,H,W) bool."
    return mask & ~erode_n(mask, width)

def share_in_ring(d, gt, msk, width):
    "Fraction of the squared (mean-removed) log-depth error that sits in the outline ring."
    delta = (torch.log(d.double()) - torch.log(gt.double()))
    mu = (delta * msk).flatten(1).sum(1) / msk.flatten(1).sum(1)
    e2 = (delta - mu[:, None, None]) ** 2 * msk
    r = ring(msk, width)
    return float(((e2 * r).flatten(1).sum(1) / e2.flatten(1).sum(1).clamp_min(1e-30)).mean()), float((r.float().sum((1, 2)) / msk.float().sum((1, 2))).mean())

def side_after_plane(d, gt, msk):
    "SIDE x100 left after removing each image's plane from the log-depth error: the part a tilt cannot explain."
    return float(100 * error_planes(d, gt, msk)[1].mean())

def figure(w, p, path, n=6):
    "Rows: input, true / predicted canonical depth, true / predicted view depth, log-depth error (mean removed, scored pixels)."
    import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt
    gt = w['depth'][:n]; pd = p.recon_depth[:n]; msk = eval_mask(pd, gt)
    e = torch.log(pd) - torch.log(gt); mu = (e * msk).flatten(1).sum(1) / msk.flatten(1).sum(1)
    e = torch.where(msk, e - mu[:, None, None], torch.full_like(e, float('nan')))
    rows = [('input', w['image'][:n].permute(0, 2, 3, 1)), ('true canonical depth', w['canon'][:n]), ('predicted canonical depth', p.canon_depth[:n]),
            ('true depth', gt), ('predicted depth', pd), ('log-depth error', e)]
    fig, ax = plt.subplots(len(rows), n, figsize=(1.3 * n, 1.45 * len(rows)))
    for r, (name, x) in enumerate(rows):
        for c in range(n):
            a = ax[r, c]; a.axis('off'); im = x[c].numpy()
            if name == 'input': a.imshow(im.clip(0, 1))
            elif name == 'log-depth error': a.imshow(im, cmap='RdBu_r', vmin=-.03, vmax=.03)
            else:
                fg = (w['canon'][c] if 'canonical' in name else gt[c]); v = im[(fg < fg.max()).numpy()]
                a.imshow(im, cmap='viridis_r', vmin=v.min(), vmax=v.max())        # near = bright, range of the true face
        ax[r, 0].set_title(name, fontsize=8, loc='left')
    plt.tight_layout(); plt.savefig(path, dpi=80); plt.close(fig)

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter); ap.add_argument('run'); ap.add_argument('--n', type=int, default=256); ap.add_argument('--out', default=None)
    ap.add_argument('--figure', default=None, help='PNG of inputs, canonical and view depths and the error map')
    a = ap.parse_args(); torch.manual_seed(0)
    m = load_model(a.run).eval(); S = m.cfg.model.image_size
    w = world(a.n, S); gt = w['depth']; rows = {}
    with torch.no_grad():
        p = m.reconstruct(w['image'])
        warp = m.renderer.warp_canon_depth
        fg = w['canon'] < w['canon'].max()                                   # true canonical face region
        # relief fit: pred canon ≈ 1 - s (1 - true canon) on the face (least squares per image), then the fitted truth
        x, y = (1 - w['canon']), (1 - p.canon_depth)
        s = ((x * y * fg).flatten(1).sum(1) / (x * x * fg).flatten(1).sum(1))
        cases = {'model (pred shape, pred view)': warp(p.canon_depth, p.view),
                 'pred shape, TRUE view': warp(p.canon_depth, w['view']),
                 'TRUE shape, pred view': warp(w['canon'], p.view),
                 'TRUE shape, TRUE view (renderer floor)': warp(w['canon'], w['view']),
                 'TRUE shape x fitted relief scale, pred view': warp(1 - s[:, None, None] * x, p.view),
                 'flat plane': torch.ones_like(gt)}
        names = ['pitch', 'yaw', 'roll', 'tx', 'ty', 'tz']
        # the model's canonical frame may sit at a constant offset from the world's (a pitched or shifted canonical face
        # with the opposite view explains the same images), so the TRUE shape gets the predicted view minus its mean error
        pv = p.view - (p.view - w['view']).mean(0)
        cases['TRUE shape, pred view less its mean offset'] = warp(w['canon'], pv)
        for j, nm in enumerate(names):                                      # one predicted view component, the rest true
            v = w['view'].clone(); v[:, j] = pv[:, j]
            cases[f'TRUE shape, TRUE view but predicted {nm} (offset removed)'] = warp(w['canon'], v)
        tv = w['view'] + (p.view - w['view']).mean(0)                       # the true view in the model's frame
        for j, nm in enumerate(names[:5]):                                   # the model's shape and view, one component true
            v = p.view.clone(); v[:, j] = tv[:, j]
            cases[f'model, but TRUE {nm} (+ mean offset)'] = warp(p.canon_depth, v)
        msk_model = eval_mask(cases['model (pred shape, pred view)'], gt)
        for k, d in cases.items():
            rows[k] = score(d, gt)
            rows[k]['same_px_as_model'] = score(d, gt, msk_model & (d < 1.2))
            for wd in (1, 2): rows[k][f'ring{wd}_share'], rows[k][f'ring{wd}_px'] = share_in_ring(d, gt, msk_model & (d < 1.2), wd)
            rows[k]['interior_2px'] = score(d, gt, erode_n(msk_model & (d < 1.2), 2))
            rows[k]['side_after_plane_x100'] = side_after_plane(d, gt, eval_mask(d, gt))
        # canonical frame: the shape alone, no view
        cm = erode_n(fg, 2)
        rows['canonical frame: pred vs true canon'] = score(p.canon_depth, w['canon'], cm)
        rows['canonical frame: flat vs true canon'] = score(torch.ones_like(w['canon']), w['canon'], cm)
        rows['relief_scale_fit'] = dict(median=float(s.median()), mean=float(s.mean()))
        err = (pv - w['view']); rows['view_error_rms'] = {nm: float(err[:, j].pow(2).mean().sqrt()) for j, nm in enumerate(names)}
        rows['view_true_std'] = {nm: float(w['view'][:, j].std()) for j, nm in enumerate(names)}
        rows['view_corr'] = {nm: float(np.corrcoef(p.view[:, j], w['view'][:, j])[0, 1]) for j, nm in enumerate(names[:5])}
        rows['light_corr'] = {nm: float(np.corrcoef(p.light[:, j], w['light'][:, j])[0, 1]) for j, nm in enumerate(['k_s', 'k_d', 'l_x', 'l_y'])}
        c = error_planes(p.recon_depth, gt, eval_mask(p.recon_depth, gt))[0].numpy(); le = (p.light - w['light']).numpy()
        rows['tilt_vs_light_error'] = {'x_slope~l_x error': float(np.corrcoef(c[:, 1], le[:, 2])[0, 1]), 'y_slope~l_y error': float(np.corrcoef(c[:, 2], le[:, 3])[0, 1]),
                                       'mean_y_slope': float(c[:, 2].mean()), 'std_y_slope': float(c[:, 2].std())}
        rows['light_std'] = {nm: [float(p.light[:, j].std()), float(w['light'][:, j].std())] for j, nm in enumerate(['k_s', 'k_d', 'l_x', 'l_y'])}
    n = 64                                                                 # re-fit the light to the model's own factors
    with torch.no_grad(): f = m.predict_factors(unit_to_signed(w['image'][:n])); depth, albedo, view = f.depth, f.albedo, f.view
    with torch.enable_grad(): L = fit_light(m, depth, albedo, view, unit_to_signed(w['image'][:n]), p.light[:n], lr=1e-2, iters=300)[0]
    rows['light_refit_corr'] = {nm: float(np.corrcoef(L[:, j], w['light'][:len(L), j])[0, 1]) for j, nm in enumerate(['k_s', 'k_d', 'l_x', 'l_y'])}
    if a.figure: figure(w, p, a.figure)
    print(f"{a.run}: {a.n} test faces, {S} px")
    print(f"| case | SIDE x100 | MAD | SIDE on model's px | ring1 share of sq. err (px share) | interior (-2px) SIDE / MAD | SIDE less a tilt |\n|---|---|---|---|---|---|---|")
    for k, r in rows.items():
        if 'ring1_share' in r:
            print(f"| {k} | {r['side_x100']:.3f} | {r['mad']:.2f} | {r['same_px_as_model']['side_x100']:.3f} | {r['ring1_share']:.2f} ({r['ring1_px']:.2f}) | "
                  f"{r['interior_2px']['side_x100']:.3f} / {r['interior_2px']['mad']:.2f} | {r['side_after_plane_x100']:.3f} |")
        elif 'side_x100' in r: print(f"| {k} | {r['side_x100']:.3f} | {r['mad']:.2f} | | | |")
    print(f"predicted relief scale vs truth (least squares on the true face region): median {rows['relief_scale_fit']['median']:.2f}")
    print('view error rms (mean offset removed) / true std: ' + ', '.join(f"{k} {rows['view_error_rms'][k]:.4f}/{rows['view_true_std'][k]:.4f}" for k in rows['view_error_rms']))
    print('view corr with the truth: ' + ', '.join(f"{k} {v:.3f}" for k, v in rows['view_corr'].items()))
    print('light corr with the truth (pred std / true std): ' + ', '.join(f"{k} {v:.3f} ({rows['light_std'][k][0]:.2f}/{rows['light_std'][k][1]:.2f})" for k, v in rows['light_corr'].items()))
    print("the model's per-image error tilt vs its light error (corr): " + ', '.join(f"{k} {v:.3f}" for k, v in rows['tilt_vs_light_error'].items()))
    print("light re-fitted to the model's depth, albedo and view, corr with the truth: " + ', '.join(f"{k} {v:.3f}" for k, v in rows['light_refit_corr'].items()))
    if a.out:
        from pathlib import Path; Path(a.out).parent.mkdir(parents=True, exist_ok=True); Path(a.out).write_text(json.dumps(rows, indent=1))

if __name__ == '__main__': main()
