"""LinkedIn's Connections.csv, in the shapes it has been exported in since 2018."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from infointerview.errors import FileRefused
from infointerview.io import linkedin_csv
from infointerview.io.records import ContactRecord, Problem
from infointerview.io.text import decode

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "linkedin"


def _parse(text: str) -> tuple[list[ContactRecord], list[Problem]]:
    items = list(linkedin_csv.parse(text, name="Connections.csv"))
    return (
        [i for i in items if isinstance(i, ContactRecord)],
        [i for i in items if isinstance(i, Problem)],
    )


def _fixture(name: str) -> str:
    return decode((FIXTURES / name).read_bytes(), name=name)


def test_the_notes_preamble_is_passed_over_and_each_connection_read() -> None:
    records, problems = _parse(_fixture("connections_2024_with_notes_preamble.csv"))
    assert [r.full_name for r in records] == [
        "Maya Chen",
        "Élodie Martin",
        "Sam\tLee Ortiz 🚀",
        "Kenji Nakamura",
    ]
    maya = records[0]
    assert maya.line == 5
    assert (maya.given_name, maya.family_name) == ("Maya", "Chen")
    assert maya.organization == "Acme, Inc."
    assert maya.title == "UX Researcher"
    assert maya.linkedin_url == "https://www.linkedin.com/in/maya-chen-8b1a2c"
    assert maya.emails == ()
    assert maya.connected_on == date(2024, 3, 5)
    assert records[1].emails == ("elodie@example.com",)
    assert records[1].organization == "Φάρμακα Α.Ε."
    assert records[1].title == "Head of Research, Europe"


def test_a_hidden_profile_row_is_skipped_with_its_line() -> None:
    _, problems = _parse(_fixture("connections_2024_with_notes_preamble.csv"))
    assert [(p.line, p.skipped) for p in problems] == [(7, True)]
    assert "no first or last name" in problems[0].message


def test_the_2018_export_without_url_and_with_times_is_read() -> None:
    records, problems = _parse(_fixture("connections_2018_without_url.csv"))
    assert problems == []
    assert [(r.full_name, r.connected_on) for r in records] == [
        ("maya chen", date(2018, 3, 15)),
        ("JOHN SMITH", date(2017, 11, 2)),
    ]
    assert records[0].linkedin_url is None
    assert records[1].emails == ("urn:li:member:000000000",)  # the service drops it


def test_rows_without_a_header_and_wrapped_whole_in_quotes_are_read_as_the_current_export() -> None:
    records, problems = _parse(_fixture("connections_2021_without_header_rows_quoted_whole.csv"))
    assert [(r.full_name, r.organization) for r in records] == [
        ("Maya Chen", "Acme"),
        ("Sam Ortiz", "Globex, Inc."),
    ]
    assert [(p.line, p.skipped) for p in problems] == [(1, False)]
    assert "no header line" in problems[0].message


def test_a_file_without_trailing_newline_keeps_its_last_connection() -> None:
    records, _ = _parse(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Maya,Chen,,,Acme,UX Researcher,05 Mar 2024"
    )
    assert [r.full_name for r in records] == ["Maya Chen"]


def test_a_row_with_an_unquoted_comma_is_skipped_naming_its_line() -> None:
    records, problems = _parse(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Maya,Chen,,,Acme, Inc.,UX Researcher,05 Mar 2024\n"
        "Sam,Ortiz,,,Globex,Engineer,01 Feb 2024\n"
    )
    assert [r.full_name for r in records] == ["Sam Ortiz"]
    assert [p.line for p in problems] == [2]
    assert "8 fields where the header has 7" in problems[0].message


def test_an_unreadable_date_is_left_out_and_the_connection_kept() -> None:
    records, problems = _parse(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Maya,Chen,,,Acme,UX Researcher,sometime\n"
    )
    assert records[0].connected_on is None
    assert [(p.line, p.skipped) for p in problems] == [(2, False)]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("05 Mar 2024", date(2024, 3, 5)),
        ("5 mar 2024", date(2024, 3, 5)),
        ("29 Feb 2024", date(2024, 2, 29)),
        ("29 Feb 2023", None),
        ("05 Mrz 2024", None),
        ("3/15/18, 10:12 AM", date(2018, 3, 15)),
        ("2024-03-05", date(2024, 3, 5)),
    ],
)
def test_connected_on_is_read_in_each_format_the_export_has_had(
    text: str, day: date | None
) -> None:
    records, problems = _parse(
        f"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        f'Maya,Chen,,,Acme,UX Researcher,"{text}"\n'
    )
    assert records[0].connected_on == day
    assert len(problems) == (day is None)


def test_a_csv_that_is_not_a_linkedin_export_is_refused_naming_the_file() -> None:
    with pytest.raises(FileRefused, match=r"Connections.csv, line 1: no header line with First"):
        _parse("Name,E-mail\nMaya Chen,maya@example.com\n")


def test_a_quote_left_open_is_refused_with_its_line() -> None:
    with pytest.raises(FileRefused, match="line 3"):
        _parse(
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            "Maya,Chen,,,Acme,UX,05 Mar 2024\n"
            'Sam,"Ortiz' + "x" * 1_100_000 + "\n"
        )


def test_an_unknown_column_after_the_known_ones_is_ignored() -> None:
    records, problems = _parse(
        "First Name,Last Name,Company,Tags\nMaya,Chen,Acme,friend\nSam,Ortiz,Globex,\n"
    )
    assert problems == []
    assert [(r.full_name, r.organization) for r in records] == [
        ("Maya Chen", "Acme"),
        ("Sam Ortiz", "Globex"),
    ]
