"""The numbers of the explorer's method, each from an SQL aggregate (never every row):
requests and the share answered (overall, by channel, by how known), the median time
to a reply, meetings, referrals per meeting, thank-yous sent the same day (seed 002),
follow-ups per request, conversations per target, and requests per month.

A request's template follows from how the person is known (mail.drafts), so "by how
known" is also "by template".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from infointerview.domain.vocabulary import ConversationState as S
from infointerview.io.charts import Bar, Chart
from infointerview.services.sql_values import utc
from infointerview.store.plain_sql import Driver, of_session

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# A request is answered once the person replied, agreed, met or declined.
_ANSWERED = (S.SCHEDULED, S.HELD, S.THANKED, S.CLOSED, S.DECLINED)
_MET = (S.HELD, S.THANKED, S.CLOSED)


@dataclass(frozen=True, slots=True)
class Rate:
    """Requests in one group, and how many were answered."""

    group: str
    asked: int
    answered: int

    @property
    def rate(self) -> float | None:
        """The share answered, or None for a group with no request."""
        return self.answered / self.asked if self.asked else None


@dataclass(frozen=True, slots=True)
class Stats:
    """The explorer's numbers."""

    requests: int
    answered: int
    median_reply_hours: float | None
    meetings: int
    referrals: int
    thanked_same_day: int
    nudges: int
    by_channel: tuple[Rate, ...]
    by_how_known: tuple[Rate, ...]
    per_target: tuple[tuple[str, int], ...]
    per_month: tuple[tuple[str, int], ...]
    open_claims: tuple[tuple[str, int], ...] = ()  # per target: claims nobody was asked

    @property
    def response_rate(self) -> float | None:
        """The share of requests answered."""
        return self.answered / self.requests if self.requests else None

    @property
    def referrals_per_meeting(self) -> float | None:
        """Referrals received for each meeting held."""
        return self.referrals / self.meetings if self.meetings else None

    @property
    def nudges_per_request(self) -> float | None:
        """Follow-ups sent for each request."""
        return self.nudges / self.requests if self.requests else None


def _states(states: tuple[S, ...]) -> str:
    return ", ".join(f"'{state.value}'" for state in states)


# Requests (conversations past draft) by channel and by how the person is known, and
# how many were answered: the state answers for most; a request still waiting is
# answered once anything came back (store.conversation_facts keeps heard_at).
_GROUPED = f"""
SELECT c.channel, p.how_known, count(*),
       sum(CASE WHEN c.state IN ({_states(_ANSWERED)}) OR c.heard_at IS NOT NULL THEN 1
                ELSE 0 END)
FROM conversations c JOIN people p ON p.id = c.person_id
WHERE c.owner_id = :owner AND c.state != 'draft'
GROUP BY c.channel, p.how_known"""
_COUNTS = f"""
SELECT (SELECT count(*) FROM conversations
        WHERE owner_id = :owner AND state IN ({_states(_MET)})),
       (SELECT count(*) FROM referrals WHERE owner_id = :owner),
       (SELECT count(*) FROM messages
        WHERE owner_id = :owner AND kind = 'nudge' AND status = 'sent'),
       (SELECT count(reply_hours) FROM conversations WHERE owner_id = :owner)"""
# The middle one or two of the hours from the first request to the first reply, walked
# to in the order of their index.
_MIDDLE = """
SELECT reply_hours FROM conversations
WHERE owner_id = :owner AND reply_hours IS NOT NULL
ORDER BY reply_hours LIMIT :take OFFSET :skip"""
_REQUESTS = "FROM messages WHERE owner_id = :owner AND kind = 'request' AND status = 'sent'"
_PER_TARGET = """
SELECT t.role, t.industry, count(c.id) FROM targets t
JOIN conversations c ON c.target_id = t.id
WHERE t.owner_id = :owner AND c.state != 'draft'
GROUP BY t.id, t.role, t.industry
ORDER BY count(c.id) DESC, t.role"""
# Claims and questions per target that no conversation has spoken to yet (seed 001).
_OPEN_CLAIMS = """
SELECT t.role, t.industry, count(k.id) FROM targets t
JOIN claims k ON k.target_id = t.id
WHERE t.owner_id = :owner AND NOT EXISTS (SELECT 1 FROM evidence e WHERE e.claim_id = k.id)
GROUP BY t.id, t.role, t.industry
ORDER BY count(k.id) DESC, t.role"""


