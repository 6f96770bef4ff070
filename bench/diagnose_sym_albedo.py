"""Does an asymmetric albedo hold the turn back? Continue a run (a copy of its folder) with the canonical albedo made
symmetric, (a + mirror a)/2, in every forward pass, and watch its validation curves (metrics.jsonl) as it trains on.
A diagnostic, not a training option: the library's albedo stays free.
Usage: python bench/diagnose_sym_albedo.py RUN_COPY MAX_STEPS [key=value ...]   (overrides as sym3d_train's --opt)
e.g. cp -r runs/bar_a_sf/full runs/fork_sym; OMP_NUM_THREADS=1 python bench/diagnose_sym_albedo.py runs/fork_sym 12500 loss.lam_flip=1.0 loss.conf_tie=true train.compile=false"""
import sys
from pathlib import Path
from sym3d_nb.core import load_config
from sym3d_nb.model import Unsup3D
from sym3d_nb.training import train_run, apply_overrides

_map_factors = Unsup3D.map_factors
def symmetric_albedo(self, raw_depth, albedo, raw_view, raw_light):
    "map_factors with the albedo (B,3,H,W) averaged with its mirror image."
    return _map_factors(self, raw_depth, (albedo + albedo.flip(3)) / 2, raw_view, raw_light)

if __name__ == '__main__':
    if len(sys.argv) < 3: raise SystemExit(__doc__)
    out, steps = sys.argv[1], int(sys.argv[2])
    bad = [kv for kv in sys.argv[3:] if '=' not in kv]
    if bad: raise SystemExit(f"overrides must be key=value, got '{bad[0]}'")
    Unsup3D.map_factors = symmetric_albedo
    cfg = apply_overrides(load_config(Path(out) / 'config.yaml'), dict(kv.split('=', 1) for kv in sys.argv[3:]))
    train_run('synthetic', cfg, out, None, steps, resume=True, quiet=True)
