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
   on a free loopback port, with ``--workers N`` if given, else as many processes as
   `serve` runs by default) and waits until it answers.
3. For each page in turn, warms up with ``--clients`` Python threads, then keeps
   ``--clients`` connections busy for ``--seconds`` on ``/``, ``/people?q=<2-3 letter
   fragments that match>`` (once as a whole page, once "as you type": with the headers
   htmx sends from the search box, which get the results alone) and ``/people/<id>``
   (half of the ids are people with a conversation, most of them with notes or
   referrals too), cycling through the same
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
requests a second, and more to leave room for the tail: with the client on the same 2
cores, about 6 ms of CPU per request at the very most.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from web_data import SEED, Sample, generate, person_paths, sample, search_paths
from web_load import Result
from web_load_python import load
from web_load_wrk import Wrk, find_wrk, load_wrk
from web_server import Server, running_server

from infointerview.services import people
from infointerview.services.people_query import PersonFilter
from infointerview.services.workspace import Store
from infointerview.web.server import default_workers

TARGET_P95_MS = 50.0
# The headers htmx sends when the People page's search box changes.
AS_YOU_TYPE = {"HX-Request": "true", "HX-Target": "people-results"}
# Distinct request paths prepared per page; the clients cycle through them.
PATHS_PER_PAGE = 1_000


def _size(db: Path) -> int:
    """Return the bytes ``db`` takes on disk, its write-ahead log included."""
    return sum(
        path.stat().st_size for path in (db, db.with_name(db.name + "-wal")) if path.exists()
    )


def _prepare(db: Path, count: int) -> Sample:
    """Generate ``count`` people into ``db`` unless it has some already; sample them."""
    store = Store(str(db))
    try:
        with store.workspace() as ws:
            _, existing = people.list_page(
                session=ws.session, owner=ws.owner, filters=PersonFilter(limit=1)
            )
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
    missed = [r.page.strip() for r in results if r.p95_ms >= TARGET_P95_MS]
    print(f"        {'missed by: ' + ', '.join(missed) if missed else 'met by every page'}")
    print(
        f"load:    {args.clients} clients ({client}), "
        f"{args.workers or default_workers()} server worker(s), "
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
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="server worker processes (default: what `serve` runs unless told)",
    )
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
    server: Server,
    page: str,
    paths: Sequence[str],
    headers: Mapping[str, str],
    args: argparse.Namespace,
    wrk: Wrk | None,
) -> Result:
    """Load one page with the chosen client, every request carrying ``headers``."""
    if wrk is not None:
        return load_wrk(
            server,
            page,
            paths,
            wrk=wrk,
            clients=args.clients,
            seconds=int(args.seconds),
            warmup=args.warmup,
            headers=headers,
        )
    return load(
        server,
        page,
        paths,
        clients=args.clients,
        seconds=args.seconds,
        requests=args.requests,
        warmup=args.warmup,
        headers=headers,
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
        searches = search_paths(rng, data, PATHS_PER_PAGE)
        pages: dict[str, tuple[Sequence[str], Mapping[str, str]]] = {
            "Overview /": (["/"], {}),
            "People search": (searches, {}),
            # What typing in the search box sends: htmx asks for the results alone.
            "  as you type": (searches, AS_YOU_TYPE),
            "Person": (person_paths(rng, data, PATHS_PER_PAGE), {}),
        }
        results: list[Result] = []
        load_before = _load_average()
        with running_server(db, home, args.workers) as server:
            for page, (paths, headers) in pages.items():
                print(f"loading {page.strip()} with {client} ...", flush=True)
                results.append(_load_page(server, page, paths, headers, args, wrk))
        _report(results, args, db, load_before, client)
        failed = sum(r.failed for r in results)
        if failed:
            failures = [f for r in results for f in r.failures]
            print(f"\n{failed} requests were not answered 200, e.g. {failures[:5]}")
            sys.exit(1)
        print(f"all {sum(r.requests for r in results):,} measured responses were 200")


if __name__ == "__main__":
    main()
