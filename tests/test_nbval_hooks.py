"""The nbval hooks in the top-level conftest.py: stderr is compared after sanitizing.

Each case runs nbval in a subprocess on a one-cell notebook whose committed
stderr differs from what the cell writes when run.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.notebook  # each case runs nbval, which starts a kernel
TF_LOG_LINE = "I0000 00:00:1795307648.292726    2585 port.cc:153] oneDNN custom operations are on.\n"


def run_nbval(tmp_path, *, committed_stderr, code, extra_args=()):
    shutil.copy(ROOT / "conftest.py", tmp_path / "conftest.py")
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    shutil.copy(ROOT / "lessons" / "sanitize.cfg", lessons / "sanitize.cfg")
    outputs = [nbformat.v4.new_output("stream", name="stdout", text="visible\n")]
    if committed_stderr:
        outputs.append(nbformat.v4.new_output("stream", name="stderr", text=committed_stderr))
    cell = nbformat.v4.new_code_cell(code, outputs=outputs, execution_count=1)
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), lessons / "case.ipynb")
    command = [
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "lessons",
        "--nbval", "--nbval-current-env", "--nbval-sanitize-with", "lessons/sanitize.cfg",
        *extra_args,
    ]
    return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)


def test_a_log_line_only_in_the_committed_notebook_does_not_fail(tmp_path):
    result = run_nbval(tmp_path, committed_stderr=TF_LOG_LINE, code="print('visible')")
    assert result.returncode == 0, result.stdout


def test_a_log_line_only_in_this_run_does_not_fail(tmp_path):
    code = f"import sys\nprint('visible')\n_ = sys.stderr.write({TF_LOG_LINE!r})"
    result = run_nbval(tmp_path, committed_stderr=None, code=code)
    assert result.returncode == 0, result.stdout


def test_without_the_hook_nbval_fails_on_the_same_case(tmp_path):
    """The problem the hook solves: plain nbval reports a missing stderr field."""
    result = run_nbval(
        tmp_path, committed_stderr=TF_LOG_LINE, code="print('visible')", extra_args=["--noconftest"]
    )
    assert result.returncode != 0
    assert "Missing output fields" in result.stdout


@pytest.mark.parametrize(
    "committed, written",
    [("UserWarning: the old text\n", "UserWarning: a new text\n"), (None, "UserWarning: new\n")],
)
def test_any_other_stderr_difference_fails(tmp_path, committed, written):
    code = f"import sys\nprint('visible')\n_ = sys.stderr.write({written!r})"
    result = run_nbval(tmp_path, committed_stderr=committed, code=code)
    assert result.returncode != 0
    assert "Cell stderr differs" in result.stdout


def test_stdout_is_still_compared(tmp_path):
    result = run_nbval(tmp_path, committed_stderr=None, code="print('something else')")
    assert result.returncode != 0
    assert "Cell outputs differ" in result.stdout
