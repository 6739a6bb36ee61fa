"""The one exception tree of infointerview.

Every error the product raises on purpose derives from :class:`InfointerviewError`,
carries the exit code the CLI uses and the HTTP status the web app uses, and builds
its one-line message from the data it holds. This module imports nothing of the
project's, so every layer, the pure domain included, may raise these errors.
"""

from __future__ import annotations

import re
from collections.abc import Sequence


class InfointerviewError(Exception):
    """Root of every error infointerview raises on purpose."""

    exit_code: int = 1
    http_status: int = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class BadInput(InfointerviewError):
    """The user gave input we cannot use: exit 2, HTTP 400."""

    exit_code = 2
    http_status = 400


class InvalidValue(BadInput):
    """A field holds a value outside what the product accepts."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class NotFound(BadInput):
    """Nothing matches what the user named."""

    http_status = 404

    def __init__(self, kind: str, query: str) -> None:
        super().__init__(f"no {kind} matches {query!r}")
        self.kind = kind
        self.query = query


class Ambiguous(BadInput):
    """What the user named matches more than one record."""

    http_status = 409

    def __init__(self, kind: str, query: str, candidates: Sequence[str]) -> None:
        shown = "; ".join(candidates[:10])
        more = f"; and {len(candidates) - 10} more" if len(candidates) > 10 else ""
        plural = "people" if kind == "person" else f"{kind}s"
        super().__init__(
            f"{query!r} matches {len(candidates)} {plural}, name one by id: {shown}{more}"
        )
        self.kind = kind
        self.query = query
        self.candidates = list(candidates)


class IllegalTransition(BadInput):
    """A conversation was asked to move to a state it cannot reach from where it is."""

    http_status = 409

    def __init__(
        self, current: str, requested: str, allowed: Sequence[str], route: Sequence[str] = ()
    ) -> None:
        options = ", ".join(allowed) if allowed else "nothing (it is finished)"
        hint = f" (to reach {requested!r}, move through: {', '.join(route)})" if route else ""
        super().__init__(
            f"a conversation cannot go from {current!r} to {requested!r}; "
            f"from {current!r} it can go to: {options}{hint}"
        )
        self.current = current
        self.requested = requested
        self.allowed = list(allowed)


class Refused(BadInput):
    """The product declines to do something that would harm the user's data."""

    http_status = 409


class FileRefused(BadInput):
    """A file that cannot be imported (or checked) at all, or a problem in it under --strict."""

    def __init__(
        self, file: str, reason: str, line: int | None = None, *, outcome: str = "imported"
    ) -> None:
        where = f"{file}, line {line}" if line is not None else file
        super().__init__(f"{where}: {reason}; nothing was {outcome}")
        self.file = file
        self.line = line
        self.reason = reason


class RequestTooLarge(BadInput):
    """A request body larger than the web app reads; sizes come written (``120 MB``)."""

    http_status = 413

    def __init__(self, size: str, limit: str) -> None:
        super().__init__(
            f"the upload is {size}; the most this page reads is {limit} (the command line "
            "reads larger files: infointerview import KIND FILE --max-size 500MB)"
        )
        self.size = size
        self.limit = limit


class DeliveryFailed(InfointerviewError):
    """The mail server or the OS keyring could not take a message: exit 1, HTTP 502."""

    http_status = 502


class StorageError(InfointerviewError):
    """The database cannot be opened or used as asked: exit 2, HTTP 503."""

    exit_code = 2
    http_status = 503


class BadDatabaseURL(StorageError):
    """The --db value is not a database URL we can use."""

    def __init__(self, url: str, reason: str) -> None:
        shown = re.sub(r"(://[^/:@]*:)[^/]*@", r"\1***@", url)
        super().__init__(f"--db {shown!r} is not a usable database URL: {reason}")
        self.url = url
        self.reason = reason


class DatabaseUnreachable(StorageError):
    """The database server does not answer."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"cannot connect to the database at {where}: {reason}")
        self.where = where
        self.reason = reason


class NotADatabase(StorageError):
    """The file given as the SQLite database is something else."""

    def __init__(self, path: str) -> None:
        super().__init__(
            f"{path} is not an infointerview database (not a SQLite file); "
            "nothing was changed. Point --db at another file."
        )
        self.path = path


class DataDirNotWritable(StorageError):
    """The folder that should hold the database cannot be created or written."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(
            f"cannot write the data folder {path}: {reason}. "
            "Set INFOINTERVIEW_HOME or pass --db to use another place."
        )
        self.path = path


class SchemaMismatch(StorageError):
    """The database's schema is not the one this version of infointerview uses."""


class MissingExtra(InfointerviewError):
    """Something the user turned on needs an optional extra that is not installed."""

    def __init__(self, feature: str, extra: str, reason: str) -> None:
        super().__init__(
            f"{feature} needs the {extra!r} extra ({reason}): "
            f"pip install 'infointerview[{extra}]', or turn it off"
        )
        self.feature = feature
        self.extra = extra
        self.reason = reason
