"""Measure the web app's latency under load: Overview, People search and Person pages.

Run by hand from the project folder: `python bench/web.py [--people 10000] [--clients 8]
[--seconds 10] [--keep DB] [--client auto|wrk|python]`. It prints figures; it is not a test.

1. Generates a SQLite database in a temporary folder through the project's services (no
   raw SQL): ``--people`` people with realistic names, about 300 organisations, titles,
   one or two emails, up to three tags and a mix of how they are known, plus a few
   targets, conversations, referrals and notes so a Person page has something to show.
   The data is seeded, so every run builds the same people (dated relative to today).
   ``--keep DB`` generates into DB and keeps it, or reuses DB when it already exists,
   which skips generation.
2. Starts the real server as a subprocess (``infointerview serve --db DB --no-browser``
   on a free loopback port) and waits until it answers.
3. For each page in turn, warms up with ``--clients`` Python threads, then keeps
   ``--clients`` connections busy for ``--seconds`` on ``/``, ``/people?q=<2-3 letter
   fragments that match>`` and ``/people/<id>`` (half of the ids are people with a
   conversation, most of them with notes or referrals too), cycling through the same
   prepared paths whichever the client. Every response must be 200. ``--client`` picks
   what makes the load:

   - ``wrk``: the wrk load generator (C; ``apt-get install wrk``), run with
     ``bench/wrk_paths.lua``, 2 threads (1 for an odd number of clients) sharing the
     connections, for a whole number of seconds. It costs the machine far less CPU than
     the Python client, so the server's figures are less skewed. Its latency percentiles
     are its own, which include its correction for coordinated omission (each response
     slower than twice the mean interval between a connection's requests adds the
     samples a steady sender would have seen), so they can read a little higher than the
     Python client's for the same server; its requests caught mid-flight when the time is
     up are not counted. Any status other than 200, or any socket error or timeout, fails
     the run.
   - ``python``: one thread per client, each on its own persistent
     ``http.client.HTTPConnection``; the only client that can make ``--requests`` in all
     instead of running for ``--seconds``, but it uses most of a core itself.
   - ``auto`` (the default): wrk when it is on the PATH and can do the run (no
     ``--requests``, whole ``--seconds``), else python.

   wrk is only needed to run this by hand: neither the tests nor CI use this script.
4. Prints, per page, the requests made, the 50th and 95th percentiles and the maximum of
   the latency seen by the client, the throughput and (on Linux) the server's CPU time per
   request; then the target, the load (including the client used), the machine, its load
   average and the database's size.

Client and server share the machine's cores, and other programs running at the same time
skew every figure: compare the load averages printed with the number of CPUs. With N
clients that never pause, Little's law ties the figures together: mean latency is about
N / throughput, so a p95 under 50 ms at 8 clients needs a server that handles 160+
requests a second, i.e. about 6 ms of CPU per request on a single-process server.
"""

from __future__ import annotations

import argparse
import http.client
import math
import os
import platform
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from infointerview.domain.vocabulary import Channel, ConversationState, HowKnown, TargetStatus
from infointerview.services import conversations, notes, people, referrals, targets
from infointerview.services.conversations import Move
from infointerview.services.people import PersonFields
from infointerview.services.people_query import PersonFilter
from infointerview.services.targets import TargetFields
from infointerview.services.workspace import Store, Workspace

TARGET_P95_MS = 50.0
SEED = 20240917
# People added per transaction while generating.
BATCH = 2_500
# Distinct request paths prepared per page; the clients cycle through them.
PATHS_PER_PAGE = 1_000
# Seconds a request may take before it counts as failed, for either client.
TIMEOUT_S = 60
# The wrk script that sends the prepared paths and prints its figures for us.
WRK_SCRIPT = Path(__file__).with_name("wrk_paths.lua")


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


