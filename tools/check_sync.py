"""Fail when `nbdev_export` or `nbdev_clean` would change anything: the committed library must match the notebooks."""
import hashlib, subprocess, sys
from pathlib import Path

def snapshot():
    files = sorted(Path('nbs').rglob('*.ipynb')) + sorted(Path('sym3d_nb').rglob('*.py'))
    return {str(p): hashlib.sha1(p.read_bytes()).hexdigest() for p in files if '.ipynb_checkpoints' not in str(p)}

bin_ = Path(sys.executable).parent
before = snapshot()
subprocess.run([str(bin_/'nbdev_export')], check=True)
subprocess.run([str(bin_/'nbdev_clean')], check=True)
after = snapshot()
changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
if changed:
    print('nbdev_export / nbdev_clean changed these files (now fixed in your tree; review and commit them):')
    for c in changed: print('  ', c)
    sys.exit(1)
print(f'notebooks clean and library in sync ({len(after)} files)')
