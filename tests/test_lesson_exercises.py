"""The lessons and the exercises in the package agree: every exercise is in its
lesson once, with the package's worked solution as the lesson's solution block,
a starter that leaves the answer to the learner, and a progress line at the end."""

import re
from pathlib import Path

import pytest

import funclab

SOURCES = sorted((Path(__file__).resolve().parent.parent / "lessons" / "src").glob("*.py"))
CHECK = re.compile(r'funclab\.exercise\("(\d\d\.\d)"\)\.check\((\w+)\)')


def exercise_cells(source):
    import jupytext
    for cell in jupytext.read(source, fmt="py:percent").cells:
        if cell.cell_type == "code" and CHECK.search(cell.source):
            yield cell.source


def block(code: str, name: str) -> str:
    match = re.search(rf"^# BEGIN {name}\n(.*?)^# END {name}$", code, flags=re.S | re.M)
    assert match, f"no {name} block in:\n{code}"
    return match.group(1).strip()


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_each_exercise_is_in_its_lesson_with_the_packages_solution(source):
    lesson = source.stem[:2]
    found = []
    for code in exercise_cells(source):
        exercise_id, variable = CHECK.search(code).groups()
        found.append(exercise_id)
        exercise = funclab.exercise(exercise_id)
        assert block(code, "SOLUTION") == exercise.solution_code.strip(), exercise_id
        starter = block(code, "STARTER")
        assert re.search(rf"^{variable} = \.\.\.", starter, flags=re.M), f"{exercise_id}: the starter must set {variable} = ..."
    assert found == [e.id for e in funclab.exercises(lesson)]
    assert f'funclab.progress("{lesson}")' in source.read_text()


def test_lesson_2s_baseline_exercise_uses_the_lessons_stories():
    """Exercise 02.2's expected value is computed from the stories lesson 2 makes."""
    from funclab.practice.lesson02 import STORIES, TRAIN

    text = next(s for s in SOURCES if s.stem.startswith("02")).read_text(encoding="utf-8")
    assert f"stories = make_stories({STORIES})" in text
    assert f"train, test = stories[:{TRAIN}], stories[{TRAIN}:]" in text
