"""The instructors' build: lesson sources in, executed notebooks out.

Each lesson has one source of truth, a jupytext ``py:percent`` file in
``lessons/src/``. The notebook beside it in ``lessons/`` is generated from that
source, executed in a fresh kernel and committed with its outputs::

    python -m funclab.build lessons/src/*.py          # regenerate and execute
    python -m funclab.build --check lessons/src/*.py  # do the notebooks match?
    python -m funclab.build env                        # the lessons' environment

``make lessons`` runs the first command. The written JSON is normalised so that
rebuilding an unchanged source changes nothing but outputs that legitimately
vary (training progress): cell ids derive from cell content, volatile metadata
is dropped, keys are sorted, and TensorFlow's C++ log lines are removed from
stderr with the same sanitize rules nbval uses (``lessons/sanitize.cfg``).

This module needs the ``test`` extra (jupytext, nbclient, ipykernel).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "LESSON_ENV",
    "TRAINED_TAG",
    "mask_numbers",
    "BuildReport",
    "ExecutionStats",
    "notebook_path",
    "notebook_from_source",
    "build_lesson",
    "check_lesson",
    "main",
]

#: Environment every lesson kernel runs with: the build, nbval (conftest.py),
#: ``make lab`` and Binder (binder/start) all take it from here.
LESSON_ENV = {
    # Keras 3 can run on several backends; the lessons are written for TensorFlow.
    "KERAS_BACKEND": "tensorflow",
    # TensorFlow's C++ INFO/WARNING lines land on a cell's stderr in one run and
    # not in another; level 3 keeps only fatal errors.
    "TF_CPP_MIN_LOG_LEVEL": "3",
    # oneDNN chooses kernels by the CPU's instruction set at run time, so its
    # float results differ between machines and a printed, rounded accuracy
    # could differ between the committed notebook and a CI run.
    "TF_ENABLE_ONEDNN_OPTS": "0",
    # String hashing (set and dict iteration over names) the same in every run.
    "PYTHONHASHSEED": "0",
}

#: The cell tag for cells that print trained figures: nbval compares them with
#: every decimal number masked (conftest.py); the claims they support are
#: checked in the lesson with funclab.claim and measured margins.
TRAINED_TAG = "trained"
_DECIMAL = re.compile(
    r"(?<![\w.])[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?%"  # 97%, 0.5%
    r"|(?<![\w.])[-+]?(?:\d+\.\d+|\d+(?=[eE]))(?:[eE][-+]?\d+)?"  # 0.93, 3.9e-06, 2e-05
)


def mask_numbers(text):
    """Replace every decimal number (not integers) with ``NUMBER``.

    >>> mask_numbers("epoch 3: accuracy 0.93 (None, 32) 97% 3.9e-06 2e-05")
    'epoch 3: accuracy NUMBER (None, 32) NUMBER NUMBER NUMBER'
    """
    return _DECIMAL.sub("NUMBER", text) if isinstance(text, str) else text


KERNEL_NAME = "python3"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": KERNEL_NAME}
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
HEADER_CELL_ID = "generated-from-source"


@dataclass
class ExecutionStats:
    """How long a notebook took to execute in a fresh kernel, and its memory.

    ``seconds`` runs from starting the kernel to the end of the last cell.
    ``peak_rss_mb`` is the kernel's resident-set high-water mark (Linux
    ``VmHWM``, exact); elsewhere the largest RSS seen after a cell, which can
    miss a peak inside a cell.
    """

    seconds: float
    peak_rss_mb: float | None
    cell_seconds: dict[int, float] = field(default_factory=dict)

    @property
    def slowest_cell(self) -> tuple[int, float] | None:
        if not self.cell_seconds:
            return None
        return max(self.cell_seconds.items(), key=lambda item: item[1])


@dataclass
class BuildReport:
    """What building one lesson did."""

    source: Path
    notebook: Path
    stats: ExecutionStats
    stderr_cells: list[int] = field(default_factory=list)


def notebook_path(source: Path) -> Path:
    """``lessons/src/01_name.py`` → ``lessons/01_name.ipynb``."""
    source = Path(source)
    return source.parent.parent / (source.stem + ".ipynb")


def sanitize_file(source: Path) -> Path:
    """The nbval sanitize file that belongs to a lesson source."""
    return Path(source).parent.parent / "sanitize.cfg"


def load_sanitize_patterns(path: Path) -> list[tuple[str, str]]:
    """Read ``regex:``/``replace:`` pairs in nbval's sanitize-file format."""
    text = Path(path).read_text(encoding="utf-8")
    return re.findall(r"^regex: (.*)$\n^replace: (.*)$", text, flags=re.MULTILINE)


