"""Hostile and huge text: it goes in and comes out exactly as typed, or is refused naming
the field; Rich markup and control characters never reach the terminal as such.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.cli.helpers import assert_one_error, case

if TYPE_CHECKING:
    from tests.cli.conftest import Cli

HOSTILE_NAMES = [
    "[bold red]x[/]",
    "[link=https://evil.example]Click me[/link]",
    "<script>alert(1)</script>",
    "'; DROP TABLE people; --",
    'Ann "The Boss" O\'Neil & Co',
    "100% _real_ \\ name",
    ":thumbs_up: :smile:",
    "Zoë Ñúñez 李小龍 محمد",
    "x" * 300,
]


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=lambda n: n[:30])
def test_a_hostile_name_round_trips_literally(cli: Cli, migrated: Path, name: str) -> None:
    added = cli("person", "add", name, "--json")

    assert added.code == 0, added.err
    assert added.json["full_name"] == name
    assert [p["full_name"] for p in cli("person", "list", "--json").json] == [name]
    assert cli("person", "show", "1", "--json").json["person"]["full_name"] == name
    assert cli("person", "show", name, "--json").json["person"]["id"] == 1


@pytest.mark.parametrize("name", HOSTILE_NAMES[:7], ids=lambda n: n[:30])
def test_a_hostile_name_is_printed_literally_in_tables(
    cli: Cli, migrated: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # literal, not wrapped: wrapping is not the point here
    added = cli("person", "add", name)
    listed = cli("person", "list")
    shown = cli("person", "show", "1")

    assert added.out == f"Added #1 {name}\n"
    assert any(line.split("│")[2].strip() == name for line in listed.out.splitlines()[3:-1])
    assert f"#1 {name}\n" in shown.out
    assert f"Added {name}" in shown.out


def test_rich_markup_is_printed_literally_in_every_table(cli: Cli, migrated: Path) -> None:
    cli("person", "add", "[bold]Maya[/bold]", "--org", "[green]Acme[/green]")
    cli("target", "add", "[red]Lead[/red]")
    cli("conversation", "new", "1", "--target", "1")
    cli("note", "add", "[blink]call[/blink]", "--person", "1")

    outputs = {
        "org list": cli("org", "list").out,
        "target list": cli("target", "list").out,
        "conversation list": cli("conversation", "list").out,
        "search": cli("search", "[").out,
        "overview": cli("overview").out,
        "person show": cli("person", "show", "1").out,
    }

    assert "[green]Acme[/green]" in outputs["org list"]
    assert "[red]Lead[/red]" in outputs["target list"]
    assert "[bold]Maya[/bold]" in outputs["conversation list"]
    assert "[blink]call[/blink]" in outputs["search"]
    assert "[red]Lead[/red]" in outputs["overview"]
    assert "[blink]call[/blink]" in outputs["person show"]
    for command, output in outputs.items():
        assert "\x1b" not in output, command


def test_rich_markup_in_an_unknown_name_is_quoted_literally_in_the_error(
    cli: Cli, unchanged: Callable[[], None]
) -> None:
    assert_one_error(cli("person", "show", "[red]Nobody[/red]"), "'[red]Nobody[/red]'")
    unchanged()


def test_control_characters_are_dropped_from_a_name(cli: Cli, migrated: Path) -> None:
    result = cli("person", "add", "Ann\x1b[31m Lee\x07\x00", "--json")

    assert result.code == 0, result.err
    assert result.json["full_name"] == "Ann[31m Lee"
    shown = cli("person", "show", "1")
    assert "\x1b" not in shown.out
    assert "\x07" not in shown.out


def test_line_breaks_and_tabs_in_a_name_become_single_spaces(cli: Cli, migrated: Path) -> None:
    result = cli("person", "add", " Ann\tMarie\n\nLee ", "--json")

    assert result.json["full_name"] == "Ann Marie Lee"


def test_control_characters_are_dropped_from_a_note_keeping_its_line_breaks(
    cli: Cli, migrated: Path
) -> None:
    cli("person", "add", "Ann Lee")

    result = cli("note", "add", "first\x1b[2J line\nsecond\x08 line", "--person", "1", "--json")

    assert result.json["body"] == "first[2J line\nsecond line"


def test_control_characters_in_an_unknown_name_are_escaped_in_the_error(
    cli: Cli, unchanged: Callable[[], None]
) -> None:
    line = assert_one_error(cli("person", "show", "\x1b[2JNobody"), "no person matches")

    assert "\x1b" not in line
    assert "\\x1b[2JNobody" in line
    unchanged()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        case(("person", "add", "x" * 301), "name: is 301 characters long; the limit is 300"),
        case(("person", "add", "Ann", "--title", "t" * 201), "title: is 201 characters long"),
        case(("person", "add", "Ann", "--org", "o" * 201), "organization: is 201 characters long"),
        case(("person", "edit", "Sam", "--name", "x" * 301), "name: is 301 characters long"),
        case(("target", "add", "r" * 301), "role: is 301 characters long"),
        case(("note", "add", "n" * 20_001, "--person", "Sam"), "note: is 20001 characters long"),
    ],
)
def test_text_over_its_limit_is_refused_naming_the_field(
    cli: Cli, unchanged: Callable[[], None], args: tuple[str, ...], message: str
) -> None:
    assert_one_error(cli(*args), message)
    unchanged()
