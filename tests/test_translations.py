"""The Korean edition: translations current, Korean notebooks identical to the English in code and outputs."""

from pathlib import Path

import pytest

from funclab import lesson_source, translations
from funclab.translations import LANGUAGE_LINE, fingerprint

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"
SOURCES = sorted((LESSONS / "src").glob("*.py"))
EDITIONS = lesson_source.EDITIONS


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_every_markdown_cell_has_a_current_korean_translation(source):
    found = translations.problems(source)
    assert not found, "\n".join(map(str, found))


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_korean_notebook_is_the_english_one_translated(source, edition):
    found = translations.check_korean(source, edition)
    assert not found, "\n".join(found)


def test_korean_notebooks_have_the_english_file_names():
    for folder in ("", "solutions"):
        english = sorted(p.name for p in (LESSONS / folder).glob("*.ipynb"))
        korean = sorted(p.name for p in (LESSONS / "ko" / folder).glob("*.ipynb"))
        assert korean == english


def test_korean_notebooks_set_the_language_once_and_are_in_korean():
    import nbformat
    for source in SOURCES:
        nb = nbformat.read(lesson_source.notebook_path(source, "exercises", "ko"), as_version=4)
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        assert code.count(LANGUAGE_LINE) == 1, source.name
        prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        hangul = sum("\uac00" <= ch <= "\ud7a3" for ch in prose)
        assert hangul > 0.3 * len(prose.replace(" ", "")), f"{source.name}: little Korean in the markdown"


# -- the mechanism, on a throwaway lesson --------------------------------------------------

ENGLISH_TITLE = "# Tiny\nThe first version."


@pytest.fixture
def tiny(tmp_path):
    (tmp_path / "src" / "ko").mkdir(parents=True)
    source = tmp_path / "src" / "01_tiny.py"
    source.write_text(
        '# %% [markdown] key="md-aaaaaa"\n# # Tiny\n# The first version.\n\n'
        "# %%\nimport funclab\nprint(6 * 7)\n\n"
        '# %% [markdown] key="md-bbbbbb"\n# The end.\n',
        encoding="utf-8",
    )
    return source


def write_translation(source, blocks):
    text = "\n".join(f"<!-- key: {key} · en: {fingerprint(en)} -->\n{ko}\n" for key, en, ko in blocks)
    translations.translation_path(source).write_text(text, encoding="utf-8")


def kinds(source):
    return [(p.kind, p.key) for p in translations.problems(source)]


def test_missing_stale_and_orphan_translations_are_named(tiny):
    assert kinds(tiny) == [("missing", "md-aaaaaa"), ("missing", "md-bbbbbb")]
    write_translation(tiny, [("md-aaaaaa", ENGLISH_TITLE, "# 작은 수업\n첫 판."),
                             ("md-bbbbbb", "The end.", "끝."), ("md-cccccc", "Gone.", "없어짐.")])
    assert kinds(tiny) == [("orphan", "md-cccccc")]
    tiny.write_text(tiny.read_text().replace("first version", "second version"))
    found = translations.problems(tiny)
    assert [(p.kind, p.key) for p in found] == [("stale", "md-aaaaaa"), ("orphan", "md-cccccc")]
    message = str(found[0])
    assert "01_tiny.py" in message and "md-aaaaaa" in message and "# Tiny" in message
    assert "template" in message


def test_a_cell_without_a_key_is_reported_and_keys_adds_one(tiny):
    tiny.write_text(tiny.read_text() + "\n# %% [markdown]\n# A new cell.\n")
    assert ("no key", None) in kinds(tiny)
    assert translations.add_keys(tiny) == 1
    assert ("no key", None) not in kinds(tiny)
    assert translations.add_keys(tiny) == 0


def test_template_gives_the_english_and_its_fingerprint(tiny):
    text = translations.template(tiny)
    assert f"<!-- key: md-aaaaaa · en: {fingerprint(ENGLISH_TITLE)} -->\n{ENGLISH_TITLE}" in text


