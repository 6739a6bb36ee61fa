"""The numbers of the explorer's method, each from an SQL aggregate (never every row):
requests and the share answered (overall, by channel, by how known), the median time
to a reply, meetings, referrals per meeting, thank-yous sent the same day (seed 002),
follow-ups per request, conversations per target, and requests per month.

A request's template follows from how the person is known (mail.drafts), so "by how
known" is also "by template".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, tzinfo
from typing import Any

from sqlalchemy import ColumnElement, Date, Float, Interval, and_, case, cast, exists, func, select
from sqlalchemy.orm import Session

from infointerview.domain.vocabulary import ConversationState as S
from infointerview.domain.vocabulary import MessageKind, MessageStatus
from infointerview.io.charts import Bar, Chart
from infointerview.store.models import (
    Claim,
    Conversation,
    Evidence,
    Message,
    Person,
    Referral,
    Target,
)

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


def _sent(kind: MessageKind) -> ColumnElement[bool]:
    return and_(Message.kind == kind, Message.status == MessageStatus.SENT)


def compute(*, session: Session, owner: int, zone: tzinfo = UTC) -> Stats:
    """Return the owner's numbers, days and months in the user's ``zone``.

    SQLite has no time zones: there, the zone's offset today stands for all dates (a
    thank-you sent within an hour of midnight across a daylight-saving change may fall
    on the other day).
    """
    c = Conversation
    postgres = session.get_bind().dialect.name == "postgresql"
    clock = _clock(postgres, zone)
    replied = exists().where(
        Message.conversation_id == c.id, Message.status == MessageStatus.RECEIVED
    )
    # The state answers for most; only a request still waiting looks for a reply.
    answered = case((c.state.in_(_ANSWERED), 1), (replied, 1), else_=0)
    grouped = session.execute(
        select(c.channel, Person.how_known, func.count(), func.sum(answered))
        .join(Person, Person.id == c.person_id)
        .where(c.owner_id == owner, c.state != S.DRAFT)
        .group_by(c.channel, Person.how_known)
    ).all()
    channels: dict[str, list[int]] = {}
    known: dict[str, list[int]] = {}
    for channel, how, asked, yes in grouped:
        for table, key in ((channels, str(channel.value)), (known, str(how.value))):
            totals = table.setdefault(key, [0, 0])
            totals[0] += int(asked)
            totals[1] += int(yes or 0)
    requests = sum(t[0] for t in channels.values())
    meetings = (
        session.scalar(select(func.count()).where(c.owner_id == owner, c.state.in_(_MET))) or 0
    )
    referrals = (
        session.scalar(select(func.count()).select_from(Referral).where(Referral.owner_id == owner))
        or 0
    )
    nudges = (
        session.scalar(
            select(func.count()).where(Message.owner_id == owner, _sent(MessageKind.NUDGE))
        )
        or 0
    )
    return Stats(
        requests=requests,
        answered=sum(t[1] for t in channels.values()),
        median_reply_hours=_median_reply_hours(session, owner, postgres),
        meetings=meetings,
        referrals=referrals,
        thanked_same_day=_thanked_same_day(session, owner, clock),
        nudges=nudges,
        by_channel=_rates(channels),
        by_how_known=_rates(known),
        per_target=tuple(_per_target(session, owner)),
        per_month=tuple(_per_month(session, owner, clock)),
        open_claims=tuple(_open_claims(session, owner)),
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
    """How the database turns a stored UTC timestamp into the user's wall-clock time."""

    postgres: bool
    zone: str | None  # an IANA name, for PostgreSQL
    offset_minutes: int  # the zone's offset now: SQLite's, and PostgreSQL's without a name

    def local(self, column: Any) -> ColumnElement[object]:
        """The wall-clock time of ``column`` in the user's zone."""
        if self.postgres:
            if self.zone is not None:
                return func.timezone(self.zone, column)
            return func.timezone(cast(f"{self.offset_minutes} minutes", Interval), column)
        return func.datetime(column, f"{self.offset_minutes:+d} minutes")

    def day(self, column: Any) -> ColumnElement[object]:
        """The user's date of ``column``."""
        local = self.local(column)
        return cast(local, Date) if self.postgres else func.date(local)

    def month(self, column: Any) -> ColumnElement[object]:
        """The user's year and month of ``column``, as ``YYYY-MM``."""
        local = self.local(column)
        return func.to_char(local, "YYYY-MM") if self.postgres else func.strftime("%Y-%m", local)


