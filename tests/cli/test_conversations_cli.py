"""`infointerview conversation new|list|show|advance`."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.cli.conftest import Cli

pytestmark = pytest.mark.usefixtures("migrated")


@pytest.fixture
def local_zone() -> Iterator[timezone]:
    """Make the local time zone UTC-5 (no daylight saving) for the length of the test."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "EST5"
    time.tzset()
    try:
        yield timezone(timedelta(hours=-5))
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.fixture
def maya(cli: Cli) -> str:
    """Add Maya Chen, who prefers the phone, and return her name."""
    assert cli("person", "add", "Maya Chen", "--channel", "phone").code == 0
    return "Maya Chen"


def walk(cli: Cli, conversation: str, *states: str) -> None:
    """Advance a conversation through ``states``, scheduling it for a fixed time."""
    for state in states:
        extra = ("--at", "2026-11-24T14:30+00:00") if state == "scheduled" else ()
        result = cli("conversation", "advance", conversation, state, *extra)
        assert result.code == 0, result.err


def test_conversation_new_starts_a_draft_on_the_persons_preferred_channel(
    cli: Cli, maya: str
) -> None:
    result = cli("conversation", "new", "Maya")

    assert result.code == 0, result.err
    assert result.out == "Started conversation #1 with Maya Chen (draft)\n"
    talk = cli("conversation", "show", "1", "--json").json["conversation"]
    assert (talk["state"], talk["channel"], talk["requested_minutes"]) == ("draft", "phone", 20)


def test_conversation_new_takes_a_channel_minutes_and_target(cli: Cli, maya: str) -> None:
    cli("target", "add", "UX Researcher")

    result = cli(
        "conversation", "new", "Maya", "--channel", "video", "--minutes", "30",
        "--target", "UX", "--json",
    )  # fmt: skip

    assert result.code == 0, result.err
    talk = result.json
    assert (talk["channel"], talk["requested_minutes"]) == ("video", 30)
    assert (talk["target_id"], talk["target"]) == (1, "UX Researcher")


def test_conversation_new_without_a_preferred_channel_uses_email(cli: Cli) -> None:
    cli("person", "add", "Sam Ortiz")

    assert cli("conversation", "new", "Sam", "--json").json["channel"] == "email"


def test_conversation_new_accepts_fifteen_minutes_but_not_fourteen(cli: Cli, maya: str) -> None:
    short = cli("conversation", "new", "Maya", "--minutes", "15")
    too_short = cli("conversation", "new", "Maya", "--minutes", "14")

    assert short.code == 0, short.err
    assert too_short.code == 2
    assert too_short.err.startswith("infointerview: error: minutes: 14 is outside 15-30")
    assert len(cli("conversation", "list", "--json").json) == 1


def test_conversation_list_shows_the_most_recently_changed_first(cli: Cli, maya: str) -> None:
    cli("person", "add", "Sam Ortiz")
    cli("conversation", "new", "Maya")
    cli("conversation", "new", "Sam")
    walk(cli, "1", "requested")

    talks = cli("conversation", "list", "--json").json

    assert [t["id"] for t in talks] == [1, 2]


def test_conversation_list_filters_by_person_target_and_state(cli: Cli, maya: str) -> None:
    cli("person", "add", "Sam Ortiz")
    cli("target", "add", "UX Researcher")
    cli("conversation", "new", "Maya", "--target", "UX")
    cli("conversation", "new", "Sam")
    walk(cli, "2", "requested")

    def ids(*args: str) -> list[int]:
        result = cli("conversation", "list", "--json", *args)
        assert result.code == 0, result.err
        return [t["id"] for t in result.json]

    assert ids("--person", "Sam") == [2]
    assert ids("--target", "UX") == [1]
    assert ids("--state", "requested") == [2]
    assert ids("--state", "draft") == [1]
    assert ids("--state", "held") == []


def test_conversation_list_prints_a_table(cli: Cli, maya: str) -> None:
    cli("conversation", "new", "Maya")

    result = cli("conversation", "list")

    assert result.code == 0, result.err
    row = next(line for line in result.out.splitlines() if "Maya Chen" in line)
    assert "draft" in row
    assert "phone" in row


def test_conversation_show_prints_the_moves_it_can_make(cli: Cli, maya: str) -> None:
    cli("conversation", "new", "Maya")

    result = cli("conversation", "show", "1")

    assert result.code == 0, result.err
    assert "Conversation #1 with Maya Chen" in result.out
    assert "state: draft" in result.out
    assert "asked for: 20 minutes" in result.out
    assert "next: requested" in result.out
    assert "Drafted a 20-minute request to Maya Chen" in result.out


