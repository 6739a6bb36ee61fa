"""`infointerview schedule` and `infointerview calendar`: invitations, the export, the feed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from icalendar import Calendar

from tests.cli.helpers import assert_one_error, assert_usage_error
from tests.services.test_calendar import strict_events

if TYPE_CHECKING:
    from tests.cli.conftest import Cli


def _requested(cli: Cli) -> str:
    assert cli("person", "add", "Ana Ruiz", "--email", "ana@fjord.example").code == 0
    assert cli("conversation", "new", "Ana").code == 0
    assert cli("conversation", "advance", "1", "requested").code == 0
    return "1"


def test_schedule_records_the_meeting_and_writes_its_invitation(cli: Cli, tmp_path: Path) -> None:
    talk = _requested(cli)
    out = tmp_path / "ana.ics"
    result = cli(
        "schedule", talk, "--at", "2026-12-03 14:00", "--tz", "Europe/Paris",
        "--minutes", "25", "--channel", "phone", "-o", str(out),
    )  # fmt: skip
    assert result.code == 0, result.output
    assert "Scheduled conversation #1 with Ana Ruiz" in result.err
    [event] = strict_events(out.read_bytes())
    assert event["DTSTART"] == datetime(2026, 12, 3, 13, 0, tzinfo=UTC)
    assert event["DURATION"] == timedelta(minutes=25)
    shown = cli("conversation", "show", talk, "--json").json["conversation"]
    assert (shown["state"], shown["requested_minutes"], shown["channel"]) == (
        "scheduled", 25, "phone"
    )  # fmt: skip
    again = cli("schedule", talk, "--at", "2026-12-04 09:00", "-o", str(out))
    assert_one_error(again, "already exists; pass --force")
    kept = cli("conversation", "show", talk, "--json").json["conversation"]
    assert kept["scheduled_at"] == shown["scheduled_at"]  # nothing moved: the file came first
    moved = cli(
        "schedule", talk, "--at", "2026-12-04 09:00", "--tz", "UTC", "-o", str(out), "--force"
    )
    assert moved.code == 0, moved.output
    [event] = strict_events(out.read_bytes())
    assert event["SEQUENCE"] == 1  # moved once: calendars take the update


def test_a_file_that_cannot_be_written_leaves_the_conversation_unscheduled(cli: Cli) -> None:
    talk = _requested(cli)
    result = cli("schedule", talk, "--at", "2026-12-03 14:00", "-o", "/nonexistent/dir/x.ics")
    assert result.code == 2, result.output
    assert cli("conversation", "show", talk, "--json").json["conversation"]["state"] == "requested"


def test_schedule_refuses_bad_times_zones_lengths_and_moves(cli: Cli, tmp_path: Path) -> None:
    talk = _requested(cli)
    out = str(tmp_path / "x.ics")
    assert_usage_error(cli("schedule", talk, "--at", "soon", "-o", out), "--at")
    assert_usage_error(
        cli("schedule", talk, "--at", "2026-12-03 14:00", "--tz", "Mars/Base", "-o", out), "--tz"
    )
    assert_one_error(
        cli("schedule", talk, "--at", "2026-12-03 14:00", "--minutes", "60", "-o", out), "fifteen"
    )
    assert cli("conversation", "new", "Ana").code == 0
    assert_one_error(cli("schedule", "2", "--at", "2026-12-03 14:00", "-o", out), "draft")
    assert not Path(out).exists()


def test_calendar_export_is_one_strict_ics_file(cli: Cli, tmp_path: Path) -> None:
    assert cli("demo").code == 0
    out = tmp_path / "all.ics"
    assert cli("calendar", "export", "-o", str(out)).code == 0
    events = strict_events(out.read_bytes())
    assert any(isinstance(e["DTSTART"], datetime) for e in events)
    assert Calendar.from_ical(cli("calendar", "export").out.encode())["METHOD"] == "PUBLISH"


def test_the_feed_address_is_made_replaced_and_revoked(cli: Cli) -> None:
    first = cli("calendar", "feed").out.strip()
    assert first.startswith("/calendar/")
    assert first.endswith(".ics")
    assert cli("calendar", "feed").out.strip() == first
    second = cli("calendar", "feed", "--new").out.strip()
    assert second != first
    assert cli("calendar", "feed", "--revoke").out == "The calendar feed is off.\n"
    assert cli("calendar", "feed", "--revoke").out == "There was no calendar feed.\n"
