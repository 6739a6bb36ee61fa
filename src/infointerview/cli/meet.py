"""`infointerview meet`: meeting mode in the terminal."""

from __future__ import annotations

from typing import Annotated

import typer

from infointerview.cli.common import DbOption


def meet(
    conversation: Annotated[int, typer.Argument(metavar="CONVERSATION", help="A conversation id.")],
    db: DbOption = None,
) -> None:
    """Hold the meeting: a timer against the agreed minutes, the questions to tick, notes
    saved every second, quick capture (ref Name @ Org +name, insight ..., offer ...), and
    the wrap-up (F10). Leaving (ctrl+q) keeps the meeting open to come back to."""
    from infointerview.cli.meeting_app import MeetingApp
    from infointerview.services import meeting
    from infointerview.services.workspace import Store

    store = Store(db)
    try:
        with store.workspace() as ws:
            held = meeting.start(session=ws.session, owner=ws.owner, conversation_id=conversation)
        said = MeetingApp(store, held.id).run()
    finally:
        store.close()
    if said:
        typer.echo(said)
