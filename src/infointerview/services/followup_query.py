"""What the follow-up rules read and the tasks they keep, in portable SQL.

`infointerview today` must answer in half a second on a career centre's volume
(bench/today.py): it cannot wait for SQLAlchemy's import, and SQLAlchemy's compiling and
result processing took as long as the statements themselves. So, as ``people_query``
and ``detail_query`` do, every statement of the rule pass is written once in SQL that
SQLite and PostgreSQL both understand and runs through a ``plain_sql.Driver``: on a
session's connection (the web, the services) or on a bare sqlite3 connection (the CLI).

Each read is bounded: live conversations of the last months, open referrals, and the
people who agreed to stay in touch; never every conversation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from infointerview.domain import followup as rules
from infointerview.domain.validation import MAX_KEEP_IN_TOUCH_DAYS
from infointerview.domain.vocabulary import ConversationState as S
from infointerview.domain.vocabulary import HowKnown, MessageKind, MessageStatus
from infointerview.services.sql_values import day, day_or_none, utc, utc_or_none
from infointerview.store.plain_sql import Driver, each_chunk

# The states in which a referred person has answered the explorer's request.
_ANSWERED = {S.SCHEDULED.value, S.HELD.value, S.THANKED.value, S.CLOSED.value}
_WARMTH = {HowKnown.KNOWN: 0, HowKnown.REFERRED: 1, HowKnown.ALUMNI: 2, HowKnown.COLD: 3}

# Facts older than this cannot make an action that has not lapsed (rules.STALE_DAYS
# after its due date, which is at most about a month after the fact).
LOOKBACK = timedelta(days=rules.STALE_DAYS + rules.PAY_IT_BACK_DAYS + 10)

Times = dict[int, dict[tuple[MessageKind, MessageStatus], tuple[datetime | None, datetime | None]]]

# The conversations whose follow-ups the rules may still ask for.
_LIVE = """
SELECT c.id FROM conversations c
WHERE c.owner_id = :owner AND (
    (c.state = 'requested' AND c.updated_at >= :since)
    OR c.state = 'scheduled'
    OR (c.state IN ('held', 'thanked') AND c.held_at >= :since))"""
# With what their messages say (store.conversation_facts keeps it on the conversation).
_TALKS = """
SELECT c.id, c.person_id, c.state, c.updated_at, c.scheduled_at, c.held_at,
       c.requested_at, c.nudged_at, c.heard_at, c.thanked_at,
       p.full_name, p.organization_id, o.name
FROM conversations c
JOIN people p ON p.id = c.person_id
LEFT OUTER JOIN organizations o ON o.id = p.organization_id
WHERE c.id IN ({live})"""
# Per conversation of a subquery: the first and last time of each kind of message sent
# or received.
_MESSAGE_TIMES = """
SELECT m.conversation_id, m.kind, m.status,
       min(coalesce(m.sent_at, m.received_at)), max(coalesce(m.sent_at, m.received_at))
FROM messages m
WHERE m.conversation_id IN ({talks}) AND m.owner_id = :owner AND m.status != 'draft'
GROUP BY m.conversation_id, m.kind, m.status"""
_NOT_YET_ASKED = """
SELECT p.id, p.full_name, p.organization_id, p.how_known
FROM people p
WHERE p.owner_id = :owner AND p.organization_id IN ({ids})
  AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.person_id = p.id)
ORDER BY p.sort_name, p.id"""
_LATEST_ASKED = """
SELECT p.organization_id, p.id, max(c.created_at)
FROM conversations c JOIN people p ON p.id = c.person_id
WHERE c.owner_id = :owner AND p.organization_id IN ({ids}) AND c.created_at >= :since
GROUP BY p.organization_id, p.id"""
# Referrals not yet reported back on.
_REFERRALS = """
SELECT r.id, r.referrer_id, r.referred_id, r.referred_on, rp.full_name, dp.full_name
FROM referrals r
JOIN people rp ON rp.id = r.referrer_id
JOIN people dp ON dp.id = r.referred_id
WHERE r.owner_id = :owner AND r.reported_back_on IS NULL"""
# The conversations past draft with the people those referrals name.
_REFERRED_TALKS = """
SELECT c.id FROM conversations c
WHERE c.owner_id = :owner AND c.state != 'draft' AND c.person_id IN (
    SELECT r.referred_id FROM referrals r
    WHERE r.owner_id = :owner AND r.reported_back_on IS NULL)"""
_CONTACTS = """
SELECT p.id, p.full_name,
       (SELECT max(e.occurred_at) FROM events e WHERE e.person_id = p.id),
       p.created_at, p.keep_in_touch_days
