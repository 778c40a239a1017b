"""The instructors' build: lesson sources in, executed notebooks out.

Each lesson has one source of truth, a jupytext ``py:percent`` file in
``lessons/src/``. From it the build writes two editions
(``funclab.lesson_source``): the notebook beside it in ``lessons/``, with the
exercises' starters, and ``lessons/solutions/``, with their solutions; each
is executed in a fresh kernel and committed with its outputs::

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
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from funclab.lesson_source import EDITIONS, HEADER_CELL_ID, cell_key, notebook_from_source, notebook_path

__all__ = [
    "LESSON_ENV",
    "BUILD_ENV",
    "TRAINED_TAG",
    "mask_numbers",
    "BuildReport",
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
#: The build's kernels also get this: committed notebooks are read untrusted,
#: so graphs carry a PNG twin of their SVG (funclab.modelgraph); and funclab's
#: displays carry their Korean twins, for the Korean edition written from the
#: same execution (funclab.i18n, funclab.translations).
BUILD_ENV = {**LESSON_ENV, "FUNCLAB_PNG_TWINS": "1", "FUNCLAB_TWINS": "ko"}

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


@dataclass
class BuildReport:
    """What building one lesson did: per edition, the notebook written and its run."""

    source: Path
    notebooks: dict = field(default_factory=dict)  # edition -> Path
    stats: dict = field(default_factory=dict)  # edition -> ExecutionStats
    stderr_cells: dict = field(default_factory=dict)  # edition -> [cell indices]
    untranslated: list = field(default_factory=list)  # keys of markdown cells without a current translation


def build_lesson(source: Path) -> BuildReport:
    """Regenerate both editions of one lesson from its source, each executed in
    a fresh kernel: the exercises edition (starters) and the solutions edition."""
    from funclab.kernel_run import execute, load_sanitize_patterns, normalise, sanitize_file, write_notebook
    from funclab.translations import LANGUAGE, korean_notebook, strip_twins

    source = Path(source)
    report = BuildReport(source)
    patterns = load_sanitize_patterns(sanitize_file(source))
    for edition in EDITIONS:
        target = notebook_path(source, edition)
        nb = notebook_from_source(source, edition)
        target.parent.mkdir(parents=True, exist_ok=True)
        report.stats[edition] = execute(nb, cwd=target.parent, env=BUILD_ENV)
        korean, missing = korean_notebook(nb, source, edition)
        strip_twins(nb)
        report.stderr_cells[edition] = normalise(nb, patterns)
        normalise(korean, patterns)
        report.untranslated = missing
        for notebook, path in ((nb, target), (korean, notebook_path(source, edition, LANGUAGE))):
            path.parent.mkdir(parents=True, exist_ok=True)
            write_notebook(notebook, path)
        report.notebooks[edition] = target
    return report


def retranslate_lesson(source: Path) -> list[Path]:
    """Rewrite the prose of a lesson's committed Korean notebooks from the
    current translations, without executing anything: for a change to
    ``lessons/src/ko/`` alone. Code and outputs stay as built. Returns the
    notebooks rewritten; raises ValueError when the English notebooks are not
    the build of their source (then run ``make lessons``)."""
    import nbformat

    from funclab.kernel_run import write_notebook
    from funclab.translations import LANGUAGE, fingerprint, read_translations, translation_path

    source = Path(source)
    stale = [problem for edition in EDITIONS for problem in _check_edition(source, edition)]
    if stale:
        raise ValueError("the English notebooks are not the build of their source, so their Korean editions "
                         "must be rebuilt too; run `make lessons`:\n" + "\n".join(stale))
    translated = read_translations(translation_path(source))
    written = []
    for edition in EDITIONS:
        english = nbformat.read(notebook_path(source, edition), as_version=4)
        path = notebook_path(source, edition, LANGUAGE)
        korean = nbformat.read(path, as_version=4)
        prose = {cell.get("id"): cell.source for cell in english.cells if cell.cell_type == "markdown"}
        for cell in korean.cells:
            key = cell.get("id")
            if cell.cell_type != "markdown" or key not in prose or key == HEADER_CELL_ID:
                continue  # code, and the header cell (made by the build)
            block = translated.get(key)
            if block is None or block.fingerprint != fingerprint(prose[key]):
                raise ValueError(f"{source.name}: markdown cell {key} has no current Korean translation; "
                                 "see python -m funclab.translations status")
            cell.source = block.text
        write_notebook(korean, path)
        written.append(path)
    return written


def check_lesson(source: Path) -> list[str]:
    """Problems that mean the committed notebooks are not the build of their source.

    Returns an empty list when each edition's cells (type, text and tags) are
    exactly the ones the source produces, every code cell has been run, and
    each Korean notebook is its English notebook with the markdown translated
    (funclab.translations.check_korean).
    """
    from funclab.translations import check_korean

    source = Path(source)
    problems = [problem for edition in EDITIONS for problem in _check_edition(source, edition)]
    if problems:
        return problems
    return [problem for edition in EDITIONS for problem in check_korean(source, edition)]


def _check_edition(source: Path, edition: str) -> list[str]:
    import nbformat

    target = notebook_path(source, edition)
    fix = "run `make lessons` and commit the notebook"
    if not target.exists():
        return [f"{target} is missing; {fix}"]
    expected = notebook_from_source(source, edition).cells
    actual = nbformat.read(target, as_version=4).cells
    problems = []
    if len(expected) != len(actual):
        problems.append(
            f"{target} has {len(actual)} cells but {source} makes {len(expected)}; {fix}"
        )
    for number, (want, got) in enumerate(zip(expected, actual)):
        if cell_key(want) != cell_key(got):
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
    parser.add_argument("--korean-prose", action="store_true",
                        help="only rewrite the Korean notebooks' prose from lessons/src/ko (no execution)")
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

    if args.korean_prose:
        try:
            for source in args.sources:
                for path in retranslate_lesson(source):
                    print(f"rewrote the prose of {path}")
        except ValueError as error:
            print(error, file=sys.stderr)
            return 1
        return 0

    from nbclient.exceptions import CellExecutionError

    for source in args.sources:
        try:
            report = build_lesson(source)
        except CellExecutionError as error:
            print(f"{source}: a cell failed; the notebook was not written.\n{error}", file=sys.stderr)
            return 1
        for edition, notebook in report.notebooks.items():
            stats = report.stats[edition]
            memory = f", peak RSS {stats.peak_rss_mb:.0f} MB" if stats.peak_rss_mb else ""
            stderr = report.stderr_cells[edition]
            note = f"  (stderr output in cells {stderr}: check it is meant)" if stderr else ""
            print(f"built {notebook} in {stats.seconds:.1f} s{memory}{note}")
        if report.untranslated:
            print(f"  {len(report.untranslated)} markdown cell(s) of {source.name} have no current Korean translation "
                  "(python -m funclab.translations status)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
