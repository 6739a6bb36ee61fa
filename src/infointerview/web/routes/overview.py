"""The Overview page: the pipeline per state, the targets, what happened lately."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from infointerview.services.overview import overview as overview_of
from infointerview.web.context import workspace
from infointerview.web.templating import render

router = APIRouter()


@router.get("/overview", name="overview")
def overview(request: Request) -> Response:
    """Show the pipeline counts, the targets and recent events."""
    with workspace(request) as ws:
        summary = overview_of(session=ws.session, owner=ws.owner, recent=15)
    return render(request, "overview.html", {"overview": summary})
