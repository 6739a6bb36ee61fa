"""The follow-up agenda: gather the facts the rules read with a few indexed queries, run
the rules (domain.followup), keep one task per due action, and list what is due.

Running it again changes nothing: each task is keyed by its rule and subject, unique
per owner. A task the rules no longer call for (the thank-you was sent, the reply came)
is removed while still open; one done or dismissed stays, and is not made again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from sqlalchemy import ColumnElement, Select, and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from infointerview.config import FollowupSettings
from infointerview.domain import followup as rules
from infointerview.domain.records import TaskRecord
from infointerview.domain.validation import MAX_KEEP_IN_TOUCH_DAYS
from infointerview.domain.vocabulary import ConversationState as S
from infointerview.domain.vocabulary import HowKnown, MessageKind, MessageStatus
from infointerview.errors import InvalidValue, Refused
from infointerview.services import conversations, timeline
from infointerview.services.lookup import owned
from infointerview.store.models import (
    Conversation,
    Event,
    Message,
    Organization,
    Person,
    Referral,
    Task,
    utcnow,
)

# The states in which a referred person has answered the explorer's request.
_ANSWERED = (S.SCHEDULED, S.HELD, S.THANKED, S.CLOSED)
_WARMTH = {HowKnown.KNOWN: 0, HowKnown.REFERRED: 1, HowKnown.ALUMNI: 2, HowKnown.COLD: 3}


def zone(settings: FollowupSettings) -> tzinfo:
    """Return the user's time zone: the configured one, else this computer's."""
    from zoneinfo import ZoneInfo

    if settings.timezone:
        return ZoneInfo(settings.timezone)
    return local_zone()


def local_zone() -> tzinfo:
    """Return this computer's time zone, as an IANA zone where the system names one."""
    import os
    from pathlib import Path
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    named = os.environ.get("TZ", "").lstrip(":")
    if not named:
        try:
            target = str(Path("/etc/localtime").resolve())
        except OSError:
            target = ""
        named = target.partition("/zoneinfo/")[2]
    if named:
        try:
            return ZoneInfo(named)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return datetime.now().astimezone().tzinfo or ZoneInfo("UTC")


def business_days(settings: FollowupSettings, *, around: date) -> rules.BusinessDays:
    """Return the business-day calendar: weekends off, and public holidays when set.

    Raises:
        InvalidValue: for a holiday country the holidays package does not know.
    """
    days: frozenset[date] = frozenset()
    if settings.holidays:
        import holidays

        country, _, region = settings.holidays.upper().partition("-")
        try:
            calendar = holidays.country_holidays(
                country, subdiv=region or None, years=range(around.year - 1, around.year + 2)
            )
        except NotImplementedError:
            raise InvalidValue(
                "[followup] holidays in config.toml",
                f"{settings.holidays!r} is not a country code the holidays package knows",
            ) from None
        days = frozenset(calendar)
    return rules.BusinessDays(zone(settings), days)


# Facts older than this cannot make an action that has not lapsed (rules.STALE_DAYS
# after its due date, which is at most about a month after the fact).
_LOOKBACK = timedelta(days=rules.STALE_DAYS + rules.PAY_IT_BACK_DAYS + 10)
# How far ahead tasks are made: the longest window a page shows.
HORIZON_DAYS = 7

Times = dict[int, dict[tuple[MessageKind, MessageStatus], tuple[datetime | None, datetime | None]]]


def gather(*, session: Session, owner: int, keep_in_touch_days: int, now: datetime) -> rules.Facts:
    """Read the facts the rules need at ``now``: live conversations with their messages'
    times, open referrals, and the people who agreed to stay in touch.

    Facts too old to make an action that has not lapsed are not read, so the queries
    stay on the recent rows of indexed columns whatever the history holds.
    """
    since = now - _LOOKBACK
    return rules.Facts(
        talks=tuple(_talks(session, owner, since)),
        referrals=tuple(_referrals(session, owner)),
        contacts=tuple(_contacts(session, owner, keep_in_touch_days)),
    )


