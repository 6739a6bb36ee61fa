"""`infointerview import` and `export` from the command line, bad input included.

Every refused file gives one line naming the file (and the line where it applies),
exit 2, no traceback, and leaves the database byte for byte as it was.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from infointerview.io.text import MEGABYTE
from infointerview.store import sqlite_direct
from tests.cli.helpers import assert_one_error, assert_usage_error, run_checking_imports

if TYPE_CHECKING:
    from tests.cli.conftest import Cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
CONNECTIONS = HEADER + (
    "Maya,Chen,https://www.linkedin.com/in/maya-chen-li,,Acme,UX Researcher,05 Mar 2024\n"
    ",,,,,,05 Feb 2024\n"
    "Ana,Ruiz,https://www.linkedin.com/in/ana-ruiz,ana@example.com,Globex,Engineer,01 Feb 2024\n"
)


@pytest.fixture
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for the files to import, outside the one ``unchanged`` watches."""
    return tmp_path_factory.mktemp("inputs")


def _file(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def test_import_prints_a_summary_with_the_skipped_line(
    cli: Cli, migrated: Path, tmp_path: Path
) -> None:
    path = _file(tmp_path, "Connections.csv", CONNECTIONS)
    result = cli("import", "linkedin", str(path))
    assert result.code == 0, result.output
    assert "Imported" in result.out
    assert "Connections.csv" in result.out
    assert re.search(r"added\s+│ 2\s", result.out)
    assert re.search(r"skipped\s+│ 1\s", result.out)
    assert "no first or last name" in result.out
    listed = cli("person", "list", "--json").json
    assert sorted(p["full_name"] for p in listed) == ["Ana Ruiz", "Maya Chen"]


def test_a_second_import_of_the_same_file_adds_nothing(
    cli: Cli, migrated: Path, tmp_path: Path
) -> None:
    path = _file(tmp_path, "Connections.csv", CONNECTIONS)
    cli("import", "linkedin", str(path))
    again = cli("import", "linkedin", str(path), "--json")
    assert again.code == 0
    assert (again.json["added"], again.json["unchanged"]) == (0, 2)
    assert len(cli("person", "list", "--json").json) == 2


def test_an_import_may_be_the_first_command(cli: Cli, db_file: Path, tmp_path: Path) -> None:
    # No database yet: the import creates and migrates it (a workspace); the second
    # import finds it current and writes it with the standard library alone.
    path = _file(tmp_path, "Connections.csv", CONNECTIONS)
    first = cli("import", "linkedin", str(path), "--json")
    assert first.code == 0, first.output
    assert db_file.is_file()
    again = cli("import", "linkedin", str(path), "--json")
    assert (first.json["added"], again.json["added"], again.json["unchanged"]) == (2, 0, 2)


def test_an_import_into_a_current_file_loads_neither_sqlalchemy_nor_pydantic(
    migrated: Path, tmp_path: Path
) -> None:
    path = _file(tmp_path, "Connections.csv", CONNECTIONS)
    out, loaded = run_checking_imports(
        "import", "linkedin", str(path), "--json", "--max-size", "1MB", "--db", str(migrated)
    )
    assert not loaded & {"sqlalchemy", "pydantic"}, loaded
    assert json.loads(out)["added"] == 2
    with closing(sqlite3.connect(migrated)) as connection:
        stored = connection.execute("SELECT full_name, created_at FROM people ORDER BY id")
        people = stored.fetchall()
    assert [name for name, _ in people] == ["Ana Ruiz", "Maya Chen"]
    # Timestamps as SQLAlchemy writes them in SQLite, so the ORM reads them back alike.
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}", at) for _, at in people)


def test_an_import_that_waits_too_long_for_another_writer_says_so(
    cli: Cli, migrated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_direct, "BUSY_TIMEOUT", 0.2)
    path = _file(tmp_path, "Connections.csv", CONNECTIONS)
    with closing(sqlite3.connect(migrated, isolation_level=None)) as writer:
        writer.execute("BEGIN IMMEDIATE")
        result = cli("import", "linkedin", str(path))
        writer.execute("ROLLBACK")
    assert_one_error(result, str(migrated), "database is locked")
    assert cli("person", "list", "--json").json == []


def test_a_dry_run_changes_nothing(cli: Cli, unchanged: Callable[[], None], inputs: Path) -> None:
    path = _file(inputs, "Connections.csv", CONNECTIONS)
    result = cli("import", "linkedin", str(path), "--dry-run")
    assert result.code == 0
    assert "Would import" in result.out
    assert "Nothing was changed" in result.out
    unchanged()


