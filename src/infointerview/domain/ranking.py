"""Who to ask next about a target: a score per person, with the reasons that make it.

Pure and explainable: each part of a score is a :class:`Reason` with its points and its
seed, so a page can show why someone comes first. What counts:

- warmth (seed 004: "approach people you already know, or people to whom you have been
  referred"): known, then referred with leave to use the referrer's name, referred,
  alumni, cold;
- relevance (seed 001: "someone who does the job, works at the organization, or works
  in the industry"): their title against the target's role, their organisation and
  industry against the target's; the title counts by the role's words it shares or, when
  a similarity by meaning is given (sentence embeddings, computed outside the domain),
  by that, whichever is worth more, so one title never counts twice;
- hiring experience (seed 003: "seek out professionals with experience hiring");
- asked recently: someone asked in the last 30 days drops (seed 002: do not wear out
  your welcome);
- others in play at the same organisation: each one already asked there lowers the
  rest a little, so the asks spread out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from infointerview.domain.vocabulary import HowKnown

RECENT_DAYS = 30  # asked within this many days: not again yet
WARMTH = {
    "known": 40.0,
    "referred_named": 35.0,
    "referred": 28.0,
    "alumni": 20.0,
    "cold": 5.0,
}
TITLE_POINTS = 25.0  # a title that names every word of the target's role
# Similarity by meaning (cosine of sentence embeddings, all-MiniLM-L6-v2) of a title to
# the role: below the floor it is worth nothing (unrelated titles measure 0.0-0.4, e.g.
# "Nurse" and "Welder" 0.35), at the top a title worth every word (same role in other
# words: "user experience research" and "User Experience Researcher" 0.85); linear between.
SIMILARITY_FLOOR = 0.4
SIMILARITY_FULL = 0.8
ORGANIZATION_POINTS = 10.0
INDUSTRY_POINTS = 10.0
HIRING_POINTS = 10.0
RECENT_PENALTY = -30.0
IN_PLAY_PENALTY = -5.0  # for each other person already asked at the same organisation
IN_PLAY_LIMIT = 3
_WORD = re.compile(r"[^\W_]+")
_SMALL = frozenset({"a", "an", "and", "at", "for", "in", "of", "on", "the", "to", "&"})


@dataclass(frozen=True, slots=True)
class Target:
    """What a person is ranked against: the role explored, and where."""

    role: str
    industry: str | None = None
    organization: str | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """What the ranking knows of one person."""

    person_id: int
    name: str
    how_known: HowKnown
    title: str | None = None
    organization: str | None = None
    industry: str | None = None
    hiring_experience: bool = False
    may_use_name: bool = False  # referred, and the referrer said their name may be used
    last_asked: date | None = None
    others_in_play: int = 0  # other people at their organisation already asked


@dataclass(frozen=True, slots=True)
class Reason:
    """One part of a score: its points, why, and the seed it rests on."""

    points: float
    text: str
    seed: str


@dataclass(frozen=True, slots=True)
class Ranked:
    """A person, their score, and the reasons that add up to it."""

    candidate: Candidate
    score: float
    reasons: tuple[Reason, ...]


@lru_cache(maxsize=4096)  # titles and organisations repeat across a network
def words(text: str | None) -> frozenset[str]:
    """Return the words that count in ``text``: lower-cased, without the small ones."""
    return frozenset(w for w in _WORD.findall((text or "").casefold()) if w not in _SMALL)


def _same(one: str | None, other: str | None) -> bool:
    return bool(one and other) and words(one) == words(other)


def similarity_points(similarity: float) -> float:
    """Return the points a title earns for its ``similarity`` in meaning to the role
    (a cosine, -1 to 1): none up to :data:`SIMILARITY_FLOOR`, all of
    :data:`TITLE_POINTS` from :data:`SIMILARITY_FULL`, linear between."""
    share = (similarity - SIMILARITY_FLOOR) / (SIMILARITY_FULL - SIMILARITY_FLOOR)
    return round(TITLE_POINTS * min(1.0, max(0.0, share)), 1)


def _title(candidate: Candidate, target: Target, similarity: float | None) -> Reason | None:
    """The title's relevance to the role: by shared words, or by meaning when that is
    worth more (a tie goes to the words, the plainer reason)."""
    best: Reason | None = None
    role = words(target.role)
    shared = role & words(candidate.title)
    if shared:
        points = round(TITLE_POINTS * len(shared) / len(role), 1)
        best = Reason(points, f"their title shares {', '.join(sorted(shared))}", "001")
    if similarity is not None and candidate.title:
        points = similarity_points(similarity)
        if points > 0 and (best is None or points > best.points):
            text = f"their title is close in meaning to {target.role} (similarity {similarity:.2f})"
            best = Reason(points, text, "001")
    return best


def reasons(
    candidate: Candidate, target: Target, today: date, similarity: float | None = None
) -> tuple[Reason, ...]:
    """Return the reasons (with points) for ``candidate``'s place among those to ask.

    ``similarity`` is the title's similarity in meaning to the role (a cosine), when
    one was computed; without it the title counts by the words it shares.
    """
    out = [_warmth(candidate)]
    title = _title(candidate, target, similarity)
    if title is not None:
        out.append(title)
    if _same(candidate.organization, target.organization):
        out.append(Reason(ORGANIZATION_POINTS, f"works at {candidate.organization}", "001"))
    if _same(candidate.industry, target.industry):
        out.append(Reason(INDUSTRY_POINTS, f"works in {candidate.industry}", "001"))
    if candidate.hiring_experience:
        out.append(Reason(HIRING_POINTS, "has hiring experience", "003"))
    if candidate.last_asked is not None and (today - candidate.last_asked).days < RECENT_DAYS:
        out.append(
            Reason(
                RECENT_PENALTY, f"asked on {candidate.last_asked.isoformat()}: not again yet", "002"
            )
        )
    if candidate.others_in_play:
        count = min(candidate.others_in_play, IN_PLAY_LIMIT)
        others = "other person" if candidate.others_in_play == 1 else "others"
        out.append(
            Reason(
                IN_PLAY_PENALTY * count,
                f"{candidate.others_in_play} {others} at {candidate.organization} already asked",
                "002",
            )
        )
    return tuple(out)


def _warmth(candidate: Candidate) -> Reason:
    how = candidate.how_known
    if how is HowKnown.REFERRED and candidate.may_use_name:
        return Reason(WARMTH["referred_named"], "referred, and you may use the name", "004")
    labels = {
        HowKnown.KNOWN: "someone you know",
        HowKnown.REFERRED: "referred to you",
        HowKnown.ALUMNI: "a fellow alum",
        HowKnown.COLD: "a cold contact",
    }
    return Reason(WARMTH[how.value], labels[how], "004")


def rank(
    candidates: list[Candidate],
    target: Target,
    today: date,
    similarities: Mapping[int, float] | None = None,
) -> list[Ranked]:
    """Return ``candidates`` best first, each with its score and reasons; ties go by name.

    ``similarities`` maps a person's id to their title's similarity in meaning to the
    role; people it leaves out (or all, when it is None) count by shared words alone.
    """
    known = similarities or {}
    ranked = []
    for candidate in candidates:
        why = reasons(candidate, target, today, known.get(candidate.person_id))
        ranked.append(Ranked(candidate, round(sum(r.points for r in why), 1), why))
    return sorted(
        ranked, key=lambda r: (-r.score, r.candidate.name.casefold(), r.candidate.person_id)
    )
