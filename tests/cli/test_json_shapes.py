"""Pinned shapes of `--json` output: scripts rely on these keys, so a change must be deliberate.

The shapes are pinned on SQLite; one test checks PostgreSQL prints the very same shapes
(skipped when no server answers).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from infointerview.domain.vocabulary import (
    Channel,
    ConversationState,
    HowKnown,
    MessageKind,
    MessageStatus,
    TargetStatus,
)

if TYPE_CHECKING:
    from tests.cli.conftest import Cli

PERSON_KEYS = {
    "id", "full_name", "given_name", "family_name", "organization", "title", "location",
    "emails", "phones", "linkedin_url", "how_known", "hiring_experience",
    "preferred_channel", "keep_in_touch", "keep_in_touch_days", "tags", "created_at",
    "updated_at",
}  # fmt: skip
PERSON_DETAIL_KEYS = {
    "person", "conversations", "referred_by", "referred_to", "notes", "events", "sources",
}  # fmt: skip
CONVERSATION_KEYS = {
    "id", "person_id", "person", "target_id", "target", "channel", "state",
    "requested_minutes", "scheduled_at", "held_at", "actual_minutes", "outcome_summary",
    "created_at", "updated_at", "next_states",
}  # fmt: skip
CONVERSATION_DETAIL_KEYS = {"conversation", "messages", "notes", "events"}
MESSAGE_KEYS = {
    "id", "conversation_id", "kind", "status", "subject", "body", "sent_at", "received_at",
    "created_at",
}  # fmt: skip
NOTE_KEYS = {"id", "about", "about_id", "about_label", "body", "created_at"}
EVENT_KEYS = {
    "id", "occurred_at", "kind", "summary", "person_id", "conversation_id", "target_id",
}  # fmt: skip
REFERRAL_KEYS = {
    "id", "referrer_id", "referrer", "referred_id", "referred", "target_id", "target",
    "may_use_name", "referred_on", "reported_back_on",
}  # fmt: skip
TARGET_KEYS = {
    "id", "role", "industry", "organization", "status", "decision_note", "conversations",
    "created_at", "updated_at",
}  # fmt: skip
TARGET_DETAIL_KEYS = {"target", "conversations", "notes"}
ORGANIZATION_KEYS = {"id", "name", "industry", "website", "people"}
SEARCH_HIT_KEYS = {"kind", "id", "title", "matched"}
OVERVIEW_KEYS = {"pipeline", "targets", "people", "recent"}
PIPELINE_STATES = [
    "draft", "requested", "scheduled", "held", "thanked", "closed", "declined", "no_response",
]  # fmt: skip
DB_STATUS_KEYS = {"database", "revision", "head", "up_to_date", "exists"}

ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}:\d{2}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

NETWORK: list[tuple[str, ...]] = [
    ("person", "add", "Maya Chen", "--org", "Acme", "--email", "maya@acme.example",
     "--tag", "ux", "--channel", "video", "--how-known", "alumni"),
    ("person", "add", "Sam Ortiz", "--org", "Acme", "--title", "Research Ops"),
    ("target", "add", "UX Researcher", "--org", "Acme", "--status", "pursuing"),
    ("conversation", "new", "Maya", "--target", "UX"),
    ("conversation", "advance", "1", "requested"),
    ("conversation", "advance", "1", "scheduled", "--at", "2026-11-24T14:30+01:00"),
    ("refer", "Maya", "Sam", "--target", "UX", "--may-use-name", "--on", "2026-11-01"),
    ("note", "add", "Research ops is a way in", "--person", "Maya"),
    ("note", "add", "Ask about the research repository", "--conversation", "1"),
    ("note", "add", "Research portfolio first", "--target", "UX"),
]  # fmt: skip
JSON_COMMANDS: list[tuple[str, ...]] = [
    ("person", "list"),
    ("person", "show", "Maya"),
    ("target", "list"),
    ("target", "show", "UX"),
    ("conversation", "list"),
    ("conversation", "show", "1"),
    ("overview",),
    ("search", "research"),
    ("org", "list"),
    ("db", "status"),
]


def add_network(cli: Cli, *db: str) -> None:
    """Add two people at one organisation, a target, a conversation, a referral and notes."""
    for args in NETWORK:
        result = cli(*args, *db)
        assert result.code == 0, (args, result.err)


@pytest.fixture
def network(cli: Cli, migrated: Path) -> None:
    """The network in the default SQLite database."""
    add_network(cli)


def json_of(cli: Cli, *args: str) -> Any:
    """Run a command with --json and return what it printed, parsed."""
    result = cli(*args, "--json")
    assert result.code == 0, result.err
    assert result.err == ""
    return result.json


def assert_aware_datetime(value: object) -> None:
    """Check ``value`` is ISO 8601 text of a date and time with a UTC offset."""
    assert isinstance(value, str), value
    assert ISO_DATETIME.match(value), value
    assert datetime.fromisoformat(value).utcoffset() is not None


def assert_person(person: dict[str, Any]) -> None:
    assert set(person) == PERSON_KEYS
    assert isinstance(person["id"], int)
    assert person["how_known"] in {h.value for h in HowKnown}
    assert isinstance(person["emails"], list)
    assert isinstance(person["tags"], list)
    assert isinstance(person["hiring_experience"], bool)
    assert_aware_datetime(person["created_at"])
    assert_aware_datetime(person["updated_at"])


def assert_event(event: dict[str, Any]) -> None:
    assert set(event) == EVENT_KEYS
    assert isinstance(event["kind"], str)
    assert_aware_datetime(event["occurred_at"])


def assert_note(note: dict[str, Any]) -> None:
    assert set(note) == NOTE_KEYS
    assert note["about"] in {"person", "conversation", "target"}
    assert_aware_datetime(note["created_at"])


def assert_conversation(talk: dict[str, Any]) -> None:
    assert set(talk) == CONVERSATION_KEYS
    assert talk["state"] in {s.value for s in ConversationState}
    assert talk["channel"] in {c.value for c in Channel}
    assert all(s in {s.value for s in ConversationState} for s in talk["next_states"])
    assert_aware_datetime(talk["created_at"])
    assert_aware_datetime(talk["updated_at"])


def assert_target(target: dict[str, Any]) -> None:
    assert set(target) == TARGET_KEYS
    assert target["status"] in {s.value for s in TargetStatus}
    assert isinstance(target["conversations"], int)
    assert_aware_datetime(target["created_at"])


@pytest.mark.usefixtures("network")
def test_person_list_json_is_a_list_of_people_with_pinned_keys(cli: Cli) -> None:
    people = json_of(cli, "person", "list")

    assert [p["full_name"] for p in people] == ["Maya Chen", "Sam Ortiz"]
    for person in people:
        assert_person(person)
    maya = people[0]
    assert (maya["how_known"], maya["preferred_channel"]) == ("alumni", "video")
    assert maya["emails"] == ["maya@acme.example"]
    assert maya["tags"] == ["ux"]


@pytest.mark.usefixtures("network")
def test_person_show_json_holds_the_person_and_everything_about_them(cli: Cli) -> None:
    detail = json_of(cli, "person", "show", "Maya")

    assert set(detail) == PERSON_DETAIL_KEYS
    assert_person(detail["person"])
    assert len(detail["conversations"]) == 1
    assert_conversation(detail["conversations"][0])
    assert detail["referred_by"] == []
    assert detail["sources"] == []
    [referral] = detail["referred_to"]
    assert set(referral) == REFERRAL_KEYS
    assert referral["may_use_name"] is True
    assert ISO_DATE.match(referral["referred_on"])
    assert referral["reported_back_on"] is None
    [note] = detail["notes"]
    assert_note(note)
    assert detail["events"]
    for event in detail["events"]:
        assert_event(event)


@pytest.mark.usefixtures("network")
def test_target_list_json_is_a_list_of_targets_with_pinned_keys(cli: Cli) -> None:
    [target] = json_of(cli, "target", "list")

    assert_target(target)
    assert (target["role"], target["organization"]) == ("UX Researcher", "Acme")
    assert target["status"] == "pursuing"
    assert target["conversations"] == 1


@pytest.mark.usefixtures("network")
def test_target_show_json_holds_the_target_its_conversations_and_notes(cli: Cli) -> None:
    detail = json_of(cli, "target", "show", "UX")

    assert set(detail) == TARGET_DETAIL_KEYS
    assert_target(detail["target"])
    assert_conversation(detail["conversations"][0])
    assert_note(detail["notes"][0])


@pytest.mark.usefixtures("network")
def test_conversation_show_json_holds_the_conversation_notes_and_events(cli: Cli) -> None:
    detail = json_of(cli, "conversation", "show", "1")

    assert set(detail) == CONVERSATION_DETAIL_KEYS
    talk = detail["conversation"]
    assert_conversation(talk)
    assert talk["state"] == "scheduled"
    assert talk["next_states"] == ["held", "scheduled", "declined"]
    assert_aware_datetime(talk["scheduled_at"])
    assert datetime.fromisoformat(talk["scheduled_at"]) == datetime(
        2026, 11, 24, 13, 30, tzinfo=UTC
    )
    assert talk["held_at"] is None
    assert detail["messages"] == []
    assert [n["body"] for n in detail["notes"]] == ["Ask about the research repository"]
    assert_note(detail["notes"][0])
    for event in detail["events"]:
        assert_event(event)


@pytest.mark.usefixtures("migrated")
def test_conversation_show_json_lists_messages_with_pinned_keys(cli: Cli) -> None:
    assert cli("demo", "--today", "2026-11-22").code == 0

    detail = json_of(cli, "conversation", "show", "1")

    assert detail["messages"], "demo conversation #1 has messages"
    for message in detail["messages"]:
        assert set(message) == MESSAGE_KEYS
        assert message["kind"] in {k.value for k in MessageKind}
        assert message["status"] in {s.value for s in MessageStatus}
        assert_aware_datetime(message["created_at"])
        for moment in (message["sent_at"], message["received_at"]):
            if moment is not None:
                assert_aware_datetime(moment)


@pytest.mark.usefixtures("network")
def test_overview_json_has_every_state_in_lifecycle_order(cli: Cli) -> None:
    summary = json_of(cli, "overview")

    assert set(summary) == OVERVIEW_KEYS
    assert list(summary["pipeline"]) == PIPELINE_STATES
    assert all(isinstance(count, int) for count in summary["pipeline"].values())
    assert summary["pipeline"]["scheduled"] == 1
    assert summary["people"] == 2
    for target in summary["targets"]:
        assert_target(target)
    assert summary["recent"]
    for event in summary["recent"]:
        assert_event(event)


@pytest.mark.usefixtures("network")
def test_search_json_is_a_list_of_hits_with_pinned_keys(cli: Cli) -> None:
    hits = json_of(cli, "search", "research")

    assert {h["kind"] for h in hits} == {"person", "target", "note"}
    for hit in hits:
        assert set(hit) == SEARCH_HIT_KEYS
        assert isinstance(hit["id"], int)
        assert isinstance(hit["title"], str)
        assert isinstance(hit["matched"], str)


@pytest.mark.usefixtures("network")
def test_org_list_json_is_a_list_of_organisations_with_pinned_keys(cli: Cli) -> None:
    orgs = json_of(cli, "org", "list")

    assert orgs == [{"id": 1, "name": "Acme", "industry": None, "website": None, "people": 2}]
    assert set(orgs[0]) == ORGANIZATION_KEYS


@pytest.mark.usefixtures("network")
def test_db_status_json_has_pinned_keys(cli: Cli) -> None:
    status = json_of(cli, "db", "status")

    assert set(status) == DB_STATUS_KEYS
    assert status["up_to_date"] is True
    assert isinstance(status["revision"], str)


def shape(value: Any) -> Any:
    """Return the structure of JSON data: keys kept in order, every value replaced by its type."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(item) for item in value]
    return type(value).__name__


@pytest.mark.postgres
def test_postgresql_prints_the_same_json_shapes_as_sqlite(
    cli: Cli, migrated: Path, pg_schema_url: str
) -> None:
    add_network(cli)
    add_network(cli, "--db", pg_schema_url)

    for args in JSON_COMMANDS:
        on_sqlite = json_of(cli, *args)
        on_postgresql = json_of(cli, *args, "--db", pg_schema_url)
        assert shape(on_postgresql) == shape(on_sqlite), args
    talk = json_of(cli, "conversation", "show", "1", "--db", pg_schema_url)["conversation"]
    assert_aware_datetime(talk["scheduled_at"])
    assert datetime.fromisoformat(talk["scheduled_at"]) == datetime(
        2026, 11, 24, 13, 30, tzinfo=UTC
    )
