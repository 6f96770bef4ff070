"""Is the light identifiable from the images? With the TRUE canonical depth and view, fit a free light (and, unless
`--true-albedo`, a free albedo) per image by gradient descent on the model's own photometric loss (original + flip
branch, no networks, no confidence), from a frontal light and a grey albedo, and correlate the fitted light with the
truth. `--whole-image` scores every pixel, background included, as training does; otherwise the face only.
`--supervised N` instead trains the `quick` light net alone for N steps on the true light (MSE): can it learn the light?
`--probe N` trains the `quick` model for N steps with the TRUE depth and view fed in and a mirror-symmetric albedo, and at
steps 0, N/3 and N reports whether the loss's gradient on the predicted light points at the true light (and how big it is).
Usage: python bench/diagnose_light.py [--n 32] [--iters 400] [--lam-flip 0.5] [--whole-image] [--true-albedo]
                                      [--supervised 800] [--probe 300]"""
import argparse, json, numpy as np, torch
from diagnose_ambiguity import world
from sym3d_nb.core import get_config
from sym3d_nb.model import Unsup3D
from sym3d_nb.evaluation import erode

def fit_light(model, depth, albedo, view, target, light0, mask=None, lam_flip=.5, iters=400, lr=2e-2, fit_albedo=False):
    """Per-image light (n,4) fitted by Adam from `light0` on the original + `lam_flip` x flip photometric L1 against `target`
    (n,3,H,W) in [-1,1], over `mask` (n,1,H,W) (None: the pixels both branches see), with the albedo free if `fit_albedo`;
    also the final mean error of each branch."""
    n = len(depth); L = light0.clone().requires_grad_(True); A = albedo.clone().requires_grad_(fit_albedo)
    opt = torch.optim.Adam([L] + ([A] if fit_albedo else []), lr=lr)
    d, v, target = torch.cat([depth, depth.flip(2)]), view.repeat(2, 1), target.repeat(2, 1, 1, 1)
    if mask is None:
        with torch.no_grad(): valid = model.renderer.valid_mask(model.renderer.warp_canon_depth(d, v))
        mask = (valid[:n] & valid[n:]).float()[:, None]
    mk = mask.repeat(2, 1, 1, 1)
    for _ in range(iters):
        rec = model.render_branches(d, torch.cat([A, A.flip(3)]), v, L.repeat(2, 1))[-1]
        e = ((rec - target).abs() * mk).flatten(1).sum(1) / (3 * mk.flatten(1).sum(1))
        opt.zero_grad(); (e[:n].sum() + lam_flip * e[n:].sum()).backward(); opt.step()
        with torch.no_grad(): L[:, :2].clamp_(0, 1); L[:, 2:].clamp_(-1, 1); A.clamp_(-1, 1)
    return L.detach(), float(e[:n].detach().mean()), float(e[n:].detach().mean())

def supervised(steps=800):
    "Train the quick light net alone on the true light; (step, corr per component on 256 validation faces) every 200 steps."
    from torch.utils.data import DataLoader
    from sym3d_nb.core import unit_to_signed, seed_everything
    from sym3d_nb.data import make_dataset
    from sym3d_nb.training import build_model
    from sym3d_nb.encoders import light_from_raw
    cfg = get_config('quick'); seed_everything(0); net = build_model(cfg).netL
    tr = DataLoader(make_dataset('synthetic', 'train', 32, cfg.data, train=True), batch_size=32, shuffle=True, drop_last=True)
    val = make_dataset('synthetic', 'val', 32, cfg.data); vb = [val[i] for i in range(256)]
    vim, vl = torch.stack([b['image'] for b in vb]), torch.stack([torch.as_tensor(np.asarray(b['light'])) for b in vb]).float()
    opt = torch.optim.Adam(net.parameters(), lr=cfg.train.lr, weight_decay=cfg.train.weight_decay); step, out = 0, []
    while step < steps:
        for b in tr:
            loss = ((light_from_raw(net(unit_to_signed(b['image'])), cfg.model) - b['light'].float()) ** 2).mean()
            opt.zero_grad(); loss.backward(); opt.step(); step += 1
            if step % 200 == 0:
                with torch.no_grad(): P = light_from_raw(net(unit_to_signed(vim)), cfg.model)
                out.append((step, [float(np.corrcoef(P[:, j], vl[:, j])[0, 1]) for j in range(4)]))
                print(f"step {step}: light corr k_s, k_d, l_x, l_y = " + ', '.join(f'{c:.3f}' for c in out[-1][1]), flush=True)
            if step >= steps: break
    return out

