"""End-to-end journeys through the web app in Chromium, by clicking and typing only.

Locators go by role and label, so a missing label or a wrong role fails a test too.
Every test adds its own people under unique names, so the order they run in does not
matter. Full-page screenshots of every page land in test-artifacts/screenshots/.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.browser import DESKTOP, PHONE, BrowserProblems

pytestmark = pytest.mark.e2e

PERSON_URL = re.compile(r"/people/(\d+)$")
CONVERSATION_URL = re.compile(r"/conversations/(\d+)$")


def unique_name(given: str) -> str:
    """Return a full name no one else in the database has: ``given`` and a random surname."""
    letters = random.choices(string.ascii_lowercase, k=8)
    return f"{given} {''.join(letters).title()}"


def nav_link(page: Page, name: str) -> Locator:
    """The link ``name`` of the main navigation."""
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)


def section(page: Page, heading: str) -> Locator:
    """The region (a section labelled by its heading) called ``heading``."""
    return page.get_by_role("region", name=heading, exact=True)


def detail(page: Page, term: str) -> Locator:
    """The description beside the term ``term`` in the page's details list."""
    return page.locator("dl.details dt").filter(has_text=re.compile(f"^{term}$")).locator("+ dd")


def submit(page: Page, button: str, status: int | None = None) -> None:
    """Press the submit button ``button`` and wait for the page it leads to.

    The page must answer ``status``; without one, any success. Otherwise the test
    fails with what the page said.
    """
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=button, exact=True).click()
    response = navigation.value
    got = response.status if response else 0
    assert got == status if status else got < 400, (
        f"pressing {button!r} got {got} at {page.url}: "
        + " / ".join(page.get_by_role("alert").all_inner_texts())
    )


def add_person(page: Page, full_name: str, **fields: str) -> int:
    """Add ``full_name`` through the People page's form; return their id.

    ``fields`` fill text boxes by their label (``Organisation="..."``, underscores
    standing for spaces). The test is left on the new person's page.
    """
    page.goto("/")
    nav_link(page, "People").click()
    page.get_by_role("main").get_by_role("link", name="Add a person").click()
    expect(page.get_by_role("heading", name="Add a person", level=1)).to_be_visible()
    page.get_by_label("Full name").fill(full_name)
    for label, value in fields.items():
        page.get_by_label(label.replace("_", " "), exact=True).fill(value)
    submit(page, "Add person")
    expect(page).to_have_url(PERSON_URL)
    expect(page.get_by_role("heading", name=full_name, level=1)).to_be_visible()
    found = PERSON_URL.search(page.url)
    assert found is not None
    return int(found.group(1))


def mark_window(page: Page) -> str:
    """Set a marker on ``window`` that a full page load would wipe out; return its value."""
    marker = unique_name("marker")
    page.evaluate("marker => { window.e2eMarker = marker; }", marker)
    return marker


def expect_same_document(page: Page, marker: str) -> None:
    """Check the page was not reloaded since ``mark_window`` returned ``marker``."""
    assert page.evaluate("() => window.e2eMarker") == marker, "the page was reloaded"


def test_add_a_person_then_edit_them(page: Page) -> None:
    name = unique_name("Maren")
    add_person(
        page,
        name,
        Organisation="Harbour Labs",
        Title="Service Designer",
        Location="Leeds",
        Emails="maren@harbour.example\nmaren.alt@harbour.example",
        Tags="design, alumni",
    )
    expect(page.locator(".lead")).to_have_text("Service Designer at Harbour Labs")
    expect(detail(page, "Location")).to_have_text("Leeds")
    expect(detail(page, "How known")).to_have_text("cold")
    expect(detail(page, "Tags")).to_have_text("alumni, design")  # kept sorted
    details = section(page, "Details")
    expect(details.get_by_role("link", name="maren@harbour.example")).to_be_visible()
    expect(details.get_by_role("link", name="maren.alt@harbour.example")).to_be_visible()

    page.get_by_role("main").get_by_role("link", name="Edit", exact=True).click()
    expect(page.get_by_role("heading", name=f"Edit {name}", level=1)).to_be_visible()
    expect(page.get_by_label("Full name")).to_have_value(name)
    expect(page.get_by_label("Emails")).to_have_value(
        "maren@harbour.example\nmaren.alt@harbour.example"
    )
    page.get_by_label("Title").fill("Head of Service Design")
    page.get_by_label("Location").fill("York")
    page.get_by_label("How known").select_option(label="alumni")
    page.get_by_label("Preferred channel").select_option(label="video")
    page.get_by_label("Has hired people").check()
    submit(page, "Save")

    expect(page).to_have_url(PERSON_URL)
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
    expect(page.locator(".lead")).to_have_text("Head of Service Design at Harbour Labs")
    expect(detail(page, "Location")).to_have_text("York")
    expect(detail(page, "How known")).to_have_text("alumni")
    expect(detail(page, "Prefers")).to_have_text("video")
    expect(detail(page, "Has hired people")).to_have_text("yes")
    expect(section(page, "Timeline")).to_contain_text(name)


