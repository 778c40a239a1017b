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

__all__ = ["LANGUAGE", "LANGUAGE_LINE", "Problem", "fingerprint", "translation_path", "read_translations",
           "markdown_cells", "problems", "add_keys", "korean_notebook", "check_korean", "strip_twins", "main"]

LANGUAGE = "ko"
#: The one line of code the Korean notebooks add, after `import funclab`.
LANGUAGE_LINE = 'funclab.set_language("ko")  # 연습 문제와 도구의 안내를 한국어로'
TWIN_KEY = "funclab"
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


def _korean_header(source: Path, edition: str) -> str:
    up = "../" if edition == "exercises" else "../../"
    english = f"{up}{source.stem}.ipynb" if edition == "exercises" else f"{up}solutions/{source.stem}.ipynb"
    what = "" if edition == "exercises" else "*풀이판: 모든 연습 문제를 채우고 확인한 노트북입니다.* "
    return (
        f"{what}*[`src/{source.name}`]({up}src/{source.name})와 번역 [`src/ko/{source.stem}.md`]"
        f"({up}src/ko/{source.stem}.md)에서 `make lessons`로 만든 노트북입니다. 이 수업을 고치려면 그 파일들을 고치고 "
        f"다시 만드세요. 여기서 고친 내용은 덮어써집니다. 셀을 실행하는 것은 괜찮습니다.* "
        f"*English: [{source.stem}.ipynb]({english})*"
    )


def _add_language_line(code: str) -> str:
    lines = code.splitlines()
    for index, line in enumerate(lines):
        if line.strip() == "import funclab":
            return "\n".join(lines[: index + 1] + [LANGUAGE_LINE] + lines[index + 1 :])
    return code


def korean_notebook(nb, source: Path, edition: str):
    """The Korean edition of an executed English notebook: the markdown cells
    translated, one line that sets the language added after the first
    ``import funclab``, and funclab's displays shown in their Korean twins
    (``funclab.i18n.with_twins``). Code and every other output are the English
    notebook's. Returns the notebook and the keys of untranslated cells."""
    import copy

    from funclab.lesson_source import HEADER_CELL_ID

    translated = read_translations(translation_path(source))
    korean = copy.deepcopy(nb)
    missing, language_set = [], False
    for cell in korean.cells:
        if cell.get("id") == HEADER_CELL_ID:
            cell.source = _korean_header(Path(source), edition)
        elif cell.cell_type == "markdown":
            block = translated.get(cell.get("id"))
            if block is None or block.fingerprint != fingerprint(cell.source):
                missing.append(cell.get("id"))
            else:
                cell.source = block.text
        elif cell.cell_type == "code":
            if not language_set and "import funclab" in cell.source.splitlines():
                cell.source = _add_language_line(cell.source)
                language_set = True
            for output in cell.get("outputs", []):
                twin = output.get("metadata", {}).get(TWIN_KEY, {}).get(LANGUAGE)
                if twin:
                    output.data.update(twin)
    return korean, missing


_HANGUL = re.compile("[\uac00-\ud7a3]")


def check_korean(source: Path, edition: str) -> list[str]:
    """Problems that mean a committed Korean notebook is not the Korean edition
    of the committed English one: a markdown cell that is not its current
    translation, or a code cell or output that differs from the English.

    Outputs must be identical, except funclab's displays, which may differ
    only by being in Korean (their Korean twins): same output type, same MIME
    types, Hangul in the Korean text.
    """
    import nbformat

    from funclab.lesson_source import HEADER_CELL_ID, notebook_path

    source = Path(source)
    english_path, korean_path = notebook_path(source, edition), notebook_path(source, edition, LANGUAGE)
    fix = "run `make lessons` and commit the notebooks"
    if not korean_path.exists():
        return [f"{korean_path} is missing; {fix}"]
    english = nbformat.read(english_path, as_version=4).cells
    korean = nbformat.read(korean_path, as_version=4).cells
    if [c.get("id") for c in english] != [c.get("id") for c in korean]:
        return [f"{korean_path} does not have the cells of {english_path}; {fix}"]
    translated = read_translations(translation_path(source))
    found = []
    for number, (en, ko) in enumerate(zip(english, korean)):
        where = f"{korean_path} cell {number} ({en.get('id')})"
        if en.cell_type == "markdown" and en.get("id") != HEADER_CELL_ID:
            block = translated.get(en.get("id"))
            want = block.text if block and block.fingerprint == fingerprint(en.source) else en.source
            if ko.source != want:
                found.append(f"{where}: the markdown is not the current translation; {fix}")
        elif en.cell_type == "code":
            if ko.source != en.source and ko.source != _add_language_line(en.source):
                found.append(f"{where}: the code differs from the English notebook's; {fix}")
            found += [f"{where}: {problem}" for problem in _output_differences(en, ko)]
    return found


def _output_differences(en, ko) -> list[str]:
    if en.get("execution_count") != ko.get("execution_count"):
        return ["execution count differs from the English notebook's"]
    en_outputs, ko_outputs = en.get("outputs", []), ko.get("outputs", [])
    if len(en_outputs) != len(ko_outputs):
        return [f"{len(ko_outputs)} outputs, the English notebook has {len(en_outputs)}"]
    found = []
    for index, (a, b) in enumerate(zip(en_outputs, ko_outputs)):
        if a == b:
            continue
        same_kind = a.get("output_type") == b.get("output_type") and sorted(a.get("data", {})) == sorted(
            b.get("data", {}))
        text = "".join(str(value) for value in b.get("data", {}).values())
        if not (same_kind and _HANGUL.search(text)):
            found.append(f"output {index} differs from the English notebook's and is not a Korean twin")
    return found


def strip_twins(nb) -> None:
    """Remove the Korean twins from an English notebook's outputs."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if TWIN_KEY in output.get("metadata", {}):
                del output.metadata[TWIN_KEY]


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
