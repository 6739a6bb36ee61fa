"""Writing an import's plan: a few statements of many rows each, in the caller's transaction.

30,000 LinkedIn connections are 30,000 people, sources and (some) emails: inserted
through the ORM one object at a time that takes many seconds; as executemany batches it
takes a fraction of one (bench/import.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, func, insert, select, text, update
from sqlalchemy.orm import Session

from infointerview.domain.naming import person_keys
from infointerview.domain.vocabulary import ContactSource, HowKnown
from infointerview.services import timeline
from infointerview.services.contact_index import Known
from infointerview.store.models import (
    Base,
    EmailAddress,
    ImportRun,
    Note,
    Organization,
    Person,
    PersonSource,
    PhoneNumber,
    Tag,
    person_tags,
)
from infointerview.store.plain_sql import insert_rows

if TYPE_CHECKING:
    from infointerview.services.importing import Plan

_NAME_LIMIT = 500  # the file_name columns' length
_PLAIN = ("full_name", "given_name", "family_name", "title", "location", "linkedin_url")


def write(
    *,
    session: Session,
    owner: int,
    source: ContactSource,
    file_name: str,
    plan: Plan,
    tag: str,
    now: datetime,
) -> int:
    """Write ``plan`` and record the import; return the import's id."""
    if len(file_name) > _NAME_LIMIT:
        file_name = "…" + file_name[1 - _NAME_LIMIT :]
    run = ImportRun(
        owner_id=owner,
        source=source,
        file_name=file_name,
        imported_at=now,
        added=len(plan.adds),
        updated=plan.updated,
        unchanged=plan.unchanged,
        duplicates=len(plan.duplicates),
        skipped=len(plan.skipped),
    )
    session.add(run)
    session.flush()
    organizations = _organizations(session, owner, plan)
    _add_people(session, owner, plan, organizations, now)
    _update_people(session, owner, plan, organizations, now)
    _add_lists(session, owner, plan)
    _add_notes(session, owner, plan, now)
    _write_sources(session, owner, source, file_name, run.id, plan, now)
    if plan.duplicates:
        _tag(session, owner, tag, [added.id for added, _, _ in plan.duplicates if added.id])
    timeline.record(
        session=session,
        owner=owner,
        kind="import",
        summary=f"Imported {file_name} ({source.value}): {len(plan.adds)} added, "
        f"{plan.updated} updated, {plan.unchanged} unchanged",
        at=now,
        data={"import_id": run.id},
    )
    return run.id


def _organizations(session: Session, owner: int, plan: Plan) -> dict[str, int]:
    """Return the id of every organisation the plan names, by lower-cased name, made if new."""
    wanted: dict[str, str] = {}
    for person in plan.adds:
        if person.values.get("organization"):
            name = str(person.values["organization"])
            wanted.setdefault(name.lower(), name)
    for changed in plan.updates.values():
        if changed.get("organization"):
            wanted.setdefault(changed["organization"].lower(), changed["organization"])
    if not wanted:
        return {}
    known = {
        name.lower(): id_
        for id_, name in session.execute(
            select(Organization.id, Organization.name).where(Organization.owner_id == owner)
        )
    }
    missing = [name for key, name in wanted.items() if key not in known]
    if missing:
        ids = session.scalars(
            insert(Organization).returning(Organization.id, sort_by_parameter_order=True),
            [{"owner_id": owner, "name": name} for name in missing],
        ).all()
        known.update({name.lower(): id_ for name, id_ in zip(missing, ids, strict=True)})
    return known


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


def _keys(values: dict[str, Any]) -> tuple[str, str]:
    return person_keys(str(values["full_name"]), values.get("title"), values.get("organization"))


def _add_people(
    session: Session, owner: int, plan: Plan, organizations: dict[str, int], now: datetime
) -> None:
    if not plan.adds:
        return
    rows = []
    keyed = [(_keys(person.values), person) for person in plan.adds]
    # In name order: the people's indexes mostly follow the name, and a B-tree filled in
    # order writes each page once.
    keyed.sort(key=lambda pair: pair[0][0])
    plan.adds[:] = [person for _, person in keyed]
    for (sort_name, search_text), person in keyed:
        values = person.values
        organization = values.get("organization")
        rows.append(
            {
                **{name: values.get(name) for name in _PLAIN},
                "owner_id": owner,
                "organization_id": organizations[organization.lower()] if organization else None,
                "how_known": HowKnown.KNOWN,
                "hiring_experience": False,
                "keep_in_touch": False,
                "sort_name": sort_name,
                "search_text": search_text,
                "created_at": now,
                "updated_at": now,
            }
        )
    for person, row, id_ in zip(plan.adds, rows, _reserve_ids(session, len(rows)), strict=True):
        person.id = row["id"] = id_
    # Core, not the ORM: its bulk insert spends more time on its own bookkeeping than
    # SQLite spends inserting.
    insert_rows(session, _table(Person), rows)


