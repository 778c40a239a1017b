"""Time every funclab.data generator at the sizes the lessons use.

    .venv/bin/python benchmarks/data.py

The bar: each under a second. Times are the median of 5 calls in a fresh
process (the first call includes reading the digits file).
"""

from __future__ import annotations

import statistics
import sys
import time

from funclab import data

CASES = [
    ("load_digits(size=28)", lambda: data.load_digits(size=28)),
    ("make_digit_pairs(1000, 400, size=27)", lambda: data.make_digit_pairs(1000, 400, size=27)),
    ("make_stories(6000)", lambda: data.make_stories(6000)),
    ("make_posts(2000)", lambda: data.make_posts(2000)),
    ("make_posts(512, length=300, vocabulary_size=50000)", lambda: data.make_posts(512, length=300, vocabulary_size=50_000)),
    ("make_headlines(1500)", lambda: data.make_headlines(1500)),
]


def main() -> int:
    print("| generator | first call (s) | median of 5 (s) |")
    print("|---|---:|---:|")
    worst = 0.0
    for name, call in CASES:
        times = []
        for _ in range(5):
            started = time.perf_counter()
            call()
            times.append(time.perf_counter() - started)
        worst = max(worst, max(times))
        print(f"| {name} | {times[0]:.3f} | {statistics.median(times):.3f} |")
    return 0 if worst < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
