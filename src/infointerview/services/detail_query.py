"""The person page and the overview, and the lists they show, read with portable SQL.

These are the pages shown most after the people list. Like ``people_query``, each read
(a person in full, the overview, the targets, referrals, recent events, the targets'
choices) is written once in SQL that SQLite and PostgreSQL both understand and runs
through an ``Execute``; each costs a fixed number of statements, however many people
exist.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from infointerview.domain import lifecycle
from infointerview.domain.records import (
    ConversationRecord,
    EventRecord,
    NoteRecord,
    Overview,
    PersonDetail,
    ReferralRecord,
    SourceRecord,
    TargetRecord,
    target_label,
)
from infointerview.domain.vocabulary import (
    Channel,
    ContactSource,
    ConversationState,
    TargetStatus,
)
from infointerview.errors import NotFound
from infointerview.services.people_query import fetch_person
from infointerview.services.sql_values import day, day_or_none, utc, utc_or_none
from infointerview.store.plain_sql import Execute

# Pursued targets first, then those being explored, then those set aside.
STATUS_ORDER = {TargetStatus.PURSUING: 0, TargetStatus.EXPLORING: 1, TargetStatus.SET_ASIDE: 2}

_CONVERSATIONS = """
SELECT c.id, c.person_id, p.full_name, c.target_id, t.role, t.industry, tor.name,
       c.channel, c.state, c.requested_minutes, c.scheduled_at, c.held_at,
       c.actual_minutes, c.outcome_summary, c.created_at, c.updated_at
FROM conversations c
JOIN people p ON p.id = c.person_id
LEFT OUTER JOIN targets t ON t.id = c.target_id
LEFT OUTER JOIN organizations tor ON tor.id = t.organization_id
WHERE c.owner_id = :owner AND c.person_id = :person
ORDER BY c.updated_at DESC, c.id DESC"""
_REFERRALS = """
SELECT r.id, r.referrer_id, rp.full_name, r.referred_id, dp.full_name, r.target_id,
       t.role, t.industry, tor.name, r.may_use_name, r.referred_on, r.reported_back_on
FROM referrals r
JOIN people rp ON rp.id = r.referrer_id
JOIN people dp ON dp.id = r.referred_id
LEFT OUTER JOIN targets t ON t.id = r.target_id
LEFT OUTER JOIN organizations tor ON tor.id = t.organization_id
WHERE r.owner_id = :owner{where}
ORDER BY r.referred_on, r.id"""
_NOTES = """
SELECT id, person_id, body, created_at FROM notes
WHERE owner_id = :owner AND person_id = :person
ORDER BY id"""
_EVENTS = """
SELECT id, occurred_at, kind, summary, person_id, conversation_id, target_id FROM events
WHERE owner_id = :owner{where}
ORDER BY occurred_at DESC, id DESC
LIMIT :limit"""
_TARGETS = """
SELECT t.id, t.role, t.industry, o.name, t.status, t.decision_note, t.created_at,
       t.updated_at,
       (SELECT count(*) FROM conversations c WHERE c.target_id = t.id)
FROM targets t LEFT OUTER JOIN organizations o ON o.id = t.organization_id
WHERE t.owner_id = :owner
ORDER BY t.id"""


_SOURCES = """
SELECT source, file_name, line, imported_at FROM person_sources
WHERE owner_id = :owner AND person_id = :person ORDER BY imported_at, id"""


def person_detail(execute: Execute, *, owner: int, person_id: int) -> PersonDetail:
    """Return a person with their conversations, referrals both ways, notes and timeline.

    Raises:
        NotFound: when the owner has no person ``person_id``.
    """
    person = fetch_person(execute, owner=owner, person_id=person_id)
    if person is None:
        raise NotFound("person", f"#{person_id}")
    params = {"owner": owner, "person": person.id}
    notes = execute(_NOTES, params)
    return PersonDetail(
        person=person,
        conversations=tuple(_conversation(row) for row in execute(_CONVERSATIONS, params)),
        referred_by=referrals(execute, owner=owner, referred_id=person.id),
        referred_to=referrals(execute, owner=owner, referrer_id=person.id),
        notes=tuple(
            NoteRecord(
                id=note_id,
                about="person",
                about_id=about_id,
                about_label=person.full_name,
                body=body,
                created_at=utc(created),
            )
            for note_id, about_id, body, created in notes
        ),
        events=recent_events(execute, owner=owner, person_id=person.id, limit=50),
        sources=tuple(
            SourceRecord(ContactSource(source), file_name, line, utc(imported_at))
            for source, file_name, line, imported_at in execute(_SOURCES, params)
        ),
    )


def overview(execute: Execute, *, owner: int, recent: int = 10) -> Overview:
    """Return counts per conversation state (every state, zeros included) and the rest."""
    counts: dict[str, int] = {
        state: int(count)
        for state, count in execute(
            "SELECT state, count(*) FROM conversations WHERE owner_id = :owner GROUP BY state",
            {"owner": owner},
        )
    }
    people = execute("SELECT count(*) FROM people WHERE owner_id = :owner", {"owner": owner})
    return Overview(
        pipeline={state.value: counts.get(state.value, 0) for state in ConversationState},
        targets=tuple(targets(execute, owner=owner)),
        people=int(people[0][0]),
        recent=recent_events(execute, owner=owner, limit=recent),
    )


def targets(execute: Execute, *, owner: int) -> list[TargetRecord]:
    """Return the owner's targets, pursued first, each with its number of conversations."""
    found = [
        TargetRecord(
            id=target_id,
            role=role,
            industry=industry,
            organization=organization,
            status=TargetStatus(status),
            decision_note=decision_note,
            conversations=int(conversations),
            created_at=utc(created),
            updated_at=utc(updated),
        )
        for (target_id, role, industry, organization, status, decision_note, created, updated,
             conversations) in execute(_TARGETS, {"owner": owner})
    ]  # fmt: skip
    return sorted(found, key=lambda record: (STATUS_ORDER[record.status], record.id))


