"""How does a trained model turn the heads? On held-out test faces: the slope, correlation and spread of its yaw against
the true yaw, its sideways shift t_x (and how it follows the true yaw), where its canonical face, rim and background sit
against the pivot (depth 1) and against the truth, the relief's scale (least-squares slope of the predicted canonical
depth on the true one over each face, median), the pitch slope, the light's correlations, and how the yaw's residual
follows the true light's l_x.
Usage: python bench/diagnose_turn.py RUN_OR_CHECKPOINT [--n 500] [--depth-ref mean|frame]
(--depth-ref overrides the checkpoint's model.depth_ref, for runs made before that key existed)"""
import argparse, json, numpy as np, torch
from sym3d_nb.training import load_model
from diagnose_side import world, ring

def turn_stats(m, n=500) -> dict:
    w = world(n, m.cfg.model.image_size, data=m.cfg.data)          # the model's own world (data.synth_pivot)
    with torch.no_grad(): p = m.reconstruct(w['image'])
    v, tv, l = p.view.numpy(), w['view'].numpy(), w['light'].numpy()
    y, yh = np.degrees(tv[:, 1]), np.degrees(v[:, 1]); slope = np.polyfit(y, yh, 1)[0]
    cd, tc = p.canon_depth, w['canon']; fg = tc < tc.max() - 1e-6; r = ring(fg, 1)
    relief = [np.polyfit(tc[i][fg[i]].numpy(), cd[i][fg[i]].numpy(), 1)[0] for i in range(len(cd))]   # per face
    c = lambda a, b: float(np.corrcoef(a, b)[0, 1])
    return dict(yaw_slope=float(slope), yaw_corr=c(y, yh), yaw_std_ratio=float(yh.std() / y.std()),
                pitch_slope=float(np.polyfit(tv[:, 0], v[:, 0], 1)[0]), relief_scale=float(np.median(relief)),
                tx_std=float(v[:, 3].std()), tx_std_true=float(tv[:, 3].std()), tx_corr_true_yaw=c(v[:, 3], y),
                face_depth=float(cd[fg].mean()), face_depth_true=float(tc[fg].mean()),
                rim_depth=float(cd[r].mean()), rim_depth_true=float(tc[r].mean()), background_depth=float(cd[~fg].mean()),
                light_corr_lx=c(p.light[:, 2].numpy(), l[:, 2]), light_corr_ly=c(p.light[:, 3].numpy(), l[:, 3]),
                yaw_residual_corr_true_lx=c(yh - slope * y, l[:, 2]))

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('run'); ap.add_argument('--n', type=int, default=500); ap.add_argument('--depth-ref', default=None)
    a = ap.parse_args()
    m = load_model(a.run).eval()
    if a.depth_ref: m.cfg.model.depth_ref = a.depth_ref
    for k, v in turn_stats(m, a.n).items(): print(f"{k:28s} {v:.4f}")
