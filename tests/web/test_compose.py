"""The Compose routes: a template draft, the check as typed, keeping and editing a draft,
the .eml download, marking sent, and hostile text and headers."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from tests.web.helpers import check_scripts, field_value, parse, problems, submit
from tests.web.test_xss import PAYLOADS, check_shown_as_text, created_id

GOOD = (
    "Dear Ana,\n\nI'm a science teacher exploring UX research, and your work at Fjord is "
    "what I want to understand. Would you have 20 minutes in the next few weeks to share "
    "your advice? I'm glad to work around your schedule, or to talk by phone.\n\nThanks,\nJo"
)


def _conversation(
    client: TestClient, name: str = "Ana Ruiz", email_: str = "ana@fjord.example"
) -> int:
    added = submit(
        client, "/people", {"full_name": name, "emails": email_, "organization": "Fjord"}
    )
    assert added.status_code == 303, added.text
    person = created_id(added.headers["location"])
    started = submit(client, f"/people/{person}/conversations", {})
    assert started.status_code == 303, started.text
    return created_id(started.headers["location"])


def _keep(client: TestClient, talk: int, subject: str, body: str, kind: str = "request") -> int:
    kept = submit(
        client, f"/conversations/{talk}/messages", {"kind": kind, "subject": subject, "body": body}
    )
    assert kept.status_code == 303, kept.text
    return created_id(kept.headers["location"])


def test_the_compose_page_drafts_from_the_template_with_placeholders_for_a_missing_profile(
    client: TestClient,
) -> None:
    talk = _conversation(client)
    html = client.get(f"/conversations/{talk}/compose").text
    body = field_value(html, "body")
    assert body.startswith("Dear Ana,")
    assert "[your name]" in body
    assert "[who you are, in a phrase]" in body
    assert field_value(html, "subject") == "Your advice on [the field you are exploring]?"


def test_the_profile_in_config_signs_the_draft(client: TestClient, home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(
        '[me]\nname = "Jo Park"\nbackground = "a science teacher"\nexploring = "UX research"\n',
        encoding="utf-8",
    )
    talk = _conversation(client)
    html = client.get(f"/conversations/{talk}/compose").text
    assert field_value(html, "subject") == "Your advice on UX research?"
    assert field_value(html, "body").rstrip().endswith("Jo Park")
    assert "I'm a science teacher, exploring UX research." in field_value(html, "body")


def test_the_check_answers_with_the_findings_marked_in_the_text(client: TestClient) -> None:
    talk = _conversation(client)
    response = submit(
        client,
        f"/conversations/{talk}/compose/check",
        {"kind": "request", "subject": "Hello", "body": "Hi,\nAre you hiring? Here is my CV."},
    )
    assert response.status_code == 200
    panel = parse(response.text).by_id("findings")
    rules = [li.attrs["data-rule"] for li in panel.find_all("li")]
    assert rules[:2] == ["job-ask", "resume"]
    marks = {m.text(): m.attrs["aria-describedby"] for m in panel.find_all("mark")}
    assert marks["Are you hiring"] == "finding-1"
    assert marks["my CV"] == "finding-2"
    assert "seed 004" in panel.by_id("finding-1").text()


def test_a_draft_is_kept_edited_downloaded_and_marked_sent(client: TestClient) -> None:
    talk = _conversation(client)
    message = _keep(client, talk, "Hi", "First words")
    page = client.get(f"/messages/{message}")
    assert page.status_code == 200
    assert field_value(page.text, "body") == "First words"

    edited = submit(client, f"/messages/{message}", {"subject": "Zoë's café?", "body": GOOD})
    assert edited.status_code == 303
    download = client.get(f"/messages/{message}/eml")
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("message/rfc822")
    assert 'filename="request-ana-ruiz.eml"' in download.headers["content-disposition"]
    mail = email.message_from_bytes(download.content, policy=email.policy.default)
    assert mail["Subject"] == "Zoë's café?"
    assert str(mail["To"]) == "Ana Ruiz <ana@fjord.example>"
    assert mail["From"] is None  # no [me] email: the mail program fills it in
    assert mail.get_content().replace("\r\n", "\n").rstrip() == GOOD

    sent = submit(client, f"/messages/{message}/sent")
    assert sent.status_code == 303
    conversation = client.get(f"/conversations/{talk}").text
    assert parse(conversation).find("span", class_="state").text() == "requested"
    assert client.get(f"/messages/{message}").status_code == 303  # sent: shown on the talk
    assert submit(client, f"/messages/{message}/sent").status_code == 409
    again = submit(client, f"/messages/{message}", {"subject": "x", "body": "y"})
    assert again.status_code == 409


def test_a_draft_with_an_error_is_not_downloaded(client: TestClient) -> None:
    talk = _conversation(client)
    message = _keep(client, talk, "Job?", "Are you hiring?")
    assert client.get(f"/messages/{message}/eml").status_code == 409


def test_a_line_break_in_the_subject_cannot_add_a_header(client: TestClient) -> None:
    talk = _conversation(client)
    message = _keep(client, talk, "Advice\r\nBcc: all@example.com", GOOD)
    response = client.get(f"/messages/{message}/eml")
    assert response.status_code == 200
    mail = email.message_from_bytes(response.content, policy=email.policy.default)
    assert mail["Bcc"] is None
    assert mail["Subject"] == "Advice Bcc: all@example.com"


def test_an_unknown_kind_or_message_is_a_clear_error(client: TestClient) -> None:
    talk = _conversation(client)
    assert client.get(f"/conversations/{talk}/compose?kind=resume").status_code == 400
    assert client.get("/messages/999999").status_code == 404
    assert client.get("/conversations/999999/compose").status_code == 404


def test_a_report_back_with_no_referral_says_why_it_cannot_be_drafted(client: TestClient) -> None:
    talk = _conversation(client)
    response = client.get(f"/conversations/{talk}/compose?kind=report_back")
    assert response.status_code == 200
    assert "has referred you to no one yet" in problems(response.text)["compose"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_is_shown_as_text_on_the_compose_pages(
    client: TestClient, payload: str
) -> None:
    talk = _conversation(client, name=f"Ana {payload}")
    values = {"payload": payload}
    page = client.get(f"/conversations/{talk}/compose")
    check_shown_as_text(page.text, values, ["payload"], "compose")
    checked = submit(
        client,
        f"/conversations/{talk}/compose/check",
        {"kind": "request", "subject": payload, "body": f"{payload} Are you hiring? {payload}"},
    )
    assert payload not in checked.text or str(escape(payload)) == payload
    assert str(escape(payload)) in checked.text
    assert parse(checked.text).find_all("script") == []
    message = _keep(client, talk, payload, f"Dear Ana, {payload}")
    kept = client.get(f"/messages/{message}")
    check_shown_as_text(kept.text, values, ["payload"], "draft")
    assert field_value(kept.text, "subject") == payload
    check_scripts(kept.text)


def test_a_draft_with_a_placeholder_left_says_so_and_is_not_downloaded(
    client: TestClient,
) -> None:
    talk = _conversation(client)
    body = GOOD.replace("Thanks,\nJo", "Thanks,\n[your name]")
    checked = submit(
        client,
        f"/conversations/{talk}/compose/check",
        {"kind": "request", "subject": "Advice?", "body": body},
    )
    assert "Fill in [your name] before sending." in parse(checked.text).by_id("gaps").text()
    message = _keep(client, talk, "Advice?", body)
    refused = client.get(f"/messages/{message}/eml")
    assert refused.status_code == 409
    assert "still holds [your name]" in refused.text


def test_a_draft_with_an_etiquette_error_is_not_marked_sent(client: TestClient) -> None:
    talk = _conversation(client)
    message = _keep(client, talk, "Job?", "Are you hiring?")
    refused = submit(client, f"/messages/{message}/sent")
    assert refused.status_code == 409
    assert "job-ask" in refused.text
    assert client.get(f"/messages/{message}").status_code == 200  # still a draft
