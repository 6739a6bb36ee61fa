"""`infointerview today` and `infointerview task`: the follow-up agenda and its tasks."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer

from infointerview.cli.common import DbOption, JsonOption, parse_date, workspace

if TYPE_CHECKING:
    from infointerview.domain.followup import TaskRecord

app = typer.Typer(help="Mark an agenda task done, snooze it, or dismiss it.", no_args_is_help=True)

TaskArg = Annotated[int, typer.Argument(metavar="ID", help="The task's id, from `today`.")]
HEADINGS = {"overdue": "Overdue", "today": "Today", "upcoming": "Coming up"}
SHOWN = 25  # tasks of a group shown without --all


def today(
    week: Annotated[
        bool, typer.Option("--week", help="Show what comes up in the next 7 days too.")
    ] = False,
    show_all: Annotated[
        bool, typer.Option("--all", help=f"Show every task, not the first {SHOWN} of a group.")
    ] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show what to do: overdue follow-ups, today's, and what comes up next, with reasons.

    The rules run each time (seeds 001, 002, 004 and the 3B7 routine): a thank-you the
    day of the meeting, one nudge after 7 business days without a reply, a report-back
    once a referral is contacted, and more. `infointerview task` marks one done.
    """
    from infointerview.cli import render
    from infointerview.config import load_followup
    from infointerview.services.direct import run_direct
    from infointerview.services.followup import agenda

    settings = load_followup()
    now = datetime.now(UTC)
    days_ahead = 7 if week else 1

    def _agenda(session: Any, owner: int) -> list[TaskRecord]:
        return agenda(
            session=session, owner=owner, now=now, settings=settings, days_ahead=days_ahead
        )

    # On a SQLite file ready as it is, without SQLAlchemy: `today` answers in half a second.
    items = run_direct(db, _agenda, write=True)
    if items is None:
        with workspace(db) as ws:
            items = _agenda(ws.session, ws.owner)
    if as_json:
        render.print_json(items)
        return
    if not items:
        render.say("Nothing is due. Well done.")
        return
    for status, heading in HEADINGS.items():
        rows = [i for i in items if i.status == status]
        if not rows:
            continue
        shown = rows if show_all else rows[:SHOWN]
        render.table(
            heading,
            ("task", "due", "to do", "who", "why", "seed"),
            (
                (i.id, i.due_on.isoformat(), i.kind.replace("_", " "), i.person, i.reason, i.origin)
                for i in shown
            ),
        )
        if len(shown) < len(rows):
            render.say(
                f"... and {len(rows) - len(shown)} more {heading.lower()} (--all shows them)"
            )


def _today() -> tuple[datetime, date]:
    """Return now, and today's date in the user's time zone ([followup] timezone)."""
    from infointerview.services.zones import local_today

    now = datetime.now(UTC)
    return now, local_today(now)


@app.command("done")
def done(task: TaskArg, db: DbOption = None) -> None:
    """Mark task ID done; a report-back done also records it on the referral."""
    from infointerview.services.tasks import mark_done

    now, today = _today()
    with workspace(db) as ws:
        mark_done(session=ws.session, owner=ws.owner, task_id=task, now=now, today=today)
    typer.echo(f"Task #{task} is done.")


@app.command("snooze")
def snooze(
    task: TaskArg,
    until: Annotated[str, typer.Option(help="The day it comes back (YYYY-MM-DD).")],
    db: DbOption = None,
) -> None:
    """Hide task ID until a later day."""
    from infointerview.services.tasks import snooze as hide

    day = parse_date(until, field="--until")
    assert day is not None
    _, today = _today()
    with workspace(db) as ws:
        hide(session=ws.session, owner=ws.owner, task_id=task, until=day, today=today)
    typer.echo(f"Task #{task} is snoozed until {day.isoformat()}.")


@app.command("dismiss")
def dismiss(task: TaskArg, db: DbOption = None) -> None:
    """Set task ID aside for good without doing it."""
    from infointerview.services.tasks import dismiss as drop

    now, _ = _today()
    with workspace(db) as ws:
        drop(session=ws.session, owner=ws.owner, task_id=task, now=now)
    typer.echo(f"Task #{task} is dismissed.")
