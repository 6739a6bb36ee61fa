"""`infointerview send MESSAGE`: hand a draft to a mail program (.eml, mailto:) or send it
by SMTP, and record it as sent."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from infointerview.cli.common import DbOption, workspace

if TYPE_CHECKING:
    from email.message import EmailMessage

    from infointerview.domain.records import Correspondent, MessageRecord


def send(
    message: Annotated[int, typer.Argument(metavar="MESSAGE", help="The draft's id.")],
    eml: Annotated[
        Path | None,
        typer.Option(
            "--eml",
            metavar="FILE",
            help="Write it as an .eml file any mail program opens (- for standard output).",
        ),
    ] = None,
    mailto: Annotated[
        bool, typer.Option("--mailto", help="Print a mailto: link that opens it in your mail.")
    ] = False,
    smtp: Annotated[
        bool,
        typer.Option("--smtp", help="Send it through the [smtp] server in config.toml."),
    ] = False,
    mark_sent: Annotated[
        bool,
        typer.Option("--mark-sent", help="Record it as sent (alone: you sent it some other way)."),
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Send by SMTP without asking first.")
    ] = False,
    ignore_errors: Annotated[
        bool,
        typer.Option("--ignore-errors", help="Go ahead although the checker found an error."),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the .eml file.")] = False,
    db: DbOption = None,
) -> None:
    """Deliver draft MESSAGE: as an .eml file, a mailto: link, or by SMTP.

    Sending by SMTP shows the message and asks first, then records it as sent: a request
    moves its conversation to 'requested', a thank-you to 'thanked'. After sending an
    .eml or mailto: yourself, record it with --mark-sent.
    """
    from infointerview.domain.vocabulary import MessageStatus
    from infointerview.errors import Refused
    from infointerview.services import messages, outreach

    ways = [name for name, on in (("--eml", eml), ("--mailto", mailto), ("--smtp", smtp)) if on]
    if len(ways) > 1:
        raise typer.BadParameter(f"choose one of {', '.join(ways)}", param_hint="MESSAGE")
    if not ways and not mark_sent:
        raise typer.BadParameter(
            "say how: --eml FILE, --mailto or --smtp (or --mark-sent if you sent it yourself)",
            param_hint="MESSAGE",
        )
    with workspace(db) as ws:
        record = messages.get_message(session=ws.session, owner=ws.owner, message_id=message)
        who = outreach.correspondent(
            session=ws.session, owner=ws.owner, conversation_id=record.conversation_id
        )
    if record.status is MessageStatus.RECEIVED:
        raise Refused(f"message #{message} was received from {who.full_name}, not written by you")
    if record.status is MessageStatus.SENT and (smtp or mark_sent):
        raise Refused(f"message #{message} was already sent; draft a new one to write again")
    outreach.refuse_unsendable(
        who,
        record,
        ignore_errors=ignore_errors,
        override=", or pass --ignore-errors",
        sent_elsewhere=not ways,  # --mark-sent alone: you sent your own edit yourself
    )
    if mailto:
        from infointerview.mail.compose import mailto as link
        from infointerview.mail.compose import recipient

        typer.echo(link(to=recipient(who), subject=record.subject, body=record.body))
    elif eml is not None:
        from infointerview.cli.common import write_output

        mail = _compose(record, who, smtp=False)
        if write_output(mail.as_string(), eml, force=force):
            typer.echo(f"Wrote {eml}: open it in your mail program to send it.", err=True)
    elif smtp:
        _deliver(_compose(record, who, smtp=True), yes=yes)
        mark_sent = True
    if mark_sent:
        with workspace(db) as ws:
            messages.mark_sent(session=ws.session, owner=ws.owner, message_id=message)
            talk = outreach.correspondent(
                session=ws.session, owner=ws.owner, conversation_id=record.conversation_id
            ).conversation
        typer.echo(
            f"Message #{message} is sent; conversation #{talk.id} with {talk.person} is "
            f"{talk.state.value}.",
            err=bool(eml is not None and str(eml) == "-"),
        )


def _compose(record: MessageRecord, who: Correspondent, *, smtp: bool) -> EmailMessage:
    from datetime import datetime

    from infointerview.config import load_profile
    from infointerview.mail.compose import to_correspondent

    return to_correspondent(
        who,
        load_profile(),
        subject=record.subject,
        body=record.body,
        at=datetime.now().astimezone(),
        smtp=smtp,
    )


def _deliver(mail: EmailMessage, *, yes: bool) -> None:
    from infointerview.config import load_smtp
    from infointerview.errors import InvalidValue
    from infointerview.mail import keychain
    from infointerview.mail.smtp import deliver

    settings = load_smtp()
    if settings is None:
        raise InvalidValue(
            "[smtp] in config.toml",
            "is not set: add host, port, security and username under [smtp]",
        )
    password = None
    if settings.username:
        password = keychain.get_password(settings)
        if password is None:
            raise InvalidValue(
                "password",
                f"none is stored for {settings.username} at {settings.host}: "
                "run `infointerview smtp password` first",
            )
    if not yes:
        typer.echo(f"From: {mail['From']}\nTo: {mail['To']}\nSubject: {mail['Subject']}\n")
        typer.echo(str(mail.get_content()).rstrip() + "\n")
        if not typer.confirm(f"Send this through {settings.host}?", default=False):
            typer.echo("Not sent; the draft is kept.", err=True)
            raise typer.Exit(1)
    deliver(mail, settings, password=password)
