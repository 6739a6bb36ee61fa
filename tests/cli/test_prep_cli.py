"""`infointerview prep` and `infointerview questions` as a user runs them."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from tests.cli.conftest import Cli


def _conversation(cli: Cli, minutes: int) -> int:
    assert cli("person", "add", "Ana <b>Ruiz</b>", "--org", "Fjord & Co").code == 0
    made = cli("conversation", "new", "Ana <b>Ruiz</b>", "--minutes", str(minutes), "--json")
    assert made.code == 0, made.err
    return int(made.json["id"])


def test_prep_prints_an_agenda_that_fits_the_agreed_minutes(cli: Cli) -> None:
    talk = _conversation(cli, 15)
    sheet = cli("prep", str(talk))
    assert sheet.code == 0, sheet.err
    assert sheet.out.startswith("# Prepare: Ana \\<b\\>Ruiz\\</b\\> (Fjord & Co)\n")
    assert "## Agenda (15 minutes)" in sheet.out
    assert "- **0–2 min** Opening" in sheet.out
    assert "- **12–15 min** Closing: ask for another contact" in sheet.out
    assert "- **15 min** End on time." in sheet.out
    assert "What is it like to work at Fjord & Co?" not in sheet.out  # trimmed to 3 questions
    assert "Thank you so much. At this stage" in sheet.out
    assert "(seed 000)" not in sheet.out
    assert "seed 000" in sheet.out


def test_prep_writes_escaped_html_to_a_file_and_refuses_to_overwrite(
    cli: Cli, tmp_path: Path
) -> None:
    talk = _conversation(cli, 30)
    out = tmp_path / "prep.html"
    assert cli("prep", str(talk), "--format", "html", "-o", str(out)).code == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert "<b>Ruiz</b>" not in page
    assert html.escape("Ana <b>Ruiz</b>") in page
    assert "Agenda (30 minutes)" in page
    again = cli("prep", str(talk), "--format", "html", "-o", str(out))
    assert again.code == 2
    assert "already exists" in again.err


def test_prep_refuses_a_bad_format_or_conversation_cleanly(cli: Cli) -> None:
    talk = _conversation(cli, 20)
    bad = cli("prep", str(talk), "--format", "pdf")
    assert bad.code == 2
    assert "--format: 'pdf' is not one of: md, html" in bad.err
    missing = cli("prep", "999")
    assert missing.code == 2
    assert "conversation" in missing.err
    assert "Traceback" not in missing.err


def test_questions_check_flags_and_exits_1_only_for_job_fishing(cli: Cli) -> None:
    fine = cli("questions", "check", "What do you like most about your work?")
    assert fine.code == 0
    assert fine.out.startswith("ok")
    closed = cli("questions", "check", "Do you like your job?")
    assert closed.code == 0
    assert "closed" in closed.out
    assert "try: What do you like most, and least" in closed.out
    fishing = cli(
        "questions", "check", "--json", stdin="Are you hiring?\n\nHow do I get into law?\n"
    )
    assert fishing.code == 1
    assert [[f["rule"] for f in q["findings"]] for q in fishing.json] == [
        ["job-fishing", "closed"],
        ["vague"],
    ]
    assert fishing.json[0]["findings"][0]["seed"] == "000"


def test_questions_add_keeps_your_own_and_lists_them(cli: Cli) -> None:
    added = cli(
        "questions",
        "add",
        "What surprised you in your first year?",
        "--category",
        "day_in_the_life",
    )
    assert added.code == 0, added.err
    listed = cli("questions", "list", "--category", "day_in_the_life", "--json")
    assert listed.json[0] == {
        "category": "day_in_the_life",
        "text": "What surprised you in your first year?",
        "seed": "003",
        "own": True,
    }
    refused = cli("questions", "add", "Are you hiring?")
    assert refused.code == 2
    assert "--force" in refused.err
    unknown = cli("questions", "add", "Why?", "--category", "gossip")
    assert unknown.code == 2
    assert "'gossip' is not one of" in unknown.err
    filled = cli("questions", "list", "--category", "big_picture", "--field", "nursing", "--json")
    assert filled.json[0]["text"] == "What is the current state of nursing?"


def test_questions_check_refuses_binary_or_empty_input_with_one_line(cli: Cli) -> None:
    for stdin, reason in (("\x00\x01\x02binary\x00", "binary"), ("", "is empty")):
        refused = cli("questions", "check", stdin=stdin)
        assert refused.code == 2
        assert reason in refused.err
        assert "nothing was checked" in refused.err
        assert refused.out == ""


def test_terminal_escapes_and_bytes_that_are_not_text_are_never_echoed(cli: Cli) -> None:
    shown = cli("questions", "check", "What\x1b[2J is \udcff this?")
    assert shown.code == 0
    assert "\x1b" not in shown.out
    assert "What\ufffd[2J is \ufffd this?" in shown.out
    rewritten = cli("questions", "check", "Do you like \x1b[2J your job?")
    assert "\x1b" not in rewritten.out
    assert "try: What do you like most, and least, about \ufffd[2J your job?" in rewritten.out
    refused = cli("questions", "add", "What \udcff this?")
    assert refused.code == 2
    assert "not text" in refused.err


def test_a_quick_capture_line_says_what_it_keeps() -> None:
    from infointerview.cli.meeting_app import parse_capture
    from infointerview.errors import InvalidValue

    ref = parse_capture("ref  Rosa Quint @ Waypoint Learning +name ")
    assert (ref.kind, ref.name, ref.organization, ref.may_use_name) == (
        "referral",
        "Rosa Quint",
        "Waypoint Learning",
        True,
    )
    plain = parse_capture("ref Sami Okoro")
    assert (plain.organization, plain.may_use_name) == (None, False)
    namely = parse_capture("ref +namely")
    assert (namely.name, namely.may_use_name) == ("+namely", False)
    assert parse_capture("offer An intro to Dee").text == "An intro to Dee"
    with pytest.raises(InvalidValue, match="start with ref"):
        parse_capture("gossip about Dee")
