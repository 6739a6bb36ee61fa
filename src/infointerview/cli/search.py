"""`infointerview search`: find text in names, organisations, titles, targets and notes."""

from __future__ import annotations

from typing import Annotated

import typer

from infointerview.cli import render
from infointerview.cli.common import DbOption, JsonOption, workspace


def search(
    text: Annotated[str, typer.Argument(help="What to look for (case-insensitive).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Search people, organisations, titles, targets and notes."""
    from infointerview.services.search import search as run_search

    with workspace(db) as ws:
        hits = run_search(session=ws.session, owner=ws.owner, text=text)
    if as_json:
        render.print_json(hits)
        return
    if not hits:
        render.say(f"Nothing matches {text!r}.")
        return
    render.table(
        None,
        ("kind", "id", "what", "matched"),
        ((h.kind, h.id, h.title, h.matched[:100]) for h in hits),
    )
