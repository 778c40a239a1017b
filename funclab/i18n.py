"""The language of funclab's learner-facing text: English or Korean.

The Korean lessons start with ``funclab.set_language("ko")``; exercise
tasks, hints, solutions' explanations and check messages then speak Korean.
Error messages of the API itself stay English. ``FUNCLAB_LANGUAGE=ko`` in
the environment sets the starting language.

>>> set_language("ko"); language()
'ko'
>>> pick({"en": "Passed.", "ko": "통과했습니다."})
'통과했습니다.'
>>> set_language("en"); pick({"en": "Passed.", "ko": "통과했습니다."})
'Passed.'
"""

from __future__ import annotations

import os

__all__ = ["LANGUAGES", "set_language", "language", "pick"]

LANGUAGES = ("en", "ko")
_current = os.environ.get("FUNCLAB_LANGUAGE", "en") if os.environ.get("FUNCLAB_LANGUAGE") in LANGUAGES else "en"


def set_language(code: str) -> None:
    """Speak ``"en"`` (English) or ``"ko"`` (Korean) from now on."""
    global _current
    if code not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {code!r}")
    _current = code


def language() -> str:
    return _current


def pick(texts: dict, code: str | None = None) -> str:
    """The text in the current language (or ``code``), English when there is no translation."""
    return texts.get(code or _current) or texts["en"]