FROM people p
WHERE p.owner_id = :owner AND p.keep_in_touch = TRUE"""

TASK_VALUES = (
    "kind",
    "person_id",
    "conversation_id",
    "referral_id",
    "reason",
    "priority",
    "due_on",
)


@dataclass(frozen=True, slots=True)
class Stored:
    """What the agenda needs of a task row."""

    id: int
    open: bool
    snoozed_until: date | None
    values: tuple[object, ...]


def gather(*, db: Driver, owner: int, keep_in_touch_days: int, now: datetime) -> rules.Facts:
    """Read the facts the rules need at ``now``: live conversations with their messages'
    times, open referrals, and the people who agreed to stay in touch.

    Facts too old to make an action that has not lapsed are not read, so the queries
    stay on the recent rows of indexed columns whatever the history holds.
    """
    since = now - LOOKBACK
    return rules.Facts(
        talks=tuple(_talks(db, owner, since)),
        referrals=tuple(_referrals(db, owner)),
        contacts=tuple(_contacts(db, owner, keep_in_touch_days)),
    )


def _message_times(db: Driver, talks: str, params: dict[str, Any]) -> Times:
    times: Times = defaultdict(dict)
    for talk_id, kind, status, first, last in db.execute(
        _MESSAGE_TIMES.format(talks=talks), params
    ):
        times[talk_id][(MessageKind(kind), MessageStatus(status))] = (
            utc_or_none(first),
            utc_or_none(last),
        )
    return times


@dataclass(frozen=True, slots=True)
class _Live:
    """A row of _TALKS, its times made aware."""

    id: int
    person_id: int
    state: S
    updated: datetime
    scheduled: datetime | None
    held: datetime | None
    requested: datetime | None
    nudged: datetime | None
    heard: datetime | None
    thanked: datetime | None
    name: str
    org_id: int | None
    org_name: str | None

    @classmethod
    def of(cls, row: Sequence[Any]) -> _Live:
        """Read one row of _TALKS."""
        talk_id, person_id, state, updated, scheduled, held, *rest = row
        requested, nudged, heard, thanked, name, org_id, org_name = rest
        return cls(
            id=talk_id,
            person_id=person_id,
            state=S(state),
            updated=utc(updated),
            scheduled=utc_or_none(scheduled),
            held=utc_or_none(held),
            requested=utc_or_none(requested),
            nudged=utc_or_none(nudged),
            heard=utc_or_none(heard),
            thanked=utc_or_none(thanked),
            name=name,
            org_id=org_id,
            org_name=org_name,
        )


def _talks(db: Driver, owner: int, since: datetime) -> list[rules.Talk]:
    params = {"owner": owner, "since": db.stamp(since)}
    rows = [_Live.of(row) for row in db.execute(_TALKS.format(live=_LIVE), params)]
    if not rows:
        return []
    # Who else to ask matters only while the request waits, unnudged and recent.
    recent = since + (LOOKBACK - timedelta(days=rules.STALE_DAYS + 7))
    waiting = {
        row.org_id
        for row in rows
        if row.state is S.REQUESTED
        and row.org_id is not None
        and row.nudged is None
        and row.updated >= recent
    }
    others = _not_yet_asked(db, owner, waiting)
    started = _latest_asked(db, owner, waiting, recent)
    talks = []
    for row in rows:
        requested_at = row.requested
        if row.state is S.REQUESTED and requested_at is None:
            requested_at = row.updated  # marked requested without a stored message
        org = row.org_id or 0
        candidates = [p for p in others.get(org, []) if p[0] != row.person_id]
        asked_since = [
            when
            for other, when in started.get(org, [])
            if other != row.person_id and requested_at is not None and when > requested_at
        ]
        if asked_since:
            candidates = []  # someone else there was asked since: one second contact is enough
        talks.append(
            rules.Talk(
                id=row.id,
                person_id=row.person_id,
                person=row.name,
                state=row.state,
                requested_at=requested_at,
                nudged_at=row.nudged,
                replied=row.heard is not None
                and (requested_at is None or row.heard >= requested_at),
                scheduled_at=row.scheduled,
                held_at=row.held,
                thanked=row.state is not S.HELD or row.thanked is not None,
                organization=row.org_name,
                next_contact=candidates[0] if candidates else None,
            )
        )
    return talks


def _not_yet_asked(db: Driver, owner: int, orgs: set[int]) -> dict[int, list[tuple[int, str]]]:
    """Return, per organisation, its people with no conversation yet, warmest first."""
    found: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    rows = each_chunk(db.execute, _NOT_YET_ASKED, sorted(orgs), {"owner": owner})
    for person_id, name, org_id, how in rows:
        found[org_id or 0].append((person_id, name, _WARMTH[HowKnown(how)]))
    return {
        org: [(pid, name) for pid, name, _ in sorted(people, key=lambda p: p[2])]
        for org, people in found.items()
    }


def _latest_asked(
    db: Driver, owner: int, orgs: set[int], since: datetime
) -> dict[int, list[tuple[int, datetime]]]:
    """Return, per organisation, each person there with a conversation started since
    ``since`` and when their latest one started."""
    latest: dict[int, list[tuple[int, datetime]]] = defaultdict(list)
    params = {"owner": owner, "since": db.stamp(since)}
    for org, person, when in each_chunk(db.execute, _LATEST_ASKED, sorted(orgs), params):
        latest[org or 0].append((person, utc(when)))
    return latest


def _referrals(db: Driver, owner: int) -> list[rules.Referral]:
    """Read the referrals not yet reported back on, with when the explorer first asked
    the referred person and when they first answered, counting only what came after the
    referral (an earlier conversation with them is not the one the referrer suggested)."""
    rows = db.execute(_REFERRALS, {"owner": owner})
    if not rows:
        return []
    asked, answered = _activity(db, owner)
    referrals = []
    for referral_id, referrer_id, referred_id, on, referrer, referred in rows:
        referred_on = day(on)
        referrals.append(
            rules.Referral(
                id=referral_id,
                referrer_id=referrer_id,
                referrer=referrer,
                referred_id=referred_id,
                referred=referred,
                referred_on=referred_on,
                contacted_at=_first_after(asked[referred_id], referred_on),
                answered_at=_first_after(answered[referred_id], referred_on),
            )
        )
    return referrals


def _first_after(moments: list[datetime], day: date) -> datetime | None:
    start = datetime.combine(day, time.min, tzinfo=UTC)
    return min((m for m in moments if m >= start), default=None)


def _activity(
    db: Driver, owner: int
) -> tuple[dict[int, list[datetime]], dict[int, list[datetime]]]:
    """Return, per person an open referral names, when the explorer asked them (requests
    sent, or conversations past draft) and when they answered (replies, meetings agreed
    or held)."""
    asked: dict[int, list[datetime]] = defaultdict(list)
    answered: dict[int, list[datetime]] = defaultdict(list)
    talk_people: dict[int, int] = {}
    params = {"owner": owner}
    for talk_id, person, state, created, updated, held in db.execute(
        "SELECT c.id, c.person_id, c.state, c.created_at, c.updated_at, c.held_at"
        f" FROM conversations c WHERE c.id IN ({_REFERRED_TALKS})",
        params,
    ):
        talk_people[talk_id] = person
        asked[person].append(utc(created))
        if state in _ANSWERED:
            answered[person].append(utc(held or updated))
    for talk_id, kinds in _message_times(db, _REFERRED_TALKS, params).items():
        person = talk_people[talk_id]
        for (kind, status), (first, last) in kinds.items():
            if status is MessageStatus.SENT and kind is MessageKind.REQUEST:
                asked[person] += [m for m in (first, last) if m is not None]
            if status is MessageStatus.RECEIVED:
                answered[person] += [m for m in (first, last) if m is not None]
    return asked, answered


def _contacts(db: Driver, owner: int, every_days: int) -> list[rules.Contact]:
    # The forms and the CLI keep a person's own interval in range; a value from elsewhere
    # (a restored or hand-edited backup) that is not falls back to the default.
    return [
        rules.Contact(
            id=pid,
            name=name,
            last_interaction=utc(seen or created),
            every_days=own if own and 1 <= own <= MAX_KEEP_IN_TOUCH_DAYS else every_days,
        )
        for pid, name, seen, created, own in db.execute(_CONTACTS, {"owner": owner})
    ]


def task_values(action: rules.Action) -> tuple[object, ...]:
    """Return what a task stores of ``action``, in TASK_VALUES' order."""
    return (
        action.kind.value,
        action.person_id,
        action.conversation_id,
        action.referral_id,
        action.reason,
        action.priority,
        action.due_on,
    )


