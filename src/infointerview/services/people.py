"""People: add, list, show, edit, remove, and find one by id or name."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from infointerview.domain import validation as check
from infointerview.domain.naming import Candidate, is_storable_id, person_keys, resolve
from infointerview.domain.records import PersonDetail, PersonRecord, PersonSummary
from infointerview.domain.vocabulary import Channel, HowKnown
from infointerview.errors import InvalidValue, NotFound, Refused
from infointerview.services import convert, detail_query, organizations, people_query, timeline
from infointerview.services.people_query import PersonFilter
from infointerview.store.models import (
    Conversation,
    EmailAddress,
    Organization,
    Person,
    PhoneNumber,
    Referral,
    Tag,
    utcnow,
)
from infointerview.store.plain_sql import driver_execute


@dataclass(frozen=True, slots=True)
class PersonFields:
    """What can be said about a person; None leaves a field as it is on edit.

    On edit, an empty string clears a text field and an empty tuple clears a list;
    ``keep_in_touch_days`` of 0 goes back to the configured default.
    """

    full_name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    organization: str | None = None
    title: str | None = None
    location: str | None = None
    emails: Sequence[str] | None = None
    phones: Sequence[str] | None = None
    linkedin_url: str | None = None
    how_known: HowKnown | None = None
    hiring_experience: bool | None = None
    preferred_channel: Channel | None = None
    keep_in_touch: bool | None = None
    keep_in_touch_days: int | None = None
    tags: Sequence[str] | None = None
    add_tags: Sequence[str] = field(default_factory=tuple)
    remove_tags: Sequence[str] = field(default_factory=tuple)


def _loaded() -> Select[Person]:
    return select(Person).options(
        selectinload(Person.emails),
        selectinload(Person.phones),
        selectinload(Person.tags),
        selectinload(Person.organization),
    )


def add_person(
    *, session: Session, owner: int, fields: PersonFields, now: datetime | None = None
) -> PersonRecord:
    """Create a person from ``fields`` (full_name required) and record it on the timeline.

    Every field is checked before anything is written, so a refused person leaves no trace.
    """
    values = _validated(fields)
    if "full_name" not in values:
        raise InvalidValue("name", "must not be empty")
    # The organisation is found or made first: making one flushes the session, and the
    # person must not be inserted half-filled by that flush.
    org_name = values.pop("organization", None)
    row = Person(
        owner_id=owner,
        how_known=HowKnown.COLD,
        hiring_experience=False,
        keep_in_touch=False,
        organization=organizations.get_or_create(session=session, owner=owner, name=org_name)
        if org_name
        else None,
    )
    if now is not None:
        row.created_at = row.updated_at = now
    session.add(row)
    with session.no_autoflush:
        _apply(session=session, owner=owner, row=row, values=values)
    session.flush()
    timeline.record(
        session=session,
        owner=owner,
        kind="person.added",
        summary=f"Added {row.full_name}",
        at=now,
        person_id=row.id,
    )
    return convert.person(row)


def _validated(fields: PersonFields) -> dict[str, Any]:
    """Return the checked value of every field that is set, raising before any write."""
    values, problems = _checked(fields)
    if problems:
        raise next(iter(problems.values()))
    return values


def person_problems(fields: PersonFields) -> dict[str, str]:
    """Return why each refused field of ``fields`` is refused, by PersonFields attribute name.

    Forms use it to show every problem next to its field at once.
    """
    return {key: problem.reason for key, problem in _checked(fields)[1].items()}


def _checked(fields: PersonFields) -> tuple[dict[str, Any], dict[str, InvalidValue]]:
    values: dict[str, Any] = {}
    problems: dict[str, InvalidValue] = {}

    def _keep(key: str, make: Callable[[], Any]) -> None:
        try:
            values[key] = make()
        except InvalidValue as problem:
            problems[key] = problem

    if fields.full_name is not None:
        name = fields.full_name
        _keep("full_name", lambda: check.required_text(name, field="name", limit=check.MAX_NAME))
    for attribute in ("given_name", "family_name", "title", "location", "organization"):
        value = getattr(fields, attribute)
        if value is not None:
            _keep(attribute, partial(check.optional_text, value, field=attribute.replace("_", " ")))
    if fields.linkedin_url is not None:
        url = fields.linkedin_url
        _keep("linkedin_url", lambda: check.linkedin_url(url))
    for attribute in ("how_known", "hiring_experience", "preferred_channel", "keep_in_touch"):
        value = getattr(fields, attribute)
        if value is not None:
            values[attribute] = value
    if fields.keep_in_touch_days is not None:
        every = fields.keep_in_touch_days
        _keep("keep_in_touch_days", lambda: check.keep_in_touch_days(every or None))
    if fields.emails is not None:
        emails = fields.emails
        _keep("emails", lambda: _unique(check.email(e) for e in emails if e.strip()))
    if fields.phones is not None:
        phones = fields.phones
        _keep("phones", lambda: _unique(check.phone(p) for p in phones if p.strip()))
    if fields.tags is not None or fields.add_tags or fields.remove_tags:
        _keep(
            "tags",
            lambda: (
                None if fields.tags is None else set(check.tags(fields.tags)),
                set(check.tags(fields.add_tags)),
                set(check.tags(fields.remove_tags)),
            ),
        )
    return values, problems


_PLAIN = (
    "full_name",
    "given_name",
    "family_name",
    "title",
    "location",
    "linkedin_url",
    "how_known",
    "hiring_experience",
    "preferred_channel",
    "keep_in_touch",
    "keep_in_touch_days",
)


def _apply(*, session: Session, owner: int, row: Person, values: dict[str, Any]) -> None:
    """Write already-validated ``values`` onto ``row``."""
    for attribute in _PLAIN:
        if attribute in values:
            setattr(row, attribute, values[attribute])
    if "organization" in values:
        name = values["organization"]
        row.organization = (
            organizations.get_or_create(session=session, owner=owner, name=name) if name else None
        )
    if values.keys() & {"full_name", "title", "organization"}:
        organization = row.organization.name if row.organization else None
        row.sort_name, row.search_text = person_keys(row.full_name, row.title, organization)
    if "emails" in values:
        row.emails = [
            EmailAddress(owner_id=owner, address=a, position=i)
            for i, a in enumerate(values["emails"])
        ]
    if "phones" in values:
        row.phones = [
            PhoneNumber(owner_id=owner, number=n, position=i)
            for i, n in enumerate(values["phones"])
        ]
    if "tags" in values:
        replace, add, remove = values["tags"]
        current = {t.name for t in row.tags} if replace is None else replace
        _set_tags(session=session, owner=owner, row=row, wanted=(current | add) - remove)


def _set_tags(*, session: Session, owner: int, row: Person, wanted: set[str]) -> None:
    existing = {
        t.name: t
        for t in session.scalars(select(Tag).where(Tag.owner_id == owner, Tag.name.in_(wanted)))
    }
    row.tags = [existing.get(name) or Tag(owner_id=owner, name=name) for name in sorted(wanted)]


def _unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(value.casefold(), value)
    return list(seen.values())


def edit_person(
    *,
    session: Session,
    owner: int,
    person_id: int,
    fields: PersonFields,
    now: datetime | None = None,
) -> PersonRecord:
    """Change the given fields of a person and record what changed on the timeline.

    A form sends every field; only the ones whose value differs count as changed, and
    an edit that changes nothing is not recorded.
    """
    values = _validated(fields)
    row = _get_row(session=session, owner=owner, person_id=person_id)
    before = convert.person(row)
    _apply(session=session, owner=owner, row=row, values=values)
    session.flush()
    after = convert.person(row)
    changed = [
        name
        for name in PersonRecord.__slots__
        if name not in ("created_at", "updated_at")
        and getattr(before, name) != getattr(after, name)
    ]
    if not changed:
        return after
    # Stamped here, with the given clock, even when only tags, emails or phones changed.
    row.updated_at = now or utcnow()
    session.flush()
    timeline.record(
        session=session,
        owner=owner,
        kind="person.edited",
        summary=f"Edited {row.full_name}: {', '.join(sorted(changed))}",
        at=now,
        person_id=row.id,
    )
    return convert.person(row)


def _get_row(*, session: Session, owner: int, person_id: int) -> Person:
    if not is_storable_id(person_id):
        raise NotFound("person", f"#{person_id}")
    row = session.scalar(_loaded().where(Person.owner_id == owner, Person.id == person_id))
    if row is None:
        raise NotFound("person", f"#{person_id}")
    return row


def resolve_person(*, session: Session, owner: int, query: str) -> int:
    """Return the id of the one person ``query`` names: an id, a full name, or part of one.

    Raises:
        NotFound: when nobody matches.
        Ambiguous: when several people match, listing them with their ids.
    """
    rows = session.execute(
        select(Person.id, Person.full_name, Organization.name)
        .outerjoin(Organization, Person.organization_id == Organization.id)
        .where(Person.owner_id == owner)
    )
    candidates = (Candidate(id=i, name=name, hint=org or "") for i, name, org in rows)
    return resolve(query, candidates, kind="person").id


def list_people(
    *, session: Session, owner: int, filters: PersonFilter | None = None
) -> list[PersonRecord]:
    """Return the people matching ``filters``, sorted and paginated.

    Raises:
        InvalidValue: for a sort that is not one of ``people_query.SORTS``.
    """
    return people_query.fetch_people(
        driver_execute(session), owner=owner, filters=filters or PersonFilter()
    )


def list_page(
    *, session: Session, owner: int, filters: PersonFilter
) -> tuple[list[PersonRecord], int]:
    """Return the people ``filters`` select and how many match in all (see list_people).

    Raises:
        InvalidValue: for a sort that is not one of ``people_query.SORTS``.
    """
    return people_query.fetch_page(driver_execute(session), owner=owner, filters=filters)


def list_summary_page(
    *, session: Session, owner: int, filters: PersonFilter
) -> tuple[list[PersonSummary], int]:
    """Return what a list shows of the people ``filters`` select, and how many match.

    Raises:
        InvalidValue: for a sort that is not one of ``people_query.SORTS``.
    """
    return people_query.fetch_summary_page(driver_execute(session), owner=owner, filters=filters)


def get_person(*, session: Session, owner: int, person_id: int) -> PersonDetail:
    """Return a person with their conversations, referrals both ways, notes and timeline."""
    return detail_query.person_detail(driver_execute(session), owner=owner, person_id=person_id)


def remove_person(
    *, session: Session, owner: int, person_id: int, force: bool = False
) -> PersonRecord:
    """Delete a person; refuse while conversations or referrals hang on them unless ``force``.

    Their timeline events stay, unlinked, so the history of what happened is kept.
    """
    row = _get_row(session=session, owner=owner, person_id=person_id)
    record = convert.person(row)
    held = int(session.scalar(select(func.count()).where(Conversation.person_id == row.id)) or 0)
    linked = int(
        session.scalar(
            select(func.count()).where(
                or_(Referral.referrer_id == row.id, Referral.referred_id == row.id)
            )
        )
        or 0
    )
    if (held or linked) and not force:
        raise Refused(
            f"{row.full_name} has {held} conversation(s) and {linked} referral(s); "
            "removing them deletes those too. Add --force to do it anyway."
        )
    session.delete(row)
    session.flush()
    timeline.record(
        session=session,
        owner=owner,
        kind="person.removed",
        summary=f"Removed {record.full_name} ({held} conversation(s), {linked} referral(s))",
    )
    return record
