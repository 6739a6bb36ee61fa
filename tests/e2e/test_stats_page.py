"""The Stats page in Chromium: the demo's numbers, three charts and the referral
network four and more referrals deep, with a screenshot."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_journeys import nav_link

pytestmark = pytest.mark.e2e


def test_the_stats_page_shows_the_numbers_charts_and_network(
    untouched_page: Page, screenshots: Path
) -> None:
    page = untouched_page
    page.goto("/")
    nav_link(page, "Stats").click()
    expect(page.get_by_role("heading", name="Stats", level=1)).to_be_visible()
    expect(page.locator("#numbers")).to_contain_text("Median time to a reply")
    for chart in ("#chart-channel", "#chart-known", "#chart-month"):
        expect(page.locator(f"{chart} svg rect").first).to_be_visible()
    expect(page.locator("#network-tree li[data-depth='4']").first).to_be_visible()
    page.locator("#network-tree a", has_text="Maya Chen").click()
    expect(page.get_by_role("heading", name="Maya Chen", level=1)).to_be_visible()
    page.go_back()
    page.screenshot(path=screenshots / "stats.png", full_page=True)
