"""Who to ask next about a target: read what the ranking needs, with a few aggregate
queries, and rank (domain.ranking).

A large network (a LinkedIn import of thousands of cold contacts) is not scored whole:
the people who can score (known, referred or alumni, with hiring experience, at the
target's organisation, or whose title, organisation or industry share a word of the
target) are read first, and only when they are fewer than asked for do others fill in.

With the ``semantic`` extra installed (and not turned off in config.toml's ``[ranking]``
or by ``INFOINTERVIEW_SEMANTIC=0``), the titles of the people read are also compared with
the role by meaning (services.semantic), and a title counts by whichever is worth more.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, false, func, or_, select
from sqlalchemy.orm import Session

from infointerview.config import RankingSettings, load_ranking
from infointerview.domain import ranking
from infointerview.domain.vocabulary import ConversationState as S
from infointerview.domain.vocabulary import HowKnown, MessageKind, MessageStatus
from infointerview.errors import MissingExtra
from infointerview.services import semantic
from infointerview.services.lookup import owned
from infointerview.store.models import (
    Conversation,
    Message,
    Organization,
    Person,
    Referral,
    Target,
)

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 10
# The conversations that keep someone "in play" at their organisation.
_LIVE = (S.REQUESTED, S.SCHEDULED)


@dataclass(frozen=True, slots=True)
class Ranking:
    """The target as ranked against, its people best first, and whether their titles
    were also compared with the role by meaning (the ``semantic`` extra)."""

    target: ranking.Target
    ranked: list[ranking.Ranked]
    semantic: bool


def rank_for_target(
    *, session: Session, owner: int, target_id: int, today: date, limit: int = DEFAULT_LIMIT
) -> tuple[ranking.Target, list[ranking.Ranked]]:
    """Return the target as ranked against, and its best ``limit`` people to ask, each
    with the reasons for their place. Anyone already asked about it is left out.

    As :func:`rank_people` with the configured settings, less whether meaning was used.
    """
    found = rank_people(session=session, owner=owner, target_id=target_id, today=today, limit=limit)
    return found.target, found.ranked


def rank_people(
    *,
    session: Session,
    owner: int,
    target_id: int,
    today: date,
    limit: int = DEFAULT_LIMIT,
    settings: RankingSettings | None = None,
) -> Ranking:
    """Rank the people to ask about a target, best ``limit`` first, each with the reasons
    for their place; anyone already asked about it is left out.

    Args:
        settings: whether to compare titles by meaning; None reads config.toml's
            ``[ranking]`` table and ``INFOINTERVIEW_SEMANTIC``.

    Raises:
        MissingExtra: relevance by meaning is required but cannot be had.
    """
    setting = (settings or load_ranking()).semantic
    use_meaning = semantic.wanted(setting)
    row = owned(session, Target, target_id, owner=owner, kind="target")
    target = ranking.Target(
        role=row.role,
        industry=row.industry,
        organization=row.organization.name if row.organization else None,
    )
    since = datetime.combine(today - timedelta(days=ranking.RECENT_DAYS + 1), time.min, UTC)
    people = _candidates(session, owner, row, since, promising=True)
    if len(people) < limit:
        people += _candidates(session, owner, row, since, promising=False, count=limit)
    meaning = _by_meaning(target, people, required=bool(setting)) if use_meaning else None
    ranked = ranking.rank(people, target, today, meaning)[: max(0, limit)]
    return Ranking(target=target, ranked=ranked, semantic=meaning is not None)


def _by_meaning(
    target: ranking.Target, people: list[ranking.Candidate], *, required: bool
) -> dict[int, float] | None:
    """Each titled person's similarity in meaning to the role; None when the model
    cannot be had (then the titles count by shared words, unless meaning is required)."""
    titled = [p for p in people if p.title]
    if not titled or not target.role.strip():
        return {}
    try:
        scores = semantic.similarities(target.role, [p.title or "" for p in titled])
    except semantic.Unavailable as exc:
        if required:
            raise MissingExtra("relevance by meaning", semantic.EXTRA, str(exc)) from None
        logger.warning("ranking by shared words only: %s", exc)
        return None
    return {p.person_id: score for p, score in zip(titled, scores, strict=True)}


def _promising(target: Target) -> ColumnElement[bool]:
    """People who can score more than a cold contact (the search text holds the name,
    title and organisation, lower-cased)."""
    words = ranking.words(target.role) | ranking.words(target.industry)
    clauses: list[ColumnElement[bool]] = [
        Person.how_known != HowKnown.COLD,
        Person.hiring_experience.is_(True),
    ]
    clauses += [Person.search_text.contains(word, autoescape=True) for word in sorted(words)]
    # NULLs would make the negation (the people who do not promise) unknown, not true.
    industry = func.coalesce(Organization.industry, "")
    clauses += [industry.ilike(f"%{w}%") for w in sorted(words)]
    if target.organization_id is not None:
        clauses.append(func.coalesce(Person.organization_id, 0) == target.organization_id)
    return or_(*clauses) if clauses else false()


def _candidates(
    session: Session,
    owner: int,
    target: Target,
    since: datetime,
    *,
    promising: bool,
    count: int | None = None,
) -> list[ranking.Candidate]:
    c = Conversation
    asked_about = select(c.person_id).where(
        c.owner_id == owner, c.target_id == target.id, c.state != S.DRAFT
    )
    query = (
        select(
            Person.id,
            Person.full_name,
            Person.how_known,
            Person.title,
            Person.hiring_experience,
            Person.organization_id,
            Organization.name,
            Organization.industry,
        )
        .outerjoin(Organization, Organization.id == Person.organization_id)
        .where(Person.owner_id == owner, Person.id.not_in(asked_about))
    )
    promise = _promising(target)
    query = query.where(promise) if promising else query.where(~promise)
    if count is not None:
        query = query.order_by(Person.sort_name, Person.id).limit(count)
    rows = session.execute(query).all()
    if not rows:
        return []
    ids = [int(r[0]) for r in rows]
    asked = _recently_asked(session, owner, ids, since)
    in_play, live = _in_play(session, owner)
    named = set(
        session.scalars(
            select(Referral.referred_id).where(
                Referral.owner_id == owner,
                Referral.may_use_name.is_(True),
                Referral.referred_id.in_(ids),
            )
        )
    )
    out = []
    for pid, name, how, title, hiring, org_id, org, industry in rows:
        others = in_play.get(org_id, 0) - (1 if pid in live else 0) if org_id else 0
        out.append(
            ranking.Candidate(
                person_id=pid,
                name=name,
                how_known=HowKnown(how),
                title=title,
                organization=org,
                industry=industry,
                hiring_experience=bool(hiring),
                may_use_name=pid in named,
                last_asked=asked.get(pid),
                others_in_play=max(0, others),
            )
        )
    return out


def _recently_asked(
    session: Session, owner: int, ids: list[int], since: datetime
) -> dict[int, date]:
    """When each of ``ids`` was last sent a request or a nudge, if since ``since``."""
    sent = (
        select(Conversation.person_id, func.max(Message.sent_at))
        .join(Conversation, Conversation.id == Message.conversation_id)
        .where(
            Message.owner_id == owner,
            Message.status == MessageStatus.SENT,
            Message.kind.in_((MessageKind.REQUEST, MessageKind.NUDGE)),
            Message.sent_at >= since,
            Conversation.person_id.in_(ids),
        )
        .group_by(Conversation.person_id)
    )
    return {pid: when.date() for pid, when in session.execute(sent) if when is not None}


def _in_play(session: Session, owner: int) -> tuple[dict[int, int], set[int]]:
    """Per organisation, how many people have a live request or meeting; and who."""
    c = Conversation
    counts = session.execute(
        select(Person.organization_id, func.count(func.distinct(c.person_id)))
        .join(Person, Person.id == c.person_id)
        .where(c.owner_id == owner, c.state.in_(_LIVE), Person.organization_id.is_not(None))
        .group_by(Person.organization_id)
    ).all()
    live = set(session.scalars(select(c.person_id).where(c.owner_id == owner, c.state.in_(_LIVE))))
    return {int(org or 0): int(n) for org, n in counts}, live