GIVEN = _words(
    "Aaliyah Adrian Aisha Alejandro Alice Amara Andrea Anna Arjun Ben Camille Carlos "
    "Chen Chloe Daniel David Diego Elena Eli Emma Ethan Fatima Felix Grace Hana Hannah "
    "Hiroshi Ines Isaac Jamal James Javier Jonas Julia Kai Karim Laura Leila Liam Lucas "
    "Maya Mei Mohammed Nadia Naomi Nikolai Noah Olivia Omar Oscar Priya Rafael Rosa Ruth "
    "Samuel Sara Sofia Tariq Thomas Uma Valentina Victor Wei Yara Yusuf Zoe Zhang Ingrid "
    "Kwame Lars Marta Nora Pablo Quentin Rania Siobhan Tomasz"
)
FAMILY = _words(
    "Abbott Adeyemi Alvarez Andersson Bauer Becker Bianchi Brennan Castillo Chowdhury "
    "Cohen Dalton Dubois Eriksen Fischer Fitzgerald Garcia Gomez Gupta Haddad Hansen "
    "Hernandez Hoffmann Ibrahim Ivanova Jensen Kaur Kim Kowalski Larsen Lee Lindqvist "
    "Lopez Martin Martinez Meyer Moreau Murphy Nakamura Nguyen Novak Okafor O'Brien "
    "Olsen Patel Pereira Petrov Quinn Ramirez Reyes Rossi Sato Schmidt Silva Singh "
    "Smith Sokolov Suzuki Tanaka Taylor Thompson Torres Visser Walsh Wang Weber "
    "Williams Wilson Wright Yamamoto Yilmaz Young Zimmermann Zhou Nowak Mensah Byrne"
)
ORG_WORDS = _words(
    "Acme Alder Apex Arbor Atlas Beacon Birch Blue Bright Cedar Cobalt Crest Delta Ember "
    "Evergreen Falcon Granite Harbor Horizon Iris Juniper Keystone Lumen Maple Meridian "
    "Northwind Oak Orbit Pioneer Quartz Redwood Riverside Summit Tidewater Vertex"
)
ORG_KINDS = _words(
    "Analytics Bank Bio Capital Consulting Energy Foundation Health Labs Logistics Media "
    "Partners Robotics Software Systems"
)
TITLES = (
    "Software Engineer",
    "Senior Software Engineer",
    "Staff Engineer",
    "Engineering Manager",
    "Product Manager",
    "Senior Product Manager",
    "Product Designer",
    "UX Researcher",
    "Data Scientist",
    "Data Analyst",
    "Machine Learning Engineer",
    "Director of Engineering",
    "VP Product",
    "Chief Technology Officer",
    "Founder",
    "Co-founder & CEO",
    "Recruiter",
    "Talent Partner",
    "Head of People",
    "Marketing Manager",
    "Content Strategist",
    "Financial Analyst",
    "Investment Associate",
    "Policy Advisor",
    "Program Officer",
    "Research Scientist",
    "Lab Manager",
    "Operations Lead",
    "Account Executive",
    "Customer Success Manager",
    "Solutions Architect",
    "Consultant",
    "Senior Consultant",
    "Partner",
    "Nurse Practitioner",
    "Clinical Researcher",
    "Teacher",
    "Professor",
    "Journalist",
    "Editor",
)
TAGS = (
    "alumni",
    "engineering",
    "design",
    "data",
    "hiring",
    "mentor",
    "founder",
    "policy",
    "finance",
    "nonprofit",
    "research",
    "product",
)
PERSONAL_DOMAINS = ("gmail.com", "outlook.com", "proton.me", "fastmail.com", "yahoo.com")
HOW_KNOWN = (HowKnown.KNOWN, HowKnown.REFERRED, HowKnown.ALUMNI, HowKnown.COLD)
HOW_KNOWN_WEIGHTS = (20, 10, 20, 50)
TARGET_ROLES = (
    ("Product Manager", "Software", "Northwind Software"),
    ("Data Scientist", "Health", "Cedar Health"),
    ("UX Researcher", "Media", None),
    ("Policy Advisor", "Public sector", None),
    ("Machine Learning Engineer", "Robotics", "Vertex Robotics"),
    ("Program Officer", "Philanthropy", "Meridian Foundation"),
)
HAPPY_PATH = (
    ConversationState.REQUESTED,
    ConversationState.SCHEDULED,
    ConversationState.HELD,
    ConversationState.THANKED,
    ConversationState.CLOSED,
)


# ---------------------------------------------------------------------------
# Generating the database


