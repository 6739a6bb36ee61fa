"""Check and normalise the values people type, naming the field when one is refused."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import urlsplit

from infointerview.errors import InvalidValue

# Seed 001: "Ask for fifteen to thirty minutes"; seed 003: "a short (15-30 minute) conversation".
MIN_REQUESTED_MINUTES = 15
MAX_REQUESTED_MINUTES = 30
DEFAULT_REQUESTED_MINUTES = 20

MAX_NAME = 300
MAX_SHORT = 200
MAX_TEXT = 20_000
_EMAIL = re.compile(r"^[^@\s<>\"(),;:]+@[^@\s<>\"(),;:]+\.[^@\s<>\"(),;:.]+$")
_PHONE = re.compile(r"^\+?[0-9 ().\-/]{3,40}(?:\s*(?:x|ext\.?)\s*[0-9]{1,6})?$", re.IGNORECASE)
_TAG = re.compile(r"^[\w][\w\-.+/]*$")


# Bidirectional overrides can make text display as something other than what it is.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _keep(text: str, *, newlines: bool) -> str:
    """Drop control, private-use and bidi-override characters; Unicode spaces become spaces.

    Joiners (ZWJ, ZWNJ) and other format characters stay: they change how words are spelt.
    """
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if newlines and ch in "\t\n":
            kept.append(ch)
        elif category.startswith("Z") or ch.isspace():
            kept.append("\n" if newlines and category in ("Zl", "Zp") else " ")
        elif category in ("Cc", "Cs", "Co") or ch in _BIDI_CONTROLS:
            continue
        else:
            kept.append(ch)
    return "".join(kept)


def _shown(value: str, limit: int = 60) -> str:
    """Return ``value`` quoted for a message, cut short: an import can meet huge cells."""
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")


def _clean(value: str) -> str:
    """Return one line of text: unsafe characters dropped, whitespace runs made one space."""
    if value.isprintable():
        # No control, format, private-use or separator character but the plain space:
        # nothing for _keep to drop (an import checks hundreds of thousands of values).
        return " ".join(value.split())
    return " ".join(_keep(value, newlines=False).split())


def required_text(value: str | None, *, field: str, limit: int = MAX_SHORT) -> str:
    """Return ``value`` cleaned; refuse it if empty or longer than ``limit``."""
    cleaned = _clean(value or "")
    if not cleaned:
        raise InvalidValue(field, "must not be empty")
    if len(cleaned) > limit:
        raise InvalidValue(field, f"is {len(cleaned)} characters long; the limit is {limit}")
    return cleaned


def optional_text(value: str | None, *, field: str, limit: int = MAX_SHORT) -> str | None:
    """Return ``value`` cleaned, or None when it is missing or blank."""
    if value is None or not _clean(value):
        return None
    return required_text(value, field=field, limit=limit)


def long_text(value: str | None, *, field: str, required: bool = False) -> str | None:
    """Return free text (notes, bodies) with its line breaks kept, or None when blank."""
    text = _keep((value or "").replace("\r\n", "\n"), newlines=True).strip()
    if not text:
        if required:
            raise InvalidValue(field, "must not be empty")
        return None
    if len(text) > MAX_TEXT:
        raise InvalidValue(field, f"is {len(text)} characters long; the limit is {MAX_TEXT}")
    return text


def email(value: str, *, field: str = "email") -> str:
    """Return a plausible email address, trimmed; refuse anything else."""
    address = value.strip()
    if len(address) > 320 or not _EMAIL.match(address):
        raise InvalidValue(field, f"{_shown(value)} is not an email address")
    return address


def phone(value: str, *, field: str = "phone") -> str:
    """Return a phone number as written, trimmed; refuse text that is not one."""
    number = " ".join(value.split())
    if len(number) > 50 or not _PHONE.match(number) or sum(ch.isdigit() for ch in number) < 3:
        raise InvalidValue(field, f"{_shown(value)} is not a phone number")
    return number


def web_url(value: str | None, *, field: str) -> str | None:
    """Return an http(s) URL, or None when blank; refuse other schemes (javascript:, data:)."""
    if value is None or not value.strip():
        return None
    url = value.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in url or len(url) > 500:
        raise InvalidValue(field, f"{_shown(value)} is not an http(s) web address")
    return url


_PLAIN_LINKEDIN = re.compile(r"https?://(?:[a-z0-9-]+\.)*linkedin\.com/[!-~]*", re.ASCII)


def linkedin_url(value: str | None, *, field: str = "linkedin_url") -> str | None:
    """Return a LinkedIn profile URL, or None when blank."""
    if value is not None and len(value) <= 500 and _PLAIN_LINKEDIN.fullmatch(value):
        return value
    url = web_url(value, field=field)
    if url is None:
        return None
    host = (urlsplit(url).hostname or "").lower()
    if host != "linkedin.com" and not host.endswith(".linkedin.com"):
        raise InvalidValue(field, f"{_shown(url)} is not a linkedin.com address")
    return url


def tags(values: Iterable[str], *, field: str = "tag") -> tuple[str, ...]:
    """Return tags lower-cased, de-duplicated and sorted; refuse tags with spaces or symbols."""
    cleaned: set[str] = set()
    for value in values:
        for part in value.split(","):
            tag = part.strip().casefold()
            if not tag:
                continue
            if len(tag) > 100 or not _TAG.match(tag):
                raise InvalidValue(field, f"{part.strip()!r} is not a tag (one word, no spaces)")
            cleaned.add(tag)
    return tuple(sorted(cleaned))


def requested_minutes(value: int) -> int:
    """Return the minutes to ask for; the seeds ask for 15 to 30 (seeds 001 and 003)."""
    if not MIN_REQUESTED_MINUTES <= value <= MAX_REQUESTED_MINUTES:
        raise InvalidValue(
            "minutes",
            f"{value} is outside {MIN_REQUESTED_MINUTES}-{MAX_REQUESTED_MINUTES}: ask for fifteen "
            "to thirty minutes (seed 001)",
        )
    return value


def actual_minutes(value: int | None) -> int | None:
    """Return how long a meeting really took, refusing negative or absurd lengths."""
    if value is None:
        return None
    if not 0 <= value <= 24 * 60:
        raise InvalidValue("actual minutes", f"{value} is not a meeting length in minutes")
    return value


MAX_KEEP_IN_TOUCH_DAYS = 3650  # ten years: longer is not keeping in touch


def keep_in_touch_days(value: int | None, *, field: str = "keep in touch days") -> int | None:
    """Return the days between contacts with someone, or None for the default."""
    if value is None:
        return None
    if not 1 <= value <= MAX_KEEP_IN_TOUCH_DAYS:
        raise InvalidValue(
            field, f"{value} is not a number of days from 1 to {MAX_KEEP_IN_TOUCH_DAYS}"
        )
    return value
