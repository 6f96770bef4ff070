"""Drop stderr outputs that are only PyTorch's 'No CUDA runtime is found' warning from notebooks (noise in the docs).
Usage: python tools/strip_noise.py nbs/05_model.ipynb ..."""
import json, sys
NOISE = 'No CUDA runtime is found'
for path in sys.argv[1:]:
    nb = json.load(open(path)); n = 0
    for c in nb['cells']:
        keep = [o for o in c.get('outputs', []) if not (o.get('name') == 'stderr' and all(NOISE in l or not l.strip() for l in o.get('text', [])))]
        n += len(c.get('outputs', [])) - len(keep)
        if 'outputs' in c: c['outputs'] = keep
    if n:
        json.dump(nb, open(path, 'w'), indent=1, ensure_ascii=False); open(path, 'a').write('\n')
    print(f'{path}: {n} outputs dropped')
