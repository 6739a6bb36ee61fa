"""The prep sheet: what to have in hand before an informational interview.

Pure: the caller gathers the facts (who, how you are connected, the target and its
research, what you said when you asked) and the question bank; :func:`build` returns the
sheet with an agenda that fits the agreed minutes, checked questions, what you can give
back, the words to turn a job offer aside, and the reminders, each with its seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial

from infointerview.domain import questions as bank_of
from infointerview.domain.etiquette import Severity
from infointerview.domain.question_check import QuestionFinding, check_question


@dataclass(frozen=True, slots=True)
class Said:
    """Advice to follow, and the seed sentence it rests on."""

    text: str
    seed: str
    quote: str


DEFLECTION = Said(
    "Thank you so much. At this stage, I’m still exploring my career options – though I’ll "
    "be making some decisions soon. When I’m ready, I’ll definitely come back to you and may "
    "just take you up on your offer to help.",
    "000",
    "Thank you so much. At this stage, I’m still exploring my career options",
)
GIVE_BACK = Said(
    "Bring what your research found and offer it: the meeting is an exchange, not an "
    "interrogation.",
    "001",
    "You are offering the information you have collected via your research",
)
REMINDERS = (
    Said("Be on time, and end on time.", "001", "Be on time, and do not take too much time."),
    Said(
        "Thank them, and remind them briefly why you asked: stay true to your script.",
        "004",
        "At the commencement of the meeting thank the person for their time, and very briefly "
        "remind them why you wanted to meet - be true to script!",
    ),
    Said(
        "Leave your resume at home; send it afterwards only if they ask.",
        "004",
        "And here's one more very important interview tip - don't take your resume with you.",
    ),
    Said("Take notes as you go.", "004", "Take notes as you go - keeping an eye on the time"),
    Said(
        "Send the thank-you today.",
        "002",
        "Thank them at the end of the conversation, and then, that very day, send a thank you "
        "email or note as a follow up.",
    ),
)


@dataclass(frozen=True, slots=True)
class Facts:
    """What the sheet is made from, as the service read it."""

    conversation_id: int
    person: str
    title: str | None
    organization: str | None
    minutes: int
    channel: str
    scheduled_at: datetime | None
    chain: tuple[str, ...] = ()  # who referred whom, from the first contact to them
    may_use_name: bool = False
    target: str | None = None
    field: str | None = None
    research: tuple[str, ...] = ()
    open_questions: tuple[str, ...] = ()
    script: str | None = None


@dataclass(frozen=True, slots=True)
class Sheet:
    """A prep sheet: the facts, the agenda and the advice to keep at hand."""

    facts: Facts
    agenda: tuple[bank_of.Slot, ...]
    findings: tuple[tuple[str, tuple[QuestionFinding, ...]], ...]
    give_back: tuple[str, ...]
    give_back_source: Said = GIVE_BACK
    deflection: Said = DEFLECTION
    reminders: tuple[Said, ...] = REMINDERS

    @property
    def questions(self) -> list[bank_of.Question]:
        """Every question on the agenda, the closing ones included, in order."""
        return [q for slot in self.agenda for q in slot.questions]


def build(facts: Facts, bank: bank_of.Bank) -> Sheet:
    """Return the prep sheet for ``facts``, its questions from ``bank``."""
    filled = partial(bank_of.fill, field=facts.field, organization=facts.organization)
    # An open question from the notes that fishes for a job stays off the agenda (000).
    fishing = tuple(t for t in facts.open_questions if _fishes(t))
    research = tuple(t for t in facts.open_questions if t not in fishing)
    skip = frozenset() if facts.organization else frozenset({"organization"})
    chosen = [filled(q) for q in bank_of.choose(bank, facts.minutes, research=research, skip=skip)]
    closing = [filled(q) for q in bank.of(bank_of.CLOSING)]
    agenda = bank_of.agenda(facts.minutes, chosen, closing)
    own = [q.text for q in chosen + closing if q.own] + list(fishing)
    checked = tuple((t, tuple(found)) for t in own if (found := check_question(t)))
    return Sheet(facts=facts, agenda=tuple(agenda), findings=checked, give_back=facts.research)


def _fishes(question: str) -> bool:
    return any(f.severity is Severity.ERROR for f in check_question(question))
