"""Meetings and follow-ups as iCalendar: one meeting's invitation, the whole calendar,
and the secret token of its subscribable feed."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from infointerview.config import FollowupSettings, Profile
from infointerview.domain.followup import ActionKind
from infointerview.domain.vocabulary import ConversationState
from infointerview.errors import InvalidValue, NotFound
from infointerview.io import ics
from infointerview.services import followup
from infointerview.store.models import CalendarFeed, Conversation, Event, Person

TOKEN_BYTES = 32  # 256 bits: the feed URL cannot be guessed


def _loaded() -> Select[Conversation]:
    return select(Conversation).options(
        selectinload(Conversation.person).selectinload(Person.emails),
        selectinload(Conversation.target),
    )


def _moves(session: Session, owner: int, talk_ids: list[int]) -> dict[int, int]:
    """Return how many times each conversation was scheduled, by its timeline."""
    counts: dict[int, int] = {}
    for start in range(0, len(talk_ids), 500):  # bound the parameters of one statement
        rows = session.execute(
            select(Event.conversation_id, Event.data).where(
                Event.owner_id == owner,
                Event.kind == "conversation.transition",
                Event.conversation_id.in_(talk_ids[start : start + 500]),
            )
        )
        for talk_id, data in rows:
            if talk_id is not None and (data or {}).get("to") == ConversationState.SCHEDULED.value:
                counts[talk_id] = counts.get(talk_id, 0) + 1
    return counts


def _meeting(talk: Conversation, owner: int, scheduled_times: int = 1) -> ics.Meeting:
    person = talk.person
    emails = sorted(person.emails, key=lambda e: (e.position, e.id))
    about = f" about {talk.target.role}" if talk.target else ""
    assert talk.scheduled_at is not None
    return ics.Meeting(
        uid=f"meeting-{owner}-{talk.id}@infointerview",
        start=talk.scheduled_at,
        minutes=talk.requested_minutes,
        summary=f"Informational conversation with {person.full_name}",
        description=(
            f"{talk.requested_minutes} minutes{about}, by {talk.channel.value.replace('_', ' ')}"
            ". Arrive prepared, keep to the time agreed, and thank them the same day."
        ),
        attendee=ics.Attendee(person.full_name, emails[0].address) if emails else None,
        sequence=max(0, scheduled_times - 1),
    )


def invitation(
    *, session: Session, owner: int, conversation_id: int, me: Profile, now: datetime
) -> bytes:
    """Return the .ics invitation of a scheduled conversation.

    Raises:
        NotFound: for no such conversation.
        InvalidValue: for a conversation that is not scheduled.
    """
    talk = session.scalar(_loaded().where(Conversation.id == conversation_id))
    if talk is None or talk.owner_id != owner:
        raise NotFound("conversation", f"#{conversation_id}")
    if talk.state is not ConversationState.SCHEDULED or talk.scheduled_at is None:
        raise InvalidValue(
            "CONVERSATION", f"#{conversation_id} is {talk.state.value}, not scheduled"
        )
    organizer = ics.Attendee(me.name or me.email, me.email) if me.email else None
    moves = _moves(session, owner, [talk.id]).get(talk.id, 1)
    return ics.invitation(_meeting(talk, owner, moves), stamp=now, organizer=organizer)


def calendar(*, session: Session, owner: int, now: datetime, settings: FollowupSettings) -> bytes:
    """Return every scheduled meeting and every open follow-up as one calendar."""
    talks = session.scalars(
        _loaded()
        .where(
            Conversation.owner_id == owner,
            Conversation.state == ConversationState.SCHEDULED,
            Conversation.scheduled_at.is_not(None),
        )
        .order_by(Conversation.scheduled_at, Conversation.id)
    )
    scheduled = list(talks)
    moves = _moves(session, owner, [talk.id for talk in scheduled])
    meetings = [_meeting(talk, owner, moves.get(talk.id, 1)) for talk in scheduled]
    actions, stored = followup.due_and_stored(
        session=session, owner=owner, now=now, settings=settings
    )
    reminders = [
        ics.DayReminder(
            uid=f"task-{owner}-{action.key}@infointerview",
            day=action.due_on,
            summary=f"{action.kind.value.replace('_', ' ').capitalize()}: {action.person}",
            description=f"{action.reason}. ({action.source.origin}: {action.source.quote})",
        )
        for action in actions
        # The meeting itself is an event; a task done or dismissed is not asked again.
        if action.kind is not ActionKind.MEETING
        and (action.key not in stored or stored[action.key].open)
    ]
    return ics.calendar_file(meetings, reminders, stamp=now, name="infointerview follow-ups")


def feed_token(*, session: Session, owner: int, renew: bool = False) -> str:
    """Return the owner's calendar feed token, making one (or a new one) if asked.

    A new token revokes the old: the old URL stops answering.
    """
    feed = session.scalar(select(CalendarFeed).where(CalendarFeed.owner_id == owner))
    if feed is None:
        feed = CalendarFeed(owner_id=owner, token=secrets.token_urlsafe(TOKEN_BYTES))
        session.add(feed)
    elif renew:
        feed.token = secrets.token_urlsafe(TOKEN_BYTES)
    session.flush()
    return feed.token


def current_token(*, session: Session, owner: int) -> str | None:
    """Return the owner's calendar feed token, or None when the feed is off."""
    return session.scalar(select(CalendarFeed.token).where(CalendarFeed.owner_id == owner))


def revoke_feed(*, session: Session, owner: int) -> bool:
    """Remove the owner's feed; say whether there was one."""
    feed = session.scalar(select(CalendarFeed).where(CalendarFeed.owner_id == owner))
    if feed is None:
        return False
    session.delete(feed)
    session.flush()
    return True


def feed_owner(*, session: Session, token: str) -> int:
    """Return the owner whose feed ``token`` opens.

    Raises:
        NotFound: for a token that opens no feed (never made, or revoked).
    """
    if not token or len(token) > 64:
        raise NotFound("calendar feed", "this address")
    owner = session.scalar(select(CalendarFeed.owner_id).where(CalendarFeed.token == token))
    if owner is None:
        raise NotFound("calendar feed", "this address")
    return owner
