"""The follow-up agenda: gather the facts the rules read with a few indexed queries, run
the rules (domain.followup), keep one task per due action, and list what is due.

Running it again changes nothing: each task is keyed by its rule and subject, unique
per owner. A task the rules no longer call for (the thank-you was sent, the reply came)
is removed while still open; one done or dismissed stays, and is not made again. The
statements are in ``followup_query``; ``tasks`` marks a task done, snoozed or dismissed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from infointerview.config import FollowupSettings
from infointerview.domain import followup as rules
from infointerview.domain.followup import TaskRecord
from infointerview.errors import InvalidValue
from infointerview.services import followup_query as query
from infointerview.services.followup_query import Stored
from infointerview.services.zones import zone
from infointerview.store.plain_sql import Driver, of_session

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# How far ahead tasks are made: the longest window a page shows.
HORIZON_DAYS = 7


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


def _driver(session: Session | Driver) -> Driver:
    return session if isinstance(session, Driver) else of_session(session)


def due_and_stored(
    *, session: Session | Driver, owner: int, now: datetime, settings: FollowupSettings
) -> tuple[list[rules.Action], dict[str, Stored]]:
    """Run the rules; return every action not lapsed, and the owner's tasks by key.

    ``session`` is an ORM session or a plain-SQL Driver (the CLI's quick path).
    """
    db = _driver(session)
    today = now.astimezone(zone(settings)).date()
    days = business_days(settings, around=today)
    facts = query.gather(
        db=db, owner=owner, keep_in_touch_days=settings.keep_in_touch_days, now=now
    )
    return rules.due_actions(facts, days=days, today=today), query.stored_tasks(db, owner)


def refresh(
    *,
    session: Session | Driver,
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
    pages, the page and the command line) make each task once. ``session`` is an ORM
    session or a plain-SQL Driver.
    """
    db = _driver(session)
    actions, stored = due_and_stored(session=db, owner=owner, now=now, settings=settings)
    today = now.astimezone(zone(settings)).date()
    actions, gave_up = _close_unanswered(db, owner, actions, stored, now=now, today=today)
    if gave_up and db is not session:
        # Conversations moved by plain SQL: objects the session holds are read again.
        session.expire_all()  # type: ignore[union-attr]
    reach = today + timedelta(days=max(days_ahead, HORIZON_DAYS))
    wanted = {a.key: a for a in actions if a.due_on <= reach}
    ids = query.add_tasks(db, owner, now, [a for key, a in wanted.items() if key not in stored])
    query.update_tasks(
        db,
        owner,
        (
            (stored[key].id, a)
            for key, a in wanted.items()
            if key in stored and stored[key].open and stored[key].values != query.task_values(a)
        ),
    )
    asked = {a.key for a in actions}
    # Tasks no longer asked for.
    query.delete_tasks(
        db, owner, [t.id for key, t in stored.items() if t.open and key not in asked]
    )
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
    db: Driver,
    owner: int,
    actions: list[rules.Action],
    stored: dict[str, Stored],
    *,
    now: datetime,
    today: date,
) -> tuple[list[rules.Action], bool]:
    """Mark ``no_response`` each request whose give-up day has come (3B7: no reply seven
    business days after the one follow-up, so stop), unless the explorer dismissed or
    snoozed that step; return the actions still asked for, and whether any moved."""
    left = []
    moved = False
    for action in actions:
        task = stored.get(action.key)
        waiting = task is not None and (
            not task.open or (task.snoozed_until is not None and task.snoozed_until > today)
        )
        if (
            action.kind is rules.ActionKind.GIVE_UP
            and action.due_on <= today
            and action.conversation_id is not None
            and not waiting
            and query.give_up(db, owner, action.conversation_id, now)
        ):
            moved = True
            continue
        left.append(action)
    return left, moved


def agenda(
    *,
    session: Session | Driver,
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
