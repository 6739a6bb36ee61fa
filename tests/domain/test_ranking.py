"""Contact ranking, table-driven: the order changes as the seeds say it should, and every
score is the sum of reasons that each cite a seed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from infointerview.domain.ranking import (
    Candidate,
    Reason,
    Target,
    rank,
    reasons,
    similarity_points,
)
from infointerview.domain.vocabulary import HowKnown

TODAY = date(2026, 11, 23)
UX = Target(role="UX Researcher", industry="Health technology", organization="Northwind Health")
BASE = Candidate(person_id=1, name="Base", how_known=HowKnown.COLD, title="UX Researcher")


def _first(one: Candidate, other: Candidate) -> str:
    return rank([other, one], UX, TODAY)[0].candidate.name


@pytest.mark.parametrize(
    ("better", "worse", "why"),
    [
        (
            replace(BASE, name="Referred", how_known=HowKnown.REFERRED, may_use_name=True),
            replace(BASE, name="Cold", person_id=2),
            "a referred contact with permission outranks a cold one with the same title (004)",
        ),
        (
            replace(BASE, name="Named", how_known=HowKnown.REFERRED, may_use_name=True),
            replace(BASE, name="Unnamed", person_id=2, how_known=HowKnown.REFERRED),
            "leave to use the referrer's name counts (004)",
        ),
        (
            replace(BASE, name="Known", how_known=HowKnown.KNOWN),
            replace(BASE, name="Alum", person_id=2, how_known=HowKnown.ALUMNI),
            "people you know come first (004)",
        ),
        (
            replace(BASE, name="Hirer", hiring_experience=True),
            replace(BASE, name="Not a hirer", person_id=2),
            "hiring experience outranks none (003)",
        ),
        (
            replace(BASE, name="Fresh"),
            replace(BASE, name="Asked", person_id=2, last_asked=date(2026, 11, 16)),
            "a person asked last week drops (002)",
        ),
        (
            replace(BASE, name="Researcher"),
            replace(BASE, name="Accountant", person_id=2, title="Accountant"),
            "a title that matches the role outranks one that does not (001)",
        ),
        (
            replace(BASE, name="Insider", organization="Northwind Health"),
            replace(BASE, name="Outsider", person_id=2, organization="Globex"),
            "working at the target organisation counts (001)",
        ),
        (
            replace(BASE, name="Spread", organization="Fjord"),
            replace(BASE, name="Crowded", person_id=2, organization="Fjord", others_in_play=2),
            "asks spread over organisations",
        ),
    ],
)
def test_the_order_follows_the_seeds(better: Candidate, worse: Candidate, why: str) -> None:
    assert _first(better, worse) == better.name, why
    assert _first(worse, better) == better.name, why  # whatever order they come in


def test_asked_long_ago_counts_no_more() -> None:
    long_ago = replace(BASE, last_asked=date(2026, 9, 1))
    assert [r.text for r in reasons(long_ago, UX, TODAY)] == [
        r.text for r in reasons(BASE, UX, TODAY)
    ]


def test_a_score_is_the_sum_of_its_reasons_each_with_a_seed() -> None:
    everything = Candidate(
        person_id=7,
        name="Maya Chen",
        how_known=HowKnown.REFERRED,
        title="Senior UX Researcher",
        organization="Northwind Health",
        industry="Health Technology",
        hiring_experience=True,
        may_use_name=True,
        last_asked=date(2026, 11, 20),
        others_in_play=5,
    )
    [ranked] = rank([everything], UX, TODAY)
    assert ranked.score == round(sum(r.points for r in ranked.reasons), 1)
    assert [r.seed for r in ranked.reasons] == ["004", "001", "001", "001", "003", "002", "002"]
    texts = [r.text for r in ranked.reasons]
    assert texts[1] == "their title shares researcher, ux"
    assert texts[-1] == "5 others at Northwind Health already asked"
    assert ranked.reasons[-1].points == -15.0  # capped at three


def test_ties_go_by_name_and_nothing_is_lost() -> None:
    people = [replace(BASE, person_id=n, name=name) for n, name in enumerate("CAB")]
    assert [r.candidate.name for r in rank(people, UX, TODAY)] == ["A", "B", "C"]
    assert rank([], UX, TODAY) == []


# --- relevance by meaning: similarities computed outside the domain come in as numbers ---

NURSE = Target(role="Nurse")


@pytest.mark.parametrize(
    ("similarity", "points"),
    [(-0.2, 0.0), (0.0, 0.0), (0.4, 0.0), (0.5, 6.2), (0.6, 12.5), (0.8, 25.0), (0.97, 25.0)],
)
def test_similarity_in_meaning_earns_title_points_above_a_floor(
    similarity: float, points: float
) -> None:
    assert similarity_points(similarity) == points


def test_a_title_close_in_meaning_outranks_an_unrelated_one_only_with_similarities() -> None:
    close = Candidate(person_id=1, name="Zoe", how_known=HowKnown.COLD, title="Midwife")
    far = Candidate(person_id=2, name="Abe", how_known=HowKnown.COLD, title="Welder")
    meaning = {1: 0.61, 2: 0.35}
    assert [r.candidate.name for r in rank([close, far], NURSE, TODAY)] == ["Abe", "Zoe"]
    first, second = rank([close, far], NURSE, TODAY, meaning)
    assert [first.candidate.name, second.candidate.name] == ["Zoe", "Abe"]
    assert first.reasons[1] == Reason(
        13.1, "their title is close in meaning to Nurse (similarity 0.61)", "001"
    )
    assert [r.seed for r in second.reasons] == ["004"]  # below the floor: no reason at all


@pytest.mark.parametrize(
    ("title", "similarity", "reason"),
    [
        ("UX Researcher", 1.0, "their title shares researcher, ux"),  # a tie: the words
        ("Design Researcher", 0.57, "their title shares researcher"),  # 12.5 beats 10.6
        ("Researcher", 0.75, "their title is close in meaning to UX Researcher (similarity 0.75)"),
        ("Usability specialist", 0.48, "their title is close in meaning to UX Researcher"),
    ],
)
def test_a_title_counts_once_by_words_or_by_meaning_whichever_is_worth_more(
    title: str, similarity: float, reason: str
) -> None:
    person = replace(BASE, title=title)
    with_meaning = reasons(person, UX, TODAY, similarity)
    relevance = [r for r in with_meaning if r.text.startswith("their title")]
    assert len(relevance) == 1
    assert relevance[0].text.startswith(reason)
    assert relevance[0].seed == "001"
    by_words = [r for r in reasons(person, UX, TODAY) if r.text.startswith("their title")]
    assert relevance[0].points >= sum(r.points for r in by_words)


def test_no_title_no_similarities_and_people_left_out_rank_exactly_as_by_words() -> None:
    people = [
        replace(BASE, name="Titled"),
        replace(BASE, person_id=2, name="Untitled", title=None, how_known=HowKnown.KNOWN),
        replace(BASE, person_id=3, name="Accountant", title="Accountant"),
    ]
    by_words = rank(people, UX, TODAY)
    assert rank(people, UX, TODAY, {}) == by_words
    assert rank(people, UX, TODAY, {2: 0.99}) == by_words  # a title is what is compared
