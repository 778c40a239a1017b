"""The instructors' build (funclab.build) and the lesson notebooks' sync with their sources."""

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from funclab import build, kernel_run, lesson_source, translations

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"
SOURCES = sorted((LESSONS / "src").glob("*.py"))


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_committed_notebook_matches_its_source(source):
    problems = build.check_lesson(source)
    assert not problems, "\n".join(problems)


def test_every_lesson_has_a_source_and_a_notebook_in_each_edition():
    assert sorted(p.stem for p in LESSONS.glob("*.ipynb")) == [s.stem for s in SOURCES]
    assert sorted(p.stem for p in (LESSONS / "solutions").glob("*.ipynb")) == [s.stem for s in SOURCES]
    for folder in ("ko", "ko/solutions"):
        assert sorted(p.stem for p in (LESSONS / folder).glob("*.ipynb")) == [s.stem for s in SOURCES]
    assert len(SOURCES) >= 1


def write_tiny_lesson(folder: Path) -> Path:
    """A throwaway lessons/ tree in folder with one small source."""
    (folder / "src").mkdir()
    shutil.copy(LESSONS / "sanitize.cfg", folder / "sanitize.cfg")
    source = folder / "src" / "01_tiny.py"
    source.write_text(
        "# %% [markdown]\n# # Tiny\n# The first version.\n\n"
        "# %%\nprint(6 * 7)\n\n"
        '# %% tags=["nbval-ignore-output"]\nimport sys\nprint("to stderr", file=sys.stderr)\n\n'
        "# %%\nshared = 1\n# BEGIN STARTER\nanswer = ...\n# END STARTER\n# BEGIN SOLUTION\nanswer = 2 * 21\n"
        "# END SOLUTION\nprint(answer)\n",
        encoding="utf-8",
    )
    return source


@pytest.fixture
def tiny_lesson(tmp_path):
    return write_tiny_lesson(tmp_path)


@pytest.fixture(scope="module")
def built_lesson(tmp_path_factory):
    """The tiny lesson built once (two kernels), for the tests that only read
    what the build wrote; tests that edit it work on a copy (built_copy)."""
    source = write_tiny_lesson(tmp_path_factory.mktemp("built"))
    return source, build.build_lesson(source)


@pytest.fixture
def built_copy(built_lesson, tmp_path):
    """A copy of the built tree, to edit and rebuild."""
    source, _ = built_lesson
    shutil.copytree(source.parent.parent, tmp_path / "lessons")
    return tmp_path / "lessons" / "src" / source.name


def test_notebook_from_source_is_deterministic(tiny_lesson):
    first = build.notebook_from_source(tiny_lesson)
    second = build.notebook_from_source(tiny_lesson)
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    ids = [cell.id for cell in first.cells]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{1,64}", i) for i in ids)


def test_first_cell_names_the_source_and_how_to_rebuild(tiny_lesson):
    header = build.notebook_from_source(tiny_lesson).cells[0]
    assert header.cell_type == "markdown"
    assert "src/01_tiny.py" in header.source
    assert "make lessons" in header.source


def test_tags_survive_and_other_cell_metadata_does_not(tiny_lesson):
    cells = build.notebook_from_source(tiny_lesson).cells
    assert cells[3].metadata == {"tags": ["nbval-ignore-output"]}
    assert cells[2].metadata == {}


def test_editing_one_cell_changes_only_that_cells_id(tiny_lesson):
    before = [c.id for c in build.notebook_from_source(tiny_lesson).cells]
    tiny_lesson.write_text(tiny_lesson.read_text().replace("first version", "second version"))
    after = [c.id for c in build.notebook_from_source(tiny_lesson).cells]
    assert before[0] == after[0] and before[2:] == after[2:]
    assert before[1] != after[1]


