"""The Conversation page: its state, messages and notes, and the moves it can make next."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from infointerview.domain.vocabulary import ConversationState, parse_choice
from infointerview.errors import InvalidValue
from infointerview.services import conversations, notes, research
from infointerview.services.conversations import Move
from infointerview.services.workspace import Workspace
from infointerview.web.context import optional_int, workspace
from infointerview.web.templating import render

router = APIRouter()

Text = Annotated[str, Form(max_length=20_000)]


@router.get("/conversations/{conversation_id}", name="conversation")
def conversation_page(request: Request, conversation_id: int) -> Response:
    """Show a conversation with its messages, notes, events and next moves."""
    with workspace(request) as ws:
        return _page(request, ws, conversation_id)


@router.post("/conversations/{conversation_id}/advance", name="advance")
def advance(
    request: Request,
    conversation_id: int,
    to: Text = "",
    scheduled_at: Text = "",
    actual_minutes: Text = "",
    outcome: Text = "",
) -> Response:
    """Move the conversation to the state the pressed button names."""
    values = {
        "to": to,
        "scheduled_at": scheduled_at,
        "actual_minutes": actual_minutes,
        "outcome": outcome,
    }
    with workspace(request) as ws:
        try:
            move = Move(
                to=parse_choice(ConversationState, to, field="to"),
                scheduled_at=_moment(scheduled_at),
                actual_minutes=_minutes(actual_minutes),
                outcome=outcome.strip() or None,
            )
            conversations.advance(
                session=ws.session, owner=ws.owner, conversation_id=conversation_id, move=move
            )
        except InvalidValue as problem:
            ws.session.rollback()
            return _page(
                request, ws, conversation_id, values=values, error=str(problem), status_code=422
            )
    return RedirectResponse(f"/conversations/{conversation_id}", status_code=303)


@router.post("/conversations/{conversation_id}/notes", name="add_conversation_note")
def add_note(request: Request, conversation_id: int, body: Text = "") -> Response:
    """Attach a note to the conversation."""
    with workspace(request) as ws:
        try:
            notes.add_note(
                session=ws.session,
                owner=ws.owner,
                about="conversation",
                about_id=conversation_id,
                body=body,
            )
        except InvalidValue as problem:
            if problem.field != "note":
                raise
            return _page(
                request,
                ws,
                conversation_id,
                note={"body": body},
                note_error=problem.reason,
                status_code=422,
            )
    return RedirectResponse(f"/conversations/{conversation_id}#notes", status_code=303)


def _moment(text: str) -> datetime | None:
    if not text.strip():
        return None
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValue("scheduled at", f"{text!r} is not a date and time") from None
    if not 1900 <= parsed.year <= 2200:
        raise InvalidValue("scheduled at", f"{text!r} is not a plausible date (years 1900-2200)")
    # A browser's datetime-local field has no zone: it is the explorer's own time.
    return parsed if parsed.tzinfo else parsed.astimezone()


def _minutes(text: str) -> int | None:
    try:
        return optional_int(text)
    except ValueError:
        raise InvalidValue("actual minutes", f"{text!r} is not a number of minutes") from None


# The message a conversation in a state most likely needs next (seeds 002, 004).
_SUGGESTED = {
    ConversationState.REQUESTED: "nudge",
    ConversationState.NO_RESPONSE: "nudge",
    ConversationState.HELD: "thank_you",
    ConversationState.THANKED: "pay_it_back",
    ConversationState.CLOSED: "keep_in_touch",
}


def _page(
    request: Request,
    ws: Workspace,
    conversation_id: int,
    *,
    values: dict[str, str] | None = None,
    error: str = "",
    note: dict[str, str] | None = None,
    note_error: str = "",
    status_code: int = 200,
) -> Response:
    detail = conversations.get_conversation(
        session=ws.session, owner=ws.owner, conversation_id=conversation_id
    )
    target_id = detail.conversation.target_id
    claims = (
        research.board(session=ws.session, owner=ws.owner, target_id=target_id).claims
        if target_id is not None
        else ()
    )
    context = {
        "detail": detail,
        "claims": claims,
        "suggested_kind": _SUGGESTED.get(detail.conversation.state, "request"),
        "values": values or {},
        "error": error,
        "note": note or {},
        "note_error": note_error,
    }
    return render(request, "conversation.html", context, status_code=status_code)