def compute(*, session: Session | Driver, owner: int, zone: tzinfo = UTC) -> Stats:
    """Return the owner's numbers, days and months in the user's ``zone``.

    ``session`` is an ORM session or a plain-SQL Driver (the CLI's quick path). SQLite
    has no time zones: there, the zone's offset today stands for all dates (a thank-you
    sent within an hour of midnight across a daylight-saving change may fall on the
    other day).
    """
    db = session if isinstance(session, Driver) else of_session(session)
    clock = _clock(db.dialect == "postgresql", zone)
    params = {"owner": owner, **clock.params()}
    channels: dict[str, list[int]] = {}
    known: dict[str, list[int]] = {}
    for channel, how, asked, yes in db.execute(_GROUPED, params):
        for table, key in ((channels, str(channel)), (known, str(how))):
            totals = table.setdefault(key, [0, 0])
            totals[0] += int(asked)
            totals[1] += int(yes or 0)
    [(meetings, referrals, nudges, waits)] = db.execute(_COUNTS, params)
    return Stats(
        requests=sum(t[0] for t in channels.values()),
        answered=sum(t[1] for t in channels.values()),
        median_reply_hours=_median_reply_hours(db, params, int(waits)),
        meetings=int(meetings),
        referrals=int(referrals),
        thanked_same_day=_thanked_same_day(db, params, clock),
        nudges=int(nudges),
        by_channel=_rates(channels),
        by_how_known=_rates(known),
        per_target=_labelled(db.execute(_PER_TARGET, params)),
        per_month=tuple(_per_month(db, params, zone)),
        open_claims=_labelled(db.execute(_OPEN_CLAIMS, params)),
    )


def charts(found: Stats) -> tuple[Chart, ...]:
    """The charts of the numbers: the share answered by channel and by how known, and the
    requests sent per month (the Stats page and `stats --plot` draw these)."""
    return (
        Chart("chart-channel", "Answered, by channel", _rate_bars(found.by_channel)),
        Chart("chart-known", "Answered, by how you know them", _rate_bars(found.by_how_known)),
        Chart("chart-month", "Requests per month", _count_bars(found.per_month)),
    )


def _rate_bars(rates: tuple[Rate, ...]) -> tuple[Bar, ...]:
    return tuple(
        Bar(
            f"{r.group.replace('_', ' ')} ({r.asked})",
            f"{r.rate:.0%}" if r.rate is not None else "-",
            r.rate or 0.0,
        )
        for r in rates
    )


def _count_bars(counts: tuple[tuple[str, int], ...]) -> tuple[Bar, ...]:
    top = max((n for _, n in counts), default=0) or 1
    return tuple(Bar(label, str(n), n / top) for label, n in counts)


def _rates(table: dict[str, list[int]]) -> tuple[Rate, ...]:
    return tuple(
        Rate(key, asked, yes) for key, (asked, yes) in sorted(table.items(), key=lambda i: -i[1][0])
    )


@dataclass(frozen=True, slots=True)
class _Clock:
    """How the database turns a stored UTC timestamp into the user's date."""

    postgres: bool
    zone: str | None  # an IANA name, for PostgreSQL
    offset_minutes: int  # the zone's offset now: SQLite's, and PostgreSQL's without a name

    def params(self) -> dict[str, str]:
        """The parameters the SQL of ``day`` names."""
        if self.postgres:
            return {"zone": self.zone or f"{self.offset_minutes} minutes"}
        return {"shift": f"{self.offset_minutes:+d} minutes"}

    def day(self, column: str) -> str:
        """SQL for the user's date of ``column``."""
        if self.postgres:
            zone = ":zone" if self.zone is not None else "CAST(:zone AS INTERVAL)"
            return f"CAST(timezone({zone}, {column}) AS DATE)"
        return f"date({column}, :shift)"  # one call per row: half the cost of datetime()


