"""How well does the photometric loss pin down yaw and relief in the synthetic world? Render the TRUE canonical factors
with the model's renderer, scale the relief by k (about the pivot depth) and the rotations by 1/k, re-fit view and light
per image by gradient descent, and report the masked L1 reached: k=1 is the truth, k!=1 the bas-relief alternatives,
k=0 a flat face that does not turn (translation and light still re-fitted).
Usage: python bench/diagnose_ambiguity.py [--n 64] [--size 32] [--iters 150]"""
import argparse, json, numpy as np, torch
from sym3d_nb.core import get_config
from sym3d_nb.data import _canonical, _options, split_seed, synth_sample
from sym3d_nb.model import Unsup3D
from sym3d_nb.evaluation import erode

def world(n, S):
    o = _options(); out = {k: [] for k in ('depth', 'albedo', 'image', 'view', 'light', 'mask')}
    for i in range(n):
        seed = split_seed(0, 'val'); s = synth_sample(i, S, seed)
        d, m, A, _ = _canonical(S, np.random.default_rng([seed, i]), o)       # same draws as synth_sample
        for k, v in (('depth', d), ('albedo', A.transpose(2, 0, 1) * 2 - 1), ('image', s['image'].transpose(2, 0, 1) * 2 - 1),
                     ('view', s['view']), ('light', s['light']), ('mask', s['mask'])): out[k].append(torch.tensor(np.ascontiguousarray(v)))
    return {k: torch.stack(v).float() for k, v in out.items()}

def fit(model, w, k, iters):
    depth = 1 - k * (1 - w['depth'])                                       # relief scaled about the pivot depth 1
    rot = (w['view'][:, :3] / k).clone().requires_grad_(True) if k else torch.zeros_like(w['view'][:, :3])
    tr, light = w['view'][:, 3:].clone().requires_grad_(True), w['light'].clone().requires_grad_(True)
    params = [tr, light] + ([rot] if k else [])
    opt = torch.optim.Adam(params, lr=3e-3); m = erode(w['mask'])[:, None].float()
    for it in range(iters + 1):
        view = torch.cat([rot, tr], 1)
        recon = model.render_branches(depth, w['albedo'], view, light)[-1]
        err = ((recon - w['image']).abs() * m).flatten(1).sum(1) / (3 * m.flatten(1).sum(1))
        if it == iters: break
        opt.zero_grad(); err.sum().backward(); opt.step()
    ry = view[:, 1].detach(); ty = w['view'][:, 1]
    return dict(k=k, l1=float(err.detach().mean()), l1_median=float(err.detach().median()),
                yaw_ratio=float((ry * ty).sum() / (ty * ty).sum()), yaw_corr=float(np.corrcoef(ry, ty)[0, 1]) if k else 0.)

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('--n', type=int, default=64); ap.add_argument('--size', type=int, default=32)
    ap.add_argument('--iters', type=int, default=150); ap.add_argument('--out', default='bench/results/ambiguity.json')
    a = ap.parse_args(); torch.manual_seed(0)
    model = Unsup3D(get_config('quick', **{'model.image_size': a.size}))
    w = world(a.n, a.size); rows = []
    print(f"{'k':>5} {'L1':>8} {'median':>8} {'yaw/true':>9} {'yaw corr':>9}")
    for k in (1., .5, 2., 3., 0.):
        r = fit(model, w, k, a.iters); rows.append(r)
        print(f"{r['k']:5.1f} {r['l1']:8.4f} {r['l1_median']:8.4f} {r['yaw_ratio']:9.3f} {r['yaw_corr']:9.3f}", flush=True)
    json.dump(rows, open(a.out, 'w'), indent=1)

if __name__ == '__main__': main()
