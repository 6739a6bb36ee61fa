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


@dataclass(frozen=True, slots=True)
class Profile:
    """Who the explorer is, for drafts and the From header: config.toml's ``[me]`` table.

    ``background`` completes "I'm ..." in one short phrase (seed 000: "a sentence or
    two" at most); ``exploring`` is the field a draft names when its conversation has
    no target; ``school`` is for the alumni request.
    """

    name: str | None = None
    email: str | None = None
    background: str | None = None
    exploring: str | None = None
    school: str | None = None

    KEYS = ("name", "email", "background", "exploring", "school")


SECURITY = ("starttls", "tls", "none")


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    """The mail server ``send --smtp`` uses: config.toml's ``[smtp]`` table.

    The password is not here: it lives in the OS keyring (``infointerview smtp password``).
    ``security`` is ``starttls`` (port 587), ``tls`` (port 465) or ``none``, which is
    allowed only for a server on this computer (a local relay).
    """

    host: str
    port: int
    security: str = "starttls"
    username: str | None = None


def _table(name: str) -> tuple[Path, dict[str, object]]:
    path = paths.config_path()
    table = _read_config_file(path).get(name, {})
    if not isinstance(table, dict):
        raise InvalidValue(f"{path}: {name}", "must be a table, like [" + name + "]")
    return path, table


def _string(path: Path, table: str, values: dict[str, object], key: str) -> str | None:
    value = values.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidValue(f"{path}: {table}.{key}", "must be a string")
    return " ".join(value.split()) or None


def load_profile() -> Profile:
    """Read the ``[me]`` table of config.toml (every key optional).

    Raises:
        InvalidValue: naming the file and key of a value of the wrong type.
    """
    path, values = _table("me")
    return Profile(**{key: _string(path, "me", values, key) for key in Profile.KEYS})


def load_smtp() -> SmtpSettings | None:
    """Read the ``[smtp]`` table of config.toml; None when there is none.

    Raises:
        InvalidValue: naming the file and key of a missing or wrong value.
    """
    path, values = _table("smtp")
    if not values:
        return None
    host = _string(path, "smtp", values, "host")
    if not host:
        raise InvalidValue(f"{path}: smtp.host", "is missing: name the mail server")
    security = (_string(path, "smtp", values, "security") or "starttls").lower()
    if security not in SECURITY:
        raise InvalidValue(f"{path}: smtp.security", f"must be one of: {', '.join(SECURITY)}")
    port = values.get("port", 465 if security == "tls" else 587)
    if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
        raise InvalidValue(f"{path}: smtp.port", "must be a port number (1-65535)")
    return SmtpSettings(
        host=host, port=port, security=security, username=_string(path, "smtp", values, "username")
    )


@dataclass(frozen=True, slots=True)
class FollowupSettings:
    """How the follow-up rules count days: config.toml's ``[followup]`` table.

    ``timezone`` is an IANA name (default: this computer's); ``holidays`` a country code
    (``US``, ``GB``, ``DE``, optionally ``US-CA``) whose public holidays are not business
    days, off by default; ``keep_in_touch_days`` the default gap between contacts.
    """

    timezone: str | None = None
    holidays: str | None = None
    keep_in_touch_days: int = 90


def load_followup() -> FollowupSettings:
    """Read the ``[followup]`` table of config.toml (every key optional).

    Raises:
        InvalidValue: naming the file and key of a wrong value.
    """
    path, values = _table("followup")
    zone = _string(path, "followup", values, "timezone")
    if zone is not None:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidValue(
                f"{path}: followup.timezone", f"{zone!r} is not a time zone like Europe/Paris"
            ) from None
    days = values.get("keep_in_touch_days", 90)
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 3650:
        raise InvalidValue(f"{path}: followup.keep_in_touch_days", "must be a number of days")
    return FollowupSettings(
        timezone=zone,
        holidays=_string(path, "followup", values, "holidays"),
        keep_in_touch_days=days,
    )


SEMANTIC_ENV = "INFOINTERVIEW_SEMANTIC"
_SWITCH: dict[str, bool | None] = {"1": True, "true": True, "yes": True, "on": True}
_SWITCH |= {"0": False, "false": False, "no": False, "off": False, "auto": None, "": None}


@dataclass(frozen=True, slots=True)
class RankingSettings:
    """How `rank` and the target page weigh relevance: config.toml's ``[ranking]`` table,
    overridden by the ``INFOINTERVIEW_SEMANTIC`` environment variable.

    ``semantic`` is None (the default: relevance by meaning when the ``semantic`` extra
    is installed, by shared words otherwise), False (shared words only) or True (by
    meaning, and an error naming the extra when it is not installed).
    """

    semantic: bool | None = None


def load_ranking() -> RankingSettings:
    """Read the ``[ranking]`` table of config.toml, then ``INFOINTERVIEW_SEMANTIC``
    (``1``/``true``/``on``, ``0``/``false``/``off`` or ``auto``).

    Raises:
        InvalidValue: naming the file and key, or the variable, of a wrong value.
    """
    path, values = _table("ranking")
    semantic = values.get("semantic")
    if semantic is not None and not isinstance(semantic, bool):
        raise InvalidValue(f"{path}: ranking.semantic", "must be true or false")
    env = os.environ.get(SEMANTIC_ENV)
    if env is not None:
        if env.strip().lower() not in _SWITCH:
            raise InvalidValue(SEMANTIC_ENV, "must be 1 or 0 (or true, false, auto)")
        semantic = _SWITCH[env.strip().lower()]
    return RankingSettings(semantic=semantic)
