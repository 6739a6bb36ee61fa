"""A meeting end to end in Chromium: the prep sheet, meeting mode with its timer, notes
saved as typed, two referrals captured, and the wrap-up; afterwards the people,
referrals, notes, thank-you draft and tasks all exist."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_journeys import CONVERSATION_URL, nav_link, section, submit

pytestmark = pytest.mark.e2e


def test_prepare_meet_capture_and_wrap_up(page: Page, screenshots: Path) -> None:
    page.goto("/people?q=Grace+Mwangi")
    page.get_by_role("link", name="Grace Mwangi").first.click()
    page.locator("a[href^='/conversations/']").filter(has_text="scheduled").first.click()
    expect(page).to_have_url(CONVERSATION_URL)

    page.get_by_role("link", name="Prepare: the prep sheet").click()
    expect(page.get_by_role("heading", name="Agenda (30 minutes)")).to_be_visible()
    minutes = page.locator("#agenda li[data-minutes]").evaluate_all(
        "items => items.reduce((sum, li) => sum + Number(li.dataset.minutes), 0)"
    )
    assert minutes == 30
    page.go_back()

    submit(page, "Start the meeting")
    expect(page.get_by_role("heading", name="Meeting with Grace Mwangi")).to_be_visible()
    clock = page.locator("#clock-left")
    expect(clock).to_contain_text("left")
    first = clock.inner_text()
    expect(clock).not_to_have_text(first, timeout=5000)  # it counts down by itself

    page.locator("#notes").fill("Consulting means shorter projects; ask Elena about rates.")
    expect(page.locator("#saved")).to_contain_text("Saved", timeout=5000)
    page.locator("#checklist input[type=checkbox]").first.check()

    for name, may_use in (("Rosa Quint", True), ("Sami Okoro", False)):
        page.locator("#ref-name").fill(name)
        page.locator("#ref-org").fill("Waypoint Learning Partners")
        if may_use:
            page.get_by_label("I may use their name").check()
        page.get_by_role("button", name="Add the referral").click()
        expect(page.locator("#captured-referrals")).to_contain_text(name)
    expect(page.locator("#ref-name")).to_have_value("")
    page.screenshot(path=screenshots / "meeting-mode.png", full_page=True)

    page.reload()  # nothing typed is lost
    expect(page.locator("#notes")).to_have_value(
        "Consulting means shorter projects; ask Elena about rates."
    )
    expect(page.locator("#checklist input[type=checkbox]").first).to_be_checked()

    page.locator("#notes").fill(
        "Consulting means shorter projects; ask Elena about rates. Ends"
    )  # typed just before ending: the end button takes the notes with it
    submit(page, "End the meeting and wrap up")
    expect(
        page.get_by_role("heading", name="Wrap up the meeting with Grace Mwangi")
    ).to_be_visible()
    expect(page.locator("#tasks-to-come")).to_contain_text("Ask Rosa Quint within a week")
    expect(page.locator("#body")).to_contain_text("Grace")
    page.locator("#minutes").fill("28")
    page.screenshot(path=screenshots / "meeting-wrap-up.png", full_page=True)
    submit(page, "Record the meeting")

    expect(page).to_have_url(CONVERSATION_URL)
    expect(page.locator(".lead .state")).to_have_text("held")
    expect(page.locator("dl.details")).to_contain_text("28 minutes")
    expect(
        page.locator(".note-body").filter(has_text="Meeting notes: Consulting means shorter")
    ).to_contain_text("about rates. Ends")
    expect(section(page, "Messages")).to_contain_text("Thank")

    nav_link(page, "Today").click()
    expect(
        page.locator("li[data-kind='thank_you']").filter(has_text="Grace Mwangi")
    ).to_be_visible()
    expect(
        page.locator("li[data-kind='contact_referral']").filter(has_text="Rosa Quint")
    ).to_be_visible()
    page.goto("/people?q=Rosa+Quint")
    page.get_by_role("link", name="Rosa Quint").first.click()
    expect(
        page.get_by_text("Grace Mwangi referred you to Rosa Quint (may use their name)")
    ).to_be_visible()
