"""`infointerview person add|list|show|edit|rm` and `org list`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.cli.conftest import Cli

pytestmark = pytest.mark.usefixtures("migrated")


def names(cli: Cli, *args: str) -> list[str]:
    """Return the full names `person list --json` prints, in its order."""
    result = cli("person", "list", "--json", *args)
    assert result.code == 0, result.err
    return [p["full_name"] for p in result.json]


def test_person_add_confirms_with_the_new_id_and_name(cli: Cli) -> None:
    result = cli("person", "add", "Maya Chen")

    assert result.code == 0, result.err
    assert result.out == "Added #1 Maya Chen\n"
    assert result.err == ""


def test_person_add_stores_every_option_it_is_given(cli: Cli) -> None:
    result = cli(
        "person", "add", "Maya Chen", "--org", "Northwind Health", "--title", "UX Researcher",
        "--email", "maya@northwind.example", "--email", "m.chen@example.org",
        "--phone", "+1 206 555 0100", "--linkedin", "https://www.linkedin.com/in/mayachen",
        "--location", "Seattle", "--given", "Maya", "--family", "Chen",
        "--how-known", "alumni", "--hiring", "--channel", "video", "--keep-in-touch",
        "--every", "45", "--tag", "UX", "--tag", "health,research", "--json",
    )  # fmt: skip

    assert result.code == 0, result.err
    person = result.json
    assert person["full_name"] == "Maya Chen"
    assert person["organization"] == "Northwind Health"
    assert person["title"] == "UX Researcher"
    assert person["emails"] == ["maya@northwind.example", "m.chen@example.org"]
    assert person["phones"] == ["+1 206 555 0100"]
    assert person["linkedin_url"] == "https://www.linkedin.com/in/mayachen"
    assert person["location"] == "Seattle"
    assert (person["given_name"], person["family_name"]) == ("Maya", "Chen")
    assert person["how_known"] == "alumni"
    assert person["hiring_experience"] is True
    assert person["preferred_channel"] == "video"
    assert person["keep_in_touch"] is True
    assert person["keep_in_touch_days"] == 45
    assert person["tags"] == ["health", "research", "ux"]


def test_person_add_without_options_records_a_cold_contact(cli: Cli) -> None:
    person = cli("person", "add", "Maya Chen", "--json").json

    assert person["how_known"] == "cold"
    assert person["hiring_experience"] is False
    assert person["preferred_channel"] is None
    assert person["emails"] == []
    assert person["tags"] == []


def test_person_list_says_how_to_start_when_nobody_is_there(cli: Cli) -> None:
    result = cli("person", "list")

    assert result.code == 0, result.err
    assert "No people yet" in result.out
    assert "infointerview person add NAME" in result.out


def test_person_list_sorts_by_name_case_insensitively(cli: Cli) -> None:
    for name in ("zoe Park", "Amara Nwosu", "maya Chen"):
        cli("person", "add", name)

    assert names(cli) == ["Amara Nwosu", "maya Chen", "zoe Park"]


def test_person_list_shows_a_table_with_each_persons_details(cli: Cli) -> None:
    cli(
        "person",
        "add",
        "Maya Chen",
        "--org",
        "Acme",
        "--title",
        "Researcher",
        "--tag",
        "ux",
        "--how-known",
        "known",
    )

    result = cli("person", "list")

    assert result.code == 0, result.err
    header = next(line for line in result.out.splitlines() if "name" in line)
    for column in ("id", "name", "organisation", "title", "how known", "tags"):
        assert column in header
    row = next(line for line in result.out.splitlines() if "Maya Chen" in line)
    for cell in ("1", "Acme", "Researcher", "known", "ux"):
        assert cell in row


def test_person_list_filters_by_text_organisation_tag_and_how_known(cli: Cli) -> None:
    cli("person", "add", "Maya Chen", "--org", "Acme", "--tag", "ux", "--how-known", "alumni")
    cli(
        "person",
        "add",
        "Sam Ortiz",
        "--org",
        "Globex",
        "--title",
        "Data Analyst",
        "--how-known",
        "known",
    )
    cli("person", "add", "Lee Park", "--org", "acme", "--how-known", "cold")

    assert names(cli, "--query", "analyst") == ["Sam Ortiz"]
    assert names(cli, "-q", "ACME") == ["Lee Park", "Maya Chen"]
    assert names(cli, "--org", "Acme") == ["Lee Park", "Maya Chen"]
    assert names(cli, "--tag", "UX") == ["Maya Chen"]
    assert names(cli, "--how-known", "cold") == ["Lee Park"]


def test_person_list_pages_with_limit_and_offset(cli: Cli) -> None:
    for name in ("Ann", "Bea", "Cy", "Dee"):
        cli("person", "add", name)

    assert names(cli, "--limit", "2") == ["Ann", "Bea"]
    assert names(cli, "--limit", "2", "--offset", "2") == ["Cy", "Dee"]


def test_person_list_sorts_newest_first_when_asked_for_added(cli: Cli) -> None:
    for name in ("Ann", "Bea", "Cy"):
        cli("person", "add", name)

    assert names(cli, "--sort", "added") == ["Cy", "Bea", "Ann"]


def test_person_list_for_a_target_shows_people_met_or_referred_for_it(cli: Cli) -> None:
    for name in ("Maya Chen", "Sam Ortiz", "Lee Park"):
        cli("person", "add", name)
    cli("target", "add", "UX Researcher")
    cli("conversation", "new", "Maya", "--target", "UX")
    cli("refer", "Maya", "Sam", "--target", "UX")

    assert names(cli, "--target", "UX") == ["Maya Chen", "Sam Ortiz"]


def test_person_show_finds_someone_by_id_hash_id_or_part_of_the_name(cli: Cli) -> None:
    cli("person", "add", "Maya Chen")
    cli("person", "add", "Sam Ortiz")

    for query in ("2", "#2", "Sam", "ortiz", "Sam Ortiz"):
        result = cli("person", "show", query, "--json")
        assert result.code == 0, (query, result.err)
        assert result.json["person"]["full_name"] == "Sam Ortiz"


def test_person_show_prints_details_conversations_and_timeline(cli: Cli) -> None:
    cli("person", "add", "Maya Chen", "--org", "Acme", "--email", "maya@acme.example")
    cli("conversation", "new", "Maya")
    cli("note", "add", "Met at the alumni fair", "--person", "Maya")

    result = cli("person", "show", "Maya")

    assert result.code == 0, result.err
    assert "#1 Maya Chen" in result.out
    assert "organisation: Acme" in result.out
    assert "email: maya@acme.example" in result.out
    assert "Conversations" in result.out
    assert "draft" in result.out
    assert "Notes" in result.out
    assert "Met at the alumni fair" in result.out
    assert "Timeline" in result.out
    assert "Added Maya Chen" in result.out


def test_person_edit_changes_only_the_fields_given(cli: Cli) -> None:
    cli("person", "add", "Maya Chen", "--org", "Acme", "--title", "Designer", "--tag", "ux")

    result = cli("person", "edit", "Maya", "--title", "Lead Designer", "--add-tag", "mentor")

    assert result.code == 0, result.err
    assert result.out == "Updated #1 Maya Chen\n"
    person = cli("person", "show", "1", "--json").json["person"]
    assert person["title"] == "Lead Designer"
    assert person["organization"] == "Acme"
    assert person["tags"] == ["mentor", "ux"]


def test_person_edit_clears_a_field_given_as_empty_text(cli: Cli) -> None:
    cli("person", "add", "Maya Chen", "--org", "Acme", "--tag", "ux", "--tag", "mentor")

    result = cli("person", "edit", "Maya", "--org", "", "--remove-tag", "ux", "--json")

    assert result.code == 0, result.err
    assert result.json["organization"] is None
    assert result.json["tags"] == ["mentor"]


def test_person_edit_renames_and_records_it_on_the_timeline(cli: Cli) -> None:
    cli("person", "add", "Maya Chen")

    cli("person", "edit", "Maya", "--name", "Maya Chen-Ortiz", "--how-known", "referred")

    detail = cli("person", "show", "1", "--json").json
    assert detail["person"]["full_name"] == "Maya Chen-Ortiz"
    assert detail["person"]["how_known"] == "referred"
    assert any(e["kind"] == "person.edited" for e in detail["events"])


def test_person_rm_with_yes_removes_the_person(cli: Cli) -> None:
    cli("person", "add", "Maya Chen")
    cli("person", "add", "Sam Ortiz")

    result = cli("person", "rm", "Maya", "--yes")

    assert result.code == 0, result.err
    assert result.out == "Removed #1 Maya Chen\n"
    assert names(cli) == ["Sam Ortiz"]


def test_person_rm_without_yes_asks_and_keeps_the_person_on_no(cli: Cli) -> None:
    cli("person", "add", "Maya Chen")

    result = cli("person", "rm", "Maya", stdin="n\n")

    assert result.code == 1
    assert "Remove person #1?" in result.out
    assert names(cli) == ["Maya Chen"]


def test_person_rm_without_yes_removes_the_person_on_yes(cli: Cli) -> None:
    cli("person", "add", "Maya Chen")

    result = cli("person", "rm", "Maya", stdin="y\n")

    assert result.code == 0, result.err
    assert names(cli) == []


def test_person_rm_refuses_someone_with_conversations(cli: Cli) -> None:
    cli("person", "add", "Maya Chen")
    cli("conversation", "new", "Maya")

    result = cli("person", "rm", "Maya", "--yes")

    assert result.code == 2
    assert result.err.startswith("infointerview: error: Maya Chen has 1 conversation(s)")
    assert "--force" in result.err
    assert names(cli) == ["Maya Chen"]
    assert len(cli("conversation", "list", "--json").json) == 1


def test_person_rm_refuses_someone_with_referrals(cli: Cli) -> None:
    cli("person", "add", "Maya Chen")
    cli("person", "add", "Sam Ortiz")
    cli("refer", "Maya", "Sam")

    result = cli("person", "rm", "Sam", "--yes")

    assert result.code == 2
    assert "1 referral(s)" in result.err
    assert names(cli) == ["Maya Chen", "Sam Ortiz"]


def test_person_rm_with_force_removes_the_person_and_their_conversations(cli: Cli) -> None:
    cli("person", "add", "Maya Chen")
    cli("person", "add", "Sam Ortiz")
    cli("conversation", "new", "Maya")
    cli("conversation", "new", "Sam")

    result = cli("person", "rm", "Maya", "--force", "--yes")

    assert result.code == 0, result.err
    assert names(cli) == ["Sam Ortiz"]
    assert [c["person"] for c in cli("conversation", "list", "--json").json] == ["Sam Ortiz"]


def test_org_list_counts_people_per_organisation_ignoring_case(cli: Cli) -> None:
    cli("person", "add", "Maya Chen", "--org", "Acme")
    cli("person", "add", "Lee Park", "--org", "ACME")
    cli("person", "add", "Sam Ortiz", "--org", "Globex")

    result = cli("org", "list", "--json")

    assert result.code == 0, result.err
    assert [(o["name"], o["people"]) for o in result.json] == [("Acme", 2), ("Globex", 1)]


def test_org_list_prints_a_table(cli: Cli) -> None:
    cli("person", "add", "Maya Chen", "--org", "Acme")

    result = cli("org", "list")

    assert result.code == 0, result.err
    row = next(line for line in result.out.splitlines() if "Acme" in line)
    assert "1" in row
    assert "people" in result.out


def test_org_list_is_empty_json_for_a_new_database(cli: Cli) -> None:
    result = cli("org", "list", "--json")

    assert result.code == 0, result.err
    assert result.json == []


def test_a_paged_person_list_says_which_slice_of_how_many_it_shows(cli: Cli) -> None:
    for name in ("Ann Lee", "Bo Kim", "Cy Tan", "Di Ng"):
        cli("person", "add", name)

    result = cli("person", "list", "--limit", "2", "--offset", "1")

    assert "Bo Kim" in result.out
    assert "Ann Lee" not in result.out
    assert result.out.rstrip().endswith("Showing 2-3 of 4 people.")
