"""Search across names, organisations, titles, targets and notes."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from infointerview.domain import validation as check
from infointerview.domain.records import SearchHit
from infointerview.services import convert
from infointerview.services.people import like_pattern
from infointerview.store.models import Conversation, Note, Organization, Person, Target


def search(*, session: Session, owner: int, text: str, limit: int = 50) -> list[SearchHit]:
    """Return people, targets and notes whose text contains ``text`` (case-insensitive)."""
    wanted = check.required_text(text, field="search text")
    pattern = like_pattern(wanted)
    return [
        *_people(session, owner, pattern, limit),
        *_targets(session, owner, pattern, limit),
        *_notes(session, owner, pattern, limit),
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
    return [
        SearchHit(kind="target", id=r.id, title=convert.target_label(r) or r.role, matched=r.role)
        for r in rows
    ]


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
