"""`infointerview overview`: the pipeline, the targets and what happened lately."""

from __future__ import annotations

from infointerview.cli import render
from infointerview.cli.common import DbOption, JsonOption, workspace


def overview(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Show conversations per state, your targets and recent events."""
    from infointerview.services.overview import overview as build

    with workspace(db) as ws:
        summary = build(session=ws.session, owner=ws.owner)
    if as_json:
        render.print_json(summary)
        return
    stages = " · ".join(
        f"{state.replace('_', ' ')} {count}" for state, count in summary.pipeline.items()
    )
    render.heading(f"Pipeline ({summary.people} people)")
    render.say(stages)
    render.table(
        "Targets",
        ("id", "target", "status", "conversations"),
        ((t.id, t.label, t.status.value, t.conversations) for t in summary.targets),
    )
    render.table(
        "Recent",
        ("when", "what"),
        ((render.when(e.occurred_at), e.summary) for e in summary.recent),
    )
    if not summary.people:
        render.say("Nothing here yet: `infointerview demo --db demo.db` shows a sample network.")
