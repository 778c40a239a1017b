"""Run a lesson notebook in a fresh kernel, measure it, and make its JSON stable.

``execute`` runs every cell in a kernel of this interpreter with the lessons'
environment and records time and peak memory; ``normalise`` removes what
would change from run to run (TensorFlow's log lines on stderr, widget model
ids); ``write_notebook`` writes validated JSON with sorted keys.
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from funclab.lesson_source import KERNEL_NAME, notebook_metadata

__all__ = ["ExecutionStats", "execute", "normalise", "write_notebook", "sanitize_file", "load_sanitize_patterns",
           "WIDGET_VIEW_MIME"]

WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"


@dataclass
class ExecutionStats:
    """How long a notebook took to execute in a fresh kernel, and its memory.

    ``seconds`` runs from starting the kernel to the end of the last cell.
    ``peak_rss_mb`` is the kernel's resident-set high-water mark (Linux
    ``VmHWM``, exact); elsewhere the largest RSS seen after a cell, which can
    miss a peak inside a cell.
    """

    seconds: float
    peak_rss_mb: float | None
    cell_seconds: dict[int, float] = field(default_factory=dict)

    @property
    def slowest_cell(self) -> tuple[int, float] | None:
        if not self.cell_seconds:
            return None
        return max(self.cell_seconds.items(), key=lambda item: item[1])


def sanitize_file(source: Path) -> Path:
    """The nbval sanitize file that belongs to a lesson source."""
    return Path(source).parent.parent / "sanitize.cfg"


def load_sanitize_patterns(path: Path) -> list[tuple[str, str]]:
    """Read ``regex:``/``replace:`` pairs in nbval's sanitize-file format."""
    text = Path(path).read_text(encoding="utf-8")
    return re.findall(r"^regex: (.*)$\n^replace: (.*)$", text, flags=re.MULTILINE)


def _current_env_kernel_manager():
    """A kernel manager whose ``python3`` kernel is this interpreter (like
    ``nbval --nbval-current-env``), whatever kernelspecs the user has installed."""
    import ipykernel.kernelspec
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    class CurrentEnvKernelSpecManager(KernelSpecManager):
        def get_kernel_spec(self, kernel_name):
            if kernel_name == KERNEL_NAME:
                return self.kernel_spec_class(
                    resource_dir=ipykernel.kernelspec.RESOURCES,
                    **ipykernel.kernelspec.get_kernel_dict(),
                )
            return super().get_kernel_spec(kernel_name)

    return KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=CurrentEnvKernelSpecManager())


def _coalesce_streams(outputs) -> list:
    merged: list = []
    for out in outputs:
        if (
            out.output_type == "stream"
            and merged
            and merged[-1].output_type == "stream"
            and merged[-1].name == out.name
        ):
            merged[-1].text += out.text
        else:
            merged.append(out)
    return merged


def normalise(nb, patterns: list[tuple[str, str]]) -> list[int]:
    """Make an executed notebook stable; return indices of cells that wrote to stderr.

    - notebook metadata is reset (the kernel reports its exact Python version);
    - stderr text goes through the sanitize rules (TensorFlow's C++ log lines
      are removed); a stream left empty is dropped;
    - widget views are dropped (their model ids are random and refer to a
      kernel that no longer exists); their ``text/plain`` twin stays;
    - execution timing metadata is not recorded (see ``execute``).
    """
    nb.metadata = notebook_metadata()
    stderr_cells = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        kept = []
        for out in _coalesce_streams(cell.outputs):
            if out.output_type == "stream" and out.name == "stderr":
                text = out.text
                for regex, replace in patterns:
                    text = re.sub(regex, replace, text)
                if not text.strip():
                    continue
                out.text = text
                stderr_cells.append(index)
            if out.output_type in ("display_data", "execute_result"):
                out.data.pop(WIDGET_VIEW_MIME, None)
                out.metadata = {}
                if not out.data:
                    continue
            kept.append(out)
        cell.outputs = kept
    return stderr_cells


def _kernel_rss_mb(pid: int) -> float | None:
    """The kernel's peak RSS so far (Linux), or its current RSS (elsewhere)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        try:
            import psutil

            return psutil.Process(pid).memory_info().rss / 2**20
        except Exception:  # psutil missing or the process is gone
            return None
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, flags=re.MULTILINE)
    return int(match.group(1)) / 1024 if match else None


def execute(nb, *, cwd: Path, env: dict[str, str], timeout: int = 600, allow_errors: bool = False) -> ExecutionStats:
    """Run every cell in a fresh kernel of this interpreter, in ``cwd``, with
    ``env`` added to its environment, and measure time and the kernel's peak memory.
    With ``allow_errors``, a failing cell records its error and execution goes on
    (benchmarks); otherwise it raises ``CellExecutionError``. This process's
    own environment is left as it was."""
    saved = dict(os.environ)
    os.environ.update(env)  # the kernel inherits this process's environment, for this run only
    try:
        return _execute(nb, cwd=cwd, timeout=timeout, allow_errors=allow_errors)
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _execute(nb, *, cwd: Path, timeout: int, allow_errors: bool) -> ExecutionStats:
    from nbclient import NotebookClient

    km = _current_env_kernel_manager()
    cell_started: dict[int, float] = {}
    cell_seconds: dict[int, float] = {}
    peaks: list[float] = []

    def on_cell_start(cell, cell_index, **_):
        cell_started[cell_index] = time.perf_counter()

    def on_cell_executed(cell, cell_index, **_):
        cell_seconds[cell_index] = time.perf_counter() - cell_started[cell_index]
        pid = getattr(km.provisioner, "pid", None) if km.provisioner else None
        rss = _kernel_rss_mb(pid) if pid else None
        if rss is not None:
            peaks.append(rss)

    client = NotebookClient(
        nb,
        km=km,
        timeout=timeout,
        allow_errors=allow_errors,
        record_timing=False,
        store_widget_state=False,
        resources={"metadata": {"path": str(cwd)}},
        on_cell_start=on_cell_start,
        on_cell_executed=on_cell_executed,
    )
    started = time.perf_counter()
    try:
        client.execute()
        seconds = time.perf_counter() - started
    finally:
        # nbclient shuts down only a kernel manager it created itself: an idle
        # kernel left behind would keep its memory and slow the next notebook.
        if km.has_kernel:
            km.shutdown_kernel(now=True)
    return ExecutionStats(seconds, max(peaks) if peaks else None, cell_seconds)


def write_notebook(nb, path: Path) -> None:
    """Validated JSON with sorted keys and a final newline."""
    import nbformat

    nbformat.validate(nb)
    text = json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    Path(path).write_text(text, encoding="utf-8")
