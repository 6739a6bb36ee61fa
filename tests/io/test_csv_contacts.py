"""Contacts from CSV: Google, Outlook and Thunderbird exports, --map, and our own export."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infointerview.domain.records import PersonRecord
from infointerview.errors import BadInput, FileRefused
from infointerview.io import csv_contacts
from infointerview.io.records import ContactRecord, Problem
from tests.io.people import FIELDS, PEOPLE, person

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "csv"


def _parse(text: str, mapping: str | None = None) -> tuple[list[ContactRecord], list[Problem]]:
    columns = csv_contacts.parse_mapping(mapping) if mapping else None
    items = list(csv_contacts.parse(text, name="contacts.csv", mapping=columns))
    return (
        [i for i in items if isinstance(i, ContactRecord)],
        [i for i in items if isinstance(i, Problem)],
    )


GOOGLE = (
    "Name,Given Name,Additional Name,Family Name,Notes,Group Membership,"
    "E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Type,E-mail 2 - Value,"
    "Phone 1 - Type,Phone 1 - Value,Address 1 - Type,Address 1 - Street,Address 1 - City,"
    "Address 1 - Region,Address 1 - Country,Organization 1 - Name,Organization 1 - Title,"
    "Website 1 - Type,Website 1 - Value\n"
    'Maya Chen,Maya,,Chen,"Met at the ""UX Night""",* myContacts,* Work,'
    "maya@acme.example ::: maya.chen@example.com,Home,maya@home.example,Mobile,+1 555 0100,"
    'Work,"1 Main St\nFloor 2",Boston,MA,USA,Acme,UX Researcher,Profile,'
    "https://www.linkedin.com/in/maya-chen\n"
)


def test_a_google_contacts_export_is_read_with_every_email_and_its_place() -> None:
    [maya], problems = _parse(GOOGLE)
    assert problems == []
    assert maya.full_name == "Maya Chen"
    assert maya.emails == ("maya@acme.example", "maya.chen@example.com", "maya@home.example")
    assert maya.phones == ("+1 555 0100",)
    assert maya.location == "Boston, MA, USA"
    assert (maya.organization, maya.title) == ("Acme", "UX Researcher")
    assert maya.linkedin_url == "https://www.linkedin.com/in/maya-chen"
    assert maya.note == 'Met at the "UX Night"'


OUTLOOK = (
    "Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title,"
    "Business Street,Business City,Business State,Business Postal Code,"
    "Business Country/Region,Business Fax,Business Phone,Mobile Phone,Pager,"
    "E-mail Address,E-mail Type,E-mail Display Name,E-mail 2 Address,Notes,Web Page\n"
    "Dr.,Sam,J.,Ortiz,,Globex,R&D,Lab Director,1 Way,Springfield,IL,62701,"
    "United States,+1 555 0199,+1 555 0101,+1 555 0102,+1 555 0103,"
    "sam@globex.example,SMTP,Sam Ortiz (sam@globex.example),sam@home.example,,\n"
)


def test_an_outlook_export_takes_the_job_title_not_the_honorific_and_no_fax() -> None:
    [sam], _ = _parse(OUTLOOK)
    assert sam.full_name == "Sam J. Ortiz"
    assert sam.title == "Lab Director"
    assert sam.organization == "Globex"
    assert sam.emails == ("sam@globex.example", "sam@home.example")
    assert sam.phones == ("+1 555 0101", "+1 555 0102")
    assert sam.location == "Springfield, IL, United States"


def test_a_thunderbird_export_uses_its_display_name() -> None:
    text = (
        "First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,"
        "Work Phone,Fax Number,Mobile Number,Work City,Job Title,Organization,Web Page 1\n"
        "Kenji,Nakamura,Kenji N.,,kenji@example.com,,+81 3 1234,+81 3 9999,,Tokyo,PM,Initech,\n"
    )
    [kenji], _ = _parse(text)
    assert kenji.full_name == "Kenji N."
    assert (kenji.given_name, kenji.family_name) == ("Kenji", "Nakamura")
    assert kenji.emails == ("kenji@example.com",)
    assert kenji.phones == ("+81 3 1234",)
    assert kenji.location == "Tokyo"


def test_a_mapping_names_the_columns_of_any_csv() -> None:
    text = "Nom complet,Courriel,Société\nÉlodie Martin,elodie@example.com,Φάρμακα\n"
    [elodie], _ = _parse(text, "Nom complet=name,Courriel=email,Société=organization")
    assert (elodie.full_name, elodie.emails, elodie.organization) == (
        "Élodie Martin",
        ("elodie@example.com",),
        "Φάρμακα",
    )


def test_the_french_fixture_needs_a_mapping_and_says_how() -> None:
    text = (FIXTURES / "contacts_with_french_column_titles.csv").read_text(encoding="utf-8")
    with pytest.raises(FileRefused, match=r"contacts.csv, line 1: no column for the name.*--map"):
        _parse(text)


