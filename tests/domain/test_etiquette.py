"""The etiquette checker against messages good and bad, each with its exact findings."""

from __future__ import annotations

from typing import Any

import pytest

from infointerview.domain.etiquette import Context, Message, Severity, check
from infointerview.domain.vocabulary import MessageKind

GREETING = "Dear Ms Lee,\n"
INTRO = "I'm a second-year design student exploring UX research. "
PRAISE = "Your talk on accessible checkout flows changed how I think about forms. "
ASK = "Would you have 20 minutes in the next few weeks to share your advice on getting started? "
FLEX = "I'm happy to work around your schedule, or to talk by phone if that is easier."
SIGN = "\nThank you,\nMaya"
GOOD = GREETING + INTRO + PRAISE + ASK + FLEX + SIGN

# The seed 002 example, as the seed gives it.
GIRAFFE = (
    "Dear Joe Smith, I thought you'd be pleased to know that 2/3 of the graduating class at "
    "PSU is talking about you and that hilarious giraffe ad you created for Johnstone Tires. "
    "They designated me as the guy to give you a collective high-five from the group. Kudos! "
    "I'm just finishing up finals week here and then will have my degree in advertising. I "
    "wonder if you may have 15-30 minutes available to answer a few questions I have about "
    "proceeding in an advertising career. Clearly, you are a master. Can I bring some bagels "
    "to your office one morning this month?"
)

REFERRED = GREETING + "Sam Ortiz suggested I contact you. " + INTRO + ASK + FLEX + SIGN

THANKS = (
    "Dear Ms Lee,\nThank you for your time today. Your advice on research portfolios of "
    "evidence, not screens, is the thing I will act on first.\nWith thanks,\nMaya"
)
NUDGE = (
    "Dear Ms Lee,\nI'm writing again in case my note of last week went astray. Would you "
    "have 20 minutes in the coming weeks, at a time that suits you?\nMaya"
)

