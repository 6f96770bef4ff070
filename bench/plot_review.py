"""Re-viewing, seen: for a few held-out faces of a run's own world, the input, the model's reconstruction, and its
canonical face rendered at other yaws (05's `review_image`, the pictures the view net learns from with loss.lam_review),
each titled with the yaw the model reads back from it. Also prints the least-squares slope of the read yaw on the
rendered one (128 faces, yaws ±15°, ±30°; the face itself and its symmetric part) and on the true one.
`--backdrop` renders as loss.review_backdrop does (only the face turns; the input's backdrop stays).
Usage: python bench/plot_review.py RUN [--n 4] [--yaws -30 0 30] [--backdrop] --out images/review_examples.png"""
import argparse, math, sys
from pathlib import Path
import torch
import matplotlib; matplotlib.use('Agg')
import matplotlib.pyplot as plt
sys.path.insert(0, str(Path(__file__).parent))
from diagnose_side import world
from sym3d_nb.training import load_model
from sym3d_nb.encoders import view_from_raw
from sym3d_nb.core import signed_to_unit, override

def at_yaw(view, yaw):
    "Views (B,6) turned to `yaw` degrees, no pitch or roll, with the translations of `view`."
    v = view.clone(); v[:, :3] = 0; v[:, 1] = math.radians(yaw); return v

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('run', help='run folder or checkpoint')
    ap.add_argument('--n', type=int, default=4); ap.add_argument('--yaws', type=float, nargs='+', default=[-30., 0., 30.])
    ap.add_argument('--backdrop', action='store_true', help='render as loss.review_backdrop does: only the face turns')
    ap.add_argument('--out', default='images/review_examples.png'); a = ap.parse_args()
    run = Path(a.run); m = load_model(run / 'last.pt' if run.is_dir() else run).eval(); S = m.cfg.model.image_size
    if a.backdrop: m.cfg = override(m.cfg, 'loss.review_backdrop', True)
    w = world(a.n, S, data=m.cfg.data)
    with torch.no_grad():
        p = m.reconstruct(w['image']); cols = [('input', p.input_im), ('recon', p.recon_im)]
        for yaw in a.yaws:
            im = m.review_image(p, at_yaw(p.view, yaw)); read = view_from_raw(m.netV(im), m.cfg.model)[:, 1]
            cols.append((f'yaw {yaw:+.0f}°', im, read))
    fig, axs = plt.subplots(a.n, len(cols), figsize=(1.5 * len(cols), 1.6 * a.n), squeeze=False)
    for i in range(a.n):
        for j, col in enumerate(cols):
            ax = axs[i, j]; ax.imshow(signed_to_unit(col[1][i]).clamp(0, 1).permute(1, 2, 0).numpy()); ax.set_xticks([]); ax.set_yticks([])
            if i == 0: ax.set_title(col[0], fontsize=8)
            if j == 0: ax.set_ylabel(f'true yaw {math.degrees(float(w["view"][i, 1])):+.0f}°', fontsize=7)
            if j == 1: ax.set_xlabel(f'reads {math.degrees(float(p.view[i, 1])):+.0f}°', fontsize=7)
            if len(col) == 3: ax.set_xlabel(f'reads {math.degrees(float(col[2][i])):+.0f}°', fontsize=7)
    slope = lambda x, y: float(((x - x.mean()) * (y - y.mean())).sum() / ((x - x.mean()) ** 2).sum())
    with torch.no_grad():                        # how far the view net reads turns: its own renders (the face itself and its
        w = world(128, S, data=m.cfg.data); p = m.reconstruct(w['image'])      # symmetric part, loss.review_sym), and the real faces
        for sym in (False, True):
            m.cfg = override(m.cfg, 'loss.review_sym', sym); xs, ys = [], []     # (loss.review_backdrop as the model has it)
            for yaw in (-30., -15., 15., 30.):
                v = at_yaw(p.view, yaw); xs.append(v[:, 1]); ys.append(view_from_raw(m.netV(m.review_image(p, v)), m.cfg.model)[:, 1])
            print(f'yaw slope on its own renders (yaw -30..30) of {"its symmetric part" if sym else "the face itself"}: {slope(torch.cat(xs), torch.cat(ys)):.3f}')
    print(f'yaw slope on 128 real faces: {slope(w["view"][:, 1], p.view[:, 1]):.3f}')
    fig.tight_layout(); Path(a.out).parent.mkdir(parents=True, exist_ok=True); fig.savefig(a.out, dpi=110); print('wrote', a.out)
