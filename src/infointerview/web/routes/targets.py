"""The Targets pages: the career paths being explored, and one with its people."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from infointerview.services import targets
from infointerview.services.people import list_people
from infointerview.services.people_query import PersonFilter
from infointerview.web.context import workspace
from infointerview.web.templating import render

router = APIRouter()


@router.get("/targets", name="targets")
def targets_page(request: Request) -> Response:
    """List the targets, the ones being pursued first."""
    with workspace(request) as ws:
        found = targets.list_targets(session=ws.session, owner=ws.owner)
    return render(request, "targets.html", {"targets": found})


@router.get("/targets/{target_id}", name="target")
def target_page(request: Request, target_id: int) -> Response:
    """Show a target with its conversations, the people met or referred for it, and notes."""
    with workspace(request) as ws:
        detail = targets.get_target(session=ws.session, owner=ws.owner, target_id=target_id)
        people = list_people(
            session=ws.session, owner=ws.owner, filters=PersonFilter(target_id=target_id)
        )
    return render(request, "target.html", {"detail": detail, "people": people})


@router.get("/targets/{target_id}/next", name="target_next")
def who_next(request: Request, target_id: int) -> Response:
    """The people to ask next about the target, each score with its reasons (the target
    page asks for it once it has shown: ranking a large network takes a moment)."""
    from datetime import UTC, datetime

    from infointerview.config import load_followup
    from infointerview.services import followup, ranking

    today = datetime.now(UTC).astimezone(followup.zone(load_followup())).date()
    with workspace(request) as ws:
        _, ranked = ranking.rank_for_target(
            session=ws.session, owner=ws.owner, target_id=target_id, today=today, limit=5
        )
    return render(request, "partials/who_next.html", {"ranked": ranked})