@pytest.mark.notebook
def test_instructor_edit_shows_up_after_rebuild(built_copy):
    """The README's workflow: edit a markdown line, run the build, see the edit."""
    import nbformat
    tiny_lesson = built_copy
    target = build.notebook_path(tiny_lesson)
    assert build.check_lesson(tiny_lesson) == []

    tiny_lesson.write_text(tiny_lesson.read_text().replace("first version", "edited line"))
    problems = build.check_lesson(tiny_lesson)
    assert len(problems) == 2 and all("make lessons" in p and "cell 1" in p for p in problems)  # both editions

    report = build.build_lesson(tiny_lesson)
    nb = nbformat.read(target, as_version=4)
    assert "edited line" in nb.cells[1].source
    assert build.check_lesson(tiny_lesson) == []
    assert nb.cells[2].outputs[0]["text"] == "42\n"
    assert nb.cells[2].execution_count == 1
    assert report.stderr_cells == {"exercises": [3], "solutions": [3]}
    korean = nbformat.read(build.notebook_path(tiny_lesson, "exercises", "ko"), as_version=4)
    assert report.untranslated == [nb.cells[1].id]  # no translation yet: the English stays
    assert korean.cells[1].source == nb.cells[1].source and korean.cells[2].outputs == nb.cells[2].outputs

    # A translation added afterwards goes in without executing again (--korean-prose).
    english = nb.cells[1]
    korean_file = translations.translation_path(tiny_lesson)
    korean_file.parent.mkdir(parents=True, exist_ok=True)
    korean_file.write_text(f"<!-- key: {english.id} · en: {translations.fingerprint(english.source)} -->\n"
                           "# 작은 강의\n", encoding="utf-8")
    written = build.retranslate_lesson(tiny_lesson)
    assert written == [build.notebook_path(tiny_lesson, edition, "ko") for edition in build.EDITIONS]
    korean = nbformat.read(written[0], as_version=4)
    assert korean.cells[1].source == "# 작은 강의"
    assert korean.cells[2].outputs == nb.cells[2].outputs and korean.cells[0].source.startswith("*")


