"""The Compose page: draft a message from its template, check it as it is typed, keep it,
and hand it to the user's mail program (.eml, mailto:) or record it as sent."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from infointerview.config import load_profile
from infointerview.domain.etiquette import Message, Result, check
from infointerview.domain.records import Correspondent
from infointerview.domain.vocabulary import MessageStatus
from infointerview.errors import InvalidValue
from infointerview.mail import drafts
from infointerview.services import messages, outreach
from infointerview.services.workspace import Workspace
from infointerview.web.context import workspace
from infointerview.web.highlight import runs
from infointerview.web.templating import render

router = APIRouter()

Body = Annotated[str, Form(max_length=20_000)]
Subject = Annotated[str, Form(max_length=2_000)]
Kind = Annotated[str, Form(max_length=50)]


@router.get("/conversations/{conversation_id}/compose", name="compose")
def compose_page(
    request: Request,
    conversation_id: int,
    kind: Annotated[str, Query(max_length=50)] = "request",
) -> Response:
    """Show a new draft of ``kind`` from its template, checked, ready to edit and keep."""
    chosen = drafts.draft_kind(kind)
    with workspace(request) as ws:
        who = _who(ws, conversation_id)
    problem = ""
    try:
        message = drafts.draft(chosen, who, load_profile(), fill_gaps=True)
    except InvalidValue as trouble:
        message, problem = Message("", ""), str(trouble)
    return _page(request, who, chosen, message, problem=problem)


@router.post("/conversations/{conversation_id}/compose/check", name="compose_check")
def check_page(
    request: Request,
    conversation_id: int,
    kind: Kind = "request",
    subject: Subject = "",
    body: Body = "",
) -> Response:
    """Check the text as typed; answer with the findings panel (HTMX swaps it in)."""
    chosen = drafts.draft_kind(kind)
    with workspace(request) as ws:
        who = _who(ws, conversation_id)
    message = Message(subject.strip(), body)
    return render(request, "partials/findings.html", findings_context(who, chosen, message))


@router.post("/conversations/{conversation_id}/messages", name="keep_draft")
def keep_draft(
    request: Request,
    conversation_id: int,
    kind: Kind = "request",
    subject: Subject = "",
    body: Body = "",
) -> Response:
    """Keep the text as a draft on the conversation."""
    chosen = drafts.draft_kind(kind)
    with workspace(request) as ws:
        try:
            kept = messages.add_message(
                session=ws.session,
                owner=ws.owner,
                conversation_id=conversation_id,
                kind=drafts.KINDS[chosen],
                status=MessageStatus.DRAFT,
                subject=subject,
                body=body,
            )
        except InvalidValue as trouble:
            ws.session.rollback()
            who = _who(ws, conversation_id)
            message = Message(subject, body)
            return _page(request, who, chosen, message, problem=str(trouble), status_code=422)
    return RedirectResponse(f"/messages/{kept.id}", status_code=303)


@router.get("/messages/{message_id}", name="message")
def message_page(request: Request, message_id: int) -> Response:
    """Show a draft to edit and send; a message already sent is shown on its conversation."""
    with workspace(request) as ws:
        record = messages.get_message(session=ws.session, owner=ws.owner, message_id=message_id)
        who = _who(ws, record.conversation_id)
    if record.status is not MessageStatus.DRAFT:
        return RedirectResponse(f"/conversations/{record.conversation_id}", status_code=303)
    return _page(
        request,
        who,
        _kind_name(record.kind.value),
        Message(record.subject, record.body),
        message_id=record.id,
    )


@router.post("/messages/{message_id}", name="update_draft")
def update_draft(
    request: Request, message_id: int, subject: Subject = "", body: Body = ""
) -> Response:
    """Replace the draft's subject and body with the edited ones."""
    with workspace(request) as ws:
        try:
            messages.update_draft(
                session=ws.session,
                owner=ws.owner,
                message_id=message_id,
                subject=subject,
                body=body,
            )
        except InvalidValue as trouble:
            ws.session.rollback()
            record = messages.get_message(session=ws.session, owner=ws.owner, message_id=message_id)
            who = _who(ws, record.conversation_id)
            return _page(
                request,
                who,
                _kind_name(record.kind.value),
                Message(subject, body),
                message_id=message_id,
                problem=str(trouble),
                status_code=422,
            )
    return RedirectResponse(f"/messages/{message_id}", status_code=303)


