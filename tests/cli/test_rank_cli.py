"""`infointerview rank`: who to ask next about a target, with the reasons."""

from __future__ import annotations

from tests.cli.conftest import Cli


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
