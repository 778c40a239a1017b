"""Execute every lesson in a fresh kernel and print seconds and peak RSS per lesson.

    .venv/bin/python benchmarks/lessons.py [lessons/src/03_*.py ...]   (or: make bench)

Budgets (the developers' guide): each lesson executes in at most 60 s and stays under
1.5 GB peak RSS, because Binder kills a kernel at 2 GB. The lesson runs from its
source exactly as `make lessons` runs it (same kernel, same environment), but
nothing is written. Exit status 1 if any lesson is over budget.
"""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path

from funclab.build import BUILD_ENV
from funclab.kernel_run import execute
from funclab.lesson_source import notebook_from_source, notebook_path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_SECONDS = 60.0
BUDGET_RSS_MB = 1536.0


def main(argv: list[str]) -> int:
    sources = [Path(a) for a in argv] or sorted((ROOT / "lessons" / "src").glob("*.py"))
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"# Python {platform.python_version()}, {cpus} usable CPU(s), budgets {BUDGET_SECONDS:.0f} s / {BUDGET_RSS_MB:.0f} MB")
    width = max(len("lesson"), *(len(source.stem) for source in sources))
    print(f"| {'lesson':{width}} | seconds | peak RSS (MB) | slowest cell (s) | within budget |")
    print(f"|{'-' * (width + 2)}|--------:|--------------:|-----------------:|:-------------:|")
    over = 0
    for source in sources:
        nb = notebook_from_source(source)
        stats = execute(nb, cwd=notebook_path(source).parent, env=BUILD_ENV)
        rss = stats.peak_rss_mb
        ok = stats.seconds <= BUDGET_SECONDS and (rss is None or rss <= BUDGET_RSS_MB)
        over += not ok
        cell, cell_s = stats.slowest_cell or (None, 0.0)
        rss_text = f"{rss:.0f}" if rss is not None else "n/a"
        print(
            f"| {source.stem:{width}} | {stats.seconds:7.1f} | {rss_text:>13} | "
            f"{f'#{cell}: {cell_s:.1f}':>16} | {'yes' if ok else 'NO':^13} |",
            flush=True,
        )
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
