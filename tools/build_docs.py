"""Build the documentation website in `_docs/` from the notebooks in `nbs/` (what `make docs` runs).

One input, two engines:
- **Quarto**, when `quarto` is on PATH: nbdev's notebook processing, then `quarto render` -- what `nbdev_docs` does,
  without its installer (which would `pip install` into whatever python comes first on PATH).
- **smalldocs** otherwise (pure Python, in `.[dev]`): the same processing, then smalldocs renders the same
  `_quarto.yml` project.

Processing uses nbdev's own processors: each exported function gets its `show_doc` reference, hidden cells go, and
the saved outputs (figures) stay as they are. To make `show_doc` output, nbdev executes every cell that exports,
imports or calls `show_doc`; here cells flagged `#| slow`/`#| notest` never run, and a cell that mixes imports with
other work runs its imports only, so a demo or test that happens to import something cannot make the build slow. Only notebooks changed since the last
build are processed again (`_proc/` is the cache; `--force` rebuilds all).

After rendering, the site is made to work from disk without a network: maths is typeset at build time as MathML (by
`latex2mathml`, pure Python, pinned in `.[dev]`; browsers draw MathML themselves, so no KaTeX, CDN or fonts are needed),
and search also works from `file://`.

Usage: python tools/build_docs.py [--force] [--engine auto|quarto|smalldocs]
"""
import argparse, ast, html, os, re, shutil, subprocess, sys, time, traceback, warnings
from pathlib import Path
from urllib.parse import urljoin

from fastcore.xtras import working_directory
from nbdev.config import get_config
from nbdev.doclinks import nbglob, _nbpath2html
from nbdev.process import Processor
from nbdev.processors import FilterDefaults, exec_show_docs, _do_eval, _show_docs
from nbdev.quarto import refresh_quarto_yml, nbdev_sidebar
from nbdev.serve import _proc_file
from nbdev.serve_drv import exec_nb

CFG = get_config()
ROOT, NBS = CFG.config_path, CFG.nbs_path
PROC, DOCS = ROOT/'_proc', ROOT/CFG.doc_path.name
SKIP_FLAGS = set(CFG.get('tst_flags', '').split())
ENGINE = 'smalldocs'  # set in main(); the processors below read it

# ---------------------------------------------------------------- notebook processing (nbdev's, two changes)
EXPORTS = {'export', 'exports', 'exporti', 'exec_doc'}

class exec_doc_cells(exec_show_docs):
    """nbdev's `exec_show_docs` (runs export, import and `show_doc` cells), made safe for slow notebooks: cells flagged
    `#| slow`/`#| notest` and the `nbdev_export(...)` cell never run, and from any other cell that is not only imports
    (a demo, a test) just its top-level imports run; its saved outputs stay as they are."""
    def __call__(self, cell):
        d = set(cell.directives_ or {})
        if d & SKIP_FLAGS and not d & EXPORTS: return
        if cell.cell_type != 'code' or 'nbdev_export(' in cell.source: return
        trees = cell.parsed_() or []
        imports = [t for t in trees if isinstance(t, (ast.Import, ast.ImportFrom))]
        if d & EXPORTS or _show_docs(trees) or len(imports) == len(trees) > 0: return super().__call__(cell)
        if not imports or not self.nb.has_docs_ or not hasattr(self, 'k') or not _do_eval(cell): return
        self.k.run_cell('\n'.join(ast.get_source_segment(cell.source, t) for t in imports))
        if self.k.exc: raise Exception(f"Error in the imports of cell {cell.idx_}:\n{cell.source}") from self.k.exc

class relative_links(Processor):
    "Point nbdev's links to this site's pages (`{doc_host}{doc_baseurl}/core.html#x`) at relative page names."
    def begin(self):
        base = urljoin(CFG.doc_host + '/', CFG.doc_baseurl).rstrip('/') + '/'
        pages = {}
        for nb in nbglob(NBS, as_path=True):
            rel = nb.relative_to(NBS)
            local = rel.with_suffix('.html') if ENGINE == 'smalldocs' else _nbpath2html(rel)  # smalldocs keeps names
            pages[base + _nbpath2html(rel).as_posix()] = local.as_posix()
        self.subs = sorted(pages.items(), key=lambda kv: -len(kv[0])) + [(base, '')]
    def fix(self, s):
        for a, b in self.subs: s = s.replace(a, b)
        return s.replace('](../images/', '](images/').replace('src="../images/', 'src="images/')  # see copy_images
    def cell(self, cell):
        if cell.cell_type == 'markdown': cell.source = self.fix(cell.source)
        for o in cell.get('outputs', []):
            md = o.get('data', {}).get('text/markdown')
            if md: o['data']['text/markdown'] = [self.fix(s) for s in md] if isinstance(md, list) else self.fix(md)

