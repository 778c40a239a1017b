"""nbval hooks for the lesson notebooks (``make test`` runs nbval over lessons/).

This file sits at the top level rather than in lessons/ so that learners browsing
lessons/ in JupyterLab see lessons, not test plumbing.

Outputs are compared strictly (no ``--nbval-lax``). Cells whose output
legitimately varies carry the ``nbval-ignore-output`` tag in their source.

stderr gets one special rule. TensorFlow's C++ log lines can reach a cell's
stderr in one run and not in another; nbval would then report "Missing output
fields: stderr" even though nothing the lesson teaches changed. So stderr is
taken out of nbval's raw comparison (the ``skip_compare`` hook nbval documents)
and compared here instead, *after* the sanitize rules in ``lessons/sanitize.cfg``
remove those log lines. Any other difference on stderr still fails the cell.

Graph pictures are compared through their text/plain twin (see below), and the
lessons are built and tested with Graphviz installed (``make test`` checks).

**Strict where exact, tolerant where numeric.** Trained figures (accuracies,
losses, gradient norms) differ in their last digits between CPUs and thread
counts. A cell that prints such figures carries the tag ``trained`` in its
source (``# %% tags=["trained"]``); in those cells only, every decimal number
(``0.93``, ``3.9e-06``, ``97%``) is masked before comparison, and the rest of
the text (words, integers, shapes, order of lines) is still compared exactly.
The claims those figures support are checked in the lesson by
``funclab.claim(...)`` with measured margins (``benchmarks/spread.py``).

**A different thread count from the build.** Each pytest process pins itself
(and so the kernels it starts) to one CPU: ``make lessons`` executes on every
CPU, ``make test`` re-executes on one, so a cell compared too strictly fails on
the developer's machine rather than on a learner's. With pytest-xdist, worker
``gwN`` takes CPU ``N`` (modulo the CPUs available) and whole notebooks.
"""

import os
import re
import sys

import pytest

from funclab.build import LESSON_ENV, TRAINED_TAG, mask_numbers


def _nbval_class(name: str):
    """One of nbval's item classes, or None when this run does not load nbval
    (``make test-fast`` passes ``-p no:nbval``: its import, through nbformat
    and jsonschema, costs seconds in every worker)."""
    plugin = sys.modules.get("nbval.plugin")
    return getattr(plugin, name) if plugin is not None else None


def _is_a(item, name: str) -> bool:
    cls = _nbval_class(name)
    return cls is not None and isinstance(item, cls)


def _lesson_environment(nbval: bool) -> None:
    """The kernel nbval starts inherits this process's environment: the same
    environment the notebooks were built in (funclab.build.LESSON_ENV). Unit
    tests keep a KERAS_BACKEND chosen from outside (make test-fast BACKEND=jax)."""
    chosen = os.environ.get("KERAS_BACKEND")
    os.environ.update(LESSON_ENV)
    if chosen and not nbval:
        os.environ["KERAS_BACKEND"] = chosen


def pytest_configure(config):
    _lesson_environment(getattr(config.option, "nbval", False))
    config.addinivalue_line("markers", "notebook: executes lesson notebooks (nbval cells, builds); make test-fast skips them")
    if getattr(config.option, "nbval", False) and hasattr(os, "sched_setaffinity"):
        _pin_to_one_cpu(config)


def _pin_to_one_cpu(config) -> None:
    """Pin this process, and the kernels it starts, to one CPU: worker ``gwN``
    to CPU ``N``. The xdist controller stays unpinned, or every worker it
    starts would inherit its one CPU."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None and getattr(config.option, "numprocesses", None):
        return  # the controller: it runs no tests
    cpus = sorted(os.sched_getaffinity(0))
    number = int(re.fullmatch(r"gw(\d+)", worker or "gw0").group(1))
    os.sched_setaffinity(0, {cpus[number % len(cpus)]})


EXPLORER_STATIC = '<div class="funclab-explorer-static">'


def pytest_collection_modifyitems(items):
    for item in items:
        if _is_a(item, "IPyNbCell"):
            item.add_marker(pytest.mark.notebook)
            if TRAINED_TAG in item.cell.get("metadata", {}).get("tags", ()):
                sanitize = item.sanitize
                item.sanitize = lambda text, sanitize=sanitize: mask_numbers(sanitize(text))
            _drop_explorer_pictures(item.cell)
    # Notebooks first, so that a run without workers shows a broken lesson
    # early. (Under `make test`, xdist's --dist loadfile hands out whole files
    # in its own order, by number of tests; keeping this order instead with
    # --no-loadscope-reorder measured no faster: 319 s against 302-311 s.)
    items.sort(key=lambda item: not _is_a(item, "IPyNbCell"))


def _drop_explorer_pictures(cell) -> None:
    """The explorer's saved-notebook view (text/html: its PNG and the pane's
    text) is written only by the build, which rasterises pictures; like the
    PNG twins, it is a rendering. What it shows is compared through the
    explorer's text/plain twin, which carries the graph and the pane."""
    for output in cell.get("outputs", []):
        html = output.get("data", {}).get("text/html", "")
        if isinstance(html, str) and html.startswith(EXPLORER_STATIC):
            del output["data"]["text/html"]


def pytest_collectstart(collector):
    if _is_a(collector, "IPyNbFile"):
        # SVG is a rendering, like the PNG and JPEG nbval already skips: its
        # coordinates depend on Graphviz's version and fonts. What a graph
        # teaches is in its text/plain twin, which is compared; the DOT text
        # behind it has golden tests (tests/test_dot.py).
        collector.skip_compare = tuple(collector.skip_compare) + ("stderr", "image/svg+xml")


def _stderr_text(outputs) -> str:
    return "".join(
        out.get("text", "")
        for out in outputs
        if out.get("output_type") == "stream" and out.get("name") == "stderr"
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    compared = (
        _is_a(item, "IPyNbCell")
        and item.options["check"]
        and item.cell.execution_count is not None
    )
    if compared:
        expected = item.sanitize(_stderr_text(item.cell.outputs))
        found = item.sanitize(_stderr_text(item.test_outputs))
        if expected != found:
            item.raise_cell_error(
                "Cell stderr differs (after sanitizing TensorFlow log lines)",
                f"--- expected (notebook) ---\n{expected}\n--- found (this run) ---\n{found}",
            )
    return result