def _live(owner: int, since: datetime) -> ColumnElement[bool]:
    """The conversations whose follow-ups the rules may still ask for."""
    c = Conversation
    return and_(
        c.owner_id == owner,
        or_(
            and_(c.state == S.REQUESTED, c.updated_at >= since),
            c.state == S.SCHEDULED,
            and_(c.state.in_((S.HELD, S.THANKED)), c.held_at >= since),
        ),
    )


def _message_times(session: Session, owner: int, talks: Select[int]) -> Times:
    """Return, per conversation of ``talks``, the first and last time of each kind of
    message sent or received."""
    when = func.coalesce(Message.sent_at, Message.received_at)
    rows = session.execute(
        select(
            Message.conversation_id, Message.kind, Message.status, func.min(when), func.max(when)
        )
        .where(
            Message.conversation_id.in_(talks),
            Message.owner_id == owner,
            Message.status != MessageStatus.DRAFT,
        )
        .group_by(Message.conversation_id, Message.kind, Message.status)
    )
    times: Times = defaultdict(dict)
    for talk_id, kind, status, first, last in rows:
        times[talk_id][(MessageKind(kind), MessageStatus(status))] = (first, last)
    return times


def _talks(session: Session, owner: int, since: datetime) -> list[rules.Talk]:
    c = Conversation
    live = _live(owner, since)
    rows = session.execute(
        select(
            c.id,
            c.person_id,
            c.state,
            c.updated_at,
            c.scheduled_at,
            c.held_at,
            Person.full_name,
            Person.organization_id,
            Organization.name,
        )  # fmt: skip
        .join(Person, Person.id == c.person_id)
        .outerjoin(Organization, Organization.id == Person.organization_id)
        .where(live)
    ).all()
    if not rows:
        return []
    times = _message_times(session, owner, select(c.id).where(live))
    # Who else to ask matters only while the request waits, unnudged and recent.
    recent = since + (_LOOKBACK - timedelta(days=rules.STALE_DAYS + 7))
    waiting = {
        org
        for talk_id, _, state, updated, _, _, _, org, _ in rows
        if state is S.REQUESTED
        and org is not None
        and (MessageKind.NUDGE, MessageStatus.SENT) not in times.get(talk_id, {})
        and updated >= recent
    }
    others = _not_yet_asked(session, owner, waiting)
    started = _latest_asked(session, owner, waiting, recent)
    talks = []
    for talk_id, person_id, state, updated, scheduled, held, name, org_id, org_name in rows:
        sent = times.get(talk_id, {})
        request = sent.get((MessageKind.REQUEST, MessageStatus.SENT))
        requested_at = request[0] if request else None
        if state is S.REQUESTED and requested_at is None:
            requested_at = updated  # marked requested without a stored message
        nudge = sent.get((MessageKind.NUDGE, MessageStatus.SENT))
        replies = [
            last for (_, status), (_, last) in sent.items() if status is MessageStatus.RECEIVED
        ]
        replied = any(
            r is not None and (requested_at is None or r >= requested_at) for r in replies
        )
        thank = sent.get((MessageKind.THANK_YOU, MessageStatus.SENT))
        candidates = [p for p in others.get(org_id or 0, []) if p[0] != person_id]
        asked_since = [
            when
            for other, when in started.get(org_id or 0, [])
            if other != person_id and requested_at is not None and when > requested_at
        ]
        if asked_since:
            candidates = []  # someone else there was asked since: one second contact is enough
        talks.append(
            rules.Talk(
                id=talk_id,
                person_id=person_id,
                person=name,
                state=state,
                requested_at=requested_at,
                nudged_at=nudge[1] if nudge else None,
                replied=replied,
                scheduled_at=scheduled,
                held_at=held,
                thanked=state is not S.HELD or thank is not None,
                organization=org_name,
                next_contact=candidates[0] if candidates else None,
            )
        )
    return talks


