"""Visibility-pass threads: the renderer on both branches (2B images of the quick preset, forward+backward) with
renderer.VISIBILITY_THREADS = 1 and = None (torch's 2 threads), interleaved; medians of 6 reps after one warm-up.
Usage: python bench/bench_visibility_threads.py"""
import torch, time, statistics
import sym3d_nb.renderer as R
from sym3d_nb.core import get_config, unit_to_signed
from sym3d_nb.training import build_model
from sym3d_nb.data import make_dataset
torch.set_num_threads(2)
cfg = get_config('quick'); m = build_model(cfg)
ds = make_dataset('synthetic', 'train', 32, cfg.data)
img = torch.stack([ds[i]['image'] for i in range(32)])
with torch.no_grad(): f = m.predict_factors(unit_to_signed(img))[:4]
def rstep():
    d, a, v, l = [x.detach().requires_grad_() for x in f]
    d2, a2 = torch.cat([d, d.flip(2)]), torch.cat([a, a.flip(3)])
    out = m.render_branches(d2, a2, v.repeat(2, 1), l.repeat(2, 1)); sum(o.float().mean() for o in out).backward()
res = {}
for rep in range(7):
    for vt in (1, None):
        R.VISIBILITY_THREADS = vt
        t = time.perf_counter(); rstep(); res.setdefault(vt, []).append(time.perf_counter() - t)
for k, v in res.items(): print('VISIBILITY_THREADS', k, 'median %.4f' % statistics.median(v[1:]))
