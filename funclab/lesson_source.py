"""Lesson sources in, unexecuted notebooks out: the editions of one lesson.

A lesson's source of truth is a jupytext ``py:percent`` file in ``lessons/src/``.
An exercise cell holds both the starter a learner sees and the worked
solution, between marker lines::

    # BEGIN STARTER
    model = ...  # your model here
    # END STARTER
    # BEGIN SOLUTION
    model = keras.Model(x, y)
    # END SOLUTION
    funclab.exercise("05.1").check(model)

The *exercises* edition (``lessons/NN_name.ipynb``) keeps the starters, the
*solutions* edition (``lessons/solutions/NN_name.ipynb``) the solutions; lines
outside the markers are in both. Cell ids derive from cell content, so an
unchanged code cell keeps its id across rebuilds; a markdown cell's id is the
stable key in its marker line (``# %% [markdown] key="md-3f2a9c"``), under
which its translations are filed (``funclab.translations``).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

__all__ = ["EDITIONS", "HEADER_CELL_ID", "KERNELSPEC", "notebook_path", "edition_text", "notebook_from_source",
           "notebook_metadata", "cell_key"]

EDITIONS = ("exercises", "solutions")
HEADER_CELL_ID = "generated-from-source"
KERNEL_NAME = "python3"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": KERNEL_NAME}
_MARKER = re.compile(r"^# (BEGIN|END) (STARTER|SOLUTION)\s*$")


def notebook_path(source: Path, edition: str = "exercises", language: str = "en") -> Path:
    """``lessons/src/01_name.py`` → ``lessons/01_name.ipynb`` (exercises, English),
    ``lessons/solutions/…``, ``lessons/ko/…``, ``lessons/ko/solutions/…``."""
    source = Path(source)
    folder = source.parent.parent
    if language != "en":
        folder = folder / language
    if edition == "solutions":
        folder = folder / "solutions"
    return folder / (source.stem + ".ipynb")


def edition_text(code: str, edition: str) -> str:
    """A code cell's text in one edition: the other edition's block and every
    marker line removed."""
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {', '.join(EDITIONS)}, got {edition!r}")
    keep, skipping = [], None
    for line in code.splitlines():
        marker = _MARKER.match(line)
        if marker:
            begin, block = marker.groups()
            skipping = (block.lower() + "s" != edition.replace("exercises", "starters")) if begin == "BEGIN" else None
            continue
        if not skipping:
            keep.append(line)
    return "\n".join(keep)


def _header_cell(source: Path, edition: str, nbformat):
    rel = f"src/{source.name}" if edition == "exercises" else f"../src/{source.name}"
    what = "" if edition == "exercises" else "*Solutions edition: every exercise filled in and checked.* "
    text = (
        f"{what}*Generated from [`{rel}`]({rel}) by `make lessons`.* "
        "*To change this lesson, edit that file and rebuild: changes made here are "
        "overwritten. Running the cells here is fine.* "
        f"*한국어: [ko/{'' if edition == 'exercises' else 'solutions/'}{source.stem}.ipynb]"
        f"({'ko/' if edition == 'exercises' else '../ko/solutions/'}{source.stem}.ipynb)*"
    )
    cell = nbformat.v4.new_markdown_cell(text)
    cell.id = HEADER_CELL_ID
    return cell


def cell_key(cell) -> tuple:
    tags = tuple(cell.get("metadata", {}).get("tags", ()))
    return (cell.cell_type, cell.source, tags)


def _assign_ids(cells) -> None:
    """Content-derived ids: unchanged cells keep their id across rebuilds, and
    inserting a cell does not renumber the others."""
    seen: dict[str, int] = {}
    for cell in cells:
        if cell.get("id") == HEADER_CELL_ID or str(cell.get("id", "")).startswith("md-"):
            continue
        digest = hashlib.sha1(f"{cell.cell_type}\0{cell.source}".encode()).hexdigest()[:10]
        seen[digest] = seen.get(digest, 0) + 1
        cell.id = digest if seen[digest] == 1 else f"{digest}-{seen[digest]}"


def notebook_metadata() -> dict:
    # No interpreter version or other facts of the machine that ran the build.
    return {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}


def notebook_from_source(source: Path, edition: str = "exercises"):
    """Read a py:percent lesson source into an unexecuted, normalised notebook of one edition."""
    import jupytext
    import nbformat

    source = Path(source)
    nb = jupytext.read(source, fmt="py:percent")
    cells = [_header_cell(source, edition, nbformat)]
    for cell in nb.cells:
        tags = list(cell.metadata.get("tags", []))
        key = cell.metadata.get("key")
        cell.metadata = {"tags": tags} if tags else {}
        if key:  # a markdown cell's stable key (its translations are filed under it)
            cell.id = key
        if cell.cell_type == "code":
            cell.source = edition_text(cell.source, edition)
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    _assign_ids(cells)
    new = nbformat.v4.new_notebook(cells=cells)
    new.nbformat_minor = 5
    new.metadata = notebook_metadata()
    return new
