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

from funclab.i18n import pick
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
    title: str
    status: str
    message: str
    model: Any = None
    highlight: tuple = ()

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    def __repr__(self) -> str:
        return f"{MARK[self.status]} Exercise {self.exercise_id} ({self.title}): {self.message}"

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

    def _repr_html_(self) -> str:
        ink, paper = COLOR[self.status]
        picture = self._picture()
        picture_html = (f'<div style="flex: 1 1 auto; min-width: 0; overflow: auto; max-height: 520px">{picture}</div>'
                        if picture else "")
        return (
            f'<div style="display: flex; gap: 12px; align-items: flex-start">'
            f'<div style="flex: 0 1 420px; border-left: 4px solid {ink}; background: {paper}; padding: 6px 10px">'
            f'<b style="color: {ink}">{MARK[self.status]} Exercise {html.escape(self.exercise_id)}'
            f"&nbsp;·&nbsp;{html.escape(self.title)}</b><br>{html.escape(self.message)}</div>"
            f"{picture_html}</div>"
        )


@dataclass
class Note:
    """A hint or a worked solution: Markdown, with a plain-text twin."""

    heading: str
    text: str
    code: str = ""

    def _markdown(self) -> str:
        code = f"\n\n```python\n{self.code.strip()}\n```" if self.code else ""
        return f"**{self.heading}**{code}\n\n{self.text}"

    def __repr__(self) -> str:
        code = f"\n{self.code.strip()}\n" if self.code else ""
        return f"{self.heading}{code}\n{self.text}"

    def _repr_markdown_(self) -> str:
        return self._markdown()


@dataclass
class Exercise:
    """One exercise: ``check(answer)``, ``hint()``, ``solution()``, ``reference()``."""

    id: str
    titles: dict
    hints: dict
    why: dict
    solution_code: str

    @property
    def title(self) -> str:
        return pick(self.titles)

    @property
    def lesson(self) -> str:
        return self.id.split(".")[0]

    def hint(self) -> Note:
        return Note(pick({"en": f"Hint for exercise {self.id}", "ko": f"연습 {self.id} 힌트"}), pick(self.hints))

    def solution(self) -> Note:
        return Note(pick({"en": f"A solution to exercise {self.id}", "ko": f"연습 {self.id} 풀이"}), pick(self.why),
                    self.solution_code)

    def check(self, answer) -> CheckResult:
        if answer is None or answer is Ellipsis:
            result = CheckResult(self.id, self.title, "not attempted", say("not_attempted"))
        else:
            result = self._check(answer)
        record(self.id, result.status)
        return result

    def _check(self, answer) -> CheckResult:  # pragma: no cover - each kind defines it
        raise NotImplementedError

    def reference(self):  # pragma: no cover - each kind defines it
        raise NotImplementedError

    def _result(self, passed: bool, message: str, **extra) -> CheckResult:
        return CheckResult(self.id, self.title, "passed" if passed else "failed", message, **extra)

    def __repr__(self) -> str:
        return f"Exercise {self.id}: {self.title}"


def _execute(code: str, namespace: dict) -> dict:
    import keras
    import numpy as np

    import funclab

    scope = {"keras": keras, "layers": keras.layers, "np": np, "funclab": funclab, **namespace}
    exec(compile(code, "<exercise solution>", "exec"), scope)  # noqa: S102 - funclab's own solution code
    return scope


@dataclass
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
            return self._result(True, say("passed") + " " + pick(self.why), model=answer)
        return self._result(False, difference.message, model=answer,
                            highlight=tuple(difference.layers) + tuple(difference.calls))


@dataclass
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
            return self._result(True, (say("passed") + " " + pick(self.why)).strip())
        for wrong, meaning in self.mistakes.items():
            if answer == wrong:
                return self._result(False, pick(meaning))
        return self._result(False, message or say("value_wrong", found=repr(answer)))
