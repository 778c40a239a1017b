"""Judges for value exercises: is the answer the right kind of value, and is it right?

A judge takes ``(answer, expected)`` and returns ``(passed, message)``; the
message (a ``Text``) says what kind of value was expected when the answer is
of the wrong kind. Common mistakes with their meaning are listed on the
exercise itself (``ValueExercise.mistakes``).
"""

from __future__ import annotations

from funclab.i18n import Text
from funclab.practice.messages import say

__all__ = ["shape", "integer", "number", "name"]


def _kind(answer) -> str:
    shown = repr(answer)
    return f"{type(answer).__name__} {shown if len(shown) < 40 else shown[:37] + '...'}"


def shape(example: str):
    """A shape, as a tuple (a list is accepted)."""

    def judge(answer, expected):
        if not isinstance(answer, (tuple, list)):
            return False, say("give_shape", example=example, kind=_kind(answer))
        return tuple(answer) == expected, ""

    return judge


def integer(what: dict):
    """A whole number: a count, an index."""

    def judge(answer, expected):
        if isinstance(answer, bool) or not isinstance(answer, int):
            return False, say("give_int", what=Text(what), kind=_kind(answer))
        return answer == expected, ""

    return judge


def number(what: dict, *, tolerance: float):
    """A number, right within ``tolerance``."""

    def judge(answer, expected):
        if isinstance(answer, bool) or not isinstance(answer, (int, float)):
            return False, say("give_number", what=Text(what), kind=_kind(answer))
        return abs(answer - expected) <= tolerance, ""

    return judge


def name(what: dict):
    """A name, as a string."""

    def judge(answer, expected):
        if not isinstance(answer, str):
            return False, say("give_name", what=Text(what), kind=_kind(answer))
        return answer == expected, ""

    return judge
