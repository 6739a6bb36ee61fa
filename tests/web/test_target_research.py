"""The target page's research, claims with their evidence, and decision log: the forms,
their problems (nothing stored on a refusal), and user text shown as text."""

from __future__ import annotations

from fastapi.testclient import TestClient

from infointerview.services.workspace import Store
from tests.web.helpers import check_scripts, csrf_token, parse, problems, snapshot, submit
from tests.web.test_xss import PAYLOADS, created_id


def _target_and_talk(client: TestClient) -> tuple[int, int]:
    added = submit(client, "/targets", {"role": "Instructional Designer"})
    assert added.status_code == 303, added.text
    target = created_id(added.headers["location"])
    person = created_id(submit(client, "/people", {"full_name": "Maya Chen"}).headers["location"])
    talk = submit(client, f"/people/{person}/conversations", {"target": str(target)})
    assert talk.status_code == 303, talk.text
    return target, created_id(talk.headers["location"])


def test_research_claims_evidence_and_a_decision(client: TestClient) -> None:
    target, talk = _target_and_talk(client)
    kept = submit(
        client,
        f"/targets/{target}/research",
        {
            "body": "ATD report: most IDs were teachers",
            "url": "https://example.org/atd",
            "title": "State of the industry",
            "published": "2025-10-01",
            "claim": "Most IDs were teachers\n\nPortfolios matter",
        },
    )
    assert kept.status_code == 303
    page = parse(client.get(f"/targets/{target}").text)
    link = page.by_id("research").find("a")
    assert (link.attrs["href"], link.text()) == ("https://example.org/atd", "State of the industry")
    rows = page.by_id("claims").find("tbody").find_all("tr")
    claim_ids = [int(row.attrs["id"].removeprefix("claim-")) for row in rows]
    assert [row.find_all("td")[2].text() for row in rows] == ["not asked yet"] * 2
    note = f'Talked.\nconfirms #{claim_ids[0]}: "I taught for eight years"'
    assert submit(client, f"/conversations/{talk}/notes", {"body": note}).status_code == 303
    page = parse(client.get(f"/targets/{target}").text)
    first = page.by_id(f"claim-{claim_ids[0]}")
    assert first.find_all("td")[2].text() == "confirmed"
    assert "Maya Chen : “I taught for eight years”" in first.find_all("td")[3].text()
    token = csrf_token(client)
    decided = client.post(
        f"/targets/{target}/decisions",
        data={
            "decision": "Pursue it",
            "reasons": "Teaching counts",
            "on": "2026-11-20",
            "status": "pursuing",
            "claim": [str(claim_ids[0])],
            "csrf_token": token,
        },
    )
    assert decided.status_code == 303, decided.text
    html = client.get(f"/targets/{target}").text
    check_scripts(html)
    page = parse(html)
    assert "Pursue it" in page.by_id("decisions").text()
    assert f"#{claim_ids[0]} Most IDs were teachers" in page.by_id("decisions").text()
    assert "Status: pursuing" in page.find("p", class_="lead").text()


def test_refused_forms_say_why_and_store_nothing(client: TestClient, store: Store) -> None:
    target, _ = _target_and_talk(client)
    other = created_id(submit(client, "/targets", {"role": "Data Scientist"}).headers["location"])
    assert submit(client, f"/targets/{other}/claims", {"text": "SQL is enough"}).status_code == 303
    before = snapshot(store)
    cases = [
        ("research", {"body": "read", "url": "javascript:alert(1)"}, "research", "http(s)"),
        ("research", {"body": "read", "published": "last week"}, "research", "not a date"),
        ("research", {"body": ""}, "research", "research"),
        ("claims", {"text": " "}, "claim", "claim"),
        ("claims", {"text": "x", "kind": "rumour"}, "claim", "kind"),
        ("decisions", {"decision": ""}, "decision", "decision"),
        ("decisions", {"decision": "Go", "on": "2026-13-01"}, "decision", "not a date"),
        ("decisions", {"decision": "Go", "on": "0001-01-01"}, "decision", "not a date"),
        ("research", {"body": "read", "published": "9999-12-31"}, "research", "not a date"),
    ]
    for path, fields, form, said in cases:
        response = submit(client, f"/targets/{target}/{path}", fields)
        assert response.status_code == 422, (path, fields)
        assert said in problems(response.text)[form], (path, fields)
    response = client.post(
        f"/targets/{target}/decisions",
        data={"decision": "Go", "claim": ["1", "x"], "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 422
    assert snapshot(store) == before
    assert submit(client, "/targets/999999/claims", {"text": "x"}).status_code == 404


def test_research_text_is_shown_as_text(client: TestClient) -> None:
    target, talk = _target_and_talk(client)
    for payload in PAYLOADS:
        fields = {"body": payload, "title": payload, "claim": payload}
        assert submit(client, f"/targets/{target}/research", fields).status_code == 303
        decision = {"decision": payload, "reasons": payload}
        assert submit(client, f"/targets/{target}/decisions", decision).status_code == 303
    html = client.get(f"/targets/{target}").text
    check_scripts(html)
    for payload in PAYLOADS:
        if "<" in payload:
            assert payload not in html
    texts = parse(html).by_id("claims").text()
    assert "<script>alert(1)</script>" in texts


def test_the_conversation_page_lists_its_targets_claims_to_mark(client: TestClient) -> None:
    target, talk = _target_and_talk(client)
    assert "claims" not in {
        e.attrs.get("id") for e in parse(client.get(f"/conversations/{talk}").text).walk()
    }
    assert (
        submit(client, f"/targets/{target}/claims", {"text": "Portfolios matter"}).status_code
        == 303
    )
    section = parse(client.get(f"/conversations/{talk}").text).by_id("claims")
    assert "Portfolios matter (not asked yet)" in section.text()
    assert "confirms #" in section.text()


def test_a_target_is_added_from_the_targets_page(client: TestClient, store: Store) -> None:
    before = snapshot(store)
    refused = submit(client, "/targets", {"role": " "})
    assert refused.status_code == 422
    assert "role" in problems(refused.text)
    assert snapshot(store) == before
    added = submit(client, "/targets", {"role": "UX Researcher", "industry": "Health"})
    assert added.status_code == 303
    page = parse(client.get(added.headers["location"]).text)
    assert page.find("h1").text() == "UX Researcher, Health"
