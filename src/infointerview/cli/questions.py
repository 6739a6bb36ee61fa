"""`infointerview questions`: the question bank, the question checker, and your own."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from infointerview.cli.common import JsonOption

app = typer.Typer(
    help="List the question bank, check questions, and add your own.", no_args_is_help=True
)

CategoryOpt = Annotated[
    str | None,
    typer.Option("--category", help="A category id, e.g. big_picture, specifics, closing."),
]


@app.command("list")
def list_(
    category: CategoryOpt = None,
    field: Annotated[
        str | None, typer.Option("--field", help="Fills {field}, e.g. 'UX research'.")
    ] = None,
    organization: Annotated[str | None, typer.Option("--org", help="Fills {organization}.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List the questions by category, each with its seed; yours are marked."""
    from infointerview.cli import render
    from infointerview.domain import questions
    from infointerview.services.prep import load_bank

    bank = load_bank()
    chosen = [bank.category(category)] if category else list(bank.categories)
    rows = [
        (c, questions.fill(q, field=field, organization=organization))
        for c in chosen
        for q in bank.of(c.id)
    ]
    if as_json:
        render.print_json(
            [{"category": c.id, "text": q.text, "seed": q.seed, "own": q.own} for c, q in rows]
        )
        return
    for c in chosen:
        render.table(
            f"{c.title} (seed {c.seed})",
            ("question", "seed", "yours"),
            ((q.text, q.seed, "yes" if q.own else "") for cat, q in rows if cat is c),
        )


@app.command("check")
def check(
    question: Annotated[
        list[str] | None,
        typer.Argument(help="Questions to check; '-' or none reads one a line from stdin."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Check questions: closed yes/no ones (with an open rewrite), job-fishing, and the
    vague "how do I get into ...?". Exit 1 when one fishes for a job."""
    from infointerview.domain.question_check import check_question

    texts = question or ["-"]
    if texts == ["-"]:
        texts = [line for line in _stdin_text().splitlines() if line.strip()]
    results = [(text, check_question(text)) for text in texts]
    if as_json:
        from infointerview.cli import render

        render.print_json(
            [
                {
                    "question": text,
                    "findings": [
                        {
                            "rule": f.rule,
                            "severity": f.severity.value,
                            "message": f.message,
                            "rewrite": f.rewrite,
                            "seed": f.source.seed,
                            "quote": f.source.quote,
                        }
                        for f in found
                    ],
                }
                for text, found in results
            ]
        )
    else:
        for text, found in results:
            typer.echo(f"{'ok  ' if not found else 'fix '} {_shown(text)}")
            for f in found:
                typer.echo(f"     {f.severity.value} {f.rule}: {f.message} (seed {f.source.seed})")
                if f.rewrite:
                    typer.echo(f"     try: {_shown(f.rewrite)}")
    if any(f.severity.value == "error" for _, found in results for f in found):
        raise typer.Exit(1)


def _shown(text: str) -> str:
    """Return ``text`` safe to print: control characters (a terminal's escape codes) and
    bytes that are not text shown as the replacement character."""
    return "".join(
        "\ufffd" if ord(c) < 32 or ord(c) == 127 or 0xD800 <= ord(c) <= 0xDFFF else c for c in text
    )


def _stdin_text() -> str:
    """Return standard input's text: at most 1 MB, and text, not binary."""
    import io

    from infointerview.errors import FileRefused
    from infointerview.io import text

    # A text stream without bytes underneath (a test's, an IDE's) gives its text.
    stream = getattr(sys.stdin, "buffer", None) or io.BytesIO(sys.stdin.read().encode())
    name = "standard input"
    try:
        return text.decode(text.read_stream(stream, limit=1_000_000, name=name), name=name)
    except FileRefused as refused:
        raise FileRefused(refused.file, refused.reason, refused.line, outcome="checked") from None


@app.command("add")
def add(
    question: Annotated[str, typer.Argument(help="The question, e.g. 'What surprised you?'")],
    category: Annotated[
        str, typer.Option("--category", help="Its category, e.g. specifics.")
    ] = "specifics",
    force: Annotated[
        bool, typer.Option("--force", help="Add it even if it fishes for a job.")
    ] = False,
) -> None:
    """Add your own question to the bank (questions.toml beside config.toml)."""
    from infointerview.domain import questions
    from infointerview.domain.question_check import check_question
    from infointerview.errors import Refused
    from infointerview.services.prep import add_own_question

    text = questions.question_text(question)
    found = check_question(text)
    errors = [f for f in found if f.severity.value == "error"]
    if errors and not force:
        raise Refused(f"{errors[0].message} (seed {errors[0].source.seed}); --force adds it anyway")
    path = add_own_question(text, category)
    typer.echo(f"Added to {path}: {text}")
    for f in found:
        typer.echo(
            f"  {f.severity.value} {f.rule}: {f.message}"
            + (f" Try: {f.rewrite}" if f.rewrite else "")
        )
