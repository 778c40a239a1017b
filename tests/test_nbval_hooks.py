"""The nbval hooks in the top-level conftest.py: stderr is compared after
sanitizing, and the explorer's saved picture is left to its text twin.

Every case is a cell whose committed outputs differ in one way from what the
cell writes when run. All cases are cells of one notebook, run in one nbval
session (one subprocess, one kernel: nbval compares each cell on its own);
each test reads its cell's result.
"""

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.notebook  # nbval starts a kernel (one for all the cases)
TF_LOG_LINE = "I0000 00:00:1795307648.292726    2585 port.cc:153] oneDNN custom operations are on.\n"
EXPLORER_HTML = '<div class="funclab-explorer-static"><img alt="m" src="data:image/png;base64,AAAA"><pre>pane</pre></div>'
DISPLAY_TEXT = "from IPython.display import display\nprint('visible')\ndisplay({'text/plain': 'graph'}, raw=True)"


def stderr_code(text):
    return f"import sys\nprint('visible')\n_ = sys.stderr.write({text!r})"


# name: (code the cell runs, committed stderr or None, committed display data or None)
CASES = {
    "log_line_committed_only": ("print('visible')", TF_LOG_LINE, None),
    "log_line_in_this_run_only": (stderr_code(TF_LOG_LINE), None, None),
    "warning_text_changed": (stderr_code("UserWarning: a new text\n"), "UserWarning: the old text\n", None),
    "warning_only_in_this_run": (stderr_code("UserWarning: new\n"), None, None),
    "stdout_changed": ("print('something else')", None, None),
    "explorer_picture_not_rebuilt": (DISPLAY_TEXT, None, {"text/plain": "graph", "text/html": EXPLORER_HTML}),
    "explorer_text_changed": (DISPLAY_TEXT.replace("'graph'", "'other'"), None,
                              {"text/plain": "graph", "text/html": EXPLORER_HTML}),
    "other_html_not_produced": (DISPLAY_TEXT, None, {"text/plain": "graph", "text/html": "<b>graph</b>"}),
}


def case_cell(code: str, committed_stderr, committed_display):
    import nbformat

    outputs = [nbformat.v4.new_output("stream", name="stdout", text="visible\n")]
    if committed_stderr:
        outputs.append(nbformat.v4.new_output("stream", name="stderr", text=committed_stderr))
    if committed_display:
        outputs.append(nbformat.v4.new_output("display_data", data=committed_display))
    return nbformat.v4.new_code_cell(code, outputs=outputs, execution_count=1)


def run_nbval(folder: Path, cases: dict, *, extra_args=()) -> dict[str, str | None]:
    """Each case's failure text (None when it passed), from one nbval run of
    one notebook holding every case as a cell, in order."""
    shutil.copy(ROOT / "conftest.py", folder / "conftest.py")
    lessons = folder / "lessons"
    lessons.mkdir()
    shutil.copy(ROOT / "lessons" / "sanitize.cfg", lessons / "sanitize.cfg")
    import nbformat

    cells = [case_cell(*case) for case in cases.values()]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), lessons / "cases.ipynb")
    report = folder / "report.xml"
    command = [
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "lessons", f"--junitxml={report}",
        "--nbval", "--nbval-current-env", "--nbval-sanitize-with", "lessons/sanitize.cfg", *extra_args,
    ]
    subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=300)
    names = list(cases)
    results = {}
    for testcase in ElementTree.parse(report).iter("testcase"):
        cell = int(testcase.get("name").removeprefix("Cell "))  # lessons.cases.ipynb::Cell 3
        failure = testcase.find("failure")
        results[names[cell]] = None if failure is None else (failure.get("message", "") + (failure.text or ""))
    return results


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    return run_nbval(tmp_path_factory.mktemp("nbval"), CASES)


def outcome(results, name):
    assert name in results, f"no result for {name} in {sorted(results)}"
    return results[name]


def test_a_log_line_only_in_the_committed_notebook_does_not_fail(results):
    assert outcome(results, "log_line_committed_only") is None


def test_a_log_line_only_in_this_run_does_not_fail(results):
    assert outcome(results, "log_line_in_this_run_only") is None


def test_without_the_hook_nbval_fails_on_the_same_case(tmp_path):
    """The problem the hook solves: plain nbval reports a missing stderr field."""
    found = run_nbval(tmp_path, {"log_line_committed_only": CASES["log_line_committed_only"]},
                      extra_args=["--noconftest"])
    failure = outcome(found, "log_line_committed_only")
    assert failure is not None and "Missing output fields" in failure


@pytest.mark.parametrize("name", ["warning_text_changed", "warning_only_in_this_run"])
def test_any_other_stderr_difference_fails(results, name):
    failure = outcome(results, name)
    assert failure is not None and "Cell stderr differs" in failure


def test_stdout_is_still_compared(results):
    failure = outcome(results, "stdout_changed")
    assert failure is not None and "Cell outputs differ" in failure


def test_the_explorers_saved_picture_is_not_compared_its_text_is(results):
    """The build writes the explorer's static HTML (a PNG and the pane); a
    test run does not rasterise, and the text/plain twin carries the same."""
    assert outcome(results, "explorer_picture_not_rebuilt") is None
    assert outcome(results, "explorer_text_changed") is not None


def test_any_other_html_is_still_compared(results):
    failure = outcome(results, "other_html_not_produced")
    assert failure is not None and "Missing output fields" in failure
