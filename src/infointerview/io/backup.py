"""The backup document: every table of a database as JSON, with the schema it was read at.

A document looks like this, one row a line so that a backup reads, greps and diffs well::

    {
     "format": "infointerview-backup",
     "format_version": 1,
     "schema_revision": "0008",
     "tables": {
      "people": [
       {"full_name": "Maya Chen", "id": 1, ...},
       ...
      ],
      ...
     }
    }

Tables are in name order, rows as given (primary-key order), keys sorted: the same data
always gives the same bytes. Values are JSON's own, with timestamps as ISO 8601 text
with an offset and dates as ISO dates. This module knows the shape only; which tables
and columns a schema has, and what their values mean, is the restoring service's.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from infointerview.errors import BadInput

FORMAT = "infointerview-backup"
FORMAT_VERSION = 1

# One row: column name -> a JSON value (None, bool, int, float, str, list or dict).
Row = dict[str, Any]

_KEYS = ("format", "format_version", "schema_revision", "tables")


class BackupRefused(BadInput):
    """A backup file that cannot be restored: the message names the file and the place."""

    def __init__(self, file: str, reason: str, *, where: str | None = None) -> None:
        place = f"{file}: {where}" if where else file
        super().__init__(f"{place}: {reason}; nothing was restored")
        self.file = file
        self.where = where
        self.reason = reason


@dataclass(frozen=True, slots=True)
class BackupDocument:
    """A database's rows by table name, the schema revision they follow, and their source.

    ``name`` is what messages call the document: the file it was read from.
    """

    schema_revision: str
    tables: Mapping[str, Sequence[Row]]
    name: str = field(default="backup", compare=False)

    @property
    def row_count(self) -> int:
        """Return how many rows the document holds, over every table."""
        return sum(len(rows) for rows in self.tables.values())


def dumps(document: BackupDocument) -> str:
    """Return the document as JSON text ending in a newline; the same data, the same text."""
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_revision": document.schema_revision,
    }
    lines = ["{"]
    lines += [f" {_json(key)}: {_json(value)}," for key, value in header.items()]
    lines.append(' "tables": {')
    names = sorted(document.tables)
    for index, name in enumerate(names):
        comma = "," if index < len(names) - 1 else ""
        lines += _table_lines(name, document.tables[name], comma)
    lines += [" }", "}", ""]
    return "\n".join(lines)


def _table_lines(name: str, rows: Sequence[Row], comma: str) -> list[str]:
    if not rows:
        return [f"  {_json(name)}: []{comma}"]
    body = [f"   {_json(row)}," for row in rows]
    body[-1] = body[-1].removesuffix(",")
    return [f"  {_json(name)}: [", *body, f"  ]{comma}"]


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, allow_nan=False)


def _json(value: Any) -> str:
    return _ENCODER.encode(value)


def parse(data: bytes, *, name: str) -> BackupDocument:
    """Return the document in a file's bytes, which a backup writes as UTF-8.

    Raises:
        BackupRefused: for an empty or binary file, or one :func:`loads` refuses.
    """
    if not data.strip():
        raise BackupRefused(name, "is empty, not an infointerview backup")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise BackupRefused(
            name, "holds binary data, not an infointerview backup", where=f"line {line}"
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise BackupRefused(
            name, "holds binary data, not an infointerview backup", where=f"line {line}"
        )
    return loads(text, name=name)


def loads(text: str, *, name: str) -> BackupDocument:
    """Return the document in ``text``, its shape checked; ``name`` is used in messages.

    Only the shape is checked here: tables are lists of objects. Whether the tables,
    columns and values fit a schema is the restoring service's question.

    Raises:
        BackupRefused: naming the file and, where it applies, the line and column of
            broken JSON, or the table and row of a misshapen one.
    """
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise BackupRefused(name, f"is not valid JSON ({error.msg})", where=where) from None
    except ValueError as error:
        raise BackupRefused(name, f"is not valid JSON ({error})") from None
    except RecursionError:
        raise BackupRefused(name, "nests JSON too deeply to be a backup") from None
    return _document(value, name)


def _refuse_constant(constant: str) -> None:
    raise ValueError(f"{constant} is not a JSON number")


def _document(value: Any, name: str) -> BackupDocument:
    if not isinstance(value, dict) or value.get("format") != FORMAT:
        raise BackupRefused(name, f'is not an infointerview backup (no "format": "{FORMAT}")')
    version = value.get("format_version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise BackupRefused(
            name,
            f"is backup format version {json.dumps(version)}; "
            f"this version of infointerview reads version {FORMAT_VERSION}",
        )
    unknown = sorted(set(value) - set(_KEYS))
    if unknown:
        raise BackupRefused(name, f"has an unknown key {unknown[0]!r}")
    revision = value.get("schema_revision")
    if not isinstance(revision, str) or not revision:
        raise BackupRefused(name, '"schema_revision" must be a revision name like "0004"')
    return BackupDocument(
        schema_revision=revision, tables=_tables(value.get("tables"), name), name=name
    )


def _tables(value: Any, name: str) -> dict[str, list[Row]]:
    if not isinstance(value, dict):
        raise BackupRefused(name, '"tables" must be an object of table names and their rows')
    for table, rows in value.items():
        if not isinstance(rows, list):
            raise BackupRefused(name, "must be a list of rows", where=f"table {table!r}")
        for number, row in enumerate(rows, start=1):
            if not isinstance(row, dict):
                raise BackupRefused(
                    name,
                    f"must be an object of column names and values, not {_kind(row)}",
                    where=f"table {table!r}, row {number}",
                )
    return value


def _kind(value: Any) -> str:
    names = {list: "a list", str: "text", bool: "true or false", type(None): "null"}
    return names.get(type(value), "a number")
