"""Back up every table of a database as a document, and restore one into an empty database.

Tables come from the models' metadata, so a table added to the schema is in the next
backup without a change here. Values are converted by column type; every value,
primary key and link of a document is checked before a row is written, and a restore
is one transaction: it happens whole or not at all.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from enum import Enum as PythonEnum
from typing import Any, cast

from sqlalchemy import Column, Connection, Table, delete, insert, literal, select, text
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.types import Enum, TypeDecorator, TypeEngine

from infointerview.errors import Refused
from infointerview.io.backup import BackupDocument, BackupRefused, Row
from infointerview.store import conversation_facts
from infointerview.store.engine import describe
from infointerview.store.models import Base, User
from infointerview.store.plain_sql import of_connection
from infointerview.store.revisions import HEAD, LOCAL_USER, REVISIONS

# Rows sent to the database in one executemany: large enough to be fast, small enough
# that a career centre's 100,000 rows are never all bound at once.
BATCH = 5000
_INT64 = 2**63


@dataclass(frozen=True, slots=True)
class RestoreSummary:
    """What a restore wrote: how many tables and rows, into which database."""

    tables: int
    rows: int
    database: str


def make_backup(*, session: Session) -> BackupDocument:
    """Return every row of every table, in primary-key order, as a backup document."""
    tables = {table.name: _read_table(session, table) for table in _tables()}
    return BackupDocument(schema_revision=HEAD, tables=tables)


@dataclass(frozen=True, slots=True)
class CheckedBackup:
    """A document whose every value, key and link fits this version's schema.

    ``rows`` holds each table's rows as the database takes them, parents first.
    """

    document: BackupDocument
    rows: dict[Table, list[dict[str, Any]]]


def check_backup(document: BackupDocument) -> CheckedBackup:
    """Check a document against this version's schema without touching a database.

    Raises:
        BackupRefused: for a document of another schema, or a row that does not fit,
            naming the table, row and column.
    """
    _check_revision(document)
    return CheckedBackup(document=document, rows=_decode(document))


def restore_backup(*, session: Session, document: BackupDocument | CheckedBackup) -> RestoreSummary:
    """Write every row of ``document`` into the empty database behind ``session``.

    The database may hold the local user that opening it made, and nothing else; that
    user is replaced by the document's users. Nothing is written unless the whole
    document fits this version's schema (a document :func:`check_backup` already
    checked is not checked again).

    Raises:
        BackupRefused: for a document of another schema, or a row that does not fit,
            naming the table, row and column.
        Refused: when the database already holds data.
    """
    checked = document if isinstance(document, CheckedBackup) else check_backup(document)
    _refuse_unless_empty(session)
    connection = session.connection()
    connection.execute(delete(_users()))
    for table, rows in checked.rows.items():
        _insert(connection, table, rows, name=checked.document.name)
    _reset_sequences(session, list(checked.rows))
    # Derived from the messages: a hand-edited document cannot make them disagree.
    conversation_facts.refresh(of_connection(connection))
    # The rows changed underneath the ORM (the local user it knew is gone).
    session.expire_all()
    return RestoreSummary(
        tables=len(checked.rows), rows=checked.document.row_count, database=_where(session)
    )


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


def _users() -> Table:
    return cast(Table, User.__table__)


def _where(session: Session) -> str:
    return describe(session.get_bind().engine.url)


# --- values: a column's Python value to JSON and back -----------------------------------


class _Unfit(ValueError):
    """A document's value that does not fit its column; the message says why."""


# Turns a stored value into JSON, or a document's value back, checked (raising _Unfit).
_Convert = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class _Codec:
    """How one column's values become JSON and come back, checked.

    ``to_json`` is None where the stored values are JSON already (numbers, text).
    """

    name: str
    key: str
    nullable: bool
    to_json: _Convert | None
    from_json: _Convert

    def decode(self, value: Any) -> Any:
        """Return a document's value for this column, or raise _Unfit naming the column."""
        if value is None:
            if self.nullable:
                return None
            raise _Unfit(f"column {self.name!r} must not be null")
        try:
            return self.from_json(value)
        except ValueError as error:
            raise _Unfit(f"column {self.name!r}: {error}") from None


def _codecs(table: Table) -> list[_Codec]:
    return [_codec(column) for column in table.columns]


def _codec(column: Column[Any]) -> _Codec:
    impl: TypeEngine[Any] = column.type
    if isinstance(impl, TypeDecorator):
        impl = impl.impl_instance
    to_json, from_json = _converters(impl)
    return _Codec(column.name, column.key, bool(column.nullable), to_json, from_json)


