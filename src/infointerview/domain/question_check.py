"""The question checker: what in a question works against the meeting, with its seed.

Pure. Three things are flagged:

- ``job-fishing`` (an error): asking them for a job, an opening or a referral for one
  turns advice into a job hunt (seed 000);
- ``vague`` (a warning): "how do I get into {field}?" asks them to do the research
  (seed 003);
- ``closed`` (a warning): a yes/no question gets a yes or a no; an open one starts with
  what, when, where, why or how (seed 004). A simple open rewrite is offered where one
  exists. Asking permission ("May I ...", "Would you mind if I ...") is a yes/no
  question by nature and is not flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from infointerview.domain.etiquette import Severity, Source

_OPEN = Source(
    "004",
    'remember to ask open ended questions - those that start with "what, when, where, why '
    'and how".',
)
_JOB = Source(
    "000",
    "He was adamant that we not use informational interviewing as a job hunting technique",
)
_VAGUE = Source(
    "003",
    'Fight the urge to say, "so do you have any suggestions how I can get into healthcare '
    'right now?" That is not an appropriate use of the interviewer’s time.',
)


@dataclass(frozen=True, slots=True)
class QuestionFinding:
    """One thing wrong with a question, what to ask instead, and the seed that says so."""

    rule: str
    severity: Severity
    message: str
    rewrite: str | None
    source: Source


# Their organisation, as a question names it: "your company", "the team", "Acme".
_THEIRS = r"(?:your\s+\w+|(?:the\s+)?(?:company|team|firm|organi[sz]ation)|(?-i:[A-Z][\w&.-]*))"
# Asking them, or their organisation, for a job, an opening or a referral for one. Hiring
# in an industry is fair to ask about (seed 003: "any particular industry you know of that
# might be hiring my skill set"); hiring at theirs, for you, is not.
_JOB_FISHING = re.compile(
    r"\b(?:"
    rf"(?:are|is)\s+(?:you|{_THEIRS})\s+(?:currently\s+|still\s+)?hiring"
    r"|(?:you|you're|you\s+are|they|they're|they\s+are)\s+(?:currently\s+)?hiring\b"
    r"|(?:any|there|your|what|which)\s+(?:\w+\s+)?(?:job\s+)?"
    r"(?:openings?|vacanc(?:y|ies))\b(?!\s+(?:for\s+growth|rates?|remarks?|statements?))"
    r"|open\s+(?:positions?|roles?|jobs?|reqs?)"
    r"|refer\s+me\s+(?:for|to\s+(?:a|the|your)\s+(?:job|position|role|opening|hiring))"
    r"|recommend\s+me\s+for|put\s+in\s+a\s+(?:good\s+)?word"
    r"|hire\s+me|give\s+me\s+a\s+job"
    r"|get\s+me\s+(?:a\s+job|an\s+interview|hired|in\s+(?:the\s+door|there))"
    r"|(?:get|find|land)\s+(?:a\s+)?(?:job|position|role)\s+(?:at|with|in)\s+"
    rf"(?:your|{_THEIRS})"
    r"|jobs?\s+(?:at|with|in)\s+(?:your|the\s+(?:company|team|firm))"
    r"|jobs?\s+(?:that\s+)?i\s+(?:could|can|should|might)\s+apply"
    r"|keep\s+me\s+in\s+mind"
    r"|(?:pass|forward|send|give)\s+(?:on\s+|along\s+)?(?:you\s+)?my\s+(?:resume|résumé|cv)"
    r"|consider\s+me\s+for|apply\s+(?:for|to)\s+(?:a\s+|the\s+)?(?:job|position|role)s?\s+"
    r"(?:at|with|in)\s+your"
    r"|(?:job|position|role)\s+(?:for|with)\s+me"
    r")",
    re.IGNORECASE,
)
_VAGUE_ASK = re.compile(
    r"\b(?:"
    r"how\s+(?:do|can|could|should|would|might)\s+(?:i|someone\s+like\s+me)\s+"
    r"(?:get|break|move)\s+into"
    r"|how\s+to\s+(?:get|break)\s+into"
    r"|suggestions?\s+(?:on\s+|for\s+|about\s+)?how\s+(?:i\s+can|to)\s+get\s+into"
    r"|what\s+should\s+i\s+do(?:\s+to\s+get\s+(?:into|in)\b[^?]*)?\s*\?*\s*$"
    r"|(?:i'm|i\s+am)\s+trying\s+to\s+get\s+into\b"
    r")",
    re.IGNORECASE,
)
_AUXILIARY = re.compile(
    r"^(?:so,?\s+|and\s+|also,?\s+|but\s+)?"
    r"(?:is|are|was|were|am|do|does|did|can|could|would|will|should|shall|have|has|had|"
    r"may|might|must|isn't|aren't|don't|doesn't|didn't|can't|won't|wouldn't|haven't)\b",
    re.IGNORECASE,
)
# Permission and the closing asks are yes/no by nature (seeds 003, 004 phrase them so).
_PERMISSION = re.compile(
    r"^(?:may|can|could|might)\s+i\b"
    r"|^would\s+you\s+mind\s+if\b"
    r"|^would\s+it\s+be\s+(?:all\s*right|alright|ok|okay|fine)\b"
    r"|^is\s+it\s+(?:all\s*right|alright|ok|okay|fine)\s+(?:if|to)\b"
    r"|^do\s+you\s+mind\s+if\b",
    re.IGNORECASE,
)
# Closed questions with an open rewrite: (pattern, template); groups fill the template.
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), template)
    for pattern, template in (
        (r"^do you (?:like|enjoy|love) (.+?)\??$", "What do you like most, and least, about {0}?"),
        (
            r"^do you have any (?:advice|tips|suggestions)(?: for (?:me|someone like me))?\??$",
            "What advice would you give to a person like me?",
        ),
        (
            r"^(?:can|could) you tell me (?:about |more about )?(.+?)\??$",
            "What can you tell me about {0}?",
        ),
        (
            r"^do you know (?:anyone|anybody|someone|somebody)(?: else)?(?: (?:i|who) .+?)?\??$",
            "Who else would you recommend that I speak to about this?",
        ),
        (r"^(?:is|are) (.+?) important\??$", "How important is {0}, and why?"),
        (r"^are there (?:any )?(.+?)\??$", "What {0} would you point me to?"),
        (r"^do you think (.+?)\??$", "What do you think about whether {0}?"),
        (r"^did you (?:always )?(?:want|plan) to (.+?)\??$", "How did you come to {0}?"),
        (r"^do you (?:work|spend time) (.+?)\??$", "How much do you work {0}, and why?"),
    )
)


def check_question(text: str) -> list[QuestionFinding]:
    """Return what is wrong with the question ``text``, most serious first."""
    question = " ".join(text.split()).strip()
    findings: list[QuestionFinding] = []
    if _JOB_FISHING.search(question):
        findings.append(
            QuestionFinding(
                "job-fishing",
                Severity.ERROR,
                "asks them for a job, an opening or a referral for one: keep the meeting "
                "about advice and exploration",
                None,
                _JOB,
            )
        )
    if _VAGUE_ASK.search(question):
        findings.append(
            QuestionFinding(
                "vague",
                Severity.WARNING,
                "asks them to do your research: name the jobs or paths you are weighing and "
                "ask something specific about them",
                None,
                _VAGUE,
            )
        )
    if _AUXILIARY.match(question) and not _PERMISSION.match(question):
        findings.append(
            QuestionFinding(
                "closed",
                Severity.WARNING,
                "can be answered yes or no: start with what, when, where, why or how",
                None if findings else _rewrite(question),  # a job ask reworded is one still
                _OPEN,
            )
        )
    return findings


def _rewrite(question: str) -> str | None:
    core = re.sub(r"^(?:so,?|and|also,?|but)\s+", "", question, flags=re.IGNORECASE)
    for pattern, template in _REWRITES:
        found = pattern.match(core)
        if found:
            return template.format(*(g.rstrip(" ?") for g in found.groups()))
    return None
