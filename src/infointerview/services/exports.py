"""Exporting people as vCard or CSV, for an address book or a spreadsheet."""

from __future__ import annotations

from sqlalchemy.orm import Session

from infointerview.domain.records import PersonRecord
from infointerview.errors import InvalidValue
from infointerview.io import vcard
from infointerview.services import people_query
from infointerview.services.people_query import PersonFilter
from infointerview.store.plain_sql import driver_execute


def export_vcard(*, session: Session, owner: int, version: str = "3.0") -> str:
    """Return every person of ``owner`` as vCards of ``version`` (3.0 or 4.0), by name.

    Raises:
        InvalidValue: for a version this does not write.
    """
    if version not in vcard.VERSIONS:
        raise InvalidValue("version", f"{version!r} is not one of {', '.join(vcard.VERSIONS)}")
    return vcard.dump(_everyone(session, owner), version=version)


def export_csv(*, session: Session, owner: int) -> str:
    """Return every person of ``owner`` as CSV that ``import csv`` reads back, by name."""
    from infointerview.io import csv_contacts

    return csv_contacts.dump(_everyone(session, owner))


def _everyone(session: Session, owner: int) -> list[PersonRecord]:
    return people_query.fetch_people(driver_execute(session), owner=owner, filters=PersonFilter())