def _converters(impl: TypeEngine[Any]) -> tuple[_Convert | None, _Convert]:
    if isinstance(impl, Enum):
        return _enum_value, _choice_of(impl.enums)
    try:
        python = impl.python_type
    except NotImplementedError:
        python = object
    if python is datetime:
        return _stamp, _stamp_of(aware=bool(getattr(impl, "timezone", False)))
    if python is str:
        return None, _text_of(getattr(impl, "length", None))
    return _SIMPLE.get(python, (None, _same))


def _same(value: Any) -> Any:
    return value


def _enum_value(value: Any) -> Any:
    return value.value if isinstance(value, PythonEnum) else value


def _choice_of(choices: Sequence[str]) -> _Convert:
    allowed = frozenset(choices)

    def _choice(value: Any) -> str:
        if value not in allowed:
            raise _Unfit(f"{_json_kind(value)} is not one of: {', '.join(choices)}")
        return str(value)

    return _choice


def _stamp(value: datetime) -> str:
    return value.isoformat() if value.tzinfo is None else value.astimezone(UTC).isoformat()


def _stamp_of(*, aware: bool) -> _Convert:
    def _stamp_value(value: Any) -> datetime:
        parsed = datetime.fromisoformat(_string(value, "a date and time"))
        if not aware:
            return parsed
        if parsed.tzinfo is None:
            raise _Unfit(f"{value!r} has no UTC offset (write it like 2026-11-24T14:30:00+00:00)")
        return parsed.astimezone(UTC)

    return _stamp_value


def _text_of(length: int | None) -> _Convert:
    def _text(value: Any) -> str:
        if value.__class__ is not str:
            raise _Unfit(f"{_json_kind(value)} is not text")
        if length is not None and len(value) > length:
            raise _Unfit(f"holds {len(value):,} characters; the limit is {length:,}")
        return str(value)

    return _text


