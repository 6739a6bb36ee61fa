"""The people list as portable SQL, run through SQLAlchemy or through the stdlib sqlite3.

`person list` is the command people run most. Its query is written here once, in SQL
that SQLite and PostgreSQL both understand. `services.people` runs it on a SQLAlchemy
session's driver connection (``store.plain_sql``); on the SQLite default,
``list_people_quickly`` runs the very same statements on the standard library's driver,
because importing SQLAlchemy alone takes longer than the command's whole time budget on
a laptop (see bench/startup.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from infointerview.domain.naming import is_storable_id
from infointerview.domain.records import PersonRecord, PersonSummary
from infointerview.domain.vocabulary import Channel, HowKnown
from infointerview.errors import InvalidValue, StorageError
from infointerview.services.direct import run_direct
from infointerview.services.sql_values import utc
from infointerview.store.plain_sql import Driver, Execute, each_chunk

SORTS = ("name", "organization", "added", "updated")
# Portable "no limit": PostgreSQL refuses a negative LIMIT and SQLite a NULL one.
NO_LIMIT = 2**62


@dataclass(frozen=True, slots=True)
class PersonFilter:
    """Which people a list shows, and in what order."""

    how_known: HowKnown | None = None
    organization: str | None = None
    tag: str | None = None
    target_id: int | None = None
    text: str | None = None
    sort: str = "name"
    limit: int | None = None
    offset: int = 0


_COLUMNS = """
SELECT p.id, p.full_name, p.given_name, p.family_name, o.name, p.title, p.location,
       p.linkedin_url, p.how_known, p.hiring_experience, p.preferred_channel,
       p.keep_in_touch, p.keep_in_touch_days, p.created_at, p.updated_at"""
_FROM = """
FROM people p LEFT OUTER JOIN organizations o ON o.id = p.organization_id
WHERE p.owner_id = :owner"""
# The filters never need the organisation's row: counting skips the join (SQLite keeps it).
_COUNT = """
SELECT count(*) FROM people p
WHERE p.owner_id = :owner"""
_ORDER = {
    "name": "p.sort_name, p.id",
    "organization": "lower(coalesce(o.name, '~')), p.full_name, p.id",
    "added": "p.created_at DESC, p.id DESC",
    "updated": "p.updated_at DESC, p.id DESC",
}
# Emails, phones and tags of many people in one statement: (kind, person, value) in order.
_CHILDREN = """
SELECT 0, person_id, position, id, address FROM person_emails WHERE person_id IN ({ids})
UNION ALL
SELECT 1, person_id, position, id, number FROM person_phones WHERE person_id IN ({ids})
UNION ALL
SELECT 2, pt.person_id, 0, 0, t.name FROM person_tags pt JOIN tags t ON t.id = pt.tag_id
WHERE pt.person_id IN ({ids})
ORDER BY 1, 2, 3, 4, 5"""
_KINDS = ("emails", "phones", "tags")
# What a list of people shows, and the tags of many people in one statement.
_SUMMARY_COLUMNS = "\nSELECT p.id, p.full_name, o.name, p.title, p.how_known"
_TAGS = """
SELECT pt.person_id, t.name FROM person_tags pt JOIN tags t ON t.id = pt.tag_id
WHERE pt.person_id IN ({ids})
ORDER BY 1, 2"""


def like_pattern(text: str) -> str:
    """Return a lower-cased LIKE pattern matching ``text`` anywhere, wildcards escaped.

    Runs of whitespace become one space, as in stored names, so a query cannot reach
    across the line breaks between a person's name, organisation and title.
    """
    words = " ".join(text.split()).lower()
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(wanted: PersonFilter, params: dict[str, Any]) -> str:
    clauses = []
    if wanted.how_known is not None:
        clauses.append("p.how_known = :how_known")
        params["how_known"] = wanted.how_known.value
    if wanted.organization:
        clauses.append(
            "p.organization_id IN (SELECT id FROM organizations"
            " WHERE owner_id = :owner AND lower(name) = :organization)"
        )
        params["organization"] = wanted.organization.strip().lower()
    if wanted.tag:
        clauses.append(
            "p.id IN (SELECT pt.person_id FROM person_tags pt JOIN tags t ON t.id = pt.tag_id"
            " WHERE t.name = :tag)"
        )
        params["tag"] = wanted.tag.strip().casefold()
    if wanted.target_id is not None and not is_storable_id(wanted.target_id):
        # No row can have a larger id, and SQLite refuses to bind one: nobody matches.
        clauses.append("1 = 0")
    elif wanted.target_id is not None:
        clauses.append(
            "(p.id IN (SELECT person_id FROM conversations WHERE target_id = :target_id)"
            " OR p.id IN (SELECT referred_id FROM referrals WHERE target_id = :target_id))"
        )
        params["target_id"] = wanted.target_id
    if wanted.text:
        # search_text holds the name, title and organisation, lower-cased.
        clauses.append("p.search_text LIKE :pattern ESCAPE '\\'")
        params["pattern"] = like_pattern(wanted.text)
    return "".join(f"\n  AND {clause}" for clause in clauses)


def fetch_people(execute: Execute, *, owner: int, filters: PersonFilter) -> list[PersonRecord]:
    """Return the people matching ``filters``, sorted and paginated, using ``execute``.

    Raises:
        InvalidValue: for a sort that is not one of ``SORTS``.
    """
    return _records(execute, _list(execute, _COLUMNS, owner=owner, filters=filters))


def fetch_summaries(execute: Execute, *, owner: int, filters: PersonFilter) -> list[PersonSummary]:
    """Return what a list shows of the people ``fetch_people`` would return.

    Raises:
        InvalidValue: for a sort that is not one of ``SORTS``.
    """
    rows = _list(execute, _SUMMARY_COLUMNS, owner=owner, filters=filters)
    tags = _tags(execute, [row[0] for row in rows])
    return [
        PersonSummary(
            id=pid,
            full_name=full,
            organization=org,
            title=title,
            how_known=HowKnown(how_known),
            tags=tuple(tags.get(pid, ())),
        )
        for pid, full, org, title, how_known in rows
    ]


def _list(
    execute: Execute, columns: str, *, owner: int, filters: PersonFilter
) -> Sequence[Sequence[Any]]:
    if filters.sort not in SORTS:
        raise InvalidValue("sort", f"{filters.sort!r} is not one of: {', '.join(SORTS)}")
    params: dict[str, Any] = {"owner": owner}
    sql = (
        f"{columns}{_FROM}{_where(filters, params)}\nORDER BY {_ORDER[filters.sort]}"
        "\nLIMIT :limit OFFSET :offset"
    )
    params["limit"] = NO_LIMIT if filters.limit is None else filters.limit
    params["offset"] = filters.offset
    return execute(sql, params)


def fetch_person(execute: Execute, *, owner: int, person_id: int) -> PersonRecord | None:
    """Return the owner's person ``person_id`` with emails, phones and tags, or None."""
    if not is_storable_id(person_id):
        return None
    rows = execute(f"{_COLUMNS}{_FROM} AND p.id = :id", {"owner": owner, "id": person_id})
    found = _records(execute, rows)
    return found[0] if found else None


