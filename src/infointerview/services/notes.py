"""Notes on a person, a conversation or a target."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from infointerview.domain import validation as check
from infointerview.domain.records import NoteRecord
from infointerview.errors import InvalidValue
from infointerview.services import convert, research, timeline
from infointerview.services.lookup import owned
from infointerview.store.models import Conversation, Note, Person, Target

SUBJECTS = ("person", "conversation", "target")


def add_note(
    *,
    session: Session,
    owner: int,
    about: str,
    about_id: int,
    body: str,
    now: datetime | None = None,
) -> NoteRecord:
    """Attach a note to the person, conversation or target ``about_id`` of kind ``about``.

    A conversation's note may mark claims as confirmed, contradicted or refined
    (``research.marks``): that evidence is recorded with it, or nothing is if a mark is
    wrong.
    """
    text = check.long_text(body, field="note", required=True) or ""
    label, person_id, conversation_id, target_id = _subject(session, owner, about, about_id)
    if conversation_id is not None:
        research.add_marks(
            session=session, owner=owner, conversation_id=conversation_id, text=text, now=now
        )
    row = Note(
        owner_id=owner,
        person_id=about_id if about == "person" else None,
        conversation_id=about_id if about == "conversation" else None,
        target_id=about_id if about == "target" else None,
        body=text,
    )
    if now is not None:
        row.created_at = row.updated_at = now
    session.add(row)
    session.flush()
    first_line = text.splitlines()[0]
    timeline.record(
        session=session,
        owner=owner,
        kind="note.added",
        summary=f"Note on {label}: {first_line[:80]}",
        at=now,
        person_id=person_id,
        conversation_id=conversation_id,
        target_id=target_id,
    )
    return convert.note(row, about_label=label)


def _subject(
    session: Session, owner: int, about: str, about_id: int
) -> tuple[str, int | None, int | None, int | None]:
    """Return the label and the timeline links of the thing a note is about."""
    if about == "person":
        person = owned(session, Person, about_id, owner=owner, kind="person")
        return person.full_name, person.id, None, None
    if about == "conversation":
        talk = owned(session, Conversation, about_id, owner=owner, kind="conversation")
        label = f"conversation #{talk.id} with {talk.person.full_name}"
        return label, talk.person_id, talk.id, talk.target_id
    if about == "target":
        target = owned(session, Target, about_id, owner=owner, kind="target")
        return convert.target_label(target) or target.role, None, None, target.id
    raise InvalidValue("note subject", f"{about!r} is not one of: {', '.join(SUBJECTS)}")
