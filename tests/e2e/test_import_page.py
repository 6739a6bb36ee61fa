"""The Import page in Chromium: choose a LinkedIn export, see the preview, confirm, and find
the people; a refused file is shown by its field. Screenshots land in
test-artifacts/screenshots/ (import*.png)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.browser import DESKTOP, PHONE, BrowserProblems
from tests.e2e.test_journeys import add_person, nav_link, section, sideways, submit, unique_name

pytestmark = pytest.mark.e2e

LINKEDIN = "LinkedIn connections (Connections.csv)"
DONE_URL = re.compile(r"/import/[A-Za-z0-9_-]{32}/done$")
PREAMBLE = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses for connections who have allowed their "
    'connections to see or download their email address."\r\n'
    "\r\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
)


def connections(folder: Path, surname: str) -> Path:
    """Write a small Connections.csv whose people share ``surname``; return its path.

    Line 6 is a hidden profile (no name), skipped; line 7's Priyanca is a near match of
    a Priyanka stored at the same organisation.
    """
    path = folder / "Connections.csv"
    rows = [
        f"Oksana,{surname},https://www.linkedin.com/in/oksana-{surname.lower()},,"
        "Tidewater Bank,Risk Analyst,14 Mar 2024",
        ",,,,,,02 Feb 2023",
        f"Priyanca,{surname},,,Tidewater Bank,Head of Data,09 Jan 2022",
        f"Hana,{surname},,,,UX Researcher,05 Jun 2020",
    ]
    path.write_bytes((PREAMBLE + "\r\n".join(rows) + "\r\n").encode("utf-8"))
    return path


def count(page: Page, label: str, what: str) -> Locator:
    """The item of the counts list ``label`` that counts ``what`` ("to add", "skipped")."""
    counts = page.get_by_role("list", name=label)
    return counts.get_by_role("listitem").filter(has_text=re.compile(f"^[\\d,]+ {what}$"))


def choose_file(page: Page, kind: str, path: Path) -> None:
    """Open the Import page from the navigation, choose ``kind`` and the file ``path``."""
    page.goto("/")
    nav_link(page, "Import").click()
    expect(page.get_by_role("heading", name="Import contacts", level=1)).to_be_visible()
    page.get_by_label(kind).check()
    page.get_by_label(re.compile(r"^File\b")).set_input_files(path)


def test_import_a_linkedin_export_after_checking_the_preview(
    page: Page, tmp_path: Path, screenshots: Path
) -> None:
    surname = unique_name("x").split()[1]
    stored = add_person(page, f"Priyanka {surname}", Organisation="Tidewater Bank")
    choose_file(page, LINKEDIN, connections(tmp_path, surname))
    expect(nav_link(page, "Import")).to_have_attribute("aria-current", "page")
    page.screenshot(path=screenshots / "import.png", full_page=True)
    submit(page, "Preview the import")

    expect(page.get_by_role("heading", name="Check the import of Connections.csv")).to_be_visible()
    would = "What importing would do"
    expect(count(page, would, "to add")).to_have_text("3 to add")
    expect(count(page, would, "unchanged")).to_have_text("0 unchanged")
    expect(count(page, would, "possible duplicates?")).to_have_text("1 possible duplicate")
    expect(count(page, would, "skipped")).to_have_text("1 skipped")
    skipped = section(page, "Skipped (1)").get_by_role("row").filter(has_text="hidden profiles")
    expect(skipped.get_by_role("cell").first).to_have_text("6")
    duplicate = section(page, "Possible duplicates").get_by_role("row").filter(has_text="Priyanca")
    expect(duplicate.get_by_role("cell").first).to_have_text("7")
    expect(duplicate.get_by_role("link", name=f"Priyanka {surname}")).to_have_attribute(
        "href", f"/people/{stored}"
    )
    assert not sideways(page), sideways(page)
    page.screenshot(path=screenshots / "import-preview.png", full_page=True)

    submit(page, "Confirm the import")
    expect(page).to_have_url(DONE_URL)
    expect(page.get_by_role("heading", name="Imported Connections.csv", level=1)).to_be_visible()
    did = "What the import did"
    expect(count(page, did, "added")).to_have_text("3 added")
    expect(count(page, did, "skipped")).to_have_text("1 skipped")
    page.screenshot(path=screenshots / "import-done.png", full_page=True)

    page.get_by_role("link", name="See the people tagged possible-duplicate").click()
    results = page.locator("#people-results")
    expect(page.get_by_label("Tag")).to_have_value("possible-duplicate")
    expect(results.get_by_role("link", name=f"Priyanca {surname}")).to_be_visible()
    page.go_back()
    page.get_by_role("link", name="See everyone on the People page").click()
    expect(page.get_by_role("heading", name="People", level=1)).to_be_visible()
    page.get_by_label("Search names, titles and organisations").fill(surname)
    expect(page).to_have_url(re.compile(f"q={surname}"))
    for given in ("Oksana", "Priyanca", "Hana", "Priyanka"):
        expect(results.get_by_role("link", name=f"{given} {surname}")).to_be_visible()
    expect(results.get_by_role("row")).to_have_count(5)  # the header and four people


def test_a_refused_file_is_shown_by_the_file_field(
    page: Page, tmp_path: Path, browser_problems: BrowserProblems, screenshots: Path
) -> None:
    browser_problems.allow(r"status of 400 .*/import\]$")
    empty = tmp_path / "Connections.csv"
    empty.write_bytes(b"")
    choose_file(page, "vCard file (.vcf)", empty)
    submit(page, "Preview the import", status=400)

    main = page.get_by_role("main")
    expect(main.get_by_role("alert").first).to_have_text(
        "Nothing was imported: 1 field needs another look."
    )
    file = page.get_by_label(re.compile(r"^File\b"))
    expect(file).to_have_attribute("aria-invalid", "true")
    expect(file).to_have_accessible_description(
        re.compile(r"Connections\.csv: is empty; nothing was imported")
    )
    expect(page.get_by_label("vCard file (.vcf)")).to_be_checked()
    page.screenshot(path=screenshots / "import-refused.png", full_page=True)


def test_the_import_pages_do_not_scroll_sideways_on_a_phone(
    untouched_page: Page, tmp_path: Path, screenshots: Path
) -> None:
    page = untouched_page  # the preview stores nothing in the database
    page.set_viewport_size(PHONE)
    choose_file(page, LINKEDIN, connections(tmp_path, "Phoneview"))
    assert not sideways(page), sideways(page)
    page.screenshot(path=screenshots / "import-phone.png", full_page=True)
    submit(page, "Preview the import")
    expect(count(page, "What importing would do", "to add")).to_have_text("3 to add")
    assert not sideways(page), sideways(page)
    page.screenshot(path=screenshots / "import-preview-phone.png", full_page=True)
    page.set_viewport_size(DESKTOP)
    assert not sideways(page), sideways(page)
