"""The Meeting page: a timer against the agreed minutes, the question checklist, notes
saved as they are typed, quick capture, and the wrap-up screen (services.meeting)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from infointerview.config import load_followup, load_profile
from infointerview.domain.etiquette import Message
from infointerview.domain.questions import MAX_QUESTION
from infointerview.domain.records import Correspondent
from infointerview.errors import InfointerviewError, InvalidValue
from infointerview.mail import drafts
from infointerview.services import meeting, outreach
from infointerview.services import prep as prep_service
from infointerview.services.workspace import Workspace
from infointerview.web.context import workspace
from infointerview.web.routes.compose import findings_context
from infointerview.web.templating import render

router = APIRouter()

Notes = Annotated[str, Form(max_length=20_000)]
Short = Annotated[str, Form(max_length=300)]
Question = Annotated[str, Form(max_length=MAX_QUESTION)]
Body = Annotated[str, Form(max_length=20_000)]
Subject = Annotated[str, Form(max_length=2_000)]


@router.post("/conversations/{conversation_id}/meeting", name="start_meeting")
def start_meeting(request: Request, conversation_id: int) -> Response:
    """Start the conversation's meeting (or go back to the one under way)."""
    with workspace(request) as ws:
        held = meeting.start(session=ws.session, owner=ws.owner, conversation_id=conversation_id)
    return RedirectResponse(f"/meetings/{held.id}", status_code=303)


@router.get("/meetings/{meeting_id}", name="meeting")
def meeting_page(request: Request, meeting_id: int) -> Response:
    """Show the meeting: timer, checklist, notes, capture forms, the deflection at hand."""
    now = utc_now()
    with workspace(request) as ws:
        held = _under_way(ws, meeting_id)
        if held is None:
            return _to_conversation(ws, meeting_id)
        sheet = prep_service.sheet(
            session=ws.session, owner=ws.owner, conversation_id=held.conversation_id
        )
        got = meeting.captured(session=ws.session, owner=ws.owner, meeting_id=meeting_id)
    context = {
        "held": held,
        "clock": meeting.clock(held, now),
        "sheet": sheet,
        "captured": got,
        "problem": "",
    }
    return render(request, "meeting.html", context)


def _under_way(ws: Workspace, meeting_id: int) -> meeting.MeetingRecord | None:
    """Return the meeting, or None once it is wrapped up."""
    held = meeting.get(session=ws.session, owner=ws.owner, meeting_id=meeting_id)
    return held if held.ended_at is None else None


def _to_conversation(ws: Workspace, meeting_id: int) -> Response:
    held = meeting.get(session=ws.session, owner=ws.owner, meeting_id=meeting_id)
    return RedirectResponse(f"/conversations/{held.conversation_id}", status_code=303)


@router.get("/meetings/{meeting_id}/clock", name="meeting_clock")
def clock_part(request: Request, meeting_id: int) -> Response:
    """The timer alone, which the page asks for every second."""
    with workspace(request) as ws:
        held = meeting.get(session=ws.session, owner=ws.owner, meeting_id=meeting_id)
    context = {"held": held, "clock": meeting.clock(held, utc_now())}
    return render(request, "partials/meeting_clock.html", context)


@router.post("/meetings/{meeting_id}/notes", name="meeting_notes")
def save_notes(request: Request, meeting_id: int, notes: Notes = "") -> Response:
    """Keep the notes as typed so far; answer with when they were saved, or why not."""
    return _saved(
        request,
        lambda ws: meeting.save_notes(
            session=ws.session, owner=ws.owner, meeting_id=meeting_id, text=notes
        ),
    )


@router.post("/meetings/{meeting_id}/end", name="end_meeting")
def end_meeting(request: Request, meeting_id: int, notes: Notes = "") -> Response:
    """Keep the notes as they are on the page, then go to the wrap-up."""
    with workspace(request) as ws:
        meeting.save_notes(session=ws.session, owner=ws.owner, meeting_id=meeting_id, text=notes)
    return RedirectResponse(f"/meetings/{meeting_id}/wrap-up", status_code=303)


@router.post("/meetings/{meeting_id}/asked", name="meeting_asked")
def ask(request: Request, meeting_id: int, question: Question, asked: Short = "") -> Response:
    """Tick a question off, or untick it."""
    return _saved(
        request,
        lambda ws: meeting.tick(
            session=ws.session,
            owner=ws.owner,
            meeting_id=meeting_id,
            question=question,
            asked=bool(asked),
        ),
    )


