"""Training speed on CPU: images/s of a full training step (data, renderer, losses, optimiser) for the quick and paper
presets, its breakdown, and the ratio of a full step to a networks-only step measured in the same run (target <= 1.15).

With cached data it also times the same full step with the arithmetic outside the networks compiled (`Unsup3D.compile_render`, i.e.
`train.compile=true`), interleaved with the eager one and the networks-only one. `--weights RUN` loads a trained
checkpoint of the same preset first (the renderer's cost depends on the depth: an untrained model's is nearly flat).
Last, in a phase of its own (interleaved with the others, a third kind of step slowed both, by 0.05–0.1), it times the
full step with `render_branches` replaced by a near-free stand-in, against networks-only steps: what the rest costs.

`--opt KEY=VALUE ...` times each preset with config overrides (e.g. the keys of 07's slide-free Bar A run), and `--step N`
times steps from N on (the losses' schedules at that step, and the synthetic view warm-up past: its warm-up items are
not cached). A re-view (`ext.lam_review`, 05) runs the view network a second time in every step; the networks-only
step then runs it twice as well, so that the ratio counts only what is not network work.

`--dynamic` compiles with torch's default shape mode instead of `compile_render`'s one graph per shape: the re-view
renders 32 rows where the branches render 64, and at that second shape torch makes the graphs shape-generic (06).

**Precision and compilation** (the first table): images/s of a full training step in four modes side by side,
`fp32-eager`, `fp32-compiled` (today's default: `train.compile=true`), `bf16-eager` and `bf16-compiled`
(`train.precision=bf16`: the networks under bfloat16 autocast, 05), round-robin in one process on the same cached batches,
for the 32-pixel CPU preset (`cpu`: `quick` with the extensions) and the paper-size networks at 64x64 (`paper`, perceptual term off: no VGG16
weights here), with each mode's speed-up over `fp32-compiled` and the renderer's share of the step (renderer forward
and backward on the step's factors, timed beside it). `--modes-only` skips the older ratio analysis below it.

Usage: python bench/bench_train_speed.py [--modes-only] [--modes fp32-eager fp32-compiled bf16-eager bf16-compiled] [--mode-batch 32] [--presets cpu paper] [--reps 5] [--threads N] [--no-compile] [--no-stand-in] [--weights CKPT] [--opt K=V ...] [--step N] [--dynamic]
Writes bench/results/train_speed.json and prints a markdown table.
"""
import argparse, dataclasses, json, statistics, time, sys
from pathlib import Path
import torch
from sym3d_nb.core import get_config, unit_to_signed, seed_everything
from sym3d_nb.data import make_dataset
from sym3d_nb.model import Render
from sym3d_nb.training import build_model, make_optimizers, make_loader, train_step, load_model
from _common import nets_step, renderer_step, full_step_parts, compiled_fns

def stand_in_render(depth, albedo, view, light):
    "A near-free stand-in for `render_branches`: same outputs, each a cheap function of the inputs (for the overhead split)."
    normal = depth[..., None].expand(*depth.shape, 3) * 0
    diffuse = depth[:, None] * 0 + light[:, 2, None, None, None]
    shading = diffuse + light[:, :1, None, None]
    canon_im = albedo * shading
    return Render(normal=normal, diffuse=diffuse, shading=shading, canon_im=canon_im, recon_depth=depth + view[:, :1, None] * 0, recon_im=canon_im)

def _cached(warm, nets, comp, stand, nets3):
    "Medians of the later-epoch (cached data) full steps (eager, and compiled if timed) against the networks-only steps timed beside them."
    full, n = statistics.median(w['full'] for w in warm), statistics.median(nets)
    out = {'cached_step_s': full, 'cached_nets_only_s': n, 'cached_data_s': statistics.median(w['data'] for w in warm),
           'ratio_cached_full_to_nets': full / n}
    if stand: out['ratio_cached_stand_in_renderer_to_nets'] = statistics.median(w['full'] for w in stand) / statistics.median(nets3)
    if comp:
        c = statistics.median(w['full'] for w in comp)
        out.update(cached_compiled_step_s=c, ratio_cached_compiled_full_to_nets=c / n,
                   compiled_breakdown_s={k: statistics.median(w[k] for w in comp) for k in comp[0]})
    return out

