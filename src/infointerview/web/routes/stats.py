"""The Stats page: the numbers of the method, with charts drawn as SVG on the server
(no script), and the referral network as a tree."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from infointerview.config import load_followup
from infointerview.io import network_export
from infointerview.services import followup, network, stats
from infointerview.web.context import workspace
from infointerview.web.templating import render

router = APIRouter()


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar of a chart: its label, its value as shown, and its length (0 to 1)."""

    label: str
    shown: str
    length: float


def _rate_bars(rates: tuple[stats.Rate, ...]) -> list[Bar]:
    return [
        Bar(
            f"{r.group.replace('_', ' ')} ({r.asked})",
            f"{r.rate:.0%}" if r.rate is not None else "-",
            r.rate or 0.0,
        )
        for r in rates
    ]


def _count_bars(counts: tuple[tuple[str, int], ...]) -> list[Bar]:
    top = max((n for _, n in counts), default=0) or 1
    return [Bar(label, str(n), n / top) for label, n in counts]


@router.get("/stats", name="stats")
def stats_page(request: Request) -> Response:
    """Show the numbers, the charts, and the referral network."""
    here = followup.zone(load_followup())
    with workspace(request) as ws:
        found = stats.compute(session=ws.session, owner=ws.owner, zone=here)
        g = network.graph(session=ws.session, owner=ws.owner)
        said = network.summary(session=ws.session, owner=ws.owner, g=g)
    tree = [
        (depth, n, g.nodes[n]["name"], g.nodes[n]["state"])
        for depth, n in network_export.walk(g)
        if n != network.YOU
    ]
    context = {
        "found": found,
        "charts": [
            ("chart-channel", "Answered, by channel", _rate_bars(found.by_channel)),
            ("chart-known", "Answered, by how you know them", _rate_bars(found.by_how_known)),
            ("chart-month", "Requests per month", _count_bars(found.per_month)),
        ],
        "tree": tree,
        "network": said,
    }
    return render(request, "stats.html", context)
