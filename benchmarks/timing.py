"""Timing shared by the benchmark scripts: medians after a warm-up run.

Run as scripts (``python benchmarks/NAME.py``), the scripts import this file
as ``timing``.
"""

from __future__ import annotations

import statistics
import time


def medians(*functions, repeats: int = 5) -> tuple[float, ...]:
    """The median seconds of each function, after one warm-up call of each
    (imports, caches, the first start of Graphviz). With several functions
    they run in turn, so that drift in the machine's load affects all alike."""
    for function in functions:
        function()
    times = tuple([] for _ in functions)
    for _ in range(repeats):
        for function, found in zip(functions, times):
            started = time.perf_counter()
            function()
            found.append(time.perf_counter() - started)
    return tuple(statistics.median(found) for found in times)


def median_seconds(function, repeats: int = 5) -> float:
    """The median seconds of one function, after a warm-up call."""
    return medians(function, repeats=repeats)[0]