@dataclass(frozen=True, slots=True)
class Sample:
    """What the load needs to know about the database: who is in it, and who has a story."""

    ids: tuple[int, ...]
    names: tuple[str, ...]
    rich_ids: tuple[int, ...]


def _organizations(rng: random.Random, count: int = 300) -> list[str]:
    names = [f"{word} {kind}" for word in ORG_WORDS for kind in ORG_KINDS]
    rng.shuffle(names)
    return names[:count]


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _person_fields(
    rng: random.Random, orgs: Sequence[str], weights: Sequence[float]
) -> PersonFields:
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    org = rng.choices(orgs, weights=weights)[0] if rng.random() < 0.9 else None
    emails = []
    if org is not None:
        emails.append(f"{_slug(given)}.{_slug(family)}@{_slug(org)}.example")
    if org is None or rng.random() < 0.3:
        emails.append(f"{_slug(given)}{rng.randint(1, 999)}@{rng.choice(PERSONAL_DOMAINS)}")
    return PersonFields(
        full_name=f"{given} {family}",
        given_name=given,
        family_name=family,
        organization=org,
        title=rng.choice(TITLES) if rng.random() < 0.95 else None,
        emails=emails,
        phones=[f"+1 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"]
        if rng.random() < 0.2
        else None,
        tags=rng.sample(TAGS, rng.choice((0, 0, 1, 1, 2, 3))),
        how_known=rng.choices(HOW_KNOWN, weights=HOW_KNOWN_WEIGHTS)[0],
        preferred_channel=rng.choice(tuple(Channel)) if rng.random() < 0.3 else None,
    )


def generate(store: Store, count: int, *, seed: int = SEED) -> None:
    """Fill ``store`` with ``count`` generated people and a little of everything else.

    Everything goes through the services, ``BATCH`` people per transaction; the same
    ``seed`` builds the same data, dated relative to today.
    """
    rng = random.Random(seed)
    orgs = _organizations(rng)
    # A few organisations employ many of the people, most only a handful.
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(orgs))]
    end = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    start = end - timedelta(days=730)
    step = timedelta(days=600) / max(count, 1)
    ids: list[int] = []
    for first in range(0, count, BATCH):
        with store.workspace() as ws:
            for i in range(first, min(first + BATCH, count)):
                record = people.add_person(
                    session=ws.session,
                    owner=ws.owner,
                    fields=_person_fields(rng, orgs, weights),
                    now=start + step * i,
                )
                ids.append(record.id)
    if ids:
        with store.workspace() as ws:
            _add_story(ws, rng, ids, since=start + step * count, until=end)


def _add_story(
    ws: Workspace, rng: random.Random, ids: Sequence[int], *, since: datetime, until: datetime
) -> None:
    """Add targets, conversations, referrals and notes involving a few hundred people."""
    target_ids = [
        targets.add_target(
            session=ws.session,
            owner=ws.owner,
            fields=TargetFields(
                role=role,
                industry=industry,
                organization=org,
                status=rng.choice(tuple(TargetStatus)),
            ),
            now=since,
        ).id
        for role, industry, org in TARGET_ROLES
    ]
    cast = rng.sample(list(ids), min(len(ids), 400))
    span = (until - since).total_seconds()
    for person_id in cast[:300]:
        at = since + timedelta(seconds=rng.uniform(0, span * 0.8))
        conversation = conversations.new_conversation(
            session=ws.session,
            owner=ws.owner,
            person_id=person_id,
            target_id=rng.choice([*target_ids, None]),
            requested_minutes=rng.choice((15, 20, 30)),
            now=at,
        )
        for state in HAPPY_PATH[: rng.randint(0, len(HAPPY_PATH))]:
            at += timedelta(hours=rng.randint(2, 96))
            conversations.advance(
                session=ws.session,
                owner=ws.owner,
                conversation_id=conversation.id,
                move=Move(
                    to=state,
                    at=at,
                    scheduled_at=at + timedelta(days=3) if state is HAPPY_PATH[1] else None,
                    actual_minutes=rng.choice((20, 25, 30, 45)) if state is HAPPY_PATH[2] else None,
                    outcome="Talked about the path in, the hiring bar and who else to ask."
                    if state is HAPPY_PATH[2]
                    else None,
                ),
            )
    seen: set[tuple[int, int]] = set()
    for _ in range(300):
        referrer, referred = rng.choice(cast), rng.choice(ids)
        if referrer == referred or (referrer, referred) in seen:
            continue
        seen.add((referrer, referred))
        referrals.refer(
            session=ws.session,
            owner=ws.owner,
            referrer_id=referrer,
            referred_id=referred,
            target_id=rng.choice([*target_ids, None]),
            may_use_name=rng.random() < 0.5,
            on=(since + timedelta(seconds=rng.uniform(0, span))).date(),
            now=until,
        )
    for n in range(600):
        notes.add_note(
            session=ws.session,
            owner=ws.owner,
            about="person",
            about_id=rng.choice(cast),
            body=f"Note {n}: met at an alumni event; ask about the team's roadmap.\n"
            "Follow up in two weeks with the article they mentioned.",
            now=since + timedelta(seconds=rng.uniform(0, span)),
        )


