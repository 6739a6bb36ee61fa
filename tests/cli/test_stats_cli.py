"""`infointerview stats --plot FILE`: the charts drawn by matplotlib into a PNG or SVG
file, and the claims nobody was asked about yet per target."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from tests.cli.conftest import Cli
from tests.cli.helpers import assert_one_error


def test_the_charts_drawn_into_png_and_svg(cli: Cli, tmp_path: Path) -> None:
    assert cli("demo").code == 0
    png, svg = tmp_path / "numbers.png", tmp_path / "numbers.SVG"
    drawn = cli("stats", "--plot", str(png))
    assert drawn.code == 0, drawn.err
    assert "By channel" in drawn.out
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert cli("stats", "--plot", str(svg), "--json").code == 0
    root = ElementTree.fromstring(svg.read_bytes())
    assert root.tag.endswith("svg")
    text = svg.read_text(encoding="utf-8")
    for title in ("Answered, by channel", "Answered, by how you know them", "Requests per month"):
        assert title in text  # the titles are kept as text (svg.fonttype none)


def test_a_picture_is_not_overwritten_without_force_nor_drawn_in_another_format(
    cli: Cli, tmp_path: Path
) -> None:
    assert cli("demo").code == 0
    kept = tmp_path / "numbers.png"
    kept.write_bytes(b"mine")
    assert_one_error(cli("stats", "--plot", str(kept)), "already exists", "--force")
    assert kept.read_bytes() == b"mine"
    assert cli("stats", "--plot", str(kept), "--force").code == 0
    assert kept.read_bytes().startswith(b"\x89PNG")
    assert_one_error(cli("stats", "--plot", str(tmp_path / "numbers.pdf")), ".png or .svg")
    assert not (tmp_path / "numbers.pdf").exists()
    missing = tmp_path / "no such folder" / "numbers.png"
    assert_one_error(cli("stats", "--plot", str(missing)), "cannot write")


def test_claims_nobody_was_asked_yet_per_target(cli: Cli) -> None:
    assert cli("target", "add", "UX Researcher").code == 0
    for claim in ("Portfolios matter", "Most switched careers"):
        assert cli("target", "claim", "UX Researcher", claim).code == 0
    found = cli("stats", "--json").json
    assert found["open_claims"] == [{"target": "UX Researcher", "claims": 2}]
    assert "Claims nobody was asked yet" in " ".join(cli("stats").out.split())