def test_the_timeline_names_only_the_fields_an_edit_changed(page: Page) -> None:
    name = unique_name("Edda")
    add_person(page, name, Organisation="Harbour Labs", Emails="edda@harbour.example")
    page.get_by_role("main").get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Title").fill("Archivist")
    page.get_by_label("Location").fill("Bergen")
    submit(page, "Save")

    expect(section(page, "Timeline")).to_contain_text(f"Edited {name}: location, title")


def test_search_as_you_type_updates_the_results_without_a_reload(page: Page) -> None:
    page.goto("/")
    nav_link(page, "People").click()
    results = page.locator("#people-results")
    expect(results.get_by_role("link", name="Maya Chen")).to_be_visible()
    marker = mark_window(page)

    search = page.get_by_label("Search names, titles and organisations")
    search.press_sequentially("chlo", delay=30)  # finds "Chloé": accents do not matter

    expect(page).to_have_url(re.compile(r"/people\?(.*&)?q=chlo(&|$)"))
    expect(results.get_by_role("link", name="Chloé Martin")).to_be_visible()
    expect(results.get_by_role("link", name="Maya Chen")).to_have_count(0)
    expect(search).to_be_focused()
    expect(search).to_have_value("chlo")
    expect_same_document(page, marker)

    search.fill("zzqx no such person")
    expect(results).to_contain_text("No people match these filters.")
    expect(page).to_have_url(re.compile(r"q=zzqx"))
    expect_same_document(page, marker)


def test_a_referral_shows_on_both_peoples_pages(page: Page) -> None:
    referrer = unique_name("Rosa")
    referred = unique_name("Idris")
    add_person(page, referred)
    add_person(page, referrer, Organisation="Northwind Health")

    page.get_by_text(f"Record a referral from {referrer}").click()
    page.get_by_label("Referred you to (a name or #id)").fill(referred)
    page.get_by_label(f"You may use {referrer}'s name").check()
    submit(page, "Record referral")

    referrals = section(page, "Referrals")
    expect(page.get_by_role("heading", name=referrer, level=1)).to_be_visible()
    out = referrals.get_by_role("listitem").filter(has_text=referred)
    expect(out).to_contain_text(f"(may use {referrer}'s name)")
    out.get_by_role("link", name=referred).click()

    expect(page.get_by_role("heading", name=referred, level=1)).to_be_visible()
    incoming = section(page, "Referrals").get_by_role("listitem").filter(has_text=referrer)
    expect(incoming).to_contain_text("(may use their name)")
    expect(incoming.get_by_role("link", name=referrer)).to_be_visible()
    expect(detail(page, "How known")).to_have_text("referred")


def test_a_conversation_goes_from_draft_to_held(page: Page) -> None:
    name = unique_name("Tobias")
    add_person(page, name, Organisation="Fjord Analytics")

    page.get_by_text(f"Ask {name} for advice").click()
    page.get_by_label("Channel").select_option(label="video")
    page.get_by_label("Minutes to ask for").fill("25")
    submit(page, "Draft the request")

    expect(page).to_have_url(CONVERSATION_URL)
    expect(page.get_by_role("heading", name=f"Conversation with {name}", level=1)).to_be_visible()
    state = page.locator(".lead .state")
    timeline = section(page, "Timeline")
    expect(state).to_have_text("draft")
    expect(page.locator(".lead")).to_contain_text("25 minutes asked")
    expect(timeline).to_contain_text(f"Drafted a 25-minute request to {name}")

    submit(page, "Mark as requested")
    expect(state).to_have_text("requested")
    expect(timeline).to_contain_text(f"Asked {name} for 25 minutes of advice")

    meeting = (datetime.now() + timedelta(days=1)).replace(hour=10, minute=30)
    page.get_by_label("Meeting time").fill(meeting.strftime("%Y-%m-%dT%H:%M"))
    submit(page, "Mark as scheduled")
    expect(state).to_have_text("scheduled")
    expect(detail(page, "Scheduled for")).to_have_text(meeting.strftime("%Y-%m-%d %H:%M"))
    expect(timeline).to_contain_text(f"Scheduled a conversation with {name}")

    page.get_by_label("How many minutes it took").fill("28")
    page.get_by_label("What you learned").fill("Analytics hires juniors through its data guild")
    submit(page, "Mark as held")
    expect(state).to_have_text("held")
    expect(detail(page, "Held")).to_contain_text("28 minutes")
    expect(detail(page, "What you learned")).to_have_text(
        "Analytics hires juniors through its data guild"
    )
    expect(timeline).to_contain_text(f"Met {name}")
    expect(page.get_by_role("button", name="Mark as thanked")).to_be_visible()

    page.get_by_role("heading", level=1).get_by_role("link", name=name).click()
    conversations = section(page, "Conversations")
    expect(conversations.get_by_role("row").filter(has_text="held")).to_have_count(1)


