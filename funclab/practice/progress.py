"""The progress line at the end of a lesson: which exercises passed in this kernel."""

from __future__ import annotations

import html
from dataclasses import dataclass

from funclab.i18n import pick
from funclab.practice.base import COLOR, MARK, STATUS_TEXT

__all__ = ["Progress"]


@dataclass
class Progress:
    lesson: str
    rows: list  # (id, title, status)

    @property
    def passed(self) -> int:
        return sum(status == "passed" for _, _, status in self.rows)

    def _heading(self) -> str:
        return pick({
            "en": f"Lesson {self.lesson} exercises passed in this kernel: {self.passed} of {len(self.rows)}",
            "ko": f"{self.lesson}강 연습 문제 중 이 커널에서 통과한 것: {len(self.rows)}개 중 {self.passed}개",
        })

    def __repr__(self) -> str:
        items = "; ".join(f"{MARK[s]} {i} {t} ({pick(STATUS_TEXT[s])})" for i, t, s in self.rows)
        return f"{self._heading()}\n{items}"

    def _repr_html_(self) -> str:
        items = "".join(
            f'<li style="color: {COLOR[s][0]}">{MARK[s]} {html.escape(i)} {html.escape(t)} '
            f"<i>({html.escape(pick(STATUS_TEXT[s]))})</i></li>"
            for i, t, s in self.rows
        )
        return f'<div><b>{html.escape(self._heading())}</b><ul style="margin: 0.3em 0">{items}</ul></div>'
