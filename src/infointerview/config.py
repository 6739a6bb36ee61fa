"""One typed Settings object: defaults < config file < environment < CLI flags."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from infointerview import paths
from infointerview.errors import InvalidValue

DB_ENV = "INFOINTERVIEW_DB"


@dataclass(frozen=True, slots=True)
class Settings:
    """What a front end needs to know to open the user's data.

    Attributes:
        db: a database URL or a SQLite file path; None means the default file.
        debug: show tracebacks for unexpected errors.
    """

    db: str | None = None
    debug: bool = False


def _read_config_file(path: Path) -> dict[str, object]:
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidValue(str(path), f"cannot read the configuration file ({exc})") from None


def load_settings(*, db: str | None = None, debug: bool = False) -> Settings:
    """Build the Settings, letting each source override the one before it.

    Args:
        db: the ``--db`` flag, if given.
        debug: the ``--debug`` flag.
    """
    file_values = _read_config_file(paths.config_path())
    file_db = file_values.get("db")
    if file_db is not None and not isinstance(file_db, str):
        raise InvalidValue(f"{paths.config_path()}: db", "must be a string")
    chosen = db or os.environ.get(DB_ENV) or file_db or None
    return Settings(db=chosen, debug=debug or bool(os.environ.get("INFOINTERVIEW_DEBUG")))
