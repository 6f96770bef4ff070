"""Where else could a model hold part of the turn? On held-out test faces of its own world: (1) its sideways shift t_x
against the shift that would make its rigid warp (pivot `render.rot_center_depth`) equal to the world's (pivot
`data.synth_pivot`) at the true view, and (2) how far the symmetry axes of its canonical albedo and depth sit off the
image centre, and how that offset follows the true yaw. A canonical face whose axis moves with the yaw, or a t_x that
moves the face more than the pivots' difference asks for, explains part of the features' sideways motion without a turn.
Usage: python bench/diagnose_turn_hold.py RUN_OR_CHECKPOINT [RUN ...] [--n 300]"""
import argparse, numpy as np, torch
from sym3d_nb.training import load_model
from sym3d_nb.renderer import transform_points
from diagnose_side import world

def ideal_tx(view:torch.Tensor, world_pivot:float, model_pivot:float) -> torch.Tensor:
    "(B,) the t_x that makes a warp about `model_pivot` equal the world's warp about `world_pivot` at `view` (B,6)."
    p = torch.tensor([0., 0., 1.]).expand(len(view), 1, 3)
    v0 = view.clone(); v0[:, 3:] = 0
    return (transform_points(p, view, world_pivot) - transform_points(p, v0, model_pivot))[:, 0, 0]

def axis_offset(x:torch.Tensor, K:int=6) -> np.ndarray:
    "(B,) sub-pixel offset of each map's (B,C,H,W) mirror axis from the image centre, in pixels (+: right)."
    f = x.flip(-1); E = []
    for k in range(-K, K + 1):                      # flip, then shift by k: mirror about the column centre + k/2
        s = torch.roll(f, k, -1)
        E.append((x - s)[..., K:-K].abs().flatten(1).mean(1))
    E = torch.stack(E, 1).numpy(); i = E.argmin(1).clip(1, 2 * K - 1); r = np.arange(len(E))
    a, b, c = E[r, i - 1], E[r, i], E[r, i + 1]
    den = np.where(np.abs(a - 2 * b + c) > 1e-12, a - 2 * b + c, np.inf)
    return ((i - K) + 0.5 * (a - c) / den) / 2    # shift k moves the axis by k/2

def hold_stats(m, n=300) -> dict:
    w = world(n, m.cfg.model.image_size, data=m.cfg.data)
    with torch.no_grad(): p = m.reconstruct(w['image'])
    tv, v = w['view'], p.view
    y = tv[:, 1].numpy(); tx = v[:, 3].numpy()
    ti = ideal_tx(tv, m.cfg.data.synth_pivot, m.cfg.render.rot_center_depth).numpy()
    c = lambda a, b: float(np.corrcoef(a, b)[0, 1])
    X = np.stack([y, tv[:, 3].numpy(), np.ones_like(y)], 1)
    ctx = np.linalg.lstsq(X, tx, rcond=None)[0]; cti = np.linalg.lstsq(X, ti, rcond=None)[0]
    ax_a = axis_offset(p.canon_albedo); ax_d = axis_offset(p.canon_depth[:, None])
    ax_ta = axis_offset(w['albedo'])
    S = m.cfg.model.image_size; half = np.tan(np.radians(m.cfg.render.fov / 2))   # world units per half image at depth 1
    px = 2 * half / S                                                            # world units per pixel at depth 1
    yh = v[:, 1].numpy()
    return dict(yaw_slope=float(np.polyfit(y, yh, 1)[0]),
                tx_on_yaw=float(ctx[0]), tx_on_true_tx=float(ctx[1]), ideal_tx_on_yaw=float(cti[0]), ideal_tx_on_true_tx=float(cti[1]),
                tx_corr_ideal=c(tx, ti), tx_excess_px_per_rad=float((ctx[0] - cti[0]) / px),
                albedo_axis_px_per_rad=float(np.polyfit(y, ax_a, 1)[0]), albedo_axis_corr_yaw=c(ax_a, y),
                depth_axis_px_per_rad=float(np.polyfit(y, ax_d, 1)[0]), depth_axis_corr_yaw=c(ax_d, y),
                true_albedo_axis_px_per_rad=float(np.polyfit(y, ax_ta, 1)[0]),
                albedo_axis_std_px=float(ax_a.std()), depth_axis_std_px=float(ax_d.std()))

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('runs', nargs='+'); ap.add_argument('--n', type=int, default=300)
    a = ap.parse_args()
    rows = {r: hold_stats(load_model(r).eval(), a.n) for r in a.runs}
    keys = list(next(iter(rows.values())))
    print(f"{'':30s}" + ''.join(f"{r[-28:]:>30s}" for r in rows))
    for k in keys: print(f"{k:30s}" + ''.join(f"{rows[r][k]:30.4f}" for r in rows))
