"""Visibility-pass threads: is `renderer.VISIBILITY_THREADS = 1` faster than torch's setting (None) on this machine?
Times the renderer on both branches (2B images of the cpu preset, forward+backward, fixed factors of an untrained
model) with VISIBILITY_THREADS = 1 and = None (torch's --threads threads), interleaved; medians of --reps reps after one
warm-up each.
Usage: python bench/bench_visibility_threads.py [--threads 2] [--reps 6]"""
import argparse, time, statistics
import torch
import sym3d_nb.renderer as R
from sym3d_nb.core import get_config, unit_to_signed
from sym3d_nb.training import build_model
from sym3d_nb.data import make_dataset
from _common import renderer_step

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--threads', type=int, default=2, help='torch intra-op threads'); ap.add_argument('--reps', type=int, default=6)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    cfg = get_config('cpu'); m = build_model(cfg)
    ds = make_dataset('synthetic', 'train', 32, cfg.data)
    img = torch.stack([ds[i]['image'] for i in range(32)])
    with torch.no_grad(): f = m.predict_factors(unit_to_signed(img))
    res, old = {}, R.VISIBILITY_THREADS
    for rep in range(a.reps + 1):
        for vt in (1, None):
            R.VISIBILITY_THREADS = vt
            t = time.perf_counter(); renderer_step(m, f); res.setdefault(vt, []).append(time.perf_counter() - t)
    R.VISIBILITY_THREADS = old
    for k, v in res.items(): print('VISIBILITY_THREADS', k, 'median %.4f' % statistics.median(v[1:]))

if __name__ == '__main__': main()
