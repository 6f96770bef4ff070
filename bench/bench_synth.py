"""Synthetic-world throughput: images/s of `SynthFaces` in a plain loop and through a DataLoader with 2 workers.

Usage: .venv/bin/python bench/bench_synth.py [--n 400] [--sizes 64 128] [--categories face cat]
Prints a table and writes bench/results/synth.json. The issue's target: >= 100 images/s at 64x64 on 2 cores.
"""
import argparse, json, os, platform, statistics, time
from pathlib import Path
import torch
from torch.utils.data import DataLoader
from sym3d_nb.synthetic import SynthFaces

def loop_rate(ds, n, reps=3):
    "Median images/s (and CPU-time images/s) of indexing `ds` directly, over `reps` passes of n items."
    wall, cpu = [], []
    for r in range(reps):
        t, c = time.perf_counter(), time.process_time()
        for i in range(n): ds[(r * n + i) % len(ds)]
        wall.append(n / (time.perf_counter() - t)); cpu.append(n / max(time.process_time() - c, 1e-9))
    return statistics.median(wall), statistics.median(cpu)

def loader_rate(ds, n, workers=2, batch_size=32, reps=3):
    "Median images/s through a DataLoader (workers started before timing; first batch excluded)."
    rates = []
    for _ in range(reps):
        it = iter(DataLoader(ds, batch_size=batch_size, num_workers=workers, shuffle=True, persistent_workers=False))
        next(it); t, k = time.perf_counter(), 0
        for b in it:
            k += len(b['image'])
            if k >= n: break
        rates.append(k / (time.perf_counter() - t))
    return statistics.median(rates)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--n', type=int, default=400)
    ap.add_argument('--sizes', type=int, nargs='+', default=[64]); ap.add_argument('--categories', nargs='+', default=['face', 'cat'])
    a = ap.parse_args()
    torch.set_num_threads(1)
    rows = []
    for cat in a.categories:
        for size in a.sizes:
            n = a.n if size <= 64 else max(a.n // 3, 64)
            ds = SynthFaces(100000, size=size, seed=0, category=cat); ds[0]
            wall, cpu = loop_rate(ds, n)
            dl = loader_rate(ds, 2 * n)
            rows.append(dict(category=cat, size=size, loop_img_s=round(wall, 1), loop_cpu_img_s=round(cpu, 1),
                             loader2_img_s=round(dl, 1), ms_per_img_cpu=round(1000 / cpu, 2)))
    load = os.getloadavg()[0] if hasattr(os, 'getloadavg') else None
    hdr = f"{'category':>8} {'size':>5} {'loop img/s':>11} {'loop img/s (CPU time)':>22} {'DataLoader 2 workers img/s':>27} {'ms/img CPU':>11}"
    print(hdr); print('-' * len(hdr))
    for r in rows:
        print(f"{r['category']:>8} {r['size']:>5} {r['loop_img_s']:>11} {r['loop_cpu_img_s']:>22} {r['loader2_img_s']:>27} {r['ms_per_img_cpu']:>11}")
    print(f"cores: {os.cpu_count()}, load average at the end: {load:.2f} (other processes share the cores: timings are noisy)")
    out = Path(__file__).parent/'results'/'synth.json'; out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(dict(rows=rows, cores=os.cpu_count(), loadavg=load, python=platform.python_version(),
                                   torch=torch.__version__, target='>= 100 img/s at 64x64 on 2 cores'), indent=1))
    print(f'wrote {out}')
