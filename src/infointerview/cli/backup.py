"""`infointerview backup` and `restore`: every table to one JSON file, and back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from infointerview.cli.common import (
    DEFAULT_MAX_SIZE,
    DbOption,
    MaxSizeOption,
    workspace,
    write_output,
)


def _rows(count: int) -> str:
    return f"{count:,} row" if count == 1 else f"{count:,} rows"


def backup(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="The JSON file to write; - for standard output.")
    ],
    force: Annotated[
        bool, typer.Option("--force", "-f", help="Overwrite FILE if it exists.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Write every table of the database to one JSON file, with its schema version.

    The file is written whole or not at all, and readable by you only. `infointerview
    restore FILE` puts it back into an empty database.
    """
    from infointerview.io.backup import dumps
    from infointerview.services.backup import make_backup

    with workspace(db) as ws:
        document = make_backup(session=ws.session)
        where = ws.database.where
    to_stdout = not write_output(dumps(document), file, force=force)
    counts = f"{_rows(document.row_count)} of {len(document.tables)} tables"
    shown = "standard output" if to_stdout else str(file)
    # With the backup on standard output, the summary goes where it cannot mix with it.
    typer.echo(f"Backed up {counts} from {where} to {shown}.", err=to_stdout)


def restore(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A file `backup` wrote.")],
    max_size: MaxSizeOption = DEFAULT_MAX_SIZE,  # type: ignore[assignment]
    db: DbOption = None,
) -> None:
    """Put every row of a backup into an empty database.

    Refuses a database that already holds data, and a backup of another schema
    version. Nothing is written unless every row fits.
    """
    from infointerview.errors import FileRefused
    from infointerview.io.backup import BackupRefused, parse
    from infointerview.io.text import read_file
    from infointerview.services.backup import check_backup, restore_backup

    try:
        data = read_file(file, limit=max_size)
    except FileRefused as error:
        raise BackupRefused(error.file, error.reason) from None
    # Checked before the database is opened: a bad file leaves no trace, not even a new file.
    checked = check_backup(parse(data, name=str(file)))
    with workspace(db) as ws:
        summary = restore_backup(session=ws.session, document=checked)
    typer.echo(
        f"Restored {_rows(summary.rows)} of {summary.tables} tables from {file} "
        f"into {summary.database}."
    )
