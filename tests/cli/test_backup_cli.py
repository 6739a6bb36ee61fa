"""`infointerview backup` and `restore`: the round trip, and every bad file refused in one line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from infointerview.io.backup import FORMAT
from infointerview.store.revisions import HEAD, REVISIONS
from tests.cli.helpers import assert_one_error, assert_usage_error

if TYPE_CHECKING:
    from tests.cli.conftest import Cli, RunCli

HEADER = {"format": FORMAT, "format_version": 1, "schema_revision": HEAD}


@pytest.fixture
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for backup files, apart from the data folder a refusal must leave alone."""
    return tmp_path_factory.mktemp("files")


@pytest.fixture
def demo_backup(cli: Cli, migrated: Path, files: Path) -> Path:
    """The demo network backed up from the default database."""
    assert cli("demo", "--today", "2026-11-22").code == 0
    path = files / "demo.json"
    assert cli("backup", str(path)).code == 0
    return path


def test_the_demo_backed_up_restored_and_backed_up_again_gives_the_same_file(
    cli: Cli, migrated: Path, files: Path
) -> None:
    cli("demo")
    first, second, other_db = files / "first.json", files / "second.json", files / "other.db"

    backed_up = cli("backup", str(first))
    restored = cli("restore", str(first), "--db", str(other_db))
    again = cli("backup", str(second), "--db", str(other_db))

    assert backed_up.code == restored.code == again.code == 0, backed_up.output + restored.output
    rows = sum(len(table) for table in json.loads(first.read_text("utf-8"))["tables"].values())
    assert backed_up.out.startswith(f"Backed up {rows:,} rows of ")
    assert backed_up.out.endswith(f" to {first}.\n")
    assert restored.out.startswith(f"Restored {rows:,} rows of ")
    assert restored.out.endswith(f"from {first} into {other_db}.\n")
    assert second.read_bytes() == first.read_bytes()


def test_backup_to_standard_output_prints_the_document_alone(cli: Cli, migrated: Path) -> None:
    result = cli("backup", "-")

    assert result.code == 0
    assert result.json["format"] == FORMAT
    assert result.json["schema_revision"] == HEAD
    assert result.err.startswith("Backed up 1 row of ")
    assert result.err.endswith("to standard output.\n")


def test_backup_refuses_to_overwrite_a_file_without_force(
    cli: Cli, migrated: Path, files: Path
) -> None:
    precious = files / "precious.json"
    precious.write_text("keep me", encoding="utf-8")

    refused = cli("backup", str(precious))

    assert_one_error(refused, f"{precious} already exists; pass --force to overwrite it")
    assert precious.read_text(encoding="utf-8") == "keep me"
    assert cli("backup", str(precious), "--force").code == 0
    assert json.loads(precious.read_text(encoding="utf-8"))["format"] == FORMAT
    assert [path.name for path in files.iterdir()] == ["precious.json"]


def test_backup_into_a_missing_folder_says_it_cannot_write_there(
    cli: Cli, migrated: Path, files: Path
) -> None:
    target = files / "no such folder" / "backup.json"

    assert_one_error(cli("backup", str(target)), f"cannot write {target}: No such file")


