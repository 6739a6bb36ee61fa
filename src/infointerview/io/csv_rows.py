"""Reading CSV rows with the line each starts on, as the contact importers need them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from infointerview.io.records import FileRefused

# A field longer than this is no contact's value: a sign of a quote left open.
FIELD_LIMIT = 1_000_000


@dataclass(frozen=True, slots=True)
class Row:
    """The cells of one CSV record and the line (1-based) it starts on."""

    line: int
    cells: list[str]


def rows(text: str, *, name: str) -> Iterator[Row]:
    """Yield every non-blank record of ``text`` with its starting line.

    A record a spreadsheet wrapped whole in quotes (one cell holding the comma-separated
    row, inner quotes doubled) is unwrapped.

    Raises:
        FileRefused: when the CSV cannot be read (a quote left open, a huge field).
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    start = 1
    old_limit = csv.field_size_limit(FIELD_LIMIT)
    try:
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise FileRefused(name, f"is not readable as CSV ({error})", start) from None
            if any(cell.strip() for cell in cells):
                yield Row(start, _unwrapped(cells))
            start = reader.line_num + 1
    finally:
        csv.field_size_limit(old_limit)


def _unwrapped(cells: list[str]) -> list[str]:
    if len(cells) == 1 and "," in cells[0]:
        inner = next(csv.reader([cells[0]]), [])
        if len(inner) > 1:
            return inner
    return cells


def header_key(cell: str) -> str:
    """Return a header cell folded for matching: lower case, single spaces, no BOM."""
    return " ".join(cell.replace("\ufeff", "").replace("_", " ").lower().split())
