"""Research that conversations verify: claims about a career path, the evidence for and
against each, and the marks in a conversation's notes that record that evidence.

Seed 001: an informational interview comes after research and serves to "verify, refine,
and test the information already researched"; so every claim waits for someone in the
field to confirm, contradict or refine it, and the ones nobody has been asked about yet
become questions for the next prep sheet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from infointerview.domain.prep import Said
from infointerview.domain.vocabulary import ClaimKind, Verdict

__all__ = [
    "VERIFY",
    "ClaimKind",
    "ClaimRecord",
    "DecisionRecord",
    "EvidenceRecord",
    "Mark",
    "Research",
    "ResearchRecord",
    "Standing",
    "Verdict",
    "as_question",
    "marks",
    "standing",
]

VERIFY = Said(
    "Ask the people you meet about what you read: they verify it, refine it or contradict it.",
    "001",
    "a way to verify, refine, and test the information already researched",
)


class Standing(StrEnum):
    """Where a claim stands, from the evidence so far."""

    UNASKED = "not asked yet"
    CONFIRMED = "confirmed"
    CONTRADICTED = "contradicted"
    DISPUTED = "disputed"
    REFINED = "refined"
    ANSWERED = "answered"


def standing(verdicts: list[Verdict] | tuple[Verdict, ...]) -> Standing:
    """Return where a claim stands given every verdict on it, in any order."""
    said = set(verdicts)
    if not said:
        return Standing.UNASKED
    if Verdict.CONFIRMS in said and Verdict.CONTRADICTS in said:
        return Standing.DISPUTED
    if Verdict.CONTRADICTS in said:
        return Standing.CONTRADICTED
    if Verdict.CONFIRMS in said:
        return Standing.CONFIRMED
    if Verdict.REFINES in said:
        return Standing.REFINED
    return Standing.ANSWERED


@dataclass(frozen=True, slots=True)
class Mark:
    """A line of a conversation's notes that records evidence on a claim."""

    line: int
    claim_id: int
    verdict: Verdict
    quote: str


_WORDS = {
    "confirms": Verdict.CONFIRMS,
    "confirmed": Verdict.CONFIRMS,
    "contradicts": Verdict.CONTRADICTS,
    "contradicted": Verdict.CONTRADICTS,
    "refines": Verdict.REFINES,
    "refined": Verdict.REFINES,
    "answers": Verdict.ANSWERS,
    "answered": Verdict.ANSWERS,
}
_MARK = re.compile(
    # A meeting's wrap-up keeps its notes as one note that starts "Meeting notes: "
    # (services.meeting.NOTES): a mark right after that label is still a mark.
    r"^\s*(?:meeting notes:\s*)?(?:[-*•]\s*)?"
    r"(?P<word>confirm(?:s|ed)|contradict(?:s|ed)|refine(?:s|d)|answer(?:s|ed))\s+"
    r"(?:claim\s+|question\s+)?#(?P<id>\d{1,18})\s*(?:[:\-–—]\s*(?P<quote>.*)|$)",
    re.IGNORECASE,
)
_QUOTES = "\"'“”‘’«»"


def marks(text: str) -> list[Mark]:
    """Return the evidence marks in a conversation's notes, one per marked line.

    A mark is a line that starts with ``confirms``, ``contradicts``, ``refines`` or, for a
    question, ``answers`` (or ``confirmed``, ``contradicted``, ``refined``, ``answered``),
    then the claim's number, a colon (or dash) and what was said: ``confirms #3: "Most
    researchers start in QA"``. The line may be a bullet (``- confirms #3: ...``); with
    nothing said, the number ends the line (``confirms #3``). "Answered #2 on my list"
    is not a mark.
    """
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _MARK.match(line)
        if match:
            quote = (match["quote"] or "").strip()
            if len(quote) >= 2 and quote[0] in _QUOTES and quote[-1] in _QUOTES:
                quote = quote[1:-1].strip()
            found.append(Mark(number, int(match["id"]), _WORDS[match["word"].lower()], quote))
    return found


def as_question(text: str, kind: ClaimKind) -> str:
    """Return what to ask about a line of research on a prep sheet: a question as it is,
    a claim turned into an open question (seed 004: ask open questions)."""
    text = " ".join(text.split())
    if kind is ClaimKind.QUESTION:
        return text
    return f"I read: “{text}” How does that match what you see?"


@dataclass(frozen=True, slots=True)
class ResearchRecord:
    """Something read about a target, and where."""

    id: int
    target_id: int
    body: str
    source_url: str | None
    source_title: str | None
    source_date: date | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class EvidenceRecord:
    """What someone said of a claim, in which conversation."""

    id: int
    claim_id: int
    conversation_id: int
    person_id: int
    person: str
    verdict: Verdict
    quote: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    """A claim or question with every piece of evidence on it and where it stands."""

    id: int
    target_id: int
    kind: ClaimKind
    text: str
    research_note_id: int | None
    evidence: tuple[EvidenceRecord, ...]
    standing: Standing

    def said(self, verdict: Verdict) -> tuple[EvidenceRecord, ...]:
        """Return the evidence with ``verdict``."""
        return tuple(e for e in self.evidence if e.verdict is verdict)


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """A decision on a target, its reasons and the claims (by id and text) it rests on."""

    id: int
    target_id: int
    decided_on: date
    decision: str
    reasons: str
    claims: tuple[tuple[int, str], ...]


@dataclass(frozen=True, slots=True)
class Research:
    """A target's research: notes, claims with their evidence, and the decision log."""

    notes: tuple[ResearchRecord, ...]
    claims: tuple[ClaimRecord, ...]
    decisions: tuple[DecisionRecord, ...]

    @property
    def unasked(self) -> tuple[ClaimRecord, ...]:
        """The claims and questions nobody has been asked about yet."""
        return tuple(c for c in self.claims if c.standing is Standing.UNASKED)
