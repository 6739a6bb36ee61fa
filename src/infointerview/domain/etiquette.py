"""The etiquette checker: a message read against the seeds' rules for asking, offline.

Every seed spends most of its words on how to ask, because the request is where
explorers burn contacts. ``check(message, context)`` returns each finding with its rule,
severity, the span of the subject or body it refers to, a suggested rewrite where one
exists, and the seed sentence it rests on; then a score and a one-line verdict.

Phrase rules (the words that give a message away) are data, in
``infointerview/data/etiquette.toml``; rules about what a message lacks are code here.
Pure: no I/O but reading that file, once.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any, Literal

from infointerview.domain.vocabulary import MessageKind

DEFAULT_WORD_LIMIT = 100  # the "5-point email" as university guides adapt it; 75 in its 2nd ed.
MAX_MINUTES = 30  # seeds 001 and 003: ask for fifteen to thirty minutes
MAX_UNANSWERED = 1  # one follow-up after the request (seed 002, worn-out welcomes)
THANK_YOU_HOURS = 24

Part = Literal["subject", "body"]


class Severity(StrEnum):
    """How much a finding matters: an error burns the contact, a tip polishes."""

    ERROR = "error"
    WARNING = "warning"
    TIP = "tip"


@dataclass(frozen=True, slots=True)
class Source:
    """The seed a rule rests on: its number (``../shared/seeds/NNN_*.txt``) and sentence."""

    seed: str
    quote: str


@dataclass(frozen=True, slots=True)
class Span:
    """Where a finding applies: ``part``'s characters ``start`` to ``end`` (exclusive)."""

    part: Part
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a message does against the seeds' advice."""

    rule: str
    severity: Severity
    span: Span
    message: str
    suggestion: str | None
    source: Source


@dataclass(frozen=True, slots=True)
class Message:
    """A message to check: its subject line (may be empty) and body."""

    subject: str
    body: str


@dataclass(frozen=True, slots=True)
class Context:
    """What the checker needs to know beyond the words.

    ``referrer`` is who referred the sender to the contact; ``referrer_known_well`` that
    the contact knows the referrer well (seed 000: then name them in the subject).
    ``unanswered`` counts the messages sent to the contact before this one without a
    reply; ``hours_since_meeting`` is for a thank-you.
    """

    kind: MessageKind = MessageKind.REQUEST
    referrer: str | None = None
    referrer_known_well: bool = False
    unanswered: int = 0
    resume_requested: bool = False
    hours_since_meeting: float | None = None
    word_limit: int = DEFAULT_WORD_LIMIT


@dataclass(frozen=True, slots=True)
class Result:
    """The findings, most severe first, a score out of 100 and a one-line verdict."""

    score: int
    verdict: str
    findings: tuple[Finding, ...]

    @property
    def has_errors(self) -> bool:
        """True when a finding is an error."""
        return any(finding.severity is Severity.ERROR for finding in self.findings)


@dataclass(frozen=True, slots=True)
class _PhraseRule:
    rule: str
    severity: Severity
    kinds: frozenset[MessageKind]
    pattern: re.Pattern[str]
    message: str
    suggestion: str | None
    source: Source


@cache
def _data() -> dict[str, dict[str, Any]]:
    text = resources.files("infointerview.data").joinpath("etiquette.toml").read_text("utf-8")
    rules: dict[str, dict[str, Any]] = tomllib.loads(text)["rules"]
    return rules


