"""How an imported contact merges into a person already stored.

The rule: an import adds what is new and never overwrites what the explorer typed. A
value is replaced only when the person's current value is the one the same source gave
last time (so the explorer did not change it) and the source now says something else;
an empty value is filled only when the source never gave one (else the explorer cleared
it on purpose).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import unquote

from infointerview.domain.naming import fold

# Names this close (rapidfuzz's 0-100 ratio) at the same organisation are shown as a
# possible duplicate; only an equal email, profile address or name and organisation
# merges on its own.
NEAR_MATCH = 88


def merged_value(current: str | None, previous: str | None, incoming: str | None) -> str | None:
    """Return the value a field should take, or None to leave it as it is.

    ``previous`` is what the same source gave last time (None if it never gave one).
    """
    if not incoming or incoming in (current, previous):
        # Nothing new: what the source said before, the explorer may have changed or
        # cleared on purpose.
        return None
    if not current:
        return incoming if previous is None else None
    return incoming if current == previous else None


def new_values(existing: Iterable[str], incoming: Iterable[str]) -> list[str]:
    """Return the ``incoming`` values not already among ``existing``, ignoring case."""
    seen = {value.casefold() for value in existing}
    fresh = []
    for value in incoming:
        if value.casefold() not in seen:
            seen.add(value.casefold())
            fresh.append(value)
    return fresh


@lru_cache(maxsize=65_536)
def profile_key(url: str) -> str | None:
    """Return a LinkedIn member's profile address reduced to what identifies it, or None
    for any other address (a company page, the home page).

    ``https://www.linkedin.com/in/Jane-Doe/?trk=x`` and ``linkedin.com/in/jane-doe`` are
    the same profile.
    """
    rest = url.partition("//")[2] or url
    path = "/" + rest.partition("/")[2]
    for mark in "?#":
        path = path.partition(mark)[0]
    key = (unquote(path) if "%" in path else path).rstrip("/").casefold()
    kind, _, slug = key.removeprefix("/").partition("/")
    return key if kind in ("in", "pub") and slug else None


def conflicting(
    emails: Iterable[str], profile: str | None, other_emails: Iterable[str], other: str | None
) -> bool:
    """True when two contacts with the same name cannot be one person: both have emails
    and none is shared, or both have profile addresses and they differ."""
    mine = {email.casefold() for email in emails}
    theirs = {email.casefold() for email in other_emails}
    if mine and theirs and not mine & theirs:
        return True
    return profile is not None and other is not None and profile != other


def filled(current: Mapping[str, str | None], incoming: Mapping[str, str | None]) -> dict[str, str]:
    """Return the fields empty in ``current`` that ``incoming`` gives a value for."""
    return {field: value for field, value in incoming.items() if value and not current.get(field)}


def union(first: Mapping[str, Any], then: Mapping[str, Any]) -> dict[str, Any]:
    """Return what two rows of one file said of one person: the first's values, the
    second's where the first had none, and the lists of both."""
    said = {**then, **first}
    for name in ("emails", "phones"):
        if name in first or name in then:
            said[name] = new_values([], [*first.get(name, ()), *then.get(name, ())])
    return said


@lru_cache(maxsize=65_536)
def name_key(full_name: str, organization: str | None) -> tuple[str, str]:
    """Return the key two people with the same name at the same organisation share."""
    return fold(full_name), fold(organization or "")


def changes(
    current: Mapping[str, str | None],
    previous: Mapping[str, str | None],
    incoming: Mapping[str, str | None],
) -> dict[str, str]:
    """Return the fields an import should change, with their new values."""
    found = {}
    for field, value in incoming.items():
        new = merged_value(current.get(field), previous.get(field), value)
        if new is not None:
            found[field] = new
    return found
