"""Measure CLI start-up: wall time of `--version`, `--help` and `person list --json`.

Run by hand: `python bench/startup.py [--runs 10]`. Uses a demo database in a temporary
folder, prints the median and the spread of each command and the targets from the issue,
and, as a yardstick for the machine's speed at that moment, the time Python takes just to
import SQLAlchemy's ORM, which every command that reads the database needs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS_MS = {
    "--version": 150,
    "--help": None,
    "person list --json": 400,
    # The same list through SQLAlchemy: naming a target takes the full path.
    "person list --json --target 1": None,
}


def _command() -> list[str]:
    script = Path(sys.executable).with_name("infointerview")
    if script.exists():
        return [str(script)]
    found = shutil.which("infointerview")
    return [found] if found else [sys.executable, "-m", "infointerview"]


def _time(argv: list[str], env: dict[str, str], runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def main() -> None:
    """Print the median wall time of each measured command."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    base = _command()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "INFOINTERVIEW_HOME": home}
        env.pop("INFOINTERVIEW_DB", None)
        subprocess.run([*base, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        print(f"{'command':<32}{'median ms':>10}{'min':>8}{'max':>8}{'target':>8}")
        for label, target in TARGETS_MS.items():
            timings = _time([*base, *label.split()], env, runs)
            goal = f"{target}" if target else "-"
            print(
                f"{label:<32}{statistics.median(timings):>10.0f}"
                f"{min(timings):>8.0f}{max(timings):>8.0f}{goal:>8}"
            )
        floor = _time([sys.executable, "-c", "import sqlalchemy.orm"], env, runs)
        print(
            f"{'(import sqlalchemy.orm)':<32}{statistics.median(floor):>10.0f}"
            f"{min(floor):>8.0f}{max(floor):>8.0f}{'-':>8}"
        )
    print(f"({runs} runs each, {' '.join(base)}, Python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
