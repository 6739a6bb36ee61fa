"""The Prepare page: the conversation's prep sheet, printable, with user text escaped."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.web.helpers import parse, submit
from tests.web.test_xss import PAYLOADS, check_shown_as_text, created_id


def _talk(client: TestClient, name: str, organization: str, minutes: str) -> int:
    added = submit(client, "/people", {"full_name": name, "organization": organization})
    assert added.status_code == 303, added.text
    person = created_id(added.headers["location"])
    started = submit(client, f"/people/{person}/conversations", {"requested_minutes": minutes})
    assert started.status_code == 303, started.text
    return created_id(started.headers["location"])


@pytest.mark.parametrize("minutes", [15, 30])
def test_the_agenda_adds_up_to_the_agreed_minutes(client: TestClient, minutes: int) -> None:
    talk = _talk(client, "Ana Ruiz", "Fjord", str(minutes))
    conversation = parse(client.get(f"/conversations/{talk}").text)
    assert conversation.by_id("prep-open").attrs["href"] == f"/conversations/{talk}/prep"
    response = client.get(f"/conversations/{talk}/prep")
    assert response.status_code == 200
    page = parse(response.text)
    slots = [li for li in page.by_id("agenda").find_all("li") if "data-minutes" in li.attrs]
    assert sum(int(li.attrs["data-minutes"]) for li in slots) == minutes
    asked = list(slots[1:-1])
    assert len(asked) == {15: 3, 30: 8}[minutes]
    assert "Thank you so much. At this stage" in page.by_id("deflection").text()


def test_hostile_names_show_as_text_on_the_sheet(client: TestClient) -> None:
    for payload in PAYLOADS:
        talk = _talk(client, payload, payload, "20")
        html = client.get(f"/conversations/{talk}/prep").text
        check_shown_as_text(
            html, {"name": payload, "organization": payload}, ["name"], "prep sheet"
        )


def test_an_unknown_conversation_is_a_404(client: TestClient) -> None:
    assert client.get("/conversations/9999/prep").status_code == 404


def test_the_target_page_ranks_who_to_ask_next(demo_client: TestClient) -> None:
    page = parse(demo_client.get("/targets").text)
    first = next(a for a in page.find_all("a") if a.attrs.get("href", "").startswith("/targets/"))
    target = first.attrs["href"]
    shown = parse(demo_client.get(target).text)
    assert shown.by_id("who-next").attrs["hx-get"] == f"{target}/next"
    ranked = demo_client.get(f"{target}/next")
    assert ranked.status_code == 200
    items = parse(ranked.text).find_all("li")
    scores = [float(li.attrs["data-score"]) for li in items if "data-score" in li.attrs]
    assert len(scores) == 5
    assert scores == sorted(scores, reverse=True)
    assert "seed 004" in ranked.text
    assert demo_client.get("/targets/9999/next").status_code == 404
