"""The Targets pages: the career paths being explored, and one with its people, its
research and claims to verify, and its decision log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from infointerview.domain.research import VERIFY
from infointerview.domain.vocabulary import ClaimKind, TargetStatus, Verdict, parse_choice
from infointerview.errors import InvalidValue, NotFound
from infointerview.services import research, targets
from infointerview.services.people import list_people
from infointerview.services.people_query import PersonFilter
from infointerview.services.workspace import Workspace
from infointerview.web.context import optional_date, workspace
from infointerview.web.templating import render

router = APIRouter()

Text = Annotated[str, Form(max_length=20_000)]
Short = Annotated[str, Form(max_length=2_000)]


@dataclass(frozen=True)
class TargetForms:
    """What the research, claim and decision forms of a target page hold, and the
    problem of the one sent, if any."""

    form: str = ""
    values: dict[str, str | list[str]] = field(default_factory=dict)
    error: str = ""


@router.get("/targets", name="targets")
def targets_page(request: Request) -> Response:
    """List the targets, the ones being pursued first."""
    with workspace(request) as ws:
        found = targets.list_targets(session=ws.session, owner=ws.owner)
    return render(request, "targets.html", {"targets": found, "values": {}, "errors": {}})


@router.post("/targets", name="add_target")
def add_target(
    request: Request, role: Short = "", industry: Short = "", organization: Short = ""
) -> Response:
    """Add a career target to explore, or show the form again with its problem."""
    values = {"role": role, "industry": industry, "organization": organization}
    fields = targets.TargetFields(role=role, industry=industry, organization=organization)
    with workspace(request) as ws:
        try:
            added = targets.add_target(session=ws.session, owner=ws.owner, fields=fields)
        except InvalidValue as problem:
            ws.session.rollback()
            found = targets.list_targets(session=ws.session, owner=ws.owner)
            errors = {problem.field if problem.field in values else "role": problem.reason}
            context = {"targets": found, "values": values, "errors": errors}
            return render(request, "targets.html", context, status_code=422)
    return RedirectResponse(f"/targets/{added.id}", status_code=303)


@router.get("/targets/{target_id}", name="target")
def target_page(request: Request, target_id: int) -> Response:
    """Show a target with its conversations, the people met or referred for it, its
    research, claims with their evidence, decisions, and notes."""
    with workspace(request) as ws:
        return _target(request, ws, target_id)


def _target(
    request: Request,
    ws: Workspace,
    target_id: int,
    *,
    forms: TargetForms | None = None,
    status_code: int = 200,
) -> Response:
    detail = targets.get_target(session=ws.session, owner=ws.owner, target_id=target_id)
    people = list_people(
        session=ws.session, owner=ws.owner, filters=PersonFilter(target_id=target_id)
    )
    board = research.board(session=ws.session, owner=ws.owner, target_id=target_id)
    context = {
        "detail": detail,
        "people": people,
        "board": board,
        "forms": forms or TargetForms(),
        "statuses": [(s.value, s.value) for s in TargetStatus],
        "today": _today().isoformat(),
        "verify": VERIFY,
        "verdicts": Verdict,
    }
    return render(request, "target.html", context, status_code=status_code)


def _today() -> date:
    from infointerview.services import zones

    return zones.local_today()


def _refused(
    request: Request,
    ws: Workspace,
    target_id: int,
    form: str,
    values: dict[str, str | list[str]],
    problem: InvalidValue | NotFound,
) -> Response:
    ws.session.rollback()
    forms = TargetForms(form=form, values=values, error=str(problem))
    return _target(request, ws, target_id, forms=forms, status_code=422)


@router.post("/targets/{target_id}/research", name="add_research")
def add_research(
    request: Request,
    target_id: int,
    body: Text = "",
    url: Short = "",
    title: Short = "",
    published: Short = "",
    claim: Text = "",
) -> Response:
    """Keep something read about the target with its source, and the claims in it (one
    per line) to verify."""
    values: dict[str, str | list[str]] = {
        "body": body,
        "url": url,
        "title": title,
        "published": published,
        "claim": claim,
    }
    with workspace(request) as ws:
        try:
            research.add_research(
                session=ws.session,
                owner=ws.owner,
                target_id=target_id,
                body=body,
                url=url,
                title=title,
                published=optional_date(published, field="source date"),
                claims=claim.splitlines(),
            )
        except InvalidValue as problem:
            return _refused(request, ws, target_id, "research", values, problem)
    return RedirectResponse(f"/targets/{target_id}#research", status_code=303)


@router.post("/targets/{target_id}/claims", name="add_claim")
def add_claim(request: Request, target_id: int, text: Text = "", kind: Short = "claim") -> Response:
    """Add a claim to verify, or a question to find out, about the target."""
    values: dict[str, str | list[str]] = {"text": text, "kind": kind}
    with workspace(request) as ws:
        try:
            research.add_claim(
                session=ws.session,
                owner=ws.owner,
                target_id=target_id,
                text=text,
                kind=parse_choice(ClaimKind, kind, field="kind"),
            )
        except InvalidValue as problem:
            return _refused(request, ws, target_id, "claim", values, problem)
    return RedirectResponse(f"/targets/{target_id}#claims", status_code=303)


@router.post("/targets/{target_id}/decisions", name="add_decision")
def add_decision(
    request: Request,
    target_id: int,
    decision: Text = "",
    reasons: Text = "",
    on: Short = "",
    status: Short = "",
    claim: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Log a decision on the target with its reasons and the claims it rests on."""
    chosen = claim or []
    values: dict[str, str | list[str]] = {
        "decision": decision,
        "reasons": reasons,
        "on": on,
        "status": status,
        "claim": chosen,
    }
    with workspace(request) as ws:
        try:
            ids = []
            for value in chosen:
                if not (value.isascii() and value.isdigit()):
                    raise InvalidValue("claims", f"{value[:20]!r} is not a claim number")
                ids.append(int(value))
            research.decide(
                session=ws.session,
                owner=ws.owner,
                target_id=target_id,
                decision=decision,
                reasons=reasons,
                claim_ids=ids,
                on=optional_date(on, field="date") or _today(),
                status=parse_choice(TargetStatus, status, field="status") if status else None,
            )
        except (InvalidValue, NotFound) as problem:
            if isinstance(problem, NotFound) and problem.kind == "target":
                raise
            return _refused(request, ws, target_id, "decision", values, problem)
    return RedirectResponse(f"/targets/{target_id}#decisions", status_code=303)


@router.get("/targets/{target_id}/next", name="target_next")
def who_next(request: Request, target_id: int) -> Response:
    """The people to ask next about the target, each score with its reasons (the target
    page asks for it once it has shown: ranking a large network takes a moment)."""

    from infointerview.services import ranking

    today = _today()
    with workspace(request) as ws:
        _, ranked = ranking.rank_for_target(
            session=ws.session, owner=ws.owner, target_id=target_id, today=today, limit=5
        )
    return render(request, "partials/who_next.html", {"ranked": ranked})
