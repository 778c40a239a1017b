"""How long one LossBalance training run takes with lesson 3's defaults.

    .venv/bin/python benchmarks/loss_balance.py [--runs 7]

The bar (issue: responsive widget): one run takes <= 3 s on 2 CPU cores.
Prints the one-off costs (building and compiling, tracing in prepare()), then
each run's seconds, their median and maximum, and the time to redraw the
figure, which a Train click also pays.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from funclab.build import LESSON_ENV

os.environ.update(LESSON_ENV)

import funclab  # noqa: E402
from funclab.data import make_posts  # noqa: E402
from funclab.examples import POSTS_LOSSES, compact_posts_model  # noqa: E402
from funclab.loss_balance_view import _png, plot_runs  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)

    funclab.seed_everything(0)
    posts = make_posts(2000)
    train, val = posts[:1500], posts[1500:]
    started = time.perf_counter()
    experiment = funclab.LossBalance(
        lambda: compact_posts_model(2000, float(train.age.mean())),
        x=train.posts, y=train.targets, losses=POSTS_LOSSES, validation=(val.posts, val.targets),
    )
    built = time.perf_counter() - started
    started = time.perf_counter()
    experiment.prepare()
    prepared = time.perf_counter() - started

    weights = [[1, 1, 1], [0.25, 1, 10], [0.25, 5, 10], experiment.propose_weights()]
    seconds = [experiment.run(weights[i % len(weights)]).seconds for i in range(args.runs)]
    started = time.perf_counter()
    _png(plot_runs(experiment))
    figure = time.perf_counter() - started

    print(f"lesson 3 defaults: {len(train)} posts, {experiment.epochs} epochs, batch {experiment.batch_size}, {os.cpu_count()} CPUs")
    print("| step | seconds |")
    print("|---|---:|")
    print(f"| build and compile (once) | {built:.2f} |")
    print(f"| prepare: trace train and test steps (once) | {prepared:.2f} |")
    for number, value in enumerate(seconds, start=1):
        print(f"| run {number} | {value:.2f} |")
    print(f"| median run | {statistics.median(seconds):.2f} |")
    print(f"| slowest run | {max(seconds):.2f} |")
    print(f"| redraw the figure | {figure:.2f} |")
    return 0 if max(seconds) <= 3.0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