def probe(steps=300, n=128):
    "Rows (step, corr(-grad, true - predicted light) per component, corr(predicted, true l_x), mean |grad l_x|)."
    import diagnose_oracle                                         # its patches: oracle view/depth, symmetric albedo
    from torch.utils.data import DataLoader
    from sym3d_nb.core import seed_everything
    from sym3d_nb.data import make_dataset
    from sym3d_nb.training import build_model, make_optimizers, train_step
    cfg = get_config('quick'); seed_everything(0); model = build_model(cfg); opts = make_optimizers(model, cfg.train)
    tr = DataLoader(make_dataset('synthetic', 'train', 32, cfg.data), batch_size=32, shuffle=True, drop_last=True)
    vb = [make_dataset('synthetic', 'val', 32, cfg.data)[i] for i in range(n)]
    V = {k: torch.stack([torch.as_tensor(np.asarray(b[k])) for b in vb]).float() for k in ('image', 'view', 'light', 'canon_depth')}
    model.sym_albedo, cls, rows = True, type(model), []
    def measure(step):
        model.oracle_view, model.oracle_depth = V['view'], V['canon_depth']; cap, pf = {}, cls.predict_factors
        def grab(self, im):
            d, a, v, l, s = pf(self, im); cap['l'] = l.detach().requires_grad_(True); return d, a, v, cap['l'], s
        cls.predict_factors = grab
        try: model(V['image']).losses['total'].backward()
        finally: cls.predict_factors = pf
        l, g = cap['l'].detach(), cap['l'].grad; err = V['light'] - l
        rows.append(dict(step=step, grad_corr={k: float(np.corrcoef(-g[:, j], err[:, j])[0, 1]) for j, k in enumerate(['k_s', 'k_d', 'l_x', 'l_y'])},
                         pred_corr_lx=float(np.corrcoef(l[:, 2], V['light'][:, 2])[0, 1]), grad_lx=float(g[:, 2].abs().mean())))
        r = rows[-1]; print(f"step {step}: corr(-grad, true - pred) " + ', '.join(f'{k} {v:.3f}' for k, v in r['grad_corr'].items())
                            + f"; predicted l_x corr {r['pred_corr_lx']:.3f}; mean |grad l_x| {r['grad_lx']:.1e}", flush=True)
    measure(0); step = 0
    while step < steps:
        for b in tr:
            model.oracle_view, model.oracle_depth = b['view'], b['canon_depth'].float()
            train_step(model, opts, b['image'], step); step += 1
            if step in (steps // 3, steps): measure(step)
            if step >= steps: break
    return rows

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('--n', type=int, default=32); ap.add_argument('--iters', type=int, default=400)
    ap.add_argument('--lam-flip', type=float, default=.5); ap.add_argument('--whole-image', action='store_true')
    ap.add_argument('--true-albedo', action='store_true'); ap.add_argument('--out', default=None)
    ap.add_argument('--supervised', type=int, default=0, help='train the light net alone on the true light for N steps')
    ap.add_argument('--probe', type=int, default=0, help='train N steps with the true depth and view; probe the light gradient')
    a = ap.parse_args(); torch.manual_seed(0)
    if a.probe:
        rows = probe(a.probe)
        if a.out: json.dump(dict(args=vars(a), rows=rows), open(a.out, 'w'), indent=1)
        return
    if a.supervised:
        out = supervised(a.supervised)
        if a.out: json.dump(dict(args=vars(a), curve=out), open(a.out, 'w'), indent=1)
        return
    w = world(a.n, 32); model = Unsup3D(get_config('quick'))
    face = erode(w['mask'])[:, None].float()
    L, e, ef = fit_light(model, w['depth'], w['albedo'] if a.true_albedo else torch.zeros_like(w['albedo']), w['view'], w['image'],
                         torch.tensor([[.5, .5, 0., 0.]]).repeat(a.n, 1), torch.ones_like(face) if a.whole_image else face,
                         a.lam_flip, a.iters, fit_albedo=not a.true_albedo)
    corr = {k: float(np.corrcoef(L[:, j], w['light'][:, j])[0, 1]) for j, k in enumerate(['k_s', 'k_d', 'l_x', 'l_y'])}
    print(f"{'whole image' if a.whole_image else 'face only'}, {'true' if a.true_albedo else 'free'} albedo, flip weight {a.lam_flip}: "
          f"fitted light corr with the truth " + ', '.join(f'{k} {v:.3f}' for k, v in corr.items()) + f"; L1 original {e:.4f}, flip {ef:.4f}")
    if a.out: json.dump(dict(args=vars(a), corr=corr, l1=e, l1_flip=ef), open(a.out, 'w'), indent=1)

if __name__ == '__main__': main()