def _not_yet_asked(
    session: Session, owner: int, orgs: set[int]
) -> dict[int, list[tuple[int, str]]]:
    """Return, per organisation, its people with no conversation yet, warmest first."""
    if not orgs:
        return {}
    asked = select(Conversation.id).where(Conversation.person_id == Person.id).exists()
    found: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    chunk = sorted(orgs)
    for start in range(0, len(chunk), 500):  # bound the parameters of one statement
        rows = session.execute(
            select(Person.id, Person.full_name, Person.organization_id, Person.how_known)
            .where(
                Person.owner_id == owner,
                Person.organization_id.in_(chunk[start : start + 500]),
                ~asked,
            )
            .order_by(Person.sort_name, Person.id)
        )
        for person_id, name, org_id, how in rows:
            found[org_id or 0].append((person_id, name, _WARMTH[HowKnown(how)]))
    return {
        org: [(pid, name) for pid, name, _ in sorted(people, key=lambda p: p[2])]
        for org, people in found.items()
    }


def _latest_asked(
    session: Session, owner: int, orgs: set[int], since: datetime
) -> dict[int, list[tuple[int, datetime]]]:
    """Return, per organisation, each person there with a conversation started since
    ``since`` and when their latest one started."""
    latest: dict[int, list[tuple[int, datetime]]] = defaultdict(list)
    chunk = sorted(orgs)
    for start in range(0, len(chunk), 500):  # bound the parameters of one statement
        rows = session.execute(
            select(Person.organization_id, Person.id, func.max(Conversation.created_at))
            .join(Person, Person.id == Conversation.person_id)
            .where(
                Conversation.owner_id == owner,
                Person.organization_id.in_(chunk[start : start + 500]),
                Conversation.created_at >= since,
            )
            .group_by(Person.organization_id, Person.id)
        )
        for org, person, when in rows:
            latest[org or 0].append((person, when))
    return latest


def _referrals(session: Session, owner: int) -> list[rules.Referral]:
    """Read the referrals not yet reported back on, with when the explorer first asked
    the referred person and when they first answered, counting only what came after the
    referral (an earlier conversation with them is not the one the referrer suggested)."""
    referrer = select(Person.full_name).where(Person.id == Referral.referrer_id).scalar_subquery()
    referred = select(Person.full_name).where(Person.id == Referral.referred_id).scalar_subquery()
    rows = session.execute(
        select(
            Referral.id,
            Referral.referrer_id,
            Referral.referred_id,
            Referral.referred_on,
            referrer,
            referred,
        ).where(Referral.owner_id == owner, Referral.reported_back_on.is_(None))
    ).all()
    if not rows:
        return []
    asked, answered = _activity(session, owner, {row[2] for row in rows})

    return [
        rules.Referral(
            id=referral_id,
            referrer_id=referrer_id,
            referrer=referrer_name,
            referred_id=referred_id,
            referred=referred_name,
            referred_on=referred_on,
            contacted_at=_first_after(asked[referred_id], referred_on),
            answered_at=_first_after(answered[referred_id], referred_on),
        )
        for referral_id, referrer_id, referred_id, referred_on, referrer_name, referred_name in rows
    ]


def _first_after(moments: list[datetime], day: date) -> datetime | None:
    start = datetime.combine(day, time.min, tzinfo=UTC)
    return min((m for m in moments if m >= start), default=None)


