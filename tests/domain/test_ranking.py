"""Contact ranking, table-driven: the order changes as the seeds say it should, and every
score is the sum of reasons that each cite a seed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from infointerview.domain.ranking import Candidate, Target, rank, reasons
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
