"""The screening runs behind the `quick` preset: yaw spread against MAD (and SIDE) on held-out validation faces at a
fixed step, one point per run, with the flat-plane baseline. Usage: python bench/plot_screens.py RUN=LABEL ... --step 1000
--out images/quality_screens.png"""
import argparse, json
from pathlib import Path
import matplotlib; matplotlib.use('Agg')
import matplotlib.pyplot as plt
from sym3d_nb.training import read_metrics

def at_step(run, step):
    "The validation row of `run` at `step` (else its last one)."
    rows = [r for r in read_metrics(run) if 'val_yaw_std_ratio' in r and r['step'] > 0]
    return next((r for r in rows if r['step'] == step), rows[-1])

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('runs', nargs='+', help='RUN=LABEL')
    ap.add_argument('--step', type=int, default=1000); ap.add_argument('--flat', type=float, nargs=2, default=None, metavar=('SIDE', 'MAD'))
    ap.add_argument('--out', default='images/quality_screens.png'); a = ap.parse_args()
    fig, axs = plt.subplots(1, 2, figsize=(9, 3.4)); rows = []
    for spec in a.runs:
        run, label = spec.split('=', 1); r = at_step(run, a.step); rows.append((label, r))
        for ax, k in zip(axs, ('val_mad_deg', 'val_side_x100')):
            ax.scatter(r['val_yaw_std_ratio'], r[k], s=18); ax.annotate(label, (r['val_yaw_std_ratio'], r[k]), fontsize=7, xytext=(3, 3), textcoords='offset points')
    for ax, (k, t), f in zip(axs, (('val_mad_deg', 'MAD (°)'), ('val_side_x100', 'SIDE ×10⁻²')), (a.flat or (None, None))[::-1]):
        if f is not None: ax.axhline(f, ls='--', c='grey', lw=1); ax.text(0.02, f, 'flat plane', color='grey', fontsize=7, va='bottom', transform=ax.get_yaxis_transform())
        ax.axvline(0.8, ls=':', c='tab:green', lw=1); ax.set_xlabel('yaw std ratio (pred / true)', fontsize=8); ax.set_ylabel(t, fontsize=8)
    fig.suptitle(f'screening runs at step {a.step} (256 held-out validation faces)', fontsize=9); fig.tight_layout()
    Path(a.out).parent.mkdir(parents=True, exist_ok=True); fig.savefig(a.out, dpi=90)
    print('| run | step | SIDE ×10⁻² | MAD (°) | yaw corr | yaw std ratio |\n|---|---|---|---|---|---|')
    for label, r in rows: print(f"| {label} | {r['step']} | {r['val_side_x100']:.3f} | {r['val_mad_deg']:.2f} | {r['val_yaw_corr']:.3f} | {r['val_yaw_std_ratio']:.3f} |")
    print(f'wrote {a.out}')
