"""How strongly does the picture respond to a small turn, for canonical depths of different shapes? (07, Bar A)
Renders 64 validation faces' images as canonical textures on several canonical depths with the `quick` renderer, at
yaw 0 and at yaw `--deg`, and prints the mean |change| of the picture on the face per degree: the size of the
first-order signal that tells the view network which way a face is turned.
A flat depth through the pivot changes the picture only at second order (cos foreshortening), so at the start of
training, when the canonical depth is flat, the view gets almost no gradient unless the face sits off the pivot.
Usage: python bench/diagnose_yaw_signal.py [--n 64] [--deg 2] [--out bench/results/yaw_signal.json]"""
import argparse, json, numpy as np, torch, torch.nn.functional as F
from pathlib import Path
from sym3d_nb.core import get_config
from sym3d_nb.renderer import Renderer
from diagnose_side import world

def picture_change(R, tex, depth, fg, deg) -> float:
    "Mean |render(yaw=deg) - render(yaw=0)| over the face pixels, per degree; tex (B,3,H,W), depth (B,H,W)."
    v0 = torch.zeros(len(depth), 6); v1 = v0.clone(); v1[:, 1] = np.radians(deg)
    ims = [F.grid_sample(tex, R.inv_warp_grid(R.warp_canon_depth(depth, v), v), mode='bilinear', align_corners=True) for v in (v0, v1)]
    return float((ims[1] - ims[0]).abs()[fg[:, None].expand_as(ims[0])].mean() / deg)

def depths(canon, fg) -> dict:
    "Canonical depths (B,H,W) to compare: planes on and off the pivot, the true face with and without its offset."
    at_pivot = (canon + .03).clamp(max=1.)                  # the world's rim (z_b ~ 0.97) moved onto the pivot
    one = torch.ones_like(canon)
    return {'flat plane through the pivot (1.00)': one,
            'flat plane 0.05 in front of the pivot': torch.full_like(canon, .95),
            "true face, rim 0.03 in front of the pivot (01's world)": torch.where(fg, canon, one),
            'true face, rim at the pivot': torch.where(fg, at_pivot, one),
            'true face x 0.25 relief, rim at the pivot': torch.where(fg, 1 - .25 * (1 - at_pivot), one)}

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--n', type=int, default=64); ap.add_argument('--deg', type=float, default=2.)
    ap.add_argument('--out', default='bench/results/yaw_signal.json'); a = ap.parse_args()
    cfg = get_config('quick'); S = cfg.model.image_size; R = Renderer(S, cfg.render)
    w = world(a.n, S, 'val'); canon, tex = w['canon'], w['image']; fg = canon < canon.amax((1, 2), keepdim=True)
    with torch.no_grad(): res = {k: picture_change(R, tex, d, fg, a.deg) for k, d in depths(canon, fg).items()}
    ref = res['flat plane through the pivot (1.00)']
    print(f"| canonical depth ({a.n} validation faces, yaw 0 -> {a.deg:g} deg) | mean abs change per degree | x flat at the pivot |\n|---|---|---|")
    for k, v in res.items(): print(f"| {k} | {v:.5f} | {v / ref:.1f} |")
    Path(a.out).parent.mkdir(parents=True, exist_ok=True); Path(a.out).write_text(json.dumps({'args': vars(a), 'change_per_deg': res}, indent=1))
    print(f"wrote {a.out}")
