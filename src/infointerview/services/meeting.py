"""Meeting mode: hold the meeting, capture as it goes, and wrap it up.

Every change is saved at once (the notes as they are typed, a question ticked, a
referral captured), so closing the window loses nothing. Captures land where they
belong straight away: a referral makes the person and the referral (seed 004: "who else
should I speak to ... may I use your name?"), an insight becomes a note on the target
(or the conversation), an offer of help a note on the conversation. The wrap-up records
the meeting as held with its length, keeps the notes, stores the thank-you draft and
brings the follow-up tasks in line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from math import ceil

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from infointerview.config import FollowupSettings
from infointerview.domain import validation as check
from infointerview.domain.records import ReferralRecord
from infointerview.domain.vocabulary import ConversationState as S
from infointerview.domain.vocabulary import HowKnown, MessageKind, MessageStatus
from infointerview.errors import InvalidValue, Refused
from infointerview.services import conversations, followup, messages, notes, people, referrals
from infointerview.services.lookup import owned
from infointerview.services.people import PersonFields
from infointerview.store.models import Conversation, Meeting, Note, Person, Referral, utcnow

# The states a meeting can be held from: agreed, or asked and answered off the record.
_CAN_MEET = (S.REQUESTED, S.NO_RESPONSE, S.SCHEDULED)
# A meeting under way can still be wrapped up once the conversation is marked held
# elsewhere (the page or the command line); any other move ends what it can record.
_CAN_WRAP = (*_CAN_MEET, S.HELD)
WARN_MINUTES = 5  # the timer warns this long before the agreed end
INSIGHT = "Insight: "
OFFER = "Offer of help: "
NOTES = "Meeting notes: "
MAX_ASKED = 200  # questions ticked in one meeting


@dataclass(frozen=True, slots=True)
class MeetingRecord:
    """A meeting as the pages show it."""

    id: int
    conversation_id: int
    person_id: int
    person: str
    target_id: int | None
    minutes: int
    started_at: datetime
    ended_at: datetime | None
    notes: str
    asked: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Clock:
    """Where the meeting is against the agreed minutes."""

    elapsed_seconds: int
    remaining_seconds: int
    state: str  # "on", "warning" (five minutes or less left), "over"


@dataclass(frozen=True, slots=True)
class Captured:
    """What the meeting has captured so far."""

    referrals: tuple[ReferralRecord, ...]
    insights: tuple[str, ...]
    offers: tuple[str, ...]


def start(
    *, session: Session, owner: int, conversation_id: int, now: datetime | None = None
) -> MeetingRecord:
    """Start the meeting of a conversation, or return the one under way.

    Raises:
        Refused: for a conversation not yet asked or already met, or a meeting wrapped up.
    """
    talk = owned(session, Conversation, conversation_id, owner=owner, kind="conversation")
    row = session.scalar(select(Meeting).where(Meeting.conversation_id == talk.id))
    if row is not None:
        if row.ended_at is not None:
            raise Refused(f"the meeting of conversation #{talk.id} is already wrapped up")
        _check_going_on(talk)
        return _record(row)
    if talk.state not in _CAN_MEET:
        raise Refused(
            f"conversation #{talk.id} is {talk.state.value}: a meeting is held once the "
            "request is out (requested or scheduled)"
        )
    row = Meeting(
        owner_id=owner, conversation_id=talk.id, started_at=now or utcnow(), notes="", asked=[]
    )
    session.add(row)
    session.flush()
    return _record(row)


def get(*, session: Session, owner: int, meeting_id: int) -> MeetingRecord:
    """Return a meeting."""
    return _record(owned(session, Meeting, meeting_id, owner=owner, kind="meeting"))


def _open(session: Session, owner: int, meeting_id: int) -> Meeting:
    row = owned(session, Meeting, meeting_id, owner=owner, kind="meeting")
    if row.ended_at is not None:
        raise Refused(f"meeting #{meeting_id} is already wrapped up")
    _check_going_on(row.conversation)
    return row


def _check_going_on(talk: Conversation) -> None:
    """Refuse to go on with a meeting whose conversation has moved on elsewhere."""
    if talk.state not in _CAN_WRAP:
        raise Refused(
            f"conversation #{talk.id} is {talk.state.value} now: its meeting cannot go on"
        )


def _record(row: Meeting) -> MeetingRecord:
    talk = row.conversation
    return MeetingRecord(
        id=row.id,
        conversation_id=talk.id,
        person_id=talk.person_id,
        person=talk.person.full_name,
        target_id=talk.target_id,
        minutes=talk.requested_minutes,
        started_at=row.started_at,
        ended_at=row.ended_at,
        notes=row.notes,
        asked=tuple(row.asked or ()),
    )


def clock(meeting: MeetingRecord, now: datetime) -> Clock:
    """Return the time spent and left against the agreed minutes at ``now``."""
    elapsed = max(0, int((now - meeting.started_at).total_seconds()))
    remaining = meeting.minutes * 60 - elapsed
    state = "over" if remaining <= 0 else "warning" if remaining <= WARN_MINUTES * 60 else "on"
    return Clock(elapsed, remaining, state)


def save_notes(*, session: Session, owner: int, meeting_id: int, text: str) -> None:
    """Keep the notes as typed so far."""
    _open(session, owner, meeting_id).notes = (
        check.long_text(text, field="notes", required=False) or ""
    )
    session.flush()


def tick(*, session: Session, owner: int, meeting_id: int, question: str, asked: bool) -> None:
    """Tick a question off the checklist, or untick it."""
    row = _open(session, owner, meeting_id)
    text = check.required_text(question, field="question", limit=500)
    done = [q for q in (row.asked or []) if q != text]
    if asked:
        if len(done) >= MAX_ASKED:
            raise InvalidValue("question", f"a meeting ticks at most {MAX_ASKED} questions")
        done.append(text)
    row.asked = done  # a new list, so the JSON column sees the change
    session.flush()


def capture_referral(
    *,
    session: Session,
    owner: int,
    meeting_id: int,
    name: str,
    organization: str | None = None,
    may_use_name: bool = False,
    now: datetime | None = None,
) -> ReferralRecord:
    """Record someone they suggested and the referral: the one person of that name if
    there is exactly one, else a new person (a stub, referred)."""
    row = _open(session, owner, meeting_id)
    talk = row.conversation
    clean = check.required_text(name, field="name", limit=check.MAX_NAME)
    same = session.scalars(
        select(Person.id)
        .where(Person.owner_id == owner, func.lower(Person.full_name) == clean.lower())
        .limit(2)
    ).all()
    if len(same) == 1:
        person_id = same[0]
    else:
        person_id = people.add_person(
            session=session,
            owner=owner,
            fields=PersonFields(
                full_name=clean, organization=organization or "", how_known=HowKnown.REFERRED
            ),
        ).id
    return referrals.refer(
        session=session,
        owner=owner,
        referrer_id=talk.person_id,
        referred_id=person_id,
        target_id=talk.target_id,
        may_use_name=may_use_name,
        on=(now or utcnow()).date(),
        now=now,
    )


def capture_note(*, session: Session, owner: int, meeting_id: int, kind: str, text: str) -> None:
    """Keep an insight (on the target, else the conversation) or an offer of help (on the
    conversation).

    Raises:
        InvalidValue: for another kind, or empty text.
    """
    row = _open(session, owner, meeting_id)
    if kind not in ("insight", "offer"):
        raise InvalidValue("kind", f"{kind!r} is not insight or offer")
    body = check.long_text(text, field=kind, required=True) or ""
    talk = row.conversation
    on_target = kind == "insight" and talk.target_id is not None
    notes.add_note(
        session=session,
        owner=owner,
        about="target" if on_target else "conversation",
        about_id=talk.target_id if on_target and talk.target_id else talk.id,
        body=(INSIGHT if kind == "insight" else OFFER) + body,
    )


def captured(*, session: Session, owner: int, meeting_id: int) -> Captured:
    """Return the referrals, insights and offers captured since the meeting started."""
    row = owned(session, Meeting, meeting_id, owner=owner, kind="meeting")
    talk = row.conversation
    since = row.started_at
    made = session.scalars(
        select(Referral.id)
        .where(
            Referral.owner_id == owner,
            Referral.referrer_id == talk.person_id,
            Referral.created_at >= since,
        )
        .order_by(Referral.id)
    ).all()
    wanted = set(made)
    found = [
        r
        for r in people.get_person(
            session=session, owner=owner, person_id=talk.person_id
        ).referred_to
        if r.id in wanted
    ]
    subjects = [Note.conversation_id == talk.id]
    if talk.target_id is not None:
        subjects.append(Note.target_id == talk.target_id)
    bodies = session.scalars(
        select(Note.body)
        .where(Note.owner_id == owner, or_(*subjects), Note.created_at >= since)
        .order_by(Note.created_at, Note.id)
    ).all()
    return Captured(
        referrals=tuple(found),
        insights=tuple(b.removeprefix(INSIGHT) for b in bodies if b.startswith(INSIGHT)),
        offers=tuple(b.removeprefix(OFFER) for b in bodies if b.startswith(OFFER)),
    )


def spent_minutes(meeting: MeetingRecord, now: datetime) -> int:
    """Return the meeting's length so far in whole minutes: at least one, and at most a
    day (a meeting left open and wrapped up later is edited to its real length)."""
    return min(24 * 60, max(1, ceil(clock(meeting, now).elapsed_seconds / 60)))


def wrap_up(
    *,
    session: Session,
    owner: int,
    meeting_id: int,
    minutes: int,
    notes_text: str,
    thank_you: tuple[str, str] | None,
    settings: FollowupSettings,
    now: datetime | None = None,
) -> int:
    """End the meeting: held with its length, the notes kept, the thank-you draft stored,
    and the follow-up tasks brought in line; return the conversation's id.

    Raises:
        InvalidValue: for an impossible length; nothing is written then.
    """
    row = _open(session, owner, meeting_id)
    moment = now or utcnow()
    length = check.actual_minutes(minutes)
    text = check.long_text(notes_text, field="notes", required=False) or ""
    talk = row.conversation
    # One conditional UPDATE: of two wrap-ups at once, the second finds it ended.
    ended = session.execute(
        update(Meeting)
        .where(Meeting.id == row.id, Meeting.ended_at.is_(None))
        .values(ended_at=moment, notes=text)
        .execution_options(synchronize_session="fetch")
    )
    if getattr(ended, "rowcount", 0) != 1:
        raise Refused(f"meeting #{meeting_id} is already wrapped up")
    # Asked and answered off the record: scheduled for when the meeting began (or the
    # conversation's last step, if that came later).
    began = max(row.started_at, talk.updated_at)
    if talk.state in (S.REQUESTED, S.NO_RESPONSE):
        conversations.advance(
            session=session,
            owner=owner,
            conversation_id=talk.id,
            move=conversations.Move(to=S.SCHEDULED, at=began, scheduled_at=row.started_at),
        )
    if talk.state is S.SCHEDULED:
        conversations.advance(
            session=session,
            owner=owner,
            conversation_id=talk.id,
            move=conversations.Move(
                to=S.HELD, at=max(moment, talk.updated_at), actual_minutes=length
            ),
        )
    elif talk.actual_minutes is None:
        talk.actual_minutes = length  # marked held elsewhere, without its length
    if text.strip():
        notes.add_note(
            session=session, owner=owner, about="conversation", about_id=talk.id, body=NOTES + text
        )
    if thank_you is not None:
        subject, body = thank_you
        messages.add_message(
            session=session,
            owner=owner,
            conversation_id=talk.id,
            kind=MessageKind.THANK_YOU,
            status=MessageStatus.DRAFT,
            subject=subject,
            body=body,
        )
    session.flush()
    followup.refresh(session=session, owner=owner, now=moment, settings=settings)
    return talk.id