class DocsFilter(FilterDefaults):
    "nbdev's docs processors with `exec_doc_cells` in place of `exec_show_docs`, and `relative_links` at the end."
    def base_procs(self):
        return [exec_doc_cells if p is exec_show_docs else p for p in super().base_procs()] + [relative_links]

def copy_images():
    "Notebooks show the repository's figures as `../images/x.png` (right in JupyterLab); the site gets `images/`."
    shutil.rmtree(PROC/'images', ignore_errors=True)
    if (ROOT/'images').is_dir(): shutil.copytree(ROOT/'images', PROC/'images')

def process(force=False):
    "Process changed notebooks into `_proc/` (nbdev's cache rules); return the names that failed."
    chk = max(CFG.config_file.stat().st_mtime, Path(__file__).stat().st_mtime)
    if force or (PROC.exists() and PROC.stat().st_mtime < chk): shutil.rmtree(PROC, ignore_errors=True)
    PROC.mkdir(exist_ok=True)
    built = PROC.stat().st_mtime  # when the last build ended (read before this run changes the folder)
    files = nbglob(NBS, func=Path, file_glob='', file_re='')
    files += [NBS/f for f in ('_quarto.yml', '_brand.yml') if (NBS/f).exists()]
    # a notebook that was deleted or renamed must not live on in the site
    keep = {PROC/f.relative_to(NBS) for f in files}
    for f in PROC.rglob('*'):
        if f.is_file() and f.relative_to(PROC).parts[0] not in (DOCS.name, 'images') and f not in keep: f.unlink()
    copy_images()
    todo = [t for t in (_proc_file(f, cache=PROC, path=NBS, mtime=built) for f in files) if t]
    failed = []
    os.environ['IN_TEST'] = '1'  # as nbdev's docs driver: notebooks shrink their work, nbdev_export is a no-op
    for src, dst, _ in todo:
        t0 = time.time()
        try:
            with working_directory(NBS), warnings.catch_warnings():
                warnings.filterwarnings('ignore', message='Found cells containing imports')
                exec_nb(src, dst, DocsFilter)
            print(f'  processed {src.relative_to(ROOT)} ({time.time() - t0:.1f}s)')
        except Exception as e:
            dst.unlink(missing_ok=True)
            cause = e.__cause__ or e
            print(f'  FAILED {src.relative_to(ROOT)}: {e}\n    {type(cause).__name__}: {cause}', file=sys.stderr)
            if os.environ.get('DOCS_DEBUG'): traceback.print_exc()
            failed.append(src.name)
    os.environ.pop('IN_TEST', None)
    PROC.touch()
    return failed

# ---------------------------------------------------------------- rendering
def render_quarto():
    subprocess.run(['quarto', 'render', '--no-cache'], cwd=PROC, check=True)

def render_smalldocs():
    from smalldocs.site import build
    site = build(PROC, quiet=True)
    ignored = ('output-file is not read',)  # nbdev writes output-file for Quarto; smalldocs names pages by notebook
    for w in site.warnings:
        if not any(i in w for i in ignored): print(f'  smalldocs warning: {w}', file=sys.stderr)

# ---------------------------------------------------------------- make the site work from disk
KATEX_CDN = 'https://cdn.jsdelivr.net/npm/katex@0.16.11/dist'
KATEX_TAGS = re.compile(r'<link[^>]*' + re.escape(KATEX_CDN) + r'[^>]*>|<script[^>]*' + re.escape(KATEX_CDN)
                        + r'[^>]*>\s*</script>')
MATH = re.compile(r'<span class="math (inline|display)">\\[(\[](.*?)\\[)\]]</span>', re.S)

def tex_to_mathml(tex, display=False):
    "MathML for one piece of TeX, typeset at build time by `latex2mathml` (pure Python, in `.[dev]`)."
    from latex2mathml.converter import convert
    return convert(html.unescape(tex), display='block' if display else 'inline')

def mathml_pages(pages):
    """Typeset the maths of every page as MathML, which browsers draw themselves (no KaTeX, no CDN, no fonts to ship),
    and drop the page's KaTeX tags. Return the number of formulas that could not be converted (left as TeX)."""
    try: import latex2mathml  # noqa: F401
    except ImportError:
        print('  note: maths loads KaTeX from a CDN; for maths offline install the dev extras (latex2mathml)')
        return 0
    failed = 0
    def one(m):
        nonlocal left
        try: return f'<span class="math {m[1]}">{tex_to_mathml(m[2], m[1] == "display")}</span>'
        except Exception as e:
            left += 1
            print(f'  warning: maths left as TeX ({type(e).__name__}): {m[2][:60]}', file=sys.stderr)
            return m[0]
    for p in pages:
        page = p.read_text(encoding='utf-8')
        if 'class="math ' not in page: continue
        left = 0
        page = MATH.sub(one, page)
        if not left: page = KATEX_TAGS.sub('', page)  # KaTeX stays only for a page with TeX it could not convert
        p.write_text(page, encoding='utf-8')
        failed += left
    return failed