def sample(store: Store) -> Sample:
    """Read back, through the services, the people's ids and names, and who has a story."""
    with store.workspace() as ws:
        everyone = people.list_people(session=ws.session, owner=ws.owner, filters=PersonFilter())
        talked = conversations.list_conversations(session=ws.session, owner=ws.owner)
    rich = sorted({c.person_id for c in talked})
    return Sample(
        ids=tuple(p.id for p in everyone),
        names=tuple(
            " ".join(filter(None, (p.full_name, p.organization, p.title))) for p in everyone
        ),
        rich_ids=tuple(rich),
    )


def _search_paths(rng: random.Random, data: Sample, count: int) -> list[str]:
    """Return ``/people?q=`` paths for 2-3 letter fragments cut out of stored text."""
    paths: list[str] = []
    while len(paths) < count:
        words = [w for w in rng.choice(data.names).lower().split() if len(w) >= 3 and w.isalpha()]
        if not words:
            continue
        word = rng.choice(words)
        size = rng.choice((2, 3))
        at = rng.randrange(len(word) - size + 1)
        paths.append(f"/people?q={quote(word[at : at + size])}")
    return paths


def _person_paths(rng: random.Random, data: Sample, count: int) -> list[str]:
    """Return ``/people/<id>`` paths: half people with a story, half anyone."""
    pool = data.rich_ids or data.ids
    return [f"/people/{rng.choice(pool) if i % 2 else rng.choice(data.ids)}" for i in range(count)]


# ---------------------------------------------------------------------------
# The server


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _command() -> list[str]:
    script = Path(sys.executable).with_name("infointerview")
    return [str(script)] if script.exists() else [sys.executable, "-m", "infointerview"]


@dataclass(frozen=True, slots=True)
class Server:
    """The running server: where it listens, and its process."""

    port: int
    pid: int

    def cpu_seconds(self) -> float | None:
        """Return the CPU time (user + system) the server and its worker processes have
        used, None if the OS won't say."""
        own = _process_stat(self.pid)
        if own is None:
            return None
        total = own[1]
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                child = _process_stat(int(entry.name))
                if child is not None and child[0] == self.pid:
                    total += child[1]
        return total / os.sysconf("SC_CLK_TCK")


