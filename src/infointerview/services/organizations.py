"""Organisations: found or created by name, listed with their people."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from infointerview.domain.naming import fold
from infointerview.domain.records import OrganizationRecord
from infointerview.store.models import Organization, Person
from infointerview.store.plain_sql import driver_execute


def get_or_create(
    *, session: Session, owner: int, name: str, industry: str | None = None
) -> Organization:
    """Return the owner's organisation called ``name`` (case-insensitively), creating it if new.

    On a shared server another session may create the same organisation between the look
    and the insert; the insert then fails in its own savepoint and the other's row is used.
    """
    row = _find(session, owner, name)
    if row is not None:
        return row
    created = Organization(owner_id=owner, name=name, industry=industry)
    try:
        with session.begin_nested():
            session.add(created)
    except IntegrityError:
        row = _find(session, owner, name)
        if row is None:
            raise
        return row
    return created


def _find(session: Session, owner: int, name: str) -> Organization | None:
    return session.scalar(
        select(Organization).where(
            Organization.owner_id == owner, func.lower(Organization.name) == name.lower()
        )
    )


def list_organizations(*, session: Session, owner: int) -> list[OrganizationRecord]:
    """Return the owner's organisations by name, each with how many people belong to it."""
    people = func.count(Person.id)
    rows = session.execute(
        select(Organization, people)
        .outerjoin(Person, Person.organization_id == Organization.id)
        .where(Organization.owner_id == owner)
        .group_by(Organization.id)
        .order_by(func.lower(Organization.name))
    )
    return [
        OrganizationRecord(
            id=org.id, name=org.name, industry=org.industry, website=org.website, people=count
        )
        for org, count in rows
    ]


def organization_names(*, session: Session, owner: int) -> tuple[str, ...]:
    """Return the names of the owner's organisations, for a filter's choices (cheap).

    Sorted ignoring case and accents, so "École" comes with the E's. The People page
    shows every name on each request, so the sorted names are kept per database and
    owner, and read again only when the organisations' count or newest creation time
    changed: organisations are never renamed, so those two tell whether any was added or
    removed (SQLite may give a new one the id of one removed, so the id would not).
    """
    execute = driver_execute(session)
    count, newest = execute(
        "SELECT count(*), max(created_at) FROM organizations WHERE owner_id = :owner",
        {"owner": owner},
    )[0]
    key = (session.connection().engine.url, owner)
    version = (int(count), newest)
    cached = _NAMES.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    rows = execute("SELECT name FROM organizations WHERE owner_id = :owner", {"owner": owner})
    names = tuple(sorted((row[0] for row in rows), key=fold))
    if len(_NAMES) >= _NAMES_KEPT:
        _NAMES.clear()
    _NAMES[key] = (version, names)
    return names


# (database URL, owner) -> ((count, newest creation time), sorted names)
_NAMES: dict[tuple[object, int], tuple[tuple[int, Any], tuple[str, ...]]] = {}
_NAMES_KEPT = 64