MODES = ('fp32-eager', 'fp32-compiled', 'bf16-eager', 'bf16-compiled')

def bench_modes(preset, reps, modes=MODES, batch=32, warmup=2, weights=None, step0=0):
    "Images/s of a full training step (cached data) in each mode of `modes`, round-robin, same weights and batches."
    cfg = get_config(preset, **{'data.num_workers': 0, 'train.batch_size': batch, 'model.perceptual': 'off'})
    seed_everything(0)
    ds = make_dataset('synthetic', 'train', cfg.model.image_size, cfg.data, train=True)
    if step0 and hasattr(ds, 'set_step'): ds.set_step(step0)
    it = iter(make_loader(ds, cfg, epoch=0)); batches = [next(it)['image'] for _ in range(3)]
    base = build_model(cfg).state_dict() if not weights else load_model(weights).state_dict()
    runs = {}
    for mode in modes:
        prec, how = mode.split('-')
        model = build_model(dataclasses.replace(cfg, train=dataclasses.replace(cfg.train, precision=prec)))
        model.load_state_dict(base); optims = make_optimizers(model, cfg.train, cfg.ext)
        if how == 'compiled': model.compile_render()
        t = time.perf_counter()
        for s in range(warmup): train_step(model, optims, batches[s % 3], step0 + s)
        runs[mode] = dict(model=model, optims=optims, times=[], rend=[], first_s=time.perf_counter() - t)
    for r in range(reps):                                                  # round-robin: load changes hit every mode
        for mode, run in runs.items():
            img = batches[r % 3]
            t = time.perf_counter(); train_step(run['model'], run['optims'], img, step0 + warmup + r); run['times'].append(time.perf_counter() - t)
            with torch.no_grad(): f = run['model'].predict_factors(unit_to_signed(img))
            t = time.perf_counter(); renderer_step(run['model'], f); run['rend'].append(time.perf_counter() - t)
    ref = statistics.median(runs['fp32-compiled']['times']) if 'fp32-compiled' in runs else None
    rows = []
    for mode, run in runs.items():
        step = statistics.median(run['times'])
        rows.append({'preset': preset, 'image_size': cfg.model.image_size, 'batch': batch, 'mode': mode, 'step_s': step,
                     'images_per_s': batch / step, 'speedup_vs_fp32_compiled': ref / step if ref else None,
                     'renderer_share': statistics.median(run['rend']) / step, 'first_steps_s': run['first_s'], 'reps': reps})
    return rows

def modes_table(rows) -> str:
    "Markdown table of `bench_modes` rows."
    t = ['| preset | size | batch | mode | step (s) | images/s | vs fp32-compiled | renderer share | warm-up steps (s) |', '|---|---|---|---|---|---|---|---|---|']
    t += [f"| {r['preset']} | {r['image_size']} | {r['batch']} | {r['mode']} | {r['step_s']:.3f} | {r['images_per_s']:.1f} | "
          f"{'–' if r['speedup_vs_fp32_compiled'] is None else format(r['speedup_vs_fp32_compiled'], '.2f') + '×'} | "
          f"{100 * r['renderer_share']:.0f} % | {r['first_steps_s']:.1f} |" for r in rows]
    return '\n'.join(t)

