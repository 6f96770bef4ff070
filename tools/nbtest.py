"""Run every notebook's tests like `nbdev_test`, then print a closing line CI can read: `N passed, M failed`."""
import os, sys, argparse, time
from fastcore.parallel import parallel
from fastcore.xtras import working_directory
from nbdev.config import get_config
from nbdev.doclinks import nbglob
from nbdev.test import test_nb, _keep_file

ap = argparse.ArgumentParser()
ap.add_argument('--flags', default='', help='extra flags to run, e.g. "slow"')
ap.add_argument('--n_workers', type=int, default=None)
ap.add_argument('--path', default=None, help='one notebook or a glob under nbs/')
a = ap.parse_args()
cfg = get_config()
files = [f.absolute() for f in sorted(nbglob(a.path or cfg.nbs_path, as_path=True)) if _keep_file(f, '.notest')]
if not files:
    print('no notebook ran\n0 passed, 0 failed'); sys.exit(1)
n = a.n_workers if a.n_workers is not None else (0 if len(files) == 1 else min(os.cpu_count() or 1, 8))
t0 = time.time()
with working_directory(cfg.nbs_path):
    res = parallel(test_nb, files, skip_flags=cfg.tst_flags.split(), force_flags=a.flags.split(),
                   n_workers=n, basepath=cfg.config_path, pause=0.01)
failed = [f.name for (ok, _), f in zip(res, files) if not ok]
for (ok, t), f in zip(res, files): print(f"{'PASS' if ok else 'FAIL'} {f.name} ({t:.1f}s)")
print(f"total {time.time()-t0:.1f}s")
print(f"{len(files) - len(failed)} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
