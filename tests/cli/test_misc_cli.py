"""`init`, `note`, `search`, `overview`, `demo`, `db`, --db, --help and --version."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from infointerview import __version__
from infointerview.store.revisions import HEAD

if TYPE_CHECKING:
    from tests.cli.conftest import Cli

COMMANDS: list[tuple[str, ...]] = [
    (),
    ("init",),
    ("today",),
    ("task",),
    ("task", "done"),
    ("task", "snooze"),
    ("task", "dismiss"),
    ("person",),
    ("person", "add"),
    ("person", "list"),
    ("person", "show"),
    ("person", "edit"),
    ("person", "rm"),
    ("org",),
    ("org", "list"),
    ("target",),
    ("target", "add"),
    ("target", "list"),
    ("target", "show"),
    ("target", "edit"),
    ("target", "research"),
    ("target", "claim"),
    ("target", "claims"),
    ("target", "evidence"),
    ("target", "decide"),
    ("target", "remove-claim"),
    ("refer",),
    ("conversation",),
    ("conversation", "new"),
    ("conversation", "list"),
    ("conversation", "show"),
    ("conversation", "advance"),
    ("schedule",),
    ("calendar",),
    ("calendar", "export"),
    ("calendar", "feed"),
    ("note",),
    ("note", "add"),
    ("rank",),
    ("network",),
    ("stats",),
    ("prep",),
    ("meet",),
    ("questions",),
    ("questions", "list"),
    ("questions", "check"),
    ("questions", "add"),
    ("search",),
    ("overview",),
    ("check",),
    ("draft",),
    ("send",),
    ("smtp",),
    ("smtp", "password"),
    ("import",),
    ("export",),
    ("export", "vcard"),
    ("export", "csv"),
    ("backup",),
    ("restore",),
    ("demo",),
    ("db",),
    ("db", "path"),
    ("db", "status"),
    ("db", "upgrade"),
    ("serve",),
]
DEMO_DAY = "2026-11-22"


def flat(text: str) -> str:
    """Return ``text`` with every run of whitespace, line breaks included, made one space."""
    return " ".join(text.split())


def unwrapped(text: str) -> str:
    """Return one printed value with the line breaks a narrow console put into it removed.

    Wrapping of paths is checked on its own by test_db_path_prints_a_long_path_on_one_line.
    """
    return text.replace("\n", "")


def walk_commands(
    command: Any, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Yield every command of the click tree with its path of names."""
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from walk_commands(sub, (*path, name))


def add_network(cli: Cli) -> None:
    """Add two people, a target, a conversation and a referral."""
    for args in (
        ("person", "add", "Maya Chen", "--org", "Northwind Health", "--title", "UX Researcher"),
        ("person", "add", "Sam Ortiz", "--org", "Globex", "--title", "Data Analyst"),
        ("target", "add", "Instructional Designer", "--industry", "Learning"),
        ("conversation", "new", "Maya", "--target", "Instructional"),
        ("refer", "Maya", "Sam"),
    ):
        result = cli(*args)
        assert result.code == 0, (args, result.err)


# --- init -------------------------------------------------------------------------------


def test_init_creates_the_database_in_the_data_folder(cli: Cli, db_file: Path) -> None:
    assert not db_file.exists()

    result = cli("init")

    assert result.code == 0, result.err
    assert flat(result.out).replace(" ", "") == f"Ready:{db_file}".replace(" ", "")
    assert db_file.read_bytes().startswith(b"SQLite format 3\x00")
    assert cli("db", "status", "--json").json["up_to_date"] is True


def test_init_twice_keeps_what_the_database_holds(cli: Cli) -> None:
    cli("init")
    cli("person", "add", "Maya Chen")

    again = cli("init")

    assert again.code == 0, again.err
    assert [p["full_name"] for p in cli("person", "list", "--json").json] == ["Maya Chen"]


# --- note add ---------------------------------------------------------------------------


@pytest.mark.usefixtures("migrated")
def test_note_add_on_a_person_shows_up_on_that_person(cli: Cli) -> None:
    cli("person", "add", "Maya Chen")

    result = cli("note", "add", "Met at the alumni fair", "--person", "Maya")

    assert result.code == 0, result.err
    assert result.out == "Added note #1 on Maya Chen\n"
    notes = cli("person", "show", "Maya", "--json").json["notes"]
    assert [n["body"] for n in notes] == ["Met at the alumni fair"]


@pytest.mark.usefixtures("migrated")
def test_note_add_on_a_conversation_shows_up_on_that_conversation(cli: Cli) -> None:
    cli("person", "add", "Maya Chen")
    cli("conversation", "new", "Maya")

    result = cli("note", "add", "Ask about the research repository", "--conversation", "1")

    assert result.code == 0, result.err
    assert result.out == "Added note #1 on conversation #1 with Maya Chen\n"
    notes = cli("conversation", "show", "1", "--json").json["notes"]
    assert [n["body"] for n in notes] == ["Ask about the research repository"]


