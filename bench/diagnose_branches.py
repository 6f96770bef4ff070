"""Does a trained model keep both of its branches? On held-out test faces of the model's own world: each branch's
photometric error at the model's own factors (original and flipped), each branch's confidence sigma (geometric mean over the pixels the loss counts), how
asymmetric the canonical albedo and depth are (mean |x - flip x|) against the truth's, the yaw slope, and the
photometric error with the predicted yaw rescaled (is the model's own yaw the minimum for its own factors?).
Usage: python bench/diagnose_branches.py RUN_OR_CHECKPOINT [RUN_OR_CHECKPOINT ...] [--n 256] [--out JSON]"""
import argparse, json, numpy as np, torch
from sym3d_nb.training import load_model
from sym3d_nb.data import make_dataset
from sym3d_nb.losses import tie_conf_scale

SCALES = (0.6, 0.8, 1.0, 1.2, 1.4, 1.6)

def faces(n, m):
    "`n` test faces of the model's world: images (B,3,H,W) in [0,1], true view (B,6), true canonical depth and albedo."
    ds = make_dataset('synthetic', 'test', m.cfg.model.image_size, m.cfg.data); its = [ds[i] for i in range(n)]
    g = lambda k: torch.stack([torch.as_tensor(np.asarray(i[k])) for i in its]).float()
    return g('image'), g('view'), g('canon_depth'), g('canon_albedo')

def asym(x, dim):
    "Mean |x - x mirrored along `dim`|."
    return float((x - x.flip(dim)).abs().mean())

def branch_error(m, im, depth, albedo, view, light):
    "Mean absolute photometric error (per image, masked like the loss) of one branch rendered from these factors."
    *_, recon_depth, recon_im = m.render_branches(depth, albedo, view, light)
    msk = m.renderer.valid_mask(recon_depth).float()[:, None]                # (B,1,H,W)
    return ((recon_im - im).abs() * msk).sum((1, 2, 3)) / (3 * msk.sum((1, 2, 3)).clamp_min(1))

@torch.no_grad()
def branch_stats(m, n=256) -> dict:
    image, tview, tcanon, talbedo = faces(n, m)
    im = m._check_input(image)
    depth, albedo, view, light, _ = m.predict_factors(im)
    y, yh = tview[:, 1].numpy(), view[:, 1].numpy()
    r = dict(yaw_slope=float(np.polyfit(y, yh, 1)[0]), yaw_corr=float(np.corrcoef(y, yh)[0, 1]),
             err_orig=float(branch_error(m, im, depth, albedo, view, light).mean()),
             err_flip=float(branch_error(m, im, depth.flip(2), albedo.flip(3), view, light).mean()),
             albedo_asym=asym(albedo, 3), albedo_asym_true=asym(talbedo * 2 - 1, 3),   # both in [-1,1]
             depth_asym=asym(depth, 2), depth_asym_true=asym(tcanon, 2))
    if m.netC is not None:
        *_, recon_depth, _ = m.render_branches(depth, albedo, view, light)
        msk = m.renderer.valid_mask(recon_depth).float()                     # (B,H,W) the pixels the loss counts
        s = m.netC(im)[0]                                                     # (B,2,H,W)
        if m.cfg.loss.conf_tie: s = tie_conf_scale(s, msk)                     # the maps the loss sees
        gm = lambda x: float(torch.exp((torch.log(x) * msk).sum((1, 2)) / msk.sum((1, 2))).mean())   # geometric mean in the mask
        r.update(sigma_orig=gm(s[:, 0]), sigma_flip=gm(s[:, 1]))
    for k in SCALES:
        v = view.clone(); v[:, 1] = view[:, 1] * k
        r[f'err_orig_yaw_x{k:.1f}'] = float(branch_error(m, im, depth, albedo, v, light).mean())
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
