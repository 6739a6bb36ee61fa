"""`infointerview check`: a message read against the seeds' etiquette from the command line."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING

from tests.cli.helpers import assert_one_error, assert_usage_error

if TYPE_CHECKING:
    from tests.cli.conftest import Cli

GOOD = (
    "Subject: UX research advice\n\n"
    "Dear Ms Lee,\nI'm a design student exploring UX research. Your talk on accessible "
    "checkout flows changed how I think about forms. Would you have 20 minutes in the next "
    "few weeks to share your advice? I'm happy to work around your schedule, or to talk by "
    "phone.\nMaya\n"
)
BAD_BODY = "Hi,\nI'd love an informational interview. Are you hiring?\n"
BAD = "Subject: Informational interview\n\n" + BAD_BODY
HIRING = BAD_BODY.index("Are you hiring")  # offsets count from the body's start


def test_a_good_request_passes(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "request.txt"
    path.write_text(GOOD, encoding="utf-8")
    result = cli("check", str(path))
    assert result.code == 0, result.output
    assert result.out.startswith("Good to send. (score 100/100)")


def test_an_error_exits_1_with_each_finding_its_words_and_its_seed(cli: Cli) -> None:
    result = cli("check", "-", stdin=BAD)
    assert result.code == 1
    assert "error   job-ask:" in result.out
    assert f"body {HIRING}-{HIRING + 14}: 'Are you hiring'" in result.out
    assert "subject 0-23: 'Informational interview'" in result.out
    assert "seed 004: Asking people to assist you" in result.out


def test_json_gives_score_verdict_and_findings(cli: Cli) -> None:
    result = cli("check", "--json", stdin=BAD)
    assert result.code == 1
    report = result.json
    assert set(report) == {"score", "verdict", "findings"}
    job = next(f for f in report["findings"] if f["rule"] == "job-ask")
    assert set(job) == {"rule", "severity", "message", "span", "suggestion", "source"}
    assert job["severity"] == "error"
    assert job["span"] == {"part": "body", "start": HIRING, "end": HIRING + 14}
    assert job["source"]["seed"] == "004"


def test_an_eml_file_is_read_as_mail(cli: Cli, tmp_path: Path) -> None:
    mail = EmailMessage()
    mail["From"] = "Maya Chen <maya@example.com>"
    mail["To"] = "Zoë Lee <zoe@example.com>"
    mail["Subject"] = "Sam Ortiz suggested I contact you"
    mail.set_content(
        "Dear Zoë,\nSam Ortiz suggested I contact you. I'm a designer exploring research. "
        "Would you have 20 minutes to share your advice, at a time that suits you?\nMaya\n"
    )
    path = tmp_path / "request.eml"
    path.write_bytes(bytes(mail))
    result = cli("check", str(path), "--referrer", "Sam Ortiz", "--known-well", "--json")
    assert result.code == 0, result.output
    assert result.json["findings"] == []


def test_the_context_options_change_the_rules(cli: Cli) -> None:
    nudge = "Dear Ms Lee,\nI'm writing again: would you have 20 minutes, whenever suits?\n"
    first = cli("check", "--kind", "nudge", "--unanswered", "1", "--json", stdin=nudge)
    third = cli("check", "--kind", "nudge", "--unanswered", "2", "--json", stdin=nudge)
    assert (first.code, third.code) == (0, 1)
    assert [f["rule"] for f in third.json["findings"]] == ["too-many-nudges"]
    late = cli(
        "check", "--kind", "thank-you", "--hours-since-meeting", "50", "--json", stdin="Thanks!"
    )
    assert [f["rule"] for f in late.json["findings"]] == ["late-thank-you"]


def test_bad_input_is_refused_in_one_line(cli: Cli, tmp_path: Path) -> None:
    assert_one_error(cli("check", stdin=""), "standard input: is empty; nothing was checked")
    assert_one_error(cli("check", str(tmp_path / "missing.txt")), "missing.txt", "no such file")
    binary = tmp_path / "photo.eml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert_one_error(cli("check", str(binary)), "photo.eml", "binary")
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as stream:
        stream.truncate(5_000_000)
    assert_one_error(cli("check", str(huge)), "huge.txt")
    assert_one_error(cli("check", "--kind", "bogus", stdin=BAD), "--kind", "'bogus'")
    html = tmp_path / "html.eml"
    html.write_text(
        "From: a@example.com\nContent-Type: text/html\n\n<p>Hello</p>\n", encoding="utf-8"
    )
    assert_one_error(cli("check", str(html)), "html.eml", "no plain-text part")


def test_a_negative_count_is_a_usage_error(cli: Cli) -> None:
    assert_usage_error(cli("check", "--unanswered", "-1", stdin=BAD), "--unanswered")
