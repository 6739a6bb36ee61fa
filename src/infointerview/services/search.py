"""Search across names, organisations, titles, targets and notes."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from infointerview.domain import validation as check
from infointerview.domain.records import SearchHit
from infointerview.services import convert
from infointerview.services.people_query import like_pattern
from infointerview.store.models import Conversation, Note, Organization, Person, Target


def search(*, session: Session, owner: int, text: str, limit: int = 50) -> list[SearchHit]:
    """Return people, targets and notes whose text contains ``text`` (case-insensitive)."""
    wanted = check.required_text(text, field="search text")
    pattern = like_pattern(wanted)
    return [
        *_people(session, owner, pattern, limit),
        *_organizations(session, owner, pattern, limit),
        *_targets(session, owner, pattern, limit),
        *_notes(session, owner, pattern, limit),
    ]


def _organizations(session: Session, owner: int, pattern: str, limit: int) -> list[SearchHit]:
    rows = session.execute(
        select(Organization.id, Organization.name, Organization.industry)
        .where(
            Organization.owner_id == owner,
            or_(
                func.lower(Organization.name).like(pattern, "\\"),
                func.lower(Organization.industry).like(pattern, "\\"),
            ),
        )
        .order_by(func.lower(Organization.name))
        .limit(limit)
    )
    return [
        SearchHit(kind="organization", id=oid, title=name, matched=industry or name)
        for oid, name, industry in rows
    ]


def _people(session: Session, owner: int, pattern: str, limit: int) -> list[SearchHit]:
    rows = session.execute(
        select(Person.id, Person.full_name, Person.title, Organization.name)
        .outerjoin(Organization, Person.organization_id == Organization.id)
        .where(
            Person.owner_id == owner,
            or_(
                func.lower(Person.full_name).like(pattern, "\\"),
                func.lower(Person.title).like(pattern, "\\"),
                func.lower(Organization.name).like(pattern, "\\"),
            ),
        )
        .order_by(func.lower(Person.full_name))
        .limit(limit)
    )
    return [
        SearchHit(
            kind="person",
            id=pid,
            title=name,
            matched=", ".join(part for part in (title, org) if part) or name,
        )
        for pid, name, title, org in rows
    ]


def _targets(session: Session, owner: int, pattern: str, limit: int) -> list[SearchHit]:
    rows = session.scalars(
        select(Target)
        .options(selectinload(Target.organization))
        .where(
            Target.owner_id == owner,
            or_(
                func.lower(Target.role).like(pattern, "\\"),
                func.lower(Target.industry).like(pattern, "\\"),
                func.lower(Target.decision_note).like(pattern, "\\"),
            ),
        )
        .limit(limit)
    )
    wanted = pattern.strip("%").replace("\\", "")
    hits = []
    for row in rows:
        fields = (row.role, row.industry or "", row.decision_note or "")
        matched = next((f for f in fields if wanted in f.lower()), row.role)
        hits.append(
            SearchHit(
                kind="target",
                id=row.id,
                title=convert.target_label(row) or row.role,
                matched=matched,
            )
        )
    return hits


def _notes(session: Session, owner: int, pattern: str, limit: int) -> list[SearchHit]:
    rows = session.execute(
        select(Note, Person.full_name, Target.role, Conversation.id)
        .outerjoin(Person, Person.id == Note.person_id)
        .outerjoin(Target, Target.id == Note.target_id)
        .outerjoin(Conversation, Conversation.id == Note.conversation_id)
        .where(Note.owner_id == owner, func.lower(Note.body).like(pattern, "\\"))
        .order_by(Note.created_at.desc())
        .limit(limit)
    )
    hits = []
    for note, person, role, talk in rows:
        on = person or role or f"conversation #{talk}"
        hits.append(SearchHit(kind="note", id=note.id, title=f"Note on {on}", matched=note.body))
    return hits
