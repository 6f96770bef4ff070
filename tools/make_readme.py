"""Write README.md from nbs/index.ipynb (what `make readme` runs). Never edit README.md by hand.

- With Quarto on PATH: nbdev's own `nbdev_readme`.
- Without (this machine): the same nbdev notebook processing, then `jupyter nbconvert --to markdown` (its Python
  API), then links made to work from the top of the repository: `00_core.ipynb` -> `nbs/00_core.ipynb`,
  `../images/x.png` -> `images/x.png`. Output figures, if the index has any, go to `index_files/`.

Usage: python tools/make_readme.py [--check]
  --check: exit 1 if README.md is not what the notebook gives (with Quarto: if it is older than the notebook)
"""
import argparse, re, shutil, sys, tempfile
from pathlib import Path

from execnb.nbio import read_nb, write_nb
from nbdev.config import get_config

CFG = get_config()
ROOT, NBS = CFG.config_path, CFG.nbs_path
INDEX = NBS/CFG.get('readme_nb', 'index.ipynb')
FILES = 'index_files'  # where nbdev_readme puts the README's figures too

def _strip_directives(src):
    "Drop `#| ...` lines; say whether the code (echo: false) or the output (output: false) is to be hidden."
    lines = src.splitlines()
    dirs = [l for l in lines if re.match(r'\s*#\|', l)]
    hide_code = any(re.search(r'echo:\s*false', d) for d in dirs)
    hide_out = any(re.search(r'output:\s*false', d) for d in dirs)
    return '\n'.join(l for l in lines if l not in dirs), hide_code, hide_out

def processed_index(tmp:Path) -> Path:
    "nbdev's docs processing of the index notebook (hidden cells go, title block to markdown), saved in `tmp`."
    from nbdev.processors import FilterDefaults
    nb = read_nb(INDEX)
    FilterDefaults()(nb)
    fm = getattr(nb, 'frontmatter_', {}) or {}
    cells = [c for c in nb.cells if c.cell_type != 'raw' or not c.source.lstrip().startswith('---')]
    head = f"# {fm.get('title', CFG.lib_name)}" + (f"\n\n> {fm['description']}" if fm.get('description') else '')
    cells.insert(0, {'cell_type': 'markdown', 'id': 'readme-title', 'metadata': {}, 'source': head})
    for c in cells:
        if c.get('cell_type') != 'code': continue
        c['source'], hide_code, hide_out = _strip_directives(c['source'])
        if hide_out: c['outputs'] = []
        if hide_code: c['source'] = ''
    nb.cells = [c for c in cells if c.get('source') or c.get('outputs')]
    nb.metadata['language_info'] = {'name': 'python'}  # so code blocks are fenced as ```python
    out = tmp/INDEX.name
    write_nb(nb, out)
    return out

def relink(md:str) -> str:
    "Make the notebook's relative links work from the repository root."
    nbs_rel = NBS.relative_to(ROOT).as_posix()
    def fix(m):
        text, url = m.group(1), m.group(2)
        if re.match(r'[a-z]+:|#|/', url): return m.group(0)
        if url.startswith('../'): url = url[3:]                      # ../images/x.png -> images/x.png
        elif not url.startswith(FILES + '/'): url = f'{nbs_rel}/{url}'  # 00_core.ipynb -> nbs/00_core.ipynb
        return f'{text}({url})'
    return re.sub(r'(!?\[[^\]]*\])\(([^)\s]+)\)', fix, md)

def readme_nbconvert() -> tuple[str, dict]:
    "README text and its figure files, without Quarto."
    from nbconvert import MarkdownExporter
    import nbformat
    with tempfile.TemporaryDirectory() as d:
        nb = nbformat.read(processed_index(Path(d)), as_version=4)
    md, res = MarkdownExporter().from_notebook_node(nb, resources={'output_files_dir': FILES})
    md = re.sub(r'\n{3,}', '\n\n', relink(md)).strip() + '\n'
    return md, res.get('outputs', {})

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--check', action='store_true', help='only say whether README.md is up to date (exit 1 if not)')
    a = ap.parse_args()
    readme = ROOT/'README.md'
    if shutil.which('quarto') and a.check:  # Quarto writes its own markdown: only the dates can be compared
        ok = readme.exists() and readme.stat().st_mtime >= INDEX.stat().st_mtime
        print('README.md is newer than the index' if ok else 'README.md is older than nbs/index.ipynb: run `make readme`')
        sys.exit(0 if ok else 1)
    if shutil.which('quarto'):
        from nbdev.quarto import nbdev_readme
        nbdev_readme.__wrapped__()
        print(f'wrote {readme.relative_to(ROOT)} with nbdev_readme (Quarto)')
        return
    md, files = readme_nbconvert()
    if a.check:
        ok = readme.exists() and readme.read_text(encoding='utf-8') == md
        print('README.md is up to date' if ok else 'README.md differs from nbs/index.ipynb: run `make readme`')
        sys.exit(0 if ok else 1)
    if (ROOT/FILES).exists(): shutil.rmtree(ROOT/FILES)
    for name, data in files.items():
        (ROOT/name).parent.mkdir(parents=True, exist_ok=True)
        (ROOT/name).write_bytes(data)
    readme.write_text(md, encoding='utf-8')
    print(f'wrote {readme.relative_to(ROOT)} ({len(md.splitlines())} lines, {len(files)} figure(s)) from '
          f'{INDEX.relative_to(ROOT)} with nbdev processing + nbconvert')

if __name__ == '__main__': main()