CASES: list[tuple[str, str, str, dict[str, Any], tuple[str, ...]]] = [
    # (id, subject, body, context, the rule ids expected, sorted)
    ("a good request", "UX research advice", GOOD, {}, ()),
    ("the seed 002 giraffe email (a little over 100 words)", "", GIRAFFE, {}, ("too-long",)),
    ("giraffe under a 120-word limit", "", GIRAFFE, {"word_limit": 120}, ()),
    ("giraffe under the 75-word limit", "", GIRAFFE, {"word_limit": 75}, ("too-long",)),
    (
        "informational interview in the body",
        "",
        GOOD.replace("share your advice", "do an informational interview"),
        {},
        ("informational-interview",),
    ),
    (
        "info interview in the subject",
        "Info interview?",
        GOOD,
        {},
        ("informational-interview",),
    ),
    (
        "informational interviewing, hyphenated",
        "",
        GOOD.replace("UX research.", "UX research through informational-interviewing."),
        {},
        ("informational-interview",),
    ),
    ("resume attached", "", GOOD + "\nI have attached my resume.", {}, ("resume",)),
    ("a CV", "", GOOD.replace("Thank you", "My CV is below. Thank you"), {}, ("resume",)),
    ("a résumé with accents", "", GOOD + " Résumé enclosed.", {}, ("resume",)),
    ("a portfolio link", "", GOOD + " My portfolio: example.com", {}, ("resume",)),
    (
        "a resume they asked for",
        "",
        GOOD + " My resume is attached.",
        {"resume_requested": True},
        (),
    ),
    (
        "are you hiring",
        "",
        GOOD.replace("Would you have", "Are you hiring? Would you have"),
        {},
        ("job-ask",),
    ),
    ("is your team hiring", "", GOOD + " Is your team hiring?", {}, ("job-ask",)),
    ("any openings", "", GOOD + " Do you know of any openings?", {}, ("job-ask",)),
    ("hire me", "", GOOD + " Please hire me!", {}, ("job-ask",)),
    (
        "a referral to a position",
        "",
        GOOD + " Could you refer me for a junior position?",
        {},
        ("job-ask",),
    ),
    (
        "looking for a job",
        "",
        GOOD.replace("I'm a second", "I'm looking for a job. I'm a second"),
        {},
        ("job-ask",),
    ),
    ("a good word", "", GOOD + " Maybe you could put in a good word?", {}, ("job-ask",)),
    ("help me land a role", "", GOOD + " Can you help me land a role?", {}, ("job-ask",)),
    (
        "curiosity about how they got their role is fine",
        "",
        GOOD.replace("getting started", "how you came to land a role in research"),
        {},
        (),
    ),
    # Ordinary words the resume, job and length rules must not take for what they catch.
    (
        "a portfolio, CVS and resuming studies are not a resume",
        "",
        GOOD.replace(
            "Thank you",
            "I admired the portfolio on your website. I was a pharmacist at CVS and will "
            "resume my studies.\nThank you",
        ),
        {},
        (),
    ),
    (
        "hiring trends and roles worth exploring are not a job ask",
        "",
        GOOD.replace(
            "getting started?",
            "getting started, what the hiring outlook is, and any roles you would recommend "
            "exploring?",
        ),
        {},
        (),
    ),
    (
        "a keynote's length and a drive's are not the ask",
        "",
        GOOD.replace("Your talk", "I live an hour from your office, and your 45-minute keynote"),
        {},
        (),
    ),
    (
        "a greeting without a comma leaves the referrer's sentence whole",
        "",
        "Hi Dana - Sam Ortiz suggested I get in touch. " + INTRO + ASK + FLEX,
        {"referrer": "Sam Ortiz"},
        (),
    ),
    ("referred and named first", "", REFERRED, {"referrer": "Sam Ortiz"}, ()),
    (
        "referred, named by first name",
        "",
        REFERRED.replace("Sam Ortiz", "Sam"),
        {"referrer": "Sam Ortiz"},
        (),
    ),
    (
        "referred but the referrer is buried",
        "",
        GOOD + " Sam Ortiz gave me your name.",
        {"referrer": "Sam Ortiz"},
        ("referrer-not-first",),
    ),
    (
        "referred by someone they know well, not in the subject",
        "UX research advice",
        REFERRED,
        {"referrer": "Sam Ortiz", "referrer_known_well": True},
        ("referrer-not-in-subject",),
    ),
    (
        "referred by someone they know well, in the subject",
        "Sam Ortiz suggested I contact you",
        REFERRED,
        {"referrer": "Sam Ortiz", "referrer_known_well": True},
        (),
    ),
    (
        "no time asked",
        "",
        GOOD.replace("Would you have 20 minutes in the next few weeks to", "Could you"),
        {},
        ("no-time-ask",),
    ),
    ("an hour", "", GOOD.replace("20 minutes", "an hour"), {}, ("asks-too-long",)),
    ("45 minutes", "", GOOD.replace("20 minutes", "45 minutes"), {}, ("asks-too-long",)),
    (
        "20 to 40 minutes",
        "",
        GOOD.replace("20 minutes", "20 to 40 minutes"),
        {},
        ("asks-too-long",),
    ),
    ("half an hour", "", GOOD.replace("20 minutes", "half an hour"), {}, ()),
    ("fifteen minutes in words", "", GOOD.replace("20 minutes", "fifteen minutes"), {}, ()),
    (
        "pick your brain over coffee",
        "",
        GOOD.replace(
            "Would you have 20 minutes in the next few weeks to share your advice on getting "
            "started?",
            "Could I buy you a coffee and pick your brain?",
        ),
        {},
        ("open-ended-ask", "open-ended-ask"),
    ),
    (
        "no introduction",
        "",
        GREETING + PRAISE + ASK + "Happy to work around your schedule." + SIGN,
        {},
        ("no-introduction",),
    ),
    (
        "a long synopsis",
        "",
        GREETING
        + INTRO
        + "I studied biology first. I then worked in a lab for two years. My thesis was on "
        "bees. " + ASK + FLEX + SIGN,
        {},
        ("about-me", "long-synopsis"),
    ),
    (
        "the ask is not a question",
        "",
        GOOD.replace("getting started?", "getting started."),
        {},
        ("no-question",),
    ),
    (
        "no offer to fit their schedule",
        "",
        GREETING + INTRO + PRAISE + ASK + SIGN,
        {},
        ("no-flexibility",),
    ),
    (
        "all about me",
        "",
        GREETING
        + "I'm a designer. I want to move into research, and I think my skills fit. "
        + "Would you have 20 minutes, by phone if you like?"
        + SIGN,
        {},
        ("about-me",),
    ),
    ("a first nudge", "", NUDGE, {"kind": MessageKind.NUDGE, "unanswered": 1}, ()),
    (
        "a second nudge",
        "",
        NUDGE,
        {"kind": MessageKind.NUDGE, "unanswered": 2},
        ("too-many-nudges",),
    ),
    (
        "a nudge sending the resume",
        "",
        NUDGE + " My resume is attached.",
        {"kind": MessageKind.NUDGE, "unanswered": 1},
        ("resume",),
    ),
    (
        "a thank-you the same day",
        "Thank you",
        THANKS,
        {"kind": MessageKind.THANK_YOU, "hours_since_meeting": 3},
        (),
    ),
    (
        "a thank-you three days later",
        "Thank you",
        THANKS,
        {"kind": MessageKind.THANK_YOU, "hours_since_meeting": 72},
        ("late-thank-you",),
    ),
    (
        "a thank-you with a resume not asked for",
        "Thank you",
        THANKS + "\nPS: my resume, in case a role opens up.",
        {"kind": MessageKind.THANK_YOU, "hours_since_meeting": 2},
        ("resume",),
    ),
    (
        "a thank-you with the resume they asked for",
        "Thank you",
        THANKS + "\nAs you asked, my resume is attached.",
        {"kind": MessageKind.THANK_YOU, "hours_since_meeting": 2, "resume_requested": True},
        (),
    ),
    (
        "a thank-you is not held to a request's rules",
        "",
        "Thanks so much for today.",
        {"kind": MessageKind.THANK_YOU},
        (),
    ),
    (
        "a keep-in-touch asking for a job",
        "",
        "Hi Ms Lee, I hope the launch went well! Are you hiring this spring?",
        {"kind": MessageKind.KEEP_IN_TOUCH},
        ("job-ask",),
    ),
    (
        "the worst request",
        "Informational interview request",
        "Hello,\nI'd like an informational interview. I have attached my CV. Are you hiring? "
        "I need an hour of your time.",
        {"referrer": "Sam Ortiz", "referrer_known_well": True},
        (
            "about-me",
            "asks-too-long",
            "informational-interview",
            "informational-interview",
            "job-ask",
            "no-flexibility",
            "referrer-not-first",
            "referrer-not-in-subject",
            "resume",
        ),
    ),
]