def _header_cell(source: Path, nbformat):
    rel = f"src/{source.name}"
    text = (
        f"*Generated from [`{rel}`]({rel}) by `make lessons`.* "
        "*To change this lesson, edit that file and rebuild: changes made here are "
        "overwritten. Running the cells here is fine.*"
    )
    cell = nbformat.v4.new_markdown_cell(text)
    cell.id = HEADER_CELL_ID
    return cell


def _cell_key(cell) -> tuple:
    tags = tuple(cell.get("metadata", {}).get("tags", ()))
    return (cell.cell_type, cell.source, tags)


def _assign_ids(cells) -> None:
    """Content-derived ids: unchanged cells keep their id across rebuilds, and
    inserting a cell does not renumber the others."""
    seen: dict[str, int] = {}
    for cell in cells:
        if cell.get("id") == HEADER_CELL_ID:
            continue
        digest = hashlib.sha1(f"{cell.cell_type}\0{cell.source}".encode()).hexdigest()[:10]
        seen[digest] = seen.get(digest, 0) + 1
        cell.id = digest if seen[digest] == 1 else f"{digest}-{seen[digest]}"


def notebook_from_source(source: Path):
    """Read a py:percent lesson source into an unexecuted, normalised notebook."""
    import jupytext
    import nbformat

    source = Path(source)
    nb = jupytext.read(source, fmt="py:percent")
    cells = [_header_cell(source, nbformat)]
    for cell in nb.cells:
        tags = list(cell.metadata.get("tags", []))
        cell.metadata = {"tags": tags} if tags else {}
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    _assign_ids(cells)
    new = nbformat.v4.new_notebook(cells=cells)
    new.nbformat_minor = 5
    new.metadata = _notebook_metadata()
    return new


def _notebook_metadata() -> dict:
    # No interpreter version or other facts of the machine that ran the build.
    return {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}


def _current_env_kernel_manager():
    """A kernel manager whose ``python3`` kernel is this interpreter (like
    ``nbval --nbval-current-env``), whatever kernelspecs the user has installed."""
    import ipykernel.kernelspec
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    class CurrentEnvKernelSpecManager(KernelSpecManager):
        def get_kernel_spec(self, kernel_name):
            if kernel_name == KERNEL_NAME:
                return self.kernel_spec_class(
                    resource_dir=ipykernel.kernelspec.RESOURCES,
                    **ipykernel.kernelspec.get_kernel_dict(),
                )
            return super().get_kernel_spec(kernel_name)

    return KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=CurrentEnvKernelSpecManager())


def _coalesce_streams(outputs) -> list:
    merged: list = []
    for out in outputs:
        if (
            out.output_type == "stream"
            and merged
            and merged[-1].output_type == "stream"
            and merged[-1].name == out.name
        ):
            merged[-1].text += out.text
        else:
            merged.append(out)
    return merged


def normalise(nb, patterns: list[tuple[str, str]]) -> list[int]:
    """Make an executed notebook stable; return indices of cells that wrote to stderr.

    - notebook metadata is reset (the kernel reports its exact Python version);
    - stderr text goes through the sanitize rules (TensorFlow's C++ log lines
      are removed); a stream left empty is dropped;
    - widget views are dropped (their model ids are random and refer to a
      kernel that no longer exists); their ``text/plain`` twin stays;
    - execution timing metadata is not recorded (see ``execute``).
    """
    nb.metadata = _notebook_metadata()
    stderr_cells = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        kept = []
        for out in _coalesce_streams(cell.outputs):
            if out.output_type == "stream" and out.name == "stderr":
                text = out.text
                for regex, replace in patterns:
                    text = re.sub(regex, replace, text)
                if not text.strip():
                    continue
                out.text = text
                stderr_cells.append(index)
            if out.output_type in ("display_data", "execute_result"):
                out.data.pop(WIDGET_VIEW_MIME, None)
                out.metadata = {}
                if not out.data:
                    continue
            kept.append(out)
        cell.outputs = kept
    return stderr_cells