def stored_tasks(db: Driver, owner: int) -> dict[str, Stored]:
    """Return the owner's tasks by key."""
    rows = db.execute(
        "SELECT id, key, done_at, dismissed_at, snoozed_until, kind, person_id,"
        " conversation_id, referral_id, reason, priority, due_on"
        " FROM tasks WHERE owner_id = :owner",
        {"owner": owner},
    )
    return {
        key: Stored(
            task_id,
            done is None and dismissed is None,
            day_or_none(snoozed),
            (*values, day(due_on)),
        )
        for task_id, key, done, dismissed, snoozed, *values, due_on in rows
    }


def _task_row(db: Driver, action: rules.Action) -> dict[str, Any]:
    values = dict(zip(TASK_VALUES, task_values(action), strict=True))
    values["due_on"] = db.day(action.due_on)
    return values


def add_tasks(
    db: Driver, owner: int, now: datetime, actions: Sequence[rules.Action]
) -> dict[str, int]:
    """Add a task for each action, skipping any another run added meanwhile; return the
    ids of the owner's open tasks with those keys."""
    if not actions:
        return {}
    stamp = db.stamp(now)
    columns = ("owner_id", "key", "created_at", *TASK_VALUES)
    db.insert(
        "tasks",
        columns,
        [(owner, a.key, stamp, *_task_row(db, a).values()) for a in actions],
        skip_existing=("owner_id", "key"),
    )
    found = each_chunk(
        db.execute,
        "SELECT key, id FROM tasks WHERE owner_id = :owner AND key IN ({ids})"
        " AND done_at IS NULL AND dismissed_at IS NULL",
        [a.key for a in actions],
        {"owner": owner},
    )
    return {str(key): int(task_id) for key, task_id in found}