BAD_FILES = [
    pytest.param(b"", ["is empty"], id="an empty file"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff", ["holds binary data"], id="binary"),
    pytest.param(
        b'{\n "format": "infointerview-backup"\n "tables": {}\n}\n',
        ["line 3, column 2", "is not valid JSON (Expecting ',' delimiter)"],
        id="broken JSON",
    ),
    pytest.param(
        b"BEGIN:VCARD\nVERSION:3.0\nFN:Maya Chen\nEND:VCARD\n",
        ["line 1, column 1", "is not valid JSON"],
        id="a vCard",
    ),
    pytest.param(b'{"hello": "world"}', ["is not an infointerview backup"], id="another JSON"),
    pytest.param(b"[1, 2, 3]", ["is not an infointerview backup"], id="a JSON list"),
    pytest.param(
        json.dumps({**HEADER, "format_version": 2, "tables": {}}).encode(),
        ["is backup format version 2; this version of infointerview reads version 1"],
        id="another format version",
    ),
    pytest.param(
        json.dumps({**HEADER, "schema_revision": REVISIONS[0], "tables": {}}).encode(),
        [f"was written at schema {REVISIONS[0]}", f"uses schema {HEAD}"],
        id="another schema version",
    ),
    pytest.param(
        json.dumps({**HEADER, "tables": {"people": [["Maya"]]}}).encode(),
        ["table 'people', row 1: must be an object of column names and values, not a list"],
        id="a row that is a list",
    ),
    pytest.param(
        json.dumps({**HEADER, "tables": {"people": {}}}).encode(),
        ["table 'people': must be a list of rows"],
        id="a table that is not a list",
    ),
]


@pytest.mark.parametrize(("content", "fragments"), BAD_FILES)
def test_restore_refuses_a_bad_file_in_one_line_naming_it_and_changes_nothing(
    cli: Cli, unchanged: Callable[[], None], files: Path, content: bytes, fragments: list[str]
) -> None:
    path = files / "bad.json"
    path.write_bytes(content)

    line = assert_one_error(cli("restore", str(path)), f"error: {path}", *fragments)

    assert line.endswith("; nothing was restored")
    unchanged()


def test_restore_of_a_missing_file_says_there_is_no_such_file(
    cli: Cli, unchanged: Callable[[], None], files: Path
) -> None:
    missing = files / "missing.json"

    assert_one_error(cli("restore", str(missing)), f"{missing}: no such file; nothing was restored")
    unchanged()


def test_restore_refuses_a_file_over_the_size_limit(
    cli: Cli, demo_backup: Path, files: Path
) -> None:
    result = cli("restore", str(demo_backup), "--max-size", "1KB", "--db", str(files / "new.db"))

    assert_one_error(result, f"{demo_backup}: is ", "the limit is 1 KB")
    assert not (files / "new.db").exists()


def test_restore_refuses_a_max_size_that_is_not_a_size(cli: Cli, files: Path) -> None:
    assert_usage_error(cli("restore", str(files / "x.json"), "--max-size", "lots"), "lots")


def test_restore_into_a_database_that_holds_data_is_refused_and_changes_nothing(
    cli: Cli, unchanged: Callable[[], None], files: Path
) -> None:
    backup = files / "populated.json"
    assert cli("backup", str(backup)).code == 0

    result = cli("restore", str(backup))

    assert_one_error(result, "is not empty (table 'organizations' has rows)", "nothing was changed")
    unchanged()


def test_restore_of_a_row_with_a_broken_link_leaves_the_empty_database_empty(
    cli: Cli, migrated: Path, files: Path
) -> None:
    before = cli("backup", "-").out
    document = json.loads(before)
    document["tables"]["person_tags"] = [{"person_id": 7, "tag_id": 9}]
    broken = files / "broken.json"
    broken.write_text(json.dumps(document), encoding="utf-8")

    result = cli("restore", str(broken))

    assert_one_error(
        result,
        f"{broken}: table 'person_tags', row 1: column 'person_id' is 7, "
        "but table 'people' has no row with id 7",
    )
    assert cli("backup", "-").out == before


def test_a_refused_restore_into_a_new_database_file_does_not_create_it(
    cli: Cli, files: Path
) -> None:
    older = files / "older.json"
    older.write_text(
        json.dumps({**HEADER, "schema_revision": REVISIONS[0], "tables": {}}), encoding="utf-8"
    )

    result = cli("restore", str(older), "--db", str(files / "new.db"))

    assert_one_error(result, f"{older}: was written at schema {REVISIONS[0]}")
    assert not (files / "new.db").exists()


def test_a_refused_restore_prints_no_traceback_in_a_real_process(
    run_cli: RunCli, files: Path
) -> None:
    path = files / "garbage.json"
    path.write_bytes(b"{not json")

    result = run_cli("restore", str(path))

    assert_one_error(result, f"{path}: line 1, column 2: is not valid JSON")
