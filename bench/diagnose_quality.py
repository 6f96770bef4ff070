"""What limits a trained model's shape: the view or the relief? A quick summary on held-out synthetic faces of its world.

Scores its view-space depth (SIDE x100, MAD) with the predicted and with the TRUE view, compares its canonical relief
(5-95 % depth range on the true face region) with the truth's, and shows how the view net explains yaw (yaw, pitch and
roll correlations with the truth; the sideways shift t_x against the true yaw). bench/diagnose_side.py breaks the same
question down further.
Usage: python bench/diagnose_quality.py RUN_OR_CHECKPOINT [--n 256]
(e.g. the shipped model: python bench/diagnose_quality.py sym3d_nb/pretrained/quick_synth.pt)"""
import argparse, torch, numpy as np
from sym3d_nb.training import load_model
from sym3d_nb.data import make_dataset
from sym3d_nb.evaluation import side, mad, eval_mask

def relief(x, m):
    "Depth range (5-95 percentile) of `x` over the pixels of `m`."
    return np.percentile(x[m].numpy(), 95) - np.percentile(x[m].numpy(), 5)

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('run', help='run folder or checkpoint'); ap.add_argument('--n', type=int, default=256, help='test faces')
    a = ap.parse_args()
    m = load_model(a.run).eval(); cfg = m.cfg; S = cfg.model.image_size
    ds = make_dataset('synthetic', 'test', S, cfg.data)
    its = [ds[i] for i in range(a.n)]
    g = lambda k: torch.stack([torch.as_tensor(i[k]) for i in its]).float()
    img, gt, v = g('image'), g('depth'), g('view')
    with torch.no_grad():
        p = m.reconstruct(img)
        rd_true = m.renderer.warp_canon_depth(p.canon_depth, v)            # predicted shape, TRUE view
        for name, d in [('pred shape, pred view', p.recon_depth), ('pred shape, true view', rd_true)]:
            msk = eval_mask(d, gt)
            print(f"{name:24s} SIDE x100 {100*side(d, gt, msk).mean():.3f}  MAD {mad(d, gt, msk).mean():.2f}")
        cd = g('canon_depth'); fg = cd < 1.1
        r_gt = np.mean([relief(cd[i], fg[i]) for i in range(len(its))]); r_pr = np.mean([relief(p.canon_depth[i], fg[i]) for i in range(len(its))])
        print(f"canonical relief (5-95% range on the true face region): pred {r_pr:.4f}  true {r_gt:.4f}  ratio {r_pr/r_gt:.2f}")
        py, ty = p.view[:, 1], v[:, 1]
        print(f"yaw corr {np.corrcoef(py, ty)[0,1]:.3f}  std ratio {float(py.std()/ty.std()):.3f}; pitch corr {np.corrcoef(p.view[:,0], v[:,0])[0,1]:.3f}; roll corr {np.corrcoef(p.view[:,2], v[:,2])[0,1]:.3f}")
        print(f"tx corr with true yaw {np.corrcoef(p.view[:,3], ty)[0,1]:.3f}")

if __name__ == '__main__': main()
