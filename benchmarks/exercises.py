"""One check() of every exercise, on its reference answer.

    .venv/bin/python benchmarks/exercises.py

The bar (issue: practice): a check is quick enough to press often, at most
0.5 s on the largest lesson model answer. A check of a model answer extracts
both graphs, compares them and displays the result (rich HTML and its text
twin), as a notebook does; a failing check also draws the learner's model with
the difference highlighted. Each exercise is timed on its reference answer
(passing) and on the first realistic wrong answer of tests/test_exercises.py
(failing). Exercise 03.2 trains a small model to judge loss weights
and is reported apart: it is not a structural check. Medians of 5 checks
after a warm-up; the answer is built once.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from funclab.build import LESSON_ENV

os.environ.update(LESSON_ENV)

from timing import median_seconds

import funclab
from funclab.practice.base import ModelExercise, _execute

ROOT = Path(__file__).resolve().parent.parent
BAR_SECONDS = 0.5
TRAINS = {"03.2"}


def first_wrong_answers() -> dict:
    """The first realistic wrong answer of each exercise in tests/test_exercises.py."""
    sys.path.insert(0, str(ROOT / "tests"))
    from test_exercises import WRONG

    found = {}
    for exercise_id, build, _words in WRONG:
        found.setdefault(exercise_id, build)
    return found


def main() -> int:
    wrong = first_wrong_answers()
    print("| exercise | kind | layers in the answer | passing check (s) | failing check (s) | within 0.5 s |")
    print("|----------|------|---------------------:|------------------:|------------------:|:------------:|")
    worst = 0.0
    for exercise in funclab.exercises():
        started = time.perf_counter()
        answer = exercise.reference()
        layers = len(answer.layers) if hasattr(answer, "layers") else "-"
        if exercise.id in TRAINS:  # the first check trains; time it cold, once, on the lesson's solution
            solution = _execute(exercise.solution_code, {})["answer"]
            exercise.check(solution)._repr_mimebundle_()
            print(f"| {exercise.id} | value, trains | - | {time.perf_counter() - started:.3f} (first) | | n/a |")
            continue
        passing = median_seconds(lambda exercise=exercise, answer=answer: exercise.check(answer)._repr_mimebundle_())
        wrong_answer = wrong[exercise.id]()
        failing = median_seconds(lambda exercise=exercise, answer=wrong_answer: exercise.check(answer)._repr_mimebundle_())
        kind = "model" if isinstance(exercise, ModelExercise) else "value"
        worst = max(worst, passing, failing)
        ok = "yes" if max(passing, failing) <= BAR_SECONDS else "NO"
        print(f"| {exercise.id} | {kind} | {layers} | {passing:.3f} | {failing:.3f} | {ok} |", flush=True)
    print(f"# slowest structural check: {worst:.3f} s (a failing model check also draws the learner's model)")
    return 0 if worst <= BAR_SECONDS else 1

if __name__ == "__main__":
    sys.exit(main())
