"""`infointerview target add|list|show|edit` and `infointerview refer`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.cli.conftest import Cli

pytestmark = pytest.mark.usefixtures("migrated")


def test_target_add_confirms_with_the_targets_label(cli: Cli) -> None:
    result = cli("target", "add", "UX Researcher", "--industry", "Healthcare", "--org", "Acme")

    assert result.code == 0, result.err
    assert result.out == "Added target #1 UX Researcher, Healthcare @ Acme\n"


def test_target_add_starts_exploring_unless_told_otherwise(cli: Cli) -> None:
    plain = cli("target", "add", "UX Researcher", "--json").json
    pursued = cli("target", "add", "Data Analyst", "--status", "pursuing", "--json").json
    parked = cli("target", "add", "Teacher", "--status", "set aside", "--json").json

    assert plain["status"] == "exploring"
    assert pursued["status"] == "pursuing"
    assert parked["status"] == "set aside"


def test_target_add_accepts_the_status_written_with_a_dash(cli: Cli) -> None:
    result = cli("target", "add", "Teacher", "--status", "Set-Aside", "--json")

    assert result.code == 0, result.err
    assert result.json["status"] == "set aside"


def test_target_add_keeps_the_decision_note(cli: Cli) -> None:
    result = cli("target", "add", "UX Researcher", "--decision-note", "Curious so far", "--json")

    assert result.json["decision_note"] == "Curious so far"


def test_target_list_puts_pursued_targets_first_then_exploring_then_set_aside(cli: Cli) -> None:
    cli("target", "add", "Teacher", "--status", "set aside")
    cli("target", "add", "Data Analyst")
    cli("target", "add", "UX Researcher", "--status", "pursuing")

    result = cli("target", "list", "--json")

    assert result.code == 0, result.err
    assert [t["role"] for t in result.json] == ["UX Researcher", "Data Analyst", "Teacher"]


def test_target_list_counts_the_conversations_of_each_target(cli: Cli) -> None:
    cli("target", "add", "UX Researcher")
    cli("target", "add", "Data Analyst")
    cli("person", "add", "Maya Chen")
    cli("person", "add", "Sam Ortiz")
    cli("conversation", "new", "Maya", "--target", "UX")
    cli("conversation", "new", "Sam", "--target", "UX")

    counts = {t["role"]: t["conversations"] for t in cli("target", "list", "--json").json}

    assert counts == {"UX Researcher": 2, "Data Analyst": 0}


def test_target_list_prints_a_table_with_status_and_note(cli: Cli) -> None:
    cli("target", "add", "UX Researcher", "--status", "pursuing", "--decision-note", "Fits me")

    result = cli("target", "list")

    assert result.code == 0, result.err
    row = next(line for line in result.out.splitlines() if "UX Researcher" in line)
    assert "pursuing" in row
    assert "Fits me" in row


def test_target_show_finds_a_target_by_part_of_its_role(cli: Cli) -> None:
    cli("target", "add", "UX Researcher")
    cli("target", "add", "Data Analyst")

    result = cli("target", "show", "analyst", "--json")

    assert result.code == 0, result.err
    assert result.json["target"]["role"] == "Data Analyst"


def test_target_show_lists_its_conversations_and_notes(cli: Cli) -> None:
    cli("target", "add", "UX Researcher", "--status", "pursuing")
    cli("person", "add", "Maya Chen")
    cli("conversation", "new", "Maya", "--target", "UX")
    cli("note", "add", "Portfolio matters more than a degree", "--target", "UX")

    result = cli("target", "show", "1")

    assert result.code == 0, result.err
    assert "#1 UX Researcher" in result.out
    assert "status: pursuing" in result.out
    assert "Conversations" in result.out
    assert "Maya Chen" in result.out
    assert "Portfolio matters more than a degree" in result.out


def test_target_edit_sets_status_and_decision_note(cli: Cli) -> None:
    cli("target", "add", "Data Analyst")

    result = cli(
        "target", "edit", "Data", "--status", "set aside", "--decision-note", "Needs an MPH"
    )

    assert result.code == 0, result.err
    assert result.out == "Updated target #1 Data Analyst (set aside)\n"
    target = cli("target", "show", "1", "--json").json["target"]
    assert (target["status"], target["decision_note"]) == ("set aside", "Needs an MPH")


def test_target_edit_clears_industry_given_as_empty_text(cli: Cli) -> None:
    cli("target", "add", "Data Analyst", "--industry", "Public health")

    result = cli("target", "edit", "Data", "--industry", "", "--role", "Health Data Analyst")

    assert result.code == 0, result.err
    target = cli("target", "show", "1", "--json").json["target"]
    assert target["industry"] is None
    assert target["role"] == "Health Data Analyst"


def test_refer_records_who_referred_whom_for_which_target(cli: Cli) -> None:
    cli("person", "add", "Maya Chen")
    cli("person", "add", "Sam Ortiz")
    cli("target", "add", "UX Researcher")

    result = cli("refer", "Maya", "Sam", "--target", "UX", "--may-use-name")

    assert result.code == 0, result.err
    assert result.out == "Recorded: Maya Chen referred you to Sam Ortiz\n"
    referred_by = cli("person", "show", "Sam", "--json").json["referred_by"]
    assert len(referred_by) == 1
    assert referred_by[0]["referrer"] == "Maya Chen"
    assert referred_by[0]["target"] == "UX Researcher"
    assert referred_by[0]["may_use_name"] is True
    referred_to = cli("person", "show", "Maya", "--json").json["referred_to"]
    assert [r["referred"] for r in referred_to] == ["Sam Ortiz"]


def test_refer_without_may_use_name_does_not_permit_using_the_name(cli: Cli) -> None:
    cli("person", "add", "Maya Chen")
    cli("person", "add", "Sam Ortiz")

    result = cli("refer", "1", "2", "--json")

    assert result.code == 0, result.err
    assert result.json["may_use_name"] is False
    assert result.json["target"] is None


def test_refer_on_a_given_date_keeps_that_date(cli: Cli) -> None:
    cli("person", "add", "Maya Chen")
    cli("person", "add", "Sam Ortiz")

    result = cli("refer", "Maya", "Sam", "--on", "2026-11-01", "--json")

    assert result.json["referred_on"] == "2026-11-01"


def test_refer_shows_up_in_the_referred_persons_show_table(cli: Cli) -> None:
    cli("person", "add", "Maya Chen")
    cli("person", "add", "Sam Ortiz")
    cli("refer", "Maya", "Sam", "--may-use-name", "--on", "2026-11-01")

    result = cli("person", "show", "Sam")

    assert "Referred by" in result.out
    row = next(line for line in result.out.splitlines() if "Maya Chen" in line)
    assert "yes" in row
    assert "2026-11-01" in row
