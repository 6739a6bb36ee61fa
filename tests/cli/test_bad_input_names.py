"""Bad input on the command line: one clear line, exit 2, no traceback, no data changed.

Unknown or ambiguous people, targets and conversations, illegal conversation moves,
values a field does not take and malformed command lines; also `--help` / `--version`
stay light (no SQLAlchemy, no Rich tables).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.cli.helpers import assert_one_error, assert_usage_error, case

if TYPE_CHECKING:
    from tests.cli.conftest import Cli, RunCli

STATES = "draft, requested, scheduled, held, thanked, closed, declined, no_response"


# --- naming people, targets and conversations -------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("person", "show", "Nobody"),
        ("person", "edit", "Nobody", "--title", "Boss"),
        ("person", "rm", "Nobody", "--yes"),
        ("conversation", "new", "Nobody"),
        ("conversation", "list", "--person", "Nobody"),
        ("refer", "Nobody", "Sam"),
        ("refer", "Sam", "Nobody"),
        ("note", "add", "Hello", "--person", "Nobody"),
    ],
    ids=" ".join,
)
def test_an_unknown_person_is_refused_by_name(
    cli: Cli, unchanged: Callable[[], None], args: tuple[str, ...]
) -> None:
    result = cli(*args)

    assert_one_error(result, "no person matches 'Nobody'")
    unchanged()


def test_an_unknown_person_id_is_refused(cli: Cli, unchanged: Callable[[], None]) -> None:
    assert_one_error(cli("person", "show", "#99"), "no person matches '#99'")
    unchanged()


@pytest.mark.parametrize(
    "args",
    [
        ("target", "show", "Astronaut"),
        ("target", "edit", "Astronaut", "--status", "pursuing"),
        ("conversation", "new", "Sam", "--target", "Astronaut"),
        ("note", "add", "Hello", "--target", "Astronaut"),
    ],
    ids=" ".join,
)
def test_an_unknown_target_is_refused_by_name(
    cli: Cli, unchanged: Callable[[], None], args: tuple[str, ...]
) -> None:
    assert_one_error(cli(*args), "no target matches 'Astronaut'")
    unchanged()


@pytest.mark.parametrize(
    "args",
    [
        ("conversation", "show", "99"),
        ("conversation", "advance", "99", "requested"),
        ("note", "add", "Hello", "--conversation", "99"),
    ],
    ids=" ".join,
)
def test_an_unknown_conversation_is_refused_by_id(
    cli: Cli, unchanged: Callable[[], None], args: tuple[str, ...]
) -> None:
    line = assert_one_error(cli(*args), "conversation")

    assert "#99" in line
    unchanged()


def test_a_conversation_id_that_is_not_a_number_is_a_usage_error(
    cli: Cli, unchanged: Callable[[], None]
) -> None:
    assert_usage_error(cli("conversation", "show", "first"), "Invalid value for 'ID'")
    unchanged()


@pytest.mark.parametrize(
    "args",
    [
        ("person", "show", "Maya"),
        ("person", "edit", "Maya", "--title", "Boss"),
        ("person", "rm", "Maya", "--yes", "--force"),
        ("conversation", "new", "Maya"),
        ("refer", "Maya", "Sam"),
        ("note", "add", "Hello", "--person", "Maya"),
    ],
    ids=" ".join,
)
def test_an_ambiguous_person_is_refused_listing_the_candidates_with_ids(
    cli: Cli, unchanged: Callable[[], None], args: tuple[str, ...]
) -> None:
    line = assert_one_error(cli(*args), "'Maya' matches 2")

    assert "#1 Maya Chen (Acme)" in line
    assert "#2 Maya Lopez" in line
    unchanged()


def test_an_ambiguous_target_is_refused_listing_the_candidates_with_ids(
    cli: Cli, unchanged: Callable[[], None]
) -> None:
    line = assert_one_error(cli("target", "show", "UX"), "'UX' matches 2")

    assert "#1 UX Researcher" in line
    assert "#2 UX Designer" in line
    unchanged()


# --- conversation moves ------------------------------------------------------------------


def test_an_illegal_transition_names_both_states_and_the_legal_moves(
    cli: Cli, unchanged: Callable[[], None]
) -> None:
    result = cli("conversation", "advance", "1", "held")

    assert_one_error(
        result,
        "a conversation cannot go from 'draft' to 'held'; from 'draft' it can go to: requested",
    )
    unchanged()


def test_a_finished_conversation_says_it_can_go_nowhere(cli: Cli, populated: Path) -> None:
    cli("conversation", "advance", "1", "requested")
    cli("conversation", "advance", "1", "declined")

    result = cli("conversation", "advance", "1", "scheduled", "--at", "2026-11-24T10:00")

    assert_one_error(result, "from 'declined' to 'scheduled'", "nothing (it is finished)")
    assert cli("conversation", "show", "1", "--json").json["conversation"]["state"] == "declined"


def test_an_unknown_state_is_refused_listing_the_states(
    cli: Cli, unchanged: Callable[[], None]
) -> None:
    result = cli("conversation", "advance", "1", "ghosted")

    assert_one_error(result, f"STATE: 'ghosted' is not one of: {STATES}")
    unchanged()


def test_scheduling_without_a_time_is_refused(cli: Cli, populated: Path) -> None:
    cli("conversation", "advance", "1", "requested")
    before = cli("conversation", "show", "1", "--json").out

    result = cli("conversation", "advance", "1", "scheduled")

    assert_one_error(result, "at: scheduling needs the agreed meeting time")
    assert cli("conversation", "show", "1", "--json").out == before


# --- values that are not what the field takes ---------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        case(
            ("person", "add", "Ann", "--how-known", "cousin"), "--how-known: 'cousin' is not one of"
        ),
        case(("person", "add", "Ann", "--channel", "fax"), "--channel: 'fax' is not one of"),
        case(
            ("person", "add", "Ann", "--email", "ann-at-example"), "email: 'ann-at-example' is not"
        ),
        case(("person", "add", "Ann", "--phone", "call me"), "phone: 'call me' is not a phone"),
        case(
            ("person", "add", "Ann", "--linkedin", "javascript:alert(1)"),
            "linkedin_url: 'javascript:alert(1)' is not an http(s) web address",
        ),
        case(("person", "add", "Ann", "--tag", "two words"), "tag: 'two words' is not a tag"),
        case(("person", "add", "   "), "name: must not be empty"),
        case(("person", "list", "--sort", "age"), "sort: 'age' is not one of"),
        case(("target", "add", "Pilot", "--status", "dreaming"), "--status: 'dreaming' is not one"),
        case(("conversation", "new", "Sam", "--minutes", "45"), "minutes: 45 is outside 15-30"),
        case(("conversation", "new", "Sam", "--channel", "pigeon"), "--channel: 'pigeon' is not"),
        case(("note", "add", "  ", "--person", "Sam"), "note: must not be empty"),
        case(("search", " "), "search text: must not be empty"),
        case(("refer", "Sam", "Sam"), "referral: a person cannot refer the explorer to themselves"),
        case(("person", "rm", "Sam", "--yes"), "Sam Ortiz has 1 conversation(s)"),
        case(("demo",), "already holds your own data"),
    ],
)
def test_a_bad_value_is_refused_naming_the_field(
    cli: Cli, unchanged: Callable[[], None], args: tuple[str, ...], message: str
) -> None:
    assert_one_error(cli(*args), message)
    unchanged()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        case(
            ("conversation", "advance", "1", "requested", "--at", "tomorrow"),
            "Invalid value for --at: 'tomorrow' is not a date and time",
        ),
        case(("refer", "Maya Chen", "Sam", "--on", "2026-13-01"), "'2026-13-01' is not a date"),
        case(("person", "list", "--limit", "0"), "--limit"),
        case(("person", "add"), "Missing argument"),
        case(("person", "add", "Ann", "--hiring", "yes"), "Got unexpected extra argument"),
        case(("person", "launch"), "No such command 'launch'"),
    ],
)
def test_a_malformed_command_line_is_a_usage_error(
    cli: Cli, unchanged: Callable[[], None], args: tuple[str, ...], message: str
) -> None:
    assert_usage_error(cli(*args), message)
    unchanged()


# --- --help and --version stay light -----------------------------------------------------


def imported_modules(stderr: str) -> set[str]:
    """Return the module names `python -X importtime` reported."""
    names = set()
    for line in stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    names.discard("imported package")
    return names


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        case(("--help",), "Usage: infointerview "),
        case(("--version",), "infointerview "),
        case(("person", "add", "--help"), "Usage: infointerview person add "),
    ],
)
def test_help_and_version_import_neither_sqlalchemy_nor_rich_tables(
    run_cli: RunCli, args: tuple[str, ...], expected: str
) -> None:
    done = run_cli(*args, python_options=("-X", "importtime"))

    assert done.code == 0, done.err
    assert done.out.startswith(expected)
    modules = imported_modules(done.err)
    assert "infointerview" in modules, "the importtime report was not parsed"
    assert not {m for m in modules if m == "sqlalchemy" or m.startswith("sqlalchemy.")}
    assert "rich.table" not in modules
