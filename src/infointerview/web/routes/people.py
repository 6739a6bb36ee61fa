"""The People pages: search, filter, sort and page; add and edit; one person in full."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from infointerview.domain.vocabulary import Channel, HowKnown, parse_choice
from infointerview.errors import Ambiguous, InvalidValue, NotFound, Refused
from infointerview.services import conversations, notes, organizations, referrals, targets
from infointerview.services import people as people_service
from infointerview.services.people import PersonFields
from infointerview.services.people_query import SORTS, PersonFilter
from infointerview.services.workspace import Workspace
from infointerview.web.context import PAGE_SIZE, lines, optional_int, workspace
from infointerview.web.templating import render

router = APIRouter()

Text = Annotated[str, Form(max_length=20_000)]
PERSON_TEXT_FIELDS = (
    "full_name",
    "given_name",
    "family_name",
    "organization",
    "title",
    "location",
    "emails",
    "phones",
    "linkedin_url",
    "tags",
)


@router.get("/people", name="people")
def people_page(
    request: Request,
    q: Annotated[str, Query(max_length=200)] = "",
    how_known: Annotated[str, Query(max_length=50)] = "",
    org: Annotated[str, Query(max_length=300)] = "",
    tag: Annotated[str, Query(max_length=100)] = "",
    target: Annotated[str, Query(max_length=20)] = "",
    sort: Annotated[str, Query(max_length=20)] = "name",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> Response:
    """List people matching the search and filters, a page at a time."""
    problems: dict[str, str] = {}
    known = None
    if how_known:
        try:
            known = parse_choice(HowKnown, how_known, field="how_known")
        except InvalidValue as problem:
            problems["how_known"] = problem.reason
    if sort not in SORTS:
        problems["sort"] = f"{sort!r} is not one of: {', '.join(SORTS)}"
        sort = "name"
    try:
        target_id = optional_int(target)
    except ValueError:
        target_id = None
        problems["target"] = f"{target!r} is not a target's number"
    filters = PersonFilter(
        how_known=known,
        organization=org or None,
        tag=tag or None,
        target_id=target_id,
        text=q or None,
        sort=sort,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    results_only = not problems and _wants_results_only(request)
    with workspace(request) as ws:
        found, total = people_service.list_summary_page(
            session=ws.session, owner=ws.owner, filters=filters
        )
        if not results_only:
            orgs = organizations.organization_names(session=ws.session, owner=ws.owner)
            all_targets = targets.target_choices(session=ws.session, owner=ws.owner)
    context: dict[str, Any] = {
        "people": found,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "filters": {
            "q": q,
            "how_known": how_known,
            "org": org,
            "tag": tag,
            "target": target,
            "sort": sort,
        },
    }
    if results_only:
        response = render(request, "partials/people_results.html", context)
    else:
        context |= {
            "problems": problems,
            "organizations": orgs,
            # Marked here, not in the template: it would compare every one of hundreds.
            "chosen_org": _chosen(org, orgs),
            "targets": all_targets,
            "sorts": SORTS,
        }
        response = render(request, "people.html", context, status_code=400 if problems else 200)
    response.headers["Vary"] = "HX-Request, HX-Target, HX-History-Restore-Request"
    return response


def _wants_results_only(request: Request) -> bool:
    """True for htmx's search-as-you-type request, which swaps in the results alone.

    It needs neither the layout nor the filter form (and its hundreds of organisations);
    restoring a page from history needs the whole page.
    """
    headers = request.headers
    return (
        headers.get("hx-request") == "true"
        and headers.get("hx-target") == "people-results"
        and headers.get("hx-history-restore-request") != "true"
    )


def _chosen(wanted: str, names: tuple[str, ...]) -> str | None:
    """Return the listed name the filter ``wanted`` picks (ignoring case), if any."""
    if not wanted:
        return None
    lowered = wanted.lower()
    return next((name for name in names if name.lower() == lowered), None)


@router.get("/people/new", name="new_person")
def new_person(request: Request) -> Response:
    """Show the form for adding a person."""
    return _form(request, values={"how_known": HowKnown.COLD.value}, errors={}, person_id=None)


@router.post("/people", name="add_person")
async def add_person(request: Request) -> Response:
    """Add a person from the form, or show the form again with each problem by its field."""
    values = await _form_values(request)
    # The database work blocks (a writer may wait for another): keep it off the event loop.
    return await run_in_threadpool(_add_person, request, values)


def _add_person(request: Request, values: dict[str, str]) -> Response:
    fields, errors = _person_fields(values)
    if not errors:
        with workspace(request) as ws:
            person = people_service.add_person(session=ws.session, owner=ws.owner, fields=fields)
        return RedirectResponse(f"/people/{person.id}", status_code=303)
    return _form(request, values=values, errors=errors, person_id=None, status_code=422)


@router.get("/people/{person_id}", name="person")
def person_page(request: Request, person_id: int) -> Response:
    """Show one person: details, conversations, referrals both ways, notes and timeline."""
    with workspace(request) as ws:
        return _person(request, ws, person_id)


@router.get("/people/{person_id}/edit", name="edit_person")
def edit_form(request: Request, person_id: int) -> Response:
    """Show the form for editing a person, filled in with what is stored."""
    with workspace(request) as ws:
        person = people_service.get_person(session=ws.session, owner=ws.owner, person_id=person_id)
    record = person.person
    values = {
        "full_name": record.full_name,
        "given_name": record.given_name or "",
        "family_name": record.family_name or "",
        "organization": record.organization or "",
        "title": record.title or "",
        "location": record.location or "",
        "emails": "\n".join(record.emails),
        "phones": "\n".join(record.phones),
        "linkedin_url": record.linkedin_url or "",
        "tags": ", ".join(record.tags),
        "how_known": record.how_known.value,
        "preferred_channel": record.preferred_channel.value if record.preferred_channel else "",
        "hiring_experience": "on" if record.hiring_experience else "",
        "keep_in_touch": "on" if record.keep_in_touch else "",
        "keep_in_touch_days": str(record.keep_in_touch_days or ""),
    }
    return _form(
        request, values=values, errors={}, person_id=person_id, stored_name=record.full_name
    )


@router.post("/people/{person_id}/edit", name="save_person")
async def save_person(request: Request, person_id: int) -> Response:
    """Save the edited person, or show the form again with each problem by its field."""
    values = await _form_values(request)
    return await run_in_threadpool(_save_person, request, person_id, values)


def _save_person(request: Request, person_id: int, values: dict[str, str]) -> Response:
    fields, errors = _person_fields(values)
    if not errors:
        with workspace(request) as ws:
            people_service.edit_person(
                session=ws.session, owner=ws.owner, person_id=person_id, fields=fields
            )
        return RedirectResponse(f"/people/{person_id}", status_code=303)
    with workspace(request) as ws:  # a 404 for an unknown person, not a form
        stored = people_service.get_person(session=ws.session, owner=ws.owner, person_id=person_id)
    return _form(
        request,
        values=values,
        errors=errors,
        person_id=person_id,
        stored_name=stored.person.full_name,
        status_code=422,
    )


@router.post("/people/{person_id}/notes", name="add_person_note")
def add_note(request: Request, person_id: int, body: Text = "") -> Response:
    """Attach a note to the person."""
    with workspace(request) as ws:
        try:
            notes.add_note(
                session=ws.session, owner=ws.owner, about="person", about_id=person_id, body=body
            )
        except InvalidValue as problem:
            if problem.field != "note":
                raise
            forms = PersonForms(note={"body": body}, note_error=problem.reason)
            return _person(request, ws, person_id, forms=forms, status_code=422)
    return RedirectResponse(f"/people/{person_id}#notes", status_code=303)


@router.post("/people/{person_id}/referrals", name="add_referral")
def add_referral(
    request: Request,
    person_id: int,
    referred: Text = "",
    target: Text = "",
    may_use_name: Text = "",
) -> Response:
    """Record that this person referred the explorer to someone else."""
    values = {"referred": referred, "target": target, "may_use_name": may_use_name}
    with workspace(request) as ws:
        try:
            if not referred.strip():
                raise InvalidValue("referred", "say whom they referred you to (a name or #id)")
            referred_id = people_service.resolve_person(
                session=ws.session, owner=ws.owner, query=referred
            )
            referrals.refer(
                session=ws.session,
                owner=ws.owner,
                referrer_id=person_id,
                referred_id=referred_id,
                target_id=_target_id(target),
                may_use_name=bool(may_use_name),
                on=date.today(),
            )
        except (InvalidValue, NotFound, Ambiguous, Refused) as problem:
            ws.session.rollback()  # _person gives a 404 if the person is the one not found
            forms = PersonForms(referral=values, referral_error=str(problem))
            return _person(request, ws, person_id, forms=forms, status_code=422)
    return RedirectResponse(f"/people/{person_id}#referrals", status_code=303)


@router.post("/people/{person_id}/conversations", name="new_conversation")
def new_conversation(
    request: Request,
    person_id: int,
    target: Text = "",
    channel: Text = "",
    requested_minutes: Text = "20",
) -> Response:
    """Start a draft request for advice to this person."""
    values = {"target": target, "channel": channel, "requested_minutes": requested_minutes}
    with workspace(request) as ws:
        try:
            record = conversations.new_conversation(
                session=ws.session,
                owner=ws.owner,
                person_id=person_id,
                target_id=_target_id(target),
                channel=parse_choice(Channel, channel, field="channel") if channel else None,
                requested_minutes=_requested_minutes(requested_minutes),
            )
        except (InvalidValue, NotFound) as problem:
            ws.session.rollback()
            forms = PersonForms(conversation=values, conversation_error=str(problem))
            return _person(request, ws, person_id, forms=forms, status_code=422)
    return RedirectResponse(f"/conversations/{record.id}", status_code=303)


@dataclass(frozen=True)
class PersonForms:
    """What the inline forms of a person page hold, and their problems."""

    note: dict[str, str] = field(default_factory=dict)
    note_error: str = ""
    referral: dict[str, str] = field(default_factory=dict)
    referral_error: str = ""
    conversation: dict[str, str] = field(default_factory=dict)
    conversation_error: str = ""


def _person(
    request: Request,
    ws: Workspace,
    person_id: int,
    *,
    forms: PersonForms | None = None,
    status_code: int = 200,
) -> Response:
    detail = people_service.get_person(session=ws.session, owner=ws.owner, person_id=person_id)
    all_targets = targets.target_choices(session=ws.session, owner=ws.owner)
    context = {"detail": detail, "targets": all_targets, "forms": forms or PersonForms()}
    return render(request, "person.html", context, status_code=status_code)


def _requested_minutes(text: str) -> int:
    try:
        minutes = optional_int(text)
    except ValueError:
        minutes = None
    if minutes is None or minutes < 0:
        raise InvalidValue("requested minutes", "give a number of minutes, 15 to 30")
    return minutes


def _target_id(text: str) -> int | None:
    try:
        return optional_int(text)
    except ValueError:
        raise InvalidValue("target", f"{text!r} is not a target's number") from None


async def _form_values(request: Request) -> dict[str, str]:
    form = await request.form()
    names = (*PERSON_TEXT_FIELDS, "how_known", "preferred_channel", "keep_in_touch_days")
    values = {name: _text(form.get(name)) for name in names}
    values["hiring_experience"] = "on" if form.get("hiring_experience") else ""
    values["keep_in_touch"] = "on" if form.get("keep_in_touch") else ""
    return values


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _person_fields(values: dict[str, str]) -> tuple[PersonFields, dict[str, str]]:
    errors: dict[str, str] = {}
    how_known = channel = None
    try:
        how_known = parse_choice(HowKnown, values["how_known"] or "cold", field="how_known")
    except InvalidValue as problem:
        errors["how_known"] = problem.reason
    every = 0  # the configured default
    try:
        every = optional_int(values["keep_in_touch_days"]) or 0
    except ValueError:
        errors["keep_in_touch_days"] = "give a whole number of days, or leave it empty"
    if values["preferred_channel"]:
        try:
            channel = parse_choice(Channel, values["preferred_channel"], field="preferred_channel")
        except InvalidValue as problem:
            errors["preferred_channel"] = problem.reason
    fields = PersonFields(
        full_name=values["full_name"],
        given_name=values["given_name"],
        family_name=values["family_name"],
        organization=values["organization"],
        title=values["title"],
        location=values["location"],
        emails=lines(values["emails"]),
        phones=values["phones"].splitlines(),
        linkedin_url=values["linkedin_url"],
        how_known=how_known,
        hiring_experience=bool(values["hiring_experience"]),
        preferred_channel=channel,
        keep_in_touch=bool(values["keep_in_touch"]),
        keep_in_touch_days=every,
        tags=lines(values["tags"]),
    )
    errors.update(people_service.person_problems(fields))
    return fields, errors


def _form(
    request: Request,
    *,
    values: dict[str, str],
    errors: dict[str, str],
    person_id: int | None,
    stored_name: str = "",
    status_code: int = 200,
) -> Response:
    blank = dict.fromkeys(
        (*PERSON_TEXT_FIELDS, "preferred_channel", "how_known", "keep_in_touch_days"), ""
    )
    context = {
        "values": {**blank, "hiring_experience": "", "keep_in_touch": "", **values},
        "errors": errors,
        "person_id": person_id,
        "stored_name": stored_name,
    }
    return render(request, "person_form.html", context, status_code=status_code)
