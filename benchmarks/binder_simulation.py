"""Simulate Binder here: a fresh virtualenv from binder/requirements.txt runs every lesson.

    .venv/bin/python benchmarks/binder_simulation.py [--cpus 1] [--python PATH]

What mybinder.org does, as far as this machine can:

1. a fresh virtualenv with the Python of binder/runtime.txt (3.12), into
   which ``pip install -r binder/requirements.txt`` installs the pinned
   packages and the repository itself (``-e .``), run from the repository
   root as repo2docker runs it;
2. every lesson executed in a fresh kernel of that virtualenv, with the
   environment binder/start sets, restricted to ``--cpus`` CPUs (default 1,
   as on mybinder.org) with taskset;
3. a table of seconds and peak RSS per lesson and edition, against the
   Binder budgets: 45 s, 1.5 GB (Binder kills a kernel at 2 GB).

The virtualenv is built in build/binder-venv (removed first).
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "build" / "binder-venv"


def find_python(version: str, explicit: str | None) -> str:
    candidates = [explicit] if explicit else []
    candidates += [shutil.which(f"python{version}")]
    candidates += sorted(glob.glob(os.path.expanduser(f"~/.pyenv/versions/{version}.*/bin/python{version}")))
    for candidate in candidates:
        # A pyenv shim exists on PATH even when that version is not active: run it.
        if candidate and subprocess.run([candidate, "--version"], capture_output=True).returncode == 0:
            return candidate
    sys.exit(f"no Python {version} found (binder/runtime.txt asks for it): pass --python /path/to/python{version}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cpus", type=int, default=1, help="CPUs the lessons may use (mybinder.org: 1)")
    parser.add_argument("--python", help="the interpreter to build the virtualenv with")
    parser.add_argument("--keep-venv", action="store_true", help="reuse build/binder-venv if it exists")
    parser.add_argument("lessons", nargs="*", help="lesson sources (default: all)")
    args = parser.parse_args(argv)

    version = (ROOT / "binder" / "runtime.txt").read_text().strip().removeprefix("python-")
    python = find_python(version, args.python)
    if not (args.keep_venv and (VENV / "bin" / "python").exists()):
        shutil.rmtree(VENV, ignore_errors=True)
        started = time.perf_counter()
        subprocess.run([python, "-m", "venv", str(VENV)], check=True)
        pip = [str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-cache-dir"]
        subprocess.run(pip + ["--upgrade", "pip"], check=True)
        subprocess.run(pip + ["-r", "binder/requirements.txt"], check=True, cwd=ROOT)
        installed = time.perf_counter() - started
        size = sum(f.stat().st_size for f in VENV.rglob("*") if f.is_file()) / 2**20
        print(f"# fresh virtualenv from binder/requirements.txt: Python {version}, "
              f"installed in {installed:.0f} s, {size:,.0f} MB")
    else:
        print(f"# reusing {VENV.relative_to(ROOT)} (--keep-venv)")

    cpus = ",".join(str(c) for c in sorted(os.sched_getaffinity(0))[: args.cpus])
    command = [str(VENV / "bin" / "python"), str(ROOT / "benchmarks" / "lessons.py"), "--budget-seconds", "45",
               *args.lessons]
    if shutil.which("taskset"):
        command = ["taskset", "-c", cpus] + command
        print(f"# lessons pinned to CPU {cpus} with taskset")
    else:
        print("# taskset not found: lessons use every CPU")
    return subprocess.run(command, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
