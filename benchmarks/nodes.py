"""funclab.nodes over every layer of a big model, as a learner's loop or an exercise check does.

    .venv/bin/python benchmarks/nodes.py

The bar (issue: the models people actually write): a loop of ``funclab.nodes``
over all layers of a 250-layer model takes at most 1 s. The model is
EfficientNetB0 (weights=None: nothing is downloaded). The owning models are
found once from the graph and cached per model, so the first loop pays for
that and later loops are faster; both are reported (medians of 5 loops, each
on a fresh model so that the first loop is really the first).
"""

from __future__ import annotations

import os
import statistics
import sys
import time

from funclab.build import LESSON_ENV

os.environ.update(LESSON_ENV)

import keras

import funclab

BAR_SECONDS = 1.0


def loop(model) -> float:
    started = time.perf_counter()
    for layer in model.layers:
        funclab.nodes(layer)
    return time.perf_counter() - started


def main() -> int:
    first, again, given = [], [], []
    for _ in range(5):
        model = keras.applications.EfficientNetB0(weights=None)
        first.append(loop(model))
        again.append(loop(model))
        started = time.perf_counter()
        for layer in model.layers:
            funclab.nodes(layer, models=[model])
        given.append(time.perf_counter() - started)
    layers = len(model.layers)
    print(f"# funclab.nodes(layer) for each of EfficientNetB0's {layers} layers; medians of 5 loops")
    print("| loop | seconds | per layer (ms) | within 1 s |")
    print("|------|--------:|---------------:|:----------:|")
    worst = 0.0
    for name, times in (("first loop on a new model", first), ("second loop", again),
                        ("with models=[model]", given)):
        median = statistics.median(times)
        worst = max(worst, median)
        print(f"| {name} | {median:.3f} | {1000 * median / layers:.2f} | {'yes' if median <= BAR_SECONDS else 'NO'} |")
    return 0 if worst <= BAR_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
