"""The one-screen overview: the pipeline by state, the targets, and recent events."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from infointerview.domain.records import Overview
from infointerview.domain.vocabulary import ConversationState
from infointerview.services import targets, timeline
from infointerview.store.models import Conversation, Person


def overview(*, session: Session, owner: int, recent: int = 10) -> Overview:
    """Return counts per conversation state (every state, zeros included) and the rest."""
    counts = dict(
        session.execute(
            select(Conversation.state, func.count())
            .where(Conversation.owner_id == owner)
            .group_by(Conversation.state)
        ).all()
    )
    people = session.scalar(select(func.count()).where(Person.owner_id == owner)) or 0
    return Overview(
        pipeline={state.value: counts.get(state, 0) for state in ConversationState},
        targets=tuple(targets.list_targets(session=session, owner=owner)),
        people=int(people),
        recent=timeline.recent(session=session, owner=owner, limit=recent),
    )
