"""How the front ends (CLI and web) show values to people."""

from __future__ import annotations

from datetime import date, datetime


def when(value: datetime | date | None) -> str:
    """Return a datetime in local time as ``YYYY-MM-DD HH:MM``, a date as ``YYYY-MM-DD``."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    return value.isoformat()
