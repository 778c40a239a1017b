"""The language of funclab's learner-facing text: English or Korean.

The Korean lessons start with ``funclab.set_language("ko")``; exercise
tasks, hints, solutions' explanations and check messages, the explorer's
pane and the loss-balance widget's labels then speak Korean. Error messages
of the API itself stay English. ``FUNCLAB_LANGUAGE=ko`` in the environment
sets the starting language.

>>> set_language("ko"); language()
'ko'
>>> str(Text({"en": "Passed {n}.", "ko": "{n}개 통과."}, n=3))
'3개 통과.'
>>> set_language("en"); Text({"en": "Passed {n}.", "ko": "{n}개 통과."}, n=3).render()
'Passed 3.'

**Twins.** The lesson build runs each lesson once and writes the English and
the Korean notebook from that one run. With ``FUNCLAB_TWINS=ko`` in the
kernel's environment, a display that has words carries its Korean rendering
in the output's metadata (``{"funclab": {"ko": {mime: data}}}``, only the
formats whose content differs), which the build puts in place of the
English ones in the Korean notebook.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable

__all__ = ["LANGUAGES", "TWINS_ENV", "Text", "set_language", "language", "pick", "text", "with_twins", "display_width"]

LANGUAGES = ("en", "ko")
TWINS_ENV = "FUNCLAB_TWINS"
_current = os.environ.get("FUNCLAB_LANGUAGE") if os.environ.get("FUNCLAB_LANGUAGE") in LANGUAGES else "en"


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


class Text:
    """A message in several languages, with named fields filled in when rendered."""

    def __init__(self, templates: dict | str, **fields):
        self.templates = {"en": templates} if isinstance(templates, str) else dict(templates)
        self.fields = fields

    def render(self, code: str | None = None) -> str:
        values = {k: (v.render(code) if isinstance(v, Text) else v) for k, v in self.fields.items()}
        return pick(self.templates, code).format(**values)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Text({self.render('en')!r})"

    def __add__(self, other) -> Text:
        return Joined(self, other)


class Joined(Text):
    """Two texts rendered one after the other, with a space."""

    def __init__(self, *parts):
        super().__init__({"en": ""})
        self.parts = parts

    def render(self, code: str | None = None) -> str:
        return " ".join(str(p) if not isinstance(p, Text) else p.render(code) for p in self.parts).strip()


def text(value, code: str | None = None) -> str:
    """A ``Text``, a ``{"en": ..., "ko": ...}`` dict or a plain string, rendered."""
    if isinstance(value, Text):
        return value.render(code)
    if isinstance(value, dict):
        return pick(value, code)
    return str(value)


def display_width(value: str) -> int:
    """Columns ``value`` takes in a monospaced font: Hangul and other wide characters take two.

    >>> display_width("layer"), display_width("층")
    (5, 2)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in value)


def with_twins(render: Callable[[str], dict]):
    """A display's mime bundle in the current language; with ``FUNCLAB_TWINS``
    set, also ``(bundle, metadata)`` carrying the other languages' renderings."""
    bundle = render(_current)
    twins = [code for code in os.environ.get(TWINS_ENV, "").split(",") if code in LANGUAGES and code != _current]
    if not twins:
        return bundle
    changed = {}
    for code in twins:  # only what differs: pictures and widgets are the same in every language
        other = render(code)
        changed[code] = {mime: data for mime, data in other.items() if bundle.get(mime) != data}
    return bundle, {"funclab": changed}
