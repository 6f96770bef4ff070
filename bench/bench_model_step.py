"""Time one full Unsup3D training step (forward + backward + one Adam step per network) vs. image size and width.

Configurations are timed round-robin (one step of each per round) so that load from other processes on a shared machine
hits all of them alike. The table reports median wall and process-CPU seconds per step and the CPU ratio to the current
`cpu` preset. On a loaded machine run it with `--threads 1`: one thread's CPU time does not include the spin-waiting of
idle OpenMP threads, so it is the figure least disturbed by other processes.
Usage: python bench/bench_model_step.py [--batch 32] [--rounds 7] [--warmup 2] [--threads N] [--only NAME ...]
Writes bench/results/model_step.json.
"""
import argparse, json, platform, statistics, time, warnings
from pathlib import Path
import torch
from sym3d_nb.core import get_config, PRESETS
from sym3d_nb.synthetic import SynthFaces
from sym3d_nb.model import Unsup3D

# name: overrides of the `cpu` preset (model widths and image size); perceptual stays off (no VGG weights here)
CONFIGS = {
    's32_nf16':       {'model.image_size': 32, 'model.nf': 16, 'model.zdim': 64,  'model.nf_enc': 8,  'model.nf_conf': 8,  'model.zdim_conf': 32},
    's32_nf32 (quick)': {},
    's32_nf24':       {'model.nf': 24, 'model.zdim': 96, 'model.nf_enc': 12, 'model.nf_conf': 12, 'model.zdim_conf': 48},
    's32_nf64':       {'model.image_size': 32, 'model.nf': 64, 'model.zdim': 256, 'model.nf_enc': 32, 'model.nf_conf': 32, 'model.zdim_conf': 128},
    's64_nf16':       {'model.image_size': 64, 'model.nf': 16, 'model.zdim': 64,  'model.nf_enc': 8,  'model.nf_conf': 8,  'model.zdim_conf': 32},
    's64_nf32':       {'model.image_size': 64, 'model.nf': 32, 'model.zdim': 128},
    's64_paper':      {'model.image_size': 64, 'model.nf': 64, 'model.zdim': 256, 'model.nf_enc': 32, 'model.nf_conf': 64, 'model.zdim_conf': 128},
}

def build(name, batch):
    cfg = get_config('cpu', **CONFIGS[name])
    torch.manual_seed(0)
    model = Unsup3D(cfg)
    opts = [torch.optim.Adam(n.parameters(), lr=1e-4, weight_decay=5e-4) for n in model.nets.values()]
    ds = SynthFaces(batch, size=cfg.model.image_size, seed=0)
    x = torch.stack([ds[i]['image'] for i in range(batch)])
    nparams = sum(p.numel() for p in model.parameters())
    return dict(cfg=cfg, model=model, opts=opts, x=x, nparams=nparams, times=[], cpu=[])

def step(r, i):
    "Wall and process-CPU seconds of one training step."
    t, c = time.perf_counter(), time.process_time()
    loss = r['model'].loss(r['model'](r['x']), i)['total']
    for o in r['opts']: o.zero_grad(set_to_none=True)
    loss.backward()
    for o in r['opts']: o.step()
    return time.perf_counter() - t, time.process_time() - c

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--batch', type=int, default=PRESETS['cpu']['train']['batch_size'])
    ap.add_argument('--rounds', type=int, default=7)
    ap.add_argument('--warmup', type=int, default=2)
    ap.add_argument('--threads', type=int, default=None)
    ap.add_argument('--only', nargs='*', default=None)
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    names = [n for n in CONFIGS if a.only is None or n in a.only]
    runs = {n: build(n, a.batch) for n in names}
    for i in range(a.warmup + a.rounds):          # round-robin: every config sees the same background load
        for n in names:
            dt, dc = step(runs[n], i)
            if i >= a.warmup: runs[n]['times'].append(dt); runs[n]['cpu'].append(dc)
    ref = statistics.median(runs['s32_nf32 (quick)']['cpu']) if 's32_nf32 (quick)' in runs else None
    rows = []
    print(f"batch {a.batch}, {torch.get_num_threads()} threads, {a.rounds} rounds; torch {torch.__version__}")
    print(f"| config | size | nf | zdim | nf_enc | nf_conf | params (M) | wall s/step (median) | wall min | CPU s/step (median) | CPU vs quick |")
    print(f"|---|---|---|---|---|---|---|---|---|---|---|")
    for n, r in runs.items():
        m, med, cpu = r['cfg'].model, statistics.median(r['times']), statistics.median(r['cpu'])
        row = dict(config=n, image_size=m.image_size, nf=m.nf, zdim=m.zdim, nf_enc=m.nf_enc, nf_conf=m.nf_conf,
                   zdim_conf=m.zdim_conf, params_M=r['nparams'] / 1e6, median_s=med, min_s=min(r['times']),
                   cpu_median_s=cpu, cpu_ratio_to_quick=cpu / ref if ref else None, times=r['times'], cpu=r['cpu'])
        rows.append(row)
        print(f"| {n} | {m.image_size} | {m.nf} | {m.zdim} | {m.nf_enc} | {m.nf_conf} | {row['params_M']:.2f} | {med:.3f} | "
              f"{row['min_s']:.3f} | {cpu:.3f} | {row['cpu_ratio_to_quick'] or float('nan'):.2f} |")
    out = Path(__file__).parent / 'results' / 'model_step.json'
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(dict(batch=a.batch, threads=torch.get_num_threads(), rounds=a.rounds, warmup=a.warmup,
                                   machine=platform.machine(), torch=torch.__version__, rows=rows), indent=1))
    print(f"wrote {out}")

if __name__ == '__main__':
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        main()
