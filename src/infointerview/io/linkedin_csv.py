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
# The current export's "05 Mar 2024" is English whatever the reader's locale, which
# strptime's %b follows; read by this table it also takes a tenth of the time.
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}


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
    # Each field's column; a field the file lacks reads the empty cell added at ``width``.
    where = {field: i for i, field in columns.items()}
    given_at, family_at, url_at, email_at, company_at, title_at, on_at = (
        where.get(field, width)
        for field in (
            "given_name",
            "family_name",
            "linkedin_url",
            "email",
            "organization",
            "title",
            "connected_on",
        )
    )
    blank = [""] * (width + 1)
    for row in records:
        if len(row.cells) != width:
            row = unwrapped(row, width)
            if (problem := ragged(row, width)) is not None:
                yield problem
                continue
        cells = row.cells + blank[len(row.cells) :] if len(row.cells) <= width else row.cells
        given, family = cells[given_at].strip() or None, cells[family_at].strip() or None
        full_name = full_name_from(given, family)
        if not full_name:
            yield Problem(
                row.line, "no first or last name (LinkedIn leaves them out for hidden profiles)"
            )
            continue
        connected_on = None
        if on_text := cells[on_at].strip():
            connected_on = _date(on_text)
            if connected_on is None:
                yield Problem(row.line, f"Connected On {on_text!r} is not a date", False)
        email = cells[email_at].strip()
        # Positional: (line, full_name, given, family, organization, title, location,
        # linkedin_url, emails, phones, note, connected_on); keywords cost a third more.
        yield ContactRecord(
            row.line,
            full_name,
            given,
            family,
            cells[company_at].strip() or None,
            cells[title_at].strip() or None,
            None,
            cells[url_at].strip() or None,
            (email,) if email else (),
            (),
            None,
            connected_on,
        )


@functools.lru_cache(maxsize=65_536)
def _date(text: str) -> date | None:
    day, _, rest = text.partition(" ")
    month, _, year = rest.partition(" ")
    if (number := _MONTHS.get(month.lower())) and day.isdigit() and year.isdigit():
        try:
            return date(int(year), number, int(day))
        except ValueError:
            return None
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None
