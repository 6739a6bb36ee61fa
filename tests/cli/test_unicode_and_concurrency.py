"""Names in every script match case-insensitively on both backends, and several
processes using a fresh data folder at the same moment all succeed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import Cli


def test_an_organisation_with_an_accented_capital_is_found_again(cli: Cli, migrated: Path) -> None:
    assert cli("person", "add", "Ann Lee", "--org", "École Polytechnique").code == 0
    assert cli("person", "add", "Bo Kim", "--org", "École Polytechnique").code == 0

    listed = cli("person", "list", "--org", "école polytechnique", "--json")
    orgs = cli("org", "list", "--json").json

    assert [p["full_name"] for p in listed.json] == ["Ann Lee", "Bo Kim"]
    assert [(o["name"], o["people"]) for o in orgs] == [("École Polytechnique", 2)]


@pytest.mark.parametrize("query", ["ÉLODIE", "élodie", "Ångström"])
def test_search_folds_case_in_every_script(cli: Cli, migrated: Path, query: str) -> None:
    cli("person", "add", "Élodie Ångström", "--title", "Ingénieure")

    hits = cli("search", query, "--json").json

    assert [h["title"] for h in hits if h["kind"] == "person"] == ["Élodie Ångström"]


def test_unicode_spaces_and_joiners_are_kept_meaningfully(cli: Cli, migrated: Path) -> None:
    cli("person", "add", "Maya\u00a0Chen")
    cli("person", "add", "山田\u3000太郎")
    cli("person", "add", "Sara می\u200cخواهم")

    names = [p["full_name"] for p in cli("person", "list", "--json").json]

    assert names == ["Maya Chen", "Sara می\u200cخواهم", "山田 太郎"]


def test_three_first_commands_at_once_on_a_fresh_folder_all_succeed(home: Path) -> None:
    env = {**os.environ, "INFOINTERVIEW_HOME": str(home)}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "infointerview", "person", "add", f"Person {n}"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(3)
    ]
    results = [(run.wait(timeout=120), run.stderr.read() if run.stderr else "") for run in runs]
    assert [code for code, _ in results] == [0, 0, 0], results
    listed = subprocess.run(
        [sys.executable, "-m", "infointerview", "person", "list", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert listed.stdout.count('"full_name"') == 3
