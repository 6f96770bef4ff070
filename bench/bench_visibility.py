"""Benchmark: the rasteriser's visibility pass on the meshes one `quick` training step renders.

The meshes are those of a real step: the shipped model's canonical depths for 32 synthetic training faces and their
mirror images (64 meshes of 32x32 vertices, 1,922 faces each), seen from the model's predicted views. The script prints
how many pixel centres each face's bounding box holds (the visibility pass's workload) and the median time of
`_visibility` (no gradient) and of `warp_canon_depth` forward + backward, on 1 and 2 threads.

It only calls functions whose signatures have not changed, so it also runs against older versions of the package:
`PYTHONPATH=/path/to/old/checkout python bench/bench_visibility.py` (run it from this repository's root, so that the
shipped checkpoint and synthetic world are found).

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
    with torch.no_grad(): depth, _, view, _, _ = model.predict_factors(unit_to_signed(img))
    return model.renderer, torch.cat([depth, depth.flip(2)]), view.repeat(2, 1)

def face_corners(r, depth, view):
    "Flat per-face corner coordinates, as `rasterize_mesh` hands them to `_visibility`."
    with torch.no_grad():
        pts, uv = r._view_vertices(depth, view)
    B, N = pts.shape[:2]
    gid = [(r.faces[:, i] + torch.arange(B)[:, None] * N).reshape(-1) for i in range(3)]
    u, v, z = uv[..., 0].reshape(-1), uv[..., 1].reshape(-1), (-pts[..., 2]).reshape(-1)
    return [u[i] for i in gid], [v[i] for i in gid], [z[i] for i in gid]

def median_ms(f, reps):
    f(); ts = []
    for _ in range(reps):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return statistics.median(ts) * 1e3

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--reps', type=int, default=31)
    ap.add_argument('--checkpoint', default='sym3d_nb/pretrained/quick_synth.pt')
    a = ap.parse_args()
    r, depth, view = step_meshes(a.checkpoint)
    S, nF = r.image_size, len(r.faces)
    fx, fy, fz = face_corners(r, depth, view)
    c0, nw, r0, nh = R._face_boxes(fx, fy, None, S, S)
    cnt = (nw * nh).tolist()
    hist = {k: sum(c == k for c in cnt) for k in range(0, 9)}; hist['>8'] = sum(c > 8 for c in cnt)
    eps = R._eps_pix(None, None, S, S)
    def warp():
        d = depth.clone().requires_grad_(); w = view.clone().requires_grad_()
        r.warp_canon_depth(d, w).sum().backward()
    res = {'renderer_module': R.__file__, 'meshes': len(depth), 'faces_per_mesh': nF, 'box_pixel_counts': hist, 'threads': {}}
    old_vt, old_threads = R.VISIBILITY_THREADS, torch.get_num_threads()
    for th in (1, 2):
        torch.set_num_threads(th); R.VISIBILITY_THREADS = None
        res['threads'][th] = {'visibility_ms': median_ms(lambda: R._visibility(S, S, fx, fy, fz, nF, None, eps), a.reps),
                              'warp_canon_depth_fwd_bwd_ms': median_ms(warp, a.reps)}
    torch.set_num_threads(old_threads); R.VISIBILITY_THREADS = old_vt
    tot = sum(v for k, v in hist.items())
    print(f"renderer: {R.__file__}\n{len(depth)} meshes x {nF} faces; pixel centres per face box: " +
          ', '.join(f"{k}: {v} ({100 * v / tot:.1f} %)" for k, v in hist.items()))
    print(f"\n| threads | `_visibility` (ms) | `warp_canon_depth` fwd+bwd (ms) |\n|---|---|---|")
    for th, v in res['threads'].items(): print(f"| {th} | {v['visibility_ms']:.2f} | {v['warp_canon_depth_fwd_bwd_ms']:.2f} |")
    out = Path(__file__).parent / 'results' / 'visibility.json'; out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=1)); print(f"\nwrote {out}")
