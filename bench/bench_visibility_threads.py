"""Visibility-pass threads: the renderer on both branches (2B images of the quick preset, forward+backward) with
renderer.VISIBILITY_THREADS = 1 and = None (torch's 2 threads), interleaved; medians of 6 reps after one warm-up.
Usage: python bench/bench_visibility_threads.py"""
import torch, time, statistics
import sym3d_nb.renderer as R
from bench_train_speed import renderer_step
from sym3d_nb.core import get_config, unit_to_signed
from sym3d_nb.training import build_model
from sym3d_nb.data import make_dataset
torch.set_num_threads(2)
cfg = get_config('quick'); m = build_model(cfg)
ds = make_dataset('synthetic', 'train', 32, cfg.data)
img = torch.stack([ds[i]['image'] for i in range(32)])
with torch.no_grad(): f = m.predict_factors(unit_to_signed(img))[:4]
res = {}
for rep in range(7):
    for vt in (1, None):
        R.VISIBILITY_THREADS = vt
        t = time.perf_counter(); renderer_step(m, f); res.setdefault(vt, []).append(time.perf_counter() - t)
for k, v in res.items(): print('VISIBILITY_THREADS', k, 'median %.4f' % statistics.median(v[1:]))
