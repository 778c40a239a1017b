"""Translations of the lessons' prose, kept beside the sources and checked for staleness.

Every markdown cell of a lesson source carries a stable key in its marker line
(``# %% [markdown] key="md-3f2a9c"``); the build makes it the notebook cell's
id. A lesson's Korean prose lives in ``lessons/src/ko/NN_name.md``, one block
per markdown cell::

    <!-- key: md-3f2a9c · en: 1a2b3c4d5e -->
    # 1강 — Sequential과 함수형: 층은 텐서에 적용하는 함수입니다

``en`` is a fingerprint of the English text the block translates. When the
English cell changes, its fingerprint no longer matches: the translation is
*stale*. ``make test`` fails, naming the cell, for a markdown cell with no
translation or a stale one.

    python -m funclab.translations status              # what needs translating
    python -m funclab.translations template SOURCE     # blocks to fill in, with the English
    python -m funclab.translations keys SOURCE ...     # give new markdown cells their keys

Code cells are not translated: the Korean notebooks run the same code and show
the same outputs, written from the same execution as the English ones
(``funclab.build``).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["LANGUAGE", "Problem", "fingerprint", "translation_path", "read_translations", "markdown_cells",
           "problems", "add_keys", "main"]

LANGUAGE = "ko"
_BLOCK = re.compile(r"^<!-- key: (?P<key>[\w-]+) · en: (?P<fingerprint>[0-9a-f]+) -->\n", re.M)
_MARKER = re.compile(r'^# %% \[markdown\](?P<rest>.*)$', re.M)


def fingerprint(english: str) -> str:
    """A short fingerprint of an English cell's text (whitespace at the ends ignored)."""
    return hashlib.sha1(english.strip().encode("utf-8")).hexdigest()[:10]


def translation_path(source: Path, language: str = LANGUAGE) -> Path:
    """``lessons/src/01_name.py`` → ``lessons/src/ko/01_name.md``."""
    source = Path(source)
    return source.parent / language / (source.stem + ".md")


@dataclass(frozen=True)
class Translation:
    key: str
    fingerprint: str
    text: str


def read_translations(path: Path) -> dict[str, Translation]:
    """The blocks of one translation file, by key."""
    path = Path(path)
    if not path.exists():
        return {}
    content = path.read_text(encoding="utf-8")
    matches = list(_BLOCK.finditer(content))
    found = {}
    for match, following in zip(matches, matches[1:] + [None]):
        end = following.start() if following else len(content)
        found[match["key"]] = Translation(match["key"], match["fingerprint"], content[match.end():end].strip())
    return found


def markdown_cells(source: Path) -> list[tuple[str | None, str]]:
    """``(key, English text)`` of each markdown cell of a lesson source, in order."""
    import jupytext

    cells = jupytext.read(Path(source), fmt="py:percent").cells
    return [(cell.metadata.get("key"), cell.source) for cell in cells if cell.cell_type == "markdown"]


@dataclass(frozen=True)
class Problem:
    source: Path
    kind: str  # no key, missing, stale, orphan
    key: str | None
    english: str

    def __str__(self) -> str:
        first = (self.english.strip().splitlines() or [""])[0][:70]
        where = f"{self.source.name}, markdown cell {self.key or '(no key)'} starting {first!r}"
        fix = {
            "no key": "give it a key: python -m funclab.translations keys " + str(self.source),
            "missing": f"add its translation to {translation_path(self.source)}",
            "stale": f"its English changed since it was translated: update the block in {translation_path(self.source)} "
                     "(python -m funclab.translations template shows the new English and fingerprint)",
            "orphan": f"no English cell has this key any more: remove the block from {translation_path(self.source)}",
        }[self.kind]
        return f"{where}: {self.kind}; {fix}"


def problems(source: Path) -> list[Problem]:
    """What keeps a lesson's translation from being complete and current."""
    source = Path(source)
    translated = read_translations(translation_path(source))
    found, keys = [], set()
    for key, english in markdown_cells(source):
        keys.add(key)
        if key is None:
            found.append(Problem(source, "no key", None, english))
        elif key not in translated:
            found.append(Problem(source, "missing", key, english))
        elif translated[key].fingerprint != fingerprint(english):
            found.append(Problem(source, "stale", key, english))
    for key, block in translated.items():
        if key not in keys:
            found.append(Problem(source, "orphan", key, block.text))
    return found


def template(source: Path) -> str:
    """Blocks for the cells that need translating, with the English to translate."""
    lines = []
    for problem in problems(source):
        if problem.kind in ("missing", "stale"):
            lines.append(f"<!-- key: {problem.key} · en: {fingerprint(problem.english)} -->\n{problem.english.strip()}\n")
    return "\n".join(lines)


def add_keys(source: Path) -> int:
    """Give every markdown cell of a source without a key one (from its text); returns how many."""
    source = Path(source)
    text = source.read_text(encoding="utf-8")
    used = set(re.findall(r'key="([\w-]+)"', text))
    added = 0

    def replace(match: re.Match) -> str:
        nonlocal added
        rest = match["rest"]
        if 'key="' in rest:
            return match.group(0)
        following = text[match.end():match.end() + 400]
        key = "md-" + hashlib.sha1(following.encode("utf-8")).hexdigest()[:6]
        while key in used:
            key = "md-" + hashlib.sha1((key + following).encode("utf-8")).hexdigest()[:6]
        used.add(key)
        added += 1
        return f'# %% [markdown] key="{key}"{rest}'

    source.write_text(_MARKER.sub(replace, text), encoding="utf-8")
    return added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m funclab.translations", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("status", "template", "keys"))
    parser.add_argument("sources", nargs="*", type=Path)
    args = parser.parse_args(argv)
    sources = args.sources or sorted(Path("lessons/src").glob("*.py"))
    if args.command == "keys":
        for source in sources:
            print(f"{source}: {add_keys(source)} key(s) added")
        return 0
    if args.command == "template":
        for source in sources:
            print(template(source))
        return 0
    found = [p for source in sources for p in problems(source)]
    for problem in found:
        print(problem)
    if not found:
        print(f"every markdown cell of {len(sources)} lesson(s) has a current translation")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