def test_conversation_advance_follows_the_method_to_its_close(cli: Cli, maya: str) -> None:
    cli("conversation", "new", "Maya")

    steps = [
        (("requested",), "requested (next: scheduled, declined, no_response)"),
        (
            ("scheduled", "--at", "2026-11-24T14:30+01:00"),
            "scheduled (next: held, scheduled, declined)",
        ),
        (("held", "--minutes", "25", "--outcome", "Learn SQL first"), "held (next: thanked)"),
        (("thanked",), "thanked (next: closed)"),
        (("closed",), "closed (next: nothing: it is finished)"),
    ]
    for args, expected in steps:
        result = cli("conversation", "advance", "1", *args)
        assert result.code == 0, result.err
        assert " ".join(result.out.split()) == f"Conversation #1 with Maya Chen is now {expected}"

    talk = cli("conversation", "show", "1", "--json").json["conversation"]
    assert talk["state"] == "closed"
    assert talk["next_states"] == []
    assert talk["actual_minutes"] == 25
    assert talk["outcome_summary"] == "Learn SQL first"
    assert talk["held_at"] is not None
    assert datetime.fromisoformat(talk["scheduled_at"]) == datetime(
        2026, 11, 24, 13, 30, tzinfo=UTC
    )


def test_conversation_show_of_a_closed_conversation_says_it_is_finished(
    cli: Cli, maya: str
) -> None:
    cli("conversation", "new", "Maya")
    walk(cli, "1", "requested", "scheduled", "held", "thanked", "closed")

    result = cli("conversation", "show", "1")

    assert "next: nothing: it is finished" in result.out


def test_conversation_advance_can_schedule_after_no_response(cli: Cli, maya: str) -> None:
    cli("conversation", "new", "Maya")
    walk(cli, "1", "requested", "no_response", "scheduled")

    assert cli("conversation", "show", "1", "--json").json["conversation"]["state"] == "scheduled"


def test_conversation_advance_accepts_states_written_with_spaces_or_dashes(
    cli: Cli, maya: str
) -> None:
    cli("conversation", "new", "Maya")
    walk(cli, "1", "requested")

    result = cli("conversation", "advance", "1", "No-Response", "--json")

    assert result.code == 0, result.err
    assert result.json["state"] == "no_response"


def test_conversation_advance_to_scheduled_needs_the_meeting_time(cli: Cli, maya: str) -> None:
    cli("conversation", "new", "Maya")
    walk(cli, "1", "requested")

    result = cli("conversation", "advance", "1", "scheduled")

    assert result.code == 2
    assert result.err == "infointerview: error: at: scheduling needs the agreed meeting time\n"
    assert cli("conversation", "show", "1", "--json").json["conversation"]["state"] == "requested"


def test_conversation_advance_reads_a_time_without_zone_as_local_time(
    cli: Cli, maya: str, local_zone: timezone
) -> None:
    cli("conversation", "new", "Maya")
    walk(cli, "1", "requested")

    result = cli("conversation", "advance", "1", "scheduled", "--at", "2026-11-24T14:30", "--json")

    assert result.code == 0, result.err
    scheduled = datetime.fromisoformat(result.json["scheduled_at"])
    assert scheduled == datetime(2026, 11, 24, 14, 30, tzinfo=local_zone)
    assert scheduled == datetime(2026, 11, 24, 19, 30, tzinfo=UTC)


def test_conversation_show_prints_the_meeting_in_local_time(
    cli: Cli, maya: str, local_zone: timezone
) -> None:
    cli("conversation", "new", "Maya")
    walk(cli, "1", "requested")
    cli("conversation", "advance", "1", "scheduled", "--at", "2026-11-24 20:00+00:00")

    result = cli("conversation", "show", "1")

    assert "scheduled: 2026-11-24 15:00" in result.out


def test_conversation_advance_keeps_the_instant_of_a_time_with_a_zone(
    cli: Cli, maya: str, local_zone: timezone
) -> None:
    cli("conversation", "new", "Maya")
    walk(cli, "1", "requested")

    result = cli(
        "conversation", "advance", "1", "scheduled", "--at", "2026-11-24T14:30+09:00", "--json"
    )

    assert datetime.fromisoformat(result.json["scheduled_at"]) == datetime(
        2026, 11, 24, 5, 30, tzinfo=UTC
    )


def test_conversation_advance_records_each_move_on_the_timeline(cli: Cli, maya: str) -> None:
    cli("conversation", "new", "Maya")
    walk(cli, "1", "requested", "declined")

    summaries = [e["summary"] for e in cli("conversation", "show", "1", "--json").json["events"]]

    assert summaries == [
        "Maya Chen declined",
        "Asked Maya Chen for 20 minutes of advice",
        "Drafted a 20-minute request to Maya Chen",
    ]


def test_conversation_list_open_leaves_out_finished_ones(cli: Cli) -> None:
    cli("person", "add", "Maya Chen")
    cli("person", "add", "Omar Haddad")
    cli("conversation", "new", "Maya")
    cli("conversation", "new", "Omar")
    cli("conversation", "advance", "2", "requested")
    cli("conversation", "advance", "2", "declined")

    listed = cli("conversation", "list", "--open", "--json").json

    assert [(c["id"], c["state"]) for c in listed] == [(1, "draft")]


def test_an_illegal_move_says_which_steps_lead_there(cli: Cli) -> None:
    cli("person", "add", "Maya Chen")
    cli("conversation", "new", "Maya")

    result = cli("conversation", "advance", "1", "thanked")

    assert result.code == 2
    assert "to reach 'thanked', move through: requested, scheduled, held, thanked" in result.err
