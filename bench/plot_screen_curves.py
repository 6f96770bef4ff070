"""Validation curves of screening runs over training steps: SIDE, MAD and yaw spread on the 256 held-out validation faces,
with the flat plane. Each run is a trainer folder (its metrics.jsonl) or a bench/diagnose_oracle.py JSON.
Usage: python bench/plot_screen_curves.py PATH=LABEL ... --flat 0.754 35.13 --out images/prior_screens.png"""
import argparse, json
from pathlib import Path
import matplotlib; matplotlib.use('Agg')
import matplotlib.pyplot as plt
from sym3d_nb.training import read_metrics

KEYS = ('side_x100', 'mad_deg', 'yaw_corr', 'yaw_std_ratio')

def curve(path) -> list:
    "Rows {step, side_x100, mad_deg, yaw_corr, yaw_std_ratio} of a run folder or a diagnose_oracle JSON."
    p = Path(path)
    if p.is_dir():
        return [dict(step=r['step'], **{k: r[f'val_{k}'] for k in KEYS}) for r in read_metrics(p) if 'val_yaw_std_ratio' in r and r['step'] > 0]
    return [{k: r[k] for k in ('step',) + KEYS} for r in json.loads(p.read_text())['rows']]

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('runs', nargs='+', help='PATH=LABEL')
    ap.add_argument('--flat', type=float, nargs=2, default=None, metavar=('SIDE', 'MAD'))
    ap.add_argument('--out', default='images/prior_screens.png'); a = ap.parse_args()
    fig, axs = plt.subplots(1, 3, figsize=(11, 3.2)); table = []
    for spec in a.runs:
        path, label = spec.split('=', 1); rows = curve(path); table.append((label, rows[-1]))
        for ax, k in zip(axs, ('side_x100', 'mad_deg', 'yaw_std_ratio')):
            ax.plot([r['step'] for r in rows], [r[k] for r in rows], marker='o', ms=3, label=label)
    for ax, t, f in zip(axs, ('SIDE ×10⁻²', 'MAD (°)', 'yaw std ratio (pred / true)'), list(a.flat or (None, None)) + [0.8]):
        if f is not None: ax.axhline(f, ls='--', c='grey', lw=1)
        ax.set_xlabel('step', fontsize=8); ax.set_title(t, fontsize=9); ax.tick_params(labelsize=7)
    axs[0].legend(fontsize=6); fig.suptitle('screening runs on 256 held-out validation faces (dashed: flat plane; bar A\'s 0.8 spread)', fontsize=9)
    fig.tight_layout(); Path(a.out).parent.mkdir(parents=True, exist_ok=True); fig.savefig(a.out, dpi=90)
    print('| run | last step | SIDE ×10⁻² | MAD (°) | yaw corr | yaw std ratio |\n|---|---|---|---|---|---|')
    for label, r in table: print(f"| {label} | {r['step']} | {r['side_x100']:.3f} | {r['mad_deg']:.2f} | {r['yaw_corr']:.3f} | {r['yaw_std_ratio']:.3f} |")
