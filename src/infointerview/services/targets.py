"""Targets: the career paths being explored, and the decision taken on each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from infointerview.domain import validation as check
from infointerview.domain.naming import Candidate, is_storable_id, resolve
from infointerview.domain.records import TargetDetail, TargetRecord
from infointerview.domain.vocabulary import TargetStatus
from infointerview.errors import NotFound
from infointerview.services import convert, detail_query, organizations, timeline
from infointerview.store.models import Conversation, Note, Target, utcnow
from infointerview.store.plain_sql import driver_execute


@dataclass(frozen=True, slots=True)
class TargetFields:
    """What can be said about a target; None leaves a field as it is, "" clears it."""

    role: str | None = None
    industry: str | None = None
    organization: str | None = None
    status: TargetStatus | None = None
    decision_note: str | None = None


def add_target(
    *, session: Session, owner: int, fields: TargetFields, now: datetime | None = None
) -> TargetRecord:
    """Create a career target (role required, status defaults to exploring)."""
    row = Target(
        owner_id=owner,
        role=check.required_text(fields.role, field="role", limit=check.MAX_NAME),
        status=fields.status or TargetStatus.EXPLORING,
    )
    if now is not None:
        row.created_at = row.updated_at = now
    session.add(row)
    _apply(session=session, owner=owner, row=row, fields=fields)
    session.flush()
    record = convert.target(row)
    timeline.record(
        session=session,
        owner=owner,
        kind="target.added",
        summary=f"Started exploring {record.label}",
        at=now,
        target_id=row.id,
    )
    return record


def _apply(*, session: Session, owner: int, row: Target, fields: TargetFields) -> None:
    if fields.role is not None:
        row.role = check.required_text(fields.role, field="role", limit=check.MAX_NAME)
    if fields.industry is not None:
        row.industry = check.optional_text(fields.industry, field="industry")
    if fields.organization is not None:
        name = check.optional_text(fields.organization, field="organization")
        row.organization = (
            organizations.get_or_create(session=session, owner=owner, name=name) if name else None
        )
    if fields.decision_note is not None:
        row.decision_note = check.long_text(fields.decision_note, field="decision note")
    if fields.status is not None:
        row.status = fields.status


def edit_target(
    *,
    session: Session,
    owner: int,
    target_id: int,
    fields: TargetFields,
    now: datetime | None = None,
) -> TargetRecord:
    """Change a target; a status change is recorded on the timeline with its decision note."""
    row = _get_row(session=session, owner=owner, target_id=target_id)
    old_status = row.status
    _apply(session=session, owner=owner, row=row, fields=fields)
    row.updated_at = now or utcnow()
    session.flush()
    record = convert.target(row, conversations=_count_conversations(session, row.id))
    if row.status != old_status:
        note = f": {row.decision_note}" if row.decision_note else ""
        summary = f"{record.label}: {old_status.value} -> {row.status.value}{note}"
    else:
        summary = f"Edited {record.label}"
    timeline.record(
        session=session,
        owner=owner,
        kind="target.status" if row.status != old_status else "target.edited",
        summary=summary,
        at=now,
        target_id=row.id,
    )
    return record


def _get_row(*, session: Session, owner: int, target_id: int) -> Target:
    if not is_storable_id(target_id):
        raise NotFound("target", f"#{target_id}")
    row = session.scalar(
        select(Target)
        .options(selectinload(Target.organization))
        .where(Target.owner_id == owner, Target.id == target_id)
    )
    if row is None:
        raise NotFound("target", f"#{target_id}")
    return row


def _count_conversations(session: Session, target_id: int) -> int:
    return int(session.scalar(select(func.count()).where(Conversation.target_id == target_id)) or 0)


def resolve_target(*, session: Session, owner: int, query: str) -> int:
    """Return the id of the one target ``query`` names, by id or by part of its role.

    Raises:
        NotFound: when no target matches.
        Ambiguous: when several do, listing them.
    """
    rows = session.scalars(
        select(Target).options(selectinload(Target.organization)).where(Target.owner_id == owner)
    )
    candidates = (Candidate(id=r.id, name=r.role, hint=r.industry or "") for r in rows)
    return resolve(query, candidates, kind="target").id


def list_targets(*, session: Session, owner: int) -> list[TargetRecord]:
    """Return the owner's targets, the ones being pursued first, with conversation counts."""
    return detail_query.targets(driver_execute(session), owner=owner)


def get_target(*, session: Session, owner: int, target_id: int) -> TargetDetail:
    """Return a target with its conversations and notes."""
    from infointerview.services import conversations

    row = _get_row(session=session, owner=owner, target_id=target_id)
    talks = conversations.list_conversations(session=session, owner=owner, target_id=row.id)
    notes = session.scalars(
        select(Note).where(Note.owner_id == owner, Note.target_id == row.id).order_by(Note.id)
    )
    record = convert.target(row, conversations=len(talks))
    return TargetDetail(
        target=record,
        conversations=tuple(talks),
        notes=tuple(convert.note(n, about_label=record.label) for n in notes),
    )


def target_choices(*, session: Session, owner: int) -> list[tuple[int, str]]:
    """Return (id, label) of every target, pursued first, for a form's choices (cheap)."""
    return detail_query.target_choices(driver_execute(session), owner=owner)