# smalldocs' search fetches search.json, which browsers refuse for file:// pages; there, load it as a script instead
SEARCH_SHIM = ("<script>(function(){if(location.protocol!=='file:'||!window.fetch)return;var f=window.fetch;"
    "window.fetch=function(u){var s=String(u);if(s.slice(-11)!=='search.json')return f.apply(this,arguments);"
    "return new Promise(function(ok,no){var e=document.createElement('script');e.src=s.slice(0,-11)+'site_libs/search-index.js';"
    "e.onload=function(){ok({json:function(){return Promise.resolve(window.sym3dSearchIndex||[])}})};"
    "e.onerror=no;document.head.appendChild(e)})}})();</script>")

def offline_search(pages):
    "Write site_libs/search-index.js and add the file:// shim to every page; return True if done."
    idx = DOCS/'search.json'
    if not idx.exists(): return False
    (DOCS/'site_libs'/'search-index.js').write_text('window.sym3dSearchIndex=' + idx.read_text(encoding='utf-8') + ';\n',
                                                    encoding='utf-8')
    ok = True
    for p in pages:
        html = p.read_text(encoding='utf-8')
        m = re.search(r'<script src="[^"]*site_libs/smalldocs\.js"', html)
        if m is None: ok = False; continue
        p.write_text(html[:m.start()] + SEARCH_SHIM + html[m.start():], encoding='utf-8')
    return ok

# ---------------------------------------------------------------- checks
def check_site(engine):
    "Every notebook has a page; return the list of pages."
    pages = sorted(DOCS.rglob('*.html'))
    names = {p.relative_to(DOCS).as_posix() for p in pages}
    missing = []
    for nb in nbglob(NBS, as_path=True):
        rel = nb.relative_to(NBS)
        want = rel.with_suffix('.html') if engine == 'smalldocs' else _nbpath2html(rel)
        if rel.name == CFG.get('readme_nb', 'index.ipynb'): want = rel.with_name('index.html')
        if want.as_posix() not in names: missing.append(nb.name)
    return pages, missing

def main():
    global ENGINE
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--force', action='store_true', help='process every notebook again (ignore the _proc/ cache)')
    ap.add_argument('--engine', choices=['auto', 'quarto', 'smalldocs'], default='auto')
    a = ap.parse_args()
    ENGINE = a.engine if a.engine != 'auto' else ('quarto' if shutil.which('quarto') else 'smalldocs')
    if ENGINE == 'quarto' and not shutil.which('quarto'): sys.exit('build_docs: --engine quarto, but quarto is not on PATH')
    t0 = time.time()
    print(f'docs: engine {ENGINE}')
    refresh_quarto_yml()              # nbs/nbdev.yml from settings.ini (nbs/_quarto.yml is ours and left alone)
    nbdev_sidebar.__wrapped__()       # nbs/sidebar.yml: every notebook, in file-name (course) order
    engine_file = PROC/'.engine'
    force = a.force or (engine_file.exists() and engine_file.read_text() != ENGINE)  # links differ per engine
    failed = process(force)
    engine_file.write_text(ENGINE)
    shutil.rmtree(PROC/DOCS.name, ignore_errors=True)
    try: render_quarto() if ENGINE == 'quarto' else render_smalldocs()
    except Exception as e: sys.exit(f'build_docs: {ENGINE} failed: {type(e).__name__}: {e}')
    shutil.rmtree(DOCS, ignore_errors=True)
    shutil.move(PROC/DOCS.name, DOCS)
    pages, missing = check_site(ENGINE)
    if ENGINE == 'smalldocs':
        mathml_pages(pages)
        if not offline_search(pages): print('  warning: could not add file:// search to every page', file=sys.stderr)
    size = sum(f.stat().st_size for f in DOCS.rglob('*') if f.is_file()) / 2**20
    print(f'docs: {len(pages)} pages in {DOCS.relative_to(ROOT)}/ ({size:.1f} MB) in {time.time() - t0:.1f}s; '
          f'open {DOCS.relative_to(ROOT)}/index.html')
    if failed or missing:
        print(f'docs: FAILED notebooks: {", ".join(sorted(set(failed) | set(missing)))}', file=sys.stderr)
        sys.exit(1)

if __name__ == '__main__':
    try: main(); rc = 0
    except SystemExit as e:
        rc = e.code if isinstance(e.code, int) else 0 if e.code is None else 1
        if isinstance(e.code, str): print(e.code, file=sys.stderr)
    sys.stdout.flush(); sys.stderr.flush()
    os._exit(rc)  # skip IPython's exit hooks (one shell per processed notebook, about a second each)
