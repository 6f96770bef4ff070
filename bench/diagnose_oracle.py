"""Is the quick model limited by learning the VIEW, the LIGHT or the SHAPE? Train it with the true view and/or light fed in
(`--oracle view|light|light_strength|light_direction|light_x|light_y|both|depth|depth+view`; `light_strength` feeds the true
k_s, k_d and learns the direction, `light_direction` the reverse, `light_x`/`light_y` one direction component) or as usual (`--oracle none`), validating SIDE/MAD, yaw and light correlations on
held-out synthetic faces. Screens for learning the light: `--lr-light`, `--sym-albedo-steps`, `--albedo-tv`, `--albedo-yspread`, `--canon-tilt`, `--flat-albedo-steps/-fade`;
for the shape's priors: `--depth-sm2`, `--canon-xtilt`, `--canon-ytilt`; netL / netV reading back random lights / views: `--relight`, `--review` (07). `--save PATH` keeps the final model for diagnose_side.py / diagnose_relief.py.
Usage: python bench/diagnose_oracle.py --oracle view --minutes 8 --out bench/results/oracle_view.json [--opt k=v ...]"""
import argparse, json, time, torch
from torch.utils.data import DataLoader
from fastcore.basics import patch_to
from sym3d_nb.core import get_config, seed_everything
from sym3d_nb.data import make_dataset
from sym3d_nb.model import Unsup3D, mirror_mean
from sym3d_nb.training import build_model, make_optimizers, train_step
from sym3d_nb.evaluation import score_depth, yaw_stats
from sym3d_nb.losses import canon_slopes, depth_smoothness, light_pose_slope
from sym3d_nb.encoders import light_from_raw
from diagnose_light_turn import corr, fit

LIGHT_COLS = {'light': (True,) * 4, 'both': (True,) * 4,                      # which of [k_s, k_d, l_x, l_y] each oracle feeds
              'light_strength': (True, True, False, False), 'light_direction': (False, False, True, True),
              'light_x': (False, False, True, False), 'light_y': (False, False, False, True)}

_orig = Unsup3D.predict_factors
@patch_to(Unsup3D)
def predict_factors(self, im):
    depth, albedo, view, light, smooth = _orig(self, im)
    if getattr(self, 'oracle_view', None) is not None: view = self.oracle_view.to(view)
    if getattr(self, 'netL2', None) is not None:                        # light direction from its own network
        light = torch.cat([light[:, :2], self.netL2(im)[:, 2:4]], 1)
    if getattr(self, 'oracle_light', None) is not None:                 # the true light, in the columns oracle_light_cols (4,) says
        cols = self.oracle_light_cols.to(light.device)
        light = self.oracle_light.to(light) if cols.all() else torch.where(cols, self.oracle_light.to(light), light)
    if getattr(self, 'oracle_depth', None) is not None:                 # the true face, the model's own background
        t = self.oracle_depth.to(depth); depth = torch.where(t < t.amax((1, 2), keepdim=True), t, depth)
    if getattr(self, 'sym_albedo', False): albedo = mirror_mean(albedo)   # a mirror-symmetric albedo
    if getattr(self, 'sym_depth', False): depth = mirror_mean(depth)      # (model.symmetric_depth does this before the priors)
    k = getattr(self, 'albedo_detail', 1.)
    if k < 1:                                      # a flat (per-image mean colour) albedo, its detail faded in: shading must explain the rest
        mean = albedo.mean((2, 3), keepdim=True); albedo = mean + k * (albedo - mean)
    return depth, albedo, view, light, smooth

def relight_loss(model, pred):
    "Mean |light(relit image) - random light|: the canonical face re-shaded by a light drawn from netL's range, seen again by netL."
    m = model.cfg.model; l2 = random_lights(m, len(pred.input_im))
    with torch.no_grad():
        im2 = model.render_branches(pred.canon_depth, pred.canon_albedo, pred.view, l2)[-1]    # (B,3,H,W) in [-1,1]
        k = pred.mask[:, None]; im2 = im2 * k + pred.input_im * (1 - k)                         # the input's own background
    return (light_from_raw(model.netL(im2), m) - l2).abs().mean()