@pytest.mark.usefixtures("migrated")
def test_note_add_on_a_target_shows_up_on_that_target(cli: Cli) -> None:
    cli("target", "add", "UX Researcher")

    result = cli("note", "add", "Portfolios over degrees", "--target", "UX", "--json")

    assert result.code == 0, result.err
    assert (result.json["about"], result.json["about_id"]) == ("target", 1)
    notes = cli("target", "show", "UX", "--json").json["notes"]
    assert [n["body"] for n in notes] == ["Portfolios over degrees"]


@pytest.mark.usefixtures("migrated")
def test_note_add_keeps_the_line_breaks_of_the_note(cli: Cli) -> None:
    cli("person", "add", "Maya Chen")

    result = cli("note", "add", "First line\nSecond line", "--person", "1", "--json")

    assert result.json["body"] == "First line\nSecond line"


@pytest.mark.parametrize(
    "subjects",
    [
        pytest.param((), id="none"),
        pytest.param(("--person", "1", "--target", "1"), id="person-and-target"),
        pytest.param(("--person", "1", "--conversation", "1"), id="person-and-conversation"),
    ],
)
@pytest.mark.usefixtures("migrated")
def test_note_add_needs_exactly_one_subject(cli: Cli, subjects: tuple[str, ...]) -> None:
    cli("person", "add", "Maya Chen")
    cli("target", "add", "UX Researcher")
    cli("conversation", "new", "Maya")

    result = cli("note", "add", "Lost note", *subjects)

    assert result.code == 2
    assert "give exactly one of --person, --conversation or --target" in result.err
    assert "Traceback" not in result.output
    assert cli("search", "Lost note", "--json").json == []


# --- search -----------------------------------------------------------------------------


@pytest.mark.usefixtures("migrated")
def test_search_finds_people_targets_and_notes_ignoring_case(cli: Cli) -> None:
    add_network(cli)
    cli("note", "add", "She knows the DESIGN team lead", "--person", "Maya")

    hits = cli("search", "design", "--json").json

    assert [(h["kind"], h["title"]) for h in hits] == [
        ("target", "Instructional Designer, Learning"),
        ("note", "Note on Maya Chen"),
    ]


@pytest.mark.usefixtures("migrated")
def test_search_finds_people_by_organisation_and_title(cli: Cli) -> None:
    add_network(cli)

    by_org = cli("search", "northwind", "--json").json
    by_title = cli("search", "analyst", "--json").json

    assert [(h["kind"], h["id"]) for h in by_org] == [("person", 1), ("organization", 1)]
    assert [(h["kind"], h["id"]) for h in by_title] == [("person", 2)]


@pytest.mark.usefixtures("migrated")
def test_search_reads_percent_and_underscore_literally(cli: Cli) -> None:
    cli("person", "add", "Ann Lee", "--org", "100% Co")
    cli("person", "add", "Bob_Smith")
    cli("person", "add", "Cy Tan")

    assert [h["title"] for h in cli("search", "%", "--json").json] == ["Ann Lee", "100% Co"]
    assert [h["title"] for h in cli("search", "_", "--json").json] == ["Bob_Smith"]


@pytest.mark.usefixtures("migrated")
def test_search_says_when_nothing_matches(cli: Cli) -> None:
    add_network(cli)

    result = cli("search", "astronaut")

    assert result.code == 0, result.err
    assert result.out == "Nothing matches 'astronaut'.\n"


@pytest.mark.usefixtures("migrated")
def test_search_prints_a_table_of_hits(cli: Cli) -> None:
    add_network(cli)

    result = cli("search", "Globex")

    assert result.code == 0, result.err
    row = next(line for line in result.out.splitlines() if "Sam Ortiz" in line)
    assert "person" in row
    assert "Globex" in row


# --- overview and demo -------------------------------------------------------------------


@pytest.mark.usefixtures("migrated")
def test_overview_of_an_empty_database_points_to_the_demo(cli: Cli) -> None:
    result = cli("overview")

    assert result.code == 0, result.err
    assert "Pipeline (0 people)" in result.out
    assert "infointerview demo --db demo.db" in result.out


@pytest.mark.usefixtures("migrated")
def test_overview_counts_conversations_per_state_and_lists_targets(cli: Cli) -> None:
    add_network(cli)
    cli("conversation", "new", "Sam")
    cli("conversation", "advance", "2", "requested")

    result = cli("overview", "--json")

    assert result.code == 0, result.err
    summary = result.json
    assert summary["people"] == 2
    assert {k: v for k, v in summary["pipeline"].items() if v} == {"draft": 1, "requested": 1}
    assert [t["role"] for t in summary["targets"]] == ["Instructional Designer"]
    assert summary["recent"][0]["summary"] == "Asked Sam Ortiz for 20 minutes of advice"


