"""Tables that display well everywhere a notebook is read.

``Table`` follows scikit-learn's estimator HTML repr where it can:

- ``__repr__`` (and Jupyter's ``text/plain``) is an aligned plain-text table;
- ``_repr_html_`` is one ``<table>`` with CSS scoped to this render (a class
  derived from the title and columns, so the same table gives the same HTML,
  which nbval can compare, even when trained figures in its cells differ in
  their last digits), with every name ``html.escape``d.

- the plain text is embedded as a ``<pre>`` fallback inside a ``<details>``
  element, which the scoped CSS hides.

Unlike scikit-learn's diagram, a table needs no CSS to be readable, so the
table is always shown and the ``<pre>`` is the extra. An untrusted notebook in
JupyterLab 4 strips both the ``<style>`` and the ``hidden`` attribute (seen in
JupyterLab 4.6), so scikit-learn's "fallback shown, diagram hidden" pair
showed the content twice. Here, where the CSS is stripped (untrusted notebooks,
GitHub), the fallback stays a collapsed "plain text" toggle that needs no CSS,
and inline ``text-align`` (kept by JupyterLab's sanitizer) and ``align``
attributes keep the table left-aligned.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Sequence

from funclab.i18n import display_width, text, with_twins

__all__ = ["Table", "text_table"]


def text_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns padded to their widest cell, two spaces apart."""
    widths = [max([display_width(c)] + [display_width(str(r[i])) for r in rows]) for i, c in enumerate(columns)]

    def line(cells) -> str:
        return "  ".join(str(cell) + " " * (w - display_width(str(cell))) for cell, w in zip(cells, widths)).rstrip()

    return "\n".join([line(columns), "  ".join("-" * w for w in widths), *map(line, rows)])


class Table:
    """A titled table with a plain-text and an HTML representation.

    The title, the column names and the note may be ``funclab.i18n`` texts
    (``{"en": ..., "ko": ...}``); the cells are shown as they are.
    """

    def __init__(self, title, columns: Sequence, rows: Sequence[Sequence[str]], *, note=""):
        self.titles = title
        self.column_names = tuple(columns)
        self.rows = tuple(tuple(str(cell) for cell in row) for row in rows)
        self.notes = note

    @property
    def title(self) -> str:
        return text(self.titles)

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(text(c) for c in self.column_names)

    def _text(self, language: str | None = None) -> str:
        parts = [text(self.titles, language), text_table([text(c, language) for c in self.column_names], self.rows)]
        if self.notes:
            parts.append(text(self.notes, language))
        return "\n".join(parts)

    def __repr__(self) -> str:
        return self._text()

    def _html(self, language: str | None = None) -> str:
        plain = self._text(language)
        title, columns = text(self.titles, "en"), [text(c, "en") for c in self.column_names]
        scope = "funclab-" + hashlib.sha1("\0".join((title, *columns)).encode("utf-8")).hexdigest()[:10]
        # Inline text-align wins over JupyterLab's right-aligned table cells and
        # survives its sanitizer in untrusted notebooks, where <style> does not;
        # align= is for renderers that drop style attributes (GitHub).
        left = 'align="left" style="text-align: left"'
        head = "".join(f"<th {left}>{html.escape(text(c, language))}</th>" for c in self.column_names)
        body = "".join(
            "<tr>" + "".join(f"<td {left}>{html.escape(cell)}</td>" for cell in row) + "</tr>"
            for row in self.rows
        )
        note = f'<p class="note">{html.escape(text(self.notes, language))}</p>' if self.notes else ""
        style = (
            f"<style>"
            # Selectors specific enough to win over a notebook's own table CSS.
            f".{scope} table.funclab {{border-collapse: collapse; font-size: 0.9em; margin: 0;}}"
            f".{scope} table.funclab caption {{text-align: left; font-weight: bold; padding-bottom: 0.3em;}}"
            f".{scope} table.funclab thead th {{text-align: left; border-bottom: 1px solid #6b7280; padding: 0.2em 0.8em 0.2em 0;}}"
            f".{scope} table.funclab tbody td {{text-align: left; font-family: monospace; padding: 0.15em 0.8em 0.15em 0;}}"
            f".{scope} .note {{color: #4b5563; margin: 0.3em 0 0 0;}}"
            f".{scope} details.funclab-text {{display: none;}}"
            f"</style>"
        )
        summary = text({"en": "plain text", "ko": "텍스트로 보기"}, language)
        fallback = f'<details class="funclab-text"><summary>{summary}</summary><pre>{html.escape(plain)}</pre></details>'
        return (
            f'<div class="{scope}">{style}<table class="funclab"><caption {left}>{html.escape(text(self.titles, language))}'
            f"</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}{fallback}</div>"
        )

    def _repr_html_(self) -> str:
        return self._html()

    def _repr_mimebundle_(self, include=None, exclude=None):
        return with_twins(lambda code: {"text/plain": self._text(code), "text/html": self._html(code)})
