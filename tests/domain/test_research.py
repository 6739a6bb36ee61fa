"""Claims and evidence: where a claim stands, and the marks in a conversation's notes."""

from __future__ import annotations

import pytest

from infointerview.domain.question_check import check_question
from infointerview.domain.research import (
    ClaimKind,
    Mark,
    Standing,
    Verdict,
    as_question,
    marks,
    standing,
)

V = Verdict


@pytest.mark.parametrize(
    ("verdicts", "expected"),
    [
        ((), Standing.UNASKED),
        ((V.CONFIRMS,), Standing.CONFIRMED),
        ((V.CONFIRMS, V.CONFIRMS), Standing.CONFIRMED),
        ((V.CONTRADICTS,), Standing.CONTRADICTED),
        ((V.CONFIRMS, V.CONTRADICTS), Standing.DISPUTED),
        ((V.CONTRADICTS, V.REFINES, V.CONFIRMS), Standing.DISPUTED),
        ((V.REFINES,), Standing.REFINED),
        ((V.REFINES, V.CONFIRMS), Standing.CONFIRMED),
        ((V.REFINES, V.CONTRADICTS), Standing.CONTRADICTED),
        ((V.ANSWERS,), Standing.ANSWERED),
        ((V.ANSWERS, V.REFINES), Standing.REFINED),
    ],
)
def test_where_a_claim_stands(verdicts: tuple[Verdict, ...], expected: Standing) -> None:
    assert standing(verdicts) is expected
    assert standing(tuple(reversed(verdicts))) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('confirms #3: "Most start in QA"', Mark(1, 3, V.CONFIRMS, "Most start in QA")),
        ("Confirmed #3 - most start in QA", Mark(1, 3, V.CONFIRMS, "most start in QA")),
        ("contradicts #12 — “not at all”", Mark(1, 12, V.CONTRADICTS, "not at all")),
        ("  refines claim #7: only in big firms", Mark(1, 7, V.REFINES, "only in big firms")),
        ("REFINED #7", Mark(1, 7, V.REFINES, "")),
        ("answers question #2: three samples", Mark(1, 2, V.ANSWERS, "three samples")),
        ("answered #2: 'yes'", Mark(1, 2, V.ANSWERS, "yes")),
        ("- confirms #4: as a bullet", Mark(1, 4, V.CONFIRMS, "as a bullet")),
        ("* refines #4 – in a list", Mark(1, 4, V.REFINES, "in a list")),
        ("Meeting notes: confirms #5: first line", Mark(1, 5, V.CONFIRMS, "first line")),
    ],
)
def test_a_marked_line_records_evidence(line: str, expected: Mark) -> None:
    assert marks(line) == [expected]


@pytest.mark.parametrize(
    "line",
    [
        "She confirms #3 was right",  # not at the start of the line
        "confirms 3: no hash",
        "confirms #: nothing",
        "confirmation #3",
        "confirms #3x",
        "Answered #2 on my list of questions",  # the number must end or be followed by ":"
        "confirmed #1 priority: pay",
        "Refined #3 of the resume tips",
        "# confirms #3",
        "",
    ],
)
def test_other_lines_are_just_notes(line: str) -> None:
    assert marks(line) == []


def test_marks_name_their_lines() -> None:
    text = "Good talk.\nconfirms #1: yes\n\ncontradicts #2: no\n"
    assert [(m.line, m.claim_id, m.verdict) for m in marks(text)] == [
        (2, 1, V.CONFIRMS),
        (4, 2, V.CONTRADICTS),
    ]


def test_a_claim_becomes_an_open_question_and_a_question_stays_as_it_is() -> None:
    asked = as_question("Most instructional designers  started as teachers.", ClaimKind.CLAIM)
    assert asked == (
        "I read: “Most instructional designers started as teachers.” "
        "How does that match what you see?"
    )
    assert check_question(asked) == []  # open, not job-fishing (seed 004)
    assert as_question("Do teams expect a portfolio?", ClaimKind.QUESTION) == (
        "Do teams expect a portfolio?"
    )