@pytest.mark.usefixtures("migrated")
def test_overview_prints_pipeline_targets_and_recent_tables(cli: Cli) -> None:
    add_network(cli)

    result = cli("overview")

    assert result.code == 0, result.err
    assert "Pipeline (2 people)" in result.out
    assert "Targets" in result.out
    assert "Instructional Designer" in result.out
    assert "Recent" in result.out
    assert "Maya Chen referred you to Sam Ortiz" in result.out
    assert "infointerview demo" not in result.out


@pytest.mark.usefixtures("migrated")
def test_demo_then_overview_shows_the_whole_sample_network(cli: Cli) -> None:
    loaded = cli("demo", "--today", DEMO_DAY)
    overview = cli("overview", "--json")

    assert loaded.code == 0, loaded.err
    assert flat(loaded.out).startswith("Loaded the demo network into ")
    assert "40 people in 12 organisations, 3 targets, 29 conversations, 17 referrals" in flat(
        loaded.out
    )
    assert overview.code == 0, overview.err
    summary = overview.json
    assert summary["people"] == 40
    assert len(summary["targets"]) == 3
    assert sum(summary["pipeline"].values()) == 29
    assert all(count > 0 for count in summary["pipeline"].values()), summary["pipeline"]
    assert cli("overview").code == 0


@pytest.mark.usefixtures("migrated")
def test_demo_a_second_time_says_it_is_already_there_and_adds_nothing(cli: Cli) -> None:
    cli("demo", "--today", DEMO_DAY)

    again = cli("demo", "--today", DEMO_DAY, "--json")

    assert again.code == 0, again.err
    assert again.json["already_loaded"] is True
    assert again.json["people"] == 40
    assert cli("overview", "--json").json["people"] == 40


@pytest.mark.usefixtures("migrated")
def test_demo_refuses_a_database_holding_your_own_data(cli: Cli) -> None:
    cli("person", "add", "Maya Chen")

    result = cli("demo", "--today", DEMO_DAY)

    assert result.code == 2
    assert "already holds your own data" in result.err
    assert [p["full_name"] for p in cli("person", "list", "--json").json] == ["Maya Chen"]


# --- db path / status / upgrade ------------------------------------------------------------


def test_db_path_prints_the_default_file_in_the_data_folder(cli: Cli, db_file: Path) -> None:
    result = cli("db", "path")

    assert result.code == 0, result.err
    assert unwrapped(result.out) == str(db_file)
    assert not db_file.exists()


def test_db_path_prints_a_long_path_on_one_line(cli: Cli, tmp_path: Path) -> None:
    long_path = tmp_path / ("a" * 60) / ("b" * 60) / "store.db"

    result = cli("db", "path", "--db", str(long_path))

    assert result.code == 0, result.err
    assert result.out == f"{long_path}\n"


def test_db_path_hides_the_password_of_a_server_url(cli: Cli) -> None:
    result = cli("db", "path", "--db", "postgresql+psycopg://ann:s3cret@db.example/careers")

    assert result.code == 0, result.err
    assert unwrapped(result.out) == "postgresql+psycopg://ann:***@db.example/careers"


def test_db_status_of_a_missing_database_says_so_and_creates_nothing(
    cli: Cli, db_file: Path
) -> None:
    text = cli("db", "status")
    data = cli("db", "status", "--json")

    assert text.code == 0, text.err
    assert "No database at" in flat(text.out)
    assert "created on first use" in flat(text.out)
    assert (data.json["exists"], data.json["revision"], data.json["up_to_date"]) == (
        False,
        None,
        False,
    )
    assert not db_file.exists()
    assert not db_file.parent.exists()


def test_db_status_after_init_says_it_is_up_to_date(cli: Cli, db_file: Path) -> None:
    cli("init")

    result = cli("db", "status", "--json")

    assert result.code == 0, result.err
    assert result.json == {
        "database": str(db_file),
        "revision": HEAD,
        "head": HEAD,
        "up_to_date": True,
        "exists": True,
    }


def test_db_upgrade_brings_an_empty_database_to_this_versions_schema(cli: Cli) -> None:
    first = cli("db", "upgrade")
    second = cli("db", "upgrade")

    assert first.code == 0, first.err
    assert flat(first.out).endswith(f"from empty to {HEAD}.")
    assert second.code == 0, second.err
    assert flat(second.out).endswith(f"is already at schema {HEAD}.")
    assert cli("db", "status", "--json").json["up_to_date"] is True


# --- where the database is -------------------------------------------------------------


