"""`infointerview target research|claim|claims|evidence|decide|remove-claim`: what you
read about a career path, what conversations say of it, and what you decided (seeds 001,
003)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from infointerview.cli.common import (
    DbOption,
    JsonOption,
    TargetArg,
    parse_date,
    parse_status,
    workspace,
)

if TYPE_CHECKING:
    from datetime import date

    from infointerview.domain.research import Research

ClaimArg = Annotated[int, typer.Argument(metavar="CLAIM", help="The claim's number.")]


def research(
    target: TargetArg,
    text: Annotated[str, typer.Argument(help="What you read.")],
    url: Annotated[str | None, typer.Option("--url", help="Where: an http(s) address.")] = None,
    title: Annotated[str | None, typer.Option("--title", help="The source's title.")] = None,
    published: Annotated[
        str | None, typer.Option("--date", help="The source's date, YYYY-MM-DD.")
    ] = None,
    claims: Annotated[
        list[str] | None, typer.Option("--claim", help="A claim in it to verify (repeatable).")
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Keep what you read about TARGET, and where.

    Its claims to verify (--claim) come to the next prep sheets until someone is asked.
    """
    from infointerview.cli import render
    from infointerview.services import research as service
    from infointerview.services.targets import resolve_target

    day = parse_date(published, field="--date")
    with workspace(db) as ws:
        target_id = resolve_target(session=ws.session, owner=ws.owner, query=target)
        note, added = service.add_research(
            session=ws.session,
            owner=ws.owner,
            target_id=target_id,
            body=text,
            url=url,
            title=title,
            published=day,
            claims=claims or [],
        )
    if as_json:
        render.print_json({"research": note, "claims": added})
        return
    render.say(f"Kept research #{note.id}")
    for claim in added:
        render.say(f"  claim #{claim.id} to verify: {claim.text}")


