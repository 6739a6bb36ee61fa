"""`infointerview demo`: fill an empty database with a sample network."""

from __future__ import annotations

from typing import Annotated

import typer

from infointerview.cli import render
from infointerview.cli.common import DbOption, JsonOption, parse_date, workspace


def demo(
    today: Annotated[
        str | None, typer.Option(help="Pretend today is this date (YYYY-MM-DD).", hidden=True)
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Load a realistic demo network: 3 targets, about 40 people, every conversation state.

    Refuses to write into a database that already holds your own data.
    """
    from datetime import UTC, datetime

    from infointerview.services.demo import demo_today, load_demo

    day = parse_date(today, field="--today") or demo_today(datetime.now(UTC))
    with workspace(db) as ws:
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
    if summary.already_loaded:
        render.say(f"{where} already holds the demo network ({counts}).")
    else:
        render.say(f"Loaded the demo network into {where}: {counts}.")
    render.say("Next: infointerview overview")
