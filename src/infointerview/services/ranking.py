"""Who to ask next about a target: read what the ranking needs, with a few aggregate
queries, and rank (domain.ranking)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from infointerview.domain import ranking
from infointerview.domain.vocabulary import ConversationState as S
from infointerview.domain.vocabulary import HowKnown
from infointerview.services.lookup import owned
from infointerview.store.models import Conversation, Organization, Person, Referral, Target

DEFAULT_LIMIT = 10
# The conversations that keep someone "in play" at their organisation.
_LIVE = (S.REQUESTED, S.SCHEDULED)


def rank_for_target(
    *, session: Session, owner: int, target_id: int, today: date, limit: int = DEFAULT_LIMIT
) -> tuple[ranking.Target, list[ranking.Ranked]]:
    """Return the target as ranked against, and its best ``limit`` people to ask, each
    with the reasons for their place. People already met about it are left out."""
    row = owned(session, Target, target_id, owner=owner, kind="target")
    target = ranking.Target(
        role=row.role,
        industry=row.industry,
        organization=row.organization.name if row.organization else None,
    )
    since = datetime.combine(today - timedelta(days=ranking.RECENT_DAYS + 1), time.min, UTC)
    ranked = ranking.rank(_candidates(session, owner, row.id, since), target, today)
    return target, ranked[: max(0, limit)]


def _candidates(
    session: Session, owner: int, target_id: int, since: datetime
) -> list[ranking.Candidate]:
    c = Conversation
    # Only a recent ask counts against someone: older ones are not read.
    asked = dict(
        session.execute(
            select(c.person_id, func.max(c.created_at))
            .where(c.owner_id == owner, c.state != S.DRAFT, c.created_at >= since)
            .group_by(c.person_id)
        ).all()
    )
    met = set(
        session.scalars(
            select(c.person_id).where(
                c.owner_id == owner,
                c.target_id == target_id,
                c.state.in_((S.HELD, S.THANKED, S.CLOSED)),
            )
        )
    )
    in_play = dict(
        session.execute(
            select(Person.organization_id, func.count(func.distinct(c.person_id)))
            .join(Person, Person.id == c.person_id)
            .where(c.owner_id == owner, c.state.in_(_LIVE), Person.organization_id.is_not(None))
            .group_by(Person.organization_id)
        ).all()
    )
    live = set(session.scalars(select(c.person_id).where(c.owner_id == owner, c.state.in_(_LIVE))))
    named = {
        referred
        for referred, may in session.execute(
            select(Referral.referred_id, Referral.may_use_name).where(Referral.owner_id == owner)
        )
        if may
    }
    rows = session.execute(
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
        .where(Person.owner_id == owner)
    )
    out = []
    for pid, name, how, title, hiring, org_id, org, industry in rows:
        if pid in met:
            continue
        last = asked.get(pid)
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
                last_asked=last.date() if last is not None else None,
                others_in_play=max(0, others),
            )
        )
    return out
