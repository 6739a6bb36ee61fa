"""`infointerview schedule` and `infointerview calendar`: meetings and follow-ups in
the user's calendar program, as iCalendar (RFC 5545) files and a subscribable feed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from infointerview.cli.common import (
    DbOption,
    ForceOption,
    OutputOption,
    workspace,
    write_output,
)

app = typer.Typer(
    help="Your meetings and follow-ups as an iCalendar file, or a feed your calendar follows.",
    no_args_is_help=True,
)


def schedule(
    conversation: Annotated[int, typer.Argument(metavar="CONVERSATION", help="Its id.")],
    at: Annotated[
        str,
        typer.Option(help='The agreed time, e.g. "2026-12-03 14:00"; local time unless --tz.'),
    ],
    tz: Annotated[
        str | None,
        typer.Option("--tz", metavar="ZONE", help="The time zone of --at, e.g. Europe/Paris."),
    ] = None,
    minutes: Annotated[
        int | None, typer.Option(help="The agreed length: 15-30 minutes (seed 001).")
    ] = None,
    channel: Annotated[
        str | None, typer.Option(help="email, phone, video, in_person or mail.")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="The invitation (default: meeting-ID.ics)."
        ),
    ] = None,
    force: ForceOption = False,
    db: DbOption = None,
) -> None:
    """Record the meeting agreed for CONVERSATION and write its .ics invitation."""
    from datetime import UTC

    from infointerview.config import load_followup, load_profile
    from infointerview.domain.vocabulary import Channel, ConversationState, parse_choice
    from infointerview.services import calendar, conversations

    when = _moment(at, tz or load_followup().timezone)
    chosen = parse_choice(Channel, channel, field="--channel") if channel else None
    target = output or Path(f"meeting-{conversation}.ics")
    with workspace(db) as ws:
        conversations.set_terms(
            session=ws.session,
            owner=ws.owner,
            conversation_id=conversation,
            minutes=minutes,
            channel=chosen,
        )
        record = conversations.advance(
            session=ws.session,
            owner=ws.owner,
            conversation_id=conversation,
            move=conversations.Move(to=ConversationState.SCHEDULED, scheduled_at=when),
        )
        document = calendar.invitation(
            session=ws.session,
            owner=ws.owner,
            conversation_id=conversation,
            me=load_profile(),
            now=datetime.now(UTC),
        )
        # Written before the meeting is committed: a file that cannot be written leaves
        # the conversation as it was.
        wrote = write_output(document.decode("utf-8"), target, force=force)
    if wrote:
        typer.echo(
            f"Scheduled conversation #{record.id} with {record.person} for "
            f"{when.strftime('%Y-%m-%d %H:%M %Z').strip()} ({record.requested_minutes} minutes); "
            f"wrote {target}",
            err=True,
        )


def _moment(text: str, zone_name: str | None) -> datetime:
    """Return the time ``text`` names: in ``zone_name`` (--tz, else [followup] timezone),
    or local time when neither is set."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from infointerview.cli.common import parse_datetime

    if zone_name is None:
        when = parse_datetime(text, field="--at")
        assert when is not None
        return when
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise typer.BadParameter(
            f"{zone_name!r} is not a time zone like Europe/Paris", param_hint="--tz"
        ) from None
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date and time like '2026-12-03 14:00'", param_hint="--at"
        ) from None
    if parsed.tzinfo is not None:
        raise typer.BadParameter(
            "give the time without a zone when --tz names it", param_hint="--at"
        )
    return parsed.replace(tzinfo=zone)


@app.command("export")
def export(output: OutputOption = None, force: ForceOption = False, db: DbOption = None) -> None:
    """Write your meetings and follow-ups as one .ics file.

    Each scheduled meeting has its agreed length and a reminder; each follow-up is an
    all-day event. Importing the file again updates the events instead of copying them.
    """
    from datetime import UTC

    from infointerview.config import load_followup
    from infointerview.services import calendar

    settings = load_followup()
    with workspace(db) as ws:
        document = calendar.calendar(
            session=ws.session, owner=ws.owner, now=datetime.now(UTC), settings=settings
        )
    if write_output(document.decode("utf-8"), output or Path("-"), force=force):
        typer.echo(f"Wrote {output}", err=True)


@app.command("feed")
def feed(
    new: Annotated[
        bool, typer.Option("--new", help="Replace the address: the old one stops.")
    ] = False,
    revoke: Annotated[bool, typer.Option("--revoke", help="Turn the feed off.")] = False,
    db: DbOption = None,
) -> None:
    """Print the secret address of your calendar feed (served by `infointerview serve`)."""
    from infointerview.services import calendar

    if new and revoke:
        raise typer.BadParameter("choose --new or --revoke", param_hint="--revoke")
    with workspace(db) as ws:
        if revoke:
            gone = calendar.revoke_feed(session=ws.session, owner=ws.owner)
            typer.echo("The calendar feed is off." if gone else "There was no calendar feed.")
            return
        token = calendar.feed_token(session=ws.session, owner=ws.owner, renew=new)
    typer.echo(f"/calendar/{token}.ics")
    typer.echo(
        "Subscribe to it at http://HOST:PORT/calendar/... where `infointerview serve` runs; "
        "anyone with the address can read it (--new replaces it, --revoke turns it off).",
        err=True,
    )