def _process_stat(pid: int) -> tuple[int, int] | None:
    """Return a process's parent id and its CPU ticks (user + system), or None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The fields after the command name, which is in parentheses and may hold spaces.
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[1]), int(fields[11]) + int(fields[12])


@contextmanager
def running_server(db: Path, home: Path, workers: int = 1) -> Iterator[Server]:
    """Run ``infointerview serve`` on ``db``, yield it once it answers, and stop it after."""
    port = _free_port()
    log = home / "server.log"
    env = {**os.environ, "INFOINTERVIEW_HOME": str(home)}
    env.pop("INFOINTERVIEW_DB", None)
    argv = [*_command(), "serve", "--db", str(db), "--no-browser", "--port", str(port)]
    argv += ["--workers", str(workers)]
    with log.open("wb") as sink:
        process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=sink)
    try:
        _wait_until_up(process, port, log)
        yield Server(port=port, pid=process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the server stopped (exit {process.returncode}):\n{log.read_text()}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", "/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
        finally:
            connection.close()
    sys.exit(f"the server did not answer within 60 s:\n{log.read_text()}")


# ---------------------------------------------------------------------------
# The load


@dataclass
class Client:
    """One simulated browser: a persistent connection, its CSRF cookie and what it saw."""

    port: int
    paths: Sequence[str]
    offset: int
    latencies_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    cookie: str | None = None
    _connection: http.client.HTTPConnection | None = None
    _next: int = 0

    def get(self) -> float:
        """Fetch the client's next path, check it is a 200, and return its latency in ms.

        A kept-alive connection the server has closed meanwhile (uvicorn drops idle ones
        after 5 s) is reopened and the request sent again, as a browser does; the time
        counted is that of the attempt that got the answer.
        """
        path = self.paths[(self.offset + self._next) % len(self.paths)]
        self._next += 1
        headers = {"Cookie": self.cookie} if self.cookie else {}
        while True:
            reused = self._connection is not None
            if self._connection is None:
                self._connection = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=TIMEOUT_S
                )
            started = time.perf_counter()
            try:
                self._connection.request("GET", path, headers=headers)
                response = self._connection.getresponse()
                response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if not reused:
                    raise
                continue
            elapsed = (time.perf_counter() - started) * 1000
            break
        if response.status != 200:
            self.failures.append(f"{response.status} {path}")
        cookie = response.getheader("set-cookie")
        if cookie and self.cookie is None:
            self.cookie = cookie.split(";", 1)[0]
        if response.will_close:
            self.close()
        return elapsed

    def close(self) -> None:
        """Close the connection; the next request opens a new one."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None


@dataclass(frozen=True, slots=True)
class Result:
    """The figures of one page's measured requests."""

    page: str
    requests: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    elapsed_s: float
    failed: int
    failures: list[str]
    server_cpu_ms: float | None


