"""The Prepare page: a conversation's prep sheet, printable (domain.prep)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from infointerview.config import load_followup
from infointerview.services import prep as prep_service
from infointerview.services import zones
from infointerview.web.context import workspace
from infointerview.web.templating import render

router = APIRouter()


@router.get("/conversations/{conversation_id}/prep", name="prep")
def prep_page(request: Request, conversation_id: int) -> Response:
    """Show the prep sheet: connection, script, agenda in minutes, give-back, reminders."""
    here = zones.zone(load_followup())
    with workspace(request) as ws:
        sheet = prep_service.sheet(
            session=ws.session, owner=ws.owner, conversation_id=conversation_id, zone=here
        )
    return render(request, "prep.html", {"sheet": sheet, "facts": sheet.facts})
