"""Visible checks of what a lesson claims: ``funclab.claim(...)``.

A lesson says "the residual stack learns, the plain one does not" and then
shows it. A check cell makes the claim executable: it prints the figure, the
bound and the verdict, and stops the notebook with a clear message when the
claim does not hold (``make test`` runs every lesson, so a broken claim fails
the build).

>>> claim("held-out accuracy", 0.97, above=0.8, baseline=0.05)
✓ held-out accuracy 0.97 > 0.80  (baseline 0.05)
>>> claim("plain stack's accuracy", 0.62, below=0.5)
Traceback (most recent call last):
  ...
funclab.claims.ClaimFailed: The lesson claims plain stack's accuracy < 0.50, but this run gives 0.62.
If you changed the code above, your change is the likely reason; if you did not, please report it.

Trained figures differ slightly from machine to machine (the order in which
floats are summed depends on the CPU and its thread count), so bounds leave a
measured margin: ``benchmarks/spread.py`` records each claim's figure across
thread counts, oneDNN settings and Python versions. With the environment
variable ``FUNCLAB_CLAIMS_LOG`` set to a file name, every claim appends one
JSON line (what, value, bound) to that file; the benchmark reads it.
"""

from __future__ import annotations

import json
import math
import os
from numbers import Real

__all__ = ["ClaimFailed", "claim"]

LOG_ENV = "FUNCLAB_CLAIMS_LOG"


class ClaimFailed(AssertionError):
    """A lesson's claim does not hold in this run."""


def _fmt(value) -> str:
    """Figures as a learner reads them: 0.97, 1.2e-05, 250."""
    if isinstance(value, bool) or not isinstance(value, Real):
        return repr(value)
    value = float(value)
    if value == 0:
        return "0"
    if abs(value) < 1e-2 or abs(value) >= 1e4:
        return f"{value:.2g}" if abs(value) < 1e-2 else f"{value:.3g}"
    if abs(value) >= 10:
        return f"{value:.1f}".removesuffix(".0")
    return f"{value:.2f}"


def _check_bound(name: str, bound) -> float:
    if isinstance(bound, bool) or not isinstance(bound, Real) or math.isnan(bound):
        raise TypeError(f"{name} must be a number, got {type(bound).__name__} {bound!r}")
    return float(bound)


def _record(what: str, value, relation: str, bound) -> None:
    path = os.environ.get(LOG_ENV)
    if not path:
        return
    def plain(x):
        return float(x) if isinstance(x, Real) and not isinstance(x, bool) else (x if isinstance(x, (bool, str)) else repr(x))

    entry = {"what": what, "value": plain(value), "relation": relation, "bound": plain(bound)}
    with open(path, "a", encoding="utf-8") as log:
        log.write(json.dumps(entry, ensure_ascii=False) + "\n")


def claim(what: str, value, *, above=None, below=None, equals=None, baseline=None) -> None:
    """Check one claim and print it: ``✓ what value > bound``.

    Give exactly one of ``above`` (value > bound), ``below`` (value < bound)
    or ``equals`` (value == expected, for exact facts such as ``True`` or a
    shape). ``baseline`` is printed for comparison (what guessing, or a
    broken model, gives). Raises ``ClaimFailed`` when the claim does not hold.
    """
    if not isinstance(what, str) or not what:
        raise TypeError(f"what must be a short description (str), got {type(what).__name__} {what!r}")
    given = [name for name, bound in (("above", above), ("below", below), ("equals", equals)) if bound is not None]
    if len(given) != 1:
        raise TypeError(f"give exactly one of above=, below= or equals=; got {', '.join(given) or 'none'}")
    if equals is not None:
        relation, bound, holds = "==", equals, value == equals
        shown_value, shown_bound = repr(value), repr(equals)
    else:
        bound = _check_bound(given[0], above if above is not None else below)
        if isinstance(value, bool) or not isinstance(value, Real):
            raise TypeError(f"{what}: the value must be a number to compare with {given[0]}=, got {type(value).__name__}")
        relation = ">" if above is not None else "<"
        holds = value > bound if relation == ">" else value < bound
        shown_value, shown_bound = _fmt(value), _fmt(bound)
    _record(what, value, relation, bound)
    if not holds:
        raise ClaimFailed(
            f"The lesson claims {what} {relation} {shown_bound}, but this run gives {shown_value}.\n"
            "If you changed the code above, your change is the likely reason; if you did not, please report it."
        )
    extra = f"  (baseline {_fmt(baseline)})" if baseline is not None else ""
    print(f"✓ {what} {shown_value} {relation} {shown_bound}{extra}" if relation != "==" else f"✓ {what}: {shown_value}")
