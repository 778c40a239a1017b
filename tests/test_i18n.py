"""Korean for every learner-facing text: each {"en": ...} has a "ko" with the same
{placeholders}, and a Korean check, hint and pane render without format errors."""

import ast
import re
import string
import unicodedata
from pathlib import Path

import pytest

import funclab
import funclab.explorer
import funclab.explorer_view
import funclab.loss_balance_view
from funclab.i18n import language, set_language
from funclab.practice.base import STATUS_TEXT
from funclab.practice.messages import MESSAGES

PACKAGE = Path(funclab.__file__).parent
#: The modules whose dict literals speak to learners; every {"en": ...} in them needs its "ko".
SOURCES = sorted((PACKAGE / "practice").glob("*.py")) + [
    PACKAGE / name for name in ("explorer.py", "explorer_view.py", "loss_balance.py", "loss_balance_view.py")
]
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def placeholders(template: str) -> set[tuple]:
    """``{name!r:.3g}`` → ``("name", "r", ".3g")``; ``{{`` and ``}}`` are not placeholders."""
    return {(name, conversion, spec) for _, name, spec, conversion in string.Formatter().parse(template)
            if name is not None}


def learner_texts():
    """``(where, {"en": ..., "ko": ...})`` for every text the brief names."""
    for key, value in MESSAGES.items():
        yield f"MESSAGES[{key!r}]", value
    for key, value in STATUS_TEXT.items():
        yield f"STATUS_TEXT[{key!r}]", value
    for exercise in funclab.exercises():
        yield f"{exercise.id} titles", exercise.titles
        yield f"{exercise.id} hints", exercise.hints
        yield f"{exercise.id} why", exercise.why
        for wrong, meaning in getattr(exercise, "mistakes", {}).items():
            yield f"{exercise.id} mistakes[{wrong!r}]", meaning
    for key, value in funclab.explorer.PANE.items():
        yield f"explorer.PANE[{key!r}]", value
    for key, value in funclab.explorer_view.WORDS.items():
        yield f"explorer_view.WORDS[{key!r}]", value
    for key, value in funclab.loss_balance_view.WORDS.items():
        yield f"loss_balance_view.WORDS[{key!r}]", value


def source_texts():
    """``(file:line, {"en": ..., "ko": ...})`` for every dict literal with an "en" key in SOURCES
    (the judges' messages and ``what`` dicts included)."""
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Dict):
                continue
            keys = [k.value if isinstance(k, ast.Constant) else None for k in node.keys]
            if "en" in keys:
                # An f-string (progress.py's heading) is checked for its "ko" only.
                value = {k: ast.literal_eval(v) if isinstance(v, ast.Constant) else None
                         for k, v in zip(keys, node.values) if k in ("en", "ko")}
                yield f"{path.relative_to(PACKAGE.parent)}:{node.lineno}", value


ALL = list(learner_texts()) + list(source_texts())


@pytest.fixture
def korean():
    before = language()
    set_language("ko")
    try:
        yield
    finally:
        set_language(before)


@pytest.mark.parametrize("where, texts", ALL, ids=[where for where, _ in ALL])
def test_every_text_has_korean_with_the_same_placeholders(where, texts):
    assert "ko" in texts, f"{where} has no Korean: {texts['en']!r}"
    if texts["en"] is None:
        return
    assert HANGUL.search(texts["ko"]), f"{where}: the Korean text has no Korean in it: {texts['ko']!r}"
    assert placeholders(texts["ko"]) == placeholders(texts["en"]), where


def test_the_texts_are_found():
    assert len(ALL) > 300
    assert any(where.startswith("funclab/practice/lesson04.py") for where, _ in source_texts())


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@pytest.mark.parametrize("code", ["en", "ko"])
def test_the_panes_values_line_up(code):
    labelled = ["inputs", "masks", "outputs", "models", "settings", "weights", "weights_shared", "get_it"]
    columns = {key: _width(re.match(r"[^:]+:\s+", funclab.explorer.PANE[key][code]).group()) for key in labelled}
    assert len(set(columns.values())) == 1, columns


def test_a_korean_check_message_renders(korean):
    import keras

    sequential = keras.Sequential([keras.Input((32, 32, 64)), keras.layers.Conv2D(64, 3)], name="stack")
    result = funclab.exercise("05.1").check(sequential)
    assert not result.passed
    assert "`stack` 모델은 Sequential 모델입니다" in result.message
    assert "✗ 연습 문제 05.1 (항등 지름길)" in repr(result)
    assert "Exercise" not in result._html()

    wrong = funclab.exercise("06.2").check("1").message
    assert wrong == "답(노드 인덱스)은 정수(int)여야 합니다. 받은 값은 str '1'입니다."
    assert funclab.exercise("04.4").check(2336).message.startswith("거의 맞았습니다")
    assert funclab.exercise("05.3").check(None).message.startswith("아직 시도하지 않았습니다")
    assert funclab.exercise("05.3").check(64 * 128 + 128).message.startswith("통과했습니다.")
    assert "05강 연습 문제" in repr(funclab.progress("05"))


def test_a_korean_model_difference_names_the_learners_layers(korean):
    import keras
    from keras import layers

    x = keras.Input(shape=(32, 32, 64))
    y = layers.Conv2D(64, 3, activation="relu", padding="same", name="conv_1")(x)
    y = layers.Conv2D(32, 3, activation="relu", padding="same", name="conv_2")(y)
    message = funclab.exercise("05.1").check(keras.Model(x, y)).message
    assert message == "`conv_2` 층의 필터는 32개인데, 과제는 64개를 요구합니다."


def test_korean_hint_and_solution_render(korean):
    exercise = funclab.exercise("06.1")
    assert "연습 문제 06.1 힌트" in repr(exercise.hint()) and "LSTM(16)" in repr(exercise.hint())
    solution = exercise.solution()._repr_markdown_()
    assert "**연습 문제 06.1 풀이**" in solution and "encoder = layers.LSTM(16)" in solution
