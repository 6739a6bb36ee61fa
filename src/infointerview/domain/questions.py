"""The question bank and the meeting's agenda.

The questions are data (``infointerview/data/questions.toml``), in the categories the
seeds name, each with the seed it comes from; the explorer's own come from a file of the
same shape. An agenda fits the agreed minutes (seeds 001, 003, 004: agree the time and
end on time): a short opening that repeats the reason given in the request (004: "be
true to script"), the questions with a time budget each, and the closing questions.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

from infointerview.errors import InvalidValue

OPENING_MINUTES = 2  # thank them, and remind them briefly why you asked (004)
CLOSING_MINUTES = 3  # who else, may I use your name, LinkedIn, staying in touch
QUESTION_MINUTES = 3  # what one open question and its follow-up take
CLOSING = "closing"
MAX_QUESTION = 500  # characters: a question, not a speech
_PLACEHOLDER = re.compile(r"\{(field|organization)\}")


@dataclass(frozen=True, slots=True)
class Category:
    """A kind of question, in the order a meeting takes them, and the seed behind it."""

    id: str
    title: str
    seed: str
    quote: str


@dataclass(frozen=True, slots=True)
class Question:
    """One question: its text (with placeholders until filled), category and seed."""

    category: str
    text: str
    seed: str
    quote: str
    own: bool = False


@dataclass(frozen=True, slots=True)
class Bank:
    """The categories in meeting order and every question, the explorer's own included."""

    categories: tuple[Category, ...]
    questions: tuple[Question, ...]

    def category(self, category_id: str) -> Category:
        """Return the category called ``category_id``.

        Raises:
            InvalidValue: naming the categories there are.
        """
        for category in self.categories:
            if category.id == category_id:
                return category
        known = ", ".join(c.id for c in self.categories)
        raise InvalidValue("category", f"{category_id!r} is not one of {known}")

    def of(self, category_id: str) -> list[Question]:
        """Return the questions of one category, the explorer's own first."""
        found = [q for q in self.questions if q.category == category_id]
        return [q for q in found if q.own] + [q for q in found if not q.own]


@dataclass(frozen=True, slots=True)
class Slot:
    """A part of the meeting: when it starts (minutes in), how long it takes, and what
    is asked in it."""

    start: int
    minutes: int
    title: str
    questions: tuple[Question, ...] = ()


def shipped() -> Bank:
    """Return the question bank that comes with infointerview."""
    text = resources.files("infointerview.data").joinpath("questions.toml").read_text("utf-8")
    return _bank(tomllib.loads(text))


def with_own(bank: Bank, text: str, *, where: str) -> Bank:
    """Return ``bank`` with the explorer's own questions from the TOML ``text`` added.

    The file holds ``[[question]]`` tables with ``category`` and ``text``.

    Raises:
        InvalidValue: naming ``where`` and what is wrong in it.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidValue(where, f"is not valid TOML: {error}") from None
    entries = data.get("question", [])
    if not isinstance(entries, list):
        raise InvalidValue(where, "[[question]] must be a list of tables")
    own = []
    for number, entry in enumerate(entries, start=1):
        label = f"{where}: question {number}"
        if not isinstance(entry, dict):
            raise InvalidValue(label, "must be a table with category and text")
        try:
            category = bank.category(str(entry.get("category", "")))
        except InvalidValue as unknown:
            raise InvalidValue(f"{label}: category", unknown.reason) from None
        own.append(
            Question(
                category=category.id,
                text=question_text(entry.get("text"), field=label),
                seed=category.seed,
                quote=category.quote,
                own=True,
            )
        )
    return replace(bank, questions=bank.questions + tuple(own))


def question_text(value: object, *, field: str = "question") -> str:
    """Return a question's text, cleaned: one line, not empty, not too long.

    Raises:
        InvalidValue: naming ``field``.
    """
    if not isinstance(value, str) or not " ".join(value.split()):
        raise InvalidValue(field, "must be the text of a question")
    text = " ".join(value.split())
    if len(text) > MAX_QUESTION:
        raise InvalidValue(
            field, f"is {len(text)} characters; keep a question under {MAX_QUESTION}"
        )
    if any(ord(c) < 32 or ord(c) == 127 or 0xD800 <= ord(c) <= 0xDFFF for c in text):
        raise InvalidValue(field, "holds control characters or bytes that are not text")
    return text


def _bank(data: dict[str, Any]) -> Bank:
    categories = []
    questions = []
    for entry in data["category"]:
        category = Category(entry["id"], entry["title"], entry["seed"], entry["quote"])
        categories.append(category)
        for item in entry["questions"]:
            if isinstance(item, str):
                item = {"text": item}
            questions.append(
                Question(
                    category=category.id,
                    text=item["text"],
                    seed=item.get("seed", category.seed),
                    quote=item.get("quote", category.quote),
                )
            )
    return Bank(tuple(categories), tuple(questions))


def fill(question: Question, *, field: str | None, organization: str | None) -> Question:
    """Return ``question`` with ``{field}`` and ``{organization}`` filled in; without a
    value, a phrase that reads well in their place."""
    values = {
        "field": field or "this field",
        "organization": organization or "your organisation",
    }
    return replace(question, text=_PLACEHOLDER.sub(lambda m: values[m.group(1)], question.text))


def choose(
    bank: Bank,
    minutes: int,
    *,
    research: tuple[str, ...] = (),
    skip: frozenset[str] = frozenset(),
) -> list[Question]:
    """Return the questions for a meeting of ``minutes``, before the closing ones: a few
    big-picture questions, then the explorer's open questions from ``research``, then
    the specifics and the rest (but the categories in ``skip``), trimmed to what the time
    allows."""
    room = question_count(minutes)
    big = bank.of("big_picture")
    first = big[: max(1, room // 3)] if room else []
    own = [Question("research", text, "001", _RESEARCH_QUOTE, own=True) for text in research]
    rest = [
        q
        for category in bank.categories
        if category.id not in ("big_picture", CLOSING, *skip)
        for q in bank.of(category.id)
    ]
    picked = first + own + rest + big[len(first) :]
    return picked[:room]


_RESEARCH_QUOTE = (
    "These interviews occur after some research is already completed, so the interview is "
    "not simply a series of questions to gain more information but rather a way to verify, "
    "refine, and test the information already"
)


def question_count(minutes: int) -> int:
    """Return how many questions fit between the opening and the closing."""
    return max(0, minutes - OPENING_MINUTES - CLOSING_MINUTES) // QUESTION_MINUTES


def agenda(minutes: int, questions: list[Question], closing: list[Question]) -> list[Slot]:
    """Return the meeting's slots; their minutes add up to ``minutes`` exactly.

    The time between the opening and the closing is shared among ``questions``, the
    first ones getting a minute more where it does not divide evenly.
    """
    opening = min(OPENING_MINUTES, minutes)
    ending = min(CLOSING_MINUTES, minutes - opening)
    budget = minutes - opening - ending
    slots = [Slot(0, opening, "Opening: thank them, and say again why you asked")]
    at = opening
    if questions and budget:
        share, extra = divmod(budget, len(questions))
        for number, question in enumerate(questions):
            length = share + (1 if number < extra else 0)
            slots.append(Slot(at, length, question.text, (question,)))
            at += length
    elif budget:
        slots.append(Slot(at, budget, "Your questions"))
        at += budget
    slots.append(Slot(at, ending, "Closing: ask for another contact", tuple(closing)))
    return slots
