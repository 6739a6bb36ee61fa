"""The Compose page in Chromium: a bad request is checked as it is typed, its findings
are marked in the text with their seeds, and once fixed it is kept, downloaded as an
.eml that parses back, and recorded as sent."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_journeys import CONVERSATION_URL, add_person, section, submit, unique_name

pytestmark = pytest.mark.e2e

MESSAGE_URL = re.compile(r"/messages/(\d+)$")
BAD = (
    "Hi,\n\nI'd love an informational interview about your team. "
    "Are you hiring? I have attached my resume.\n\nJo"
)
GOOD = (
    "Dear {first},\n\n"
    "I'm a science teacher exploring UX research, and your work at Fjord Analytics is "
    "exactly what I want to understand. Would you have 20 minutes in the next few weeks "
    "to share your advice? I'm glad to work around your schedule, or to talk by phone.\n\n"
    "Thank you,\nJo"
)


def test_a_bad_request_is_marked_as_typed_then_fixed_kept_and_sent_as_eml(
    page: Page, tmp_path: Path, screenshots: Path
) -> None:
    name = unique_name("Zoë")
    first = name.split()[0]
    add_person(page, name, Organisation="Fjord Analytics", Emails=f"{first.lower()}@fjord.example")
    page.get_by_text(f"Ask {name} for advice").click()
    submit(page, "Draft the request")
    expect(page).to_have_url(CONVERSATION_URL)

    page.get_by_label("Write", exact=True).select_option("request")
    page.get_by_role("button", name="Write", exact=True).click()
    expect(page.get_by_role("heading", name=f"Request to {name}", level=1)).to_be_visible()
    findings = section(page, "Etiquette check")
    expect(findings).to_contain_text("Good to send")  # the template passes as shipped

    page.get_by_label("Subject").fill("Informational interview")
    body = page.get_by_label("Message", exact=True)
    body.fill("")
    body.press_sequentially(BAD, delay=2)
    job = findings.locator("li[data-rule='job-ask']")
    expect(job).to_contain_text("seed 004")
    expect(findings.locator("li[data-rule='resume']")).to_be_visible()
    expect(findings.locator("li[data-rule='informational-interview']")).to_have_count(2)
    number = job.get_attribute("id")
    assert number is not None
    marked = findings.locator(f"mark[aria-describedby~='{number}']")
    expect(marked).to_have_text("Are you hiring")
    expect(marked).to_have_class(re.compile("sev-error"))
    expect(findings.locator(".verdict")).not_to_contain_text("Good to send")
    page.screenshot(path=screenshots / "compose-findings.png", full_page=True)

    page.get_by_label("Subject").fill("Your advice on UX research?")
    body.fill(GOOD.format(first=first))
    expect(findings.locator(".verdict")).to_contain_text("Good to send")
    expect(findings.locator("li.finding")).to_have_count(0)
    expect(findings.locator("mark")).to_have_count(0)

    submit(page, "Save draft")
    expect(page).to_have_url(MESSAGE_URL)
    expect(page.get_by_label("Message", exact=True)).to_have_value(GOOD.format(first=first))
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as .eml").click()
    saved = tmp_path / "request.eml"
    download.value.save_as(saved)
    assert download.value.suggested_filename.endswith(".eml")
    mail = email.message_from_bytes(saved.read_bytes(), policy=email.policy.default)
    assert mail["To"].addresses[0].display_name == name
    assert mail["To"].addresses[0].addr_spec == f"{first.lower()}@fjord.example"
    assert mail["Subject"] == "Your advice on UX research?"
    assert mail["X-Unsent"] == "1"
    assert mail.get_content().replace("\r\n", "\n").rstrip("\n") == GOOD.format(first=first)

    submit(page, "Mark as sent")
    expect(page).to_have_url(CONVERSATION_URL)
    expect(page.locator(".lead .state")).to_have_text("requested")
    expect(section(page, "Timeline")).to_contain_text("Sent request: Your advice on UX research?")


def test_user_text_on_the_compose_page_is_escaped(page: Page) -> None:
    name = unique_name("Mallory")
    add_person(page, name)
    page.get_by_text(f"Ask {name} for advice").click()
    submit(page, "Draft the request")
    page.get_by_role("button", name="Write", exact=True).click()
    hostile = "<img src=x onerror=alert(1)> Are you hiring? <b>bold</b>"
    page.get_by_label("Message", exact=True).fill(hostile)
    findings = section(page, "Etiquette check")
    expect(findings.locator("li[data-rule='job-ask']")).to_be_visible()
    expect(findings.locator(".preview-body")).to_contain_text("<img src=x onerror=alert(1)>")
    expect(findings.locator("img, b")).to_have_count(0)
