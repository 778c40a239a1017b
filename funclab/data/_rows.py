"""Row selection shared by the lesson datasets.

Every dataset is a frozen dataclass whose array fields have one row per
sample. ``Rows`` gives them ``data[rows]``: the same dataset restricted to
those rows (an integer keeps the batch axis), other fields (a vocabulary, a
vocabulary size) unchanged.
"""

from __future__ import annotations

from dataclasses import fields, replace

import numpy as np

__all__ = ["Rows"]


class Rows:
    """Mixin for a frozen dataclass of per-sample arrays: ``data[rows]``."""

    def __getitem__(self, rows):
        if isinstance(rows, (int, np.integer)):
            rows = slice(rows, rows + 1)
        arrays = {f.name: getattr(self, f.name) for f in fields(self) if isinstance(getattr(self, f.name), np.ndarray)}
        return replace(self, **{name: array[rows] for name, array in arrays.items()})
