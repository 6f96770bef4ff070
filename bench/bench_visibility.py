"""Benchmark: the rasteriser's visibility pass on the meshes one `quick` training step renders.

The meshes are those of a real step: the shipped model's canonical depths for 32 synthetic training faces and their
mirror images (64 meshes of 32x32 vertices, 1,922 faces each), seen from the model's predicted views. The script prints
how many pixel centres each face's bounding box holds (the visibility pass's workload) and the median time of
`renderer.visibility` (no gradient) and of `warp_canon_depth` forward + backward, on 1 and 2 threads.

Usage: python bench/bench_visibility.py [--reps 31] [--checkpoint sym3d_nb/pretrained/quick_synth.pt]
Writes bench/results/visibility.json and prints a markdown table.
"""
import argparse, json, statistics, time
from pathlib import Path
import torch
import sym3d_nb.renderer as R
from sym3d_nb.core import unit_to_signed
from sym3d_nb.training import load_model
from sym3d_nb.data import make_dataset

def step_meshes(ckpt, n=32):
    "Canonical depths (2n,S,S) and views (2n,6) of one quick training step: n faces and their mirror images."
    model = load_model(ckpt)
    S = model.cfg.model.image_size
    ds = make_dataset('synthetic', 'train', S, model.cfg.data, train=True)
    img = torch.stack([ds[i]['image'] for i in range(n)])
    with torch.no_grad(): f = model.predict_factors(unit_to_signed(img)); depth, view = f.depth, f.view
    return model.renderer, torch.cat([depth, depth.flip(2)]), view.repeat(2, 1)

def face_corners(r, depth, view):
    "Flat per-face corner coordinates, as `rasterize_mesh` hands them to `visibility`."
    with torch.no_grad():
        pts = R.transform_points(r.depth_to_points(depth).flatten(1, 2), view, r.cfg.rot_center_depth)   # as render_depth
        uv = R.points_to_pixels(pts, r.K)
    B, N = pts.shape[:2]
    gid = [(r.faces[:, i] + torch.arange(B)[:, None] * N).reshape(-1) for i in range(3)]
    u, v, z = uv[..., 0].reshape(-1), uv[..., 1].reshape(-1), (-pts[..., 2]).reshape(-1)
    return [u[i] for i in gid], [v[i] for i in gid], [z[i] for i in gid]

def box_counts(fx, fy, S):
    "Pixel centres inside each face's bounding box (the visibility pass's candidates), as a list."
    lo = [torch.minimum(torch.minimum(c[0], c[1]), c[2]).ceil().clamp(0, S) for c in (fx, fy)]
    hi = [torch.maximum(torch.maximum(c[0], c[1]), c[2]).floor().clamp(-1, S - 1) for c in (fx, fy)]
    n = [(h - l + 1).clamp(min=0).nan_to_num(0) for l, h in zip(lo, hi)]
    ok = torch.isfinite(sum(fx) + sum(fy))                                   # faces with a non-finite corner cover nothing
    return torch.where(ok, n[0] * n[1], 0).long().tolist()

def median_ms(f, reps):
    f(); ts = []
    for _ in range(reps):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return statistics.median(ts) * 1e3

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter); ap.add_argument('--reps', type=int, default=31)
    ap.add_argument('--checkpoint', default='sym3d_nb/pretrained/quick_synth.pt')
    a = ap.parse_args()
    r, depth, view = step_meshes(a.checkpoint)
    S, nF = r.image_size, len(r.faces)
    fx, fy, fz = face_corners(r, depth, view)
    cnt = box_counts(fx, fy, S)
    hist = {k: sum(c == k for c in cnt) for k in range(0, 9)}; hist['>8'] = sum(c > 8 for c in cnt)
    eps = 1e-8 * S * S / (4 * 1000. ** 2)                                 # rasterize_mesh's eps, in pixel units (03)
    def warp():
        d = depth.clone().requires_grad_(); w = view.clone().requires_grad_()
        r.warp_canon_depth(d, w).sum().backward()
    res = {'renderer_module': R.__file__, 'meshes': len(depth), 'faces_per_mesh': nF, 'box_pixel_counts': hist, 'threads': {}}
    old_vt, old_threads = R.VISIBILITY_THREADS, torch.get_num_threads()
    for th in (1, 2):
        torch.set_num_threads(th); R.VISIBILITY_THREADS = None
        res['threads'][th] = {'visibility_ms': median_ms(lambda: R.visibility(S, S, fx, fy, fz, nF, None, eps), a.reps),
                              'warp_canon_depth_fwd_bwd_ms': median_ms(warp, a.reps)}
    torch.set_num_threads(old_threads); R.VISIBILITY_THREADS = old_vt
    tot = sum(v for k, v in hist.items())
    print(f"renderer: {R.__file__}\n{len(depth)} meshes x {nF} faces; pixel centres per face box: " +
          ', '.join(f"{k}: {v} ({100 * v / tot:.1f} %)" for k, v in hist.items()))
    print(f"\n| threads | `visibility` (ms) | `warp_canon_depth` fwd+bwd (ms) |\n|---|---|---|")
    for th, v in res['threads'].items(): print(f"| {th} | {v['visibility_ms']:.2f} | {v['warp_canon_depth_fwd_bwd_ms']:.2f} |")
    out = Path(__file__).parent / 'results' / 'visibility.json'; out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=1)); print(f"\nwrote {out}")