@pytest.mark.parametrize(
    ("subject", "body", "context", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_each_message_gets_exactly_its_findings(
    subject: str, body: str, context: dict[str, Any], expected: tuple[str, ...]
) -> None:
    result = check(Message(subject, body), Context(**context))
    assert tuple(sorted(f.rule for f in result.findings)) == expected


def test_there_are_at_least_forty_messages() -> None:
    assert len(CASES) >= 40


def test_the_giraffe_email_has_no_error() -> None:
    result = check(Message("", GIRAFFE))
    assert not result.has_errors
    assert result.score >= 80


def test_each_finding_points_at_its_words_and_cites_its_seed() -> None:
    body = GOOD + " Are you hiring?"
    result = check(Message("Informational interview", body))
    by_rule = {f.rule: f for f in result.findings}
    job = by_rule["job-ask"]
    assert (job.span.part, body[job.span.start : job.span.end]) == ("body", "Are you hiring")
    term = by_rule["informational-interview"]
    assert (term.span.part, term.span.start, term.span.end) == ("subject", 0, 23)
    assert term.suggestion is not None
    assert "advice" in term.suggestion
    for finding in result.findings:
        assert finding.source.seed in {"000", "001", "002", "003", "004"}
        assert len(finding.source.quote) > 20


def test_the_referrer_finding_spans_the_opening_sentence() -> None:
    body = "Hi Ana,\nI study design. Sam sent me."
    [finding] = [
        f
        for f in check(Message("", body), Context(referrer="Sam")).findings
        if f.rule.startswith("referrer")
    ]
    assert body[finding.span.start : finding.span.end] == "I study design."


def test_errors_come_first_and_lower_the_score_most() -> None:
    result = check(Message("", GOOD + " Are you hiring? Could we talk for an hour?"))
    severities = [f.severity for f in result.findings]
    assert severities == sorted(
        severities, key=[Severity.ERROR, Severity.WARNING, Severity.TIP].index
    )
    assert result.has_errors
    assert result.verdict.startswith("Do not send")
    assert result.score < check(Message("", GOOD + " Could we talk for an hour?")).score < 100


def test_a_clean_message_scores_full_marks() -> None:
    result = check(Message("UX research advice", GOOD))
    assert (result.score, result.verdict, result.findings) == (100, "Good to send.", ())


def test_hostile_and_huge_input_is_checked_without_failing() -> None:
    body = ("I " * 20_000) + "\x00<script>alert(1)</script>" + "?" * 1000
    result = check(Message("\r\nBcc: x@example.com", body), Context(referrer="(.*)+["))
    assert {"too-long", "referrer-not-first"} <= {f.rule for f in result.findings}
