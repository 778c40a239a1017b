"""The instructors' build (funclab.build) and the lesson notebooks' sync with their sources."""

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from funclab import build

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"
SOURCES = sorted((LESSONS / "src").glob("*.py"))


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_committed_notebook_matches_its_source(source):
    problems = build.check_lesson(source)
    assert not problems, "\n".join(problems)


def test_every_lesson_has_a_source_and_a_notebook():
    notebooks = sorted(p.stem for p in LESSONS.glob("*.ipynb"))
    assert notebooks == [s.stem for s in SOURCES]
    assert len(SOURCES) >= 1


@pytest.fixture
def tiny_lesson(tmp_path):
    """A throwaway lessons/ tree with one small source."""
    (tmp_path / "src").mkdir()
    shutil.copy(LESSONS / "sanitize.cfg", tmp_path / "sanitize.cfg")
    source = tmp_path / "src" / "01_tiny.py"
    source.write_text(
        "# %% [markdown]\n# # Tiny\n# The first version.\n\n"
        "# %%\nprint(6 * 7)\n\n"
        '# %% tags=["nbval-ignore-output"]\nimport sys\nprint("to stderr", file=sys.stderr)\n',
        encoding="utf-8",
    )
    return source


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
def test_instructor_edit_shows_up_after_rebuild(tiny_lesson):
    """The README's workflow: edit a markdown line, run the build, see the edit."""
    build.build_lesson(tiny_lesson)
    target = build.notebook_path(tiny_lesson)
    assert build.check_lesson(tiny_lesson) == []

    tiny_lesson.write_text(tiny_lesson.read_text().replace("first version", "edited line"))
    problems = build.check_lesson(tiny_lesson)
    assert len(problems) == 1 and "make lessons" in problems[0] and "cell 1" in problems[0]

    report = build.build_lesson(tiny_lesson)
    nb = nbformat.read(target, as_version=4)
    assert "edited line" in nb.cells[1].source
    assert build.check_lesson(tiny_lesson) == []
    assert nb.cells[2].outputs[0]["text"] == "42\n"
    assert nb.cells[2].execution_count == 1
    assert report.stderr_cells == [3]


@pytest.mark.notebook
def test_rebuilding_an_unchanged_source_changes_nothing(tiny_lesson):
    build.build_lesson(tiny_lesson)
    target = build.notebook_path(tiny_lesson)
    first = target.read_bytes()
    build.build_lesson(tiny_lesson)
    assert target.read_bytes() == first


@pytest.mark.notebook
def test_written_json_is_normalised(tiny_lesson):
    build.build_lesson(tiny_lesson)
    text = build.notebook_path(tiny_lesson).read_text()
    data = json.loads(text)
    assert text == json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    assert data["metadata"] == {
        "kernelspec": build.KERNELSPEC,
        "language_info": {"name": "python"},
    }
    for cell in data["cells"]:
        assert set(cell["metadata"]) <= {"tags"}


def test_check_reports_a_missing_notebook_and_unrun_cells(tiny_lesson):
    assert "missing" in build.check_lesson(tiny_lesson)[0]
    nb = build.notebook_from_source(tiny_lesson)
    build.write_notebook(nb, build.notebook_path(tiny_lesson))
    problems = build.check_lesson(tiny_lesson)
    assert problems and "unexecuted" in problems[0]


def _stream(name, text):
    return nbformat.v4.new_output("stream", name=name, text=text)


def test_normalise_removes_tensorflow_log_lines_but_keeps_real_stderr():
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
                            build.WIDGET_VIEW_MIME: {"model_id": "abc123", "version_major": 2},
                        },
                    )
                ],
            ),
        ]
    )
    patterns = build.load_sanitize_patterns(LESSONS / "sanitize.cfg")
    stderr_cells = build.normalise(nb, patterns)
    assert nb.cells[0].outputs == []
    assert [o.text for o in nb.cells[1].outputs] == ["UserWarning: real\n"]
    assert stderr_cells == [1]
    assert nb.cells[2].outputs[0].data == {"text/plain": "Slider(value=1.0)"}


def test_sanitize_file_masks_addresses_and_timings():
    patterns = build.load_sanitize_patterns(LESSONS / "sanitize.cfg")
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