def test_db_given_as_a_plain_path_is_used_instead_of_the_default(
    cli: Cli, tmp_path: Path, db_file: Path
) -> None:
    elsewhere = tmp_path / "elsewhere" / "careers.db"

    added = cli("person", "add", "Maya Chen", "--db", str(elsewhere))

    assert added.code == 0, added.err
    assert elsewhere.read_bytes().startswith(b"SQLite format 3\x00")
    assert not db_file.exists()
    assert cli("person", "list", "--json").json == []


def test_db_given_as_a_sqlite_url_opens_the_same_file_as_its_path(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "careers.db"
    cli("person", "add", "Maya Chen", "--db", str(path))

    result = cli("person", "list", "--json", "--db", f"sqlite:///{path}")

    assert result.code == 0, result.err
    assert [p["full_name"] for p in result.json] == ["Maya Chen"]


def test_db_given_as_a_relative_path_is_relative_to_the_working_folder(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    result = cli("person", "add", "Maya Chen", "--db", "relative.db")

    assert result.code == 0, result.err
    assert (tmp_path / "relative.db").is_file()


def test_db_path_with_a_tilde_is_in_the_users_home(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "user"))

    result = cli("person", "add", "Maya Chen", "--db", "~/careers.db")

    assert result.code == 0, result.err
    assert (tmp_path / "user" / "careers.db").is_file()


def test_infointerview_db_environment_variable_chooses_the_database(
    cli: Cli, tmp_path: Path, db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "from-env.db"
    monkeypatch.setenv("INFOINTERVIEW_DB", str(chosen))

    cli("person", "add", "Maya Chen")

    assert chosen.is_file()
    assert not db_file.exists()
    assert unwrapped(cli("db", "path").out) == str(chosen)
    assert [p["full_name"] for p in cli("person", "list", "--json").json] == ["Maya Chen"]


def test_db_flag_wins_over_the_environment_variable(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INFOINTERVIEW_DB", str(tmp_path / "from-env.db"))
    flag = tmp_path / "from-flag.db"

    cli("person", "add", "Maya Chen", "--db", f"sqlite:///{flag}")

    assert flag.is_file()
    assert not (tmp_path / "from-env.db").exists()


def test_db_named_in_the_config_file_is_used(cli: Cli, home: Path, tmp_path: Path) -> None:
    chosen = tmp_path / "from-config.db"
    home.mkdir()
    (home / "config.toml").write_text(f'db = "{chosen}"\n', encoding="utf-8")

    cli("person", "add", "Maya Chen")

    assert chosen.is_file()
    assert not (home / "infointerview.db").exists()


# --- help and version ------------------------------------------------------------------


def test_the_help_list_names_every_command_of_the_app(built_app: tuple[Any, Any]) -> None:
    _, root = built_app

    assert {path for path, _ in walk_commands(root)} == set(COMMANDS)


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: "-".join(p) or "root")
def test_help_exits_0_and_shows_usage_and_the_commands_help(
    cli: Cli, path: tuple[str, ...], db_file: Path, built_app: tuple[Any, Any]
) -> None:
    command = dict(walk_commands(built_app[1]))[path]
    summary = (command.help or "").strip().split("\n\n")[0]

    result = cli(*path, "--help")

    assert result.code == 0, result.err
    assert result.out.startswith(f"Usage: {' '.join(('infointerview', *path))} ")
    assert summary, f"{' '.join(path)} has no help text"
    assert flat(summary) in flat(result.out)
    assert not db_file.exists()


def test_short_help_option_works_like_help(cli: Cli) -> None:
    short = cli("person", "add", "-h")
    long = cli("person", "add", "--help")

    assert short.code == 0
    assert short.out == long.out


def test_no_arguments_shows_the_list_of_commands(cli: Cli) -> None:
    result = cli()

    assert "Usage: infointerview" in result.output
    assert "Commands:" in result.output
    assert "person" in result.output
    assert "conversation" in result.output


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_prints_the_package_version(cli: Cli, flag: str, db_file: Path) -> None:
    result = cli(flag)

    assert result.code == 0
    assert result.out == f"infointerview {__version__}\n"
    assert not db_file.exists()


def test_demo_remove_takes_the_demo_out_and_keeps_your_own_people(cli: Cli) -> None:
    assert cli("demo", "--today", "2026-11-22").code == 0
    assert cli("person", "add", "My Friend").code == 0

    refused = cli("demo", "--remove", stdin="n\n")
    removed = cli("demo", "--remove", "--yes")

    assert refused.code == 1
    assert removed.code == 0, removed.err
    assert "Your own data is kept" in " ".join(removed.out.split())
    assert [p["full_name"] for p in cli("person", "list", "--json").json] == ["My Friend"]
