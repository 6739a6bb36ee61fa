"""What the contact importers yield: one record per contact, or a problem at a line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(slots=True)
class ContactRecord:
    """One contact as a file describes it, before it is checked or merged.

    ``line`` is the file's line (1-based) where the contact starts. Values are as the
    file gives them, trimmed; the service checks them as it would a typed value.
    Nothing changes a record once made; it is not frozen only because a frozen
    dataclass sets each of its twelve fields through ``object.__setattr__``, a fifth of
    the time reading 30,000 LinkedIn connections took.
    """

    line: int
    full_name: str
    given_name: str | None = None
    family_name: str | None = None
    organization: str | None = None
    title: str | None = None
    location: str | None = None
    linkedin_url: str | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    note: str | None = None
    connected_on: date | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in the file at ``line`` that could not be used.

    ``skipped`` is True when the whole contact was left out, False when only a value was
    dropped and the rest of the contact imported.
    """

    line: int
    message: str
    skipped: bool = True


def full_name_from(given: str | None, family: str | None, *others: str | None) -> str:
    """Return the name to show for a contact whose file gives only its parts."""
    return " ".join(part.strip() for part in (given, *others, family) if part and part.strip())
