"""Measure the etiquette checker on a 200-word request (target: under 5 ms, median).

Run by hand from the project folder: `python bench/check.py [--runs 1000]`. It prints
figures; it is not a test. The message is a referred request with a few of the faults
the checker finds, so every rule runs and several match. The first run, which reads the
phrase file and compiles the patterns, is timed apart.
"""

from __future__ import annotations

import argparse
import statistics
import time

from infointerview.domain.etiquette import Context, Message, check

PARAGRAPH = (
    "I'm a second-year design student at Portland State exploring UX research, and your "
    "talk on accessible checkout flows changed how I think about forms. I studied biology "
    "first and worked in a lab for two years, which is where I learned to love careful "
    "observation. Would you have 20 minutes in the next few weeks to share your advice on "
    "how you got started and what you look for in new researchers? I'm happy to work around "
    "your schedule, or to talk by phone if that is easier. I could also bring the notes from "
    "our class survey of forty local teams, which you may find useful. "
)


def message() -> Message:
    """A request of about 200 words."""
    body = "Dear Ms Lee,\nSam Ortiz suggested I contact you. " + PARAGRAPH * 2 + "\nMaya"
    return Message("Informational interview?", body)


def main() -> None:
    """Check the message many times and print the median and the slowest times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    options = parser.parse_args()
    sample, context = message(), Context(referrer="Sam Ortiz", referrer_known_well=True)
    started = time.perf_counter()
    result = check(sample, context)
    first = time.perf_counter() - started
    times = []
    for _ in range(options.runs):
        started = time.perf_counter()
        check(sample, context)
        times.append(time.perf_counter() - started)
    times.sort()
    print(f"a {len(sample.body.split())}-word request, {len(result.findings)} findings:")
    rows = [
        ("first check (reads the phrase file)", first),
        (f"median of {options.runs}", statistics.median(times)),
        ("95th percentile", times[int(len(times) * 0.95)]),
    ]
    for label, seconds in rows:
        print(f"  {label:38} {seconds * 1000:.2f} ms")


if __name__ == "__main__":
    main()
