"""Fetch one of the owner's rows by id, or say clearly that there is none."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.orm import Session

from infointerview.domain.naming import is_storable_id
from infointerview.errors import NotFound

Row = TypeVar("Row")


def owned(session: Session, model: type[Row], row_id: int, *, owner: int, kind: str) -> Row:
    """Return the row of ``model`` with ``row_id`` if the owner has it.

    Raises:
        NotFound: naming ``kind`` and the id, for a missing row or another owner's.
    """
    row: Any = session.get(model, row_id) if is_storable_id(row_id) else None
    if row is None or row.owner_id != owner:
        raise NotFound(kind, f"#{row_id}")
    return row  # type: ignore[no-any-return]
