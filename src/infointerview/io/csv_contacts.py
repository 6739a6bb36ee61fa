"""Contacts from CSV: Google Contacts, Outlook, Thunderbird, our own export, or any CSV
with a column mapping (``--map "Full Name=name,E-mail=email"``).

Columns are recognised by their header. Emails and phones may come from several columns
("E-mail 1 - Value", "E-mail 2 Address"...); a cell may hold several, separated by " ::: "
as Google writes them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from infointerview.domain.merging import profile_key
from infointerview.domain.records import PersonRecord
from infointerview.errors import BadInput, FileRefused
from infointerview.io.csv_rows import header_key, ragged, rows, unwrapped
from infointerview.io.records import ContactRecord, Problem, full_name_from

# What --map may name, and what each means.
FIELDS = {
    "name": "the full name",
    "given_name": "the first (given) name",
    "middle_name": "middle or additional names",
    "family_name": "the last (family) name",
    "organization": "the company or organisation",
    "title": "the job title",
    "location": "where they are (city, region or country)",
    "email": "an email address (several columns may be)",
    "phone": "a phone number (several columns may be)",
    "linkedin_url": "the LinkedIn profile address",
    "url": "a web address, kept when it is a LinkedIn profile",
    "note": "a note",
    "ignore": "a column to leave out",
}
_ALIASES = {
    "name": ("name", "full name", "display name"),
    "given_name": ("first name", "given name", "firstname"),
    "middle_name": ("middle name", "additional name"),
    "family_name": ("last name", "family name", "surname", "lastname"),
    "organization": (
        "organization",
        "organisation",
        "company",
        "organization name",
        "organization 1 - name",
    ),
    "title": ("job title", "position", "organization title", "organization 1 - title", "title"),
    "location": ("location",),
    "linkedin_url": ("linkedin url", "linkedin", "linkedin profile"),
    "note": ("notes", "note"),
}
_MULTI = ("email", "phone", "url")
_NOT_A_PHONE = re.compile(r"fax|pager|assistant|type|label")
_PLACE_PARTS = (("city",), ("state", "region"), ("country", "country/region"))
_PLACE_GROUPS = ("business", "work", "address 1", "home", "other", "")


@dataclass(frozen=True, slots=True)
class Layout:
    """Which columns give which field: one column for a single field, several for lists."""

    single: dict[str, int]
    multi: dict[str, list[int]]
    place: list[int]


def parse_mapping(text: str) -> dict[str, str]:
    """Return the header -> field pairs of ``--map "Full Name=name,E-mail=email"``.

    Raises:
        BadInput: for a pair without ``=`` or a field that is not one of ``FIELDS``.
    """
    mapping: dict[str, str] = {}
    for pair in filter(None, (part.strip() for part in text.split(","))):
        column, equals, field = pair.rpartition("=")
        field = field.strip().lower().replace("-", "_").replace(" ", "_")
        if not equals or not column.strip():
            raise BadInput(f"--map: {pair!r} is not COLUMN=FIELD")
        if field not in FIELDS:
            raise BadInput(f"--map: {field!r} is not a field; the fields are {', '.join(FIELDS)}")
        mapping[header_key(column)] = field
    return mapping


def parse(
    text: str, *, name: str, mapping: Mapping[str, str] | None = None
) -> Iterator[ContactRecord | Problem]:
    """Yield a record per contact row of a CSV, or a problem per unusable row.

    Raises:
        FileRefused: when the header names no column for a name, or --map names a column
            the header does not have.
    """
    records = rows(text, name=name)
    header = next(records, None)
    if header is None:
        raise FileRefused(name, "is empty")
    layout = _layout(header.cells, mapping or {}, name=name, line=header.line)
    width = len(header.cells)
    for row in records:
        row = unwrapped(row, width)
        problem = ragged(row, width)
        yield problem if problem is not None else _record(row.line, row.cells, layout)


def _layout(cells: list[str], mapping: Mapping[str, str], *, name: str, line: int) -> Layout:
    keys = [header_key(cell) for cell in cells]
    missing = [column for column in mapping if column not in keys]
    if missing:
        raise FileRefused(
            name,
            f"--map names the column {missing[0]!r}, which the header does not have; "
            f"it has: {_shown(cells)}",
            line,
        )
    single: dict[str, int] = {}
    multi: dict[str, list[int]] = {field: [] for field in _MULTI}
    claimed: set[int] = set()
    for i, key in enumerate(keys):
        field = mapping.get(key)
        if field in _MULTI:
            multi[field].append(i)
        elif field:
            single.setdefault(field, i)
        if field:
            claimed.add(i)
    for field, aliases in _ALIASES.items():
        for alias in aliases:
            if field not in single and alias in keys and keys.index(alias) not in claimed:
                single[field] = keys.index(alias)
                claimed.add(single[field])
    single.pop("ignore", None)
    for i, key in enumerate(keys):
        if i in claimed:
            continue
        if "mail" in key and not re.search(r"type|label|display", key):
            multi["email"].append(i)
        elif re.search(r"phone|mobile|tel\b", key) and not _NOT_A_PHONE.search(key):
            multi["phone"].append(i)
        elif re.search(r"web ?page|website|url", key) and "type" not in key:
            multi["url"].append(i)
    if not single.keys() & {"name", "given_name", "family_name"}:
        raise FileRefused(
            name,
            "no column for the name (Name, First Name or Last Name) in the header "
            f"{_shown(cells)}; if it has one under another title, map it: "
            '--map "Their Column=name"',
            line,
        )
    return Layout(single, multi, _place(keys, claimed))


def _place(keys: list[str], claimed: set[int]) -> list[int]:
    for group in _PLACE_GROUPS:
        found = []
        for part in _PLACE_PARTS:
            for word in part:
                wanted = f"{group} {word}".strip() if group != "address 1" else f"{group} - {word}"
                if wanted in keys and keys.index(wanted) not in claimed:
                    found.append(keys.index(wanted))
                    break
        if found:
            return found
    return []


def _shown(cells: list[str]) -> str:
    shown = ", ".join(repr(cell) for cell in cells[:12])
    return shown + (f" and {len(cells) - 12} more" if len(cells) > 12 else "")


def _record(line: int, cells: list[str], layout: Layout) -> ContactRecord | Problem:
    def _cell(i: int) -> str:
        return _active(cells[i].strip()) if i < len(cells) else ""

    value = {field: _cell(i) or None for field, i in layout.single.items()}
    given, family = value.get("given_name"), value.get("family_name")
    full_name = value.get("name") or full_name_from(given, family, value.get("middle_name"))
    if not full_name:
        return Problem(line, "no name in this row")
    urls = _many(_cell(i) for i in layout.multi["url"])
    # A company page or LinkedIn's home page is no person's profile.
    profiles = (u for u in urls if "linkedin." in u and profile_key(u) is not None)
    linkedin = value.get("linkedin_url") or next(profiles, None)
    location = value.get("location") or ", ".join(filter(None, map(_cell, layout.place))) or None
    return ContactRecord(
        line=line,
        full_name=full_name,
        given_name=given,
        family_name=family,
        organization=value.get("organization"),
        title=value.get("title"),
        location=location,
        linkedin_url=linkedin,
        emails=_many(_cell(i) for i in layout.multi["email"]),
        phones=_many(_cell(i) for i in layout.multi["phone"]),
        note=value.get("note"),
    )


def _many(cells: Iterator[str]) -> tuple[str, ...]:
    found: list[str] = []
    for text in cells:
        found.extend(part.strip() for part in text.split(":::") if part.strip())
    return tuple(dict.fromkeys(found))


def dump(people: Iterable[PersonRecord]) -> str:
    """Return ``people`` as CSV with a header this module reads back without --map.

    Emails and phones get as many numbered columns as the person with the most needs.
    """
    rows = list(people)
    emails = max((len(p.emails) for p in rows), default=0) or 1
    phones = max((len(p.phones) for p in rows), default=0) or 1
    header = [
        "Name",
        "Given Name",
        "Family Name",
        "Organization",
        "Job Title",
        "Location",
        *(f"E-mail {i}" for i in range(1, emails + 1)),
        *(f"Phone {i}" for i in range(1, phones + 1)),
        "LinkedIn URL",
        "How Known",
        "Tags",
    ]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for p in rows:
        writer.writerow(
            _inert(value)
            for value in [
                p.full_name,
                p.given_name or "",
                p.family_name or "",
                p.organization or "",
                p.title or "",
                p.location or "",
                *_padded(p.emails, emails),
                *_padded(p.phones, phones),
                p.linkedin_url or "",
                p.how_known.value,
                " ".join(p.tags),
            ]
        )
    return out.getvalue()


# A cell starting with one of these is a formula to Excel and LibreOffice: a name like
# "=HYPERLINK(...)" from someone's profile would run when the export is opened.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: str) -> str:
    """Return ``value`` as a spreadsheet shows it and never runs it (OWASP's advice).

    A value starting with an apostrophe gets one more, so ``_active`` gives every value
    back as it was.
    """
    return "'" + value if value.startswith((*_FORMULA_START, "'")) else value


def _active(value: str) -> str:
    """Undo ``_inert``: one apostrophe goes when a formula character or another
    apostrophe follows it."""
    if value.startswith("'") and value[1:].startswith((*_FORMULA_START, "'")):
        return value[1:]
    return value


def _padded(values: tuple[str, ...], width: int) -> list[str]:
    return [*values, *([""] * (width - len(values)))]
