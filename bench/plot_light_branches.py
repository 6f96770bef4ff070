"""Branches from one training run's step-750 checkpoint, one setting changed each: how the light, the yaw and its spread
evolve on the validation faces (07, "When the light-pose prior unlearns the light"). Prints a table, writes JSON and a figure.
The runs (the base trained without a break to --steps; each branch a copy of the step-750 run resumed with one --opt):
  sym3d_train --data synthetic --config quick --out runs/s17_base --max-steps 1500 --opt train.compile=true
  sym3d_train --data synthetic --config quick --out runs/s17_b750 --max-steps 750 --opt train.compile=true
  cp -r runs/s17_b750 runs/s17_NAME
  sym3d_train --data synthetic --config quick --out runs/s17_NAME --resume --max-steps 1500 --opt train.compile=true KEY=VALUE
Usage: python bench/plot_light_branches.py [--base runs/s17_base] [--branch NAME=RUN:LABEL ...] [--out images/light_prior_branches.png]"""
import argparse, json
from pathlib import Path
from sym3d_nb.training import read_metrics

DEFAULT = ['off=runs/s17_off:no prior (loss.lam_light_pose=0)', 'lp03=runs/s17_lp03:prior weight 0.3',
           'view=runs/s17_view:prior, the view learns (side=view)', 'both=runs/s17_both:prior, both learn (side=both)',
           'lrl=runs/s17_lrl:prior, light net lr 2e-3']
KEYS = [('val_light_x_corr', 'light $l_x$ corr'), ('val_yaw_corr', 'yaw corr'), ('val_yaw_std_ratio', 'yaw spread')]

def curve(run, start=0):
    "Validation rows of `run` from step `start` on."
    return [r for r in read_metrics(run) if 'val_yaw_corr' in r and r['step'] >= start]

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--base', default='runs/s17_base'); ap.add_argument('--branch', nargs='*', default=DEFAULT)
    ap.add_argument('--out', default='images/light_prior_branches.png'); ap.add_argument('--json', default='bench/results/light_prior_branches.json')
    a = ap.parse_args()
    runs = {'base': (a.base, 'base: the preset (prior weight 1, the light learns from it)')}
    for b in a.branch:
        name, rest = b.split('=', 1); run, label = rest.split(':', 1); runs[name] = (run, label)
    curves = {n: curve(r, 0 if n == 'base' else 750) for n, (r, _) in runs.items()}
    print('| run | ' + ' | '.join(f'step {r["step"]}: lx / yaw / spread' for r in curves['base'] if r['step'] >= 750) + ' |')
    for n, rows in curves.items():
        print(f'| {runs[n][1]} | ' + ' | '.join(f'{r.get("val_light_x_corr", float("nan")):.3f} / {r["val_yaw_corr"]:.3f} / {r["val_yaw_std_ratio"]:.3f}'
                                        for r in rows if r['step'] >= 750) + ' |')
    Path(a.json).parent.mkdir(parents=True, exist_ok=True)
    Path(a.json).write_text(json.dumps({n: {'run': runs[n][0], 'label': runs[n][1], 'rows': [{k: r[k] for k in ['step'] + [k for k, _ in KEYS] if k in r} for r in rows]}
                                        for n, rows in curves.items()}, indent=1))
    import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt
    fig, axs = plt.subplots(1, 3, figsize=(11, 3.4))
    for ax, (k, t) in zip(axs, KEYS):
        for n, rows in curves.items():
            pts = [(r['step'], r[k]) for r in rows if k in r]
            ax.plot(*zip(*pts), marker='.', lw=2.5 if n == 'base' else 1.2, color='k' if n == 'base' else None, label=runs[n][1])
        ax.axvline(750, color='gray', ls=':', lw=1); ax.set_title(t, fontsize=9); ax.set_xlabel('step')
    axs[2].axhline(.8, color='gray', ls='--', lw=.8); axs[1].axhline(.9, color='gray', ls='--', lw=.8)
    fig.legend(*axs[0].get_legend_handles_labels(), loc='lower center', ncol=3, fontsize=7.5, frameon=False)
    fig.tight_layout(rect=(0, .14, 1, 1)); fig.savefig(a.out, dpi=90)
    print('wrote', a.out, a.json)
