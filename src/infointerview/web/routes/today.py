"""The Today page, the home page: overdue follow-ups, today's, and what comes up this
week, each with its reason, its seed, and one-click actions (draft, done, snooze)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from infointerview.config import load_followup
from infointerview.domain.followup import TaskRecord
from infointerview.errors import InvalidValue
from infointerview.services import calendar, followup, tasks, zones
from infointerview.services.workspace import Store
from infointerview.web.context import optional_date
from infointerview.web.templating import render

router = APIRouter()

GROUPS = (("overdue", "Overdue"), ("today", "Today"), ("upcoming", "This week"))
SHOWN = 50  # tasks of a group on the page; `infointerview today --all` lists every one
# Actions whose draft is a new request to the person, made from their page.
_ASK_ON_PERSON_PAGE = ("second_contact", "contact_referral", "report_back")


def draft_url(item: TaskRecord) -> str | None:
    """Return where to draft the message that carries ``item`` out, if one does."""
    if item.template is None:
        return None
    if item.kind in _ASK_ON_PERSON_PAGE or item.conversation_id is None:
        return f"/people/{item.person_id}"
    return f"/conversations/{item.conversation_id}/compose?kind={item.template}"


@router.get("/", name="today")
def today_page(request: Request) -> Response:
    """Run the follow-up rules and show the agenda."""
    store: Store = request.app.state.store
    settings = load_followup()
    now = datetime.now(UTC)
    # The rules keep their tasks in step, so this page writes (briefly) unlike the others.
    with store.workspace() as ws:
        items = followup.agenda(
            session=ws.session, owner=ws.owner, now=now, settings=settings, days_ahead=7
        )
        feed = calendar.current_token(session=ws.session, owner=ws.owner)
    local_today = zones.local_today(now, settings)
    groups = []
    for key, heading in GROUPS:
        group = [i for i in items if i.status == key]
        groups.append((key, heading, group[:SHOWN], len(group) - len(group[:SHOWN])))
    return render(
        request,
        "today.html",
        {
            "groups": groups,
            "count": len(items),
            "tomorrow": (local_today + timedelta(days=1)).isoformat(),
            "draft_url": draft_url,
            "feed_url": f"{request.base_url}calendar/{feed}.ics" if feed else None,
        },
    )


def _now_and_today() -> tuple[datetime, date]:
    now = datetime.now(UTC)
    return now, zones.local_today(now)


@router.post("/tasks/{task_id}/done", name="task_done")
def task_done(request: Request, task_id: int) -> Response:
    """Mark the task done."""
    store: Store = request.app.state.store
    now, today = _now_and_today()
    with store.workspace() as ws:
        tasks.mark_done(session=ws.session, owner=ws.owner, task_id=task_id, now=now, today=today)
    return RedirectResponse("/", status_code=303)


@router.post("/tasks/{task_id}/dismiss", name="task_dismiss")
def task_dismiss(request: Request, task_id: int) -> Response:
    """Set the task aside for good."""
    store: Store = request.app.state.store
    now, _ = _now_and_today()
    with store.workspace() as ws:
        tasks.dismiss(session=ws.session, owner=ws.owner, task_id=task_id, now=now)
    return RedirectResponse("/", status_code=303)


@router.post("/tasks/{task_id}/snooze", name="task_snooze")
def task_snooze(
    request: Request, task_id: int, until: Annotated[str, Form(max_length=40)] = ""
) -> Response:
    """Hide the task until the chosen day."""
    day = optional_date(until, field="until")
    if day is None:
        raise InvalidValue("until", "choose the day the task comes back")
    store: Store = request.app.state.store
    _, today = _now_and_today()
    with store.workspace() as ws:
        tasks.snooze(session=ws.session, owner=ws.owner, task_id=task_id, until=day, today=today)
    return RedirectResponse("/", status_code=303)


@router.get("/calendar.ics", name="calendar_download")
def calendar_download(request: Request) -> Response:
    """Download every meeting and due follow-up as one .ics file."""
    return _calendar(request, owner=None, download=True)


@router.get("/calendar/{token}.ics", name="calendar_feed")
def calendar_feed(request: Request, token: str) -> Response:
    """Serve the calendar to a calendar program that subscribed to its secret address."""
    return _calendar(request, owner=token, download=False)


def _calendar(request: Request, *, owner: str | None, download: bool) -> Response:
    store: Store = request.app.state.store
    with store.workspace(read_only=True) as ws:  # a calendar program polls: never wait
        who = ws.owner if owner is None else calendar.feed_owner(session=ws.session, token=owner)
        document = calendar.calendar(
            session=ws.session, owner=who, now=datetime.now(UTC), settings=load_followup()
        )
    headers = {"Cache-Control": "no-store"}
    if download:
        headers["Content-Disposition"] = 'attachment; filename="infointerview.ics"'
    return Response(document, media_type="text/calendar; charset=utf-8", headers=headers)


@router.post("/calendar/feed", name="calendar_feed_new")
def calendar_feed_new(
    request: Request, renew: Annotated[str, Form(max_length=10)] = ""
) -> Response:
    """Make the calendar feed's secret address, or replace it (the old one stops)."""
    store: Store = request.app.state.store
    with store.workspace() as ws:
        calendar.feed_token(session=ws.session, owner=ws.owner, renew=bool(renew))
    return RedirectResponse("/#calendar", status_code=303)


@router.post("/calendar/feed/off", name="calendar_feed_off")
def calendar_feed_off(request: Request) -> Response:
    """Turn the calendar feed off: its address stops answering."""
    store: Store = request.app.state.store
    with store.workspace() as ws:
        calendar.revoke_feed(session=ws.session, owner=ws.owner)
    return RedirectResponse("/#calendar", status_code=303)
