"""The question checker, table-driven: open questions pass; closed, job-fishing and
vague ones are flagged with their seed, and closed ones get an open rewrite where a
simple one exists."""

from __future__ import annotations

import pytest

from infointerview.domain import questions
from infointerview.domain.question_check import check_question

# (question, expected rule ids, expected rewrite or None)
TABLE: list[tuple[str, list[str], str | None]] = [
    # open: nothing to say
    ("What is the current state of UX research?", [], None),
    ("How did you get your start in public health?", [], None),
    ("Why did you decide to work in nursing?", [], None),
    ("What do you like most, and least, in your work?", [], None),
    ("Where is the industry heading over the next five years?", [], None),
    ("When did you first lead a project on your own?", [], None),
    ("Which skills have been most valuable to you?", [], None),
    ("Who are the employers of choice in biotech?", [], None),
    ("What industry might be hiring my skill set right now?", [], None),  # seed 003's own
    ("How do hiring managers in your field judge a portfolio?", [], None),
    # permission and closing asks: yes/no by nature, not flagged
    ("May I stay in touch with you, from time to time?", [], None),
    ("Would you mind if I used your name when I contact them?", [], None),
    ("Would it be alright to send you a LinkedIn invitation?", [], None),
    ("Can I send you a short note after I have spoken to them?", [], None),
    ("Is it okay if I follow up by email?", [], None),
    # closed, with a rewrite
    ("Do you like your job?", ["closed"], "What do you like most, and least, about your job?"),
    (
        "Do you enjoy working at Fjord?",
        ["closed"],
        "What do you like most, and least, about working at Fjord?",
    ),
    (
        "Do you have any advice for me?",
        ["closed"],
        "What advice would you give to a person like me?",
    ),
    ("Can you tell me about your team?", ["closed"], "What can you tell me about your team?"),
    (
        "Could you tell me more about the hours?",
        ["closed"],
        "What can you tell me about the hours?",
    ),
    (
        "Do you know anyone else I should talk to?",
        ["closed"],
        "Who else would you recommend that I speak to about this?",
    ),
    ("Is a master's degree important?", ["closed"], "How important is a master's degree, and why?"),
    (
        "Are there any industry associations?",
        ["closed"],
        "What industry associations would you point me to?",
    ),
    ("Did you always want to be a pharmacist?", ["closed"], "How did you come to be a pharmacist?"),
    ("So, do you like the work?", ["closed"], "What do you like most, and least, about the work?"),
    # closed, no simple rewrite
    ("Is the field growing?", ["closed"], None),
    ("Was it hard to switch careers?", ["closed"], None),
    ("Should I learn Python?", ["closed"], None),
    ("Have you worked abroad?", ["closed"], None),
    ("Does your company use agile?", ["closed"], None),
    # job-fishing
    ("What openings do you have on your team?", ["job-fishing"], None),
    ("Are you hiring right now?", ["job-fishing", "closed"], None),
    ("Is your team hiring?", ["job-fishing", "closed"], None),
    ("Could you refer me for the analyst role?", ["job-fishing", "closed"], None),
    ("Can I give you my resume?", ["job-fishing"], None),
    ("Would you put in a good word for me with HR?", ["job-fishing", "closed"], None),
    ("Are there any job openings at Fjord?", ["job-fishing", "closed"], None),
    ("How can I apply for a position at your company?", ["job-fishing"], None),
    ("Would you consider me for the next opening?", ["job-fishing", "closed"], None),
    ("Is Acme hiring?", ["job-fishing", "closed"], None),
    ("Could you help me get a job at your company?", ["job-fishing", "closed"], None),
    ("How can I get a job at your company?", ["job-fishing"], None),
    ("Do you know of any jobs I could apply for?", ["job-fishing", "closed"], None),
    ("Would you keep me in mind if something opens up?", ["job-fishing", "closed"], None),
    ("Are there any jobs at your company?", ["job-fishing", "closed"], None),
    # not job-fishing, though they name hiring, openings or referrals
    ("Which books would you refer me to?", [], None),
    ("How do you prepare your opening remarks for a client workshop?", [], None),
    ("What openings for growth do people in your role have?", [], None),
    ("What would get me in shape for the certification exam?", [], None),
    ("What vacancy rates do clinics see in rural areas?", [], None),
    ("Is the industry hiring people with my skills right now?", ["closed"], None),
    ("Is there a trade association worth joining?", ["closed"], None),
    # vague
    ("How do I get into healthcare?", ["vague"], None),
    ("How can I break into product management?", ["vague"], None),
    (
        "Do you have any suggestions how I can get into healthcare right now?",
        ["vague", "closed"],
        None,
    ),
    ("I'm trying to get into XYZ industry right now; what should I do?", ["vague"], None),
    ("What should I do?", ["vague"], None),
    ("Any tips on how to break into tech?", ["vague"], None),
]


@pytest.mark.parametrize(("question", "rules", "rewrite"), TABLE, ids=[row[0] for row in TABLE])
def test_each_question_gets_exactly_its_findings(
    question: str, rules: list[str], rewrite: str | None
) -> None:
    findings = check_question(question)
    assert [f.rule for f in findings] == rules
    closed = [f for f in findings if f.rule == "closed"]
    assert (closed[0].rewrite if closed else None) == rewrite


def test_the_table_is_big_enough_and_covers_every_kind() -> None:
    assert len(TABLE) >= 30
    seen = {rule for _, rules, _ in TABLE for rule in rules}
    assert seen == {"closed", "job-fishing", "vague"}


def test_every_finding_cites_its_seed_and_a_rewrite_is_itself_open() -> None:
    for question, _, _ in TABLE:
        for finding in check_question(question):
            assert finding.source.seed in ("000", "003", "004")
            assert finding.source.quote
            if finding.rewrite:
                assert check_question(finding.rewrite) == [], finding.rewrite


def test_job_fishing_is_an_error_and_the_others_are_warnings() -> None:
    [job, closed] = check_question("Are you hiring?")
    assert (job.severity.value, closed.severity.value) == ("error", "warning")


def test_every_shipped_question_passes_the_checker_once_filled() -> None:
    bank = questions.shipped()
    for question in bank.questions:
        filled = questions.fill(question, field="UX research", organization="Fjord")
        assert check_question(filled.text) == [], filled.text


def test_hostile_or_huge_text_is_checked_quickly_and_calmly() -> None:
    assert check_question("") == []
    assert check_question("?" * 100_000) == []
    assert [f.rule for f in check_question("Do " + "you " * 50_000 + "like it?")] == ["closed"]
