"""Shape bar S3h: the shipped checkpoint's budget, <= 3 h on 2 CPU cores (cpu preset, its world as bar A's, unless overridden with --opt),
scored on held-out synthetic faces against the average face (07's `mean_depth`: the per-pixel mean of the training
depth over face pixels). Bar: SIDE <= 0.45x and MAD <= 0.75x the average face's (the paper: 0.40x and 0.71x).
Usage: python bench/quality_s3h.py [--minutes 180] [--out runs/quality_s3h] [--opt train.lr=3e-4 ...]
"""
from _common import parse, run, report

if __name__ == '__main__':
    a = parse('quality_s3h', 180., ['full'])
    rows, curves, secs = run('quality_s3h', a, ['full'])
    full = rows[0]; avg = full['baselines']['average_face']
    rs, rm = full['side_x100']['mean'] / avg['side_x100']['mean'], full['mad_deg']['mean'] / avg['mad_deg']['mean']
    checks = [{'name': 'SIDE / average-face SIDE', 'value': rs, 'target': '<= 0.45', 'ok': rs <= 0.45},
              {'name': 'MAD / average-face MAD', 'value': rm, 'target': '<= 0.75', 'ok': rm <= 0.75},
              {'name': 'yaw correlation (info)', 'value': full['yaw_corr'], 'target': '-', 'ok': True},
              {'name': 'yaw std ratio (info)', 'value': full['yaw_std_ratio'], 'target': '-', 'ok': True}]
    report('quality_s3h', a, rows, curves, checks, secs)
