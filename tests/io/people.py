"""People to write and read back: a builder of PersonRecords and hypothesis strategies
for the round-trip tests of the formats."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from hypothesis import strategies as st

from infointerview.domain import validation as check
from infointerview.domain.records import PersonRecord
from infointerview.domain.vocabulary import HowKnown

WHEN = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def person(**fields: Any) -> PersonRecord:
    """Return Maya Chen, a PersonRecord, with ``fields`` changed."""
    base = PersonRecord(
        id=1,
        full_name="Maya Chen",
        given_name="Maya",
        family_name="Chen",
        organization=None,
        title=None,
        location=None,
        emails=(),
        phones=(),
        linkedin_url=None,
        how_known=HowKnown.KNOWN,
        hiring_experience=False,
        preferred_channel=None,
        keep_in_touch=False,
        keep_in_touch_days=None,
        tags=(),
        created_at=WHEN,
        updated_at=WHEN,
    )
    return replace(base, **fields)


# Any character, often one that means something in a vCard line.
CHARACTERS = st.characters(blacklist_categories=["Cs"]) | st.sampled_from(",;:\\\"'=nN😀中שׁ")
TEXT = st.text(CHARACTERS, max_size=30).map(lambda value: check.optional_text(value, field="x"))
NAME = TEXT.map(lambda value: value or "Maya Chen")
WORD = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
EMAILS = st.lists(
    st.builds("{}.{}+{}@{}.com".format, WORD, WORD, WORD, WORD),
    max_size=3,
    unique_by=str.casefold,
)
PHONES = st.lists(
    st.builds(
        "+{} ({}) {}-{}".format,
        st.integers(1, 999),
        st.integers(100, 999),
        st.integers(100, 999),
        st.integers(1000, 9999),
    ),
    max_size=3,
    unique=True,  # as the product stores them
)
LINKEDIN = st.none() | st.builds(
    "https://{}linkedin.com/in/{}".format,
    st.sampled_from(["", "www.", "uk."]),
    st.text("abcdefghijklmnopqrstuvwxyz0123456789-%", min_size=1, max_size=30),
)
PEOPLE = st.builds(
    person,
    full_name=NAME,
    given_name=TEXT,
    family_name=TEXT,
    organization=TEXT,
    title=TEXT,
    location=TEXT,
    emails=EMAILS.map(tuple),
    phones=PHONES.map(tuple),
    linkedin_url=LINKEDIN,
)
FIELDS = (
    "full_name",
    "given_name",
    "family_name",
    "organization",
    "title",
    "location",
    "linkedin_url",
    "emails",
    "phones",
)