def _kernel_rss_mb(pid: int) -> float | None:
    """The kernel's peak RSS so far (Linux), or its current RSS (elsewhere)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        try:
            import psutil

            return psutil.Process(pid).memory_info().rss / 2**20
        except Exception:  # psutil missing or the process is gone
            return None
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, flags=re.MULTILINE)
    return int(match.group(1)) / 1024 if match else None


def execute(nb, *, cwd: Path, timeout: int = 600) -> ExecutionStats:
    """Run every cell in a fresh kernel of this interpreter, in ``cwd``, with
    ``LESSON_ENV`` set, and measure time and the kernel's peak memory."""
    from nbclient import NotebookClient

    os.environ.update(LESSON_ENV)
    # Committed notebooks are read untrusted: graphs carry a PNG twin of their SVG.
    os.environ["FUNCLAB_PNG_TWINS"] = "1"
    km = _current_env_kernel_manager()
    cell_started: dict[int, float] = {}
    cell_seconds: dict[int, float] = {}
    peaks: list[float] = []

    def on_cell_start(cell, cell_index, **_):
        cell_started[cell_index] = time.perf_counter()

    def on_cell_executed(cell, cell_index, **_):
        cell_seconds[cell_index] = time.perf_counter() - cell_started[cell_index]
        pid = getattr(km.provisioner, "pid", None) if km.provisioner else None
        rss = _kernel_rss_mb(pid) if pid else None
        if rss is not None:
            peaks.append(rss)

    client = NotebookClient(
        nb,
        km=km,
        timeout=timeout,
        record_timing=False,
        store_widget_state=False,
        resources={"metadata": {"path": str(cwd)}},
        on_cell_start=on_cell_start,
        on_cell_executed=on_cell_executed,
    )
    started = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - started
    return ExecutionStats(seconds, max(peaks) if peaks else None, cell_seconds)


def write_notebook(nb, path: Path) -> None:
    """Validated JSON with sorted keys and a final newline."""
    import nbformat

    nbformat.validate(nb)
    text = json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    Path(path).write_text(text, encoding="utf-8")


def build_lesson(source: Path) -> BuildReport:
    """Regenerate one lesson's notebook from its source and execute it."""
    source = Path(source)
    target = notebook_path(source)
    nb = notebook_from_source(source)
    stats = execute(nb, cwd=target.parent)
    stderr_cells = normalise(nb, load_sanitize_patterns(sanitize_file(source)))
    write_notebook(nb, target)
    return BuildReport(source, target, stats, stderr_cells)


def check_lesson(source: Path) -> list[str]:
    """Problems that mean the committed notebook is not the build of its source.

    Returns an empty list when the notebook's cells (type, text and tags) are
    exactly the ones the source produces and every code cell has been run.
    """
    import nbformat

    source = Path(source)
    target = notebook_path(source)
    fix = "run `make lessons` and commit the notebook"
    if not target.exists():
        return [f"{target} is missing; {fix}"]
    expected = notebook_from_source(source).cells
    actual = nbformat.read(target, as_version=4).cells
    problems = []
    if len(expected) != len(actual):
        problems.append(
            f"{target} has {len(actual)} cells but {source} makes {len(expected)}; {fix}"
        )
    for number, (want, got) in enumerate(zip(expected, actual)):
        if _cell_key(want) != _cell_key(got):
            first_line = (want.source.splitlines() or [""])[0][:60]
            problems.append(
                f"{target} cell {number} differs from {source} "
                f"(source cell starts {first_line!r}); {fix}"
            )
            break
    unrun = [
        number
        for number, cell in enumerate(actual)
        if cell.cell_type == "code" and cell.source.strip() and cell.execution_count is None
    ]
    if unrun:
        problems.append(f"{target} has unexecuted code cells {unrun}; {fix}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m funclab.build", description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="*", type=Path, help="lesson sources (lessons/src/*.py), or 'env'")
    parser.add_argument("--check", action="store_true", help="only check that notebooks match their sources")
    args = parser.parse_args(argv)

    if [str(s) for s in args.sources] == ["env"]:
        for key, value in LESSON_ENV.items():
            print(f"{key}={value}")
        return 0
    if not args.sources:
        parser.error("give the lesson sources to build, for example lessons/src/*.py")
    missing = [s for s in args.sources if not s.is_file()]
    if missing:
        parser.error(f"no such lesson source: {', '.join(map(str, missing))}")

    if args.check:
        problems = [p for source in args.sources for p in check_lesson(source)]
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0

    from nbclient.exceptions import CellExecutionError

    for source in args.sources:
        try:
            report = build_lesson(source)
        except CellExecutionError as error:
            print(f"{source}: a cell failed; the notebook was not written.\n{error}", file=sys.stderr)
            return 1
        stats = report.stats
        memory = f", peak RSS {stats.peak_rss_mb:.0f} MB" if stats.peak_rss_mb else ""
        note = ""
        if report.stderr_cells:
            note = f"  (stderr output in cells {report.stderr_cells}: check it is meant)"
        print(f"built {report.notebook} in {stats.seconds:.1f} s{memory}{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
