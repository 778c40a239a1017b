"""Exercises: a task, a check with feedback at once, a hint and a worked solution.

Two kinds. A ``ModelExercise`` asks for a model built from a specification
and compares it structurally with a reference built fresh from the worked
solution (``funclab.practice.compare``). A ``ValueExercise`` asks for a value
that shows understanding (a shape, a node index, loss weights) and judges it,
with a word for each common mistake.

Checks never raise on a learner's answer: an untouched starter (``...`` or
``None``) is "not attempted yet", a wrong kind of answer gets its own
message, so a lesson runs top to bottom with its exercises unanswered.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from funclab.i18n import Text, text, with_twins
from funclab.practice.compare import Difference, compare_models
from funclab.practice.messages import say

__all__ = ["CheckResult", "Note", "Exercise", "ModelExercise", "ValueExercise", "status_of", "record"]

#: What checks said in this kernel: ``{exercise id: "passed" | "failed" | "not attempted"}``.
_status: dict[str, str] = {}

MARK = {"passed": "✓", "failed": "✗", "not attempted": "·"}
COLOR = {"passed": ("#166534", "#dcfce7"), "failed": ("#991b1b", "#fee2e2"), "not attempted": ("#4b5563", "#f3f4f6")}
STATUS_TEXT = {
    "passed": {"en": "passed", "ko": "통과"},
    "failed": {"en": "not yet", "ko": "아직"},
    "not attempted": {"en": "not attempted", "ko": "시도 전"},
}


def record(exercise_id: str, status: str) -> None:
    _status[exercise_id] = status


def status_of(exercise_id: str) -> str:
    return _status.get(exercise_id, "not attempted")


@dataclass
class CheckResult:
    """The outcome of ``Exercise.check``: ``.passed``, ``.status`` and ``.message``
    in words; it displays itself, and on a failed model also the learner's graph
    with what differs highlighted."""

    exercise_id: str
    titles: dict
    status: str
    text: Text
    model: Any = None
    highlight: tuple = ()

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    @property
    def title(self) -> str:
        return text(self.titles)

    @property
    def message(self) -> str:
        """What the check says, in the current language."""
        return self.text.render()

    def _plain(self, code: str | None = None) -> str:
        label = text({"en": "Exercise", "ko": "연습 문제"}, code)
        return f"{MARK[self.status]} {label} {self.exercise_id} ({text(self.titles, code)}): {self.text.render(code)}"

    def __repr__(self) -> str:
        return self._plain()

    def _picture(self) -> str:
        if self.model is None or self.passed:
            return ""
        from funclab.dot import GraphvizNotFoundError
        from funclab.modelgraph import graph

        try:
            picture = graph(self.model, highlight=list(self.highlight))
            try:
                return picture.svg()
            except GraphvizNotFoundError:
                png = picture._repr_mimebundle_(include=["image/png"])["image/png"]
                return f'<img alt="your model" src="data:image/png;base64,{png}">'
        except (TypeError, ValueError):  # not drawable (a subclassed model): the message says why
            return ""

    def _html(self, code: str | None = None, picture: str = "") -> str:
        ink, paper = COLOR[self.status]
        picture_html = (f'<div style="flex: 1 1 auto; min-width: 0; overflow: auto; max-height: 520px">{picture}</div>'
                        if picture else "")
        label = text({"en": "Exercise", "ko": "연습 문제"}, code)
        return (
            f'<div style="display: flex; gap: 12px; align-items: flex-start">'
            f'<div style="flex: 0 1 420px; border-left: 4px solid {ink}; background: {paper}; padding: 6px 10px">'
            f'<b style="color: {ink}">{MARK[self.status]} {label} {html.escape(self.exercise_id)}'
            f"&nbsp;·&nbsp;{html.escape(text(self.titles, code))}</b><br>{html.escape(self.text.render(code))}</div>"
            f"{picture_html}</div>"
        )

    def _repr_html_(self) -> str:
        return self._html(picture=self._picture())

    def _repr_mimebundle_(self, include=None, exclude=None):
        picture = self._picture()
        return with_twins(lambda code: {"text/plain": self._plain(code), "text/html": self._html(code, picture)})


@dataclass
class Note:
    """A hint or a worked solution: Markdown, with a plain-text twin."""

    heading: Text
    body: dict
    code: str = ""

    def _markdown(self, language: str | None = None) -> str:
        code = f"\n\n```python\n{self.code.strip()}\n```" if self.code else ""
        return f"**{self.heading.render(language)}**{code}\n\n{text(self.body, language)}"

    def _plain(self, language: str | None = None) -> str:
        code = f"\n{self.code.strip()}\n" if self.code else ""
        return f"{self.heading.render(language)}{code}\n{text(self.body, language)}"

    def __repr__(self) -> str:
        return self._plain()

    def _repr_markdown_(self) -> str:
        return self._markdown()

    def _repr_mimebundle_(self, include=None, exclude=None):
        return with_twins(lambda code: {"text/markdown": self._markdown(code), "text/plain": self._plain(code)})


@dataclass(repr=False)
class Exercise:
    """One exercise: ``check(answer)``, ``hint()``, ``solution()``, ``reference()``."""

    id: str
    titles: dict
    hints: dict
    why: dict
    solution_code: str

    @property
    def title(self) -> str:
        return text(self.titles)

    @property
    def lesson(self) -> str:
        return self.id.split(".")[0]

    def hint(self) -> Note:
        return Note(Text({"en": "Hint for exercise {id}", "ko": "연습 문제 {id} 힌트"}, id=self.id), self.hints)

    def solution(self) -> Note:
        return Note(Text({"en": "A solution to exercise {id}", "ko": "연습 문제 {id} 풀이"}, id=self.id), self.why,
                    self.solution_code)

    def check(self, answer) -> CheckResult:
        if answer is None or answer is Ellipsis:
            result = CheckResult(self.id, self.titles, "not attempted", say("not_attempted"))
        else:
            result = self._check(answer)
        record(self.id, result.status)
        return result

    def _check(self, answer) -> CheckResult:  # pragma: no cover - each kind defines it
        raise NotImplementedError

    def reference(self):  # pragma: no cover - each kind defines it
        raise NotImplementedError

    def _result(self, passed: bool, message, **extra) -> CheckResult:
        message = _as_text(message)
        return CheckResult(self.id, self.titles, "passed" if passed else "failed", message, **extra)

    def __repr__(self) -> str:
        return f"Exercise {self.id}: {self.title}"


def _as_text(message) -> Text:
    """A judge's message (a Text, a {"en": ..., "ko": ...} dict or a plain string) as a Text."""
    return message if isinstance(message, Text) else Text(message or "")