def _activity(
    session: Session, owner: int, people: set[int]
) -> tuple[dict[int, list[datetime]], dict[int, list[datetime]]]:
    """Return, per person, when the explorer asked them (requests sent, or conversations
    past draft) and when they answered (replies, meetings agreed or held)."""
    c = Conversation
    out = and_(c.owner_id == owner, c.person_id.in_(people), c.state != S.DRAFT)
    asked: dict[int, list[datetime]] = defaultdict(list)
    answered: dict[int, list[datetime]] = defaultdict(list)
    talk_people: dict[int, int] = {}
    for talk_id, person, state, created, updated, held in session.execute(
        select(c.id, c.person_id, c.state, c.created_at, c.updated_at, c.held_at).where(out)
    ):
        talk_people[talk_id] = person
        asked[person].append(created)
        if state in _ANSWERED:
            answered[person].append(held or updated)
    for talk_id, kinds in _message_times(session, owner, select(c.id).where(out)).items():
        person = talk_people[talk_id]
        for (kind, status), (first, last) in kinds.items():
            if status is MessageStatus.SENT and kind is MessageKind.REQUEST:
                asked[person] += [m for m in (first, last) if m is not None]
            if status is MessageStatus.RECEIVED:
                answered[person] += [m for m in (first, last) if m is not None]
    return asked, answered


def _contacts(session: Session, owner: int, every_days: int) -> list[rules.Contact]:
    last = select(func.max(Event.occurred_at)).where(Event.person_id == Person.id).scalar_subquery()
    rows = session.execute(
        select(
            Person.id, Person.full_name, last, Person.created_at, Person.keep_in_touch_days
        ).where(Person.owner_id == owner, Person.keep_in_touch.is_(True))
    )
    # The forms and the CLI keep a person's own interval in range; a value from elsewhere
    # (a restored or hand-edited backup) that is not falls back to the default.
    return [
        rules.Contact(
            id=pid,
            name=name,
            last_interaction=seen or created,
            every_days=own if own and 1 <= own <= MAX_KEEP_IN_TOUCH_DAYS else every_days,
        )
        for pid, name, seen, created, own in rows
    ]


@dataclass(frozen=True, slots=True)
class Stored:
    """What the agenda needs of a task row."""

    id: int
    open: bool
    snoozed_until: date | None
    values: tuple[object, ...]


_TASK_VALUES = (
    "kind",
    "person_id",
    "conversation_id",
    "referral_id",
    "reason",
    "priority",
    "due_on",
)


def _values(action: rules.Action) -> tuple[object, ...]:
    return (
        action.kind.value,
        action.person_id,
        action.conversation_id,
        action.referral_id,
        action.reason,
        action.priority,
        action.due_on,
    )


def due_and_stored(
    *, session: Session, owner: int, now: datetime, settings: FollowupSettings
) -> tuple[list[rules.Action], dict[str, Stored]]:
    """Run the rules; return every action not lapsed, and the owner's tasks by key."""
    today = now.astimezone(zone(settings)).date()
    days = business_days(settings, around=today)
    facts = gather(
        session=session, owner=owner, keep_in_touch_days=settings.keep_in_touch_days, now=now
    )
    actions = rules.due_actions(facts, days=days, today=today)
    columns = [getattr(Task, name) for name in _TASK_VALUES]
    stored = {
        key: Stored(task_id, done is None and dismissed is None, snoozed, tuple(values))
        for task_id, key, done, dismissed, snoozed, *values in session.execute(
            select(
                Task.id, Task.key, Task.done_at, Task.dismissed_at, Task.snoozed_until, *columns
            ).where(Task.owner_id == owner)
        )
    }
    return actions, stored


