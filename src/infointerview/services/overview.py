"""The one-screen overview: the pipeline by state, the targets, and recent events."""

from __future__ import annotations

from sqlalchemy.orm import Session

from infointerview.domain.records import Overview
from infointerview.services import detail_query
from infointerview.store.plain_sql import driver_execute


def overview(*, session: Session, owner: int, recent: int = 10) -> Overview:
    """Return counts per conversation state (every state, zeros included) and the rest."""
    return detail_query.overview(driver_execute(session), owner=owner, recent=recent)
