"""Validation curves of screening runs over training steps: SIDE, MAD and yaw spread on the 256 held-out validation faces,
with the flat plane. Each run is a trainer folder (its metrics.jsonl) or a bench/diagnose_oracle.py JSON.
Usage: python bench/plot_screen_curves.py PATH=LABEL ... --flat 0.754 35.13 --out images/prior_screens.png
       [--keys yaw_corr mad_deg side_x100] [--max-step 750]"""
import argparse, json
from pathlib import Path
import matplotlib; matplotlib.use('Agg')
import matplotlib.pyplot as plt
from sym3d_nb.training import read_metrics

KEYS = ('side_x100', 'mad_deg', 'yaw_corr', 'yaw_std_ratio')
TITLES = {'side_x100': 'SIDE ×10⁻²', 'mad_deg': 'MAD (°)', 'yaw_corr': 'yaw correlation', 'yaw_std_ratio': 'yaw std ratio (pred / true)'}
GUIDES = {'yaw_corr': 0.9, 'yaw_std_ratio': 0.8}           # bar A's targets; SIDE and MAD get the flat plane (--flat)

def curve(path) -> list:
    "Rows {step, side_x100, mad_deg, yaw_corr, yaw_std_ratio} of a run folder or a diagnose_oracle JSON."
    p = Path(path)
    if p.is_dir():
        return [dict(step=r['step'], **{k: r[f'val_{k}'] for k in KEYS}) for r in read_metrics(p) if 'val_yaw_std_ratio' in r and r['step'] > 0]
    return [{k: r[k] for k in ('step',) + KEYS} for r in json.loads(p.read_text())['rows']]

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('runs', nargs='+', help='PATH=LABEL')
    ap.add_argument('--flat', type=float, nargs=2, default=None, metavar=('SIDE', 'MAD'))
    ap.add_argument('--out', default='images/prior_screens.png')
    ap.add_argument('--keys', nargs='+', default=['side_x100', 'mad_deg', 'yaw_std_ratio'], choices=KEYS, help='one panel each')
    ap.add_argument('--max-step', type=int, default=None, help='drop validation rows after this step')
    a = ap.parse_args()
    fig, axs = plt.subplots(1, len(a.keys), figsize=(11, 3.2), squeeze=False); axs = axs[0]; table = []
    for spec in a.runs:
        path, label = spec.split('=', 1); rows = [r for r in curve(path) if a.max_step is None or r['step'] <= a.max_step]
        table.append((label, rows[-1]))
        for ax, k in zip(axs, a.keys):
            ax.plot([r['step'] for r in rows], [r[k] for r in rows], marker='o', ms=3, label=label)
    flat = dict(zip(('side_x100', 'mad_deg'), a.flat or (None, None)))
    for ax, k in zip(axs, a.keys):
        f = flat.get(k, GUIDES.get(k))
        if f is not None: ax.axhline(f, ls='--', c='grey', lw=1)
        ax.set_xlabel('step', fontsize=8); ax.set_title(TITLES[k], fontsize=9); ax.tick_params(labelsize=7)
    axs[0].legend(fontsize=6); fig.suptitle('screening runs on 256 held-out validation faces (dashed: flat plane; bar A\'s targets)', fontsize=9)
    fig.tight_layout(); Path(a.out).parent.mkdir(parents=True, exist_ok=True); fig.savefig(a.out, dpi=90)
    print('| run | last step | SIDE ×10⁻² | MAD (°) | yaw corr | yaw std ratio |\n|---|---|---|---|---|---|')
    for label, r in table: print(f"| {label} | {r['step']} | {r['side_x100']:.3f} | {r['mad_deg']:.2f} | {r['yaw_corr']:.3f} | {r['yaw_std_ratio']:.3f} |")
