"""Quality bar A: the `cpu` preset (in the world of data.synth_pivot=0.97, data.synth_view_warmup=1000), <= 30 min on 2 CPU cores, full model vs no symmetry, held-out synthetic images.
Bar: yaw correlation >= 0.9 and spread (std ratio) >= 0.8; SIDE and MAD below the flat-plane baseline;
no-symmetry clearly worse, with yaw correlation < 0.5.
Usage: python bench/quality_bar_a.py [--minutes 30] [--out runs/quality_bar_a] [--retrain] [--opt train.seed=1]
  (--minutes 2 = smoke run). Each variant gets both cores, one after the other, compiled (train.compile=true; --eager
  turns it off). As measured in 07: full, then no_symmetry, 30 min each, then the table, checks and curves.
Side by side on one thread each (the earlier protocol, about 60 % of the steps):
  for v in full no_symmetry; do OMP_NUM_THREADS=1 python bench/quality_bar_a.py --only $v --retrain & done; wait
  python bench/quality_bar_a.py          # reuses both runs: table, checks, curves
The no-confidence ablation is not part of the bar: `--only no_conf --retrain` trains it, and from then on the table and
curves include it.
"""
from pathlib import Path
from _common import parse, run, report

VARIANTS = ['full', 'no_symmetry']                     # Bar A's two; no_conf joins the table and curves once trained

if __name__ == '__main__':
    a = parse('quality_bar_a', 30., VARIANTS + ['no_conf'])
    extra = ['no_conf'] if (Path(a.out) / 'no_conf' / 'last.pt').exists() else []
    rows, curves, secs = run('quality_bar_a', a, VARIANTS + extra)
    if a.only: raise SystemExit(0)                     # one variant of a side-by-side run: the report comes later
    full, nosym = rows[:2]
    flat = full['baselines']['flat']
    checks = [
        {'name': 'full: yaw correlation', 'value': full['yaw_corr'], 'target': '>= 0.9', 'ok': full['yaw_corr'] >= 0.9},
        {'name': 'full: yaw std ratio', 'value': full['yaw_std_ratio'], 'target': '>= 0.8', 'ok': full['yaw_std_ratio'] >= 0.8},
        {'name': 'full: SIDE x100 / flat', 'value': full['side_x100']['mean'] / flat['side_x100']['mean'], 'target': '< 1', 'ok': full['side_x100']['mean'] < flat['side_x100']['mean']},
        {'name': 'full: MAD / flat', 'value': full['mad_deg']['mean'] / flat['mad_deg']['mean'], 'target': '< 1', 'ok': full['mad_deg']['mean'] < flat['mad_deg']['mean']},
        {'name': 'no symmetry: yaw correlation', 'value': nosym['yaw_corr'], 'target': '< 0.5', 'ok': nosym['yaw_corr'] < 0.5},
        {'name': 'no symmetry: MAD / full MAD', 'value': nosym['mad_deg']['mean'] / full['mad_deg']['mean'], 'target': '> 1 (clearly worse)',
         'ok': nosym['mad_deg']['mean'] > full['mad_deg']['mean'] and nosym['side_x100']['mean'] > full['side_x100']['mean']},
    ]
    report('quality_bar_a', a, rows, curves, checks, secs)
