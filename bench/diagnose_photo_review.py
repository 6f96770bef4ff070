"""How does a trained model's view network read turns of the photograph itself? Each held-out photograph's pixels are
unwarped onto the model's canonical depth with its predicted view, rendered again at the predicted view turned by a
further yaw, and read back. Prints the change in the read yaw per degree of extra turn (1 = read at its full size),
with the plain depth and with its mirror mean. (bench/diagnose_oracle.py --review-photo trains with such renders.)
Usage: python bench/diagnose_photo_review.py RUN_OR_CHECKPOINT [--n 256] [--turns -20 -10 10 20]"""
import argparse, math, sys
from pathlib import Path
import torch, torch.nn.functional as F
sys.path.insert(0, str(Path(__file__).parent))
from diagnose_side import world
from sym3d_nb.training import load_model
from sym3d_nb.core import unit_to_signed
from sym3d_nb.model import mirror_mean, FACE_RELIEF
from sym3d_nb.encoders import view_from_raw

def photo_texture(m, depth, im, view):
    "The photograph `im` (B,3,H,W) unwarped onto the canonical `depth` (B,H,W) seen from `view` (B,6): (B,3,H,W)."
    B, H, W = depth.shape
    _, uv = m.renderer._view_vertices(depth, view)                       # (B,HW,2) where each canonical pixel lands
    return F.grid_sample(im, (uv / uv.new_tensor([W - 1, H - 1]) * 2 - 1).view(B, H, W, 2), mode='bilinear', align_corners=True)

def render_texture(m, depth, tex, view, im, backdrop=False):
    "The canonical texture `tex` on `depth` seen from `view`, the photograph `im` where the surface (or with `backdrop`, the face) does not land."
    rd = m.renderer.warp_canon_depth(depth, view); grid = m.renderer.inv_warp_grid(rd, view)
    out = F.grid_sample(tex, grid, mode='bilinear', align_corners=True)
    k = m.renderer.valid_mask(rd).float()[:, None]                      # (B,1,H,W)
    if backdrop:                                                         # only the face turns (05's loss.review_backdrop)
        face = (depth < m.cfg.render.border_depth - FACE_RELIEF).float()[:, None]
        k = k * F.grid_sample(face, grid, mode='bilinear', align_corners=True)
    return out * k + im * (1 - k)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('run'); ap.add_argument('--n', type=int, default=256)
    ap.add_argument('--turns', type=float, nargs='+', default=[-20, -10, 10, 20])
    a = ap.parse_args(); run = Path(a.run)
    m = load_model(run / 'last.pt' if run.is_dir() else run).eval(); w = world(a.n, m.cfg.model.image_size, data=m.cfg.data)
    read = lambda x: view_from_raw(m.netV(x), m.cfg.model)[:, 1]
    with torch.no_grad():
        im = unit_to_signed(w['image']); depth, albedo, view, light, _ = m.predict_factors(im)
        print('| depth | read at the predicted view vs the photograph | ' + ' | '.join(f'{t:+g}°' for t in a.turns) + ' |')
        print('|---|---|' + '---|' * len(a.turns))
        for name, d in [('plain', depth), ('mirror mean', mirror_mean(depth))]:
            tex = photo_texture(m, d, im, view); r0 = read(render_texture(m, d, tex, view, im))
            cells = []
            for t in a.turns:
                v = view.clone(); v[:, 1] += math.radians(t)
                cells.append(f'{float((read(render_texture(m, d, tex, v, im)) - r0).mean()) / math.radians(t):.3f}')
            c = float(torch.corrcoef(torch.stack([r0, read(im)]))[0, 1])
            print(f'| {name} | corr {c:.3f}, mean |diff| {math.degrees(float((r0 - read(im)).abs().mean())):.2f}° | ' + ' | '.join(cells) + ' |')
