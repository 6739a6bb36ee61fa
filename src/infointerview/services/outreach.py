"""Outreach on a conversation: which conversation a new message belongs on, and what is
known about its recipient for drafting and checking it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from infointerview.domain import etiquette, lifecycle
from infointerview.domain.etiquette import Context
from infointerview.domain.records import Correspondent, MessageRecord
from infointerview.domain.vocabulary import (
    ConversationState,
    HowKnown,
    MessageKind,
    MessageStatus,
)
from infointerview.errors import NotFound, Refused
from infointerview.mail.drafts import unfilled
from infointerview.services import convert
from infointerview.services.conversations import new_conversation
from infointerview.services.lookup import owned
from infointerview.store.models import Conversation, Message, Person, Referral, Target, utcnow

# The kinds that answer for a request still waiting for its reply (seed 002's warning
# about wearing out a welcome counts these).
_ASKING = (MessageKind.REQUEST, MessageKind.NUDGE)


def conversation_for(
    *,
    session: Session,
    owner: int,
    person_id: int,
    kind: MessageKind,
    target_id: int | None = None,
) -> int:
    """Return the id of the conversation a new message of ``kind`` to the person goes on.

    A request goes on their conversation still in draft (about ``target_id`` when given),
    else on a new one. Any other kind follows a request: it goes on their most recent
    conversation.

    Raises:
        Refused: for a request while another to the person is out (about any target),
            or a follow-up with no conversation to follow.
    """
    person = owned(session, Person, person_id, owner=owner, kind="person")
    if target_id is not None:
        owned(session, Target, target_id, owner=owner, kind="target")
    query = select(Conversation).where(
        Conversation.owner_id == owner, Conversation.person_id == person_id
    )
    talks = list(
        session.scalars(query.order_by(Conversation.updated_at.desc(), Conversation.id.desc()))
    )
    about = [t for t in talks if target_id is None or t.target_id == target_id]
    if kind is not MessageKind.REQUEST:
        if not about:
            raise Refused(
                f"there is no conversation with {person.full_name} yet: a "
                f"{kind.value.replace('_', '-')} follows a request "
                f"(infointerview draft request {person_id})"
            )
        return about[0].id
    # One request out to a person at a time, whatever it is about (seed 002: do not
    # wear out your welcome).
    for talk in talks:
        if talk.state not in lifecycle.FINISHED and talk.state is not ConversationState.DRAFT:
            raise Refused(
                f"conversation #{talk.id} with {person.full_name} is "
                f"{talk.state.value.replace('_', ' ')}: draft a nudge or a thank-you there "
                "instead of a second request"
            )
    for talk in about:
        if talk.state is ConversationState.DRAFT:
            return talk.id
    return new_conversation(
        session=session, owner=owner, person_id=person_id, target_id=target_id
    ).id


def correspondent(*, session: Session, owner: int, conversation_id: int) -> Correspondent:
    """Return what is known about the person the conversation is with.

    Raises:
        NotFound: when the owner has no such conversation.
    """
    talk = session.scalar(
        select(Conversation)
        .options(
            selectinload(Conversation.person).selectinload(Person.emails),
            selectinload(Conversation.person).selectinload(Person.organization),
            selectinload(Conversation.target).selectinload(Target.organization),
            selectinload(Conversation.messages),
        )
        .where(Conversation.owner_id == owner, Conversation.id == conversation_id)
    )
    if talk is None:
        raise NotFound("conversation", f"#{conversation_id}")
    person = talk.person
    referral_in = _latest_referral(session, owner, Referral.referred_id == person.id)
    referral_out = _latest_referral(session, owner, Referral.referrer_id == person.id)
    emails = sorted(person.emails, key=lambda e: (e.position, e.id))
    return Correspondent(
        conversation=convert.conversation(talk),
        full_name=person.full_name,
        first_name=person.given_name or person.full_name.split()[0],
        email=emails[0].address if emails else None,
        how_known=person.how_known,
        organization=person.organization.name if person.organization else None,
        title=person.title,
        exploring=talk.target.role if talk.target else None,
        referrer=referral_in.referrer.full_name if referral_in else None,
        referrer_known_well=bool(referral_in and referral_in.referrer.how_known is HowKnown.KNOWN),
        referred=referral_out.referred.full_name if referral_out else None,
        unanswered=_unanswered(talk.messages),
    )


def _latest_referral(session: Session, owner: int, where: object) -> Referral | None:
    return session.scalar(
        select(Referral)
        .options(selectinload(Referral.referrer), selectinload(Referral.referred))
        .where(Referral.owner_id == owner, where)  # type: ignore[arg-type]
        .order_by(Referral.referred_on.desc(), Referral.id.desc())
        .limit(1)
    )


def _unanswered(messages: list[Message]) -> int:
    count = 0

    for message in sorted(messages, key=lambda m: (_when(m), m.id)):
        if message.status is MessageStatus.RECEIVED:
            count = 0
        elif message.status is MessageStatus.SENT and message.kind in _ASKING:
            count += 1
    return count


def _when(message: Message) -> datetime:
    return message.sent_at or message.received_at or message.created_at


def etiquette_context(
    who: Correspondent, kind: MessageKind, *, now: datetime | None = None
) -> Context:
    """Return the checker's context for a message of ``kind`` to ``who``, sent ``now``."""
    held = who.conversation.held_at
    hours = None
    if kind is MessageKind.THANK_YOU and held is not None:
        hours = max(0.0, ((now or utcnow()) - held).total_seconds() / 3600)
    return Context(
        kind=kind,
        referrer=who.referrer if kind is MessageKind.REQUEST else None,
        referrer_known_well=who.referrer_known_well,
        unanswered=who.unanswered,
        hours_since_meeting=hours,
    )


def refuse_unsendable(
    who: Correspondent,
    record: MessageRecord,
    *,
    ignore_errors: bool = False,
    override: str = "",
    sent_elsewhere: bool = False,
) -> None:
    """Refuse to let a message go out while it holds a placeholder, or an etiquette error
    (unless ``ignore_errors``); ``override`` tells how to send it anyway. A message
    ``sent_elsewhere`` (recorded, not carried) may hold placeholders: what went out is
    the user's own edit.

    Raises:
        Refused: naming the placeholders or the rules at fault.
    """
    gaps = [] if sent_elsewhere else unfilled(record.subject, record.body)
    if gaps:
        raise Refused(
            f"message #{record.id} still holds {', '.join(gaps)}: fill it in on the Compose "
            "page (or set [me] in config.toml and draft it again)"
        )
    if ignore_errors:
        return
    text = etiquette.Message(record.subject, record.body)
    result = etiquette.check(text, etiquette_context(who, record.kind))
    rules = [f.rule for f in result.findings if f.severity is etiquette.Severity.ERROR]
    if rules:
        raise Refused(
            f"message #{record.id} has an etiquette error ({', '.join(rules)}): rewrite it "
            f"with `infointerview draft` or on the Compose page{override}"
        )
