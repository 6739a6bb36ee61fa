"""What routes share: the request's workspace and form parsing helpers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from starlette.requests import Request

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


def optional_int(text: str | None) -> int | None:
    """Return the integer ``text`` holds, None for empty text; ValueError otherwise."""
    if text is None or not text.strip():
        return None
    return int(text.strip())
