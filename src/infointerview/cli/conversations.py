"""`infointerview conversation`: start, list, show and advance informational interviews."""

from __future__ import annotations

from typing import Annotated

import typer

from infointerview.cli import render
from infointerview.cli.common import DbOption, JsonOption, parse_datetime, workspace

app = typer.Typer(
    help="Start, list, show and advance conversations (informational interviews).",
    no_args_is_help=True,
)

ConversationArg = Annotated[int, typer.Argument(metavar="ID", help="The conversation's id.")]


@app.command("new")
def new(
    person: Annotated[str, typer.Argument(help="Whom to ask (id or name).")],
    target: Annotated[str | None, typer.Option(help="For which target (id or role).")] = None,
    channel: Annotated[
        str | None, typer.Option(help="email, phone, video, in_person or mail; default: theirs.")
    ] = None,
    minutes: Annotated[int, typer.Option(help="Minutes to ask for: 15-30 (seed 001).")] = 20,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Start a conversation with PERSON, in draft."""
    from infointerview.domain.vocabulary import Channel, parse_choice
    from infointerview.services.conversations import new_conversation
    from infointerview.services.people import resolve_person
    from infointerview.services.targets import resolve_target

    chosen = parse_choice(Channel, channel, field="--channel") if channel else None
    with workspace(db) as ws:
        record = new_conversation(
            session=ws.session,
            owner=ws.owner,
            person_id=resolve_person(session=ws.session, owner=ws.owner, query=person),
            target_id=resolve_target(session=ws.session, owner=ws.owner, query=target)
            if target
            else None,
            channel=chosen,
            requested_minutes=minutes,
        )
    if as_json:
        render.print_json(record)
    else:
        render.say(f"Started conversation #{record.id} with {record.person} ({record.state.value})")


@app.command("list")
def list_(
    person: Annotated[str | None, typer.Option(help="Only with this person.")] = None,
    target: Annotated[str | None, typer.Option(help="Only for this target.")] = None,
    state: Annotated[str | None, typer.Option(help="Only in this state.")] = None,
    open_only: Annotated[
        bool, typer.Option("--open", help="Leave out finished ones (closed or declined).")
    ] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List conversations, most recently changed first."""
    from infointerview.domain.vocabulary import ConversationState, parse_choice
    from infointerview.services.conversations import list_conversations
    from infointerview.services.people import resolve_person
    from infointerview.services.targets import resolve_target

    wanted = parse_choice(ConversationState, state, field="--state") if state else None
    with workspace(db) as ws:
        talks = list_conversations(
            session=ws.session,
            owner=ws.owner,
            person_id=resolve_person(session=ws.session, owner=ws.owner, query=person)
            if person
            else None,
            target_id=resolve_target(session=ws.session, owner=ws.owner, query=target)
            if target
            else None,
            state=wanted,
            open_only=open_only,
        )
    if as_json:
        render.print_json(talks)
        return
    render.table(
        None,
        ("id", "person", "target", "state", "channel", "scheduled"),
        (
            (c.id, c.person, c.target, c.state.value, c.channel.value, render.when(c.scheduled_at))
            for c in talks
        ),
    )


@app.command("show")
def show(conversation: ConversationArg, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Show a conversation, its messages, notes and timeline, and the moves it can make."""
    from infointerview.services.conversations import get_conversation

    with workspace(db) as ws:
        detail = get_conversation(session=ws.session, owner=ws.owner, conversation_id=conversation)
    if as_json:
        render.print_json(detail)
        return
    c = detail.conversation
    render.heading(f"Conversation #{c.id} with {c.person}")
    render.fields(
        [
            ("state", c.state.value),
            ("target", c.target),
            ("channel", c.channel.value),
            ("asked for", f"{c.requested_minutes} minutes"),
            ("scheduled", render.when(c.scheduled_at)),
            ("held", render.when(c.held_at)),
            ("took", f"{c.actual_minutes} minutes" if c.actual_minutes is not None else None),
            ("outcome", c.outcome_summary),
            ("next", ", ".join(s.value for s in c.next_states) or "nothing: it is finished"),
        ]
    )
    if detail.messages:
        render.table(
            "Messages",
            ("when", "kind", "status", "subject"),
            (
                (
                    render.when(m.sent_at or m.received_at or m.created_at),
                    m.kind.value,
                    m.status.value,
                    m.subject,
                )
                for m in detail.messages
            ),
        )
    if detail.notes:
        render.table(
            "Notes", ("when", "note"), ((render.when(n.created_at), n.body) for n in detail.notes)
        )
    if detail.events:
        render.table(
            "Timeline",
            ("when", "what"),
            ((render.when(e.occurred_at), e.summary) for e in detail.events),
        )


@app.command("advance")
def advance(
    conversation: ConversationArg,
    state: Annotated[
        str,
        typer.Argument(
            help="requested, scheduled, held, thanked, closed, declined or no_response."
        ),
    ],
    at: Annotated[
        str | None,
        typer.Option(
            help="For 'scheduled': the agreed meeting time (required). Otherwise: when it "
            "happened (default now). ISO 8601; without a zone it is local time."
        ),
    ] = None,
    minutes: Annotated[int | None, typer.Option(help="For 'held': how long it took.")] = None,
    outcome: Annotated[str | None, typer.Option(help="What you learned.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Move conversation ID to STATE, if the method allows that move."""
    from infointerview.domain.vocabulary import ConversationState, parse_choice
    from infointerview.services.conversations import Move
    from infointerview.services.conversations import advance as move_to

    to = parse_choice(ConversationState, state, field="STATE")
    when = parse_datetime(at, field="--at")
    move = Move(
        to=to,
        at=None if to == ConversationState.SCHEDULED else when,
        scheduled_at=when if to == ConversationState.SCHEDULED else None,
        actual_minutes=minutes,
        outcome=outcome,
    )
    with workspace(db) as ws:
        record = move_to(
            session=ws.session, owner=ws.owner, conversation_id=conversation, move=move
        )
    if as_json:
        render.print_json(record)
    else:
        nexts = ", ".join(s.value for s in record.next_states) or "nothing: it is finished"
        render.say(
            f"Conversation #{record.id} with {record.person} is now {record.state.value} "
            f"(next: {nexts})"
        )
