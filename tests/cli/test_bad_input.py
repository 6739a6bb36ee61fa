"""The acceptance list for bad input: one clear line, exit 2, no traceback, no data changed.

Also: hostile text goes in and comes out exactly as typed (or is refused naming the
field), and `--help` / `--version` stay light (no SQLAlchemy, no Rich tables).
"""

from __future__ import annotations

import hashlib
import io
import shutil
import sqlite3
import time
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import create_engine, inspect, text

from infointerview.cli.app import main

if TYPE_CHECKING:
    from tests.cli.conftest import Cli, Result, RunCli

UNREACHABLE_PG = "postgresql+psycopg://postgres@127.0.0.1:1/test"
TEXT_FILE = b"name,email\nMaya Chen,maya@acme.example\n"
STATES = "draft, requested, scheduled, held, thanked, closed, declined, no_response"


def sha256(path: Path) -> str:
    """Return the SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> list[str]:
    """Return every file and folder below ``folder``, relative and sorted."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def case(args: tuple[str, ...], message: str) -> object:
    """Return a parameter set, named after its command line, of that line and expected text."""
    return pytest.param(args, message, id=" ".join(args)[:60])


def assert_one_error(result: Result, *fragments: str) -> str:
    """Check a refusal: exit 2, one `infointerview: error:` line, no traceback; return it."""
    assert "Traceback" not in result.output
    assert result.code == 2, result.output
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("infointerview: error: "), result.err
    for fragment in fragments:
        assert fragment in lines[0]
    assert result.out == ""
    return lines[0]


def assert_usage_error(result: Result, *fragments: str) -> None:
    """Check click's usage error: exit 2, one `Error:` line after the usage, no traceback."""
    assert "Traceback" not in result.output
    assert result.code == 2, result.output
    assert result.err.startswith("Usage: infointerview ")
    [line] = [line for line in result.err.splitlines() if line.startswith("Error: ")]
    for fragment in fragments:
        assert fragment in line
    assert result.out == ""


@dataclass(frozen=True)
class Snapshot:
    """Everything a failed command must leave as it was."""

    files: list[str]
    digest: str
    people: str


POPULATION: list[tuple[str, ...]] = [
    ("person", "add", "Maya Chen", "--org", "Acme"),
    ("person", "add", "Maya Lopez"),
    ("person", "add", "Sam Ortiz"),
    ("target", "add", "UX Researcher"),
    ("target", "add", "UX Designer"),
    ("conversation", "new", "Sam", "--target", "UX Researcher"),
]


@pytest.fixture(scope="module")
def populated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database made once by the CLI: two Mayas, Sam, two UX targets, one draft conversation."""
    folder = tmp_path_factory.mktemp("populated")
    path = folder / "infointerview.db"
    printed = io.StringIO()
    with (
        pytest.MonkeyPatch.context() as monkeypatch,
        redirect_stdout(printed),
        redirect_stderr(printed),
    ):
        monkeypatch.setenv("INFOINTERVIEW_HOME", str(folder))
        monkeypatch.delenv("INFOINTERVIEW_DB", raising=False)
        for args in POPULATION:
            assert main(list(args)) == 0, (args, printed.getvalue())
    return path


@pytest.fixture
def populated(db_file: Path, populated_template: Path) -> Path:
    """A copy of the populated database as the test's default database."""
    db_file.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(populated_template, db_file)
    return db_file


@pytest.fixture
def unchanged(cli: Cli, populated: Path, tmp_path: Path) -> Callable[[], None]:
    """Snapshot the populated data; return a check that nothing about it changed."""

    def take() -> Snapshot:
        files, digest = listing(tmp_path), sha256(populated)
        return Snapshot(files=files, digest=digest, people=cli("person", "list", "--json").out)

    before = take()

    def check() -> None:
        assert take() == before

    return check


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


# --- where the database is: malformed, unreachable, unwritable, not a database -----------


@pytest.mark.parametrize(
    "url",
    [
        "mysql://x",
        "postgresql+psycopg://:::bad",
        "sqlite://",
        "sqlite:///:memory:",
        "postgresql+asyncpg://ann@db.example/careers",
    ],
)
def test_a_malformed_db_url_is_refused_and_changes_nothing(
    cli: Cli, unchanged: Callable[[], None], url: str
) -> None:
    result = cli("person", "add", "Ann", "--db", url)

    assert_one_error(result, f"--db {url!r} is not a usable database URL")
    unchanged()


