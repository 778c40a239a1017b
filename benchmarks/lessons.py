"""Execute every lesson edition in a fresh kernel and print seconds and peak RSS for each.

    .venv/bin/python benchmarks/lessons.py [--budget-seconds 60] [--edition solutions] [lessons/src/03_*.py ...]
    (or: make bench)

Budgets (the developers' guide): each lesson executes in at most 60 s here
(45 s in the 1-CPU Binder simulation, benchmarks/binder_simulation.py) and
stays under 1.5 GB peak RSS, because Binder kills a kernel at 2 GB. Both
editions are timed: the exercises edition a learner opens, and the solutions
edition, which also trains what the exercises ask for. The lesson runs from
its source exactly as `make lessons` runs it (same kernel, same environment),
but nothing is written. Exit status 1 if any edition is over budget.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from pathlib import Path

from funclab.build import BUILD_ENV
from funclab.kernel_run import execute
from funclab.lesson_source import EDITIONS, notebook_from_source, notebook_path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_RSS_MB = 1536.0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="*", type=Path)
    parser.add_argument("--budget-seconds", type=float, default=60.0)
    parser.add_argument("--edition", choices=EDITIONS, action="append", help="default: both")
    args = parser.parse_args(argv)
    sources = args.sources or sorted((ROOT / "lessons" / "src").glob("*.py"))
    editions = args.edition or list(EDITIONS)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"# Python {platform.python_version()}, {cpus} usable CPU(s), "
          f"budgets {args.budget_seconds:.0f} s / {BUDGET_RSS_MB:.0f} MB")
    width = max(len("lesson"), *(len(source.stem) for source in sources))
    print(f"| {'lesson':{width}} | edition   | seconds | peak RSS (MB) | slowest cell (s) | within budget |")
    print(f"|{'-' * (width + 2)}|-----------|--------:|--------------:|-----------------:|:-------------:|")
    over = 0
    for source in sources:
        for edition in editions:
            nb = notebook_from_source(source, edition)
            stats = execute(nb, cwd=notebook_path(source, edition).parent, env=BUILD_ENV)
            rss = stats.peak_rss_mb
            ok = stats.seconds <= args.budget_seconds and (rss is None or rss <= BUDGET_RSS_MB)
            over += not ok
            cell, cell_s = stats.slowest_cell or (None, 0.0)
            rss_text = f"{rss:.0f}" if rss is not None else "n/a"
            print(
                f"| {source.stem:{width}} | {edition:9} | {stats.seconds:7.1f} | {rss_text:>13} | "
                f"{f'#{cell}: {cell_s:.1f}':>16} | {'yes' if ok else 'NO':^13} |",
                flush=True,
            )
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
