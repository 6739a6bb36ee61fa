"""Measure contact imports: 30,000 LinkedIn connections, their re-import, and 10,000 vCards.

Run by hand from the project folder: `python bench/import.py [--connections 30000]
[--cards 10000] [--runs 3]`. It prints figures; it is not a test.

Each file is generated (seeded, so every run imports the same contacts) into a temporary
folder, then imported with the real command, `infointerview import ... --db DB`, in a
subprocess, timed from start to exit: start-up, reading, parsing, matching and the
transaction included. Re-import runs the same file again into the same database (every
contact unchanged). The issue's targets: 30,000 connections into an empty SQLite database
in under 2 s, re-import under 2 s, 10,000 vCards under 4 s. The best, the worst and the
median of ``--runs`` runs are printed, each into a fresh database, after an untimed run.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIRST = [
    "Maya",
    "Jon",
    "John",
    "Aisha",
    "Wei",
    "Sofia",
    "Lucas",
    "Amara",
    "Diego",
    "Priya",
    "Noah",
    "Elif",
    "Kenji",
    "Zoë",
    "Léa",
    "Omar",
]
LAST = [
    "Chen",
    "Smith",
    "Okafor",
    "Müller",
    "García",
    "Rossi",
    "Nakamura",
    "Haddad",
    "Novak",
    "Silva",
    "Kowalski",
    "Ivanova",
]
COMPANIES = [f"Company {n}" for n in range(1, 3000)] + ["Acme, Inc.", "Globex", "Initech"]
TITLES = ["UX Researcher", "Data Scientist", "Product Manager", "Engineer", "Recruiter"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _name(rng: random.Random, n: int) -> tuple[str, str]:
    # A number in the family name keeps each generated person distinct, as real ones are.
    return rng.choice(FIRST), f"{rng.choice(LAST)}-{n}"


def linkedin_file(path: Path, count: int) -> None:
    """Write a Connections.csv of ``count`` connections, as LinkedIn exports it."""
    rng = random.Random(4)
    lines = [
        "Notes:",
        '"When exporting your connection data, you may notice that some of the email '
        "addresses are missing. You will only see email addresses for connections who have "
        'allowed their connections to see or download their email address."',
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    for n in range(count):
        first, last = _name(rng, n)
        email = f"{first.lower()}.{n}@example.com" if rng.random() < 0.1 else ""
        company = rng.choice(COMPANIES)
        lines.append(
            f'{first},{last},https://www.linkedin.com/in/{first.lower()}-{n},{email},"{company}",'
            f"{rng.choice(TITLES)},{rng.randint(1, 28):02d} {rng.choice(MONTHS)} "
            f"{rng.randint(2012, 2026)}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def vcard_file(path: Path, count: int) -> None:
    """Write ``count`` vCards 3.0 as an address book exports them."""
    rng = random.Random(5)
    cards = []
    for n in range(count):
        first, last = _name(rng, n)
        company = rng.choice(COMPANIES).replace(",", "\\,")
        cards.append(
            "\r\n".join(
                [
                    "BEGIN:VCARD",
                    "VERSION:3.0",
                    f"N:{last};{first};;;",
                    f"FN:{first} {last}",
                    f"ORG:{company};",
                    f"TITLE:{rng.choice(TITLES)}",
                    f"item1.EMAIL;type=INTERNET;type=pref:{first.lower()}.{n}@example.com",
                    "item1.X-ABLabel:_$!<Other>!$_",
                    f"EMAIL;type=INTERNET;type=WORK:{n}@work.example.com",
                    f"TEL;type=CELL:+1 555 {n:07d}",
                    f"URL:https://www.linkedin.com/in/{first.lower()}-{n}",
                    "END:VCARD",
                ]
            )
        )
    path.write_text("\r\n".join(cards) + "\r\n", encoding="utf-8")


# An installed package's modules are compiled once and read back; without this, a
# machine that sets PYTHONDONTWRITEBYTECODE (this one does) compiles ours on every run.
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def timed(args: list[str]) -> float:
    """Run the CLI with ``args`` and return its wall time in seconds; fail on an error."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "infointerview", *args], capture_output=True, text=True, env=ENV
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return elapsed


def yardstick(runs: int = 5) -> float:
    """Return the median time of `python -c "import sqlalchemy.orm"`: the machine's speed,
    as bench/startup.py measures it."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import sqlalchemy.orm"], check=True)
        times.append(time.perf_counter() - started)
    return sorted(times)[len(times) // 2]


def main() -> None:
    """Generate the files, import them, and print the times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=30_000)
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        connections, cards = root / "Connections.csv", root / "contacts.vcf"
        linkedin_file(connections, options.connections)
        vcard_file(cards, options.cards)
        figures: dict[str, list[float]] = {"linkedin": [], "re-import": [], "vcard": []}
        warm = root / "warm-up.db"  # untimed: compiles the modules the runs then read
        timed(["db", "upgrade", "--db", str(warm)])
        timed(["import", "linkedin", str(connections), "--dry-run", "--db", str(warm)])
        timed(["import", "vcard", str(cards), "--dry-run", "--db", str(warm)])
        for run in range(options.runs):
            db = root / f"linkedin-{run}.db"
            timed(["db", "upgrade", "--db", str(db)])
            figures["linkedin"].append(
                timed(["import", "linkedin", str(connections), "--db", str(db)])
            )
            figures["re-import"].append(
                timed(["import", "linkedin", str(connections), "--db", str(db)])
            )
            db = root / f"vcard-{run}.db"
            timed(["db", "upgrade", "--db", str(db)])
            figures["vcard"].append(timed(["import", "vcard", str(cards), "--db", str(db)]))
    print(
        f"{options.connections:,} LinkedIn connections, {options.cards:,} vCards, "
        f"{options.runs} runs each (best - worst, median; seconds):"
    )
    labels = {
        "linkedin": "LinkedIn into an empty database",
        "re-import": "LinkedIn again (all unchanged)",
        "vcard": "vCards into an empty database",
    }
    for key, label in labels.items():
        times = figures[key]
        print(f"  {label:34} {min(times):.2f} - {max(times):.2f}, {statistics.median(times):.2f}")
    print(f"  yardstick: import sqlalchemy.orm   {yardstick():.2f}")


if __name__ == "__main__":
    main()
