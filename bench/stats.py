"""Measure `infointerview stats` on a career centre's volume: 100,000 conversations with
300,000 messages (the data bench/today.py generates).

Run by hand from the project folder: `python bench/stats.py [--conversations 100000]
[--runs 5]`. It prints figures; it is not a test. Two figures: the numbers computed in
this process (services.stats.compute: SQL aggregates only), and the command as a user
runs it, `infointerview stats --db FILE`, from start to exit (target under 1 s).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from today import centre, command  # noqa: E402  (bench/today.py's centre and timer)


def in_process(path: Path, runs: int) -> list[float]:
    """Time services.stats.compute, after one run to warm the cache."""
    from infointerview.services import stats
    from infointerview.services.workspace import open_workspace

    times = []
    for run in range(runs + 1):
        with open_workspace(str(path)) as ws:
            start = time.perf_counter()
            stats.compute(session=ws.session, owner=ws.owner)
            if run:
                times.append(time.perf_counter() - start)
    return times


def main() -> None:
    """Generate the database, then print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = centre(Path(folder), args.conversations)
        inside = in_process(path, args.runs)
        runs = command(path, args.runs, "stats")
    for label, found in (("stats.compute", inside), ("infointerview stats", runs)):
        print(
            f"{label:20} median {statistics.median(found) * 1000:.0f} ms, "
            f"best {min(found) * 1000:.0f}, worst {max(found) * 1000:.0f}"
        )
    print("(target: the command under 1,000 ms)")


if __name__ == "__main__":
    main()
