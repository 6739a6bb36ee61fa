"""`infointerview import linkedin|vcard|csv FILE`: bring in the contacts you already have."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from infointerview.cli import render
from infointerview.cli.common import (
    DEFAULT_MAX_SIZE,
    DbOption,
    EncodingOption,
    JsonOption,
    MaxSizeOption,
)
from infointerview.domain.vocabulary import ContactSource

if TYPE_CHECKING:
    from infointerview.services.importing import ImportReport


def import_contacts(
    kind: Annotated[
        ContactSource,
        typer.Argument(
            metavar="KIND",
            help="linkedin: LinkedIn's Connections.csv (Settings > Data privacy > Get a copy "
            "of your data > Connections). vcard: a .vcf of one or many cards (Apple, Google, "
            "Outlook, Android; 2.1-4.0). csv: Google Contacts, Outlook, Thunderbird, or any "
            "CSV with --map.",
            show_default=False,
        ),
    ],
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="The file to import.", show_default=False)
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be imported and change nothing.")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Refuse the whole file at its first problem.")
    ] = False,
    mapping: Annotated[
        str | None,
        typer.Option(
            "--map",
            metavar="COLUMN=FIELD,...",
            help='For csv: which column holds what, e.g. "Full Name=name,E-mail=email". '
            "Fields: name, given_name, middle_name, family_name, organization, title, "
            "location, email, phone, linkedin_url, url, note, ignore.",
        ),
    ] = None,
    max_size: MaxSizeOption = DEFAULT_MAX_SIZE,  # type: ignore[assignment]
    encoding: EncodingOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import contacts from LinkedIn's Connections.csv, a vCard file or a CSV export.

    Re-importing a file adds nothing twice; values you edited are kept; near matches are
    added, tagged possible-duplicate and listed, never merged on their own.
    """
    _run(kind, file, dry_run, strict, max_size, encoding, mapping, db, as_json)


def _run(
    source: ContactSource,
    file: Path,
    dry_run: bool,
    strict: bool,
    max_size: int,
    encoding: str | None,
    mapping: str | None,
    db: str | None,
    as_json: bool,
) -> None:
    from infointerview.cli.progress import LazyProgress
    from infointerview.io import text
    from infointerview.services.collector import collector_paused
    from infointerview.services.importing import import_into, parse_file

    data = text.read_file(file, limit=max_size)
    # The report is shown with the collector still paused, and what the command leaves is
    # frozen when it ends: the process ends next (see services.collector).
    with collector_paused(then_freeze=True):
        with LazyProgress(f"Importing {file.name}") as progress:
            # Read and parsed before the database is opened: a file refused while it is
            # parsed never touches it, and the write lock is held only for the import.
            items = []
            parsed = parse_file(
                source=source, data=data, file_name=str(file), encoding=encoding, mapping=mapping
            )
            for count, item in enumerate(parsed, start=1):
                items.append(item)
                if count % 1000 == 0:
                    progress.update(count, None)
            report = import_into(
                db,
                source=source,
                file_name=str(file),
                items=items,
                strict=strict,
                dry_run=dry_run,
                progress=progress.update,
            )
        if as_json:
            render.print_json(report)
        else:
            _show(report)


def _show(report: ImportReport) -> None:
    verb = "Would import" if report.dry_run else "Imported"
    render.table(
        f"{verb} {Path(report.file_name).name} ({report.source.value})",
        ("", "contacts"),
        [
            ("added", f"{report.added:,}"),
            ("updated", f"{report.updated:,}"),
            ("unchanged", f"{report.unchanged:,}"),
            (
                "possible duplicates (added, tagged possible-duplicate)",
                f"{len(report.duplicates):,}",
            ),
            ("skipped", f"{len(report.skipped):,}"),
        ],
    )
    if report.duplicates:
        render.table(
            "Possible duplicates: check them and merge by hand",
            ("line", "in the file", "already stored", "likeness"),
            [
                (
                    d.line,
                    d.name,
                    f"#{d.person_id} {d.person_name}" if d.person_id else d.person_name,
                    f"{d.score}%",
                )
                for d in report.duplicates[:50]
            ],
        )
    for title, problems in (("Skipped", report.skipped), ("Left out", report.warnings)):
        if problems:
            render.table(
                f"{title} ({len(problems):,})",
                ("line", "reason"),
                [(p.line, p.message) for p in problems[:50]],
            )
            if len(problems) > 50:
                render.say(f"... and {len(problems) - 50:,} more; --json lists them all.")
    if report.dry_run:
        render.say("Nothing was changed (--dry-run).")
