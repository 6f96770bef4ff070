"""Train in a synthetic world whose heads turn about a pivot at depth PIVOT (01's world: 1.0, 0.03 behind the heads' rim).
With PIVOT = 0.97 the heads turn about their rim, so a head's outline stays in place as it turns, as in photos that a
face detector has cropped: the outline's slide, a cue to the turn that needs no symmetry, is gone (07, Bar A).
Every split (train, val, test) is drawn from the moved world; the arguments after PIVOT are `sym3d_train`'s.
Usage: OMP_NUM_THREADS=1 python bench/screen_world_pivot.py 0.97 --data synthetic --config quick --out runs/piv097_full --max-minutes 12
       (and the same with --opt model.use_symmetry=false, side by side)"""
import sys
import sym3d_nb.data as D

if __name__ == '__main__':
    if len(sys.argv) < 2: raise SystemExit(__doc__)
    try: pivot = float(sys.argv.pop(1))
    except ValueError: raise SystemExit(f"PIVOT must be a number (a depth such as 0.97), got {sys.argv[1]!r}\n\n{__doc__}")
    _warp = D._warp
    D._warp = lambda P, view, pivot_=1.: _warp(P, view, pivot)     # render_view looks _warp up in the module at call time
    from sym3d_nb.training import sym3d_train
    sym3d_train()
