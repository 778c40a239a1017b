"""The progress line at the end of a lesson: which exercises passed in this kernel."""

from __future__ import annotations

import html
from dataclasses import dataclass

from funclab.i18n import pick, with_twins
from funclab.practice.base import COLOR, MARK, STATUS_TEXT

__all__ = ["Progress"]


@dataclass
class Progress:
    lesson: str
    rows: list  # (id, title, status)

    @property
    def passed(self) -> int:
        return sum(status == "passed" for _, _, status in self.rows)

    def _heading(self, code=None) -> str:
        return pick({
            "en": f"Lesson {self.lesson} exercises passed in this kernel: {self.passed} of {len(self.rows)}",
            "ko": f"{self.lesson}강 연습 문제 가운데 이 커널에서 통과한 것: {len(self.rows)}개 중 {self.passed}개",
        }, code)

    def _plain(self, code=None) -> str:
        items = "; ".join(f"{MARK[s]} {i} {pick(t, code)} ({pick(STATUS_TEXT[s], code)})" for i, t, s in self.rows)
        return f"{self._heading(code)}\n{items}"

    def __repr__(self) -> str:
        return self._plain()

    def _html(self, code=None) -> str:
        items = "".join(
            f'<li style="color: {COLOR[s][0]}">{MARK[s]} {html.escape(i)} {html.escape(pick(t, code))} '
            f"<i>({html.escape(pick(STATUS_TEXT[s], code))})</i></li>"
            for i, t, s in self.rows
        )
        return f'<div><b>{html.escape(self._heading(code))}</b><ul style="margin: 0.3em 0">{items}</ul></div>'

    def _repr_html_(self) -> str:
        return self._html()

    def _repr_mimebundle_(self, include=None, exclude=None):
        return with_twins(lambda code: {"text/plain": self._plain(code), "text/html": self._html(code)})