def _alternatives(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@cache
def _phrase_rules() -> tuple[_PhraseRule, ...]:
    return tuple(
        _PhraseRule(
            rule=name,
            severity=Severity(str(data["severity"])),
            kinds=frozenset(MessageKind(kind) for kind in data["kinds"]),
            pattern=_alternatives(data["patterns"]),
            message=str(data["message"]),
            suggestion=str(data["suggestion"]) if data.get("suggestion") else None,
            source=Source(str(data["seed"]), str(data["quote"])),
        )
        for name, data in _data().items()
        if "severity" in data
    )


@cache
def _flexible() -> re.Pattern[str]:
    return _alternatives(_data()["flexible"]["patterns"])


# Sources of the rules written as code.
_REFERRER_FIRST = Source(
    "001",
    "The content of your approach, whether by phone, mail, or e-mail, should include who you "
    "are and why you are making contact. If someone refers you, mention that right away.",
)
_REFERRER_SUBJECT = Source(
    "000",
    "If it’s someone they probably know well, use that person’s name in the subject line of "
    "your email, e.g., “Sally Smith suggested I contact you…”",
)
_TIME = Source(
    "001",
    "Ask for fifteen to thirty minutes, be mindful of the time, and offer to end the "
    "interview right after the agreed amount of time.",
)
_WHO = Source(
    "001",
    "The content of your approach, whether by phone, mail, or e-mail, should include who you "
    "are and why you are making contact.",
)
_SYNOPSIS = Source(
    "000",
    "When making an email request, it’s okay to give a very brief synopsis (a sentence or "
    "two) explaining your background",
)
_BRIEF = Source(
    "001",
    "Regarding who you are, make your introduction compelling but brief.",
)
_QUESTION = Source(
    "002",
    "I wonder if you may have 15-30 minutes available to answer a few questions I have about "
    "proceeding in an advertising career.",
)
_NUDGES = Source(
    "002",
    "Too many job seekers have worn out their welcomes. Engaging with experienced people "
    "within your field of interest is not a synonym for stalking.",
)
_THANKS = Source(
    "002",
    # The seed has a no-break space after "that very day,".
    "Thank them at the end of the conversation, and then, that very day,\u00a0send a thank "
    "you email or note as a follow up.",
)

_MINUTES = re.compile(
    r"\b(\d{1,3}|ten|fifteen|twenty|twenty-five|thirty|forty(?:-five)?|forty five|sixty|ninety)"
    r"(?:\s*(?:-|–|to|or)\s*(\d{1,3}|fifteen|twenty|thirty|forty(?:-five)?|sixty))?"
    r"[\s-]*min(?:ute)?s?\b"
    r"|\b(half an hour|half-hour|an hour|one hour|a couple of hours|\d+ hours?)\b",
    re.IGNORECASE,
)
_NUMBERS = {
    "ten": 10,
    "fifteen": 15,
    "twenty": 20,
    "twenty-five": 25,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "forty five": 45,
    "sixty": 60,
    "ninety": 90,
}
# "Dear Ms Lee," or "Hi Dana!": a greeting word, at most four more words, then a comma,
# "!", ":" or the end of the line. Anything else is the first sentence itself.
_GREETING = re.compile(
    r"\A\s*(?:dear|hi|hello|hey|good (?:morning|afternoon|evening))\b"
    r"(?:[ \t]+[^\s.,!:]+){0,4}[ \t]*(?:[,!:]|(?=\n))\s*",
    re.IGNORECASE,
)
# A sentence that asks for time, where a duration is the ask's length ("Your 45-minute
# keynote" and "an hour from your office" are not).
_ASKING = re.compile(
    r"\?|\b(?:would|could|can|may|might) (?:you|we|i)\b"
    r"|\b(?:wonder|available|spare|need|ask|request|meet|talk|chat|call)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.MULTILINE)
_SELF_INTRO = re.compile(
    r"\b(?:I am|I(?:'|’)m|my name is|I(?:'|’)ve|I have|I recently|I study|I work|I graduated"
    r"|I(?:'|’)ll be|I will be|I was)\b",
    re.IGNORECASE,
)
_ABOUT_ME = re.compile(r"^(?:I|I(?:'|’)m|I(?:'|’)ve|I am|My|Me)\b", re.IGNORECASE)
_SELF_WORDS = re.compile(r"\b(?:I|me|my|mine|myself)\b|\bI(?:'|’)(?:m|ve|d|ll)\b", re.IGNORECASE)
_OTHER_WORDS = re.compile(r"\b(?:you|your|yours|yourself)\b", re.IGNORECASE)
_ASKING_KINDS = frozenset({MessageKind.REQUEST, MessageKind.NUDGE})


def check(message: Message, context: Context | None = None) -> Result:
    """Return what ``message`` does against the seeds' advice, with a score and a verdict."""
    context = context or Context()
    findings: list[Finding] = []
    for rule in _phrase_rules():
        if context.kind not in rule.kinds:
            continue
        if rule.rule == "resume" and context.resume_requested:
            continue
        parts: tuple[tuple[Part, str], ...] = (
            ("subject", message.subject),
            ("body", message.body),
        )
        for part, text in parts:
            for found in rule.pattern.finditer(text):
                findings.append(
                    Finding(
                        rule.rule,
                        rule.severity,
                        Span(part, found.start(), found.end()),
                        rule.message,
                        rule.suggestion,
                        rule.source,
                    )
                )
    if context.referrer:
        findings.extend(_referrer(message, context.referrer, context.referrer_known_well))
    if context.kind is MessageKind.REQUEST:
        findings.extend(_request(message, context, findings))
    if context.kind is MessageKind.NUDGE and context.unanswered > MAX_UNANSWERED:
        findings.append(
            Finding(
                "too-many-nudges",
                Severity.ERROR,
                _whole(message.body),
                f"{context.unanswered} messages already went unanswered: one follow-up is the "
                "limit",
                "let this contact go for now and ask someone else",
                _NUDGES,
            )
        )
    if (
        context.kind is MessageKind.THANK_YOU
        and context.hours_since_meeting is not None
        and context.hours_since_meeting > THANK_YOU_HOURS
    ):
        findings.append(
            Finding(
                "late-thank-you",
                Severity.WARNING,
                _whole(message.body),
                f"a thank-you {context.hours_since_meeting:.0f} hours after the meeting; send it "
                "the same day",
                None,
                _THANKS,
            )
        )
    if context.kind in _ASKING_KINDS:
        findings.extend(_length(message.body, context.word_limit))
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.TIP: 2}
    findings.sort(key=lambda f: (order[f.severity], f.span.part != "subject", f.span.start))
    return Result(_score(findings), _verdict(findings), tuple(findings))


def _whole(text: str, part: Part = "body") -> Span:
    return Span(part, 0, len(text))


def _opening(body: str) -> tuple[int, int]:
    """Return the offsets of the body's first sentence, after any greeting."""
    greeting = _GREETING.match(body)
    start = greeting.end() if greeting else 0
    found = _SENTENCE.search(body, start)
    return (found.start(), found.end()) if found else (start, len(body))


def _names(referrer: str) -> list[str]:
    """The ways a message may name the referrer: the full name, else the first name."""
    parts = referrer.split()
    return [referrer, parts[0]] if len(parts) > 1 else [referrer]


def _mentions(text: str, referrer: str) -> bool:
    folded = text.casefold()
    return any(name.casefold() in folded for name in _names(referrer))


def _referrer(message: Message, referrer: str, known_well: bool) -> list[Finding]:
    found: list[Finding] = []
    start, end = _opening(message.body)
    if not _mentions(message.body[start:end], referrer):
        found.append(
            Finding(
                "referrer-not-first",
                Severity.ERROR,
                Span("body", start, end),
                f"{referrer} referred you, but the opening sentence does not say so",
                f"open with it: “{referrer} suggested I contact you …”",
                _REFERRER_FIRST,
            )
        )
    if known_well and not _mentions(message.subject, referrer):
        found.append(
            Finding(
                "referrer-not-in-subject",
                Severity.WARNING,
                _whole(message.subject, "subject"),
                f"they know {referrer} well: put the name in the subject line",
                f"{referrer} suggested I contact you",
                _REFERRER_SUBJECT,
            )
        )
    return found


def _minutes(found: re.Match[str]) -> int:
    if found.group(3):
        phrase = found.group(3).lower()
        if phrase in ("half an hour", "half-hour"):
            return 30
        hours = re.match(r"\d+", phrase)
        return 60 * (int(hours.group()) if hours else 2 if "couple" in phrase else 1)
    values = [v for v in found.group(1, 2) if v]
    return max(int(v) if v.isdigit() else _NUMBERS[v.lower()] for v in values)


def _request(message: Message, context: Context, so_far: list[Finding]) -> list[Finding]:
    body = message.body
    found: list[Finding] = []
    asks = [
        duration
        for sentence in _SENTENCE.finditer(body)
        if _ASKING.search(sentence.group())
        for duration in _MINUTES.finditer(body, sentence.start(), sentence.end())
    ]
    longest = max(asks, key=_minutes, default=None)
    if longest is not None and _minutes(longest) > MAX_MINUTES:
        found.append(
            Finding(
                "asks-too-long",
                Severity.ERROR,
                Span("body", longest.start(), longest.end()),
                f"asks for {_minutes(longest)} minutes; ask for 15 to 30",
                "20 minutes",
                _TIME,
            )
        )
    elif longest is None and not any(f.rule == "open-ended-ask" for f in so_far):
        found.append(
            Finding(
                "no-time-ask",
                Severity.WARNING,
                _whole(body),
                "no concrete ask of 15 to 30 minutes",
                "“Would you have 20 minutes in the next few weeks …?”",
                _TIME,
            )
        )
    if not _SELF_INTRO.search(body):
        found.append(
            Finding(
                "no-introduction",
                Severity.WARNING,
                _whole(body),
                "does not say who you are and why you write",
                "one sentence: who you are and what you are exploring",
                _WHO,
            )
        )
    about_me = [
        s for s in _SENTENCE.finditer(_strip_greeting(body)) if _is_background(s.group().strip())
    ]
    if len(about_me) > 2:
        offset = len(body) - len(_strip_greeting(body))
        found.append(
            Finding(
                "long-synopsis",
                Severity.WARNING,
                Span("body", offset + about_me[0].start(), offset + about_me[-1].end()),
                f"{len(about_me)} sentences about your background; keep it to one or two",
                None,
                _SYNOPSIS,
            )
        )
    if "?" not in body:
        found.append(
            Finding(
                "no-question",
                Severity.WARNING,
                _whole(body),
                "the ask is not a question",
                "end the ask with a question mark: “Would you have 20 minutes …?”",
                _QUESTION,
            )
        )
    if not _flexible().search(body):
        found.append(
            Finding(
                "no-flexibility",
                Severity.TIP,
                _whole(body),
                "no offer to work to their schedule or to take a phone call instead",
                "“at a time that suits you, or by phone if that is easier”",
                Source(
                    str(_data()["flexible"]["seed"]),
                    str(_data()["flexible"]["quote"]),
                ),
            )
        )
    mine, yours = len(_SELF_WORDS.findall(body)), len(_OTHER_WORDS.findall(body))
    if mine > yours:
        found.append(
            Finding(
                "about-me",
                Severity.TIP,
                _whole(body),
                f"more about you than about them ({mine} I/me/my, {yours} you/your)",
                "say what draws you to their work",
                _BRIEF,
            )
        )
    return found


def _strip_greeting(body: str) -> str:
    greeting = _GREETING.match(body)
    return body[greeting.end() :] if greeting else body


def _is_background(sentence: str) -> bool:
    """A sentence about the sender's background: starts with I or My, is not the ask and
    does not turn to the contact ("I'm happy to work around your schedule")."""
    return (
        bool(_ABOUT_ME.match(sentence))
        and not sentence.endswith("?")
        and not _MINUTES.search(sentence)
        and not _OTHER_WORDS.search(sentence)
    )


def _length(body: str, limit: int) -> list[Finding]:
    words = len(body.split())
    if words <= limit:
        return []
    return [
        Finding(
            "too-long",
            Severity.WARNING,
            _whole(body),
            f"{words} words; keep a request under {limit}",
            None,
            _BRIEF,
        )
    ]


_WEIGHTS = {Severity.ERROR: 30, Severity.WARNING: 10, Severity.TIP: 3}


def _score(findings: list[Finding]) -> int:
    return max(0, 100 - sum(_WEIGHTS[f.severity] for f in findings))


def _verdict(findings: list[Finding]) -> str:
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = sum(f.severity is Severity.WARNING for f in findings)
    tips = len(findings) - errors - warnings
    if errors:
        return f"Do not send: {_count(errors, 'problem')} would likely burn this contact."
    if warnings:
        return f"Nearly there: {_count(warnings, 'thing')} to fix before sending."
    if tips:
        return f"Good to send; {_count(tips, 'tip')} to polish it."
    return "Good to send."


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
