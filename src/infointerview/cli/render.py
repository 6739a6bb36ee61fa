"""Printing for the CLI: Rich tables for people, JSON with a pinned shape for scripts.

User text is always wrapped in ``rich.text.Text`` so that square brackets in a name
are shown as typed, never read as Rich markup.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from infointerview.display import when as when  # the CLI formats dates through render

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def jsonable(value: Any) -> Any:
    """Return ``value`` as plain JSON types: records become objects, times ISO 8601 text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def print_json(value: Any) -> None:
    """Write ``value`` as indented JSON on standard output.

    Non-ASCII text is written as is on a UTF-8 stream and as ``\\u`` escapes on any
    other, so the JSON stays valid whatever the terminal's encoding.
    """
    utf8 = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "") == "utf8"
    sys.stdout.write(json.dumps(jsonable(value), indent=2, ensure_ascii=not utf8) + "\n")


_console: Console | None = None


def console() -> Console:
    """Return the shared Rich console for standard output."""
    global _console
    if _console is None:
        from rich.console import Console

        _console = Console(highlight=False)
    return _console


def text(value: object) -> Text:
    """Return user data as Rich Text, so it is printed literally."""
    from rich.text import Text

    if value is None or value == "":
        return Text("")
    return Text(str(value))


def clip(value: str | None, limit: int = 80) -> str:
    """Return ``value`` cut to ``limit`` characters with an ellipsis, for table cells."""
    if not value:
        return ""
    flat = " ".join(value.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Print a table whose cells are user data."""
    from rich.table import Table

    grid = Table(title=title, title_justify="left", header_style="bold")
    for column in columns:
        grid.add_column(column)
    for row in rows:
        grid.add_row(*(text(cell) for cell in row))
    console().print(grid)


def fields(pairs: Iterable[tuple[str, object]]) -> None:
    """Print ``label: value`` lines, skipping empty values."""
    from rich.text import Text

    for label, value in pairs:
        if value in (None, "", (), []):
            continue
        line = Text(f"{label}: ", style="bold")
        line.append_text(text(", ".join(value) if isinstance(value, tuple | list) else value))
        console().print(line)


def heading(value: str) -> None:
    """Print a section heading (the text is escaped)."""
    from rich.text import Text

    console().print()
    console().print(Text(value, style="bold underline"))


def say(message: str) -> None:
    """Print a one-line message as is: escaped, and never wrapped (paths stay whole)."""
    console().print(text(message), soft_wrap=True)
