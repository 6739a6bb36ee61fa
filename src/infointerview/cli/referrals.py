"""`infointerview refer`: record who pointed you to whom (seed 004)."""

from __future__ import annotations

from typing import Annotated

import typer

from infointerview.cli import render
from infointerview.cli.common import DbOption, JsonOption, parse_date, workspace


def refer(
    referrer: Annotated[str, typer.Argument(help="Who made the referral (id or name).")],
    referred: Annotated[str, typer.Argument(help="Whom they referred you to (id or name).")],
    target: Annotated[str | None, typer.Option(help="For which target (id or role).")] = None,
    may_use_name: Annotated[
        bool,
        typer.Option("--may-use-name/--no-name", help="They said you may use their name."),
    ] = False,
    on: Annotated[str | None, typer.Option(help="Date of the referral (default today).")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record that REFERRER referred you to REFERRED."""
    from datetime import date

    from infointerview.services.people import resolve_person
    from infointerview.services.referrals import refer as record_referral
    from infointerview.services.targets import resolve_target

    day = parse_date(on, field="--on") or date.today()
    with workspace(db) as ws:
        referral = record_referral(
            session=ws.session,
            owner=ws.owner,
            referrer_id=resolve_person(session=ws.session, owner=ws.owner, query=referrer),
            referred_id=resolve_person(session=ws.session, owner=ws.owner, query=referred),
            target_id=resolve_target(session=ws.session, owner=ws.owner, query=target)
            if target
            else None,
            may_use_name=may_use_name,
            on=day,
        )
    if as_json:
        render.print_json(referral)
    else:
        render.say(f"Recorded: {referral.referrer} referred you to {referral.referred}")