def test_the_json_report_lists_every_problem(cli: Cli, migrated: Path, tmp_path: Path) -> None:
    path = _file(tmp_path, "Connections.csv", CONNECTIONS)
    report = cli("import", "linkedin", str(path), "--json").json
    assert report["skipped"] == [
        {
            "line": 3,
            "message": "no first or last name (LinkedIn leaves them out for hidden profiles)",
            "skipped": True,
        }
    ]
    assert report["source"] == "linkedin"
    assert report["dry_run"] is False


def test_a_csv_is_imported_with_a_column_mapping(cli: Cli, migrated: Path, tmp_path: Path) -> None:
    path = _file(tmp_path, "export.csv", "Nom,Courriel\nÉlodie Martin,elodie@example.com\n")
    result = cli("import", "csv", str(path), "--map", "Nom=name,Courriel=email")
    assert result.code == 0, result.output
    [elodie] = cli("person", "list", "--json").json
    assert elodie["emails"] == ["elodie@example.com"]


RAGGED = "Name,Email\nMaya Chen,maya@example.com\nSam Ortiz,sam@example.com,extra\n"


def test_ragged_rows_are_skipped_with_their_line_and_the_rest_imported(
    cli: Cli, migrated: Path, tmp_path: Path
) -> None:
    path = _file(tmp_path, "ragged.csv", RAGGED)
    result = cli("import", "csv", str(path))
    assert result.code == 0
    assert "3 fields where the header has 2" in result.out
    assert [p["full_name"] for p in cli("person", "list", "--json").json] == ["Maya Chen"]


def _sparse(folder: Path, size: int) -> Path:
    path = folder / "huge.csv"
    with path.open("wb") as stream:
        stream.truncate(size)
    return path


@pytest.mark.parametrize(
    ("kind", "name", "content", "fragments"),
    [
        ("csv", "empty.csv", b"", ("empty.csv: is empty",)),
        ("vcard", "blank.vcf", b"\r\n\r\n", ("blank.vcf: is empty",)),
        (
            "linkedin",
            "photo.csv",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            ("photo.csv, line 2: holds binary data",),
        ),
        (
            "csv",
            "latin.csv",
            b"Name\nMaya\nSam \x81 Ortiz\n",
            ("latin.csv, line 3: byte 0x81 cannot be read", "--encoding"),
        ),
        (
            "csv",
            "noheader.csv",
            b"Maya Chen,maya@example.com\n",
            ("noheader.csv, line 1: no column for the name", "--map"),
        ),
        (
            "linkedin",
            "contacts.csv",
            b"Name,Email\nMaya Chen,maya@example.com\n",
            ("contacts.csv, line 1: no header line with First Name and Last Name",),
        ),
        (
            "csv",
            "ragged.csv",
            RAGGED.encode(),
            ("ragged.csv, line 3: has 3 fields where the header has 2", "--strict"),
        ),
        (
            "linkedin",
            "hidden.csv",
            (HEADER + ",,,,,,05 Feb 2024\n").encode(),
            ("hidden.csv, line 2: no first or last name",),
        ),
        (
            "vcard",
            "truncated.vcf",
            b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Maya Chen\r\nEMAIL:maya@exa",
            ("truncated.vcf, line 1: card is not finished (no END:VCARD)",),
        ),
        (
            "vcard",
            "nameless.vcf",
            b"BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:someone@example.com\r\nEND:VCARD\r\n",
            ("nameless.vcf, line 1: card has no name",),
        ),
        (
            "vcard",
            "Connections.csv",
            CONNECTIONS.encode(),
            ("Connections.csv, line 1: no vCard found",),
        ),
    ],
    ids=[
        "empty",
        "blank",
        "binary",
        "invalid encoding",
        "csv without header",
        "not linkedin",
        "ragged under strict",
        "only hidden profiles",
        "truncated card",
        "card without a name",
        "not a vcard",
    ],
)
def test_a_refused_file_names_itself_and_changes_nothing(
    cli: Cli,
    unchanged: Callable[[], None],
    inputs: Path,
    kind: str,
    name: str,
    content: bytes,
    fragments: tuple[str, ...],
) -> None:
    path = _file(inputs, name, content)
    result = cli("import", kind, str(path), "--strict")
    assert_one_error(result, *fragments)
    unchanged()


def test_a_200_mb_file_is_refused_before_it_is_read_with_the_limit_and_the_flag(
    cli: Cli, unchanged: Callable[[], None], inputs: Path
) -> None:
    path = _sparse(inputs, 200 * MEGABYTE)
    result = cli("import", "csv", str(path))
    assert_one_error(result, "huge.csv: is 200 MB; the limit is 100 MB", "--max-size")
    unchanged()


