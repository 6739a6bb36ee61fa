"""Preparing a meeting: read what the prep sheet needs and build it (domain.prep).

The question bank is the shipped one plus the explorer's own, ``questions.toml`` beside
config.toml (``[[question]]`` tables of ``category`` and ``text``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import tzinfo
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from infointerview import paths
from infointerview.domain import prep
from infointerview.domain import questions as bank_of
from infointerview.domain import research as research_of
from infointerview.domain.vocabulary import MessageKind, MessageStatus
from infointerview.errors import InvalidValue
from infointerview.services import research as research_service
from infointerview.services.lookup import owned
from infointerview.store.models import Conversation, Message, Note, Person, Referral, Target

OWN_QUESTIONS = "questions.toml"
_CHAIN_LIMIT = 10  # referrals followed back: a longer chain is not worth printing
_MAX_OWN_FILE = 1_000_000  # bytes


def own_questions_path(config_dir: Path | None = None) -> Path:
    """Return where the explorer's own questions are kept."""
    return (config_dir or paths.config_dir()) / OWN_QUESTIONS


def load_bank(config_dir: Path | None = None) -> bank_of.Bank:
    """Return the question bank: the shipped questions and the explorer's own.

    Raises:
        InvalidValue: naming the file, for one that cannot be read or does not fit.
    """
    bank = bank_of.shipped()
    path = own_questions_path(config_dir)
    if not path.is_file():
        return bank
    try:
        if path.stat().st_size > _MAX_OWN_FILE:
            raise InvalidValue(str(path), f"is larger than {_MAX_OWN_FILE:,} bytes")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidValue(str(path), f"cannot be read: {error}") from None
    return bank_of.with_own(bank, text, where=str(path))


def facts(*, session: Session, owner: int, conversation_id: int) -> prep.Facts:
    """Read what the prep sheet of a conversation needs."""
    talk = owned(session, Conversation, conversation_id, owner=owner, kind="conversation")
    person = talk.person
    chain, may_use_name = _chain(session, owner, person)
    target: Target | None = talk.target
    research: list[str] = []
    open_questions: list[str] = []
    if target is not None:
        notes = session.scalars(
            select(Note.body)
            .where(Note.owner_id == owner, Note.target_id == target.id)
            .order_by(Note.created_at, Note.id)
        )
        for body in notes:
            asked, said = _split_note(body)
            open_questions += asked
            research += [said] if said else []
        # Seed 001: the meeting verifies the research; what nobody was asked about yet
        # comes to this meeting's agenda.
        board = research_service.board(session=session, owner=owner, target_id=target.id)
        open_questions += [research_of.as_question(c.text, c.kind) for c in board.unasked]
    organization = person.organization.name if person.organization else None
    if organization is None and target is not None and target.organization is not None:
        organization = target.organization.name
    return prep.Facts(
        conversation_id=talk.id,
        person=person.full_name,
        title=person.title,
        organization=organization,
        minutes=talk.requested_minutes,
        channel=talk.channel.value,
        scheduled_at=talk.scheduled_at,
        chain=chain,
        may_use_name=may_use_name,
        target=_label(target),
        field=_field(target),
        research=tuple(research),
        open_questions=tuple(open_questions),
        script=_script(session, owner, talk.id),
    )


def sheet(
    *,
    session: Session,
    owner: int,
    conversation_id: int,
    zone: tzinfo | None = None,
    config_dir: Path | None = None,
) -> prep.Sheet:
    """Return the prep sheet of a conversation, its meeting time in ``zone``."""
    found = facts(session=session, owner=owner, conversation_id=conversation_id)
    if zone is not None and found.scheduled_at is not None:
        found = replace(found, scheduled_at=found.scheduled_at.astimezone(zone))
    return prep.build(found, load_bank(config_dir))


def _label(target: Target | None) -> str | None:
    if target is None:
        return None
    from infointerview.domain.records import target_label

    org = target.organization.name if target.organization else None
    return target_label(target.role, target.industry, org)


