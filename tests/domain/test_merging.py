"""The merge rule: imports add what is new and never overwrite what the explorer typed."""

from __future__ import annotations

import pytest

from infointerview.domain.merging import (
    changes,
    conflicting,
    filled,
    merged_value,
    new_values,
    profile_key,
    union,
)


@pytest.mark.parametrize(
    ("current", "previous", "incoming", "expected"),
    [
        (None, None, "Engineer", "Engineer"),  # new information is added
        ("Engineer", "Engineer", "Manager", "Manager"),  # untouched value follows the file
        ("Lead", "Engineer", "Manager", None),  # an edited value is kept
        ("Lead", None, "Manager", None),  # typed by the explorer, never from this source
        (None, "Engineer", "Manager", None),  # cleared by the explorer stays cleared
        (None, "Engineer", "Engineer", None),
        ("Lead", "Engineer", "Engineer", None),  # the file says what it said before
        ("Engineer", "Engineer", None, None),  # the file says nothing
        ("Engineer", None, "Engineer", None),
    ],
)
def test_a_field_takes_the_file_s_value_only_when_the_explorer_left_it_alone(
    current: str | None, previous: str | None, incoming: str | None, expected: str | None
) -> None:
    assert merged_value(current, previous, incoming) == expected


def test_changes_lists_only_the_fields_to_write() -> None:
    current = {"title": "Lead", "location": None, "organization": "Acme"}
    previous = {"title": "Engineer", "organization": "Acme"}
    incoming = {"title": "Manager", "location": "Boston", "organization": "Acme Labs"}
    assert changes(current, previous, incoming) == {
        "location": "Boston",
        "organization": "Acme Labs",
    }


def test_new_values_ignore_case_and_repeats() -> None:
    assert new_values(
        ["Maya@Acme.example"], ["maya@acme.example", "m@x.example", "M@X.example"]
    ) == ["m@x.example"]


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://www.linkedin.com/in/Jane-Doe/?trk=x", "/in/jane-doe"),
        ("linkedin.com/in/jane-doe", "/in/jane-doe"),
        ("https://de.linkedin.com/in/j%C3%B6rg-m%C3%BCller", "/in/jörg-müller"),
        ("https://www.linkedin.com/pub/jane-doe/1/2/3", "/pub/jane-doe/1/2/3"),
        ("https://www.linkedin.com/company/acme", None),
        ("https://www.linkedin.com/", None),
        ("https://www.linkedin.com", None),
        ("https://www.linkedin.com/in/", None),
    ],
)
def test_only_a_member_s_profile_address_identifies_someone(url: str, key: str | None) -> None:
    assert profile_key(url) == key


@pytest.mark.parametrize(
    ("emails", "profile", "other_emails", "other", "expected"),
    [
        (["a@x.example"], None, ["b@x.example"], None, True),
        (["a@x.example", "c@x.example"], None, ["C@x.example"], None, False),
        ([], "/in/a", [], "/in/b", True),
        ([], "/in/a", [], "/in/a", False),
        ([], None, ["b@x.example"], "/in/b", False),
    ],
)
def test_namesakes_conflict_when_emails_or_profiles_say_two_people(
    emails: list[str],
    profile: str | None,
    other_emails: list[str],
    other: str | None,
    expected: bool,
) -> None:
    assert conflicting(emails, profile, other_emails, other) is expected


def test_a_second_row_only_fills_what_is_empty_and_unions_the_lists() -> None:
    assert filled(
        {"title": "Engineer", "location": None}, {"title": "Manager", "location": "Oslo"}
    ) == {"location": "Oslo"}
    first = {"title": "Engineer", "emails": ["a@x.example"]}
    then = {"title": "Manager", "location": "Oslo", "emails": ["A@x.example", "b@x.example"]}
    assert union(first, then) == {
        "title": "Engineer",
        "location": "Oslo",
        "emails": ["a@x.example", "b@x.example"],
    }
