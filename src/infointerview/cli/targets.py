"""`infointerview target`: the career paths being explored (seeds 001, 003)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from infointerview.cli import render
from infointerview.cli.common import DbOption, JsonOption, TargetArg, parse_status, workspace

if TYPE_CHECKING:
    pass

app = typer.Typer(
    help="Career targets: add, edit, research, claims to verify, decisions.",
    no_args_is_help=True,
)

StatusOpt = Annotated[str | None, typer.Option(help="exploring, pursuing or 'set aside'.")]


@app.command("add")
def add(
    role: Annotated[str, typer.Argument(help="The role, e.g. 'UX Researcher'.")],
    industry: Annotated[str | None, typer.Option(help="The industry.")] = None,
    org: Annotated[str | None, typer.Option("--org", help="One organisation, if any.")] = None,
    status: StatusOpt = None,
    note: Annotated[str | None, typer.Option("--decision-note", help="Why, so far.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Add a career target to explore."""
    from infointerview.services.targets import TargetFields, add_target

    fields = TargetFields(
        role=role,
        industry=industry,
        organization=org,
        status=parse_status(status),
        decision_note=note,
    )
    with workspace(db) as ws:
        target = add_target(session=ws.session, owner=ws.owner, fields=fields)
    if as_json:
        render.print_json(target)
    else:
        render.say(f"Added target #{target.id} {target.label}")


@app.command("list")
def list_(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List targets, the ones you pursue first."""
    from infointerview.services.targets import list_targets

    with workspace(db) as ws:
        targets = list_targets(session=ws.session, owner=ws.owner)
    if as_json:
        render.print_json(targets)
        return
    render.table(
        None,
        ("id", "target", "status", "conversations", "decision note"),
        (
            (t.id, t.label, t.status.value, t.conversations, render.clip(t.decision_note))
            for t in targets
        ),
    )


@app.command("show")
def show(target: TargetArg, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Show a target with its conversations and notes."""
    from infointerview.services.targets import get_target, resolve_target

    with workspace(db) as ws:
        target_id = resolve_target(session=ws.session, owner=ws.owner, query=target)
        detail = get_target(session=ws.session, owner=ws.owner, target_id=target_id)
    if as_json:
        render.print_json(detail)
        return
    t = detail.target
    render.heading(f"#{t.id} {t.label}")
    render.fields([("status", t.status.value), ("decision note", t.decision_note)])
    if detail.conversations:
        render.table(
            "Conversations",
            ("id", "person", "state", "scheduled"),
            (
                (c.id, c.person, c.state.value, render.when(c.scheduled_at))
                for c in detail.conversations
            ),
        )
    if detail.notes:
        render.table(
            "Notes", ("when", "note"), ((render.when(n.created_at), n.body) for n in detail.notes)
        )


@app.command("edit")
def edit(
    target: TargetArg,
    role: Annotated[str | None, typer.Option(help="New role.")] = None,
    industry: Annotated[str | None, typer.Option(help="Industry ('' clears).")] = None,
    org: Annotated[str | None, typer.Option("--org", help="Organisation ('' clears).")] = None,
    status: StatusOpt = None,
    note: Annotated[
        str | None, typer.Option("--decision-note", help="Why you decided ('' clears).")
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Change a target, e.g. its status and the decision note behind it."""
    from infointerview.services.targets import TargetFields, edit_target, resolve_target

    fields = TargetFields(
        role=role,
        industry=industry,
        organization=org,
        status=parse_status(status),
        decision_note=note,
    )
    with workspace(db) as ws:
        target_id = resolve_target(session=ws.session, owner=ws.owner, query=target)
        record = edit_target(session=ws.session, owner=ws.owner, target_id=target_id, fields=fields)
    if as_json:
        render.print_json(record)
    else:
        render.say(f"Updated target #{record.id} {record.label} ({record.status.value})")


def _register_research() -> None:
    from infointerview.cli import research

    research.register(app)


_register_research()