def _string(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise _Unfit(f"{_json_kind(value)} is not {what}")
    return value


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Unfit(f"{_json_kind(value)} is not true or false")
    return value


def _integer(value: Any) -> int:
    if value.__class__ is not int:
        raise _Unfit(f"{_json_kind(value)} is not a whole number")
    if not -_INT64 <= value < _INT64:
        raise _Unfit(f"{value} is too large")
    return value


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Unfit(f"{_json_kind(value)} is not a number")
    return float(value)


def _decimal(value: Any) -> Decimal:
    try:
        return Decimal(_string(value, "a decimal number written as text"))
    except InvalidOperation:
        raise _Unfit(f"{value!r} is not a decimal number") from None


def _binary(value: Any) -> bytes:
    try:
        return base64.b64decode(_string(value, "base64 text"), validate=True)
    except binascii.Error:
        raise _Unfit("is not base64 text") from None


def _json_kind(value: Any) -> str:
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else f"{value[:40]!r}..."
    return {bool: "true or false", list: "a list", dict: "an object"}.get(type(value), repr(value))


_SIMPLE: dict[type, tuple[_Convert | None, _Convert]] = {
    bool: (None, _boolean),
    int: (None, _integer),
    float: (None, _number),
    Decimal: (str, _decimal),
    date: (date.isoformat, lambda value: date.fromisoformat(_string(value, "a date"))),
    time: (time.isoformat, lambda value: time.fromisoformat(_string(value, "a time"))),
    bytes: (lambda value: base64.b64encode(value).decode("ascii"), _binary),
    uuid.UUID: (str, lambda value: uuid.UUID(_string(value, "a UUID"))),
}


# --- backing up ---------------------------------------------------------------------


def _read_table(session: Session, table: Table) -> list[Row]:
    codecs = _codecs(table)
    names = [codec.name for codec in codecs]
    converted = [(codec.name, codec.to_json) for codec in codecs if codec.to_json is not None]
    order = list(table.primary_key.columns) or list(table.columns)
    rows = []
    for stored in session.execute(select(*table.columns).order_by(*order)):
        row = dict(zip(names, stored, strict=True))
        for name, to_json in converted:
            if row[name] is not None:
                row[name] = to_json(row[name])
        rows.append(row)
    return rows


# --- restoring ----------------------------------------------------------------------


def _check_revision(document: BackupDocument) -> None:
    revision = document.schema_revision
    if revision == HEAD:
        return
    if revision in REVISIONS:
        reason = (
            f"was written at schema {revision}; this version of infointerview uses schema "
            f"{HEAD} and restores only backups of that schema (restore it with the version "
            "that wrote it, then run `infointerview db upgrade`)"
        )
    else:
        reason = (
            f"was written at schema {revision!r}, which this version of infointerview does "
            f"not know (it uses schema {HEAD}); restore it with a newer infointerview"
        )
    raise BackupRefused(document.name, reason)


def _decode(document: BackupDocument) -> dict[Table, list[dict[str, Any]]]:
    tables = _tables()
    known = {table.name for table in tables}
    unknown = sorted(set(document.tables) - known)
    if unknown:
        raise BackupRefused(
            document.name,
            f"is not a table of schema {HEAD} (it has: {', '.join(sorted(known))})",
            where=f"table {unknown[0]!r}",
        )
    missing = sorted(known - set(document.tables))
    if missing:
        raise BackupRefused(document.name, f"has no table {missing[0]!r}")
    decoded = {
        table: _decode_rows(table, document.tables[table.name], document.name) for table in tables
    }
    for table, rows in decoded.items():
        _check_primary_keys(table, rows, document.name)
        _check_links(table, rows, decoded, document.name)
    return decoded


def _decode_rows(table: Table, rows: Sequence[Row], name: str) -> list[dict[str, Any]]:
    codecs = _codecs(table)
    columns = {codec.name for codec in codecs}
    decoded = []
    for number, row in enumerate(rows, start=1):
        try:
            if row.keys() != columns:
                _check_columns(row, columns)
            decoded.append({codec.key: codec.decode(row[codec.name]) for codec in codecs})
        except _Unfit as unfit:
            raise BackupRefused(name, str(unfit), where=_row(table, number)) from None
    return decoded


def _check_columns(row: Row, columns: set[str]) -> None:
    unknown = sorted(set(row) - columns)
    if unknown:
        raise _Unfit(f"{unknown[0]!r} is not a column of this table")
    missing = sorted(columns - set(row))
    if missing:
        raise _Unfit(f"column {missing[0]!r} is missing")


def _row(table: Table, number: int) -> str:
    return f"table {table.name!r}, row {number}"


def _check_primary_keys(table: Table, rows: list[dict[str, Any]], name: str) -> None:
    keys = [column.key for column in table.primary_key.columns]
    if not keys:
        return
    seen: dict[tuple[Any, ...], int] = {}
    for number, row in enumerate(rows, start=1):
        key = tuple(row[column] for column in keys)
        if key in seen:
            shown = ", ".join(f"{column} {value}" for column, value in zip(keys, key, strict=True))
            raise BackupRefused(
                name, f"repeats the key ({shown}) of row {seen[key]}", where=_row(table, number)
            )
        seen[key] = number


def _check_links(
    table: Table,
    rows: list[dict[str, Any]],
    decoded: dict[Table, list[dict[str, Any]]],
    name: str,
) -> None:
    for link in sorted(table.foreign_keys, key=lambda link: link.parent.name):
        target, referenced = link.column, link.column.table
        present = {row[target.key] for row in decoded[referenced]}
        for number, row in enumerate(rows, start=1):
            value = row[link.parent.key]
            if value is not None and value not in present:
                raise BackupRefused(
                    name,
                    f"column {link.parent.name!r} is {value!r}, "
                    f"but table {referenced.name!r} has no row with {target.name} {value!r}",
                    where=_row(table, number),
                )


def _refuse_unless_empty(session: Session) -> None:
    users = _users()
    holding = [
        table.name
        for table in _tables()
        if table is not users
        and session.execute(select(literal(1)).select_from(table).limit(1)).first() is not None
    ]
    if session.scalars(select(users.c.name).where(users.c.name != LOCAL_USER)).first():
        holding.insert(0, users.name)
    if holding:
        raise Refused(
            f"the database at {_where(session)} is not empty (table {holding[0]!r} has rows); "
            "restore only into an empty database, e.g. --db with a new file name; "
            "nothing was changed"
        )


def _insert(connection: Connection, table: Table, rows: list[dict[str, Any]], *, name: str) -> None:
    statement = insert(table)
    try:
        for start in range(0, len(rows), BATCH):
            connection.execute(statement, rows[start : start + BATCH])
    except (IntegrityError, DataError) as error:
        reason = str(error.orig).strip().splitlines()[0]
        raise BackupRefused(
            name, f"the database refused a row ({reason})", where=f"table {table.name!r}"
        ) from None


def _reset_sequences(session: Session, tables: list[Table]) -> None:
    # Rows went in with their ids: PostgreSQL's sequences must move past them, or the
    # next person added would take an id already in use.
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return
    quote = connection.dialect.identifier_preparer.quote
    for table in tables:
        column = table.autoincrement_column
        if column is None:
            continue
        name, key = quote(table.name), quote(column.name)
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                f"coalesce(max({key}), 1), max({key}) IS NOT NULL) FROM {name}"
            ),
            {"table": name, "column": column.name},
        )