def _add_notes(session: Session, owner: int, plan: Plan, now: datetime) -> None:
    notes = [
        {
            "owner_id": owner,
            "person_id": person.id,
            "body": body,
            "created_at": now,
            "updated_at": now,
        }
        for person, body in plan.notes
    ]
    if notes:
        insert_rows(session, _table(Note), notes)


def _reserve_ids(session: Session, count: int) -> list[int]:
    """Return ``count`` new ids for people, so rows can be inserted in one executemany."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        return list(
            session.scalars(
                text(
                    "SELECT nextval(pg_get_serial_sequence('people', 'id'))"
                    " FROM generate_series(1, :count)"
                ),
                {"count": count},
            )
        )
    # SQLite: the session's transaction began with BEGIN IMMEDIATE (store.engine), so it
    # holds the write lock and no other writer can take these ids before they are used.
    last = int(session.scalar(select(func.coalesce(func.max(Person.id), 0))) or 0)
    return list(range(last + 1, last + 1 + count))


def _update_people(
    session: Session, owner: int, plan: Plan, organizations: dict[str, int], now: datetime
) -> None:
    rows = []
    for person_id, changed in plan.updates.items():
        person = plan.sources[person_id]
        row: dict[str, Any] = {"id": person_id, "updated_at": now}
        row.update({name: value for name, value in changed.items() if name in _PLAIN})
        if "organization" in changed:
            row["organization_id"] = organizations[changed["organization"].lower()]
        if changed.keys() & {"full_name", "title", "organization"}:
            row["sort_name"], row["search_text"] = _keys(person.values)
        rows.append(row)
    for row in rows:
        session.execute(
            update(Person)
            .where(Person.id == row["id"], Person.owner_id == owner)
            .values({k: v for k, v in row.items() if k != "id"})
        )


def _add_lists(session: Session, owner: int, plan: Plan) -> None:
    emails: list[dict[str, Any]] = []
    phones: list[dict[str, Any]] = []
    for person in plan.adds:
        emails.extend(_list_rows(owner, person.id, person.emails, 0, "address"))
        phones.extend(_list_rows(owner, person.id, person.phones, 0, "number"))
    for person_id, added in plan.new_emails.items():
        stored = len(plan.sources[person_id].emails) - len(added)
        emails.extend(_list_rows(owner, person_id, added, stored, "address"))
    for person_id, added in plan.new_phones.items():
        stored = len(plan.sources[person_id].phones) - len(added)
        phones.extend(_list_rows(owner, person_id, added, stored, "number"))
    if emails:
        insert_rows(session, _table(EmailAddress), emails)
    if phones:
        insert_rows(session, _table(PhoneNumber), phones)


def _list_rows(
    owner: int, person_id: int | None, values: list[str], start: int, column: str
) -> list[dict[str, Any]]:
    return [
        {"owner_id": owner, "person_id": person_id, column: value, "position": start + i}
        for i, value in enumerate(values)
    ]


def _write_sources(
    session: Session,
    owner: int,
    source: ContactSource,
    file_name: str,
    import_id: int,
    plan: Plan,
    now: datetime,
) -> None:
    def _row(person: Known) -> dict[str, Any]:
        return {
            "owner_id": owner,
            "person_id": person.id,
            "import_id": import_id,
            "source": source,
            "file_name": file_name,
            "line": person.line,
            "imported_at": now,
            "fields": person.said or {},
        }

    fresh = [_row(person) for person in plan.adds]
    fresh += [_row(person) for person in plan.sources.values() if not person.sourced]
    if fresh:
        insert_rows(session, _table(PersonSource), fresh)
    for person in plan.sources.values():
        if person.sourced:
            # Where the person came from stays; what the source says now is kept.
            session.execute(
                update(PersonSource)
                .where(PersonSource.person_id == person.id, PersonSource.source == source)
                .values(fields=person.said or {}, import_id=import_id)
            )


def _tag(session: Session, owner: int, name: str, person_ids: list[int]) -> None:
    tag_id = session.scalar(select(Tag.id).where(Tag.owner_id == owner, Tag.name == name))
    if tag_id is None:
        tag = Tag(owner_id=owner, name=name)
        session.add(tag)
        session.flush()
        tag_id = tag.id
    session.execute(
        insert(person_tags), [{"person_id": id_, "tag_id": tag_id} for id_ in person_ids]
    )
