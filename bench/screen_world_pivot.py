"""Train in a synthetic world whose heads turn about a pivot at depth PIVOT (01's world: 1.0, 0.03 behind the heads' rim).
With PIVOT = 0.97 the heads turn about their rim, so a head's outline stays in place as it turns, as in photos that a
face detector has cropped: the outline's slide, a cue to the turn that needs no symmetry, is gone (07, Bar A).
Every split (train, val, test) is drawn from the moved world; the arguments after PIVOT are `sym3d_train`'s.
--dome H (a screen, not a library option): add a fixed head-sized dome of height H (world units, toward the camera)
to every canonical depth the model predicts, so that a turn moves the picture to first order from the first step
(`bench/diagnose_yaw_signal.py`).
Usage: OMP_NUM_THREADS=1 python bench/screen_world_pivot.py 0.97 [--dome 0.05] --data synthetic --config quick --out runs/piv097_full --max-minutes 12
       (and the same with --opt model.use_symmetry=false, side by side)"""
import sys, torch
import sym3d_nb.data as D

def head_dome(H:int, W:int, height:float) -> torch.Tensor:
    "(H,W) dome of the synthetic heads' mean size (01's `_head_dome`, untapered), `height` at its top, 0 outside."
    assert H == W, "the synthetic grid is square"
    return torch.from_numpy(D._head_dome(*D._grid(H), dict(ax=.55, ay=.72, y0=.02, taper=0., k=2.6, relief=height))[0]).float()

def add_dome(height:float):
    "Patch the model's depth parametrisation: canonical depth = the usual one minus a fixed dome, kept in range."
    import sym3d_nb.model as M
    f = M.depth_from_raw
    def depth_with_dome(raw, min_depth=.9, max_depth=1.1, ref='mean'):
        d = f(raw, min_depth, max_depth, ref)                                         # (B,H,W)
        return (d - head_dome(*d.shape[-2:], height).to(d)).clamp(min_depth, max_depth)
    M.depth_from_raw = depth_with_dome

def _number(flag, s):
    try: return float(s)
    except (TypeError, ValueError): raise SystemExit(f"{flag} must be a number, got {s!r}\n\n{__doc__}")

if __name__ == '__main__':
    if len(sys.argv) < 2: raise SystemExit(__doc__)
    pivot = _number('PIVOT', sys.argv.pop(1))
    if len(sys.argv) > 2 and sys.argv[1] == '--dome': sys.argv.pop(1); add_dome(_number('--dome', sys.argv.pop(1)))
    _warp = D._warp
    D._warp = lambda P, view, pivot_=1.: _warp(P, view, pivot)     # render_view looks _warp up in the module at call time
    from sym3d_nb.training import sym3d_train
    sym3d_train()
