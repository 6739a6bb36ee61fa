"""`infointerview stats`: the numbers of your informational interviews."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from infointerview.cli.common import DbOption, ForceOption, JsonOption, workspace

if TYPE_CHECKING:
    from infointerview.services.stats import Rate, Stats


def stats(
    plot: Annotated[
        Path | None,
        typer.Option(
            "--plot", metavar="FILE", help="Also draw the charts into FILE (.png or .svg)."
        ),
    ] = None,
    force: ForceOption = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show the numbers: requests and the share answered (by channel, by how known), the
    median time to a reply, meetings, referrals per meeting, thank you notes sent the same
    day (seed 002), nudges per request, conversations and claims not yet asked per target,
    requests per month."""
    from infointerview.cli import render
    from infointerview.config import load_followup
    from infointerview.io import charts
    from infointerview.io.files import write_atomically
    from infointerview.services import stats as stats_service
    from infointerview.services.direct import run_direct
    from infointerview.services.zones import zone

    fmt = charts.picture_format(plot) if plot is not None else None
    if plot is not None and plot.exists() and not force:
        from infointerview.errors import BadInput

        raise BadInput(f"{plot} already exists; pass --force to overwrite it")
    here = zone(load_followup())

    def _compute(session: Any, owner: int) -> Stats:
        return stats_service.compute(session=session, owner=owner, zone=here)

    # On a SQLite file ready as it is, without SQLAlchemy: `stats` answers in a second.
    found = run_direct(db, _compute, write=False)
    if found is None:
        with workspace(db) as ws:
            found = _compute(ws.session, ws.owner)
    if plot is not None and fmt is not None:
        drawn = charts.picture(stats_service.charts(found), fmt=fmt, title="Your numbers")
        write_atomically(plot, drawn, overwrite=force)
    if as_json:
        render.print_json(_document(found))
        return
    render.fields(
        [
            ("requests", str(found.requests)),
            ("answered", f"{found.answered} ({_share(found.response_rate)})"),
            ("median time to a reply", _hours(found.median_reply_hours)),
            ("meetings held", str(found.meetings)),
            ("referrals per meeting", _ratio(found.referrals_per_meeting)),
            ("thank-yous the same day", f"{found.thanked_same_day} of {found.meetings}"),
            ("follow-ups per request", _ratio(found.nudges_per_request)),
        ]
    )
    for title, rates in (("By channel", found.by_channel), ("By how known", found.by_how_known)):
        if rates:
            render.table(title, ("", "asked", "answered", "rate"), _rows(rates))
    if found.per_target:
        render.table("Conversations per target", ("target", "conversations"), found.per_target)
    if found.open_claims:
        render.table("Claims nobody was asked yet", ("target", "claims"), found.open_claims)
    if found.per_month:
        render.table("Requests per month", ("month", "requests"), found.per_month)


def _rows(rates: tuple[Rate, ...]) -> list[tuple[str, int, int, str]]:
    return [(r.group.replace("_", " "), r.asked, r.answered, _share(r.rate)) for r in rates]


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _hours(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.1f} hours" if value < 48 else f"{value / 24:.1f} days"


def _rate(r: Rate) -> dict[str, object]:
    return {"group": r.group, "asked": r.asked, "answered": r.answered, "rate": r.rate}


def _document(found: Stats) -> dict[str, object]:
    return {
        "requests": found.requests,
        "answered": found.answered,
        "response_rate": found.response_rate,
        "median_reply_hours": found.median_reply_hours,
        "meetings": found.meetings,
        "referrals": found.referrals,
        "referrals_per_meeting": found.referrals_per_meeting,
        "thanked_same_day": found.thanked_same_day,
        "nudges": found.nudges,
        "nudges_per_request": found.nudges_per_request,
        "by_channel": [_rate(r) for r in found.by_channel],
        "by_how_known": [_rate(r) for r in found.by_how_known],
        "per_target": [{"target": t, "conversations": n} for t, n in found.per_target],
        "per_month": [{"month": m, "requests": n} for m, n in found.per_month],
        "open_claims": [{"target": t, "claims": n} for t, n in found.open_claims],
    }
