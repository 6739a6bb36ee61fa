"""Checking and normalising what people type, naming the field when a value is refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infointerview.domain import validation as check
from infointerview.errors import InvalidValue


@pytest.mark.parametrize("minutes", range(15, 31))
def test_fifteen_to_thirty_requested_minutes_are_accepted(minutes: int) -> None:
    assert check.requested_minutes(minutes) == minutes


@pytest.mark.parametrize("minutes", [0, 14, 31, 60])
def test_requested_minutes_outside_fifteen_to_thirty_are_refused_citing_seed_001(
    minutes: int,
) -> None:
    with pytest.raises(InvalidValue) as raised:
        check.requested_minutes(minutes)
    assert raised.value.field == "minutes"
    assert f"{minutes} is outside 15-30" in str(raised.value)
    assert "seed 001" in str(raised.value)


def test_the_default_request_is_inside_the_method_range() -> None:
    default = check.DEFAULT_REQUESTED_MINUTES
    assert check.requested_minutes(default) == default


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("maya@northwind.example", "maya@northwind.example"),
        ("  maya.chen+jobs@mail.northwind.example ", "maya.chen+jobs@mail.northwind.example"),
        ("O'Brien@tidewater.example", "O'Brien@tidewater.example"),
    ],
)
def test_plausible_emails_are_accepted_and_trimmed(typed: str, kept: str) -> None:
    assert check.email(typed) == kept


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "maya",
        "maya@",
        "@northwind.example",
        "maya@northwind",
        "maya@northwind.example.",
        "maya chen@northwind.example",
        "maya@@northwind.example",
        "Maya <maya@northwind.example>",
        "maya@northwind.example, omar@northwind.example",
        "a" * 320 + "@x.example",
    ],
)
def test_text_that_is_not_an_email_is_refused(typed: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        check.email(typed, field="work email")
    assert raised.value.field == "work email"
    assert "is not an email address" in str(raised.value)


@given(st.emails())
def test_any_accepted_email_round_trips_unchanged(address: str) -> None:
    accepted = check.email(address)
    assert accepted == address
    assert check.email(accepted) == accepted


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("+1 206 555 0142", "+1 206 555 0142"),
        ("(206) 555-0142", "(206) 555-0142"),
        ("  +44 20   7946 0018 ", "+44 20 7946 0018"),
        ("206.555.0142 ext. 12", "206.555.0142 ext. 12"),
        ("206-555-0142 x7", "206-555-0142 x7"),
    ],
)
def test_phone_numbers_are_kept_as_written_with_spaces_collapsed(typed: str, kept: str) -> None:
    assert check.phone(typed) == kept


@pytest.mark.parametrize("typed", ["", "12", "call me", "555-CALL", "--- ---", "+1 206 555 0142!"])
def test_text_that_is_not_a_phone_number_is_refused(typed: str) -> None:
    with pytest.raises(InvalidValue, match="is not a phone number") as raised:
        check.phone(typed)
    assert raised.value.field == "phone"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/in/maya-chen",
        "https://linkedin.com/in/maya-chen",
        "http://uk.linkedin.com/in/omar",
        "https://WWW.LinkedIn.com/in/maya-chen",
    ],
)
def test_linkedin_profile_urls_are_accepted(url: str) -> None:
    assert check.linkedin_url(f"  {url} ") == url


@pytest.mark.parametrize("blank", [None, "", "   "])
def test_a_blank_linkedin_url_means_none(blank: str | None) -> None:
    assert check.linkedin_url(blank) is None


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "javascript://linkedin.com/%0aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://linkedin.com/in/maya",
        "linkedin.com/in/maya",
        "https://evil.example/linkedin.com/in/maya",
        "https://linkedin.com.evil.example/in/maya",
        "https://notlinkedin.com/in/maya",
        "https://linkedin.com@evil.example/in/maya",
        "https://www.linkedin.com/in/maya chen",
    ],
)
def test_non_linkedin_or_unsafe_urls_are_refused(url: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        check.linkedin_url(url)
    assert raised.value.field == "linkedin_url"
    assert repr(url) in str(raised.value)


def test_tags_are_lower_cased_deduplicated_and_sorted() -> None:
    assert check.tags(["UX", "ux", "Research", " healthcare "]) == ("healthcare", "research", "ux")


def test_tags_separated_by_commas_are_split_and_blanks_skipped() -> None:
    assert check.tags(["mentor, hiring-manager,,", ""]) == ("hiring-manager", "mentor")


@pytest.mark.parametrize("bad", ["user research", "c#", "-dash-first", "x" * 101])
def test_a_tag_with_spaces_or_symbols_is_refused_naming_it(bad: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        check.tags(["ok", bad])
    assert raised.value.field == "tag"
    assert repr(bad) in str(raised.value)


TAG = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9\-.+/]{0,15}", fullmatch=True)


@given(st.lists(TAG, max_size=12))
def test_tags_come_back_sorted_lower_case_unique_and_stable(values: list[str]) -> None:
    result = check.tags(values)
    assert list(result) == sorted(set(result))
    assert all(tag == tag.lower() for tag in result)
    assert set(result) == {value.lower() for value in values}
    assert check.tags(result) == result


def test_required_text_drops_control_characters_and_collapses_spaces() -> None:
    typed = "  Maya\x00 \x1b[31mChen\x07\n  "
    assert check.required_text(typed, field="name") == "Maya [31mChen"


@pytest.mark.parametrize("blank", [None, "", "   ", "\x00\x07"])
def test_required_text_refuses_blank_values_naming_the_field(blank: str | None) -> None:
    with pytest.raises(InvalidValue, match="^role: must not be empty$"):
        check.required_text(blank, field="role")


def test_text_over_its_limit_is_refused_naming_the_field_and_the_limit() -> None:
    with pytest.raises(InvalidValue) as raised:
        check.required_text("x" * 201, field="title")
    assert raised.value.field == "title"
    assert str(raised.value) == "title: is 201 characters long; the limit is 200"
    assert check.required_text("x" * 200, field="title") == "x" * 200


@pytest.mark.parametrize("blank", [None, "", "  ", "\x1b"])
def test_optional_text_turns_blank_values_into_none(blank: str | None) -> None:
    assert check.optional_text(blank, field="location") is None


def test_optional_text_is_cleaned_and_limited_like_required_text() -> None:
    assert check.optional_text(" Seattle,\tWA\x00 ", field="location") == "Seattle, WA"
    with pytest.raises(InvalidValue, match="^location: is 301 characters"):
        check.optional_text("y" * 301, field="location", limit=300)


def test_long_text_keeps_line_breaks_but_drops_control_characters() -> None:
    body = "  Met Maya.\n\nShe said:\x1b\tbe curious.  "
    assert check.long_text(body, field="note") == "Met Maya.\n\nShe said:\tbe curious."
    assert check.long_text("  ", field="note") is None
    with pytest.raises(InvalidValue, match="^note: must not be empty$"):
        check.long_text("\n\x00", field="note", required=True)
    with pytest.raises(InvalidValue, match="^note: is 20001 characters long"):
        check.long_text("z" * 20_001, field="note")


@pytest.mark.parametrize(("value", "expected"), [(None, None), (0, 0), (45, 45), (1440, 1440)])
def test_actual_minutes_accepts_real_meeting_lengths(
    value: int | None, expected: int | None
) -> None:
    assert check.actual_minutes(value) == expected


@pytest.mark.parametrize("value", [-1, 1441])
def test_actual_minutes_refuses_negative_or_absurd_lengths(value: int) -> None:
    with pytest.raises(InvalidValue, match="is not a meeting length"):
        check.actual_minutes(value)


def test_a_huge_refused_value_is_shown_cut_short() -> None:
    with pytest.raises(InvalidValue) as refused:
        check.email("x" * 200_000)
    assert len(str(refused.value)) < 120
    assert "…" in str(refused.value)
