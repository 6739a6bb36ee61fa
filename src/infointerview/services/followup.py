"""The follow-up agenda: gather the facts the rules read with a few indexed queries, run
the rules (domain.followup), keep one task per due action, and list what is due.

Running it again changes nothing: each task is keyed by its rule and subject, unique
per owner. A task the rules no longer call for (the thank-you was sent, the reply came)
is removed while still open; one done or dismissed stays, and is not made again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from infointerview.config import FollowupSettings
from infointerview.domain import followup as rules
from infointerview.domain.records import TaskRecord
from infointerview.domain.vocabulary import ConversationState as S
from infointerview.domain.vocabulary import HowKnown, MessageKind, MessageStatus
from infointerview.errors import InvalidValue, Refused
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

# The states whose follow-ups the rules look at (a draft asks nothing yet; closed and
# declined are done).
_LIVE = (S.REQUESTED, S.SCHEDULED, S.HELD, S.THANKED)
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


def gather(session: Session, owner: int, *, keep_in_touch_days: int) -> rules.Facts:
    """Read the facts the rules need: live conversations with their messages' times,
    open referrals, and the people who agreed to stay in touch."""
    return rules.Facts(
        talks=tuple(_talks(session, owner)),
        referrals=tuple(_referrals(session, owner)),
        contacts=tuple(_contacts(session, owner, keep_in_touch_days)),
    )


def _message_times(
    session: Session, owner: int, where: object
) -> dict[int, dict[tuple[MessageKind, MessageStatus], tuple[datetime | None, datetime | None]]]:
    """Return, per conversation, the first and last time of each kind of message."""
    when = func.coalesce(Message.sent_at, Message.received_at)
    rows = session.execute(
        select(
            Message.conversation_id, Message.kind, Message.status, func.min(when), func.max(when)
        )
        .join(Conversation, Conversation.id == Message.conversation_id)
        .where(Message.owner_id == owner, Message.status != MessageStatus.DRAFT, where)  # type: ignore[arg-type]
        .group_by(Message.conversation_id, Message.kind, Message.status)
    )
    times: dict[
        int, dict[tuple[MessageKind, MessageStatus], tuple[datetime | None, datetime | None]]
    ]
    times = defaultdict(dict)
    for talk_id, kind, status, first, last in rows:
        times[talk_id][(kind, status)] = (first, last)
    return times


def _talks(session: Session, owner: int) -> Iterable[rules.Talk]:
    rows = session.execute(
        select(Conversation, Person.full_name, Person.organization_id, Organization.name)
        .join(Person, Person.id == Conversation.person_id)
        .outerjoin(Organization, Organization.id == Person.organization_id)
        .where(Conversation.owner_id == owner, Conversation.state.in_(_LIVE))
    ).all()
    if not rows:
        return []
    times = _message_times(session, owner, Conversation.state.in_(_LIVE))
    waiting = {org for talk, _, org, _ in rows if talk.state is S.REQUESTED and org is not None}
    others = _not_yet_asked(session, owner, waiting)
    talks = []
    for talk, name, org_id, org_name in rows:
        sent = times.get(talk.id, {})
        request = sent.get((MessageKind.REQUEST, MessageStatus.SENT))
        requested_at = request[0] if request else None
        if talk.state is S.REQUESTED and requested_at is None:
            requested_at = talk.updated_at  # marked requested without a stored message
        nudge = sent.get((MessageKind.NUDGE, MessageStatus.SENT))
        replies = [
            last for (_, status), (_, last) in sent.items() if status is MessageStatus.RECEIVED
        ]
        replied = any(
            r is not None and (requested_at is None or r >= requested_at) for r in replies
        )
        thank = sent.get((MessageKind.THANK_YOU, MessageStatus.SENT))
        candidates = [p for p in others.get(org_id or 0, []) if p[0] != talk.person_id]
        talks.append(
            rules.Talk(
                id=talk.id,
                person_id=talk.person_id,
                person=name,
                state=talk.state,
                requested_at=requested_at,
                nudged_at=nudge[1] if nudge else None,
                replied=replied,
                scheduled_at=talk.scheduled_at,
                held_at=talk.held_at,
                thanked=talk.state is not S.HELD or thank is not None,
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
    rows = session.execute(
        select(Person.id, Person.full_name, Person.organization_id, Person.how_known)
        .where(Person.owner_id == owner, Person.organization_id.in_(orgs), ~asked)
        .order_by(Person.sort_name, Person.id)
    )
    found: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    for person_id, name, org_id, how in rows:
        found[org_id or 0].append((person_id, name, _WARMTH[how]))
    return {
        org: [(pid, name) for pid, name, _ in sorted(people, key=lambda p: p[2])]
        for org, people in found.items()
    }


def _referrals(session: Session, owner: int) -> Iterable[rules.Referral]:
    referrer = select(Person.full_name).where(Person.id == Referral.referrer_id).scalar_subquery()
    referred = select(Person.full_name).where(Person.id == Referral.referred_id).scalar_subquery()
    rows = session.execute(
        select(Referral, referrer, referred).where(
            Referral.owner_id == owner, Referral.reported_back_on.is_(None)
        )
    ).all()
    if not rows:
        return []
    people = {r.referred_id for r, _, _ in rows}
    talks = session.execute(
        select(Conversation).where(
            Conversation.owner_id == owner,
            Conversation.person_id.in_(people),
            Conversation.state != S.DRAFT,
        )
    ).scalars()
    contacted: dict[int, datetime] = {}
    answered: dict[int, datetime] = {}
    talk_people: dict[int, int] = {}
    for talk in talks:
        talk_people[talk.id] = talk.person_id
        contacted[talk.person_id] = min(
            contacted.get(talk.person_id, talk.created_at), talk.created_at
        )
        if talk.state in _ANSWERED:
            moment = talk.held_at or talk.updated_at
            answered[talk.person_id] = min(answered.get(talk.person_id, moment), moment)
    if talk_people:
        times = _message_times(session, owner, Conversation.id.in_(talk_people))
        for talk_id, kinds in times.items():
            person = talk_people[talk_id]
            for (kind, status), (first, _) in kinds.items():
                if first is None:
                    continue
                if status is MessageStatus.SENT and kind is MessageKind.REQUEST:
                    contacted[person] = min(contacted[person], first)
                if status is MessageStatus.RECEIVED:
                    answered[person] = min(answered.get(person, first), first)
    return [
        rules.Referral(
            id=r.id,
            referrer_id=r.referrer_id,
            referrer=referrer_name,
            referred_id=r.referred_id,
            referred=referred_name,
            referred_on=r.referred_on,
            contacted_at=contacted.get(r.referred_id),
            answered_at=answered.get(r.referred_id),
            reported_back_on=r.reported_back_on,
        )
        for r, referrer_name, referred_name in rows
    ]


def _contacts(session: Session, owner: int, every_days: int) -> Iterable[rules.Contact]:
    last = select(func.max(Event.occurred_at)).where(Event.person_id == Person.id).scalar_subquery()
    rows = session.execute(
        select(Person.id, Person.full_name, last, Person.created_at).where(
            Person.owner_id == owner, Person.keep_in_touch.is_(True)
        )
    )
    return [
        rules.Contact(id=pid, name=name, last_interaction=seen or created, every_days=every_days)
        for pid, name, seen, created in rows
    ]


def refresh(
    *, session: Session, owner: int, now: datetime, settings: FollowupSettings
) -> list[tuple[rules.Action, Task]]:
    """Run the rules and bring the tasks in line; return each due action with its task.

    Actions whose task is done or dismissed are left out.
    """
    days = business_days(settings, around=now.astimezone(zone(settings)).date())
    actions = rules.due_actions(
        gather(session, owner, keep_in_touch_days=settings.keep_in_touch_days), days=days
    )
    stored = {
        task.key: task
        for task in session.scalars(
            select(Task).where(
                Task.owner_id == owner,
                Task.done_at.is_(None) & Task.dismissed_at.is_(None)
                | Task.key.in_([a.key for a in actions]),
            )
        )
    }
    live: list[tuple[rules.Action, Task]] = []
    wanted = set()
    for action in actions:
        wanted.add(action.key)
        task = stored.get(action.key)
        if task is None:
            task = Task(owner_id=owner, key=action.key, created_at=now)
            session.add(task)
        if task.done_at is not None or task.dismissed_at is not None:
            continue
        _fill(task, action)
        live.append((action, task))
    for key, task in stored.items():
        if key not in wanted and task.done_at is None and task.dismissed_at is None:
            session.delete(task)  # no longer due: the thank-you went out, the reply came
    session.flush()
    return live


def _fill(task: Task, action: rules.Action) -> None:
    values = {
        "kind": action.kind.value,
        "person_id": action.person_id,
        "conversation_id": action.conversation_id,
        "referral_id": action.referral_id,
        "reason": action.reason,
        "priority": action.priority,
        "due_on": action.due_on,
    }
    for name, value in values.items():
        if getattr(task, name) != value:
            setattr(task, name, value)


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
    for action, task in refresh(session=session, owner=owner, now=now, settings=settings):
        if task.snoozed_until is not None and task.snoozed_until > today:
            continue
        if action.due_on > horizon:
            continue
        state = rules.status(action, now=now, zone=here)
        items.append(
            TaskRecord(
                id=task.id,
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


def mark_done(*, session: Session, owner: int, task_id: int, now: datetime | None = None) -> None:
    """Record a task as done: the rules will not ask for it again."""
    task = _open_task(session, owner, task_id)
    task.done_at = now or utcnow()
    if task.kind == rules.ActionKind.REPORT_BACK.value and task.referral_id is not None:
        referral = session.get(Referral, task.referral_id)
        if referral is not None and referral.reported_back_on is None:
            referral.reported_back_on = (now or utcnow()).date()
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
