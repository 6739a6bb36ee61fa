"""Importing contact files: parse, check, match with the people stored, then write at once.

Seed 004 starts with "people you already know"; seed 003 calls LinkedIn "your most
valuable tool". An import adds new people, adds new emails and phones to people already
stored, updates only values the explorer has not edited since the last import, and
never merges a near match on its own: those are added, tagged ``possible-duplicate`` and
listed. The whole import is one transaction; ``dry_run`` computes the same report and
writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from infointerview.domain import validation as check
from infointerview.domain.merging import changes, filled, new_values, union
from infointerview.domain.vocabulary import ContactSource
from infointerview.errors import BadInput, FileRefused, InvalidValue
from infointerview.io.records import ContactRecord, Problem
from infointerview.services import contact_index, import_writer
from infointerview.services.collector import collector_paused
from infointerview.services.contact_index import FIELDS, ContactIndex, Known
from infointerview.services.direct import run_direct
from infointerview.store.plain_sql import Driver, of_session

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

DUPLICATE_TAG = "possible-duplicate"
# Called with the contacts done and their total, None while the file is still being read.
Progress = Callable[[int, int | None], None]


@dataclass(frozen=True, slots=True)
class PossibleDuplicate:
    """A contact added as a new person that may be someone already stored."""

    line: int
    name: str
    person_id: int | None
    person_name: str
    score: int


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did, or would do when ``dry_run``."""

    source: ContactSource
    file_name: str
    dry_run: bool
    added: int
    updated: int
    unchanged: int
    duplicates: tuple[PossibleDuplicate, ...]
    skipped: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    contacts: int = 0  # how many the file holds, the skipped ones included
    import_id: int | None = None


@dataclass(slots=True)
class Plan:
    """The writes an import makes: people to add, changes to people stored, and why."""

    adds: list[Known] = field(default_factory=list)
    notes: list[tuple[Known, str]] = field(default_factory=list)
    updates: dict[int, dict[str, Any]] = field(default_factory=dict)
    new_emails: dict[int, list[str]] = field(default_factory=dict)
    new_phones: dict[int, list[str]] = field(default_factory=dict)
    sources: dict[int, Known] = field(default_factory=dict)
    # (the person added, the one stored they may be, how alike their names are)
    duplicates: list[tuple[Known, Known, int]] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)
    warnings: list[Problem] = field(default_factory=list)
    contacts: int = 0

    def changed_ids(self) -> set[int]:
        """The ids of the people stored before the import that it changes."""
        noted: set[int] = set()
        if self.notes:
            # People this import adds have ids once written; they are added, not changed.
            added = {id(person) for person in self.adds}
            noted = {
                person.id
                for person, _ in self.notes
                if person.id is not None and id(person) not in added
            }
        return self.updates.keys() | self.new_emails.keys() | self.new_phones.keys() | noted

    @property
    def updated(self) -> int:
        """How many people stored before the import it changes."""
        return len(self.changed_ids())

    @property
    def unchanged(self) -> int:
        """How many people stored before the import it names and leaves as they are."""
        return len(self.seen - self.changed_ids())


def parse_file(
    *,
    source: ContactSource,
    data: bytes,
    file_name: str,
    encoding: str | None = None,
    mapping: str | None = None,
) -> Iterator[ContactRecord | Problem]:
    """Decode a contact file's bytes and return its parser's records and problems.

    The parser runs as the items are taken (by ``import_contacts``), so a file whose
    content cannot be imported at all (no header, no name column) is refused then.

    Raises:
        FileRefused: for an empty, binary or undecodable file.
        BadInput: for a ``mapping`` that is not ``COLUMN=FIELD,...``.
    """
    from infointerview.io import text

    columns = None
    if mapping:
        if source is not ContactSource.CSV:
            raise BadInput(
                "--map is for CSV files (import csv); LinkedIn's and vCard's fields are known"
            )
        from infointerview.io import csv_contacts

        columns = csv_contacts.parse_mapping(mapping)
    decoded = text.decode(data, name=file_name, encoding=encoding)
    if source is ContactSource.LINKEDIN:
        from infointerview.io import linkedin_csv

        return linkedin_csv.parse(decoded, name=file_name)
    if source is ContactSource.VCARD:
        from infointerview.io import vcard

        return vcard.parse(decoded)
    from infointerview.io import csv_contacts

    return csv_contacts.parse(decoded, name=file_name, mapping=columns)


