"""What every command shares: the --db and --json options, and opening the user's data."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from infointerview.domain.vocabulary import TargetStatus
    from infointerview.services.workspace import Workspace

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="INFOINTERVIEW_DB",
        show_envvar=True,
        metavar="URL",
        help="Database URL (sqlite:///PATH, postgresql://USER@HOST/NAME) or SQLite file path. "
        "Default: infointerview.db in the data folder (see `infointerview db path`).",
    ),
]
# io.text.DEFAULT_LIMIT as --max-size takes it (a test checks they agree).
DEFAULT_MAX_SIZE = "100MB"


def _size(value: str) -> int:
    from infointerview.io.text import parse_size

    try:
        return parse_size(value)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


MaxSizeOption = Annotated[
    int,
    typer.Option(
        "--max-size",
        parser=_size,
        metavar="SIZE",
        help=f"Refuse files larger than this (default {DEFAULT_MAX_SIZE}; e.g. 500MB).",
        show_default=False,
    ),
]
EncodingOption = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        metavar="NAME",
        help="The file's text encoding (e.g. cp1252, utf-16); found out when not given.",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write here instead of to the screen."),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON with a stable shape instead of a table.")
]
TargetArg = Annotated[str, typer.Argument(metavar="TARGET", help="An id or part of the role.")]


def parse_status(value: str | None) -> TargetStatus | None:
    """Return the target status ``--status`` names, None when it is not given."""
    from infointerview.domain.vocabulary import TargetStatus, parse_choice

    return parse_choice(TargetStatus, value, field="--status") if value else None


@contextmanager
def workspace(db: str | None) -> Iterator[Workspace]:
    """Yield a Workspace whose changes are committed when the block ends without error."""
    from infointerview.services.workspace import open_workspace

    with open_workspace(db) as opened:
        yield opened


def write_output(content: str, file: Path, *, force: bool) -> bool:
    """Write ``content`` to ``file`` whole (``-``: standard output); True when to a file.

    Raises:
        BadInput: when ``file`` exists and ``force`` is not given, or cannot be written.
    """
    import sys

    from infointerview.io.files import write_atomically

    if str(file) == "-":
        sys.stdout.write(content)
        return False
    write_atomically(file, content, overwrite=force)
    return True


def parse_datetime(value: str | None, *, field: str) -> datetime | None:
    """Return an aware datetime from ISO 8601 text; text without a zone is local time."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date and time like 2026-11-24T14:30 or '2026-11-24 14:30+01:00'",
            param_hint=field,
        ) from None
    if not 1900 <= parsed.year <= 2200:
        raise typer.BadParameter(
            f"{value!r} is not a plausible date (years 1900-2200)", param_hint=field
        )
    return parsed if parsed.tzinfo is not None else parsed.astimezone()


def parse_date(value: str | None, *, field: str) -> date | None:
    """Return a date from ISO text (YYYY-MM-DD)."""
    if value is None:
        return None
    try:
        day = date.fromisoformat(value.strip())
        if 1900 <= day.year <= 2200:
            return day
        raise ValueError(day)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date like 2026-11-24", param_hint=field
        ) from None
