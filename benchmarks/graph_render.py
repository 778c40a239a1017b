"""funclab.graph(...).svg() against keras.utils.model_to_dot(...).create_svg().

    .venv/bin/python benchmarks/graph_render.py [--repeats 5]

Both sides go from a built Keras model to SVG bytes with the same `dot`
binary, with shapes shown. Models: DenseNet121 (427 layers) and the Siamese
Xception of lesson 7 (an Xception base called on two 250x250x3 inputs),
collapsed and expanded. Prints the median seconds of each and the ratio
funclab / plot_model (the bar is <= 1.0). Needs Graphviz's `dot` and pydot
(in the test extra).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from funclab.build import LESSON_ENV

os.environ.update(LESSON_ENV)

import keras  # noqa: E402

import funclab  # noqa: E402


def siamese_xception():
    base = keras.applications.Xception(weights=None, include_top=False)
    left = keras.Input((250, 250, 3), name="left_camera")
    right = keras.Input((250, 250, 3), name="right_camera")
    merged = keras.layers.concatenate([base(left), base(right)], axis=-1, name="merged_features")
    return keras.Model([left, right], merged, name="dual_camera")


def median_seconds(first, second, repeats: int) -> tuple[float, float]:
    """Median times of two functions, run alternately so that drift in the
    machine's load affects both alike."""
    first(), second()  # warm-up: imports, first start of dot
    times = ([], [])
    for _ in range(repeats):
        for function, bucket in ((first, times[0]), (second, times[1])):
            started = time.perf_counter()
            function()
            bucket.append(time.perf_counter() - started)
    return statistics.median(times[0]), statistics.median(times[1])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args(argv)

    cases = [
        ("DenseNet121", keras.applications.DenseNet121(weights=None), False),
        ("Siamese Xception, collapsed", siamese_xception(), False),
        ("Siamese Xception, expanded", siamese_xception(), True),
    ]
    print(f"median of {args.repeats} alternating runs, seconds from model to SVG")
    print("| model | funclab.graph(...).svg() | model_to_dot(...).create_svg() | ratio |")
    print("|---|---:|---:|---:|")
    worst = 0.0
    for name, model, expand in cases:
        ours, theirs = median_seconds(
            lambda model=model, expand=expand: funclab.graph(model, expand_nested=expand).svg(),
            lambda model=model, expand=expand: keras.utils.model_to_dot(model, show_shapes=True, expand_nested=expand).create_svg(),
            args.repeats,
        )
        worst = max(worst, ours / theirs)
        print(f"| {name} | {ours:.3f} | {theirs:.3f} | {ours / theirs:.2f} |", flush=True)
    return 0 if worst <= 1.0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