def _records(execute: Execute, rows: Sequence[Sequence[Any]]) -> list[PersonRecord]:
    children = _children(execute, [row[0] for row in rows])
    return [_record(row, children) for row in rows]


def fetch_page(
    execute: Execute, *, owner: int, filters: PersonFilter
) -> tuple[list[PersonRecord], int]:
    """Return the people ``filters`` select and how many match in all."""
    found = fetch_people(execute, owner=owner, filters=filters)
    return found, _total(execute, owner=owner, filters=filters, found=len(found))


def fetch_summary_page(
    execute: Execute, *, owner: int, filters: PersonFilter
) -> tuple[list[PersonSummary], int]:
    """Return what a list shows of the people ``filters`` select, and how many match."""
    found = fetch_summaries(execute, owner=owner, filters=filters)
    return found, _total(execute, owner=owner, filters=filters, found=len(found))


def _total(execute: Execute, *, owner: int, filters: PersonFilter, found: int) -> int:
    # A page that comes back short, and is not past the end, already tells the total: a
    # search few people match then costs one scan, not two.
    short = filters.limit is None or found < filters.limit
    if short and (found or filters.offset == 0):
        return filters.offset + found
    return count_matching(execute, owner=owner, filters=filters)


def count_matching(execute: Execute, *, owner: int, filters: PersonFilter) -> int:
    """Return how many people match ``filters`` (ignoring sort and pagination)."""
    params: dict[str, Any] = {"owner": owner}
    rows = execute(f"{_COUNT}{_where(filters, params)}", params)
    return int(rows[0][0])


def _children(execute: Execute, ids: Sequence[int]) -> dict[str, dict[int, list[str]]]:
    found: dict[str, dict[int, list[str]]] = {kind: {} for kind in _KINDS}
    for kind, person_id, _, _, value in each_chunk(execute, _CHILDREN, ids):
        found[_KINDS[kind]].setdefault(person_id, []).append(value)
    return found


def _tags(execute: Execute, ids: Sequence[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for person_id, tag in each_chunk(execute, _TAGS, ids):
        found.setdefault(person_id, []).append(tag)
    return found


def _record(
    row: Sequence[Any], children: Mapping[str, Mapping[int, Iterable[str]]]
) -> PersonRecord:
    (pid, full, given, family, org, title, location, linkedin, how_known, hiring, channel,
     keep, keep_days, created, updated) = row  # fmt: skip
    return PersonRecord(
        id=pid,
        full_name=full,
        given_name=given,
        family_name=family,
        organization=org,
        title=title,
        location=location,
        emails=tuple(children["emails"].get(pid, ())),
        phones=tuple(children["phones"].get(pid, ())),
        linkedin_url=linkedin,
        how_known=HowKnown(how_known),
        hiring_experience=bool(hiring),
        preferred_channel=Channel(channel) if channel else None,
        keep_in_touch=bool(keep),
        keep_in_touch_days=keep_days,
        tags=tuple(children["tags"].get(pid, ())),
        created_at=utc(created),
        updated_at=utc(updated),
    )


def list_people_quickly(
    db: str | None, filters: PersonFilter, *, with_total: bool
) -> tuple[list[PersonRecord], int] | None:
    """List people straight from a SQLite file whose schema is current, without SQLAlchemy.

    Returns the people and (when ``with_total``) how many match in all, or None when the
    database is not a SQLite file that is ready to read as it is (missing, older, not
    ours, on a server): the caller then takes the full path, which creates, migrates or
    explains.
    """

    def _read(driver: Driver, owner: int) -> tuple[list[PersonRecord], int]:
        # One read transaction, so the page and its count agree.
        if with_total:
            return fetch_page(driver.execute, owner=owner, filters=filters)
        return fetch_people(driver.execute, owner=owner, filters=filters), 0

    try:
        return run_direct(db, _read, write=False)
    except StorageError:
        return None  # the full path opens the file again, and explains
