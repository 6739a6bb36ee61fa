"""`infointerview network` on the demo network: the tree with its numbers, and graph
files that Graphviz draws and networkx reads back."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli.conftest import Cli

needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None and not os.environ.get("INFOINTERVIEW_REQUIRE_GRAPHVIZ"),
    reason="Graphviz is not installed (INFOINTERVIEW_REQUIRE_GRAPHVIZ=1 makes this a failure)",
)


def test_the_tree_shows_chains_from_you_and_the_numbers(cli: Cli) -> None:
    assert cli("demo").code == 0
    shown = cli("network")
    assert shown.code == 0, shown.err
    lines = shown.out.splitlines()
    assert lines[0] == "You"
    assert "  └ Maya Chen (closed)" in lines
    assert "    └ Omar Haddad (closed)" in lines
    assert "chains up to 5 deep" in shown.out
    assert "Owed a report-back: " in shown.out


@needs_dot
def test_the_dot_file_is_drawn_by_graphviz(cli: Cli, tmp_path: Path) -> None:
    assert cli("demo").code == 0
    assert cli("person", "add", 'Quote "Q" Back\\slash').code == 0
    assert cli("conversation", "new", 'Quote "Q" Back\\slash').code == 0
    drawn = cli("network", "--format", "dot", "-o", str(tmp_path / "net.dot"))
    assert drawn.code == 0, drawn.err
    svg = subprocess.run(
        ["dot", "-Tsvg", str(tmp_path / "net.dot")], capture_output=True, text=True, check=True
    ).stdout
    assert "<svg" in svg
    assert "Maya Chen" in svg


def test_graphml_loads_in_networkx_and_json_has_nodes_and_links(cli: Cli, tmp_path: Path) -> None:
    import networkx

    assert cli("demo").code == 0
    assert cli("network", "--format", "graphml", "-o", str(tmp_path / "n.graphml")).code == 0
    g = networkx.read_graphml(tmp_path / "n.graphml")
    assert g.number_of_nodes() == 29  # you and the 28 people in the demo's network
    names = {data["name"] for _, data in g.nodes(data=True)}
    assert {"You", "Maya Chen", "Grace Mwangi"} <= names
    document = json.loads(cli("network", "--format", "json").out)
    assert len(document["nodes"]) == 29
    assert {"from", "to", "may_use_name"} == set(document["links"][0])
    bad = cli("network", "--format", "pdf")
    assert bad.code == 2
    assert "'pdf' is not one of: text, dot, graphml, json" in bad.err


def test_stats_on_the_demo_network(cli: Cli) -> None:
    assert cli("demo").code == 0
    found = cli("stats", "--json")
    assert found.code == 0, found.err
    numbers = found.json
    assert numbers["requests"] >= numbers["answered"] > 0
    assert 0 < numbers["response_rate"] <= 1
    assert numbers["meetings"] > 0
    assert {r["group"] for r in numbers["by_how_known"]} <= {"known", "referred", "alumni", "cold"}
    shown = cli("stats")
    assert "median time to a reply" in shown.out
    assert "By channel" in shown.out