def test_a_note_is_added_inline_without_a_reload(page: Page) -> None:
    name = unique_name("Nell")
    add_person(page, name)
    notes = section(page, "Notes")
    expect(notes).to_contain_text("No notes yet.")
    marker = mark_window(page)
    url = page.url

    text = f"Ask about the research guild\n(said {name} on the phone)"
    notes.get_by_label("Add a note").fill(text)
    notes.get_by_role("button", name="Add note").click()

    expect(notes.locator(".note-body")).to_have_text(text)
    expect(notes.get_by_label("Add a note")).to_have_value("")
    expect(notes).not_to_contain_text("No notes yet.")
    expect(page).to_have_url(url)
    expect_same_document(page, marker)


def test_a_malformed_form_shows_each_problem_by_its_field_and_keeps_the_values(
    page: Page, browser_problems: BrowserProblems
) -> None:
    browser_problems.allow(r"status of 422 .*/people\]$")  # the form, sent back to fix
    page.goto("/people/new")
    page.get_by_label("Organisation").fill("Keep Me Ltd")
    page.get_by_label("Emails").fill("not-an-email")
    page.get_by_label("Tags").fill("kept, too")
    submit(page, "Add person", status=422)

    expect(page.get_by_role("heading", name="Add a person", level=1)).to_be_visible()
    expect(page.get_by_role("main").get_by_role("alert").first).to_have_text(
        "Nothing was saved: 2 fields need another look."
    )
    full_name = page.get_by_label("Full name")
    emails = page.get_by_label("Emails")
    expect(full_name).to_have_attribute("aria-invalid", "true")
    expect(full_name).to_have_accessible_description(re.compile(r"\S"))
    expect(emails).to_have_attribute("aria-invalid", "true")
    expect(emails).to_have_accessible_description(re.compile("not-an-email"))
    expect(page.locator("#full_name + #full_name-problem")).to_be_visible()
    expect(page.locator("#emails + small + #emails-problem")).to_be_visible()
    expect(page.get_by_label("Organisation")).to_have_value("Keep Me Ltd")
    expect(page.get_by_label("Organisation")).not_to_have_attribute("aria-invalid", "true")
    expect(emails).to_have_value("not-an-email")
    expect(page.get_by_label("Tags")).to_have_value("kept, too")


def test_tab_reaches_the_skip_link_first_then_the_main_navigation(page: Page) -> None:
    for start in ("/", "/people"):
        page.goto(start)
        skip = page.get_by_role("link", name="Skip to content")
        page.keyboard.press("Tab")
        expect(skip).to_be_focused()
        expect(skip).to_be_in_viewport()
        for name in ("Today", "Overview", "People", "Targets"):
            page.keyboard.press("Tab")
            expect(nav_link(page, name)).to_be_focused()

    page.goto("/overview")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    page.keyboard.press("Tab")  # the skip link moved focus past the navigation
    expect(page.get_by_role("main").get_by_role("link", name="Add a person")).to_be_focused()


def test_the_icon_loads(page: Page) -> None:
    # Chromium fetches the icon once per browser, during whichever test comes first: a
    # missing one would fail that test at random, so it is checked here on its own.
    page.goto("/")
    icon = page.locator("head link[rel~='icon']")
    href = icon.first.get_attribute("href") if icon.count() else "/favicon.ico"
    assert href is not None
    if not href.startswith("data:"):
        response = page.request.get(href)
        assert response.ok, f"the icon {href} answers {response.status}"


