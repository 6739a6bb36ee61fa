"""`infointerview init`: create the database and the local user."""

from __future__ import annotations

from infointerview.cli import render
from infointerview.cli.common import DbOption, workspace


def init(db: DbOption = None) -> None:
    """Create (or check) the database and its local user."""
    with workspace(db) as ws:
        where = ws.database.where
    render.say(f"Ready: {where}")
