"""Values read by plain SQL, made the types the ORM would have given.

SQLite hands back what SQLAlchemy stored there: timestamps and dates as ISO text (UTC,
without a zone) and booleans as 0 or 1; PostgreSQL's driver gives the real types.
"""

from __future__ import annotations

from datetime import UTC, date, datetime


def utc(value: datetime | str) -> datetime:
    """Return a stored timestamp as an aware UTC datetime."""
    stamp = datetime.fromisoformat(value) if isinstance(value, str) else value
    return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)


def utc_or_none(value: datetime | str | None) -> datetime | None:
    """Return a stored timestamp as an aware UTC datetime, or None for NULL."""
    return None if value is None else utc(value)


def day(value: date | str) -> date:
    """Return a stored date."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def day_or_none(value: date | str | None) -> date | None:
    """Return a stored date, or None for NULL."""
    return None if value is None else day(value)