def kernel_children() -> list[int]:
    """Kernels started by this process that are still running (Linux)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            parent = re.search(r"^PPid:\s+(\d+)", status.read_text(), re.M)
            command = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if parent and int(parent.group(1)) == os.getpid() and b"ipykernel" in command:
            found.append(int(status.parent.name))
    return found


@pytest.mark.notebook
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_each_kernel_is_shut_down_after_its_notebook(built_lesson):
    assert kernel_children() == []


@pytest.mark.notebook
def test_the_build_environment_reaches_the_kernel_but_does_not_stay_in_this_process(tiny_lesson, monkeypatch):
    import nbformat

    monkeypatch.delenv("FUNCLAB_PNG_TWINS", raising=False)
    before = dict(os.environ)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import os\nprint(os.environ.get('FUNCLAB_PNG_TWINS'), os.environ.get('FUNCLAB_TWINS'))")])
    kernel_run.execute(nb, cwd=tiny_lesson.parent, env=build.BUILD_ENV)
    assert nb.cells[0].outputs[0]["text"] == "1 ko\n"
    assert dict(os.environ) == before


@pytest.mark.notebook
def test_the_two_editions_run_the_starter_and_the_solution(built_lesson):
    import nbformat
    tiny_lesson, report = built_lesson
    exercises = nbformat.read(report.notebooks["exercises"], as_version=4)
    solutions = nbformat.read(report.notebooks["solutions"], as_version=4)
    assert report.notebooks["solutions"] == tiny_lesson.parent.parent / "solutions" / "01_tiny.ipynb"
    assert exercises.cells[4].source == "shared = 1\nanswer = ...\nprint(answer)"
    assert solutions.cells[4].source == "shared = 1\nanswer = 2 * 21\nprint(answer)"
    assert exercises.cells[4].outputs[0]["text"] == "Ellipsis\n" and solutions.cells[4].outputs[0]["text"] == "42\n"
    assert "Solutions edition" in solutions.cells[0].source and "../src/01_tiny.py" in solutions.cells[0].source


def test_edition_markers_pick_one_block():
    code = "a = 1\n# BEGIN STARTER\nb = ...\n# END STARTER\n# BEGIN SOLUTION\nb = 2\n# END SOLUTION\nc = 3"
    assert lesson_source.edition_text(code, "exercises") == "a = 1\nb = ...\nc = 3"
    assert lesson_source.edition_text(code, "solutions") == "a = 1\nb = 2\nc = 3"
    with pytest.raises(ValueError, match="edition must be one of exercises, solutions"):
        lesson_source.edition_text(code, "answers")


@pytest.mark.notebook
def test_rebuilding_an_unchanged_source_changes_nothing(built_copy):
    target = build.notebook_path(built_copy)
    first = target.read_bytes()
    build.build_lesson(built_copy)
    assert target.read_bytes() == first


@pytest.mark.notebook
def test_written_json_is_normalised(built_lesson):
    text = build.notebook_path(built_lesson[0]).read_text()
    data = json.loads(text)
    assert text == json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    assert data["metadata"] == {
        "kernelspec": lesson_source.KERNELSPEC,
        "language_info": {"name": "python"},
    }
    for cell in data["cells"]:
        assert set(cell["metadata"]) <= {"tags"}


def test_korean_prose_refuses_when_the_english_notebooks_are_not_built(tiny_lesson):
    with pytest.raises(ValueError, match="run `make lessons`"):
        build.retranslate_lesson(tiny_lesson)


def test_check_reports_a_missing_notebook_and_unrun_cells(tiny_lesson):
    assert "missing" in build.check_lesson(tiny_lesson)[0]
    for edition in lesson_source.EDITIONS:
        path = build.notebook_path(tiny_lesson, edition)
        path.parent.mkdir(exist_ok=True)
        kernel_run.write_notebook(build.notebook_from_source(tiny_lesson, edition), path)
    problems = build.check_lesson(tiny_lesson)
    assert len(problems) == 2 and all("unexecuted" in p for p in problems)


def _stream(name, text):
    import nbformat
    return nbformat.v4.new_output("stream", name=name, text=text)


def test_normalise_removes_tensorflow_log_lines_but_keeps_real_stderr():
    import nbformat
    tf_noise = (
        "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n"
        "I0000 00:00:1795307648.292726    2585 port.cc:153] oneDNN custom operations are on.\n"
        "2025-01-01 12:00:00.123456: W tensorflow/core/framework/op_kernel.cc:1857] OP_REQUIRES failed\n"
        "To enable the following instructions: AVX2 FMA, in other operations, rebuild TensorFlow.\n"
    )
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("a", outputs=[_stream("stderr", tf_noise)]),
            nbformat.v4.new_code_cell(
                "b", outputs=[_stream("stderr", tf_noise), _stream("stderr", "UserWarning: real\n")]
            ),
            nbformat.v4.new_code_cell(
                "c",
                outputs=[
                    nbformat.v4.new_output(
                        "display_data",
                        data={
                            "text/plain": "Slider(value=1.0)",
                            kernel_run.WIDGET_VIEW_MIME: {"model_id": "abc123", "version_major": 2},
                        },
                    )
                ],
            ),
        ]
    )
    patterns = kernel_run.load_sanitize_patterns(LESSONS / "sanitize.cfg")
    stderr_cells = kernel_run.normalise(nb, patterns)
    assert nb.cells[0].outputs == []
    assert [o.text for o in nb.cells[1].outputs] == ["UserWarning: real\n"]
    assert stderr_cells == [1]
    assert nb.cells[2].outputs[0].data == {"text/plain": "Slider(value=1.0)"}


def test_sanitize_file_masks_addresses_and_timings():
    patterns = kernel_run.load_sanitize_patterns(LESSONS / "sanitize.cfg")
    assert len(patterns) >= 6

    def sanitize(text):
        for regex, replace in patterns:
            text = re.sub(regex, replace, text)
        return text

    assert sanitize("<History at 0x7f509e7f2b10>") == "<History at 0xADDRESS>"
    assert sanitize("32/32 - 1s - 23ms/step - loss: 0.5") == "32/32 - TIME - TIME/step - loss: 0.5"
    assert sanitize("accuracy 0.95\n") == "accuracy 0.95\n"


def test_env_command_prints_the_lesson_environment(capsys):
    assert build.main(["env"]) == 0
    lines = capsys.readouterr().out.split()
    assert "TF_CPP_MIN_LOG_LEVEL=3" in lines
    assert "TF_ENABLE_ONEDNN_OPTS=0" in lines


def test_cli_refuses_missing_sources(capsys):
    with pytest.raises(SystemExit):
        build.main(["lessons/src/does_not_exist.py"])
    assert "no such lesson source" in capsys.readouterr().err
