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


_SOURCES = {"linkedin": "LinkedIn", "vcard": "vCard", "csv": "CSV"}


def came_from(source: str, file_name: str, line: int, imported_at: datetime) -> str:
    """Return where an imported person came from: ``LinkedIn Connections.csv, line 12, ...``."""
    return f"{_SOURCES.get(source, source)} {file_name}, line {line}, {when(imported_at)}"
