"""Tables that display well everywhere a notebook is read.

``Table`` follows scikit-learn's estimator HTML repr:

- ``__repr__`` (and Jupyter's ``text/plain``) is an aligned plain-text table;
- ``_repr_html_`` is a styled table whose CSS is scoped to this render (a class
  derived from the content, so the same content gives the same HTML, which
  nbval can compare), with every name ``html.escape``d;
- the HTML embeds the plain text in a ``<pre>`` that shows when the CSS does
  not apply (GitHub and untrusted notebooks strip ``<style>``), while the styled
  table stays ``hidden`` unless the scoped CSS reveals it.
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
        text = self._text()
        scope = "funclab-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
        head = "".join(f"<th>{html.escape(c)}</th>" for c in self.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in self.rows
        )
        note = f'<p class="note">{html.escape(self.note)}</p>' if self.note else ""
        style = (
            f"<style>"
            f".{scope} .fallback {{display: none;}}"
            f".{scope} .styled {{display: block;}}"
            # Selectors specific enough to win over a notebook's own table CSS
            # (JupyterLab right-aligns table cells).
            f".{scope} .styled table {{border-collapse: collapse; font-size: 0.9em; margin: 0;}}"
            f".{scope} .styled table caption {{text-align: left; font-weight: bold; padding-bottom: 0.3em;}}"
            f".{scope} .styled table thead th {{text-align: left; border-bottom: 1px solid #6b7280; padding: 0.2em 0.8em 0.2em 0;}}"
            f".{scope} .styled table tbody td {{text-align: left; font-family: monospace; padding: 0.15em 0.8em 0.15em 0;}}"
            f".{scope} .note {{color: #4b5563; margin: 0.3em 0 0 0;}}"
            f"</style>"
        )
        return (
            f'<div class="{scope}">{style}'
            f'<pre class="fallback">{html.escape(text)}</pre>'
            f'<div class="styled" hidden><table><caption>{html.escape(self.title)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}</div></div>"
        )