_orig_loss = Unsup3D.loss
@patch_to(Unsup3D)
def loss(self, pred, step=0, depth_smooth=None):
    t = _orig_loss(self, pred, step, depth_smooth); w = getattr(self, 'albedo_tv', 0.)
    if w:                                          # intrinsic-image prior: albedo piecewise constant, shading in depth + light
        a = pred.canon_albedo
        t['albedo_tv'] = (a[:, :, 1:] - a[:, :, :-1]).abs().mean() + (a[..., 1:] - a[..., :-1]).abs().mean()
        t['total'] = t['total'] + w * t['albedo_tv']
    wy = getattr(self, 'albedo_yspread', 0.)
    if wy:                                         # the paint's up-down gradient is alike on every face; a light from above or below is not
        ys = canon_slopes(pred.canon_albedo.mean(1), border=0)[1]          # (B,) up-down slope of the albedo's brightness
        t['albedo_yspread'] = (ys - ys.mean()).abs().mean()
        t['total'] = t['total'] + wy * t['albedo_yspread']
    r = self.cfg.render; rng = r.max_depth - r.min_depth
    wt = getattr(self, 'canon_tilt', 0.)
    if wt:                                         # the canonical frame is shared: its up-down tilt should not vary per image
        slope = canon_slopes(pred.canon_depth, border=0)[1]
        t['canon_tilt'] = (slope - slope.mean()).abs().mean() / rng
        t['total'] = t['total'] + wt * t['canon_tilt']
    for name, j in (('canon_xtilt', 0), ('canon_ytilt', 1)):   # a canonical face is frontal: no left-right tilt, no up-down lean
        w = getattr(self, name, 0.)
        if w:
            t[name] = canon_slopes(pred.canon_depth)[j].abs().mean() / rng
            t['total'] = t['total'] + w * t[name]
    wr = getattr(self, 'relight', 0.)
    if wr:                                         # relit with a random light, the image must give that light back (trains netL only)
        t['relight'] = relight_loss(self, pred)
        t['total'] = t['total'] + wr * t['relight']
    wd = getattr(self, 'light_view_decor', 0.) if step >= getattr(self, 'light_view_decor_start', 0) else 0.
    if wd:                                         # the light's direction independent of the head's pose over a batch (04's loss.lam_light_pose)
        t['light_view_decor'] = light_pose_slope(pred.light, pred.view)
        t['total'] = t['total'] + wd * t['light_view_decor']
    w2 = getattr(self, 'depth_sm2', 0.)
    if w2:                                         # second-order smoothness on the depth with its border pinned (the package's option: before)
        t['depth_sm2'] = depth_smoothness(pred.canon_depth, r.min_depth, r.max_depth, order=2)
        t['total'] = t['total'] + w2 * t['depth_sm2']
    return t

def patch_review_photo():
    "Re-view the photograph: `review_views` turns from the predicted view, `review_image` renders the input's own pixels."
    import math
    from diagnose_photo_review import photo_texture, render_texture
    @patch_to(Unsup3D)
    def review_views(self, view):
        lim, top = self.cfg.loss.review_frac * math.radians(self.cfg.model.xyz_rotation_range), .95 * math.radians(self.cfg.model.xyz_rotation_range)
        rot = (view[:, :3].detach() + (2 * torch.rand(len(view), 3, device=view.device) - 1) * lim).clamp(-top, top)
        return torch.cat([rot, view[:, 3:].detach()], 1)
    @patch_to(Unsup3D)
    def review_image(self, pred, view):
        with torch.no_grad():
            depth = mirror_mean(pred.canon_depth) if self.cfg.loss.review_sym else pred.canon_depth
            tex = photo_texture(self, depth, pred.input_im, pred.view)          # the input's pixels on the canonical depth
            return render_texture(self, depth, tex, view, pred.input_im, self.cfg.loss.review_backdrop)

def random_lights(m, B):
    "Lights (B,4) drawn uniformly from netL's range."
    u = lambda lo, hi: lo + (hi - lo) * torch.rand(B, 1)
    return torch.cat([u(m.min_amb_light, m.max_amb_light), u(m.min_diff_light, m.max_diff_light), u(-1., 1.), u(-1., 1.)], 1)

