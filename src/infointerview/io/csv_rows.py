"""Reading CSV rows with the line each starts on, as the contact importers need them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from infointerview.errors import FileRefused
from infointerview.io.records import Problem

# A field longer than this is no contact's value: a sign of a quote left open. The limit
# is the csv module's, for the whole process; set once here rather than around each read,
# which the web app's threads would race on.
FIELD_LIMIT = 1_000_000
csv.field_size_limit(FIELD_LIMIT)


@dataclass(slots=True)
class Row:
    """The cells of one CSV record and the line (1-based) it starts on (not frozen, as
    ``records.ContactRecord`` is not, for speed)."""

    line: int
    cells: list[str]


def rows(text: str, *, name: str) -> Iterator[Row]:
    """Yield every non-blank record of ``text`` with its starting line.

    Raises:
        FileRefused: when the CSV cannot be read (a quote left open, a huge field).
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise FileRefused(name, f"is not readable as CSV ({error})", start) from None
        if any(cells) and not "".join(cells).isspace():
            yield Row(start, cells)
        start = reader.line_num + 1


def unwrapped(row: Row, width: int) -> Row:
    """Return ``row`` with its cells unwrapped when a spreadsheet wrapped the whole record
    in quotes (one cell holding the comma-separated record, inner quotes doubled) and the
    unwrapped record has the ``width`` the header has."""
    if width > 1 and len(row.cells) == 1 and "," in row.cells[0]:
        inner = next(csv.reader([row.cells[0]]), [])
        if len(inner) == width:
            return Row(row.line, inner)
    return row


def ragged(row: Row, width: int) -> Problem | None:
    """Return the problem of a row with more values than the header has columns."""
    if len(row.cells) > width and any(cell.strip() for cell in row.cells[width:]):
        return Problem(
            row.line,
            f"has {len(row.cells)} fields where the header has {width} "
            "(a comma in a value that is not in quotes?)",
        )
    return None


def header_key(cell: str) -> str:
    """Return a header cell folded for matching: lower case, single spaces, no BOM."""
    return " ".join(cell.replace("\ufeff", "").replace("_", " ").lower().split())
