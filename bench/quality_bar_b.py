"""Quality bar B: <= 2 h on 2 CPU cores (quick preset unless overridden with --opt), held-out synthetic images.
Bar: SIDE <= 0.5 x and MAD <= 0.75 x the mean-depth baseline.
Usage: python bench/quality_bar_b.py [--minutes 120] [--out runs/quality_bar_b] [--opt train.lr=3e-4 ...]
"""
from _common import parse, run, report

if __name__ == '__main__':
    a = parse('quality_bar_b', 120., ['full'])
    rows, curves, secs = run('quality_bar_b', a, ['full'])
    full = rows[0]; md = full['baselines']['average_face']
    rs, rm = full['side_x100']['mean'] / md['side_x100']['mean'], full['mad_deg']['mean'] / md['mad_deg']['mean']
    checks = [{'name': 'SIDE / mean-depth SIDE', 'value': rs, 'target': '<= 0.5', 'ok': rs <= 0.5},
              {'name': 'MAD / mean-depth MAD', 'value': rm, 'target': '<= 0.75', 'ok': rm <= 0.75},
              {'name': 'yaw correlation (info)', 'value': full['yaw_corr'], 'target': '-', 'ok': True},
              {'name': 'yaw std ratio (info)', 'value': full['yaw_std_ratio'], 'target': '-', 'ok': True}]
    report('quality_bar_b', a, rows, curves, checks, secs)
