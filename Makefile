# funclab: `make lab` to learn, `make test` to check. Both set themselves up.
#
#   make lab       JupyterLab on lessons/ (localhost, token auth); PORT=8888 by default
#   make test      unit tests + nbval over every lesson notebook (what CI runs)
#   make test-fast unit tests and doctests, no notebooks; BACKEND=jax runs them on JAX
#   make lint      ruff over the package, tests and benchmarks
#   make test-keras-nightly  unit tests against keras-nightly, in build/nightly-venv (not in CI)
#   make lessons   rebuild every notebook from lessons/src/ and execute it
#   make test-browser  run lessons 3 and 6 in JupyterLab in headless Chromium
#   make bench     time and measure every lesson (benchmarks/)
#
# PYTHON picks the interpreter that creates .venv (3.11 or newer).

PYTHON ?= python3
BACKEND ?= tensorflow
VENV ?= .venv
PORT ?= 8888
BIN := $(VENV)/bin
PY := $(BIN)/python
LESSON_SOURCES := $(sort $(wildcard lessons/src/*.py))
# nbval runs the English notebooks; the Korean ones (lessons/ko) are the same
# execution with the prose translated, checked by tests/test_translations.py.
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with lessons/sanitize.cfg --ignore=lessons/ko
# Two workers, whole files each; conftest.py pins each worker (and its kernels)
# to one CPU, a different thread count from `make lessons`.
PARALLEL := -n 2 --dist loadfile
UNIT := tests funclab --doctest-modules --ignore=lessons/src --ignore=tests/fixtures --ignore=tests/browser
# Let Python write bytecode caches even where the environment says not to
# (PYTHONDONTWRITEBYTECODE=1, as on some CI machines): a test run starts some
# twenty Python processes (workers, one kernel per notebook, builds), and
# without caches each compiles funclab again and pytest rewrites every test
# module again in each worker. __pycache__ is ignored by git.
WRITE_BYTECODE := PYTHONDONTWRITEBYTECODE=
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: help lab test test-fast lint test-keras-nightly test-browser lessons bench clean

help:
	@sed -n '1,/^$$/p' Makefile | sed 's/^# \{0,1\}//'

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "funclab needs Python 3.11 or newer, but $(PYTHON) is " + sys.version.split()[0] + ": run make with PYTHON=python3.11 (or newer)")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# One stamp per extra, remade when pyproject.toml changes.
$(VENV)/.installed-%: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[$*]'
	@touch $@

lab: $(VENV)/.installed-lab
	env $$($(PY) -m funclab.build env) $(BIN)/jupyter lab \
		--ServerApp.root_dir=lessons --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) $(ALLOW_ROOT)

test: $(VENV)/.installed-test
	@command -v dot >/dev/null 2>&1 || { echo "make test needs Graphviz's dot program: the lessons' graphs were built with it."; \
		echo "Install it (apt-get install graphviz, brew install graphviz) and retry; .ci/run installs it."; exit 1; }
	$(WRITE_BYTECODE) $(PY) -m pytest $(UNIT) lessons $(NBVAL) $(PARALLEL)

# Two workers, one TensorFlow (or XLA) thread each: with a thread pool per
# worker as wide as the machine, the two pools fight over the same cores.
ONE_THREAD := TF_NUM_INTRAOP_THREADS=1 TF_NUM_INTEROP_THREADS=1 \
	XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"

test-fast: $(VENV)/.installed-test $(if $(filter jax,$(BACKEND)),$(VENV)/.installed-jax)
	@command -v dot >/dev/null 2>&1 || { echo "make test-fast needs Graphviz's dot program (apt-get install graphviz)."; exit 1; }
	$(WRITE_BYTECODE) KERAS_BACKEND=$(BACKEND) $(ONE_THREAD) $(PY) -m pytest $(UNIT) -m "not notebook" -n 2 --dist worksteal -p no:nbval

lint: $(VENV)/.installed-lint
	$(BIN)/ruff check funclab tests benchmarks conftest.py

# The next Keras, before it is released: funclab reads Keras internals, so this
# shows early what a new Keras changes. Not in CI: keras-nightly changes daily.
NIGHTLY := build/nightly-venv
test-keras-nightly:
	rm -rf $(NIGHTLY)
	$(PYTHON) -m venv $(NIGHTLY)
	$(NIGHTLY)/bin/python -m pip install --quiet --upgrade pip
	$(NIGHTLY)/bin/python -m pip install --quiet -e '.[test]'
	$(NIGHTLY)/bin/python -m pip uninstall --quiet -y keras
	$(NIGHTLY)/bin/python -m pip install --quiet --pre keras-nightly
	$(NIGHTLY)/bin/python -c 'import keras; print("keras", keras.__version__)'
	$(NIGHTLY)/bin/python -m pytest $(UNIT) -m "not notebook" -n 2 --dist loadfile

test-browser: $(VENV)/.installed-test $(VENV)/.installed-browser
	$(PY) -m pytest tests/browser -v

lessons: $(VENV)/.installed-test
	$(PY) -m funclab.build $(LESSON_SOURCES)

bench: $(VENV)/.installed-test
	$(PY) benchmarks/lessons.py

clean:
	rm -rf $(VENV) build