def refresh(
    *,
    session: Session,
    owner: int,
    now: datetime,
    settings: FollowupSettings,
    days_ahead: int = HORIZON_DAYS,
) -> list[tuple[rules.Action, int, date | None]]:
    """Run the rules and bring the tasks in line; return each action due within
    ``days_ahead`` days with its task's id and snooze date.

    Tasks are made as their actions come within reach (at least HORIZON_DAYS ahead,
    whatever a caller shows). Actions whose task is done or dismissed are left out; an
    open task the rules no longer ask for at all is removed. Two runs at once (two
    pages, the page and the command line) make each task once.
    """
    actions, stored = due_and_stored(session=session, owner=owner, now=now, settings=settings)
    today = now.astimezone(zone(settings)).date()
    actions = _close_unanswered(session, owner, actions, stored, now=now, today=today)
    reach = today + timedelta(days=max(days_ahead, HORIZON_DAYS))
    wanted = {a.key: a for a in actions if a.due_on <= reach}
    ids = _add_tasks(session, owner, now, [a for key, a in wanted.items() if key not in stored])
    changed = [
        {"id": stored[key].id, **dict(zip(_TASK_VALUES, _values(a), strict=True))}
        for key, a in wanted.items()
        if key in stored and stored[key].open and stored[key].values != _values(a)
    ]
    if changed:
        session.execute(update(Task), changed)
    asked = {a.key for a in actions}
    gone = [t.id for key, t in stored.items() if t.open and key not in asked]
    if gone:
        session.execute(delete(Task).where(Task.id.in_(gone)))  # no longer asked for
    horizon = today + timedelta(days=days_ahead)
    live = []
    for key, action in wanted.items():
        if action.due_on > horizon:
            continue
        if key in stored:
            if stored[key].open:
                live.append((action, stored[key].id, stored[key].snoozed_until))
        elif key in ids:
            live.append((action, ids[key], None))
    return live


def _close_unanswered(
    session: Session,
    owner: int,
    actions: list[rules.Action],
    stored: dict[str, Stored],
    *,
    now: datetime,
    today: date,
) -> list[rules.Action]:
    """Mark ``no_response`` each request whose give-up day has come (3B7: no reply seven
    business days after the one follow-up, so stop), unless the explorer dismissed or
    snoozed that step; return the actions still asked for."""
    left = []
    for action in actions:
        task = stored.get(action.key)
        waiting = task is not None and (
            not task.open or (task.snoozed_until is not None and task.snoozed_until > today)
        )
        if (
            action.kind is rules.ActionKind.GIVE_UP
            and action.due_on <= today
            and not waiting
            and _give_up(session, owner, action.conversation_id, now)
        ):
            continue
        left.append(action)
    return left


def _give_up(session: Session, owner: int, conversation_id: int | None, now: datetime) -> bool:
    """Move a request still waiting for a reply to ``no_response``; say whether it moved.

    A request that got any reply is left alone. The move is one conditional UPDATE, so a
    run at the same moment (or the explorer scheduling the meeting meanwhile) wins
    cleanly instead of being overwritten.
    """
    row = session.get(Conversation, conversation_id) if conversation_id is not None else None
    if row is None or row.owner_id != owner or row.state is not S.REQUESTED or row.updated_at > now:
        return False
    replied = session.scalar(
        select(Message.id)
        .where(
            Message.owner_id == owner,
            Message.conversation_id == row.id,
            Message.status == MessageStatus.RECEIVED,
        )
        .limit(1)
    )
    if replied is not None:
        return False
    moved = conversations.advance_if(
        session=session,
        owner=owner,
        conversation_id=row.id,
        move=conversations.Move(to=S.NO_RESPONSE, at=now),
        expected=S.REQUESTED,
        why=f"no reply {rules.GIVE_UP_DAYS} business days after the follow-up (3B7 routine)",
    )
    return moved is not None


def _add_tasks(
    session: Session, owner: int, now: datetime, actions: list[rules.Action]
) -> dict[str, int]:
    """Add a task for each action, skipping any another run added meanwhile; return the
    ids of the owner's open tasks with those keys."""
    if not actions:
        return {}
    from sqlalchemy.dialects import postgresql, sqlite

    rows = [
        {
            "owner_id": owner,
            "key": a.key,
            "created_at": now,
            **dict(zip(_TASK_VALUES, _values(a), strict=True)),
        }
        for a in actions
    ]
    unique = ["owner_id", "key"]
    if session.get_bind().dialect.name == "postgresql":
        session.execute(postgresql.insert(Task).on_conflict_do_nothing(index_elements=unique), rows)
    else:
        session.execute(sqlite.insert(Task).on_conflict_do_nothing(index_elements=unique), rows)
    keys = [a.key for a in actions]
    ids: dict[str, int] = {}
    for start in range(0, len(keys), 500):  # bound the parameters of one statement
        found = session.execute(
            select(Task.key, Task.id).where(
                Task.owner_id == owner,
                Task.key.in_(keys[start : start + 500]),
                Task.done_at.is_(None),
                Task.dismissed_at.is_(None),
            )
        )
        ids.update({str(key): int(task_id) for key, task_id in found})
    return ids