def _clock(postgres: bool, zone: tzinfo) -> _Clock:
    name = getattr(zone, "key", None)
    offset = datetime.now(zone).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    return _Clock(postgres=postgres, zone=name, offset_minutes=minutes)


def _thanked_same_day(db: Driver, params: dict[str, object], clock: _Clock) -> int:
    """Meetings with a thank-you sent on the user's same day (seed 002): the first
    thank-you, kept on the conversation, answers for most; the messages of the others
    are searched for a later one sent that day."""
    held, sent = clock.day("c.held_at"), clock.day("m.sent_at")
    [(count,)] = db.execute(
        "SELECT count(*) FROM conversations c"
        " WHERE c.owner_id = :owner AND c.held_at IS NOT NULL AND c.thanked_at IS NOT NULL"
        f" AND ({clock.day('c.thanked_at')} = {held} OR EXISTS ("
        " SELECT 1 FROM messages m WHERE m.conversation_id = c.id"
        f" AND m.kind = 'thank_you' AND m.status = 'sent' AND {sent} = {held}))",
        params,
    )
    return int(count)


def _median_reply_hours(db: Driver, params: dict[str, object], waits: int) -> float | None:
    """The median of the ``waits`` conversations' hours from the first request sent to
    the first reply after it."""
    if not waits:
        return None
    middle = db.execute(_MIDDLE, {**params, "take": 2 - waits % 2, "skip": (waits - 1) // 2})
    if not middle:
        return None  # a conversation went meanwhile (another transaction's delete)
    return round(sum(float(hours) for (hours,) in middle) / len(middle), 1)


def _labelled(rows: Iterable[Sequence[Any]]) -> tuple[tuple[str, int], ...]:
    """(role, industry, count) rows as (the target's label, count)."""
    return tuple(
        (role + (f", {industry}" if industry else ""), int(n)) for role, industry, n in rows
    )


def _per_month(db: Driver, params: dict[str, object], zone: tzinfo) -> list[tuple[str, int]]:
    """Requests sent per month of the user's calendar, for each month that has any: the
    month's bounds are found here, in the user's zone, so each count is a range of the
    messages' index, and the next month read is the one of the next request."""
    found: list[tuple[str, int]] = []
    since: datetime | None = None
    while True:
        after = {"since": db.stamp(since)} if since is not None else {}
        [(first,)] = db.execute(
            f"SELECT min(sent_at) {_REQUESTS}" + (" AND sent_at >= :since" if after else ""),
            {**params, **after},
        )
        if first is None:
            return found
        start, stop = _month_of(utc(first), zone)
        before = {"stop": db.stamp(stop)} if stop is not None else {}
        [(count,)] = db.execute(
            f"SELECT count(*) {_REQUESTS} AND sent_at >= :start"
            + (" AND sent_at < :stop" if before else ""),
            {**params, "start": db.stamp(start), **before},
        )
        found.append((f"{start.year:04d}-{start.month:02d}", int(count)))
        if stop is None:
            return found
        since = stop


def _month_of(moment: datetime, zone: tzinfo) -> tuple[datetime, datetime | None]:
    """The first instant of ``moment``'s month in ``zone``, and of the month after (None
    after December 9999). At the calendar's ends, where the zone would take a month out
    of Python's years 1-9999, the month is UTC's."""
    try:
        local = moment.astimezone(zone)
        start = datetime(local.year, local.month, 1, tzinfo=zone)
        start.astimezone(UTC)
    except OverflowError:
        start = datetime(moment.year, moment.month, 1, tzinfo=UTC)
    year, month = divmod(start.year * 12 + start.month, 12)  # the month after, 0-based
    try:
        stop = datetime(year, month + 1, 1, tzinfo=start.tzinfo)
        stop.astimezone(UTC)
    except (OverflowError, ValueError):
        return start, None
    return start, stop