def target_choices(execute: Execute, *, owner: int) -> list[tuple[int, str]]:
    """Return (id, label) of every target, pursued first, for a form's choices."""
    rows = execute(
        "SELECT t.id, t.role, t.industry, o.name, t.status FROM targets t"
        " LEFT OUTER JOIN organizations o ON o.id = t.organization_id"
        " WHERE t.owner_id = :owner",
        {"owner": owner},
    )
    ordered = sorted(rows, key=lambda row: (STATUS_ORDER[TargetStatus(row[4])], row[0]))
    return [(row[0], target_label(row[1], row[2], row[3])) for row in ordered]


def recent_events(
    execute: Execute,
    *,
    owner: int,
    limit: int,
    person_id: int | None = None,
    conversation_id: int | None = None,
) -> tuple[EventRecord, ...]:
    """Return the newest events first, optionally only those about one person or conversation."""
    params: dict[str, Any] = {"owner": owner, "limit": limit}
    where = _equal(params, {"person_id": person_id, "conversation_id": conversation_id})
    return tuple(
        EventRecord(
            id=event_id,
            occurred_at=utc(occurred),
            kind=kind,
            summary=summary,
            person_id=about_person,
            conversation_id=about_talk,
            target_id=target_id,
        )
        for event_id, occurred, kind, summary, about_person, about_talk, target_id in (
            execute(_EVENTS.format(where=where), params)
        )
    )


def _conversation(row: Sequence[Any]) -> ConversationRecord:
    (conversation_id, person_id, person, target_id, role, industry, organization, channel,
     state, requested, scheduled, held, actual, outcome, created, updated) = row  # fmt: skip
    current = ConversationState(state)
    return ConversationRecord(
        id=conversation_id,
        person_id=person_id,
        person=person,
        target_id=target_id,
        target=target_label(role, industry, organization) if target_id is not None else None,
        channel=Channel(channel),
        state=current,
        requested_minutes=requested,
        scheduled_at=utc_or_none(scheduled),
        held_at=utc_or_none(held),
        actual_minutes=actual,
        outcome_summary=outcome,
        created_at=utc(created),
        updated_at=utc(updated),
        next_states=lifecycle.next_states(current),
    )


def referrals(
    execute: Execute,
    *,
    owner: int,
    referrer_id: int | None = None,
    referred_id: int | None = None,
) -> tuple[ReferralRecord, ...]:
    """Return referrals made by ``referrer_id`` or received by ``referred_id``, oldest first."""
    params: dict[str, Any] = {"owner": owner}
    where = _equal(params, {"r.referrer_id": referrer_id, "r.referred_id": referred_id})
    return tuple(
        ReferralRecord(
            id=referral_id,
            referrer_id=from_id,
            referrer=referrer,
            referred_id=to_id,
            referred=referred,
            target_id=target_id,
            target=target_label(role, industry, organization) if target_id is not None else None,
            may_use_name=bool(may_use_name),
            referred_on=day(referred_on),
            reported_back_on=day_or_none(reported_back_on),
        )
        for (referral_id, from_id, referrer, to_id, referred, target_id, role,
             industry, organization, may_use_name, referred_on, reported_back_on)
        in execute(_REFERRALS.format(where=where), params)
    )  # fmt: skip


def _equal(params: dict[str, Any], columns: dict[str, int | None]) -> str:
    """Return `` AND column = :name`` for each column given a value, binding it in params."""
    where = ""
    for number, (column, value) in enumerate(columns.items()):
        if value is not None:
            where += f" AND {column} = :equal{number}"
            params[f"equal{number}"] = value
    return where