_OPEN_QUESTION_LIMIT = 300  # characters: longer is a research note that ends with one


def _split_note(body: str) -> tuple[list[str], str]:
    """Return a research note's own lines that are open questions, and the rest."""
    asked, said = [], []
    for line in body.splitlines():
        text = " ".join(line.split())
        if text.endswith("?") and len(text) <= _OPEN_QUESTION_LIMIT:
            asked.append(text.lstrip("-*• ").strip())
        elif text:
            said.append(text)
    return asked, " ".join(said)


def _field(target: Target | None) -> str | None:
    """Return how questions name the target's field: its industry, else its role, in
    running text ("Product Manager" -> "product manager"; "UX research" keeps "UX")."""
    if target is None:
        return None
    name = target.industry or target.role
    return " ".join(
        word.lower() if word[:1].isupper() and word[1:].islower() else word
        for word in name.split(" ")
    )


def _chain(session: Session, owner: int, person: Person) -> tuple[tuple[str, ...], bool]:
    """Return who referred whom up to ``person``, first contact first, and whether the
    last referrer said their name may be used."""
    names = [person.full_name]
    seen = {person.id}
    may_use_name = False
    current = person.id
    for depth in range(_CHAIN_LIMIT):
        link = session.execute(
            select(Referral.referrer_id, Referral.may_use_name, Person.full_name)
            .join(Person, Person.id == Referral.referrer_id)
            .where(Referral.owner_id == owner, Referral.referred_id == current)
            .order_by(Referral.referred_on.desc(), Referral.id.desc())
            .limit(1)
        ).first()
        if link is None or link[0] in seen:
            break
        if depth == 0:
            may_use_name = bool(link[1])
        names.append(link[2])
        seen.add(link[0])
        current = link[0]
    return tuple(reversed(names)), may_use_name


def _script(session: Session, owner: int, conversation_id: int) -> str | None:
    """Return what the explorer said when asking: the body of the request sent, without
    the greeting and the signature."""
    body = session.scalar(
        select(Message.body)
        .where(
            Message.owner_id == owner,
            Message.conversation_id == conversation_id,
            Message.kind == MessageKind.REQUEST,
            Message.status == MessageStatus.SENT,
        )
        .order_by(Message.created_at.desc(), Message.id.desc())
        .limit(1)
    )
    if not body:
        return None
    paragraphs = [" ".join(p.split()) for p in body.replace("\r\n", "\n").split("\n\n")]
    paragraphs = [p for p in paragraphs if p]
    if len(paragraphs) > 2:
        paragraphs = paragraphs[1:-1]  # the greeting, and the sign-off with the name
    return "\n\n".join(paragraphs) or None


def add_own_question(text: str, category: str, *, config_dir: Path | None = None) -> Path:
    """Add the explorer's question to their file, after checking the file still reads;
    return the file.

    Raises:
        InvalidValue: for an unknown category, a bad question, or a file that does not read.
    """
    import json

    from infointerview.io.files import write_atomically

    bank = load_bank(config_dir)  # refuses to add to a file that is already broken
    chosen = bank.category(category)
    question = bank_of.question_text(text)
    path = own_questions_path(config_dir)
    before = path.read_text(encoding="utf-8") if path.is_file() else _OWN_HEADER
    # A JSON string of text without control characters is a TOML basic string.
    entry = (
        f"\n[[question]]\ncategory = {json.dumps(chosen.id)}\n"
        f"text = {json.dumps(question, ensure_ascii=False)}\n"
    )
    after = before.rstrip("\n") + "\n" + entry
    bank_of.with_own(bank_of.shipped(), after, where=str(path))  # still reads, with it
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, after, overwrite=True)
    return path


_OWN_HEADER = (
    "# Your own questions for informational interviews (infointerview questions add).\n"
    "# Each [[question]] has a category (infointerview questions list) and its text.\n"
)
