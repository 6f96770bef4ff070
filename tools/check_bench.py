"""bench/ holds tools that run: check every bench/*.py, one line each; exit status 1 if any fails.

Each script must (read from its source with `ast`) import only public names of sym3d_nb, import no other bench script
but the one helper module `_common` (which itself has no command line and is checked by import), touch no `sys.path`,
patch nothing (no fastcore `patch`/`patch_to`, no assignment to another module's attributes outside functions and the
`__main__` block), and then answer `--help` with a usage text and exit status 0 when run as
`python bench/NAME.py --help` from a copy of the repository's tracked bench/ and sym3d_nb/ files (a clean checkout:
no results, runs or untracked helpers), with that copy's sym3d_nb first on PYTHONPATH.
Usage: python tools/check_bench.py [--timeout 120] [--jobs N]
"""
import argparse, ast, os, shutil, subprocess, sys, tempfile, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HELPER = '_common'
PKG = 'sym3d_nb'

def _is_main_block(node) -> bool:
    "Whether `node` is `if __name__ == '__main__':`."
    return (isinstance(node, ast.If) and isinstance(node.test, ast.Compare) and isinstance(node.test.left, ast.Name)
            and node.test.left.id == '__name__')

def static_problems(path:Path, scripts:set) -> list:
    "What the source of one bench script breaks of the rules above (empty: nothing)."
    tree, out, pkg_aliases = ast.parse(path.read_text(encoding='utf-8')), [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            top = node.module.split('.')[0]
            if top == PKG:
                out += [f"imports private {node.module}.{a.name} (line {node.lineno})" for a in node.names if a.name.startswith('_')]
            if top in scripts and top != HELPER: out.append(f"imports script {top} (line {node.lineno})")
            if node.module.startswith('fastcore') and any(a.name in ('patch', 'patch_to') for a in node.names):
                out.append(f"imports fastcore's patch (line {node.lineno})")
        if isinstance(node, ast.Import):
            for a in node.names:
                top = a.name.split('.')[0]
                if top in scripts and top != HELPER: out.append(f"imports script {top} (line {node.lineno})")
                if top == PKG: pkg_aliases.add(a.asname or a.name)
        if isinstance(node, ast.Attribute) and node.attr == 'path' and isinstance(node.value, ast.Name) and node.value.id == 'sys':
            out.append(f"uses sys.path (line {node.lineno})")
    for node in ast.walk(tree):                                     # module._private through `import sym3d_nb.x as M`
        if (isinstance(node, ast.Attribute) and node.attr.startswith('_') and not node.attr.startswith('__')
                and isinstance(node.value, (ast.Name, ast.Attribute)) and ast.unparse(node.value) in pkg_aliases):
            out.append(f"uses private {ast.unparse(node)} (line {node.lineno})")
    for node in tree.body:                                          # on import: no attribute assignments (patches)
        if _is_main_block(node) or isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)): continue
        for sub in ast.walk(node):
            targets = sub.targets if isinstance(sub, ast.Assign) else [sub.target] if isinstance(sub, (ast.AugAssign, ast.AnnAssign)) else []
            out += [f"assigns {ast.unparse(t)} on import (line {sub.lineno})" for t in targets if isinstance(t, ast.Attribute)]
    return out

def clean_copy(dest:Path) -> Path:
    "Copy the tracked files of bench/ and sym3d_nb/ (working-tree contents) to `dest`; return dest."
    files = subprocess.run(['git', 'ls-files', '--cached', '--others', '--exclude-standard', 'bench', PKG], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.split()
    for f in files:
        if (ROOT/f).is_file(): (dest/f).parent.mkdir(parents=True, exist_ok=True); shutil.copy2(ROOT/f, dest/f)
    return dest

def run_help(copy:Path, script:Path, timeout:float):
    "(ok, seconds, message) of `python bench/SCRIPT --help` in the clean copy (the helper: `import _common`)."
    env = {**os.environ, 'PYTHONPATH': str(copy), 'MPLBACKEND': 'Agg'}
    cmd = ([sys.executable, '-c', f'import {HELPER}'] if script.stem == HELPER else [sys.executable, str(script.relative_to(copy)), '--help'])
    t = time.perf_counter()
    try: r = subprocess.run(cmd, cwd=copy if script.stem != HELPER else copy/'bench', env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired: return False, time.perf_counter() - t, f"--help still running after {timeout:.0f} s"
    dt, text = time.perf_counter() - t, r.stdout + r.stderr
    if r.returncode != 0: return False, dt, f"exit status {r.returncode}: " + (text.strip().splitlines() or [''])[-1][:200]
    if script.stem != HELPER and 'usage:' not in r.stdout: return False, dt, "--help printed no usage (does it parse its arguments?)"
    return True, dt, ''

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--timeout', type=float, default=120, help='seconds allowed for one --help')
    ap.add_argument('--jobs', type=int, default=min(4, os.cpu_count() or 1), help='--help runs at once')
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        copy = clean_copy(Path(tmp))
        scripts = sorted((copy/'bench').glob('*.py'))
        names, failed = {p.stem for p in scripts}, 0
        with ThreadPoolExecutor(a.jobs) as pool:                    # each --help is a process of its own: run a few at once
            helps = list(pool.map(lambda p: run_help(copy, p, a.timeout), scripts))
        for p, (ok, dt, msg) in zip(scripts, helps):
            problems = static_problems(p, names)
            if not ok: problems.append(msg)
            failed += bool(problems)
            print(f"{'FAIL' if problems else 'ok  '} bench/{p.name} ({dt:.1f} s)" + (': ' + '; '.join(problems) if problems else ''), flush=True)
    print(f"bench/: {len(scripts) - failed} of {len(scripts)} scripts pass")
    return 1 if failed else 0

if __name__ == '__main__': sys.exit(main())
