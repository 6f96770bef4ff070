"""Imports flow one way in course order: fail on any import of a later module of sym3d_nb, lazy ones included.

Each module's rank is the position of its notebook (`#| default_exp NAME` in nbs/*.ipynb) in file-name order, e.g.
00_core < 01_data < 02_encoders < ... < 09_demo. The script reads sym3d_nb/*.py with `ast` (imports at the top of a
module and inside functions, classes and `if` blocks alike; code inside strings is not an import) and lists every
import of a module of higher rank as `module -> later_module (line N)`. Exit status 1 when there is one, else 0.
Usage: python tools/check_imports.py [--root REPO]
"""
import argparse, ast, json, re, sys
from pathlib import Path

def module_ranks(nbs:Path) -> dict:
    "{module: rank} from the notebooks' `default_exp`, ranked by notebook file name."
    ranks = {}
    for i, nb in enumerate(sorted(nbs.glob('*.ipynb'))):
        for cell in json.loads(nb.read_text(encoding='utf-8'))['cells']:
            m = re.search(r'^#\|\s*default_exp\s+(\S+)', ''.join(cell['source']), re.M)
            if m: ranks[m.group(1)] = i; break
    return ranks

def imported_modules(node, pkg:str) -> list:
    "Names of `pkg`'s modules that one import node imports (relative or absolute)."
    if isinstance(node, ast.Import):
        return [a.name.split('.')[1] for a in node.names if a.name.startswith(pkg + '.')]
    if isinstance(node, ast.ImportFrom):
        if node.level == 1 and node.module: return [node.module.split('.')[0]]
        if node.level == 0 and node.module and node.module.startswith(pkg + '.'): return [node.module.split('.')[1]]
        if (node.level == 1 and not node.module) or node.module == pkg: return [a.name for a in node.names]
    return []

def back_edges(lib:Path, ranks:dict, pkg:str='sym3d_nb') -> list:
    "(module, later_module, line) for every import of a module ranked after the importing one."
    out = []
    for py in sorted(lib.glob('*.py')):
        mod = py.stem
        if mod not in ranks: continue
        for node in ast.walk(ast.parse(py.read_text(encoding='utf-8'))):
            for dep in imported_modules(node, pkg):
                if dep in ranks and ranks[dep] > ranks[mod]: out.append((mod, dep, node.lineno))
    return sorted(out, key=lambda e: (ranks[e[0]], e[2]))

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--root', default=Path(__file__).resolve().parent.parent, type=Path, help='repository root')
    a = ap.parse_args(argv)
    ranks = module_ranks(a.root/'nbs')
    edges = back_edges(a.root/'sym3d_nb', ranks)
    order = ' -> '.join(sorted(ranks, key=ranks.get))
    for mod, dep, line in edges: print(f"{mod} -> {dep} (line {line})")
    print(f"import order ({order}): {len(edges)} back-edge(s)")
    return 1 if edges else 0

if __name__ == '__main__': sys.exit(main())
