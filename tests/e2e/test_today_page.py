"""The Today page in Chromium: the demo's overdue thank-you and due nudge, with their
seeds; drafting the thank-you from Today and marking it sent takes it off the page."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_journeys import CONVERSATION_URL, nav_link, section, submit

pytestmark = pytest.mark.e2e


def test_a_thank_you_drafted_from_today_and_sent_leaves_the_agenda(
    page: Page, screenshots: Path
) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    overdue = section(page, "Overdue")
    thanks = overdue.locator("li[data-kind='thank_you']").filter(has_text="Chloé Martin")
    expect(thanks).to_contain_text("seed 002")
    expect(thanks).to_contain_text("that very day")
    nudge = overdue.locator("li[data-kind='nudge']").filter(has_text="Thandiwe Dlamini")
    expect(nudge).to_contain_text("3B7")
    page.screenshot(path=screenshots / "today-agenda.png", full_page=True)

    thanks.get_by_role("link", name="Draft the thank you").click()
    expect(page.get_by_role("heading", name="Thank you to Chloé Martin", level=1)).to_be_visible()
    # Two days on, the checker says so; a late thank-you is still better than none.
    expect(
        section(page, "Etiquette check").locator("li[data-rule='late-thank-you']")
    ).to_be_visible()
    submit(page, "Save draft")
    submit(page, "Mark as sent")
    expect(page).to_have_url(CONVERSATION_URL)
    expect(page.locator(".lead .state")).to_have_text("thanked")

    nav_link(page, "Today").click()
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    expect(page.locator("li[data-kind='thank_you']").filter(has_text="Chloé Martin")).to_have_count(
        0
    )
    expect(
        page.locator("li[data-kind='nudge']").filter(has_text="Thandiwe Dlamini")
    ).to_be_visible()


def test_done_takes_a_task_off_today(page: Page) -> None:
    page.goto("/")
    task = page.locator("li[data-kind='nudge']").filter(has_text="Thandiwe Dlamini")
    task.get_by_role("button", name="Done: nudge for Thandiwe Dlamini").click()
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    expect(page.locator("li[data-kind='nudge']").filter(has_text="Thandiwe Dlamini")).to_have_count(
        0
    )
