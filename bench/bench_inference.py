"""Inference speed: `Unsup3D.reconstruct` on 64x64 images with the paper-size networks, on a few CPU threads.

Each mode of `--modes` is timed side by side in one process (round-robin over repeats): `fp32-eager`, `fp32-compiled`
(`Unsup3D.compile_render`: the arithmetic outside the networks compiled), `bf16-eager` and `bf16-compiled`
(`train.precision=bf16`: the networks under bfloat16 autocast) and `bf16-frozen` (05's `compile_inference`: bfloat16
copies of the networks compiled with their weights frozen, plus the compiled renderer arithmetic). The table also gives each bf16 mode's largest depth
difference from fp32 on the timed images (world units; the canonical depth spans 0.2).

Usage: .venv/bin/python bench/bench_inference.py [--threads 2] [--preset paper] [--batch-sizes 1 8 32 64] [--images 256] [--modes ...]
Prints a table (images/s, median of --repeats timed passes over --images images per batch size) and writes
bench/results/inference.json. The target of issue #7 is >= 25 images/s on 2 cores at 64x64, paper-size networks.
Timings on a shared machine are noisy: compare rows measured in one run.
"""
import argparse, json, os, platform, statistics, sys, time
from pathlib import Path
import torch
from sym3d_nb.core import get_config, seed_everything, override
from sym3d_nb.training import build_model


def _time(fn, n_batches:int) -> float:
    "Seconds for `n_batches` calls of `fn`."
    t0 = time.perf_counter()
    for _ in range(n_batches): fn()
    return time.perf_counter() - t0


def _nets_only(model, x):
    "The four inference networks alone (depth, albedo, view, light), without rendering."
    x = x * 2 - 1
    for k in ('netD', 'netA', 'netV', 'netL'): model.run_net(model.nets[k], x)


MODES = ('fp32-eager', 'fp32-compiled', 'bf16-eager', 'bf16-compiled', 'bf16-frozen')

def _model(cfg, prec, how, state):
    "An eval-mode model of `cfg` with `state`, networks in precision `prec`; 'compiled': the renderer compiled, 'frozen': the networks too."
    model = build_model(override(cfg, 'train.precision', prec)).eval(); model.load_state_dict(state)
    if how == 'frozen': model.compile_inference()
    return model.compile_render() if how in ('compiled', 'frozen') else model


def bench(threads:int=2, preset:str='paper', image_size:int=64, batch_sizes=(1, 8, 32, 64), n_images:int=256, repeats:int=3,
          modes=MODES):
    torch.set_num_threads(threads)
    seed_everything(0)
    cfg = get_config(preset, **{'model.image_size': image_size, 'model.perceptual': 'off'})
    state = build_model(cfg).state_dict()
    models = {m: _model(cfg, *m.split('-'), state) for m in modes}
    ref = next(iter(models.values()))
    n_params = sum(p.numel() for k in ('netD', 'netA', 'netV', 'netL') for p in ref.nets[k].parameters())
    rows = []
    with torch.inference_mode():
        for bs in batch_sizes:
            x = torch.rand(bs, 3, image_size, image_size)
            nb = max(1, n_images // bs)
            depth = {m: model.reconstruct(x).canon_depth for m, model in models.items()}          # warm-up (and compile)
            for model in models.values(): _nets_only(model, x)
            full = {m: [] for m in models}; nets = {m: [] for m in models}
            for _ in range(repeats):                                   # round-robin: load changes hit every mode
                for m, model in models.items():
                    full[m].append(nb * bs / _time(lambda: model.reconstruct(x), nb))
                    nets[m].append(nb * bs / _time(lambda: _nets_only(model, x), nb))
            for m in models:
                d32 = depth.get('fp32-eager', depth.get(m.replace('bf16', 'fp32')))    # the reference: float32, eager
                rows.append({'batch_size': bs, 'mode': m, 'images': nb * bs, 'reconstruct_img_s': round(statistics.median(full[m]), 1),
                             'nets_only_img_s': round(statistics.median(nets[m]), 1),
                             'max_depth_diff_vs_fp32': None if d32 is None else float((depth[m] - d32).abs().max())})
                r = rows[-1]
                print(f"batch {bs:3d} {m:14s}: reconstruct {r['reconstruct_img_s']:7.1f} img/s   nets only {r['nets_only_img_s']:7.1f} img/s", flush=True)
    return {'threads': threads, 'preset': preset, 'image_size': image_size, 'inference_params_M': round(n_params / 1e6, 2),
            'torch': torch.__version__, 'cpu': platform.processor() or platform.machine(), 'repeats': repeats, 'rows': rows}


def table(res:dict) -> str:
    t = [f"Unsup3D.reconstruct, {res['preset']} networks ({res['inference_params_M']} M inference params, untrained), "
         f"{res['image_size']}x{res['image_size']}, {res['threads']} CPU thread(s), torch {res['torch']}", '',
         '| batch | mode | images/s (reconstruct) | images/s (networks only) | max depth diff vs fp32 |', '|---|---|---|---|---|']
    diff = lambda r: '' if r['max_depth_diff_vs_fp32'] is None else f"{r['max_depth_diff_vs_fp32']:.1e}"
    t += [f"| {r['batch_size']} | {r['mode']} | {r['reconstruct_img_s']} | {r['nets_only_img_s']} | {diff(r)} |" for r in res['rows']]
    return '\n'.join(t)


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--preset', default='paper')
    ap.add_argument('--image-size', type=int, default=64)
    ap.add_argument('--batch-sizes', type=int, nargs='+', default=[1, 8, 32, 64])
    ap.add_argument('--images', type=int, default=256)
    ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--modes', nargs='+', default=list(MODES))
    a = ap.parse_args()
    res = bench(a.threads, a.preset, a.image_size, a.batch_sizes, a.images, a.repeats, a.modes)
    print('\n' + table(res))
    best = max(r['reconstruct_img_s'] for r in res['rows'])
    for bs in sorted({r['batch_size'] for r in res['rows']}):
        top = max((r for r in res['rows'] if r['batch_size'] == bs), key=lambda r: r['reconstruct_img_s'])
        print(f"batch {bs}: fastest mode {top['mode']} at {top['reconstruct_img_s']} images/s")
    out = Path(__file__).parent/'results'/'inference.json'; out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({**res, 'best_img_s': best}, indent=1))
    print(f"wrote {out}")
