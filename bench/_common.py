"""The one helper module of bench/ (scripts import no other script). Not a tool itself: it has no command line.

- `parse`, `run`, `report`: the quality runners' protocol (bench/quality_*.py): train variants on the synthetic world,
  score held-out test images, check a bar.
- `nets_step`, `full_step_parts`, `renderer_step`: timed pieces of one training step (bench_compile_shapes.py,
  bench_visibility_threads.py).
- `world`, `score`, `error_planes`, `erode_n`: held-out synthetic faces with their ground truth, and depth scores
  (diagnose_side.py, diagnose_relief.py).
"""
import argparse, json, time
from pathlib import Path
import numpy as np, torch
from sym3d_nb.core import DataConfig, SYNTH_WORLDS, unit_to_signed
from sym3d_nb.data import make_dataset
from sym3d_nb.evaluation import run_ablations, ablation_table, plot_curves, side, mad, eval_mask, erode
from sym3d_nb.training import read_metrics

RESULTS = Path(__file__).parent / 'results'
WORLD = SYNTH_WORLDS['slide-free']   # the bars' synthetic world: heads turning about their rim, small turns first (00, 01)

def parse(name, minutes, variants):
    ap = argparse.ArgumentParser(description=f'{name}: train {variants} on the synthetic world, score held-out test images')
    ap.add_argument('--minutes', type=float, default=minutes, help='training budget per variant (wall clock)')
    ap.add_argument('--max-steps', type=int, default=None, help='optional step budget per variant')
    ap.add_argument('--out', default=f'runs/{name}', help='run folders (one per variant)')
    ap.add_argument('--test-n', type=int, default=500, help='held-out test images scored at the end')
    ap.add_argument('--val-n', type=int, default=256, help='held-out validation images scored during training')
    ap.add_argument('--retrain', action='store_true', help='train again even if a variant folder holds last.pt')
    ap.add_argument('--opt', nargs='*', default=[], help='config overrides key=value for every variant (after the world: '
                    'data.synth_pivot=0.97 data.synth_view_warmup=1000)')
    ap.add_argument('--eager', action='store_true',
                    help='do not compile the renderer and losses (train.compile=true is the default here: ~10%% more steps '
                         'in the same minutes, same maths; 05)')
    ap.add_argument('--only', default=None, choices=variants,
                    help='train and score only this variant: run one process per variant side by side (OMP_NUM_THREADS=1 '
                         'each on a 2-core machine), then once more without --only for the table and the checks')
    return ap.parse_args()

def run(name, a, variants):
    "Train/score `variants`; print the table; write curves PNG and JSON into bench/results/; return the rows."
    t0 = time.time()
    if a.only: variants = [a.only]
    ov = dict(WORLD) | ({} if a.eager else {'train.compile': 'true'})
    ov.update(kv.split('=', 1) for kv in a.opt)
    rows = run_ablations(a.out, 'synthetic', 'cpu', a.minutes, a.max_steps, variants, a.test_n, a.val_n, a.retrain, **ov)
    print(f"\n## {name}: cpu preset, {a.minutes} min per variant, {a.test_n} held-out test images\n")
    print(ablation_table(rows))
    RESULTS.mkdir(parents=True, exist_ok=True)
    runs = {r['variant']: Path(a.out) / r['variant'] for r in rows}
    plot_curves(runs, rows[0]['baselines'], path=RESULTS / f'{name}_curves.png')
    curves = {v: [r for r in read_metrics(p) if any(k.startswith('val_') for k in r)] for v, p in runs.items()}
    return rows, curves, time.time() - t0

def report(name, a, rows, curves, checks, secs):
    print('\n| criterion | value | target | pass |\n|---|---|---|---|')
    for c in checks: print(f"| {c['name']} | {c['value']:.3f} | {c['target']} | {'yes' if c['ok'] else 'NO'} |")
    print('\ncurves (validation, held-out; time in minutes):')
    for v, rs in curves.items():
        print(f"  {v}: " + '; '.join(f"{r['time']/60:.1f}m side {r.get('val_side_x100', float('nan')):.2f} mad {r.get('val_mad_deg', float('nan')):.1f} "
                                     f"yaw {r.get('val_yaw_corr', float('nan')):.2f}/{r.get('val_yaw_std_ratio', float('nan')):.2f}" for r in rs))
    out = RESULTS / f'{name}.json'
    out.write_text(json.dumps({'args': vars(a), 'rows': rows, 'checks': checks, 'curves': curves, 'seconds': secs}, indent=1))
    print(f"\nwrote {out} and {RESULTS / (name + '_curves.png')}")

# --- timed pieces of a training step ---
def _tensors(x):
    "All tensors inside a network output (tensor, tuple, list, dict)."
    if torch.is_tensor(x): return [x]
    if isinstance(x, (list, tuple)): return [t for v in x for t in _tensors(v)]
    if isinstance(x, dict): return [t for v in x.values() for t in _tensors(v)]
    return []

