"""The Stats page: the numbers, three SVG charts drawn on the server, and the referral
network as a tree; names shown as text."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.helpers import check_scripts, parse, submit
from tests.web.test_xss import PAYLOADS, created_id


def test_the_demo_s_numbers_charts_and_network(demo_client: TestClient) -> None:
    response = demo_client.get("/stats")
    assert response.status_code == 200
    check_scripts(response.text)
    page = parse(response.text)
    assert "Requests" in page.by_id("numbers").text()
    for chart in ("chart-channel", "chart-known", "chart-month"):
        assert page.by_id(chart).find_all("rect"), chart
    depths = [int(li.attrs["data-depth"]) for li in page.by_id("network-tree").find_all("li")]
    assert max(depths) >= 4  # the demo's chains reach four referrals deep and more
    assert "Maya Chen" in page.by_id("network-tree").text()


def test_names_on_the_stats_page_are_text(client: TestClient) -> None:
    for payload in PAYLOADS:
        added = submit(client, "/people", {"full_name": payload})
        person = created_id(added.headers["location"])
        assert submit(client, f"/people/{person}/conversations", {}).status_code == 303
    html = client.get("/stats").text
    check_scripts(html)
    for payload in PAYLOADS:
        if "<" in payload:
            assert payload not in html