def test_a_csv_without_a_header_is_refused_naming_the_first_line() -> None:
    with pytest.raises(FileRefused, match=r"line 1: no column for the name"):
        _parse("Maya Chen,maya@example.com\nSam Ortiz,sam@example.com\n")


def test_a_mapping_naming_a_missing_column_is_refused() -> None:
    with pytest.raises(FileRefused, match="'full name', which the header does not have"):
        _parse("Name,Email\nMaya,maya@example.com\n", "Full Name=name")


@pytest.mark.parametrize(
    ("mapping", "message"),
    [("Full Name", "is not COLUMN=FIELD"), ("Full Name=nickname", "'nickname' is not a field")],
)
def test_a_malformed_mapping_is_refused(mapping: str, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        csv_contacts.parse_mapping(mapping)


def test_ragged_rows_longer_than_the_header_are_skipped_shorter_ones_kept() -> None:
    records, problems = _parse(
        "Name,Email,Company\n"
        "Maya Chen,maya@example.com,Acme,extra,fields\n"
        "Sam Ortiz,sam@example.com\n"
        ",,\n"
        ",,Globex\n"
    )
    assert [r.full_name for r in records] == ["Sam Ortiz"]
    assert [(p.line, p.skipped) for p in problems] == [(2, True), (5, True)]
    assert "5 fields where the header has 3" in problems[0].message
    assert problems[1].message == "no name in this row"


def test_lines_are_counted_across_quoted_line_breaks() -> None:
    _, problems = _parse('Name,Notes\nMaya,"one\ntwo\nthree"\n,Globex\n')
    assert [p.line for p in problems] == [5]


def test_our_export_is_read_back_without_a_mapping() -> None:
    people = [
        person(
            organization="Acme, Inc.",
            title='Researcher; "UX"',
            location="Boston, MA",
            emails=("maya@acme.example", "maya@home.example"),
            phones=("+1 555 0100",),
            linkedin_url="https://www.linkedin.com/in/maya-chen",
            tags=("ux", "boston"),
        ),
        person(
            id=2,
            full_name="Sam",
            given_name=None,
            family_name=None,
            emails=(),
            phones=("+44 20 7946 0000", "+44 7700 900000"),
        ),
    ]
    records, problems = _parse(csv_contacts.dump(people))
    assert problems == []
    for before, record in zip(people, records, strict=True):
        assert (
            record.full_name,
            record.given_name,
            record.family_name,
            record.organization,
            record.title,
            record.location,
            record.emails,
            record.phones,
            record.linkedin_url,
        ) == (
            before.full_name,
            before.given_name,
            before.family_name,
            before.organization,
            before.title,
            before.location,
            before.emails,
            before.phones,
            before.linkedin_url,
        )


def test_a_quoted_value_with_a_comma_is_not_taken_for_a_wrapped_row() -> None:
    records, _ = _parse('Name,Email,Phone\n"Doe, Jane"\n')
    assert [(r.full_name, r.emails) for r in records] == [("Doe, Jane", ())]
    [one_column], _ = _parse('Name\n"Doe, Jane"\n')
    assert one_column.full_name == "Doe, Jane"


def test_a_row_a_spreadsheet_wrapped_in_quotes_is_unwrapped() -> None:
    [maya], _ = _parse('Name,Email\n"Maya Chen,maya@example.com"\n')
    assert (maya.full_name, maya.emails) == ("Maya Chen", ("maya@example.com",))


def test_the_export_cannot_run_as_a_formula_and_reads_back_as_it_was() -> None:
    hostile = person(
        full_name='=HYPERLINK("http://evil.example","click")',
        title="@SUM(A1)",
        phones=("+1 555 0100",),
    )
    text = csv_contacts.dump([hostile])
    assert "\r\n\"'=HYPERLINK" in text
    assert ",'+1 555 0100," in text
    [record], _ = _parse(text)
    assert record.full_name == hostile.full_name
    assert record.title == "@SUM(A1)"
    assert record.phones == ("+1 555 0100",)


@settings(max_examples=100, deadline=None)
@given(people=st.lists(PEOPLE, min_size=1, max_size=3))
def test_people_exported_as_csv_and_read_back_come_back_as_they_were(
    people: list[PersonRecord],
) -> None:
    records, problems = _parse(csv_contacts.dump(people))
    assert problems == []
    for before, after in zip(people, records, strict=True):
        for field in FIELDS:
            assert getattr(after, field) == getattr(before, field), field


def test_a_value_that_looks_made_inert_comes_back_as_it_was() -> None:
    [record], _ = _parse(csv_contacts.dump([person(full_name="'=not a formula")]))
    assert record.full_name == "'=not a formula"