def test_max_size_raises_the_limit(cli: Cli, migrated: Path, tmp_path: Path) -> None:
    rows = "".join(f"Person {n},{'#' * 20_000}\n" for n in range(110))  # 2.1 MB
    path = _file(tmp_path, "big.csv", "Name,Notes\n" + rows)
    assert_one_error(cli("import", "csv", str(path), "--max-size", "1MB"), "the limit is 1 MB")
    assert cli("import", "csv", str(path), "--max-size", "3MB").code == 0


def test_a_size_that_is_not_one_is_a_usage_error(cli: Cli, migrated: Path, tmp_path: Path) -> None:
    path = _file(tmp_path, "c.csv", "Name\nMaya\n")
    result = cli("import", "csv", str(path), "--max-size", "lots")
    assert result.code == 2
    assert "--max-size" in result.err
    assert "Traceback" not in result.output


def test_a_kind_that_is_not_one_is_a_usage_error_naming_the_kinds(
    cli: Cli, migrated: Path, tmp_path: Path
) -> None:
    path = _file(tmp_path, "Connections.csv", CONNECTIONS)
    assert_usage_error(
        cli("import", "Linked-In", str(path)), "'Linked-In' is not one of 'linkedin', 'vcard'"
    )


def test_a_missing_file_is_refused(cli: Cli, unchanged: Callable[[], None], inputs: Path) -> None:
    assert_one_error(cli("import", "vcard", str(inputs / "nope.vcf")), "nope.vcf: no such file")
    unchanged()


def test_a_map_for_a_linkedin_file_is_refused(cli: Cli, migrated: Path, tmp_path: Path) -> None:
    path = _file(tmp_path, "Connections.csv", CONNECTIONS)
    assert_one_error(cli("import", "csv", str(path), "--map", "Name"), "--map: 'Name' is not")


def test_a_map_for_a_vcard_file_is_refused_whatever_it_says(
    cli: Cli, unchanged: Callable[[], None], inputs: Path
) -> None:
    path = inputs / "one.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Maya Chen\nEND:VCARD\n", encoding="utf-8")
    for mapping in ("Name", "Full Name=name"):
        assert_one_error(cli("import", "vcard", str(path), "--map", mapping), "--map is for CSV")
    unchanged()


def test_export_csv_writes_a_file_import_reads_back(
    cli: Cli, migrated: Path, tmp_path: Path
) -> None:
    path = _file(tmp_path, "Connections.csv", CONNECTIONS)
    cli("import", "linkedin", str(path))
    out = tmp_path / "people.csv"
    assert cli("export", "csv", "-o", str(out)).code == 0
    assert out.read_text(encoding="utf-8").startswith("Name,Given Name,Family Name,")
    again = cli("import", "csv", str(out), "--json").json
    assert (again["added"], again["unchanged"]) == (0, 2)
    assert_one_error(cli("export", "csv", "-o", str(out)), "exists; pass --force")
    assert cli("export", "csv", "-o", str(out), "--force").code == 0


def test_export_refuses_a_vcard_version_it_does_not_write(cli: Cli, migrated: Path) -> None:
    result = cli("export", "vcard", "--version", "2.1")
    assert result.code == 2
    assert "'2.1' is not one of 3.0, 4.0" in result.err


def test_the_default_size_limit_is_the_readers_limit() -> None:
    from infointerview.cli.common import DEFAULT_MAX_SIZE
    from infointerview.io.text import DEFAULT_LIMIT, parse_size

    assert parse_size(DEFAULT_MAX_SIZE) == DEFAULT_LIMIT


@pytest.mark.parametrize(
    ("kind", "content", "fragment"),
    [
        ("csv", b"", "is empty"),
        ("linkedin", b"\x89PNG\r\n\x1a\n\x00\x00", "line 2: holds binary data"),
        ("csv", b"Maya Chen,maya@example.com\n", "line 1: no column for the name"),
        ("vcard", b"BEGIN:VCARD\r\nFN:Maya Chen\r\n", "line 1: holds no contact"),
        ("vcard", b"BEGIN:VCARD\r\nEMAIL:a@b.example\r\nEND:VCARD\r\n", "line 1: holds no"),
    ],
    ids=["empty", "binary", "csv without header", "truncated card", "card without a name"],
)
def test_a_refused_file_is_refused_without_strict_too(
    cli: Cli,
    unchanged: Callable[[], None],
    inputs: Path,
    kind: str,
    content: bytes,
    fragment: str,
) -> None:
    path = _file(inputs, "contacts.txt", content)
    assert_one_error(
        cli("import", kind, str(path)), f"contacts.txt{',' if 'line' in fragment else ':'}"
    )
    assert fragment in cli("import", kind, str(path)).err
    unchanged()
