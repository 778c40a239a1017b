"""One display of funclab.graph(...) against keras.utils.model_to_dot(...).create_svg().

    .venv/bin/python benchmarks/graph_render.py [--repeats 9]

A display is what Jupyter asks for: ``_repr_mimebundle_()``. In a learner's
session it carries the SVG and the text twin; the lesson build adds a PNG
twin for untrusted notebooks (``FUNCLAB_PNG_TWINS=1``), from the same
Graphviz layout, and the last row measures that too. The comparison is Keras' own picture as SVG, from the
same model, with shapes shown. Models: DenseNet121 (427 layers) and the
Siamese Xception of lesson 7 (an Xception base called on two 250x250x3
inputs), expanded; each both as funclab draws it by default (blocks of
layers as one box each) and flat (``group_blocks=False``, every layer a box,
as model_to_dot draws it). Prints the median seconds and the ratio
funclab / model_to_dot (the bar is <= 1.0). Needs Graphviz and pydot.
"""

from __future__ import annotations

import argparse
import os
import sys

from funclab.build import LESSON_ENV

os.environ.update(LESSON_ENV)

import keras
from timing import medians

import funclab


def siamese_xception():
    base = keras.applications.Xception(weights=None, include_top=False)
    left = keras.Input((250, 250, 3), name="left_camera")
    right = keras.Input((250, 250, 3), name="right_camera")
    merged = keras.layers.concatenate([base(left), base(right)], axis=-1, name="merged_features")
    return keras.Model([left, right], merged, name="dual_camera")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args(argv)

    densenet, siamese = keras.applications.DenseNet121(weights=None), siamese_xception()
    cases = [
        ("DenseNet121, by blocks (default)", densenet, {}),
        ("DenseNet121, flat", densenet, {"group_blocks": False}),
        ("Siamese Xception, expanded, by blocks (default)", siamese, {"expand_nested": True}),
        ("Siamese Xception, expanded, flat", siamese, {"expand_nested": True, "group_blocks": False}),
        ("Siamese Xception, expanded, by blocks, as the build displays it (+ PNG)", siamese,
         {"expand_nested": True, "png": True}),
    ]
    print(f"median of {args.repeats} alternating runs, seconds from a built model to what is displayed")
    print("| model | funclab display | model_to_dot(...).create_svg() | ratio |")
    print("|---|---:|---:|---:|")
    worst = 0.0
    for name, model, options in cases:
        options = dict(options)
        include = ["image/svg+xml", "image/png", "text/plain"] if options.pop("png", False) else None
        expand = options.get("expand_nested", False)
        ours, theirs = medians(
            lambda model=model, options=options, include=include: funclab.graph(model, **options)._repr_mimebundle_(
                include=include
            ),
            lambda model=model, expand=expand: keras.utils.model_to_dot(
                model, show_shapes=True, expand_nested=expand
            ).create_svg(),
            repeats=args.repeats,
        )
        if include is None and "flat" not in name:
            worst = max(worst, ours / theirs)  # the bar is for what a learner's display costs by default
        print(f"| {name} | {ours:.3f} | {theirs:.3f} | {ours / theirs:.2f} |", flush=True)
    return 0 if worst <= 1.0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