# Every page, by the clicks that lead to it from the Overview.


def _overview(page: Page) -> None:
    page.goto("/overview")


def _today(page: Page) -> None:
    page.goto("/")


def _people(page: Page) -> None:
    page.goto("/")
    nav_link(page, "People").click()


def _people_search(page: Page) -> None:
    _people(page)
    page.get_by_label("Search names, titles and organisations").press_sequentially("research")
    expect(page).to_have_url(re.compile(r"q=research"))
    expect(page.locator("#people-results")).to_contain_text("Maya Chen")


def _person(page: Page) -> None:
    _people(page)
    page.get_by_role("link", name="Maya Chen").click()
    expect(page.get_by_role("heading", name="Maya Chen", level=1)).to_be_visible()


def _person_edit(page: Page) -> None:
    _person(page)
    page.get_by_role("main").get_by_role("link", name="Edit", exact=True).click()
    expect(page.get_by_label("Full name")).to_have_value("Maya Chen")


def _person_form_errors(page: Page) -> None:
    page.goto("/people/new")
    page.get_by_label("Emails").fill("not-an-email")
    page.get_by_label("LinkedIn profile").fill("linkedin dot com slash someone")
    submit(page, "Add person", status=422)
    expect(page.get_by_label("Emails")).to_have_attribute("aria-invalid", "true")


def _targets(page: Page) -> None:
    page.goto("/")
    nav_link(page, "Targets").click()


def _target(page: Page) -> None:
    _targets(page)
    page.get_by_role("main").get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/targets/\d+$"))


def _conversation(page: Page) -> None:
    _person(page)
    section(page, "Conversations").get_by_role("link", name=re.compile(r"^#\d+$")).first.click()
    expect(page).to_have_url(CONVERSATION_URL)


def _compose(page: Page) -> None:
    _conversation(page)
    page.get_by_role("button", name="Write", exact=True).click()
    expect(page.get_by_role("region", name="Etiquette check")).to_be_visible()


def _not_found(page: Page) -> None:
    response = page.goto("/people/no-such-page/at-all")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", name="Not found", level=1)).to_be_visible()


PAGES: dict[str, Callable[[Page], None]] = {
    "today": _today,
    "overview": _overview,
    "people": _people,
    "people-search": _people_search,
    "person": _person,
    "person-edit": _person_edit,
    "person-form-errors": _person_form_errors,
    "targets": _targets,
    "target": _target,
    "conversation": _conversation,
    "compose": _compose,
    "not-found": _not_found,
}
# Pages whose own status the console reports as an error.
EXPECTED_STATUS = {"not-found": 404, "person-form-errors": 422}


SIDEWAYS = """() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
    wide: [...document.querySelectorAll("body *")]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
        .filter(e => !e.closest(".scroll") && !e.closest(".skip"))
        .slice(0, 5)
        .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
            + (e.className ? "." + String(e.className).replace(/ /g, ".") : "")),
})"""


def sideways(page: Page) -> str:
    """Say how the page scrolls sideways at its present size, or "" when it does not."""
    widths = page.evaluate(SIDEWAYS)
    if widths["scroll"] <= widths["inner"]:
        return ""
    size = page.viewport_size or {"width": 0, "height": 0}
    return (
        f"at {size['width']}x{size['height']} it is {widths['scroll']} px wide in a "
        f"{widths['inner']} px window; too wide: {widths['wide']}"
    )


@pytest.mark.parametrize("name", PAGES)
def test_no_page_scrolls_sideways_on_a_phone_or_a_desktop(
    untouched_page: Page, browser_problems: BrowserProblems, screenshots: Path, name: str
) -> None:
    page = untouched_page  # the pages as shipped, without the other tests' people
    if name in EXPECTED_STATUS:
        browser_problems.allow(f"status of {EXPECTED_STATUS[name]} ")
    page.set_viewport_size(PHONE)
    PAGES[name](page)
    expect(page.get_by_role("main")).to_be_visible()
    on_phone = sideways(page)
    if name == "overview":
        page.screenshot(path=screenshots / f"{name}-phone.png", full_page=True)

    page.set_viewport_size(DESKTOP)
    on_desktop = sideways(page)
    page.screenshot(path=screenshots / f"{name}.png", full_page=True)

    problems = [problem for problem in (on_phone, on_desktop) if problem]
    assert not problems, f"{name} scrolls sideways: " + "; ".join(problems)
