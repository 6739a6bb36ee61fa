"""`infointerview check [FILE|-]`: read a message against the seeds' etiquette, offline."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from infointerview.cli.common import EncodingOption, JsonOption
from infointerview.domain.vocabulary import MessageKind, parse_choice

if TYPE_CHECKING:
    from infointerview.domain.etiquette import Message, Result

MAX_MESSAGE = 1_000_000  # bytes: a message to a person, with room for a pasted thread


def check(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="[FILE|-]",
            help="An .eml file, or plain text whose first line may be 'Subject: ...' "
            "followed by a blank line; - or nothing reads standard input.",
        ),
    ] = Path("-"),
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="What the message does: request, nudge, thank-you, report-back, "
            "pay-it-back, keep-in-touch.",
        ),
    ] = "request",
    referrer: Annotated[
        str | None,
        typer.Option("--referrer", metavar="NAME", help="Who referred you to the contact."),
    ] = None,
    known_well: Annotated[
        bool,
        typer.Option("--known-well", help="The contact knows the referrer well."),
    ] = False,
    unanswered: Annotated[
        int,
        typer.Option("--unanswered", min=0, help="Messages already sent without a reply."),
    ] = 0,
    resume_asked: Annotated[
        bool, typer.Option("--resume-asked", help="The contact asked for your resume.")
    ] = False,
    hours: Annotated[
        float | None,
        typer.Option("--hours-since-meeting", min=0, help="For a thank-you."),
    ] = None,
    words: Annotated[
        int, typer.Option("--words", min=20, help="The body's word limit (75 is stricter).")
    ] = 100,
    encoding: EncodingOption = None,
    as_json: JsonOption = False,
) -> None:
    """Check a message against the seeds' advice; exit 1 when it has an error.

    Each finding names its rule, where it applies, a suggested rewrite and the seed
    sentence it rests on.
    """
    import io
    import sys

    from infointerview.domain.etiquette import Context
    from infointerview.domain.etiquette import check as run_check
    from infointerview.errors import FileRefused
    from infointerview.io import message_text, text

    kind_of = parse_choice(MessageKind, kind, field="--kind")
    name = "standard input" if str(file) == "-" else str(file)
    try:
        if str(file) == "-":
            # A text stream without bytes underneath (a test's, an IDE's) gives its text.
            stream = getattr(sys.stdin, "buffer", None) or io.BytesIO(sys.stdin.read().encode())
            data = text.read_stream(stream, limit=MAX_MESSAGE, name=name)
        else:
            data = text.read_file(file, limit=MAX_MESSAGE)
        message = message_text.read(data, name=name, encoding=encoding)
    except FileRefused as refused:
        raise FileRefused(refused.file, refused.reason, refused.line, outcome="checked") from None
    context = Context(
        kind=kind_of,
        referrer=" ".join(referrer.split()) if referrer and referrer.strip() else None,
        referrer_known_well=known_well,
        unanswered=unanswered,
        resume_requested=resume_asked,
        hours_since_meeting=hours,
        word_limit=words,
    )
    result = run_check(message, context)
    if as_json:
        from infointerview.cli import render

        render.print_json(result)
    else:
        typer.echo(report(message, result))
    if result.has_errors:
        raise typer.Exit(1)


def report(message: Message, result: Result) -> str:
    """Return the verdict and each finding: its rule, words, suggestion and seed."""
    lines = [f"{result.verdict} (score {result.score}/100)"]
    for finding in result.findings:
        span = finding.span
        where = message.subject if span.part == "subject" else message.body
        quoted = " ".join(where[span.start : span.end].split())
        if len(quoted) > 60:
            quoted = quoted[:57] + "..."
        lines.append(f"\n{finding.severity.value:7} {finding.rule}: {finding.message}")
        lines.append(f"        {span.part} {span.start}-{span.end}: {quoted!r}")
        if finding.suggestion:
            lines.append(f"        try: {finding.suggestion}")
        lines.append(f"        seed {finding.source.seed}: {finding.source.quote}")
    return "\n".join(lines)
