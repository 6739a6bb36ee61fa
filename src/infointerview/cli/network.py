"""`infointerview network`: the referral network, as a tree with its numbers or as a
graph file (DOT, GraphML, JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from infointerview.services.network import Summary

from infointerview.cli.common import DbOption, ForceOption, OutputOption, workspace, write_output


def network(
    fmt: Annotated[
        str,
        typer.Option("--format", metavar="text|dot|graphml|json", help="What to write."),
    ] = "text",
    output: OutputOption = None,
    force: ForceOption = False,
    db: DbOption = None,
) -> None:
    """Show the referral network from you: who led to whom, the depth, who opened the
    most doors, the dead ends (met, but no referral yet) and the referrers still owed a
    report-back (seed 004). --format dot, graphml or json writes the graph."""
    from infointerview.errors import InvalidValue
    from infointerview.io import network_export
    from infointerview.services import network as network_service

    if fmt not in network_export.FORMATS:
        raise InvalidValue(
            "--format", f"{fmt!r} is not one of: {', '.join(network_export.FORMATS)}"
        )
    with workspace(db) as ws:
        g = network_service.graph(session=ws.session, owner=ws.owner)
        said = network_service.summary(session=ws.session, owner=ws.owner, g=g)
    text = network_export.render(g, fmt)
    if fmt == "text":
        text += _numbers(said)
    if write_output(text, output or Path("-"), force=force):
        typer.echo(f"Wrote {output}", err=True)


def _numbers(said: Summary) -> str:
    lines = [
        "",
        f"{said.people} people, {said.referrals} referrals, chains up to {said.depth} deep.",
    ]
    if said.doors:
        top = ", ".join(f"{d.name} ({d.referrals})" for d in said.doors[:5])
        lines.append(f"Opened the most doors: {top}.")
    if said.dead_ends:
        names = ", ".join(name for _, name in said.dead_ends[:10])
        more = f" and {len(said.dead_ends) - 10} more" if len(said.dead_ends) > 10 else ""
        lines.append(f"Met, but no referral yet (ask who else): {names}{more}.")
    if said.owed:
        owed = ", ".join(f"{o.referrer} (about {o.referred})" for o in said.owed[:10])
        lines.append(f"Owed a report-back: {owed}.")
    return "\n".join(lines) + "\n"
