"""Where does turning cost? For a trained model, scale its predicted yaw by s (or put in the true yaw) and measure the
original branch's reconstruction error (L1, [-1,1] units) separately on the face (the true face mask in view space) and
on the background, over held-out faces of the model's own world. The model turns its whole depth map, background plane
included, about the pivot; the world's heads turn in front of a backdrop that stays put. Also prints how the predicted
x-translation follows the predicted yaw, and the mean canonical depth along the centre row, the model's and the truth's.
With `--tx-slopes B ...` it also prints a grid: the yaw scaled by s while t_x moves by B per radian of added yaw
(t_x + B (s - 1) yaw), to ask whether a larger turn would fit better if the face's sideways shift came with it.
Usage: python bench/diagnose_turn_cost.py RUN [--n 256] [--scales 0.6 0.8 1 1.2 1.4] [--tx-slopes 0 0.015 0.03]"""
import argparse, sys
from pathlib import Path
import torch
sys.path.insert(0, str(Path(__file__).parent))
from diagnose_side import world
from sym3d_nb.training import load_model
from sym3d_nb.core import unit_to_signed

def errors(m, im, depth, albedo, view, light, face):
    "Mean L1 of the original branch on face and background pixels that the render covers: (face, background)."
    *_, recon_depth, recon = m.render_branches(depth, albedo, view, light)
    valid = m.renderer.valid_mask(recon_depth)                                   # (B,H,W)
    e = (recon - im).abs().mean(1)                                               # (B,H,W)
    mean = lambda k: float((e * k).sum() / k.sum())
    return mean(valid & face), mean(valid & ~face), float(valid.float().mean())

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('run', help='run folder or checkpoint')
    ap.add_argument('--n', type=int, default=256); ap.add_argument('--scales', type=float, nargs='+', default=[.6, .8, 1., 1.2, 1.4])
    ap.add_argument('--tx-slopes', type=float, nargs='*', default=[])
    a = ap.parse_args(); run = Path(a.run)
    m = load_model(run / 'last.pt' if run.is_dir() else run).eval(); S = m.cfg.model.image_size
    w = world(a.n, S, data=m.cfg.data); face = w['depth'] < 1.09                 # view-space face mask (background 1.1)
    with torch.no_grad():
        im = unit_to_signed(w['image']); depth, albedo, view, light, _ = m.predict_factors(im)
        rows = []
        for s in a.scales:
            v = view.clone(); v[:, 1] *= s; rows.append((f'predicted yaw x {s:g}', *errors(m, im, depth, albedo, v, light, face)))
        v = view.clone(); v[:, 1] = w['view'][:, 1]; rows.append(('true yaw', *errors(m, im, depth, albedo, v, light, face)))
    print(f'{m.cfg.data.synth_pivot=}; face pixels {float(face.float().mean()):.2f} of the image\n')
    print('| yaw | L1 face | L1 background | covered |\n|---|---|---|---|')
    for r in rows: print(f'| {r[0]} | {r[1]:.4f} | {r[2]:.4f} | {r[3]:.3f} |')
    if a.tx_slopes:
        print('\n| L1 face (background) | ' + ' | '.join(f't_x slope {b:g}' for b in a.tx_slopes) + ' |\n|---|' + '---|' * len(a.tx_slopes))
        with torch.no_grad():
            for s in a.scales + ['true']:
                cells = []
                for b in a.tx_slopes:
                    v = view.clone(); v[:, 1] = w['view'][:, 1] if s == 'true' else view[:, 1] * s
                    v[:, 3] = view[:, 3] + b * (v[:, 1] - view[:, 1])
                    f, g, _ = errors(m, im, depth, albedo, v, light, face); cells.append(f'{f:.4f} ({g:.4f})')
                print(f'| yaw {"true" if s == "true" else f"x {s:g}"} | ' + ' | '.join(cells) + ' |')
    corr = lambda x, y: float(torch.corrcoef(torch.stack([x, y]))[0, 1])
    print(f'\npredicted t_x against predicted yaw: corr {corr(view[:, 3], view[:, 1]):.3f}; t_x against the true t_x: corr {corr(view[:, 3], w["view"][:, 3]):.3f}')
    face_c = w['canon'] < 1.09                                                   # true canonical face (background 1.1)
    row = lambda d: ' '.join('  -  ' if x != x else f'{x:.3f}' for x in d[S // 2].tolist())     # d (H,W): its centre row
    print(f'mean canonical depth along the centre row (pivot: model {m.cfg.render.rot_center_depth}, world {m.cfg.data.synth_pivot})')
    print('  model:', row(depth.mean(0))); print('  truth:', row(torch.where(face_c, w['canon'], torch.nan).nanmean(0)))