def update_tasks(db: Driver, owner: int, changed: Iterable[tuple[int, rules.Action]]) -> None:
    """Write each action's values to its task, given by id."""
    assignments = ", ".join(f"{name} = :{name}" for name in TASK_VALUES)
    for task_id, action in changed:
        db.execute(
            f"UPDATE tasks SET {assignments} WHERE id = :id AND owner_id = :owner",
            {**_task_row(db, action), "id": task_id, "owner": owner},
        )


def delete_tasks(db: Driver, owner: int, ids: Sequence[int]) -> None:
    """Remove the owner's tasks with these ids."""
    sql = "DELETE FROM tasks WHERE owner_id = :owner AND id IN ({ids})"
    list(each_chunk(db.execute, sql, ids, {"owner": owner}))  # each chunk's DELETE


def give_up(db: Driver, owner: int, conversation_id: int, now: datetime) -> bool:
    """Move a request still waiting for a reply to ``no_response`` and put the move on
    the timeline; say whether it moved (3B7: no reply seven business days after the one
    follow-up, so stop).

    A request that got any reply, or that changed after ``now``, is left alone. The move
    is one conditional UPDATE, so a run at the same moment (or the explorer scheduling
    the meeting meanwhile) wins cleanly instead of being overwritten.
    """
    params = {"owner": owner, "id": conversation_id, "now": db.stamp(now)}
    moved = db.execute(
        "UPDATE conversations SET state = 'no_response', updated_at = :now"
        " WHERE id = :id AND owner_id = :owner AND state = 'requested'"
        " AND updated_at <= :now AND NOT EXISTS (SELECT 1 FROM messages m"
        " WHERE m.owner_id = :owner AND m.conversation_id = :id AND m.status = 'received')"
        " RETURNING person_id, target_id",
        params,
    )
    if not moved:
        return False
    [(person_id, target_id)] = moved
    [(name,)] = db.execute("SELECT full_name FROM people WHERE id = :id", {"id": person_id})
    # The timeline's event, as conversations.advance records a move.
    db.insert_one(
        "events",
        {
            "owner_id": owner,
            "occurred_at": params["now"],
            "kind": "conversation.transition",
            "summary": f"No response from {name}: no reply {rules.GIVE_UP_DAYS} business"
            " days after the follow-up (3B7 routine)",
            "person_id": person_id,
            "conversation_id": conversation_id,
            "target_id": target_id,
            "data": db.json({"from": S.REQUESTED.value, "to": S.NO_RESPONSE.value}),
        },
    )
    return True