def test_whitespace_at_the_ends_does_not_make_a_translation_stale():
    assert fingerprint("  The end.\n\n") == fingerprint("The end.")
    assert fingerprint("The end.") != fingerprint("The end!")


def executed(source):
    import nbformat
    nb = lesson_source.notebook_from_source(source)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.execution_count = 1
            cell.outputs = [nbformat.v4.new_output(
                "display_data", data={"text/plain": "layers"},
                metadata={"funclab": {"ko": {"text/plain": "층"}}})]
    return nb


def test_korean_notebook_translates_markdown_sets_the_language_and_uses_twins(tiny):
    write_translation(tiny, [("md-aaaaaa", ENGLISH_TITLE, "# 작은 수업\n첫 판.")])
    english = executed(tiny)
    korean, missing = translations.korean_notebook(english, tiny, "exercises")
    assert missing == ["md-bbbbbb"]
    by_id = {cell.id: cell for cell in korean.cells}
    assert by_id["md-aaaaaa"].source == "# 작은 수업\n첫 판."
    assert by_id["md-bbbbbb"].source == "The end."  # untranslated cells stay English
    code = next(c for c in korean.cells if c.cell_type == "code")
    assert code.source == f"import funclab\n{LANGUAGE_LINE}\nprint(6 * 7)"
    assert code.outputs[0].data == {"text/plain": "층"}
    translations.strip_twins(english)
    assert "funclab" not in next(c for c in english.cells if c.cell_type == "code").outputs[0].metadata


def write_pair(source, english, korean):
    import nbformat
    for nb, language in ((english, "en"), (korean, "ko")):
        path = lesson_source.notebook_path(source, "exercises", language)
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, path)


def test_check_korean_accepts_the_build_and_names_each_kind_of_drift(tiny):
    write_translation(tiny, [("md-aaaaaa", ENGLISH_TITLE, "# 작은 수업\n첫 판."), ("md-bbbbbb", "The end.", "끝.")])
    english = executed(tiny)
    korean, _ = translations.korean_notebook(english, tiny, "exercises")
    translations.strip_twins(english)
    write_pair(tiny, english, korean)
    assert translations.check_korean(tiny, "exercises") == []

    code = next(c for c in korean.cells if c.cell_type == "code")
    code.outputs[0].data = {"text/plain": "a different result"}
    write_pair(tiny, english, korean)
    assert "is not a Korean twin" in translations.check_korean(tiny, "exercises")[0]

    code.outputs[0].data = {"text/plain": "층"}
    code.source += "\nprint('extra')"
    write_pair(tiny, english, korean)
    assert "code differs" in translations.check_korean(tiny, "exercises")[0]

    code.source = code.source.replace("\nprint('extra')", "")
    write_translation(tiny, [("md-aaaaaa", ENGLISH_TITLE, "# 새 번역"), ("md-bbbbbb", "The end.", "끝.")])
    write_pair(tiny, english, korean)
    assert "not the current translation" in translations.check_korean(tiny, "exercises")[0]


def test_status_command_lists_problems_and_fails(tiny, capsys):
    assert translations.main(["status", str(tiny)]) == 1
    assert "md-aaaaaa" in capsys.readouterr().out
    write_translation(tiny, [("md-aaaaaa", ENGLISH_TITLE, "가"), ("md-bbbbbb", "The end.", "끝.")])
    assert translations.main(["status", str(tiny)]) == 0


def test_the_glossary_has_the_terms_the_issue_names():
    glossary = (LESSONS / "ko" / "GLOSSARY.md").read_text(encoding="utf-8")
    for term in ("함수형 API", "층", "텐서", "다중 입력", "다중 출력", "손실 가중치", "가중치 공유", "잔차 연결",
                 "인셉션 모듈", "합성곱", "임베딩", "노드"):
        assert term in glossary, term

