"""The spread of every figure a lesson claims, across the ways a machine can differ.

    .venv/bin/python benchmarks/spread.py                 # run every configuration, then the table
    .venv/bin/python benchmarks/spread.py --only 1cpu     # one configuration
    .venv/bin/python benchmarks/spread.py --report        # the table from the recorded runs

Trained figures (accuracies, losses, gradient norms) depend on the order in
which floats are summed, and so on the CPU's instruction set, its thread
count and the kernels TensorFlow picks. Each lesson's ``funclab.claim`` cells
check those figures against bounds; this benchmark measures how far the
figures move, so that each bound leaves room for the worst run seen while a
broken model (the baseline each claim prints) still fails.

Configurations (``--only`` picks some):

- ``build``: every CPU, oneDNN off: how ``make lessons`` runs;
- ``1cpu``: pinned to one CPU with taskset: how ``make test`` and Binder run;
- ``onednn``: every CPU, oneDNN on (TensorFlow's default on x86);
- ``py312``: Python 3.12 from build/binder-venv (benchmarks/binder_simulation.py
  makes it), one CPU: the Binder image.

Every lesson's exercises edition runs once per configuration in a fresh
kernel with ``FUNCLAB_CLAIMS_LOG`` set; a failing claim is recorded and the
lesson goes on. Logs go to build/spread/CONFIG/LESSON.jsonl. The table lists,
per claim, the bound, each configuration's figure, the lowest and highest,
and the margin: how far the worst figure is from the bound, as a fraction of
the bound (+7% for a worst accuracy of 0.86 against "above 0.8"). Exact claims
(shapes) must be equal everywhere. Exit status 1 if any claim failed anywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOGS = ROOT / "build" / "spread"
BINDER_PYTHON = ROOT / "build" / "binder-venv" / "bin" / "python"
CONFIGS = {
    "build": {"cpus": None, "onednn": "0", "python": None},
    "1cpu": {"cpus": 1, "onednn": "0", "python": None},
    "onednn": {"cpus": None, "onednn": "1", "python": None},
    "py312": {"cpus": 1, "onednn": "0", "python": BINDER_PYTHON},
}


def run_config(name: str, sources: list[Path]) -> None:
    config = CONFIGS[name]
    python = str(config["python"] or sys.executable)
    if not Path(python).exists():
        print(f"# {name}: {python} does not exist (run benchmarks/binder_simulation.py first); skipped")
        return
    shutil.rmtree(LOGS / name, ignore_errors=True)
    (LOGS / name).mkdir(parents=True)
    command = [python, __file__, "--execute", name, *map(str, sources)]
    if config["cpus"]:
        cpus = ",".join(map(str, sorted(os.sched_getaffinity(0))[: config["cpus"]]))
        command = ["taskset", "-c", cpus, *command]
    print(f"# {name}: {' '.join(command[:4])} ...", flush=True)
    subprocess.run(command, cwd=ROOT, check=True)


def execute_lessons(name: str, sources: list[Path]) -> None:
    """In the configuration's interpreter and CPUs: run each lesson, logging its claims."""
    from funclab.build import BUILD_ENV
    from funclab.kernel_run import execute
    from funclab.lesson_source import notebook_from_source, notebook_path

    for source in sources:
        log = LOGS / name / f"{source.stem}.jsonl"
        env = {**BUILD_ENV, "TF_ENABLE_ONEDNN_OPTS": CONFIGS[name]["onednn"], "FUNCLAB_CLAIMS_LOG": str(log)}
        nb = notebook_from_source(source, "exercises")
        stats = execute(nb, cwd=notebook_path(source).parent, env=env, allow_errors=True)
        errors = [i for i, c in enumerate(nb.cells) if any(o.output_type == "error" for o in c.get("outputs", []))]
        print(f"  {source.stem}: {stats.seconds:.0f} s" + (f", errors in cells {errors}" if errors else ""), flush=True)


def margin(relation: str, bound: float, worst: float) -> float:
    """How far the worst figure is from failing, relative to the bound."""
    gap = worst - bound if relation == ">" else bound - worst
    return gap / abs(bound) if bound else gap


def report() -> int:
    figures: dict = {}
    configs = sorted(p.name for p in LOGS.iterdir() if p.is_dir()) if LOGS.exists() else []
    for config in configs:
        for log in sorted((LOGS / config).glob("*.jsonl")):
            for line in log.read_text(encoding="utf-8").splitlines():
                entry = json.loads(line)
                key = (log.stem[:2], entry["what"], entry["relation"], json.dumps(entry["bound"]))
                figures.setdefault(key, {})[config] = entry["value"]
    if not figures:
        print("no recorded runs: run benchmarks/spread.py first")
        return 1
    print(f"# configurations: {', '.join(configs)}")
    print("| lesson | claim | bound | " + " | ".join(configs) + " | lowest | highest | margin |")
    print("|---|---|---|" + "---:|" * len(configs) + "---:|---:|---:|")
    failing = 0
    for (lesson, what, relation, bound_text), values in figures.items():
        bound = json.loads(bound_text)
        cells = [values.get(c) for c in configs]
        if relation == "==":
            same = all(v == bound for v in cells if v is not None)
            failing += not same
            shown = " | ".join("=" if v == bound else ("–" if v is None else str(v)) for v in cells)
            print(f"| {lesson} | {what} | == {bound} | {shown} | | | {'exact' if same else 'DIFFERS'} |")
            continue
        numbers = [v for v in cells if v is not None]
        low, high = min(numbers), max(numbers)
        worst = low if relation == ">" else high
        room = margin(relation, bound, worst)
        failing += room <= 0
        shown = " | ".join("–" if v is None else f"{v:.3g}" for v in cells)
        print(f"| {lesson} | {what} | {relation} {bound:g} | {shown} | {low:.3g} | {high:.3g} | {room:+.0%} |")
    missing = [c for c in configs if not any(c in v for v in figures.values())]
    if missing:
        print(f"# no figures from: {', '.join(missing)}")
    print(f"# {len(figures)} claims; {failing} failed in some configuration")
    return 1 if failing else 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="*", type=Path)
    parser.add_argument("--only", action="append", choices=CONFIGS)
    parser.add_argument("--report", action="store_true", help="only print the table of recorded runs")
    parser.add_argument("--execute", choices=CONFIGS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sources = args.sources or sorted((ROOT / "lessons" / "src").glob("*.py"))
    if args.execute:
        execute_lessons(args.execute, sources)
        return 0
    if not args.report:
        for name in args.only or CONFIGS:
            run_config(name, sources)
    return report()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