def _same(answer, value) -> bool:
    """``answer == value`` for answers that may be arrays or of another type."""
    try:
        return type(answer) is type(value) and bool(answer == value)
    except (TypeError, ValueError):
        return False


def _execute(code: str, namespace: dict) -> dict:
    import keras
    import numpy as np

    import funclab

    scope = {"keras": keras, "layers": keras.layers, "np": np, "funclab": funclab, **namespace}
    exec(compile(code, "<exercise solution>", "exec"), scope)  # noqa: S102 - funclab's own solution code
    return scope


@dataclass(repr=False)
class ModelExercise(Exercise):
    """Build a model to a specification; checked structurally against the solution's model.

    ``setup_code`` runs before the solution to make what the task starts from
    (a base model, say); ``named_inputs``/``named_outputs``: the task fixes
    the names of the inputs/outputs (data and losses find them by name).
    """

    setup_code: str = ""
    named_inputs: bool = False
    named_outputs: bool = False
    _reference_data: Any = field(default=None, repr=False)

    def reference(self):
        """The task's model, built fresh from the worked solution."""
        return _execute(self.setup_code + "\n" + self.solution_code, {})["model"]

    def _reference(self):
        if self._reference_data is None:
            from funclab.extract import extract

            self._reference_data = extract(self.reference())
        return self._reference_data

    def _wrong_kind(self, answer) -> str | None:
        import keras

        from funclab import _keras_internals as internals

        if isinstance(answer, keras.KerasTensor):
            return say("not_a_model_tensor", name=answer.name)
        if isinstance(answer, keras.layers.Layer) and not isinstance(answer, keras.Model):
            return say("not_a_model_layer", name=answer.name, cls=type(answer).__name__)
        if not isinstance(answer, keras.Model):
            return say("not_a_model", kind=f"{type(answer).__name__} {answer!r:.60}")
        if isinstance(answer, keras.Sequential):
            return say("sequential", name=answer.name) if internals.graph_model(answer) else say("unbuilt", name=answer.name)
        if not internals.is_graph_model(answer):
            return say("subclassed", name=answer.name)
        return None

    def _check(self, answer) -> CheckResult:
        from funclab.extract import extract

        wrong = self._wrong_kind(answer)
        if wrong is not None:
            return self._result(False, wrong)
        difference: Difference | None = compare_models(
            extract(answer), self._reference(), named_inputs=self.named_inputs, named_outputs=self.named_outputs
        )
        if difference is None:
            return self._result(True, say("passed") + Text(self.why), model=answer)
        return self._result(False, difference.message, model=answer,
                            highlight=tuple(difference.layers) + tuple(difference.calls))


@dataclass(repr=False)
class ValueExercise(Exercise):
    """Give a value; ``expected()`` computes the right one, ``judge(answer, expected)``
    returns ``(passed, message)``; ``mistakes`` maps a common wrong value to what it means."""

    expected: Callable[[], Any] = None
    judge: Callable[[Any, Any], tuple[bool, str]] | None = None
    mistakes: dict = field(default_factory=dict)
    _expected_value: Any = field(default=None, repr=False)

    def reference(self):
        if self._expected_value is None:
            self._expected_value = self.expected()
        return self._expected_value

    def _check(self, answer) -> CheckResult:
        expected = self.reference()
        if self.judge is not None:
            passed, message = self.judge(answer, expected)
        else:
            passed, message = answer == expected, ""
        if passed:
            return self._result(True, say("passed") + _as_text(message) + Text(self.why))
        for wrong, meaning in self.mistakes.items():
            if _same(answer, wrong):
                return self._result(False, Text(meaning))
        return self._result(False, _as_text(message) if message else say("value_wrong", found=repr(answer)))