def agenda(
    *,
    session: Session,
    owner: int,
    now: datetime,
    settings: FollowupSettings,
    days_ahead: int = 1,
) -> list[TaskRecord]:
    """Refresh the tasks and return what is overdue, due today, and due within
    ``days_ahead`` days, most urgent first; snoozed tasks come back on their day."""
    here = zone(settings)
    today = now.astimezone(here).date()
    horizon = today + timedelta(days=days_ahead)
    items = []
    for action, task_id, snoozed in refresh(
        session=session, owner=owner, now=now, settings=settings, days_ahead=days_ahead
    ):
        if snoozed is not None and snoozed > today:
            continue
        if action.due_on > horizon:
            continue
        state = rules.status(action, now=now, zone=here)
        items.append(
            TaskRecord(
                id=task_id,
                kind=action.kind.value,
                status=state,
                due_on=action.due_on,
                person_id=action.person_id,
                person=action.person,
                reason=action.reason,
                origin=action.source.origin,
                quote=action.source.quote,
                priority=action.priority,
                template=action.template,
                conversation_id=action.conversation_id,
                referral_id=action.referral_id,
            )
        )
    order = {"overdue": 0, "today": 1, "upcoming": 2}
    return sorted(items, key=lambda i: (order[i.status], i.due_on, i.priority, i.person, i.id))


def _open_task(session: Session, owner: int, task_id: int) -> Task:
    task = owned(session, Task, task_id, owner=owner, kind="task")
    if task.done_at is not None or task.dismissed_at is not None:
        raise Refused(f"task #{task_id} is already {'done' if task.done_at else 'dismissed'}")
    return task


def mark_done(
    *,
    session: Session,
    owner: int,
    task_id: int,
    now: datetime | None = None,
    today: date | None = None,
) -> None:
    """Record a task as done: the rules will not ask for it again.

    A report-back done is recorded on its referral (on ``today``, the user's date); a
    keep-in-touch done is an interaction on the person's timeline, which starts the
    next cycle; a give-up done marks the request ``no_response`` now.
    """
    task = _open_task(session, owner, task_id)
    moment = now or utcnow()
    task.done_at = moment
    if task.kind == rules.ActionKind.GIVE_UP.value:
        _give_up(session, owner, task.conversation_id, moment)
    if task.kind == rules.ActionKind.REPORT_BACK.value and task.referral_id is not None:
        referral = session.get(Referral, task.referral_id)
        if referral is not None and referral.reported_back_on is None:
            referral.reported_back_on = today or moment.date()
    if task.kind == rules.ActionKind.KEEP_IN_TOUCH.value and task.person_id is not None:
        person = session.get(Person, task.person_id)
        if person is not None:
            timeline.record(
                session=session,
                owner=owner,
                kind="person.kept_in_touch",
                summary=f"Kept in touch with {person.full_name}",
                at=moment,
                person_id=person.id,
            )
    session.flush()


def dismiss(*, session: Session, owner: int, task_id: int, now: datetime | None = None) -> None:
    """Set a task aside for good without doing it."""
    _open_task(session, owner, task_id).dismissed_at = now or utcnow()
    session.flush()


def snooze(*, session: Session, owner: int, task_id: int, until: date, today: date) -> None:
    """Hide a task until ``until``.

    Raises:
        InvalidValue: for a day that is not after today.
    """
    if until <= today:
        raise InvalidValue("until", f"{until.isoformat()} is not after today")
    _open_task(session, owner, task_id).snoozed_until = until
    session.flush()
