"""funclab.explore on DenseNet121 (430 layers): first render and selection updates.

    .venv/bin/python benchmarks/explorer.py

First render: from the model to the widget's state (the SVG, the maps of
clickable boxes and arrows), against one display of funclab.graph of the
same model (the bar: no slower). A selection: the message a click sends, to
the highlight and the pane's text updated (the bar: 0.25 s), for a layer in
an already open block, and for one whose block opens first (the picture is
redrawn). Medians of alternating runs.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

from funclab.build import LESSON_ENV

os.environ.update(LESSON_ENV)

import keras
from timing import median_seconds, medians

import funclab


def main() -> int:
    model = keras.applications.DenseNet121(weights=None)
    first_render, graph_display = medians(lambda: funclab.explore(model).widget(),
                                          lambda: funclab.graph(model)._repr_mimebundle_(), repeats=9)
    view = funclab.explore(model).widget()
    layers = [p for p in view.explorer.layer_paths() if p.startswith("conv3_block")]
    view.handle({"event": "select", "path": layers[0], "call": 0})  # opens conv3 and conv3_block1
    same_block = [p for p in layers if p.startswith("conv3_block1_")]
    index = iter(range(10**6))
    in_open_block = median_seconds(
        lambda: view.handle({"event": "select", "path": same_block[next(index) % len(same_block)], "call": 0}), repeats=7)

    def opening():
        explorer = funclab.explore(model)
        fresh = explorer.widget()
        started = time.perf_counter()
        fresh.handle({"event": "select", "path": "conv4_block7_1_conv", "call": 0})
        return time.perf_counter() - started

    opening()
    opens = statistics.median(opening() for _ in range(5))
    print("DenseNet121 (430 layers), median seconds")
    print("| what | seconds | bar |")
    print("|---|---:|---|")
    print(f"| funclab.graph display | {graph_display:.3f} | |")
    print(f"| explore: first render | {first_render:.3f} | no slower than the graph display |")
    print(f"| select a layer in an open block | {in_open_block:.3f} | <= 0.25 |")
    print(f"| select a layer whose blocks open first (redraw) | {opens:.3f} | <= 0.25 |")
    ok = first_render <= graph_display * 1.1 and in_open_block <= 0.25 and opens <= 0.25
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
