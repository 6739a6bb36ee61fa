"""The question bank and the agenda: every shipped question has its seed, the explorer's
own come first, and an agenda adds up to the agreed minutes."""

from __future__ import annotations

import pytest

from infointerview.domain import questions
from infointerview.errors import InvalidValue


def test_the_bank_has_the_seeds_categories_in_meeting_order_each_with_a_seed() -> None:
    bank = questions.shipped()
    ids = [c.id for c in bank.categories]
    assert ids[0] == "big_picture"
    assert ids[1] == "specifics"
    assert ids[-1] == "closing"
    for wanted in ("day_in_the_life", "skills", "professions", "career_paths", "trends"):
        assert wanted in ids
    for wanted in ("associations", "classes", "internships"):
        assert wanted in ids
    assert all(q.seed in ("001", "002", "003", "004") and q.quote for q in bank.questions)
    closing = " ".join(q.text for q in bank.of("closing"))
    for ask in ("Who else", "used your name", "LinkedIn", "stay in touch"):
        assert ask in closing


def test_placeholders_are_filled_from_the_target_and_the_person_or_read_well_without() -> None:
    question = questions.Question("specifics", "Why {field} at {organization}?", "004", "q")
    assert questions.fill(question, field="nursing", organization="Mercy").text == (
        "Why nursing at Mercy?"
    )
    assert questions.fill(question, field=None, organization=None).text == (
        "Why this field at your organisation?"
    )
    braces = questions.Question("specifics", "What is {unknown} and {0}?", "004", "q")
    assert questions.fill(braces, field="x", organization="y").text == "What is {unknown} and {0}?"


@pytest.mark.parametrize("minutes", range(5, 61))
def test_an_agenda_adds_up_to_the_agreed_minutes(minutes: int) -> None:
    bank = questions.shipped()
    chosen = questions.choose(bank, minutes)
    slots = questions.agenda(minutes, chosen, bank.of("closing"))
    assert sum(slot.minutes for slot in slots) == minutes
    assert [s.start for s in slots] == [
        sum(x.minutes for x in slots[:i]) for i in range(len(slots))
    ]
    assert slots[-1].title.startswith("Closing")
    assert len(slots[-1].questions) == 4


def test_a_longer_meeting_has_more_questions_big_picture_first() -> None:
    bank = questions.shipped()
    short, long = questions.choose(bank, 15), questions.choose(bank, 30)
    assert (len(short), len(long)) == (3, 8)
    assert short[0].category == long[0].category == "big_picture"
    assert long[2].category == "specifics"


def test_the_explorer_s_research_questions_come_after_the_big_picture() -> None:
    bank = questions.shipped()
    chosen = questions.choose(bank, 30, research=("How did the 2024 merger change hiring?",))
    assert [q.category for q in chosen[:4]] == [
        "big_picture",
        "big_picture",
        "research",
        "specifics",
    ]
    assert chosen[2].seed == "001"


def test_own_questions_join_their_category_first() -> None:
    text = '[[question]]\ncategory = "specifics"\ntext = "What  surprised you\\nmost?"\n'
    bank = questions.with_own(questions.shipped(), text, where="q.toml")
    [first, *_] = bank.of("specifics")
    assert (first.text, first.own, first.seed) == ("What surprised you most?", True, "004")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[question]\n", "q.toml: is not valid TOML"),
        ('question = "x"\n', "q.toml: [[question]] must be a list of tables"),
        ('[[question]]\ncategory = "nope"\ntext = "Why?"\n', "category: 'nope' is not one of"),
        ('[[question]]\ncategory = "specifics"\n', "q.toml: question 1: must be the text"),
        ('[[question]]\ncategory = "specifics"\ntext = "' + "x" * 600 + '"\n', "keep a question"),
        ('[[question]]\ncategory = "specifics"\ntext = "a\\u0000b"\n', "control characters"),
    ],
)
def test_a_broken_own_file_is_refused_naming_it(text: str, message: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        questions.with_own(questions.shipped(), text, where="q.toml")
    assert message in str(refused.value)
