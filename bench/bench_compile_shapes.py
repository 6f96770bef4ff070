"""Compiled training step: one graph per shape (`compile_render`'s default, dynamic=False) against torch's default shape
mode (dynamic=None: the second shape a function meets makes its graph shape-generic), on one model in one process.

A re-viewing `quick` step renders 2B rows (both branches) and B rows (the re-view), so with torch's default the
renderer's graphs go shape-generic. The two compiled versions are swapped in and out of the same model, step by step,
in ABBA order (so drift and order effects hit both), each pair also timing a networks-only step; the table gives the
medians and the median of the per-pair differences, with its quartiles (the machine is noisy: single steps vary by
±5 %).

Usage: python bench/bench_compile_shapes.py [--preset cpu] [--pairs 40] [--rounds 2] [--threads 2] [--weights CKPT] [--step 3000]
Writes bench/results/compile_shapes.json and prints a markdown table.
"""
import argparse, itertools, json, statistics, time
from pathlib import Path
import torch
from sym3d_nb.core import get_config, seed_everything
from sym3d_nb.data import make_dataset
from sym3d_nb.training import build_model, make_optimizers, make_loader, load_model
from _common import nets_step, full_step_parts, compiled_fns

def paired(model, optims, img, step, fa, fb, pairs):
    "Per pair: a full step with `fa`, one with `fb` (order alternating) and a networks-only step; medians and B−A."
    A, B, N, batches = [], [], [], itertools.repeat({'image': img})   # the same batch every step
    for r in range(pairs + 2):                                            # two warm-up pairs (compiles included)
        order = [(fa, A), (fb, B)] if r % 2 == 0 else [(fb, B), (fa, A)]
        for fns, out in order:
            model.__dict__.update(fns)
            dt = full_step_parts(model, optims, batches, step)['full']
            if r >= 2: out.append(dt)
        t = time.perf_counter(); nets_step(model, optims, img); dt = time.perf_counter() - t
        if r >= 2: N.append(dt)
    d = sorted(b - a for a, b in zip(A, B)); n = statistics.median(N)
    q = lambda p: d[round(p * (len(d) - 1))]
    return {'static_s': statistics.median(A), 'dynamic_s': statistics.median(B), 'nets_s': n,
            'ratio_static': statistics.median(A) / n, 'ratio_dynamic': statistics.median(B) / n,
            'diff_median_s': statistics.median(d), 'diff_q25_s': q(.25), 'diff_q75_s': q(.75)}

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter); ap.add_argument('--preset', default='cpu'); ap.add_argument('--pairs', type=int, default=40)
    ap.add_argument('--rounds', type=int, default=2); ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--weights', default='sym3d_nb/pretrained/quick_synth.pt'); ap.add_argument('--step', type=int, default=3000)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    cfg = get_config(a.preset, **{'data.num_workers': 0}); seed_everything(0)
    model = build_model(cfg)
    if a.weights: model.load_state_dict(load_model(a.weights).state_dict())
    optims = make_optimizers(model, cfg.train, cfg.ext)
    ds = make_dataset('synthetic', 'train', cfg.model.image_size, cfg.data, train=True)
    if hasattr(ds, 'set_step'): ds.set_step(a.step)
    img = next(iter(make_loader(ds, cfg, epoch=0)))['image']
    fa, fb = compiled_fns(model, False), compiled_fns(model, None)
    rows = [paired(model, optims, img, a.step, fa, fb, a.pairs) for _ in range(a.rounds)]
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; {a.preset}, batch {cfg.train.batch_size}, from step {a.step}; "
          f"{a.pairs} ABBA pairs per round\n")
    print('| round | one graph per shape (s) | full / nets | shape-generic (s) | full / nets | generic − per-shape, median (quartiles) |')
    print('|---|---|---|---|---|---|')
    for i, r in enumerate(rows):
        print(f"| {i + 1} | {r['static_s']:.3f} | {r['ratio_static']:.3f} | {r['dynamic_s']:.3f} | {r['ratio_dynamic']:.3f} "
              f"| {r['diff_median_s'] * 1e3:+.1f} ms ({r['diff_q25_s'] * 1e3:+.1f}, {r['diff_q75_s'] * 1e3:+.1f}) |")
    out = Path(__file__).parent / 'results' / 'compile_shapes.json'; out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({'preset': a.preset, 'pairs': a.pairs, 'step': a.step, 'weights': a.weights, 'rounds': rows}, indent=1))
    print(f"\nwrote {out}")