def import_contacts(
    *,
    session: Session | Driver,
    owner: int,
    source: ContactSource,
    file_name: str,
    items: Iterable[ContactRecord | Problem],
    strict: bool = False,
    dry_run: bool = False,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import the records a parser yields for ``file_name``; return what was done.

    ``session`` is the transaction to import in, an ORM session or a plain-SQL Driver;
    the caller commits it.

    Raises:
        FileRefused: when the file holds no contact at all, or, under ``strict``, at its
            first problem; nothing is written then.
    """
    db = session if isinstance(session, Driver) else of_session(session)
    with collector_paused():
        index = contact_index.load(db=db, owner=owner, source=source)
        plan = _plan(items, index, file_name=file_name, strict=strict, progress=progress)
        if not (plan.adds or plan.updated or plan.unchanged):
            first = plan.skipped[0] if plan.skipped else None
            raise FileRefused(
                file_name,
                f"holds no contact that can be imported ({first.message})"
                if first
                else "holds no contacts",
                first.line if first else None,
            )
        import_id = None
        if not dry_run:
            import_id = import_writer.write(
                db=db,
                owner=owner,
                source=source,
                file_name=file_name,
                plan=plan,
                tag=DUPLICATE_TAG,
                now=now or datetime.now(UTC),
            )
    return ImportReport(
        source=source,
        file_name=file_name,
        dry_run=dry_run,
        added=len(plan.adds),
        updated=plan.updated,
        unchanged=plan.unchanged,
        duplicates=tuple(
            PossibleDuplicate(
                added.line,
                str(added.values["full_name"]),
                known.id,
                str(known.values["full_name"]),
                score,
            )
            for added, known, score in plan.duplicates
        ),
        skipped=tuple(plan.skipped),
        warnings=tuple(plan.warnings),
        contacts=plan.contacts,
        import_id=import_id,
    )


def import_into(
    database: str | None,
    *,
    source: ContactSource,
    file_name: str,
    items: Iterable[ContactRecord | Problem],
    strict: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import into the database ``database`` names (a path, a URL, None for the default)
    and commit, as the CLI does.

    A SQLite file whose schema is current is written with the standard library alone:
    SQLAlchemy's import would take a quarter of the time 30,000 connections may take.
    Any other database (missing, older, on a server) is opened as a workspace, which
    creates, migrates or explains.

    Raises:
        FileRefused: as ``import_contacts``; nothing is written then.
        StorageError: when the database cannot be written (locked too long, read-only).
    """

    def _run(db: Driver, owner: int) -> ImportReport:
        return import_contacts(
            session=db,
            owner=owner,
            source=source,
            file_name=file_name,
            items=items,
            strict=strict,
            dry_run=dry_run,
            progress=progress,
        )

    report = run_direct(database, _run, write=True, dry_run=dry_run)
    if report is None:
        from infointerview.services.workspace import open_workspace

        with open_workspace(database) as ws:
            return _run(of_session(ws.session), ws.owner)
    return report


def _plan(
    items: Iterable[ContactRecord | Problem],
    index: ContactIndex,
    *,
    file_name: str,
    strict: bool,
    progress: Progress | None,
) -> Plan:
    """Decide, contact by contact, what the import does; the database is not touched."""
    plan = Plan()
    for count, item in enumerate(items, start=1):
        if progress is not None and count % 500 == 0:
            progress(count, None)
        plan.contacts += isinstance(item, ContactRecord) or item.skipped
        if isinstance(item, Problem):
            _note(plan, item, file_name=file_name, strict=strict)
        elif (
            (stored := index.stored(item)) is not None
            and stored.said is None
            and stored.previous == snapshot(_raw(item), item)
        ):
            # The same as last time, value for value: nothing to check or merge.
            stored.said = stored.previous
            stored.line = item.line
            plan.seen.add(cast(int, stored.id))
        else:
            found: list[Problem] = []
            values = _values(item, found)
            for problem in found:
                _note(plan, problem, file_name=file_name, strict=strict)
            if values is not None:
                _place(plan, index, item, values)
    return plan


def _note(plan: Plan, problem: Problem, *, file_name: str, strict: bool) -> None:
    if strict:
        raise FileRefused(file_name, problem.message + " (--strict)", problem.line)
    (plan.skipped if problem.skipped else plan.warnings).append(problem)


def _raw(record: ContactRecord) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(record, name) for name in FIELDS}
    values["emails"], values["phones"] = list(record.emails), list(record.phones)
    values["note"] = record.note
    return values


# The one-line text fields besides the name: attribute, length limit, name in messages.
_TEXT_FIELDS = (
    ("given_name", check.MAX_SHORT, "given name"),
    ("family_name", check.MAX_SHORT, "family name"),
    ("organization", check.MAX_SHORT, "organization"),
    ("title", check.MAX_NAME, "title"),
    ("location", check.MAX_SHORT, "location"),
)


