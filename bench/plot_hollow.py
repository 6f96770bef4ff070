"""The hollow face: canonical shapes of trained runs side by side, rendered bare (shaded) from the side, for a few held-out
validation faces, with the true shape. A convex face and its inside-out twin make nearly the same frontal picture under this
near-orthographic camera, once the turn is mirrored; from the side they differ at a glance.
Usage: python bench/plot_hollow.py RUN=LABEL ... [--n 3] [--yaw 45] --out images/hollow_face.png"""
import argparse
from pathlib import Path
import torch
import matplotlib; matplotlib.use('Agg')
import matplotlib.pyplot as plt
from sym3d_nb.data import make_dataset
from sym3d_nb.core import DataConfig
from sym3d_nb.training import load_model
from sym3d_nb.evaluation import predict
from sym3d_nb.visualize import prediction_maps, prediction_from_truth, render_view

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('runs', nargs='+', help='RUN=LABEL (run folder or checkpoint)')
    ap.add_argument('--n', type=int, default=3); ap.add_argument('--yaw', type=float, default=45.)
    ap.add_argument('--first', type=int, default=0, help='first validation face shown')
    ap.add_argument('--out', default='images/hollow_face.png'); a = ap.parse_args()
    models = [(load_model(s.split('=', 1)[0]), s.split('=', 1)[1]) for s in a.runs]
    size = models[0][0].cfg.model.image_size
    ds = make_dataset('synthetic', 'val', size, DataConfig(load_gt_depth=True))
    b = torch.utils.data.default_collate([ds[i] for i in range(a.first, a.first + a.n)])
    truth = prediction_from_truth(b)
    cols = [('input', None), ('true shape', truth)] + [(label, predict(m, b['image'])) for m, label in models]
    fig, axs = plt.subplots(a.n, len(cols), figsize=(1.6 * len(cols), 1.6 * a.n), squeeze=False)
    for i in range(a.n):
        for j, (label, pred) in enumerate(cols):
            im = b['image'][i] if pred is None else render_view(prediction_maps(pred, i), yaw=a.yaw, mode='shaded', size=96)
            axs[i, j].imshow(im.permute(1, 2, 0).clamp(0, 1).numpy()); axs[i, j].axis('off')
            if i == 0: axs[i, j].set_title(label, fontsize=7)
    fig.suptitle(f'canonical shape seen from {a.yaw:g}° to the side (bare, shaded)', fontsize=8)
    fig.tight_layout(); Path(a.out).parent.mkdir(parents=True, exist_ok=True); fig.savefig(a.out, dpi=100)
    print('wrote', a.out)