def _passes(model) -> list:
    "The network calls of one training step: every net of `model.nets` once, and netV again when the step re-views (05)."
    return list(model.nets.values()) + ([model.nets['netV']] if model.reviews() else [])

def nets_step(model, optims, img):
    "Networks only: each network call of a training step (`_passes`) forward on the batch, a trivial loss, backward, optimiser steps."
    x = unit_to_signed(img)
    run = getattr(model, 'run_net', lambda net, x: net(x))                   # in the model's precision (05)
    loss = sum(t.float().mean() for net in _passes(model) for t in _tensors(run(net, x)))
    for o in optims.values(): o.zero_grad(set_to_none=True)
    loss.backward()
    for o in optims.values(): o.step()

def renderer_step(model, factors):
    "Renderer only (both branches, as in training): shading, warp, grid_sample on fixed `Factors`, backward to them."
    depth, albedo, view, light = [t.detach().requires_grad_() for t in (factors.depth, factors.albedo, factors.view, factors.light)]
    n = 2 if model.cfg.model.use_symmetry else 1
    if n == 2: depth, albedo = torch.cat([depth, depth.flip(2)]), torch.cat([albedo, albedo.flip(3)])
    out = model.render_branches(depth, albedo, view.repeat(n, 1), light.repeat(n, 1))
    sum(o.float().mean() for o in vars(out).values()).backward()   # every field of the `Render`

def compiled_fns(model, dynamic=False):
    "`compile_render(dynamic=...)`'s functions for `model` (the instance attributes it sets), left out of it (swapped in per step)."
    model.compile_render(False); eager = dict(model.__dict__)
    model.compile_render(dynamic=dynamic)
    fns = {k: v for k, v in model.__dict__.items() if k not in eager or eager[k] is not v}
    model.compile_render(False); return fns

def full_step_parts(model, optims, it, step):
    "One full step, timed in parts: data, forward (nets + renderer + losses), backward, optimiser."
    t0 = time.perf_counter(); batch = next(it); img = batch['image']
    t1 = time.perf_counter(); pred = model(img); loss = model.loss(pred, step)['total']
    t2 = time.perf_counter()
    for o in optims.values(): o.zero_grad(set_to_none=True)
    loss.backward(); t3 = time.perf_counter()
    for o in optims.values(): o.step()
    t4 = time.perf_counter()
    return {'data': t1 - t0, 'forward': t2 - t1, 'backward': t3 - t2, 'optim': t4 - t3, 'full': t4 - t0, 'compute': t4 - t1}

# --- held-out synthetic faces and depth scores ---
def world(n, S, split='test', data=None):
    "Test faces as the dataset gives them (the world of DataConfig `data`, e.g. a model's cfg.data), with their TRUE canonical depth (identity view) and albedo, view, light and view-space depth."
    ds = make_dataset('synthetic', split, S, data or DataConfig()); its = [ds[i] for i in range(n)]
    g = lambda k: torch.stack([torch.as_tensor(np.asarray(i[k])) for i in its]).float()
    return dict(canon=g('canon_depth'), albedo=g('canon_albedo'), image=g('image'), view=g('view'), depth=g('depth'), light=g('light'))

def erode_n(mask, k):
    "`mask` eroded by `k` pixels."
    for _ in range(k): mask = erode(mask)
    return mask

def score(d, gt, msk=None):
    "SIDE x100, MAD (degrees) and scored pixels per image of depth `d` (B,H,W) against `gt`, over `msk` (default: 07's eval_mask)."
    msk = eval_mask(d, gt) if msk is None else msk
    return dict(side_x100=float(100 * side(d, gt, msk).nanmean()), mad=float(mad(d, gt, msk).nanmean()), px=float(msk.float().sum((1, 2)).mean()))

def error_planes(d, gt, msk):
    "Per image: the least-squares plane a + b x + c y (x, y in [-1, 1]) of the log-depth error, and the rms left around it."
    B, H, W = gt.shape; yy, xx = torch.meshgrid(torch.linspace(-1, 1, H, dtype=torch.float64), torch.linspace(-1, 1, W, dtype=torch.float64), indexing='ij')
    A = torch.stack([torch.ones_like(xx), xx, yy], -1).reshape(-1, 3); coefs, rms = [], []
    delta = (torch.log(d.double()) - torch.log(gt.double())).reshape(B, -1)
    for i in range(B):
        m = msk[i].reshape(-1); c = torch.linalg.lstsq(A[m], delta[i, m, None]).solution
        coefs.append(c[:, 0]); rms.append((delta[i, m] - (A[m] @ c)[:, 0]).pow(2).mean().sqrt())
    return torch.stack(coefs), torch.stack(rms)
