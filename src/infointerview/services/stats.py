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
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from infointerview.domain.vocabulary import ConversationState as S
from infointerview.io.charts import Bar, Chart
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
# answered once a reply came (store.conversation_facts keeps replied_at).
_GROUPED = f"""
SELECT c.channel, p.how_known, count(*),
       sum(CASE WHEN c.state IN ({_states(_ANSWERED)}) OR c.replied_at IS NOT NULL THEN 1
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
    """Meetings with the first thank-you sent on the user's same day (seed 002)."""
    [(count,)] = db.execute(
        "SELECT count(*) FROM conversations"
        " WHERE owner_id = :owner AND held_at IS NOT NULL AND thanked_at IS NOT NULL"
        f" AND {clock.day('thanked_at')} = {clock.day('held_at')}",
        params,
    )
    return int(count)


def _median_reply_hours(db: Driver, params: dict[str, object], waits: int) -> float | None:
    """The median of the ``waits`` conversations' hours from the first request sent to
    the first reply after it."""
    if not waits:
        return None
    middle = db.execute(_MIDDLE, {**params, "take": 2 - waits % 2, "skip": (waits - 1) // 2})
    return round(sum(float(hours) for (hours,) in middle) / len(middle), 1)


def _labelled(rows: Iterable[Sequence[Any]]) -> tuple[tuple[str, int], ...]:
    """(role, industry, count) rows as (the target's label, count)."""
    return tuple(
        (role + (f", {industry}" if industry else ""), int(n)) for role, industry, n in rows
    )


def _per_month(db: Driver, params: dict[str, object], zone: tzinfo) -> list[tuple[str, int]]:
    """Requests sent per month of the user's calendar: each month's bounds found here, in
    the user's zone, so each count is a range of the messages' index."""
    [(first, last)] = db.execute(f"SELECT min(sent_at), max(sent_at) {_REQUESTS}", params)
    if first is None or last is None:
        return []
    month = _month_start(_timestamp(first).astimezone(zone))
    end = _timestamp(last)
    found = []
    while month <= end:
        following = _month_start(month + timedelta(days=32))
        [(count,)] = db.execute(
            f"SELECT count(*) {_REQUESTS} AND sent_at >= :start AND sent_at < :stop",
            {**params, "start": db.stamp(month), "stop": db.stamp(following)},
        )
        if count:
            found.append((f"{month.year:04d}-{month.month:02d}", int(count)))
        month = following
    return found


def _month_start(moment: datetime) -> datetime:
    """The first instant of ``moment``'s month, in its zone."""
    return datetime(moment.year, moment.month, 1, tzinfo=moment.tzinfo)


def _timestamp(value: object) -> datetime:
    """A stored timestamp as an aware datetime (SQLite gives back SQLAlchemy's text)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)
