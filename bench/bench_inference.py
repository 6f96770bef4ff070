"""Inference speed: `Unsup3D.reconstruct` on 64x64 images with the paper-size networks, on a few CPU threads.

Usage: .venv/bin/python bench/bench_inference.py [--threads 2] [--preset paper] [--batch-sizes 1 8 32 64] [--images 256]
Prints a table (images/s, median of --repeats timed passes over --images images per batch size) and writes
bench/results/inference.json. The target of issue #7 is >= 25 images/s on 2 cores at 64x64, paper-size networks.
Timings on a shared machine are noisy: compare rows measured in one run.
"""
import argparse, json, os, platform, statistics, sys, time
from pathlib import Path
import torch
from sym3d_nb.core import get_config, seed_everything
from sym3d_nb.training import build_model


def _time(fn, n_batches:int) -> float:
    "Seconds for `n_batches` calls of `fn`."
    t0 = time.perf_counter()
    for _ in range(n_batches): fn()
    return time.perf_counter() - t0


def _nets_only(model, x):
    "The four inference networks alone (depth, albedo, view, light), without rendering."
    x = x * 2 - 1
    for k in ('netD', 'netA', 'netV', 'netL'): model.nets[k](x)


def bench(threads:int=2, preset:str='paper', image_size:int=64, batch_sizes=(1, 8, 32, 64), n_images:int=256, repeats:int=3):
    torch.set_num_threads(threads)
    seed_everything(0)
    cfg = get_config(preset, **{'model.image_size': image_size})
    model = build_model(cfg).eval()
    n_params = sum(p.numel() for k in ('netD', 'netA', 'netV', 'netL') for p in model.nets[k].parameters())
    rows = []
    with torch.inference_mode():
        for bs in batch_sizes:
            x = torch.rand(bs, 3, image_size, image_size)
            nb = max(1, n_images // bs)
            model.reconstruct(x); _nets_only(model, x)                       # warm-up
            full = [nb * bs / _time(lambda: model.reconstruct(x), nb) for _ in range(repeats)]
            nets = [nb * bs / _time(lambda: _nets_only(model, x), nb) for _ in range(repeats)]
            rows.append({'batch_size': bs, 'images': nb * bs, 'reconstruct_img_s': round(statistics.median(full), 1),
                         'nets_only_img_s': round(statistics.median(nets), 1)})
            print(f"batch {bs:3d}: reconstruct {rows[-1]['reconstruct_img_s']:7.1f} img/s   nets only {rows[-1]['nets_only_img_s']:7.1f} img/s", flush=True)
    return {'threads': threads, 'preset': preset, 'image_size': image_size, 'inference_params_M': round(n_params / 1e6, 2),
            'torch': torch.__version__, 'cpu': platform.processor() or platform.machine(), 'repeats': repeats, 'rows': rows}


def table(res:dict) -> str:
    t = [f"Unsup3D.reconstruct, {res['preset']} networks ({res['inference_params_M']} M inference params), "
         f"{res['image_size']}x{res['image_size']}, {res['threads']} CPU thread(s), torch {res['torch']}", '',
         '| batch | images/s (reconstruct) | images/s (networks only) |', '|---|---|---|']
    t += [f"| {r['batch_size']} | {r['reconstruct_img_s']} | {r['nets_only_img_s']} |" for r in res['rows']]
    return '\n'.join(t)


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--preset', default='paper')
    ap.add_argument('--image-size', type=int, default=64)
    ap.add_argument('--batch-sizes', type=int, nargs='+', default=[1, 8, 32, 64])
    ap.add_argument('--images', type=int, default=256)
    ap.add_argument('--repeats', type=int, default=3)
    a = ap.parse_args()
    res = bench(a.threads, a.preset, a.image_size, a.batch_sizes, a.images, a.repeats)
    print('\n' + table(res))
    best = max(r['reconstruct_img_s'] for r in res['rows'])
    print(f"\nbest: {best} images/s (target >= 25 images/s on 2 cores): {'MET' if best >= 25 else 'NOT MET'}")
    out = Path(__file__).parent/'results'/'inference.json'; out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({**res, 'best_img_s': best}, indent=1))
    print(f"wrote {out}")
