"""Exercises for every lesson, checked by reading the graph the learner built.

>>> import funclab
>>> funclab.exercise("06.2")
Exercise 06.2: Which node holds a call's output?
>>> [e.id for e in funclab.exercises("05")]
['05.1', '05.2', '05.3']
>>> funclab.exercise("06.2").check(...)
· Exercise 06.2 (Which node holds a call's output?): Not attempted yet: replace the `...` with your answer and run the cell again.

The exercises live in the package (one module per lesson), so a check cannot
be edited away in a notebook. ``funclab.progress("06")`` says which of a
lesson's exercises passed in this kernel.
"""

from __future__ import annotations

import importlib

from funclab.practice.base import CheckResult, Exercise, ModelExercise, ValueExercise, status_of
from funclab.practice.progress import Progress

__all__ = ["Exercise", "ModelExercise", "ValueExercise", "CheckResult", "Progress", "exercise", "exercises", "progress"]

LESSONS = ("01", "02", "03", "04", "05", "06", "07", "08")
_registry: dict[str, Exercise] = {}


def _load() -> dict[str, Exercise]:
    if not _registry:
        for lesson in LESSONS:
            module = importlib.import_module(f"funclab.practice.lesson{lesson}")
            for item in module.EXERCISES:
                _registry[item.id] = item
    return _registry


def exercises(lesson: str | None = None) -> list[Exercise]:
    """Every exercise in order, or one lesson's (``"05"``)."""
    found = list(_load().values())
    if lesson is None:
        return found
    lesson = _lesson_id(lesson)
    return [e for e in found if e.lesson == lesson]


def _lesson_id(lesson) -> str:
    text = f"{lesson:02d}" if isinstance(lesson, int) and not isinstance(lesson, bool) else str(lesson)
    if text not in LESSONS:
        raise ValueError(f"there is no lesson {lesson!r}; the lessons are {', '.join(LESSONS)}")
    return text


def exercise(exercise_id: str) -> Exercise:
    """One exercise by its id, ``"LL.N"`` (lesson and number): ``funclab.exercise("05.2")``."""
    if not isinstance(exercise_id, str):
        raise TypeError(f"an exercise id is a string like \"05.2\", got {type(exercise_id).__name__} {exercise_id!r}")
    found = _load().get(exercise_id)
    if found is None:
        lesson = exercise_id.split(".")[0]
        same = [e.id for e in _load().values() if e.lesson == lesson]
        listed = ", ".join(same) if same else ", ".join(_load())
        raise ValueError(f"there is no exercise {exercise_id!r}; the exercises are {listed}")
    return found


def progress(lesson) -> Progress:
    """Which of a lesson's exercises passed in this kernel."""
    lesson = _lesson_id(lesson)
    return Progress(lesson, [(e.id, e.titles, status_of(e.id)) for e in exercises(lesson)])
