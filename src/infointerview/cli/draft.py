"""`infointerview draft KIND PERSON`: write a message from its template, check it, keep it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from infointerview.cli.common import DbOption, JsonOption, workspace

if TYPE_CHECKING:
    from infointerview.domain.etiquette import Message
    from infointerview.domain.vocabulary import MessageKind
    from infointerview.services.workspace import Workspace


def draft(
    kind: Annotated[
        str,
        typer.Argument(
            help="request, nudge, thank-you, report-back, pay-it-back, keep-in-touch or "
            "job-offer-deflection."
        ),
    ],
    person: Annotated[str, typer.Argument(help="To whom (id or name).")],
    target: Annotated[
        str | None,
        typer.Option(help="The career path it is about (id or role); a request starts there."),
    ] = None,
    edit: Annotated[
        bool, typer.Option("--edit", help="Open the draft in $VISUAL or $EDITOR first.")
    ] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Draft a message to PERSON from its template, check it and keep it on the conversation.

    A request goes on the person's draft conversation (a new one if there is none); any
    other kind on their latest conversation. Your name and a line about you come from
    the [me] table of config.toml. Send the draft with `infointerview send`.
    """
    from infointerview import paths
    from infointerview.cli.check import report
    from infointerview.config import load_profile
    from infointerview.domain.etiquette import check
    from infointerview.domain.vocabulary import MessageStatus
    from infointerview.mail import drafts
    from infointerview.services import messages, outreach
    from infointerview.services.people import resolve_person
    from infointerview.services.targets import resolve_target

    chosen = drafts.draft_kind(kind)
    message_kind = drafts.KINDS[chosen]
    me = load_profile()
    with workspace(db) as ws:
        person_id = resolve_person(session=ws.session, owner=ws.owner, query=person)
        target_id = (
            resolve_target(session=ws.session, owner=ws.owner, query=target) if target else None
        )
        talk_id = _place(ws, person_id, target_id, message_kind)
        who = outreach.correspondent(session=ws.session, owner=ws.owner, conversation_id=talk_id)
        template = drafts.template_for(chosen, who)  # named in the confirmation below
        message = drafts.draft(chosen, who, me, config_dir=paths.config_dir())
        if edit:
            # Nothing stays written (a new conversation) while the editor is open, nor
            # if it fails: the draft is placed again once it comes back.
            ws.session.rollback()
    if edit:
        message = _edited(message)
    result = check(message, outreach.etiquette_context(who, message_kind))
    with workspace(db) as ws:
        if edit:
            talk_id = _place(ws, person_id, target_id, message_kind)
        stored = messages.add_message(
            session=ws.session,
            owner=ws.owner,
            conversation_id=talk_id,
            kind=message_kind,
            status=MessageStatus.DRAFT,
            subject=message.subject,
            body=message.body,
        )
    if as_json:
        from infointerview.cli import render

        render.print_json({"message": stored, "check": result})
        return
    typer.echo(f"To: {who.full_name}" + (f" <{who.email}>" if who.email else " (no email address)"))
    typer.echo(f"Subject: {message.subject}\n\n{message.body.rstrip()}\n")
    typer.echo(report(message, result))
    typer.echo(
        f"\nKept as draft #{stored.id} on conversation #{talk_id} ({template}). Send it: "
        f"infointerview send {stored.id} --smtp (or --eml FILE, --mailto)"
    )


def _place(ws: Workspace, person_id: int, target_id: int | None, kind: MessageKind) -> int:
    from infointerview.services import outreach

    return outreach.conversation_for(
        session=ws.session, owner=ws.owner, person_id=person_id, kind=kind, target_id=target_id
    )


def _edited(message: Message) -> Message:
    """Return the message as the user leaves it in their editor.

    Raises:
        InvalidValue: when the editor fails or leaves nothing.
    """
    import click

    from infointerview.errors import FileRefused, InvalidValue
    from infointerview.io import message_text

    try:
        text = click.edit(
            f"Subject: {message.subject}\n\n{message.body}", extension=".txt", require_save=False
        )
    except click.ClickException as failed:
        raise InvalidValue("--edit", f"{failed.message}; nothing was kept") from None
    if text is None or not text.strip():
        raise InvalidValue("--edit", "the draft was left empty; nothing was kept")
    try:
        return message_text.parse(text, name="the edited draft")
    except FileRefused as refused:
        raise InvalidValue("--edit", f"{refused.reason}; nothing was kept") from None