def _team(server: Server, paths: Sequence[str], clients: int) -> list[Client]:
    """Return ``clients`` Python clients, each starting at its own place in ``paths``."""
    step = max(1, len(paths) // clients)
    return [Client(port=server.port, paths=paths, offset=i * step) for i in range(clients)]


def _cpu_per_request(before: float | None, after: float | None, requests: int) -> float | None:
    """Return the server's CPU ms per request between two readings, None if either is."""
    if before is None or after is None:
        return None
    return (after - before) * 1000 / max(1, requests)


def load(
    server: Server,
    page: str,
    paths: Sequence[str],
    *,
    clients: int,
    seconds: float,
    requests: int | None,
    warmup: int,
) -> Result:
    """Warm up, then keep ``clients`` threads requesting ``paths`` for ``seconds``.

    With ``requests``, each client instead makes its share of that many requests.
    """
    team = _team(server, paths, clients)
    ready = threading.Barrier(clients + 1)
    go = threading.Barrier(clients + 1)
    finished: list[float] = [0.0] * clients
    errors: list[BaseException] = []
    times: dict[str, float] = {}

    def _run(index: int, client: Client) -> None:
        try:
            for _ in range(math.ceil(warmup / clients)):
                client.get()
            ready.wait()
            go.wait()
            quota = None if requests is None else requests // clients + (index < requests % clients)
            while (
                time.perf_counter() < times["deadline"]
                if quota is None
                else len(client.latencies_ms) < quota
            ):
                client.latencies_ms.append(client.get())
            finished[index] = time.perf_counter()
        except BaseException as error:  # reported by the main thread
            errors.append(error)
            ready.abort()
            go.abort()
        finally:
            client.close()

    threads = [threading.Thread(target=_run, args=(i, c), daemon=True) for i, c in enumerate(team)]
    for thread in threads:
        thread.start()
    try:
        ready.wait()
        cpu_before = server.cpu_seconds()
        times["start"] = time.perf_counter()
        times["deadline"] = times["start"] + seconds
        go.wait()
    except threading.BrokenBarrierError:
        pass
    for thread in threads:
        thread.join()
    cpu_after = server.cpu_seconds()
    if errors:
        raise RuntimeError(f"a client failed on {page}: {errors[0]!r}") from errors[0]
    latencies = [ms for c in team for ms in c.latencies_ms]
    failures = [f for c in team for f in c.failures]
    return Result(
        page=page,
        requests=len(latencies),
        p50_ms=percentile(latencies, 50),
        p95_ms=percentile(latencies, 95),
        max_ms=max(latencies),
        elapsed_s=max(finished) - times["start"],
        failed=len(failures),
        failures=failures,
        server_cpu_ms=_cpu_per_request(cpu_before, cpu_after, len(latencies)),
    )


def percentile(values: Sequence[float], share: float) -> float:
    """Return the nearest-rank percentile ``share`` (0-100) of ``values``."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share / 100 * len(ordered)))
    return ordered[rank - 1]


# ---------------------------------------------------------------------------
# The load, from wrk

# What bench/wrk_paths.lua prints, as "@bench <name> <integer>" lines.
WRK_FIGURES = (
    "p50_us",
    "p95_us",
    "max_us",
    "requests",
    "duration_us",
    "errors_status",
    "errors_connect",
    "errors_read",
    "errors_write",
    "errors_timeout",
)
WRK_SOCKET_ERRORS = ("connect", "read", "write", "timeout")


@dataclass(frozen=True, slots=True)
class Wrk:
    """The wrk load generator: its executable and version."""

    executable: str
    version: str

    @staticmethod
    def threads(clients: int) -> int:
        """Return the wrk threads for ``clients`` connections: 2 (the machine's usual
        cores), or 1 for an odd number, since wrk gives each thread ``clients // threads``
        connections and would drop the rest."""
        return 2 if clients % 2 == 0 else 1

    def describe(self, clients: int) -> str:
        """Return how the load line names this client, e.g. ``wrk 4.1.0, 2 threads``."""
        threads = self.threads(clients)
        return f"wrk {self.version}, {threads} thread{'s' if threads > 1 else ''}"


def find_wrk() -> Wrk | None:
    """Return wrk, with its version, if it is on the PATH; else None."""
    executable = shutil.which("wrk")
    if executable is None:
        return None
    shown = subprocess.run(
        [executable, "--version"], capture_output=True, text=True, check=False
    ).stdout
    found = re.search(r"\d+\.\d+(?:\.\d+)?", shown)
    return Wrk(executable=executable, version=found.group() if found else "(version unknown)")


def warm_up(
    server: Server, paths: Sequence[str], *, clients: int, warmup: int
) -> tuple[str | None, list[str]]:
    """Make ``warmup`` requests from ``clients`` concurrent Python clients, as ``load``
    does before it measures; return the CSRF cookie the server set and any non-200s."""
    team = _team(server, paths, clients)

    def _run(client: Client) -> None:
        try:
            for _ in range(math.ceil(warmup / clients)):
                client.get()
        finally:
            client.close()

    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(_run, team))
    cookie = next((c.cookie for c in team if c.cookie), None)
    return cookie, [f for c in team for f in c.failures]


def _wrk_argv(
    wrk: Wrk, port: int, listing: Path, *, clients: int, seconds: int, cookie: str | None
) -> list[str]:
    """Return the wrk command line that sends the paths in ``listing``."""
    threads = wrk.threads(clients)
    argv = [wrk.executable, "-t", str(threads), "-c", str(clients), "-d", f"{seconds}s"]
    argv += ["--timeout", f"{TIMEOUT_S}s", "--latency", "-s", str(WRK_SCRIPT)]
    if cookie:
        argv += ["-H", f"Cookie: {cookie}"]
    return [*argv, f"http://127.0.0.1:{port}", "--", str(listing), str(threads)]


def _parse_wrk(run: subprocess.CompletedProcess[str]) -> tuple[dict[str, int], dict[int, int]]:
    """Return the figures wrk_paths.lua printed, and the count of each status but 200.

    Raises:
        RuntimeError: with wrk's output, when wrk failed or a figure is missing.
    """
    figures: dict[str, int] = {}
    statuses: dict[int, int] = {}
    for line in run.stdout.splitlines():
        match line.split():
            case ["@bench", "status", code, count]:
                statuses[int(code)] = int(count)
            case ["@bench", name, value]:
                figures[name] = int(value)
    missing = [name for name in WRK_FIGURES if name not in figures]
    if run.returncode != 0 or missing:
        raise RuntimeError(
            f"wrk failed (exit {run.returncode}, figures missing: {missing or 'none'}):\n"
            f"{run.stdout}{run.stderr}"
        )
    return figures, statuses


def _wrk_failures(
    page: str, figures: dict[str, int], statuses: dict[int, int]
) -> tuple[int, list[str]]:
    """Return how many of wrk's requests failed, and what went wrong."""
    described = [f"{count} x {status} on {page}" for status, count in sorted(statuses.items())]
    failed = sum(statuses.values())
    # wrk's own count (statuses over 399) is part of the script's; in case it is not:
    if figures["errors_status"] > failed:
        described.append(f"{figures['errors_status'] - failed} x 4xx/5xx on {page}")
        failed = figures["errors_status"]
    sockets = {kind: figures[f"errors_{kind}"] for kind in WRK_SOCKET_ERRORS}
    if any(sockets.values()):
        listed = ", ".join(f"{kind} {count}" for kind, count in sockets.items())
        described.append(f"socket errors on {page}: {listed}")
        failed += sum(sockets.values())
    return failed, described


def load_wrk(
    server: Server,
    page: str,
    paths: Sequence[str],
    *,
    wrk: Wrk,
    clients: int,
    seconds: int,
    warmup: int,
) -> Result:
    """Warm up as ``load`` does, then have wrk keep ``clients`` connections requesting
    ``paths`` for ``seconds``, each wrk thread starting at its own place in them."""
    cookie, failures = warm_up(server, paths, clients=clients, warmup=warmup)
    with tempfile.TemporaryDirectory(prefix="infointerview-wrk-") as folder:
        listing = Path(folder) / "paths.txt"
        listing.write_text("".join(f"{path}\n" for path in paths))
        argv = _wrk_argv(wrk, server.port, listing, clients=clients, seconds=seconds, cookie=cookie)
        cpu_before = server.cpu_seconds()
        run = subprocess.run(
            argv, capture_output=True, text=True, timeout=seconds + TIMEOUT_S + 60, check=False
        )
        cpu_after = server.cpu_seconds()
    figures, statuses = _parse_wrk(run)
    failed, described = _wrk_failures(page, figures, statuses)
    return Result(
        page=page,
        requests=figures["requests"],
        p50_ms=figures["p50_us"] / 1000,
        p95_ms=figures["p95_us"] / 1000,
        max_ms=figures["max_us"] / 1000,
        elapsed_s=figures["duration_us"] / 1_000_000,
        failed=len(failures) + failed,
        failures=failures + described,
        server_cpu_ms=_cpu_per_request(cpu_before, cpu_after, figures["requests"]),
    )


# ---------------------------------------------------------------------------
# Putting it together


def _size(db: Path) -> int:
    return sum(
        path.stat().st_size for path in (db, db.with_name(db.name + "-wal")) if path.exists()
    )


def _prepare(db: Path, count: int) -> Sample:
    store = Store(str(db))
    try:
        with store.workspace() as ws:
            existing = people.count_people(session=ws.session, owner=ws.owner)
        if existing:
            print(f"reusing {db}: {existing:,} people (generation skipped)")
        else:
            started = time.perf_counter()
            generate(store, count)
            took = time.perf_counter() - started
            print(f"generated {count:,} people and their story in {took:.1f} s")
        return sample(store)
    finally:
        store.close()


def _load_average() -> str:
    """Return the 1-minute load average, a hint at what else was running, if the OS tells."""
    return f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "unknown"


def _report(
    results: Sequence[Result],
    args: argparse.Namespace,
    db: Path,
    load_before: str,
    client: str,
) -> None:
    """Print the table of figures, then the target, the load, the machine and the db."""
    print()
    print(
        f"{'page':<16}{'requests':>10}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'req/s':>9}"
        f"{'server CPU ms/req':>19}"
    )
    for r in results:
        cpu = "-" if r.server_cpu_ms is None else f"{r.server_cpu_ms:.1f}"
        print(
            f"{r.page:<16}{r.requests:>10,}{r.p50_ms:>9.1f}{r.p95_ms:>9.1f}{r.max_ms:>9.1f}"
            f"{r.requests / r.elapsed_s:>9.1f}{cpu:>19}"
        )
    print()
    print(f"target: p95 < {TARGET_P95_MS:.0f} ms at 8 concurrent clients")
    missed = [r.page for r in results if r.p95_ms >= TARGET_P95_MS]
    print(f"        {'missed by: ' + ', '.join(missed) if missed else 'met by every page'}")
    print(
        f"load:    {args.clients} clients ({client}), {args.workers} server worker(s), "
        + (f"{args.requests} requests" if args.requests else f"{args.seconds:g} s")
        + f" per page after {args.warmup} warm-up requests, loopback, client and server "
        "on the same machine"
    )
    print(
        f"machine: {os.cpu_count()} CPUs, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, load average {load_before} before and "
        f"{_load_average()} after the load"
    )
    print(f"db:      {_size(db) / 1_000_000:.1f} MB ({db})")


def _parser() -> argparse.ArgumentParser:
    """Return the command line's parser."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=10_000, help="people to generate")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=10.0, help="measured time per page")
    parser.add_argument(
        "--requests",
        type=int,
        default=None,
        help="measure this many requests per page instead (python client only)",
    )
    parser.add_argument("--warmup", type=int, default=50, help="warm-up requests per page")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument(
        "--keep", type=Path, default=None, metavar="DB", help="generate into DB, or reuse it"
    )
    parser.add_argument(
        "--client",
        choices=("auto", "wrk", "python"),
        default="auto",
        help="what makes the load: wrk, Python threads, or auto (wrk when it can)",
    )
    return parser


def _choose_client(args: argparse.Namespace, parser: argparse.ArgumentParser) -> Wrk | None:
    """Return wrk if ``--client`` asks for it, or is auto and wrk is found and can do the
    run (no ``--requests``, a whole number of ``--seconds``); None for the Python client."""
    if args.client == "python":
        return None
    wrk = find_wrk()
    fits = args.requests is None and args.seconds >= 1 and float(args.seconds).is_integer()
    if args.client == "auto":
        return wrk if fits else None
    if wrk is None:
        parser.error("--client wrk: wrk is not on the PATH (apt-get install wrk)")
    if not fits:
        parser.error("--client wrk runs for a whole number of --seconds, without --requests")
    return wrk


def _load_page(
    server: Server, page: str, paths: Sequence[str], args: argparse.Namespace, wrk: Wrk | None
) -> Result:
    """Load one page with the chosen client."""
    if wrk is not None:
        return load_wrk(
            server,
            page,
            paths,
            wrk=wrk,
            clients=args.clients,
            seconds=int(args.seconds),
            warmup=args.warmup,
        )
    return load(
        server,
        page,
        paths,
        clients=args.clients,
        seconds=args.seconds,
        requests=args.requests,
        warmup=args.warmup,
    )


def main() -> None:
    """Generate (or reuse) the database, serve it, load each page and print the figures."""
    parser = _parser()
    args = parser.parse_args()
    wrk = _choose_client(args, parser)
    client = "python threads" if wrk is None else wrk.describe(args.clients)
    with tempfile.TemporaryDirectory(prefix="infointerview-bench-") as folder:
        home = Path(folder)
        db = args.keep.resolve() if args.keep else home / "bench.db"
        data = _prepare(db, args.people)
        rng = random.Random(SEED + 1)
        pages = {
            "Overview /": ["/"],
            "People search": _search_paths(rng, data, PATHS_PER_PAGE),
            "Person": _person_paths(rng, data, PATHS_PER_PAGE),
        }
        results: list[Result] = []
        load_before = _load_average()
        with running_server(db, home, args.workers) as server:
            for page, paths in pages.items():
                print(f"loading {page} with {client} ...", flush=True)
                results.append(_load_page(server, page, paths, args, wrk))
        _report(results, args, db, load_before, client)
        failed = sum(r.failed for r in results)
        if failed:
            failures = [f for r in results for f in r.failures]
            print(f"\n{failed} requests were not answered 200, e.g. {failures[:5]}")
            sys.exit(1)
        print(f"all {sum(r.requests for r in results):,} measured responses were 200")


if __name__ == "__main__":
    main()
