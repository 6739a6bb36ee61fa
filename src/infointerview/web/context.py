"""What routes share: the request's workspace and form parsing helpers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from starlette.requests import Request

from infointerview.errors import InvalidValue
from infointerview.services.workspace import Store, Workspace

# People per page on the People page.
PAGE_SIZE = 50


@contextmanager
def workspace(request: Request) -> Iterator[Workspace]:
    """Yield a workspace on the app's database, committed when the block ends cleanly.

    A GET only reads, so its workspace is read-only: pages never wait for a writer.
    """
    store: Store = request.app.state.store
    with store.workspace(read_only=request.method == "GET") as ws:
        yield ws


def lines(text: str) -> list[str]:
    """Split a textarea or comma-separated field into its non-empty, trimmed items."""
    parts = text.replace(",", "\n").splitlines()
    return [part.strip() for part in parts if part.strip()]


def optional_date(text: str | None, *, field: str) -> date | None:
    """Return the date ``text`` holds (YYYY-MM-DD, years 1900-2200, as the CLI's
    parse_date), None for empty text.

    Raises:
        InvalidValue: naming ``field``, for anything else.
    """
    if text is None or not text.strip():
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        day = None
    if day is None or not 1900 <= day.year <= 2200:
        raise InvalidValue(field, f"{text.strip()[:40]!r} is not a date (YYYY-MM-DD)")
    return day


def optional_int(text: str | None) -> int | None:
    """Return the integer ``text`` holds, None for empty text; ValueError otherwise."""
    if text is None or not text.strip():
        return None
    return int(text.strip())