def claim(
    target: TargetArg,
    text: Annotated[str, typer.Argument(help="The claim, or the question.")],
    question: Annotated[
        bool, typer.Option("--question", help="A question to find out, not a claim.")
    ] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Add a claim about TARGET to verify.

    Or a question to find out (--question). Until someone is asked about it, it comes to
    the prep sheets of TARGET's conversations (seed 001).
    """
    from infointerview.cli import render
    from infointerview.domain.research import ClaimKind
    from infointerview.services import research as service
    from infointerview.services.targets import resolve_target

    kind = ClaimKind.QUESTION if question else ClaimKind.CLAIM
    with workspace(db) as ws:
        target_id = resolve_target(session=ws.session, owner=ws.owner, query=target)
        added = service.add_claim(
            session=ws.session, owner=ws.owner, target_id=target_id, text=text, kind=kind
        )
    if as_json:
        render.print_json(added)
    else:
        render.say(f"Added {kind.value} #{added.id}: mark it in a conversation's notes with")
        if question:
            render.say(f'  answers #{added.id}: "what they said"')
        else:
            render.say(f'  confirms #{added.id}: "what they said"   (or contradicts, refines)')


def claims(target: TargetArg, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Show TARGET's claims, evidence and decisions.

    Its research, each claim with the evidence for and against it (and the ones nobody
    was asked about yet), and the decision log.
    """
    from infointerview.cli import render
    from infointerview.services import research as service
    from infointerview.services.targets import resolve_target

    with workspace(db) as ws:
        target_id = resolve_target(session=ws.session, owner=ws.owner, query=target)
        found = service.board(session=ws.session, owner=ws.owner, target_id=target_id)
    if as_json:
        render.print_json({**render.jsonable(found), "unasked": [c.id for c in found.unasked]})
        return
    _show(found)


def _show(found: Research) -> None:
    from infointerview.cli import render

    if not (found.notes or found.claims or found.decisions):
        render.say(
            "No research yet. Keep what you read with `target research TARGET TEXT --url ...`"
            " and the claims to verify with `target claim TARGET TEXT`."
        )
        return
    if found.notes:
        render.table(
            "Research",
            ("#", "what", "source"),
            (
                (n.id, render.clip(n.body), _source(n.source_title, n.source_url, n.source_date))
                for n in found.notes
            ),
        )
    if found.claims:
        render.table(
            "Claims to verify (seed 001)",
            ("#", "claim", "stands", "evidence"),
            (
                (
                    c.id,
                    f"{c.text}{' (question)' if c.kind.value == 'question' else ''}",
                    c.standing.value,
                    "\n".join(
                        f"{e.person} {e.verdict.value}" + (f': "{e.quote}"' if e.quote else "")
                        for e in c.evidence
                    ),
                )
                for c in found.claims
            ),
        )
    if found.decisions:
        render.table(
            "Decisions",
            ("on", "decision", "because", "rests on"),
            (
                (
                    d.decided_on.isoformat(),
                    d.decision,
                    d.reasons,
                    ", ".join(f"#{claim_id}" for claim_id, _ in d.claims),
                )
                for d in found.decisions
            ),
        )


def _source(title: str | None, url: str | None, day: date | None) -> str:
    parts = [p for p in (title, url, day.isoformat() if day else None) if p]
    return " · ".join(parts)


def evidence(
    claim_id: ClaimArg,
    conversation: Annotated[
        int, typer.Argument(metavar="CONVERSATION", help="The conversation it was said in.")
    ],
    says: Annotated[
        str,
        typer.Option(
            "--says",
            help="confirms, contradicts, refines (a claim) or answers (a question).",
            show_default=False,
        ),
    ],
    quote: Annotated[str, typer.Option("--quote", help="What they said.")] = "",
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record what a conversation said of CLAIM.

    That the person of CONVERSATION confirmed, contradicted or refined it; a line such as
    `confirms #3: "..."` in a conversation's notes does the same.
    """
    from infointerview.cli import render
    from infointerview.domain.vocabulary import Verdict, parse_choice
    from infointerview.services import research as service

    verdict = parse_choice(Verdict, says, field="--says")
    with workspace(db) as ws:
        added = service.add_evidence(
            session=ws.session,
            owner=ws.owner,
            claim_id=claim_id,
            conversation_id=conversation,
            verdict=verdict,
            quote=quote,
        )
    if as_json:
        render.print_json(added)
    else:
        render.say(f"{added.person} {added.verdict.value} claim #{added.claim_id}")


def decide(
    target: TargetArg,
    decision: Annotated[str, typer.Argument(help="What you decided.")],
    because: Annotated[str, typer.Option("--because", help="Your reasons.")] = "",
    rests_on: Annotated[
        list[int] | None,
        typer.Option("--claim", help="A claim the decision rests on (repeatable)."),
    ] = None,
    status: Annotated[
        str | None, typer.Option(help="The target's new status: exploring, pursuing, 'set aside'.")
    ] = None,
    on: Annotated[str | None, typer.Option("--on", help="The day, YYYY-MM-DD (today).")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Log a decision on TARGET (seed 003).

    With its reasons and the claims it rests on; the decision becomes the target's
    decision note.
    """

    from infointerview.cli import render
    from infointerview.services import research as service
    from infointerview.services.targets import resolve_target
    from infointerview.services.zones import local_today

    new_status = parse_status(status)
    day = parse_date(on, field="--on") or local_today()
    with workspace(db) as ws:
        target_id = resolve_target(session=ws.session, owner=ws.owner, query=target)
        logged = service.decide(
            session=ws.session,
            owner=ws.owner,
            target_id=target_id,
            decision=decision,
            reasons=because,
            claim_ids=rests_on or [],
            on=day,
            status=new_status,
        )
    if as_json:
        render.print_json(logged)
    else:
        render.say(f"Logged decision #{logged.id} on {logged.decided_on.isoformat()}")


def remove_claim(claim_id: ClaimArg, db: DbOption = None) -> None:
    """Delete CLAIM and the evidence recorded on it."""
    from infointerview.cli import render
    from infointerview.services import research as service

    with workspace(db) as ws:
        service.remove_claim(session=ws.session, owner=ws.owner, claim_id=claim_id)
    render.say(f"Removed claim #{claim_id}")


def register(app: typer.Typer) -> None:
    """Add the research commands to the `target` group."""
    app.command("research")(research)
    app.command("claim")(claim)
    app.command("claims")(claims)
    app.command("evidence")(evidence)
    app.command("decide")(decide)
    app.command("remove-claim")(remove_claim)
