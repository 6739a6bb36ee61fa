"""`infointerview demo`: fill an empty database with a sample network."""

from __future__ import annotations

from typing import Annotated

import typer

from infointerview.cli import render
from infointerview.cli.common import DbOption, JsonOption, parse_date, workspace


def demo(
    remove: Annotated[
        bool,
        typer.Option("--remove", help="Take the demo out again, keeping what you added since."),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask before removing.")] = False,
    today: Annotated[
        str | None, typer.Option(help="Pretend today is this date (YYYY-MM-DD).", hidden=True)
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Load a realistic demo network: 3 targets, about 40 people, every conversation state.

    Refuses to write into a database that already holds your own data. With --remove,
    takes the demo's people, targets and history out again and keeps everything else.
    """
    from datetime import UTC, datetime

    from infointerview.services.demo import demo_today, load_demo, remove_demo

    if remove and not yes:
        typer.confirm("Remove the demo network from this database?", abort=True)
    day = parse_date(today, field="--today") or demo_today(datetime.now(UTC))
    with workspace(db) as ws:
        if remove:
            summary = remove_demo(session=ws.session, owner=ws.owner)
        else:
            summary = load_demo(session=ws.session, owner=ws.owner, today=day)
        where = ws.database.where
    if as_json:
        render.print_json(summary)
        return
    counts = (
        f"{summary.people} people in {summary.organizations} organisations, "
        f"{summary.targets} targets, {summary.conversations} conversations, "
        f"{summary.referrals} referrals"
    )
    if remove:
        render.say(f"Removed the demo network from {where}: {counts}. Your own data is kept.")
    elif summary.already_loaded:
        render.say(f"{where} already holds the demo network ({counts}).")
        render.say("Next: infointerview overview")
    else:
        render.say(f"Loaded the demo network into {where}: {counts}.")
        render.say("Next: infointerview overview; `infointerview demo --remove` takes it out.")
