"""Turn a percent-format script (`# %%` code cells, `# %% [markdown]` text cells) into a notebook.

A drafting aid: the notebook it writes is the source of truth afterwards (edit it in JupyterLab).
Usage: python tools/py2nb.py draft.py nbs/03_renderer.ipynb [--execute]
"""
import json, re, subprocess, sys
from pathlib import Path

def _cell(kind, lines):
    while lines and not lines[-1].strip(): lines.pop()
    while lines and not lines[0].strip(): lines.pop(0)
    if kind == 'markdown': lines = [re.sub(r'^# ?', '', l) for l in lines]
    src = [l + '\n' for l in lines]
    if src: src[-1] = src[-1][:-1]
    c = {'cell_type': kind, 'metadata': {}, 'source': src}
    if kind == 'code': c.update(execution_count=None, outputs=[])
    return c

def py2nb(text):
    "Split percent-format `text` into notebook cells."
    cells, kind, buf = [], None, []
    for line in text.splitlines():
        m = re.match(r'^# %%( \[(markdown|md)\])?\s*$', line)
        if m:
            if kind is not None and any(l.strip() for l in buf): cells.append(_cell(kind, buf))
            kind, buf = ('markdown' if m.group(1) else 'code'), []
        elif kind is not None: buf.append(line)
    if kind is not None and any(l.strip() for l in buf): cells.append(_cell(kind, buf))
    return {'cells': cells, 'metadata': {'kernelspec': {'display_name': 'python3', 'language': 'python', 'name': 'python3'}},
            'nbformat': 4, 'nbformat_minor': 5}

if __name__ == '__main__':
    src, dst = Path(sys.argv[1]), Path(sys.argv[2])
    dst.write_text(json.dumps(py2nb(src.read_text()), indent=1, ensure_ascii=False) + '\n')
    if '--execute' in sys.argv:
        bin_ = Path(sys.executable).parent
        subprocess.run([str(bin_/'jupyter'), 'nbconvert', '--to', 'notebook', '--execute', '--inplace',
                        '--ExecutePreprocessor.timeout=3600', str(dst.resolve())], check=True, cwd=dst.parent)
        subprocess.run([str(bin_/'nbdev_clean'), '--fname', str(dst)], check=True)
        subprocess.run([str(bin_/'nbdev_export'), '--path', str(dst)], check=True)  # ids are stable only after cleaning
    print(f'wrote {dst} ({len(py2nb(src.read_text())["cells"])} cells)')
