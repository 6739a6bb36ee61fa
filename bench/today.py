"""Measure the follow-up agenda on a career centre's volume: 100,000 conversations with
300,000 messages, 40,000 people in 2,000 organisations.

Run by hand from the project folder: `python bench/today.py [--conversations 100000]
[--runs 5]`. It prints figures; it is not a test.

The database is generated (seeded) straight into a SQLite file made by `infointerview db
upgrade`, all of one user (the hardest case: a centre's rows would be spread over many).
Conversations spread over three years and over the states as such a history would
(STATES): most are finished, about one in twenty is live. Two figures are measured:

- the rule pass: `services.followup.refresh` in this process (gather the facts with
  indexed queries, run the rules, bring the tasks in line), after a first pass has made
  the tasks; target under 200 ms;
- `infointerview today --db FILE` as a user runs it, from start to exit; under 500 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

# What three years of a centre's history look like: state -> share of the conversations.
# Most are finished; about one in twenty is still live (asked, agreed, met or thanked).
STATES = {
    "closed": 0.62,
    "declined": 0.12,
    "no_response": 0.15,
    "draft": 0.05,
    "requested": 0.025,
    "scheduled": 0.005,
    "held": 0.005,
    "thanked": 0.025,
}
HISTORY_DAYS = 3 * 365
NOW = datetime.now(UTC)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def generate(path: Path, conversations: int, seed: int = 7) -> None:
    """Fill the database at ``path`` (already at the current schema)."""
    rng = random.Random(seed)
    people = max(100, conversations * 2 // 5)
    orgs = max(10, people // 20)
    db = sqlite3.connect(path)
    db.execute("PRAGMA foreign_keys = OFF")
    owner = db.execute("SELECT id FROM users").fetchone()
    if owner is None:
        db.execute(
            "INSERT INTO users (id, name, created_at) VALUES (1, 'local', ?)", (_stamp(NOW),)
        )
        owner = (1,)
    owner_id = owner[0]
    made = _stamp(NOW - timedelta(days=400))
    db.executemany(
        "INSERT INTO organizations (id, name, owner_id, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?)",
        ((i, f"Organisation {i}", owner_id, made, made) for i in range(1, orgs + 1)),
    )
    db.executemany(
        "INSERT INTO people (id, full_name, organization_id, how_known, hiring_experience, "
        "keep_in_touch, owner_id, created_at, updated_at, sort_name, search_text) "
        "VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)",
        (
            (
                i,
                f"Person {i}",
                rng.randint(1, orgs),
                rng.choice(("known", "referred", "alumni", "cold")),
                int(rng.random() < 0.05),
                owner_id,
                made,
                made,
                f"person {i}",
                f"person {i}",
            )
            for i in range(1, people + 1)
        ),
    )
    states = list(STATES)
    weights = list(STATES.values())
    talks: list[tuple[object, ...]] = []
    messages: list[tuple[int, str, str, str | None, str | None, int]] = []
    for talk_id in range(1, conversations + 1):
        state = rng.choices(states, weights)[0]
        asked = NOW - timedelta(days=rng.uniform(1, HISTORY_DAYS))
        held = asked + timedelta(days=rng.uniform(3, 20))
        scheduled = NOW + timedelta(days=rng.uniform(0, 14)) if state == "scheduled" else held
        is_held = state in ("held", "thanked", "closed")
        talks.append(
            (
                talk_id,
                rng.randint(1, people),
                "email",
                state,
                20,
                _stamp(scheduled)
                if state in ("scheduled", *("held", "thanked", "closed"))
                else None,
                _stamp(held) if is_held else None,
                owner_id,
                _stamp(asked - timedelta(days=1)),
                _stamp(held if is_held else asked),
            )
        )
        if state != "draft":
            messages.append((talk_id, "request", "sent", _stamp(asked), None, owner_id))
            if state not in ("requested", "no_response"):
                reply = asked + timedelta(days=2)
                messages.append((talk_id, "other", "received", None, _stamp(reply), owner_id))
            else:
                messages.append((talk_id, "request", "draft", None, None, owner_id))
            if state in ("thanked", "closed"):
                messages.append((talk_id, "thank_you", "sent", _stamp(held), None, owner_id))
            else:
                messages.append((talk_id, "nudge", "draft", None, None, owner_id))
        else:
            messages.extend([(talk_id, "request", "draft", None, None, owner_id)] * 3)
    db.executemany(
        "INSERT INTO conversations (id, person_id, channel, state, requested_minutes, "
        "scheduled_at, held_at, owner_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        talks,
    )
    db.executemany(
        "INSERT INTO messages (conversation_id, kind, status, sent_at, received_at, owner_id, "
        "subject, body, created_at) VALUES (?, ?, ?, ?, ?, ?, 'Subject', 'Body', ?)",
        ((*m, m[3] or m[4] or _stamp(NOW)) for m in messages),
    )
    # People who agreed to stay in touch were last in touch some time in the past half year.
    keepers = [row[0] for row in db.execute("SELECT id FROM people WHERE keep_in_touch")]
    db.executemany(
        "INSERT INTO events (occurred_at, kind, summary, person_id, owner_id) "
        "VALUES (?, 'note.added', 'Caught up', ?, ?)",
        ((_stamp(NOW - timedelta(days=rng.uniform(1, 180))), pid, owner_id) for pid in keepers),
    )
    # The messages went in by plain SQL, so their conversations' derived facts are made
    # the way a restore makes them.
    from infointerview.store import conversation_facts
    from infointerview.store.plain_sql import of_sqlite

    conversation_facts.refresh(of_sqlite(db))
    db.commit()
    db.execute("ANALYZE")
    db.close()
    print(
        f"generated {conversations:,} conversations, {len(messages):,} messages, "
        f"{people:,} people in {orgs:,} organisations"
    )


def rule_pass(path: Path, runs: int) -> list[float]:
    """Time ``refresh`` in this process, after a first pass made the tasks."""
    from infointerview.config import FollowupSettings
    from infointerview.services.followup import refresh
    from infointerview.services.workspace import open_workspace

    settings = FollowupSettings(timezone="UTC")
    times = []
    for run in range(runs + 1):
        with open_workspace(str(path)) as ws:
            start = time.perf_counter()
            live = refresh(session=ws.session, owner=ws.owner, now=NOW, settings=settings)
            elapsed = time.perf_counter() - start
        if run == 0:
            print(f"first pass (makes {len(live):,} tasks): {elapsed * 1000:.0f} ms")
        else:
            times.append(elapsed)
    return times


def centre(folder: Path, conversations: int) -> Path:
    """Make a schema-current SQLite file in ``folder`` and generate the centre into it."""
    path = folder / "centre.db"
    subprocess.run(
        [sys.executable, "-m", "infointerview", "db", "upgrade", "--db", str(path)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    generate(path, conversations)
    return path


# An installed package's modules are compiled once and read back; without this, a
# machine that sets PYTHONDONTWRITEBYTECODE (this one does) compiles ours on every run.
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def command(path: Path, runs: int, name: str = "today") -> list[float]:
    """Time `infointerview NAME --db FILE` from start to exit, after an untimed run."""
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "infointerview", name, "--db", str(path)],
            check=True,
            stdout=subprocess.DEVNULL,
            env=ENV,
        )
        times.append(time.perf_counter() - start)
    return times[1:]


def main() -> None:
    """Generate the database, then print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = centre(Path(folder), args.conversations)
        passes = rule_pass(path, args.runs)
        runs = command(path, args.runs)
    print(
        f"rule pass (refresh):  median {statistics.median(passes) * 1000:.0f} ms, "
        f"best {min(passes) * 1000:.0f}, worst {max(passes) * 1000:.0f}  (target 200)"
    )
    print(
        f"infointerview today:  median {statistics.median(runs) * 1000:.0f} ms, "
        f"best {min(runs) * 1000:.0f}, worst {max(runs) * 1000:.0f}  (target 500)"
    )


if __name__ == "__main__":
    main()
