"""Shared by bench/quality_*.py: train variants on the synthetic world, score held-out test images, check a bar."""
import argparse, json, time
from pathlib import Path
from sym3d_nb.evaluation import run_ablations, ablation_table, plot_curves
from sym3d_nb.training import read_metrics

RESULTS = Path(__file__).parent / 'results'

def parse(name, minutes, variants):
    ap = argparse.ArgumentParser(description=f'{name}: train {variants} on the synthetic world, score held-out test images')
    ap.add_argument('--minutes', type=float, default=minutes, help='training budget per variant (wall clock)')
    ap.add_argument('--max-steps', type=int, default=None, help='optional step budget per variant')
    ap.add_argument('--out', default=f'runs/{name}', help='run folders (one per variant)')
    ap.add_argument('--test-n', type=int, default=500, help='held-out test images scored at the end')
    ap.add_argument('--val-n', type=int, default=256, help='held-out validation images scored during training')
    ap.add_argument('--retrain', action='store_true', help='train again even if a variant folder holds last.pt')
    ap.add_argument('--opt', nargs='*', default=[], help='config overrides key=value for every variant')
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
    ov = {} if a.eager else {'train.compile': 'true'}
    ov.update(kv.split('=', 1) for kv in a.opt)
    rows = run_ablations(a.out, 'synthetic', 'quick', a.minutes, a.max_steps, variants, a.test_n, a.val_n, a.retrain, **ov)
    print(f"\n## {name}: quick preset, {a.minutes} min per variant, {a.test_n} held-out test images\n")
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
