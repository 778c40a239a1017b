"""Tables that display well everywhere a notebook is read.

``Table`` follows scikit-learn's estimator HTML repr where it can:

- ``__repr__`` (and Jupyter's ``text/plain``) is an aligned plain-text table;
- ``_repr_html_`` is one ``<table>`` with CSS scoped to this render (a class
  derived from the content, so the same content gives the same HTML, which
  nbval can compare), with every name ``html.escape``d.

Unlike scikit-learn's diagram, a table needs no CSS to be readable, so there
is no ``<pre>`` fallback beside it: in an untrusted notebook JupyterLab 4
strips both the ``<style>`` that would hide such a fallback and the ``hidden``
attribute that would hide the table, and the content showed twice (seen in
JupyterLab 4.6). Without the CSS (untrusted notebooks, GitHub) the table is
plain; ``align`` attributes keep its text left-aligned even then.
"""

from __future__ import annotations

import hashlib
import html
from typing import Sequence

__all__ = ["Table", "text_table"]


def text_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns padded to their widest cell, two spaces apart."""
    widths = [max([len(c)] + [len(str(r[i])) for r in rows]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths)).rstrip())
    return "\n".join(lines)


class Table:
    """A titled table with a plain-text and an HTML representation."""

    def __init__(self, title: str, columns: Sequence[str], rows: Sequence[Sequence[str]], *, note: str = ""):
        self.title = title
        self.columns = tuple(columns)
        self.rows = tuple(tuple(str(cell) for cell in row) for row in rows)
        self.note = note

    def _text(self) -> str:
        parts = [self.title, text_table(self.columns, self.rows)]
        if self.note:
            parts.append(self.note)
        return "\n".join(parts)

    def __repr__(self) -> str:
        return self._text()

    def _repr_html_(self) -> str:
        scope = "funclab-" + hashlib.sha1(self._text().encode("utf-8")).hexdigest()[:10]
        head = "".join(f'<th align="left">{html.escape(c)}</th>' for c in self.columns)
        body = "".join(
            "<tr>" + "".join(f'<td align="left">{html.escape(cell)}</td>' for cell in row) + "</tr>"
            for row in self.rows
        )
        note = f'<p class="note">{html.escape(self.note)}</p>' if self.note else ""
        style = (
            f"<style>"
            # Selectors specific enough to win over a notebook's own table CSS.
            f".{scope} table.funclab {{border-collapse: collapse; font-size: 0.9em; margin: 0;}}"
            f".{scope} table.funclab caption {{text-align: left; font-weight: bold; padding-bottom: 0.3em;}}"
            f".{scope} table.funclab thead th {{text-align: left; border-bottom: 1px solid #6b7280; padding: 0.2em 0.8em 0.2em 0;}}"
            f".{scope} table.funclab tbody td {{text-align: left; font-family: monospace; padding: 0.15em 0.8em 0.15em 0;}}"
            f".{scope} .note {{color: #4b5563; margin: 0.3em 0 0 0;}}"
            f"</style>"
        )
        return (
            f'<div class="{scope}">{style}<table class="funclab"><caption>{html.escape(self.title)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}</div>"
        )