def _clock(postgres: bool, zone: tzinfo) -> _Clock:
    from datetime import datetime

    name = getattr(zone, "key", None)
    offset = datetime.now(zone).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    return _Clock(postgres=postgres, zone=name, offset_minutes=minutes)


def _thanked_same_day(session: Session, owner: int, clock: _Clock) -> int:
    c = Conversation
    same_day = exists().where(
        Message.conversation_id == c.id,
        _sent(MessageKind.THANK_YOU),
        clock.day(Message.sent_at) == clock.day(c.held_at),
    )
    return (
        session.scalar(
            select(func.count()).where(c.owner_id == owner, c.held_at.is_not(None), same_day)
        )
        or 0
    )


def _median_reply_hours(session: Session, owner: int, postgres: bool) -> float | None:
    """The median time from the first request sent to the first reply after it, over the
    conversations that have both; the database finds the middle row (ORDER BY, OFFSET)."""
    request = (
        select(Message.conversation_id.label("talk"), func.min(Message.sent_at).label("asked"))
        .where(Message.owner_id == owner, _sent(MessageKind.REQUEST))
        .group_by(Message.conversation_id)
        .subquery()
    )
    # The first reply after the request (a message logged before it is not a reply).
    first = (
        select(request.c.talk, request.c.asked, func.min(Message.received_at).label("replied"))
        .join(
            Message,
            and_(
                Message.conversation_id == request.c.talk,
                Message.status == MessageStatus.RECEIVED,
                Message.received_at > request.c.asked,
            ),
        )
        .group_by(request.c.talk, request.c.asked)
        .subquery()
    )
    if postgres:
        hours = func.extract("epoch", first.c.replied - first.c.asked) / 3600.0
    else:
        hours = (func.julianday(first.c.replied) - func.julianday(first.c.asked)) * 24.0
    waited = select(cast(hours, Float).label("hours")).subquery()
    count = session.scalar(select(func.count()).select_from(waited)) or 0
    if not count:
        return None
    middle = session.scalars(
        select(waited.c.hours)
        .order_by(waited.c.hours)
        .offset((count - 1) // 2)
        .limit(2 - count % 2)
    ).all()
    return round(sum(float(m) for m in middle) / len(middle), 1)


def _per_target(session: Session, owner: int) -> list[tuple[str, int]]:
    rows = session.execute(
        select(Target.role, Target.industry, func.count(Conversation.id))
        .join(Conversation, Conversation.target_id == Target.id)
        .where(Target.owner_id == owner, Conversation.state != S.DRAFT)
        .group_by(Target.id, Target.role, Target.industry)
        .order_by(func.count(Conversation.id).desc(), Target.role)
    )
    return [(role + (f", {industry}" if industry else ""), n) for role, industry, n in rows]


def _open_claims(session: Session, owner: int) -> list[tuple[str, int]]:
    """Claims and questions per target that no conversation has spoken to yet (seed 001)."""
    said = exists().where(Evidence.claim_id == Claim.id)
    rows = session.execute(
        select(Target.role, Target.industry, func.count(Claim.id))
        .join(Claim, Claim.target_id == Target.id)
        .where(Target.owner_id == owner, ~said)
        .group_by(Target.id, Target.role, Target.industry)
        .order_by(func.count(Claim.id).desc(), Target.role)
    )
    return [(role + (f", {industry}" if industry else ""), n) for role, industry, n in rows]


def _per_month(session: Session, owner: int, clock: _Clock) -> list[tuple[str, int]]:
    """Requests sent per month of the user's calendar."""
    month = clock.month(Message.sent_at)
    rows = session.execute(
        select(month, func.count())
        .where(Message.owner_id == owner, _sent(MessageKind.REQUEST))
        .group_by(month)
        .order_by(month)
    )
    return [(str(m), int(n)) for m, n in rows]