def _values(record: ContactRecord, problems: list[Problem]) -> dict[str, Any] | None:
    """Return the record's values checked as typed ones are; None when it must be skipped."""
    full_name = _plain(record.full_name, check.MAX_NAME)
    if full_name is None:
        try:
            full_name = check.required_text(record.full_name, field="name", limit=check.MAX_NAME)
        except InvalidValue as problem:
            problems.append(Problem(record.line, str(problem)))
            return None
    values: dict[str, Any] = {"full_name": full_name}
    for name, limit, label in _TEXT_FIELDS:
        value = getattr(record, name)
        if not value:
            values[name] = None
        elif _plain(value, limit) is not None:
            values[name] = value
        else:
            values[name] = _kept(
                problems, record.line, check.optional_text, value, field=label, limit=limit
            )
    url, note = record.linkedin_url, record.note
    values["linkedin_url"] = _kept(problems, record.line, check.linkedin_url, url) if url else None
    values["emails"] = _list(problems, record.line, check.email, record.emails)
    values["phones"] = _list(problems, record.line, check.phone, record.phones)
    values["note"] = (
        _kept(problems, record.line, check.long_text, note, field="note") if note else None
    )
    return values


def _plain(value: str, limit: int) -> str | None:
    """Return ``value`` when the checks would keep it as it is (the usual case), else None.

    Printable text holds no control, format or separator character but the space.
    """
    if (
        value.isprintable()
        and 0 < len(value) <= limit
        and value[0] != " "
        and value[-1] != " "
        and "  " not in value
    ):
        return value
    return None


def _kept(
    problems: list[Problem], line: int, checker: Callable[..., Any], *args: Any, **kwargs: Any
) -> Any:
    try:
        return checker(*args, **kwargs)
    except InvalidValue as problem:
        problems.append(Problem(line, f"{problem}; left out", skipped=False))
        return None


def _list(
    problems: list[Problem], line: int, checker: Callable[[str], str], values: Iterable[str]
) -> list[str]:
    if not values:
        return []
    kept = (_kept(problems, line, checker, value) for value in values if value.strip())
    return new_values([], (value for value in kept if value))


def _place(plan: Plan, index: ContactIndex, record: ContactRecord, values: dict[str, Any]) -> None:
    """Merge a checked contact into the person it is, or plan to add it."""
    match = index.find(
        emails=tuple(values["emails"]),
        linkedin_url=values["linkedin_url"],
        full_name=values["full_name"],
        org=values["organization"],
    )
    if match is not None and match.certain:
        _merge(plan, index, match.person, record, values)
        return
    said = snapshot(values, record)
    person = Known(
        id=None,
        values={name: values[name] for name in FIELDS},
        emails=list(values["emails"]),
        phones=list(values["phones"]),
        previous=said,
        said=said,
        line=record.line,
    )
    plan.adds.append(person)
    index.add(person)
    if values["note"]:
        plan.notes.append((person, values["note"]))
    if match is not None:
        plan.duplicates.append((person, match.person, match.score))


def _merge(
    plan: Plan, index: ContactIndex, person: Known, record: ContactRecord, values: dict[str, Any]
) -> None:
    """Fold a contact into the person it matched, noting what changes.

    The first row naming a stored person merges by the rule of ``domain.merging``; a
    later row of the same file naming the same person only fills what is still empty.
    """
    incoming = {name: values[name] for name in FIELDS}
    previous = person.previous or {}
    said = snapshot(values, record)
    if person.said is None:
        changed = changes(person.values, previous, incoming)
        # A value the source gave before and the explorer removed stays removed.
        emails = new_values([*person.emails, *previous.get("emails", ())], values["emails"])
        phones = new_values([*person.phones, *previous.get("phones", ())], values["phones"])
        note = values["note"] if values["note"] != previous.get("note") else None
        person.said = said
        person.line = record.line
    else:
        plan.warnings.append(
            Problem(record.line, f"same person as line {person.line}; merged", skipped=False)
        )
        changed = filled(person.values, incoming)
        emails = new_values(person.emails, values["emails"])
        phones = new_values(person.phones, values["phones"])
        note = values["note"] if values["note"] != person.said.get("note") else None
        person.said = union(person.said, said)
    if person.id is not None:
        plan.seen.add(person.id)
        if changed:
            plan.updates.setdefault(person.id, {}).update(changed)
        if emails:
            plan.new_emails.setdefault(person.id, []).extend(emails)
        if phones:
            plan.new_phones.setdefault(person.id, []).extend(phones)
        if changed or emails or phones or person.said != person.previous:
            plan.sources[person.id] = person
    if note:
        plan.notes.append((person, note))
    person.values.update(changed)
    person.emails.extend(emails)
    person.phones.extend(phones)
    if changed or emails:
        index.reindex(person)


def snapshot(values: Mapping[str, Any], record: ContactRecord) -> dict[str, Any]:
    """What the source said of a person, kept to tell later which values were edited."""
    said: dict[str, Any] = {name: values[name] for name in FIELDS if values[name]}
    if values["note"]:
        said["note"] = values["note"]
    for name in ("emails", "phones"):
        if values[name]:
            said[name] = list(values[name])
    if record.connected_on is not None:
        said["connected_on"] = record.connected_on.isoformat()
    return said