def test_a_malformed_db_url_from_the_environment_is_refused(
    cli: Cli, unchanged: Callable[[], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INFOINTERVIEW_DB", "mysql://x")

    result = cli("person", "add", "Ann")

    monkeypatch.delenv("INFOINTERVIEW_DB")
    assert_one_error(result, "is not a usable database URL")
    unchanged()


def test_a_malformed_db_url_error_does_not_show_its_password(cli: Cli) -> None:
    result = cli("person", "list", "--db", "mysql://ann:s3cret@db.example/careers")

    line = assert_one_error(result, "is not a usable database URL")
    assert "s3cret" not in line


@pytest.mark.parametrize(
    "args", [("person", "list"), ("init",), ("db", "status"), ("db", "upgrade")], ids=" ".join
)
def test_an_unreachable_postgresql_server_fails_fast_with_one_line(
    cli: Cli, unchanged: Callable[[], None], args: tuple[str, ...]
) -> None:
    started = time.monotonic()

    result = cli(*args, "--db", UNREACHABLE_PG)

    assert time.monotonic() - started < 5
    assert_one_error(result, f"cannot connect to the database at {UNREACHABLE_PG}")
    unchanged()


def test_an_unreachable_server_message_hides_the_password(cli: Cli) -> None:
    result = cli("person", "list", "--db", "postgresql+psycopg://ann:s3cret@127.0.0.1:1/test")

    line = assert_one_error(result, "postgresql+psycopg://ann:***@127.0.0.1:1/test")
    assert "s3cret" not in line


@pytest.mark.parametrize(
    "args",
    [
        ("init",),
        ("person", "add", "Ann"),
        ("person", "list"),
        ("db", "status"),
        ("db", "upgrade"),
        ("demo", "--today", "2026-11-22"),
    ],
    ids=" ".join,
)
def test_an_unwritable_data_folder_is_refused_naming_it(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_bytes(TEXT_FILE)
    monkeypatch.setenv("INFOINTERVIEW_HOME", str(blocker / "sub"))
    before = listing(tmp_path)

    result = cli(*args)

    assert_one_error(
        result, f"cannot write the data folder {blocker / 'sub'}", "INFOINTERVIEW_HOME"
    )
    assert blocker.read_bytes() == TEXT_FILE
    assert listing(tmp_path) == before


@pytest.fixture
def text_file(tmp_path: Path) -> Path:
    """A CSV file in a folder of its own, where a database is expected."""
    folder = tmp_path / "exports"
    folder.mkdir()
    path = folder / "people.csv"
    path.write_bytes(TEXT_FILE)
    return path


@pytest.mark.parametrize(
    "args",
    [("person", "add", "Ann"), ("person", "list"), ("init",), ("db", "status"), ("db", "upgrade")],
    ids=" ".join,
)
def test_a_text_file_given_as_the_database_is_refused_and_left_untouched(
    cli: Cli, text_file: Path, args: tuple[str, ...]
) -> None:
    result = cli(*args, "--db", str(text_file))

    assert_one_error(result, f"{text_file} is not an infointerview database", "nothing was changed")
    assert text_file.read_bytes() == TEXT_FILE
    assert listing(text_file.parent) == ["people.csv"]


def test_a_text_file_named_by_a_sqlite_url_is_refused_and_left_untouched(
    cli: Cli, text_file: Path
) -> None:
    result = cli("person", "add", "Ann", "--db", f"sqlite:///{text_file}")

    assert_one_error(result, "is not an infointerview database")
    assert text_file.read_bytes() == TEXT_FILE
    assert listing(text_file.parent) == ["people.csv"]


def test_a_text_file_named_by_the_environment_is_refused_and_left_untouched(
    cli: Cli, text_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INFOINTERVIEW_DB", str(text_file))

    result = cli("person", "add", "Ann")

    assert_one_error(result, "is not an infointerview database")
    assert text_file.read_bytes() == TEXT_FILE


def test_a_damaged_sqlite_file_is_refused_and_left_untouched(cli: Cli, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xde\xad\xbe\xef" * 1024)
    digest = sha256(damaged)

    result = cli("person", "add", "Ann", "--db", str(damaged))

    assert_one_error(result, "is not an infointerview database")
    assert sha256(damaged) == digest
    assert listing(tmp_path) == ["damaged.db"]


@pytest.mark.parametrize("as_url", [False, True], ids=["path", "sqlite-url"])
def test_a_folder_given_as_the_database_is_refused_and_left_untouched(
    cli: Cli, tmp_path: Path, as_url: bool
) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "cv.txt").write_text("my cv", encoding="utf-8")

    result = cli("person", "add", "Ann", "--db", f"sqlite:///{folder}" if as_url else str(folder))

    assert_one_error(result, f"{folder} is not an infointerview database")
    assert listing(folder) == ["cv.txt"]


@pytest.fixture
def foreign_sqlite(tmp_path: Path) -> Path:
    """A SQLite database of another program (a music library)."""
    path = tmp_path / "music.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE songs (id INTEGER PRIMARY KEY, title TEXT)")
        connection.execute("INSERT INTO songs (title) VALUES ('Blue in Green')")
    connection.close()
    return path


@pytest.mark.parametrize(
    "args", [("person", "add", "Ann"), ("init",), ("db", "upgrade")], ids=" ".join
)
def test_another_programs_sqlite_database_is_refused_and_left_untouched(
    cli: Cli, foreign_sqlite: Path, args: tuple[str, ...]
) -> None:
    digest = sha256(foreign_sqlite)

    result = cli(*args, "--db", str(foreign_sqlite))

    assert_one_error(result, "holds tables that are not infointerview's; nothing was changed")
    assert sha256(foreign_sqlite) == digest
    assert listing(foreign_sqlite.parent) == ["music.db"]


def test_db_status_of_another_programs_database_does_not_advise_upgrading_it(
    cli: Cli, foreign_sqlite: Path
) -> None:
    status = cli("db", "status", "--db", str(foreign_sqlite))
    upgrade = cli("db", "upgrade", "--db", str(foreign_sqlite))

    assert upgrade.code == 2
    assert "db upgrade" not in " ".join(status.out.split()), "it advises a command that refuses"


@pytest.fixture
def newer_sqlite(cli: Cli, tmp_path: Path) -> Path:
    """An infointerview database whose schema was written by a later version (9999)."""
    path = tmp_path / "newer.db"
    assert cli("person", "add", "Maya Chen", "--db", str(path)).code == 0
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    return path


@pytest.mark.parametrize("args", [("person", "list"), ("db", "upgrade")], ids=" ".join)
def test_a_database_from_a_newer_version_is_refused_and_left_untouched(
    cli: Cli, newer_sqlite: Path, args: tuple[str, ...]
) -> None:
    digest = sha256(newer_sqlite)

    result = cli(*args, "--db", str(newer_sqlite))

    assert_one_error(result, "was written by a newer infointerview (schema 9999", "Upgrade")
    assert sha256(newer_sqlite) == digest


def pg_tables(url: str) -> dict[str, list[str]]:
    """Return each table of the URL's schema with its columns."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            inspector = inspect(connection)
            return {
                name: [c["name"] for c in inspector.get_columns(name)]
                for name in inspector.get_table_names()
            }
    finally:
        engine.dispose()


def pg_execute(url: str, *statements: str) -> None:
    """Run SQL statements on the URL's schema and commit."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_postgresql_schema_of_another_program_is_refused_and_left_untouched(
    cli: Cli, pg_schema_url: str
) -> None:
    pg_execute(pg_schema_url, "CREATE TABLE invoices (id integer PRIMARY KEY, total numeric)")

    result = cli("person", "add", "Ann", "--db", pg_schema_url)

    assert_one_error(result, "holds tables that are not infointerview's; nothing was changed")
    assert pg_tables(pg_schema_url) == {"invoices": ["id", "total"]}


@pytest.mark.postgres
def test_a_postgresql_schema_from_a_newer_version_is_refused_and_left_untouched(
    cli: Cli, pg_schema_url: str
) -> None:
    assert cli("person", "add", "Maya Chen", "--db", pg_schema_url).code == 0
    pg_execute(pg_schema_url, "UPDATE alembic_version SET version_num = '9999'")
    tables = pg_tables(pg_schema_url)

    result = cli("person", "add", "Ann", "--db", pg_schema_url)

    assert_one_error(result, "was written by a newer infointerview (schema 9999")
    assert pg_tables(pg_schema_url) == tables
    pg_execute(pg_schema_url, "UPDATE alembic_version SET version_num = '0001'")
    names = [p["full_name"] for p in cli("person", "list", "--json", "--db", pg_schema_url).json]
    assert names == ["Maya Chen"]


# --- hostile text ------------------------------------------------------------------------

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


# --- through a real process ---------------------------------------------------------------


def test_an_unreachable_server_in_a_real_process_prints_one_line(run_cli: RunCli) -> None:
    started = time.monotonic()

    result = run_cli("person", "list", "--db", UNREACHABLE_PG)

    assert time.monotonic() - started < 10
    assert_one_error(result, "cannot connect to the database at")


def test_a_text_file_as_database_in_a_real_process_prints_one_line(
    run_cli: RunCli, text_file: Path
) -> None:
    result = run_cli("person", "add", "Ann", "--db", str(text_file))

    assert_one_error(result, "is not an infointerview database")
    assert text_file.read_bytes() == TEXT_FILE
    assert listing(text_file.parent) == ["people.csv"]


def test_a_malformed_db_url_in_a_real_process_prints_one_line(run_cli: RunCli) -> None:
    result = run_cli("person", "list", "--db", "postgresql+psycopg://:::bad")

    assert_one_error(result, "is not a usable database URL")


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
