"""Writing an import's plan: a few statements of many rows each, in the caller's transaction.

30,000 LinkedIn connections are 30,000 people, sources and (some) emails: inserted
through the ORM one object at a time that takes many seconds; as plain executemany
batches on the driver it takes a fraction of one (bench/import.py). Nothing here imports
SQLAlchemy, so the CLI can import into a SQLite file without paying for its import.
"""

from __future__ import annotations

from datetime import datetime
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from infointerview.domain.naming import person_keys
from infointerview.domain.vocabulary import ContactSource, HowKnown
from infointerview.services.contact_index import Known
from infointerview.store.bulk_load import indexes_built_after
from infointerview.store.plain_sql import Driver

if TYPE_CHECKING:
    from infointerview.services.importing import Plan

_NAME_LIMIT = 500  # the file_name columns' length
_PLAIN = ("full_name", "given_name", "family_name", "title", "location", "linkedin_url")
_PEOPLE = (
    "id",
    *_PLAIN,
    "owner_id",
    "organization_id",
    "how_known",
    "hiring_experience",
    "keep_in_touch",
    "sort_name",
    "search_text",
    "created_at",
    "updated_at",
)
_SOURCES = (
    "owner_id",
    "person_id",
    "import_id",
    "source",
    "file_name",
    "line",
    "imported_at",
    "fields",
)


def write(
    *,
    db: Driver,
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
    stamp = db.stamp(now)
    import_id = db.insert_one(
        "imports",
        {
            "owner_id": owner,
            "source": source.value,
            "file_name": file_name,
            "imported_at": stamp,
            "added": len(plan.adds),
            "updated": plan.updated,
            "unchanged": plan.unchanged,
            "duplicates": len(plan.duplicates),
            "skipped": len(plan.skipped),
        },
    )
    organizations = _organizations(db, owner, plan, stamp)
    _add_people(db, owner, plan, organizations, stamp)
    _update_people(db, owner, plan, organizations, stamp)
    _add_lists(db, owner, plan)
    _add_notes(db, owner, plan, stamp)
    _write_sources(db, owner, source, file_name, import_id, plan, stamp)
    if plan.duplicates:
        _tag(db, owner, tag, [added.id for added, _, _ in plan.duplicates if added.id])
    # The timeline's event, as services.timeline.record would add it through the ORM.
    db.insert_one(
        "events",
        {
            "owner_id": owner,
            "occurred_at": stamp,
            "kind": "import",
            "summary": f"Imported {file_name} ({source.value}): {len(plan.adds)} added, "
            f"{plan.updated} updated, {plan.unchanged} unchanged",
            "data": db.json({"import_id": import_id}),
        },
    )
    return import_id


def _organizations(db: Driver, owner: int, plan: Plan, stamp: Any) -> dict[str, int]:
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
        str(name).lower(): int(id_)
        for id_, name in db.execute(
            "SELECT id, name FROM organizations WHERE owner_id = :owner", {"owner": owner}
        )
    }
    missing = [name for key, name in wanted.items() if key not in known]
    ids = db.new_ids("organizations", len(missing)) if missing else []
    db.insert(
        "organizations",
        ("id", "owner_id", "name", "created_at", "updated_at"),
        [(id_, owner, name, stamp, stamp) for id_, name in zip(ids, missing, strict=True)],
    )
    known.update({name.lower(): id_ for name, id_ in zip(missing, ids, strict=True)})
    return known


def _keys(values: dict[str, Any]) -> tuple[str, str]:
    return person_keys(str(values["full_name"]), values.get("title"), values.get("organization"))


def _add_people(
    db: Driver, owner: int, plan: Plan, organizations: dict[str, int], stamp: Any
) -> None:
    if not plan.adds:
        return
    keyed = [(_keys(person.values), person) for person in plan.adds]
    # In name order: the people's indexes mostly follow the name, and a B-tree filled in
    # order writes each page once.
    keyed.sort(key=lambda pair: pair[0][0])
    plan.adds[:] = [person for _, person in keyed]
    rows: list[tuple[Any, ...]] = []
    known = HowKnown.KNOWN.value
    plain = itemgetter(*_PLAIN)  # a person added has every field, None where empty
    for id_, ((sort_name, search_text), person) in zip(
        db.new_ids("people", len(keyed)), keyed, strict=True
    ):
        person.id = id_
        organization = person.values["organization"]
        rows.append(
            (
                id_,
                *plain(person.values),
                owner,
                organizations[organization.lower()] if organization else None,
                known,
                False,
                False,
                sort_name,
                search_text,
                stamp,
                stamp,
            )
        )
    with indexes_built_after(db, "people", adding=len(rows)):
        db.insert("people", _PEOPLE, rows)


