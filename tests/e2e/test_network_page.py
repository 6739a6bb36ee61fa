"""The Network page in Chromium: the demo's referral chains drawn by cytoscape.js, four
referrals deep and more, a click on a person opening their page, no console error or
CSP violation, and screenshots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import PHONE, BrowserProblems
from tests.e2e.test_journeys import nav_link, sideways

pytestmark = pytest.mark.e2e

# The chain from you to a person, by names, read from the drawn graph itself.
CHAIN = """name => {
    const cy = window.infointerviewNetwork;
    let node = cy.nodes().filter(n => n.data("name") === name);
    const names = [node.data("name")];
    while (node.id() !== "0") {
        node = node.incomers("node").first();
        names.unshift(node.data("name"));
    }
    return names;
}"""

# Each drawn person's depth and place, and where a node is on the screen.
PLACES = """() => window.infointerviewNetwork.nodes().map(n => ({
    name: n.data("name"), depth: n.data("depth"), x: n.position("x"), y: n.position("y"),
}))"""
ON_SCREEN = """name => {
    const cy = window.infointerviewNetwork;
    const at = cy.nodes().filter(n => n.data("name") === name).renderedPosition();
    const box = cy.container().getBoundingClientRect();
    return {x: box.left + at.x, y: box.top + at.y};
}"""


def _drawn(page: Page) -> None:
    """Wait until the script has drawn the picture."""
    expect(page.locator("#network-canvas[data-ready='true']")).to_be_attached()
    expect(page.locator("#network-canvas canvas").first).to_be_visible()


def test_the_network_page_draws_the_chains_and_a_click_opens_the_person(
    untouched_page: Page, screenshots: Path
) -> None:
    page = untouched_page
    page.goto("/")
    nav_link(page, "Network").click()
    expect(page.get_by_role("heading", name="Network", level=1)).to_be_visible()
    _drawn(page)
    assert page.evaluate("() => window.infointerviewNetwork.nodes().length") == 29  # you + 28
    assert page.evaluate(CHAIN, "Lucía Fernández") == [
        "You",
        "Maya Chen",
        "Omar Haddad",
        "Priya Raghunathan",
        "Kenji Watanabe",
        "Lucía Fernández",
    ]
    assert page.evaluate(CHAIN, "Nadia Rahman")[1:] == [
        "Dana Osei",
        "Rafael Souza",
        "Ingrid Johansson",
        "Yusuf Demir",
        "Nadia Rahman",
    ]
    places: list[dict[str, Any]] = page.evaluate(PLACES)
    column = {p["depth"]: p["x"] for p in places if p["name"] in ("You", "Maya Chen")}
    assert column[0] < column[1]  # the tree grows from you, one column a referral
    by_name = {p["name"]: p for p in places}
    assert by_name["Kenji Watanabe"]["x"] > by_name["Priya Raghunathan"]["x"]
    # Cytoscape's own <style> element would break the CSP: the page's stylesheet stands in.
    assert page.evaluate("() => document.querySelectorAll('style').length") == 0
    expect(page.locator("#network-legend")).to_contain_text("Owed a report-back")
    page.screenshot(path=screenshots / "network.png", full_page=True)

    at = page.evaluate(ON_SCREEN, "Kenji Watanabe")
    page.mouse.click(at["x"], at["y"])
    expect(page.get_by_role("heading", name="Kenji Watanabe", level=1)).to_be_visible()
    assert "/people/" in page.url


def test_the_zoom_buttons_and_the_list_work(untouched_page: Page) -> None:
    page = untouched_page
    page.goto("/network")
    _drawn(page)
    before = page.evaluate("() => window.infointerviewNetwork.zoom()")
    page.get_by_role("button", name="Zoom in").click()
    assert page.evaluate("() => window.infointerviewNetwork.zoom()") > before
    page.get_by_role("button", name="Show all").click()
    assert page.evaluate("() => window.infointerviewNetwork.zoom()") == pytest.approx(before)
    page.locator("#network-tree a", has_text="Nadia Rahman").click()
    expect(page.get_by_role("heading", name="Nadia Rahman", level=1)).to_be_visible()


def test_the_network_page_fits_a_phone(untouched_page: Page, screenshots: Path) -> None:
    page = untouched_page
    page.set_viewport_size(PHONE)
    page.goto("/network")
    _drawn(page)
    assert sideways(page) == ""
    page.screenshot(path=screenshots / "network-phone.png", full_page=True)


def test_without_script_the_page_still_lists_everyone(
    browser_problems: BrowserProblems, untouched_page: Page
) -> None:
    page = untouched_page
    page.route("**/network.js", lambda route: route.abort())
    browser_problems.allow(r"network\.js")
    page.goto("/network")
    expect(page.locator("#network-figure")).to_be_hidden()
    expect(page.locator("#network-tree li")).to_have_count(28)
    expect(page.locator("#network-owed")).to_contain_text("Kenji Watanabe")