@router.get("/messages/{message_id}/eml", name="message_eml")
def message_eml(request: Request, message_id: int) -> Response:
    """Download the draft as an .eml file that opens in the mail program, ready to send."""
    from infointerview.mail.compose import to_correspondent

    with workspace(request) as ws:
        record = messages.get_message(session=ws.session, owner=ws.owner, message_id=message_id)
        who = _who(ws, record.conversation_id)
    outreach.refuse_unsendable(who, record)
    mail = to_correspondent(
        who,
        load_profile(),
        subject=record.subject,
        body=record.body,
        at=datetime.now().astimezone(),
        smtp=False,
    )
    name = f"{record.kind.value}-{_slug(who.full_name)}.eml"
    return Response(
        mail.as_bytes(),
        media_type="message/rfc822",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post("/messages/{message_id}/sent", name="mark_sent")
def mark_sent(request: Request, message_id: int) -> Response:
    """Record the draft as sent (the user sent it from their mail program); as with
    `infointerview send --mark-sent`, not while it has an etiquette error."""
    with workspace(request) as ws:
        draft = messages.get_message(session=ws.session, owner=ws.owner, message_id=message_id)
        outreach.refuse_unsendable(_who(ws, draft.conversation_id), draft, sent_elsewhere=True)
        record = messages.mark_sent(session=ws.session, owner=ws.owner, message_id=message_id)
    return RedirectResponse(f"/conversations/{record.conversation_id}", status_code=303)


def _who(ws: Workspace, conversation_id: int) -> Correspondent:
    return outreach.correspondent(
        session=ws.session, owner=ws.owner, conversation_id=conversation_id
    )


def _kind_name(value: str) -> str:
    """Return the draft kind of a stored message kind ("other" is the deflection reply)."""
    return "job_offer_deflection" if value == "other" else value


def _slug(name: str) -> str:
    words = "".join(c if c.isascii() and c.isalnum() else " " for c in name.casefold()).split()
    return "-".join(words) or "message"


def findings_context(who: Correspondent, kind: str, message: Message) -> dict[str, Any]:
    """Return what partials/findings.html shows: the check of ``message`` as a draft of
    ``kind`` to ``who``, its placeholders still to fill, and the text with marks."""
    result: Result = check(message, outreach.etiquette_context(who, drafts.KINDS[kind]))
    subject_runs = runs(message.subject, "subject", result)
    body_runs = runs(message.body, "body", result)
    marked = {n for run in (*subject_runs, *body_runs) for n in run.findings}
    return {
        "result": result,
        "gaps": drafts.unfilled(message.subject, message.body),
        "subject_runs": subject_runs,
        "body_runs": body_runs,
        "marked": marked,
    }


def _page(
    request: Request,
    who: Correspondent,
    kind: str,
    message: Message,
    *,
    message_id: int | None = None,
    problem: str = "",
    status_code: int = 200,
) -> Response:
    from infointerview import paths

    mailto = ""
    if message_id is not None and who.email:
        from infointerview.mail.compose import mailto as link

        try:
            mailto = link(to=who.email, subject=message.subject, body=message.body)
        except InvalidValue:
            mailto = ""
    context = {
        "who": who,
        "kind": kind,
        "kinds": list(drafts.KINDS),
        "message": message,
        "message_id": message_id,
        "problem": problem,
        "mailto": mailto,
        "config_path": str(paths.config_path()),
        **findings_context(who, kind, message),
    }
    return render(request, "compose.html", context, status_code=status_code)
