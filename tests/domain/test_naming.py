"""Finding the one record a user means by an id or a part of its name."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from infointerview.domain.naming import (
    SEARCH_TEXT_BYTES,
    Candidate,
    fold,
    parse_id,
    person_keys,
    resolve,
)
from infointerview.errors import Ambiguous, NotFound

PEOPLE = [
    Candidate(id=3, name="Maya Chen", hint="Northwind Health"),
    Candidate(id=5, name="Marcus Hill"),
    Candidate(id=8, name="Chloé Martin", hint="Kestrel Learning"),
    Candidate(id=12, name="Omar Haddad"),
    Candidate(id=21, name="Kitchener Bo"),
]


def _resolve(query: str, pool: list[Candidate] = PEOPLE) -> int:
    return resolve(query, pool, kind="person").id


@pytest.mark.parametrize("query", ["12", "#12", " #12 "])
def test_an_id_is_resolved_with_or_without_a_hash(query: str) -> None:
    assert _resolve(query) == 12


def test_an_id_nobody_has_is_not_found_even_if_a_name_contains_it() -> None:
    pool = [Candidate(id=1, name="Agent 99")]
    with pytest.raises(NotFound) as raised:
        resolve("99", pool, kind="person")
    assert raised.value.kind == "person"
    assert raised.value.query == "99"


def test_parse_id_reads_only_ascii_digits() -> None:
    assert parse_id("#7") == 7
    assert parse_id("Maya") is None
    assert parse_id("١٢") is None  # Arabic-Indic digits are a name, not an id


def test_an_exact_name_beats_a_name_it_is_part_of() -> None:
    pool = [Candidate(id=1, name="Ana Lopez"), Candidate(id=2, name="Ana")]
    assert _resolve("ana", pool) == 2


def test_a_word_prefix_match_beats_a_match_inside_a_word() -> None:
    # "chen" starts a word of "Maya Chen" but is only inside "Kitchener".
    assert _resolve("chen") == 3


@pytest.mark.parametrize("query", ["chloe", "CHLOE MARTIN", "Chloé", "chloé  martin"])
def test_accents_and_case_are_folded(query: str) -> None:
    assert _resolve(query) == 8


def test_word_prefixes_find_a_person_in_order() -> None:
    assert _resolve("ma ch") == 3
    assert _resolve("ch ma") == 8
    with pytest.raises(NotFound):
        _resolve("chen ma")


def test_a_part_of_a_word_finds_the_one_name_containing_it() -> None:
    assert _resolve("adda") == 12
    assert _resolve("itchen") == 21


def test_an_ambiguous_name_lists_every_candidate_with_its_id() -> None:
    pool = [
        Candidate(id=4, name="Sam Lee", hint="Larkspur Software"),
        Candidate(id=9, name="Sam Lee"),
        Candidate(id=10, name="Samira Lee"),
    ]
    with pytest.raises(Ambiguous) as raised:
        resolve("sam lee", pool, kind="person")
    error = raised.value
    assert error.candidates == ["#4 Sam Lee (Larkspur Software)", "#9 Sam Lee"]
    assert "#4 Sam Lee (Larkspur Software)" in str(error)
    assert "#9 Sam Lee" in str(error)
    assert "matches 2 people" in str(error)
    assert error.http_status == 409


def test_a_long_ambiguity_shows_ten_candidates_and_counts_the_rest() -> None:
    pool = [Candidate(id=i, name=f"Alex {i}") for i in range(1, 15)]
    with pytest.raises(Ambiguous) as raised:
        resolve("alex", pool, kind="person")
    assert len(raised.value.candidates) == 14
    assert "#10 Alex 10" in str(raised.value)
    assert "#11 Alex 11" not in str(raised.value)
    assert "and 4 more" in str(raised.value)


def test_an_unknown_name_is_not_found() -> None:
    with pytest.raises(NotFound, match="no person matches 'Zed'"):
        _resolve("Zed")


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
def test_an_empty_query_is_not_found(query: str) -> None:
    with pytest.raises(NotFound):
        _resolve(query)


def test_fold_strips_accents_case_and_extra_spaces() -> None:
    assert fold("  Chloé   MARTIN ") == "chloe martin"
    assert fold("Straße") == "strasse"


def test_a_name_written_in_styled_letters_is_found_by_its_plain_spelling() -> None:
    # Names copied from profiles that use "bold" Unicode letters must still match.
    pool = [Candidate(id=1, name="\U0001d40c\U0001d41a\U0001d432\U0001d41a Chen")]  # 𝐌𝐚𝐲𝐚
    assert _resolve("maya", pool) == 1


@given(st.text())
@example("\u210cans")  # ℌans: NFKD turns the black-letter capital into a plain "H"
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


def test_the_search_text_holds_name_title_and_organisation_lower_cased() -> None:
    sort_key, search = person_keys("Élodie Ümlaut", "Chercheuse", "École Polytechnique")
    assert sort_key == "elodie umlaut"
    assert search == "élodie ümlaut\nécole polytechnique\nchercheuse"
    assert person_keys("Maya Chen", None, None)[1] == "maya chen\n\n"


def test_a_huge_search_text_is_cut_to_its_bytes_without_splitting_a_character() -> None:
    sort_key, search = person_keys("😀" * 300, "𝔗" * 300, "組織" * 100)
    assert len(sort_key.encode()) <= 1_200
    assert len(search.encode()) <= SEARCH_TEXT_BYTES
    assert search.startswith("😀" * 300)
    assert "\ufffd" not in search