def bench(preset, reps, warmup=2, compiled=True, weights=None, stand_in=True, overrides=None, step0=0, dynamic=False):
    cfg = get_config(preset, **{'data.num_workers': 0, **(overrides or {})})
    seed_everything(0)
    model, bs = build_model(cfg), cfg.train.batch_size
    if weights: model.load_state_dict(load_model(weights).state_dict())
    optims = make_optimizers(model, cfg.train, cfg.ext)
    ds = make_dataset('synthetic', 'train', cfg.model.image_size, cfg.data, train=True)
    if step0 and hasattr(ds, 'set_step'): ds.set_step(step0)               # e.g. past the view warm-up
    it = iter(make_loader(ds, cfg, epoch=0))
    img_fixed = next(it)['image']
    for s in range(warmup): full_step_parts(model, optims, it, step0 + s); nets_step(model, optims, img_fixed)
    with torch.no_grad(): factors = model.predict_factors(unit_to_signed(img_fixed))
    full, nets, rend = [], [], []
    for s in range(reps):                                                  # interleaved, so load changes hit all three
        full.append(full_step_parts(model, optims, it, step0 + warmup + s))        # first epoch: every item is made now
        t = time.perf_counter(); nets_step(model, optims, img_fixed); nets.append(time.perf_counter() - t)
        t = time.perf_counter(); renderer_step(model, factors); rend.append(time.perf_counter() - t)
    warm, nets2, comp, stand, nets3, compile_s = [], [], [], [], [], None
    if getattr(ds, 'cache', None) is not None:                             # later epochs: the same items, now cached
        def cached_iter():                                                 # the batches the first phase made and cached
            it = iter(make_loader(ds, cfg, epoch=0)); next(it)
            for s in range(warmup): next(it)
            return it
        it2, it3, it4 = cached_iter(), cached_iter(), cached_iter()
        if compiled:                                                       # compile once; then swap it in and out
            fns = compiled_fns(model, dynamic); model.__dict__.update(fns); itc = cached_iter()
            t = time.perf_counter(); full_step_parts(model, optims, itc, step0 + warmup + reps); compile_s = time.perf_counter() - t
            full_step_parts(model, optims, itc, step0 + warmup + reps)
            for k in fns: del model.__dict__[k]
        for s in range(reps):
            warm.append(full_step_parts(model, optims, it2, step0 + warmup + reps + s))
            t = time.perf_counter(); nets_step(model, optims, img_fixed); nets2.append(time.perf_counter() - t)
            if compiled:
                model.__dict__.update(fns)
                comp.append(full_step_parts(model, optims, it3, step0 + warmup + reps + s))
                for k in fns: del model.__dict__[k]
        if stand_in:                                                       # a separate phase: a third kind of step
            frozen = make_optimizers(model, dataclasses.replace(cfg.train, lr=0.), dataclasses.replace(cfg.ext, lr_view=0.))
            model.__dict__['render_branches'] = stand_in_render            # interleaved above slowed the other two
            for s in range(reps):
                stand.append(full_step_parts(model, frozen, it4, step0 + warmup + reps + s))   # Adam with lr 0: same work, weights kept
                t = time.perf_counter(); nets_step(model, optims, img_fixed); nets3.append(time.perf_counter() - t)
            del model.__dict__['render_branches']
    med = {k: statistics.median(f[k] for f in full) for k in full[0]}
    nets_med = statistics.median(nets); med['renderer_fwd_bwd'] = statistics.median(rend)
    with torch.autograd.profiler.profile() as prof:                         # last: where the forward+backward time goes
        model.loss(model(img_fixed), step0)['total'].backward()
    top = [(e.key, round(e.self_cpu_time_total / 1e3, 1)) for e in
           sorted(prof.key_averages(), key=lambda e: -e.self_cpu_time_total)[:8]]
    return {'preset': preset, 'overrides': overrides or {}, 'step0': step0, 'image_size': cfg.model.image_size, 'batch': bs, 'reps': reps,
            'step_s': med['full'], 'images_per_s': bs / med['full'], 'nets_only_s': nets_med,
            'ratio_full_to_nets': med['full'] / nets_med, 'ratio_compute_to_nets': med['compute'] / nets_med,
            'breakdown_s': med, 'profile_top_self_ms': top, 'weights': str(weights) if weights else None,
            'first_compiled_step_s': compile_s, 'compile_dynamic': dynamic, **(_cached(warm, nets2, comp, stand, nets3) if warm else {})}

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--presets', nargs='*', default=['cpu', 'paper'])
    ap.add_argument('--reps', type=int, default=5); ap.add_argument('--threads', type=int, default=None)
    ap.add_argument('--no-compile', action='store_true'); ap.add_argument('--no-stand-in', action='store_true'); ap.add_argument('--weights', default=None)
    ap.add_argument('--opt', nargs='*', default=[], help='config overrides KEY=VALUE for every preset')
    ap.add_argument('--step', type=int, default=0, help='time steps from this one on')
    ap.add_argument('--dynamic', action='store_true', help="compile with torch's default shape mode (graphs go shape-generic at a second shape), not one graph per shape")
    ap.add_argument('--modes', nargs='*', default=list(MODES), help='precision-compile modes for the first table')
    ap.add_argument('--mode-batch', type=int, default=32, help='batch size of the modes table (both presets)')
    ap.add_argument('--modes-only', action='store_true', help='only the modes table')
    a = ap.parse_args()
    bad = [kv for kv in a.opt if '=' not in kv]
    if bad: raise SystemExit(f"--opt takes KEY=VALUE, got '{bad[0]}'")
    if a.threads: torch.set_num_threads(a.threads)
    out = Path(__file__).parent / 'results'; out.mkdir(parents=True, exist_ok=True)
    rows = [r for p in a.presets for r in bench_modes(p, a.reps, a.modes, a.mode_batch, weights=a.weights if p == 'cpu' else None, step0=a.step)]
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; full training step, cached batches, medians of {a.reps} round-robin reps\n")
    print(modes_table(rows)); (out / 'train_speed_modes.json').write_text(json.dumps(rows, indent=1)); print(f"\nwrote {out / 'train_speed_modes.json'}\n")
    if a.modes_only: sys.exit(0)
    res = [bench(p, a.reps, compiled=not a.no_compile, weights=a.weights, stand_in=not a.no_stand_in,
                 overrides=dict(kv.split('=', 1) for kv in a.opt), step0=a.step, dynamic=None if a.dynamic else False) for p in a.presets]
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; medians of {a.reps} interleaved reps"
          + (f"; overrides {' '.join(a.opt)}" if a.opt else '') + (f"; from step {a.step}" if a.step else '') + ('; compiled with dynamic shapes' if a.dynamic else '') + '\n')
    print('| preset | size | batch | full step (s) | images/s | nets-only step (s) | full / nets | (full − data) / nets | data | forward | backward | optim | renderer fwd+bwd |')
    print('|---|---|---|---|---|---|---|---|---|---|---|---|---|')
    for r in res:
        b = r['breakdown_s']
        print(f"| {r['preset']} | {r['image_size']} | {r['batch']} | {r['step_s']:.3f} | {r['images_per_s']:.1f} | {r['nets_only_s']:.3f} "
              f"| {r['ratio_full_to_nets']:.2f} | {r['ratio_compute_to_nets']:.2f} | {b['data']:.3f} | {b['forward']:.3f} | {b['backward']:.3f} | {b['optim']:.3f} | {b['renderer_fwd_bwd']:.3f} |")
    print('\nLater epochs (synthetic training items cached, `SampleCache`):\n')
    print('| preset | renderer | full step (s) | images/s | data (s) | nets-only step (s) | full / nets |'); print('|---|---|---|---|---|---|---|')
    for r in res:
        if 'cached_step_s' in r:
            print(f"| {r['preset']} | eager | {r['cached_step_s']:.3f} | {r['batch'] / r['cached_step_s']:.1f} | {r['cached_data_s']:.4f} | {r['cached_nets_only_s']:.3f} | {r['ratio_cached_full_to_nets']:.3f} |")
        if 'cached_compiled_step_s' in r:
            print(f"| {r['preset']} | compiled (first step {r['first_compiled_step_s']:.1f} s) | {r['cached_compiled_step_s']:.3f} | {r['batch'] / r['cached_compiled_step_s']:.1f} | {r['compiled_breakdown_s']['data']:.4f} | {r['cached_nets_only_s']:.3f} | {r['ratio_cached_compiled_full_to_nets']:.3f} |")
    for r in res:
        if 'ratio_cached_stand_in_renderer_to_nets' in r:
            print(f"| {r['preset']} | stand-in (no rendering) | | | | | {r['ratio_cached_stand_in_renderer_to_nets']:.3f} |")
    for r in res: print(f"\n{r['preset']}: top self-CPU ops of one forward+backward (ms): {r['profile_top_self_ms']}")
    out = Path(__file__).parent / 'results' / 'train_speed.json'; out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=1)); print(f"\nwrote {out}")