def patch_review_light(w):
    "Re-view under random lights: netV reads the random view, netL the random light (weight w), from the same image."
    import dataclasses
    from sym3d_nb.encoders import view_from_raw
    @patch_to(Unsup3D)
    def review_term(self, pred):
        view, l2 = self.review_views(pred.view), random_lights(self.cfg.model, len(pred.view))
        im2 = self.review_image(dataclasses.replace(pred, light=l2), view)
        read = view_from_raw(self.netV(im2), self.cfg.model)
        return (read[:, :3] - view[:, :3]).abs().mean() + w * (light_from_raw(self.netL(im2), self.cfg.model) - l2).abs().mean()

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--oracle', default='view', choices=['view', 'light', 'light_strength', 'light_direction', 'light_x', 'light_y', 'both', 'depth', 'depth+view', 'none'])
    ap.add_argument('--minutes', type=float, default=8); ap.add_argument('--out', required=True)
    ap.add_argument('--config', default='quick'); ap.add_argument('--opt', nargs='*', default=[])
    ap.add_argument('--curriculum', type=int, default=0, help='steps over which the view range grows from --start to full')
    ap.add_argument('--start', type=float, default=.1, help='initial fraction of the view range')
    ap.add_argument('--zb-shift', type=float, default=0., help='move every synthetic head by this depth (negative: toward the camera, pivot behind the head)')
    ap.add_argument('--sym-albedo-steps', type=int, default=0, help='make the albedo mirror-symmetric for the first N steps')
    ap.add_argument('--sym-depth-steps', type=int, default=0, help='make the depth mirror-symmetric for the first N steps')
    ap.add_argument('--albedo-tv', type=float, default=0., help='weight of a total-variation prior on the albedo')
    ap.add_argument('--albedo-yspread', type=float, default=0., help='weight of a penalty on how much the albedo brightness\'s up-down slope varies across the batch')
    ap.add_argument('--canon-tilt', type=float, default=0., help='weight of a penalty on the spread of the canonical depth\'s up-down tilt')
    ap.add_argument('--depth-sm2', type=float, default=0., help='weight of a second-order smoothness prior on the canonical depth (mean |second difference|)')
    ap.add_argument('--canon-xtilt', type=float, default=0., help='weight of a penalty on the canonical depth\'s left-right tilt')
    ap.add_argument('--canon-ytilt', type=float, default=0., help='weight of a penalty on the canonical depth\'s up-down lean')
    ap.add_argument('--relight', type=float, default=0., help='weight of a relighting loss: the face re-shaded by a random light, netL must return that light')
    ap.add_argument('--review', type=float, default=0., help='loss.lam_review (05): the face turned by a random view, netV must return that view')
    ap.add_argument('--review-frac', type=float, default=None, help='loss.review_frac (05): the random views span this fraction of netV\'s rotation range')
    ap.add_argument('--review-photo', action='store_true', help='re-view the input photograph itself: its pixels unwarped onto the canonical depth with the predicted view, turned by a random angle from there; netV must read the predicted view plus that angle')
    ap.add_argument('--review-light', type=float, default=0., help='re-view under a random light too (needs --review): netL must read that light back from the re-viewed image, with this weight')
    ap.add_argument('--light-view-decor', type=float, default=0., help='weight of a prior: over a batch, the squared slope of the predicted l_x on the (detached) predicted yaw, and of l_y on the pitch')
    ap.add_argument('--light-view-decor-start', type=int, default=0, help='...from this step on')
    ap.add_argument('--save', default=None, help='write the final model here as a checkpoint (for diagnose_side.py)')
    ap.add_argument('--plain-background', action='store_true', help='synthetic backgrounds of one colour (their mean), not gradients and blobs')
    ap.add_argument('--split-light', action='store_true', help='predict the light direction with a second light network (own weights, own optimiser)')
    ap.add_argument('--lr-light', type=float, default=None, help='learning rate of the light net')
    ap.add_argument('--flat-albedo-steps', type=int, default=0, help='albedo flattened to its per-image mean colour for the first N steps...')
    ap.add_argument('--flat-albedo-fade', type=int, default=0, help='...then its detail faded in over this many steps')
    a = ap.parse_args()
    if a.plain_background:                        # same random draws, so the same faces, views and lights
        import numpy as np, sym3d_nb.data as D
        _bg = D.synth_background
        D.synth_background = lambda size, rng: np.broadcast_to(_bg(size, rng).mean((0, 1)), (size, size, 3)).copy()
    if a.zb_shift:
        import sym3d_nb.data as D
        _fi = D.face_identity
        def face_identity(rng): p = _fi(rng); p['zb'] += a.zb_shift; return p
        D.face_identity = face_identity
    if a.review: a.opt += [f'loss.lam_review={a.review}'] + ([f'loss.review_frac={a.review_frac}'] if a.review_frac else [])
    if a.review_photo: patch_review_photo()
    if a.review_light: patch_review_light(a.review_light)
    cfg = get_config(a.config, **dict(o.split('=', 1) for o in a.opt)); seed_everything(cfg.train.seed)
    S = cfg.model.image_size
    model = build_model(cfg); optims = make_optimizers(model, cfg.train); model.albedo_tv = a.albedo_tv; model.albedo_yspread = a.albedo_yspread; model.canon_tilt = a.canon_tilt; model.depth_sm2 = a.depth_sm2; model.canon_xtilt = a.canon_xtilt; model.canon_ytilt = a.canon_ytilt; model.relight = a.relight; model.light_view_decor = a.light_view_decor; model.light_view_decor_start = a.light_view_decor_start
    if a.split_light:
        import copy
        model.netL2 = copy.deepcopy(model.netL)
        for m_ in model.netL2.modules():
            if hasattr(m_, 'reset_parameters'): m_.reset_parameters()
        optims['netL2'] = torch.optim.Adam(model.netL2.parameters(), lr=cfg.train.lr, weight_decay=cfg.train.weight_decay)
    if a.lr_light:
        for g in optims['netL'].param_groups: g['lr'] = a.lr_light
    trds = make_dataset('synthetic', 'train', S, cfg.data, train=not a.oracle.startswith('depth'))  # the cache keeps no depth
    trds.view_warmup, trds.view_start = a.curriculum, a.start   # 01's view warm-up (data.synth_view_warmup); warm-up items are not cached
    tr = DataLoader(trds, batch_size=cfg.train.batch_size, shuffle=True, drop_last=True)
    val = list(DataLoader(torch.utils.data.Subset(make_dataset('synthetic', 'val', S, cfg.data), range(256)), batch_size=64))
    def validate():
        sc, yp, yt, lp, lt = {}, [], [], [], []
        model.sym_albedo, model.sym_depth = step < a.sym_albedo_steps, step < a.sym_depth_steps   # as trained at this step
        for b in val:
            feed(b)
            with torch.no_grad(): p = model.reconstruct(b['image'])
            for k, v in score_depth(p.recon_depth, b['depth'], cfg.render).items(): sc.setdefault(k, []).append(v)
            yp.append(p.view[:, 1]); yt.append(b['view'][:, 1]); lp.append(p.light); lt.append(b['light'])
        r = {k: float(torch.cat(v).nanmean()) for k, v in sc.items()}
        if a.oracle in ('none', 'depth') or a.oracle.startswith('light'): r.update(yaw_stats(torch.cat(yp), torch.cat(yt)))
        if a.oracle in ('none', 'view', 'depth', 'depth+view', 'light_strength', 'light_direction', 'light_x', 'light_y'):
            lp, lt = torch.cat(lp), torch.cat(lt)
            r.update({f'light_{k}_corr': float(torch.corrcoef(torch.stack([lp[:, j], lt[:, j]]))[0, 1]) for j, k in enumerate(['ks', 'kd', 'lx', 'ly'])})
            r['lx_resid_yaw_corr'] = corr(fit(lp[:, 2], [lt[:, 2]])[1], torch.cat(yt))   # the light's share of the turn
        return r
    def feed(b):
        model.oracle_view = b['view'] if a.oracle in ('view', 'both', 'depth+view') else None
        model.oracle_light = b['light'] if a.oracle in LIGHT_COLS else None
        model.oracle_depth = b['canon_depth'].float() if a.oracle.startswith('depth') else None
    model.oracle_light_cols = torch.tensor(LIGHT_COLS.get(a.oracle, (True,) * 4))
    rows, step, t0, done = [], 0, time.time(), False
    while not done:
        for b in tr:
            trds.set_step(step)                   # set after this step's batch was drawn: it shapes the next one (as before)
            feed(b); model.sym_albedo = step < a.sym_albedo_steps; model.sym_depth = step < a.sym_depth_steps
            if a.flat_albedo_steps or a.flat_albedo_fade:
                model.albedo_detail = min(1., max(0., (step - a.flat_albedo_steps) / max(a.flat_albedo_fade, 1)))
            pred, losses = train_step(model, optims, b['image'], step); step += 1
            if step % 250 == 0 or time.time() - t0 > a.minutes * 60:
                model.eval(); r = dict(step=step, minutes=round((time.time() - t0) / 60, 2), **{k: round(v, 4) for k, v in losses.items()}, **validate()); model.train()
                rows.append(r); print(json.dumps(r), flush=True)
                json.dump(dict(oracle=a.oracle, opts=a.opt, sym_albedo_steps=a.sym_albedo_steps, sym_depth_steps=a.sym_depth_steps, lr_light=a.lr_light, albedo_tv=a.albedo_tv, albedo_yspread=a.albedo_yspread, canon_tilt=a.canon_tilt, depth_sm2=a.depth_sm2, canon_xtilt=a.canon_xtilt, canon_ytilt=a.canon_ytilt, flat_albedo_steps=a.flat_albedo_steps, flat_albedo_fade=a.flat_albedo_fade, plain_background=a.plain_background, split_light=a.split_light, relight=a.relight, review=a.review, review_photo=a.review_photo, review_light=a.review_light, light_view_decor=a.light_view_decor, light_view_decor_start=a.light_view_decor_start, review_frac=a.review_frac, curriculum=a.curriculum, zb_shift=a.zb_shift, start=a.start, rows=rows), open(a.out, 'w'), indent=1)
                if time.time() - t0 > a.minutes * 60: done = True; break
    if a.save:
        from sym3d_nb.training import save_checkpoint
        save_checkpoint(a.save, model, optims, cfg, step)

if __name__ == '__main__': main()
