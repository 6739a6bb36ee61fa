"""LinkedIn's ``Connections.csv`` (Settings > Data privacy > Get a copy of your data).

Seed 003: "LinkedIn is going to be your most valuable tool". The export has changed over
the years: since about 2020 a "Notes:" preamble precedes the header and a URL column
follows the names; the 2018 export had no URL and dated connections "3/15/18, 10:12 AM".
Most emails are empty (members choose whether to share them), and members who hide their
profile give rows with nothing but a date.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from infointerview.errors import FileRefused
from infointerview.io.csv_rows import Row, header_key, ragged, rows, unwrapped
from infointerview.io.records import ContactRecord, Problem, full_name_from

COLUMNS = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On")
_FIELDS = {
    "first name": "given_name",
    "last name": "family_name",
    "url": "linkedin_url",
    "profile url": "linkedin_url",
    "email address": "email",
    "company": "organization",
    "position": "title",
    "connected on": "connected_on",
}
_DATE_FORMATS = ("%d %b %Y", "%m/%d/%y, %I:%M %p", "%m/%d/%Y, %I:%M %p", "%m/%d/%y", "%Y-%m-%d")
_LOOKS_LIKE_DATE = re.compile(r"^\d{1,2} [A-Za-z]{3} \d{4}$")


def parse(text: str, *, name: str) -> Iterator[ContactRecord | Problem]:
    """Yield a record per connection of a Connections.csv, or a problem per unusable row.

    Raises:
        FileRefused: when no header is found and the rows are not the current export's.
    """
    records = rows(text, name=name)
    columns: dict[int, str] | None = None
    width = len(COLUMNS)
    first: Row | None = None
    for row in records:
        keys = [header_key(cell) for cell in row.cells]
        if "first name" in keys and "last name" in keys:
            columns = {i: _FIELDS[key] for i, key in enumerate(keys) if key in _FIELDS}
            width = len(keys)
            break
        first = first or row
        row = unwrapped(row, width)
        if len(row.cells) == width and _LOOKS_LIKE_DATE.match(row.cells[-1].strip()):
            # The header (and preamble) was cut off, as happens when a file passes through
            # a spreadsheet: the rows are the current export's seven columns.
            columns = {i: _FIELDS[header_key(column)] for i, column in enumerate(COLUMNS)}
            yield Problem(row.line, f"no header line; read as {', '.join(COLUMNS)}", False)
            yield from _records([row], columns, width)
            break
    if columns is None:
        where = first.line if first else 1
        raise FileRefused(
            name,
            "no header line with First Name and Last Name; LinkedIn's Connections.csv has "
            f"one ({','.join(COLUMNS)}). Is this a LinkedIn export?",
            where,
        )
    yield from _records(records, columns, width)


def _records(
    records: Iterable[Row], columns: dict[int, str], width: int
) -> Iterator[ContactRecord | Problem]:
    for row in records:
        row = unwrapped(row, width)
        problem = ragged(row, width)
        if problem is not None:
            yield problem
        else:
            yield from _record(row, columns)


def _record(row: Row, columns: dict[int, str]) -> Iterator[ContactRecord | Problem]:
    values = {field: row.cells[i].strip() for i, field in columns.items() if i < len(row.cells)}
    given, family = values.get("given_name") or None, values.get("family_name") or None
    full_name = full_name_from(given, family)
    if not full_name:
        yield Problem(
            row.line, "no first or last name (LinkedIn leaves them out for hidden profiles)"
        )
        return
    connected_on = None
    if values.get("connected_on"):
        connected_on = _date(values["connected_on"])
        if connected_on is None:
            yield Problem(row.line, f"Connected On {values['connected_on']!r} is not a date", False)
    email = values.get("email", "")
    yield ContactRecord(
        line=row.line,
        full_name=full_name,
        given_name=given,
        family_name=family,
        organization=values.get("organization") or None,
        title=values.get("title") or None,
        linkedin_url=values.get("linkedin_url") or None,
        emails=(email,) if email else (),
        connected_on=connected_on,
    )


@functools.lru_cache(maxsize=4096)
def _date(text: str) -> date | None:
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None
