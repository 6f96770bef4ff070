"""What limits a trained quick model: score its shape with the predicted and with the TRUE view, its relief scale, and how
the view net explains yaw (rotation vs translation). Usage: python bench/diagnose_quality.py RUN_OR_CHECKPOINT"""
import sys, torch, numpy as np
from sym3d_nb.training import load_model
from sym3d_nb.data import make_dataset
from sym3d_nb.evaluation import side, mad, eval_mask
m = load_model(sys.argv[1]); cfg = m.cfg; S = cfg.model.image_size
ds = make_dataset('synthetic', 'test', S, cfg.data)
its = [ds[i] for i in range(256)]
g = lambda k: torch.stack([torch.as_tensor(i[k]) for i in its]).float()
img, gt, v = g('image'), g('depth'), g('view')
with torch.no_grad():
    p = m.reconstruct(img)
    rd_true = m.renderer.warp_canon_depth(p.canon_depth, v)            # predicted shape, TRUE view
    mk = lambda d: eval_mask(d, gt)
    for name, d in [('pred shape, pred view', p.recon_depth), ('pred shape, true view', rd_true)]:
        msk = mk(d)
        print(f"{name:24s} SIDE x100 {100*side(d, gt, msk).mean():.3f}  MAD {mad(d, gt, msk).mean():.2f}")
    cd = g('canon_depth'); fg = cd < 1.1
    # relief: depth range of the canonical face region (robust: 5-95 percentile)
    rel = lambda x, mm: np.percentile(x[mm].numpy(), 95) - np.percentile(x[mm].numpy(), 5)
    r_gt = np.mean([rel(cd[i], fg[i]) for i in range(len(its))]); r_pr = np.mean([rel(p.canon_depth[i], fg[i]) for i in range(len(its))])
    print(f"canonical relief (5-95% range on the true face region): pred {r_pr:.4f}  true {r_gt:.4f}  ratio {r_pr/r_gt:.2f}")
    py, ty = p.view[:, 1], v[:, 1]
    print(f"yaw corr {np.corrcoef(py, ty)[0,1]:.3f}  std ratio {float(py.std()/ty.std()):.3f}; pitch corr {np.corrcoef(p.view[:,0], v[:,0])[0,1]:.3f}; roll corr {np.corrcoef(p.view[:,2], v[:,2])[0,1]:.3f}")
    print(f"tx corr with true yaw {np.corrcoef(p.view[:,3], ty)[0,1]:.3f}")