def _saved(request: Request, do: Callable[[Workspace], None]) -> Response:
    """Do a save; answer with when, or (422, shown in place) why it was not saved."""
    problem = ""
    with workspace(request) as ws:
        try:
            with ws.session.begin_nested():
                do(ws)
        except InfointerviewError as refused:
            problem = str(refused)
    context = {"saved_at": utc_now(), "problem": problem}
    return render(
        request, "partials/meeting_saved.html", context, status_code=422 if problem else 200
    )


@router.post("/meetings/{meeting_id}/referrals", name="meeting_referral")
def capture_referral(
    request: Request,
    meeting_id: int,
    name: Short = "",
    organization: Short = "",
    may_use_name: Short = "",
) -> Response:
    """Record someone they suggested, and show what is captured so far."""
    return _capture(
        request,
        meeting_id,
        lambda ws: meeting.capture_referral(
            session=ws.session,
            owner=ws.owner,
            meeting_id=meeting_id,
            name=name,
            organization=organization or None,
            may_use_name=bool(may_use_name),
        ),
    )


@router.post("/meetings/{meeting_id}/captures", name="meeting_capture")
def capture_note(request: Request, meeting_id: int, kind: Short = "", text: Notes = "") -> Response:
    """Keep an insight or an offer of help, and show what is captured so far."""
    return _capture(
        request,
        meeting_id,
        lambda ws: meeting.capture_note(
            session=ws.session, owner=ws.owner, meeting_id=meeting_id, kind=kind, text=text
        ),
    )


def _capture(request: Request, meeting_id: int, do: Callable[[Workspace], object]) -> Response:
    problem = ""
    with workspace(request) as ws:
        try:
            with ws.session.begin_nested():
                do(ws)
        except InfointerviewError as refused:
            problem = str(refused)
        got = meeting.captured(session=ws.session, owner=ws.owner, meeting_id=meeting_id)
    context = {"held": {"id": meeting_id}, "captured": got, "problem": problem}
    return render(
        request,
        "partials/meeting_capture.html",
        context,
        status_code=422 if problem else 200,
    )


@router.get("/meetings/{meeting_id}/wrap-up", name="wrap_up")
def wrap_up_page(request: Request, meeting_id: int) -> Response:
    """Show everything the wrap-up will record, for confirmation."""
    now = utc_now()
    with workspace(request) as ws:
        held = _under_way(ws, meeting_id)
        if held is None:
            return _to_conversation(ws, meeting_id)
        got = meeting.captured(session=ws.session, owner=ws.owner, meeting_id=meeting_id)
        who = _who(ws, held.conversation_id)
    message, problem = _thank_you(who)
    context = {
        "held": held,
        "minutes": meeting.spent_minutes(held, now),
        "notes": held.notes,
        "captured": got,
        "who": who,
        "message": message,
        "problem": problem,
        **findings_context(who, "thank_you", message),
    }
    return render(request, "wrap_up.html", context)


@router.post("/meetings/{meeting_id}/wrap-up", name="do_wrap_up")
def wrap_up(
    request: Request,
    meeting_id: int,
    minutes: Short = "",
    notes: Notes = "",
    subject: Subject = "",
    body: Body = "",
) -> Response:
    """Record the meeting as held, keep the notes and the thank-you draft, add the tasks."""
    try:
        length = int(minutes.strip())
    except ValueError:
        raise InvalidValue("minutes", f"{minutes!r} is not a number of minutes") from None
    with workspace(request) as ws:
        talk = meeting.wrap_up(
            session=ws.session,
            owner=ws.owner,
            meeting_id=meeting_id,
            minutes=length,
            notes_text=notes,
            thank_you=(subject, body) if body.strip() else None,
            settings=load_followup(),
        )
    return RedirectResponse(f"/conversations/{talk}", status_code=303)


def _who(ws: Workspace, conversation_id: int) -> Correspondent:
    return outreach.correspondent(
        session=ws.session, owner=ws.owner, conversation_id=conversation_id
    )


def _thank_you(who: Correspondent) -> tuple[Message, str]:
    """Draft the thank-you from its template; placeholders stand in for what is unset."""
    try:
        return drafts.draft("thank_you", who, load_profile(), fill_gaps=True), ""
    except InvalidValue as trouble:
        return Message("", ""), str(trouble)


def utc_now() -> datetime:
    """Return the time now, in UTC (the clock the meeting's start is kept in)."""
    return datetime.now(UTC)