def _add_notes(db: Driver, owner: int, plan: Plan, stamp: Any) -> None:
    db.insert(
        "notes",
        ("owner_id", "person_id", "body", "created_at", "updated_at"),
        [(owner, person.id, body, stamp, stamp) for person, body in plan.notes],
    )


def _update_people(
    db: Driver, owner: int, plan: Plan, organizations: dict[str, int], stamp: Any
) -> None:
    for person_id, changed in plan.updates.items():
        person = plan.sources[person_id]
        row: dict[str, Any] = {"updated_at": stamp}
        row.update({name: value for name, value in changed.items() if name in _PLAIN})
        if "organization" in changed:
            organization = changed["organization"]
            row["organization_id"] = organizations[organization.lower()] if organization else None
        if changed.keys() & {"full_name", "title", "organization"}:
            row["sort_name"], row["search_text"] = _keys(person.values)
        assignments = ", ".join(f"{name} = :{name}" for name in row)
        db.execute(
            f"UPDATE people SET {assignments} WHERE id = :id AND owner_id = :owner",
            {**row, "id": person_id, "owner": owner},
        )


def _add_lists(db: Driver, owner: int, plan: Plan) -> None:
    emails: list[tuple[Any, ...]] = []
    phones: list[tuple[Any, ...]] = []
    for person in plan.adds:
        if person.emails:
            emails.extend(_list_rows(owner, person.id, person.emails, 0))
        if person.phones:
            phones.extend(_list_rows(owner, person.id, person.phones, 0))
    for person_id, added in plan.new_emails.items():
        stored = len(plan.sources[person_id].emails) - len(added)
        emails.extend(_list_rows(owner, person_id, added, stored))
    for person_id, added in plan.new_phones.items():
        stored = len(plan.sources[person_id].phones) - len(added)
        phones.extend(_list_rows(owner, person_id, added, stored))
    db.insert("person_emails", ("owner_id", "person_id", "address", "position"), emails)
    db.insert("person_phones", ("owner_id", "person_id", "number", "position"), phones)


def _list_rows(
    owner: int, person_id: int | None, values: list[str], start: int
) -> list[tuple[Any, ...]]:
    return [(owner, person_id, value, start + i) for i, value in enumerate(values)]


def _write_sources(
    db: Driver,
    owner: int,
    source: ContactSource,
    file_name: str,
    import_id: int,
    plan: Plan,
    stamp: Any,
) -> None:
    kind = source.value

    def _row(person: Known) -> tuple[Any, ...]:
        fields = db.json(person.said or {})
        return (owner, person.id, import_id, kind, file_name, person.line, stamp, fields)

    fresh = [_row(person) for person in plan.adds]
    fresh += [_row(person) for person in plan.sources.values() if not person.sourced]
    db.insert("person_sources", _SOURCES, fresh)
    for person in plan.sources.values():
        if person.sourced:
            # Where the person came from stays; what the source says now is kept.
            db.execute(
                "UPDATE person_sources SET fields = :fields, import_id = :import"
                " WHERE person_id = :person AND source = :source",
                {
                    "fields": db.json(person.said or {}),
                    "import": import_id,
                    "person": person.id,
                    "source": kind,
                },
            )


def _tag(db: Driver, owner: int, name: str, person_ids: list[int]) -> None:
    found = db.execute(
        "SELECT id FROM tags WHERE owner_id = :owner AND name = :name",
        {"owner": owner, "name": name},
    )
    tag_id = found[0][0] if found else db.insert_one("tags", {"owner_id": owner, "name": name})
    db.insert("person_tags", ("person_id", "tag_id"), [(id_, tag_id) for id_ in person_ids])
