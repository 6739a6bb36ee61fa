"""The Stats page: the numbers of the method, with charts drawn as SVG on the server
(no script), and the referral network as a tree."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from infointerview.config import load_followup
from infointerview.services import network, stats, zones
from infointerview.web.context import workspace
from infointerview.web.routes import network as network_route
from infointerview.web.templating import render

router = APIRouter()


def _per_target(found: stats.Stats) -> list[tuple[str, int, int]]:
    """Each target with its conversations and the claims nobody was asked about yet."""
    talks, unasked = dict(found.per_target), dict(found.open_claims)
    names = list(talks) + [name for name in unasked if name not in talks]
    return [(name, talks.get(name, 0), unasked.get(name, 0)) for name in names]


@router.get("/stats", name="stats")
def stats_page(request: Request) -> Response:
    """Show the numbers, the charts, and the referral network."""
    here = zones.zone(load_followup())
    with workspace(request) as ws:
        found = stats.compute(session=ws.session, owner=ws.owner, zone=here)
        g = network.graph(session=ws.session, owner=ws.owner)
        said = network.summary(session=ws.session, owner=ws.owner, g=g)
    context = {
        "found": found,
        "charts": stats.charts(found),
        "per_target": _per_target(found),
        "tree": network_route.tree(g),
        "network": said,
    }
    return render(request, "stats.html", context)
