"""Does the model's depth carry the individual face, or only the average one? (issue: shape, not only pose)

On held-out synthetic faces with their true canonical depth, view and light:
1. scores (SIDE x100, MAD) of the model, the average face (07's `mean_depth` of the train split), the flat plane, and
   of hybrids under the model's own view: the TRUE canonical face, the AVERAGE canonical face, the model's canonical
   face; so that 'what the view costs' and 'what the shape costs' are separated;
2. how much individual shape the canonical depth carries: per face, the deviation of the predicted canonical relief
   from the mean predicted relief, correlated (pixel-wise over the face) with the true face's deviation from the mean
   true relief; and the ratio of their spreads (1 = the model varies its shape as much as the faces vary).
Usage: python bench/diagnose_shape.py RUN_OR_CHECKPOINT [--n 256] [--n-mean 1000] [--out bench/results/shape_NAME.json]
"""
import argparse, json
from pathlib import Path
import torch
import dataclasses
from sym3d_nb.renderer import Renderer
from sym3d_nb.data import make_dataset
from sym3d_nb.training import load_model
from sym3d_nb.evaluation import mean_depth
from _common import world, score

def deviation_stats(pred_c, true_c, fg):
    "Per-face correlation and spread ratio of (pred - mean pred) against (true - mean true) canonical relief over `fg`."
    dp, dt = pred_c - pred_c.mean(0), true_c - true_c.mean(0)
    corr, ratio = [], []
    for a, b, m in zip(dp, dt, fg):
        a, b = a[m].double(), b[m].double(); a, b = a - a.mean(), b - b.mean()
        corr.append(float((a * b).sum() / (a.norm() * b.norm()).clamp_min(1e-12))); ratio.append(float(a.norm() / b.norm().clamp_min(1e-12)))
    t = torch.tensor
    return {'dev_corr_median': float(t(corr).median()), 'dev_corr_mean': float(t(corr).mean()), 'dev_spread_ratio_median': float(t(ratio).median())}

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('run'); ap.add_argument('--n', type=int, default=256); ap.add_argument('--n-mean', type=int, default=1000)
    ap.add_argument('--out', default=None)
    a = ap.parse_args()
    torch.set_grad_enabled(False)
    m = load_model(a.run).eval(); S = m.cfg.model.image_size
    w = world(a.n, S, data=m.cfg.data)
    p = m.reconstruct(w['image'])
    warp = m.renderer.warp_canon_depth                                                   # the model's frame: its own views
    world_r = Renderer(S, dataclasses.replace(m.cfg.render, rot_center_depth=m.cfg.data.synth_pivot))
    warp_true = world_r.warp_canon_depth                                                 # the world's views turn about its pivot
    avg = mean_depth(make_dataset('synthetic', 'train', S, m.cfg.data), a.n_mean)        # the average face (view space)
    fg = w['canon'] < w['canon'].amax((1, 2), keepdim=True)                              # true canonical face
    canon_avg = w['canon'].mean(0, keepdim=True).expand_as(w['canon'])                   # average canonical face of these faces
    rows = {'model': p.recon_depth, 'average face (train)': avg.expand_as(w['depth']).clone(), 'flat': torch.ones_like(w['depth']),
            'TRUE canonical face, model view': warp(w['canon'], p.view),
            'AVERAGE canonical face, model view': warp(canon_avg.contiguous(), p.view),
            'AVERAGE canonical face, TRUE view': warp_true(canon_avg.contiguous(), w['view']),
            'TRUE canonical face, TRUE view (floor)': warp_true(w['canon'], w['view'])}
    res = {k: score(v, w['depth']) for k, v in rows.items()}
    af = res['average face (train)']
    for k, r in res.items(): r.update(side_vs_avg=r['side_x100'] / af['side_x100'], mad_vs_avg=r['mad'] / af['mad'])
    dev = deviation_stats(p.canon_depth, w['canon'], fg)
    relief = lambda c: float(torch.stack([c[i][fg[i]].max() - c[i][fg[i]].min() for i in range(len(c))]).median())   # over the true face
    dev.update(relief_pred_median=relief(p.canon_depth), relief_true_median=relief(w['canon']))
    print(f"{a.run}: {a.n} held-out faces at {S} px\n")
    print('| depth | SIDE x100 | MAD (deg) | ÷ avg face SIDE | ÷ avg face MAD |'); print('|---|---|---|---|---|')
    for k, r in res.items(): print(f"| {k} | {r['side_x100']:.3f} | {r['mad']:.2f} | {r['side_vs_avg']:.2f} | {r['mad_vs_avg']:.2f} |")
    print(f"\nindividual shape in the canonical depth: correlation with the true deviation from the mean face {dev['dev_corr_median']:.3f} (median), "
          f"spread ratio {dev['dev_spread_ratio_median']:.2f}; relief (max-min) predicted {dev['relief_pred_median']:.4f}, true {dev['relief_true_median']:.4f}")
    out = Path(a.out or Path(__file__).parent / 'results' / f"shape_{Path(a.run).stem}.json"); out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({'run': a.run, 'n': a.n, 'scores': res, 'deviation': dev}, indent=1)); print(f"wrote {out}")
