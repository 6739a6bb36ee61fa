"""`infointerview target research|claim|claims|evidence|decide|remove-claim`: research
and its claims, the evidence from conversations, and the decision log."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from tests.cli.helpers import assert_one_error, assert_usage_error, case

if TYPE_CHECKING:
    from tests.cli.conftest import Cli

pytestmark = pytest.mark.usefixtures("populated")


def test_research_claims_evidence_and_a_decision(cli: Cli) -> None:
    kept = cli(
        "target",
        "research",
        "UX Researcher",
        "NN/g survey: most researchers start in another job",
        "--url",
        "https://example.org/survey",
        "--title",
        "Career survey",
        "--date",
        "2025-06-01",
        "--claim",
        "Most UX researchers switched careers",
        "--json",
    )
    assert kept.code == 0, kept.err
    (claim,) = kept.json["claims"]
    question = cli("target", "claim", "UX Researcher", "Which tools?", "--question", "--json").json
    note = cli(
        "note",
        "add",
        f'confirms #{claim["id"]}: "I was a teacher"\nanswers #{question["id"]}: Dovetail',
        "--conversation",
        "1",
    )
    assert note.code == 0, note.err
    board = cli("target", "claims", "UX Researcher", "--json").json
    assert [(c["id"], c["kind"], c["evidence"][0]["person"]) for c in board["claims"]] == [
        (claim["id"], "claim", "Sam Ortiz"),
        (question["id"], "question", "Sam Ortiz"),
    ]
    assert board["unasked"] == []
    assert board["notes"][0]["source_date"] == "2025-06-01"
    decided = cli(
        "target",
        "decide",
        "UX Researcher",
        "Pursue it",
        "--because",
        "switchers are common",
        "--claim",
        str(claim["id"]),
        "--status",
        "pursuing",
        "--on",
        "2026-11-20",
        "--json",
    )
    assert decided.code == 0, decided.err
    assert decided.json["claims"] == [[claim["id"], "Most UX researchers switched careers"]]
    shown = cli("target", "claims", "UX Researcher")
    assert "Sam Ortiz confirms" in shown.out
    assert "Pursue it" in shown.out
    target = cli("target", "show", "UX Researcher", "--json").json["target"]
    assert (target["status"], target["decision_note"]) == ("pursuing", "Pursue it")


def test_evidence_by_command_and_removing_a_claim(cli: Cli) -> None:
    claim = cli("target", "claim", "UX Researcher", "Portfolios matter", "--json").json
    said = cli(
        "target", "evidence", str(claim["id"]), "1", "--says", "contradicts", "--quote", "no"
    )
    assert said.code == 0, said.err
    assert said.out == f"Sam Ortiz contradicts claim #{claim['id']}\n"
    board = cli("target", "claims", "UX Researcher", "--json").json
    assert board["claims"][0]["standing"] == "contradicted"
    assert cli("target", "remove-claim", str(claim["id"])).code == 0
    assert cli("target", "claims", "UX Researcher", "--json").json["claims"] == []


def test_no_research_yet_says_how_to_start(cli: Cli) -> None:
    shown = cli("target", "claims", "UX Designer")
    assert shown.code == 0
    assert "target research" in shown.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        case(
            ("target", "research", "UX Researcher", "x", "--url", "javascript:alert(1)"), "http(s)"
        ),
        case(("target", "research", "UX Researcher", " "), "research"),
        case(("target", "claim", "UX", "x"), "UX"),  # two targets match
        case(("target", "claim", "Nope", "x"), "Nope"),
        case(("target", "evidence", "99", "1", "--says", "confirms"), "no claim"),
        case(("target", "evidence", "1", "1", "--says", "maybe"), "--says"),
        case(("target", "decide", "UX Researcher", "Go", "--claim", "99"), "no claim"),
        case(("target", "decide", "UX Researcher", "Go", "--status", "done"), "--status"),
        case(("target", "remove-claim", "99"), "no claim"),
        case(("note", "add", "confirms #99: yes", "--conversation", "1"), "line 1"),
    ],
)
def test_bad_input_is_one_clear_error_and_changes_nothing(
    cli: Cli, unchanged: Callable[[], None], args: tuple[str, ...], message: str
) -> None:
    assert_one_error(cli(*args), message)
    unchanged()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        case(("target", "research", "UX Researcher", "x", "--date", "soon"), "--date"),
        case(("target", "decide", "UX Researcher", "Go", "--on", "2026-02-30"), "--on"),
    ],
)
def test_a_bad_date_is_a_usage_error(
    cli: Cli, unchanged: Callable[[], None], args: tuple[str, ...], message: str
) -> None:
    assert_usage_error(cli(*args), message)
    unchanged()
