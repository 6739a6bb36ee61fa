"""`infointerview rank`: who to ask next about a target, and why."""

from __future__ import annotations

from typing import Annotated

import typer

from infointerview.cli.common import DbOption, JsonOption, workspace


def rank(
    target: Annotated[str, typer.Argument(metavar="TARGET", help="An id or part of the role.")],
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help="How many.")] = 10,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the people to ask next about TARGET, best first, each score with its reasons:
    warmth (seed 004), relevance (001), hiring experience (003), asked lately (002).

    With the semantic extra installed, titles also count by meaning (turn off with
    INFOINTERVIEW_SEMANTIC=0); each --json entry's "semantic" says whether they did."""

    from infointerview.cli import render
    from infointerview.config import load_ranking
    from infointerview.services import ranking, semantic, targets
    from infointerview.services.zones import local_today

    today = local_today()
    settings = load_ranking()
    if semantic.wanted(settings.semantic):
        semantic.warm()  # seconds: before the transaction, which holds SQLite's write lock
    with workspace(db) as ws:
        target_id = targets.resolve_target(session=ws.session, owner=ws.owner, query=target)
        found = ranking.rank_people(
            session=ws.session,
            owner=ws.owner,
            target_id=target_id,
            today=today,
            limit=limit,
            settings=settings,
        )
    wanted, ranked = found.target, found.ranked
    if as_json:
        render.print_json(
            [
                {
                    "person_id": r.candidate.person_id,
                    "person": r.candidate.name,
                    "score": r.score,
                    "reasons": [
                        {"points": x.points, "text": x.text, "seed": x.seed} for x in r.reasons
                    ],
                    "semantic": found.semantic,
                }
                for r in ranked
            ]
        )
        return
    if not ranked:
        render.say(
            f"No one left to rank for {wanted.role}: everyone you know of was asked about it. "
            "Add people (or import your contacts) to find more."
        )
        return
    by = " (titles also by meaning)" if found.semantic else ""
    render.table(
        f"Who to ask next: {wanted.role}{by}",
        ("#", "person", "score", "why"),
        (
            (
                n,
                f"#{r.candidate.person_id} {r.candidate.name}",
                f"{r.score:g}",
                "; ".join(f"{x.text} ({x.points:+g}, seed {x.seed})" for x in r.reasons),
            )
            for n, r in enumerate(ranked, start=1)
        ),
    )
