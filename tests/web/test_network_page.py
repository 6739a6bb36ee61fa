"""The Network page: the referral network drawn in the browser from /network.json, with
its legend, numbers and the tree as links; names shown as text, only the owner's
people, a bounded picture, and an empty state that says how to record a referral."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from infointerview.services import network
from infointerview.services.workspace import Store, Workspace
from infointerview.store.models import User
from infointerview.web.routes import network as network_route
from tests import factories
from tests.web.helpers import HTMX, check_scripts, parse, submit
from tests.web.test_security import check_headers
from tests.web.test_xss import PAYLOADS, created_id

STATIC = Path(network_route.__file__).parents[1] / "static"
PICTURE = [HTMX, "/static/vendor/cytoscape-3.34.4.min.js", "/static/network.js"]
NODE_KEYS = {"id", "name", "state", "depth", "group", "dead_end", "owed", "url"}


def _chain_to(data: dict[str, Any], name: str) -> list[str]:
    """Return the names from you to ``name`` along the links, first referrer first."""
    names = {node["id"]: node["name"] for node in data["nodes"]}
    referrer = {link["to"]: link["from"] for link in data["links"]}
    (here,) = (node["id"] for node in data["nodes"] if node["name"] == name)
    chain = [names[here]]
    while here != network.YOU:
        here = referrer[here]
        chain.append(names[here])
    return chain[::-1]


def test_the_demo_network_page_has_the_picture_its_legend_and_the_tree(
    demo_client: TestClient,
) -> None:
    response = demo_client.get("/network")
    assert response.status_code == 200
    check_headers(response.headers)
    check_scripts(response.text, scripts=PICTURE)
    page = parse(response.text)
    assert page.find("a", href="/network").attrs["aria-current"] == "page"
    canvas = page.by_id("network-canvas")
    assert canvas.attrs["data-src"] == "/network.json"
    assert "hidden" in page.by_id("network-figure").attrs  # until the script draws it
    assert len(page.by_id("network-legend").find_all("li")) == 10
    depths = [int(li.attrs["data-depth"]) for li in page.by_id("network-tree").find_all("li")]
    assert max(depths) >= 4
    doors = page.by_id("network-doors")
    assert doors.find("a", href="/people/1").text() == "Maya Chen"
    assert "Chloé Martin" in page.by_id("network-dead-ends").text()
    assert "Elena Petrova" in page.by_id("network-owed").text()
    assert page.find_all(id="network-empty") == []


def test_the_data_is_the_json_export_with_groups_flags_and_addresses(
    demo_client: TestClient,
) -> None:
    response = demo_client.get("/network.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["cache-control"] == "no-store"
    check_headers(response.headers)
    data = response.json()
    assert set(data) == {"nodes", "links", "people", "shown", "limit"}
    assert (data["people"], data["shown"], data["limit"]) == (28, 28, network_route.MAX_NODES)
    assert all(set(node) == NODE_KEYS for node in data["nodes"])
    you = data["nodes"][0]
    assert (you["id"], you["name"], you["group"], you["url"]) == (0, "You", "you", None)
    by_name = {node["name"]: node for node in data["nodes"]}
    maya = by_name["Maya Chen"]
    assert (maya["group"], maya["depth"], maya["url"]) == ("met", 1, f"/people/{maya['id']}")
    assert sorted(n["name"] for n in data["nodes"] if n["dead_end"]) == ["Chloé Martin", "Hana Kim"]
    owed = [n["name"] for n in data["nodes"] if n["owed"]]
    assert sorted(owed) == ["Elena Petrova", "Kenji Watanabe", "Tomasz Nowak"]
    assert by_name["Anjali Mehta"]["group"] == "not-asked"
    assert set(data["links"][0]) == {"from", "to", "may_use_name"}
    ids = {node["id"] for node in data["nodes"]}
    assert all(link["from"] in ids and link["to"] in ids for link in data["links"])
    assert _chain_to(data, "Kenji Watanabe") == [
        "You",
        "Maya Chen",
        "Omar Haddad",
        "Priya Raghunathan",
        "Kenji Watanabe",
    ]
    assert by_name["Kenji Watanabe"]["depth"] == 4


def test_names_on_the_network_page_are_text(client: TestClient) -> None:
    made = []
    for payload in PAYLOADS:
        added = submit(client, "/people", {"full_name": payload})
        made.append(created_id(added.headers["location"]))
    for referrer, referred in zip(made, made[1:], strict=False):
        response = submit(client, f"/people/{referrer}/referrals", {"referred": f"#{referred}"})
        assert response.status_code == 303, response.text
    html = client.get("/network").text
    check_scripts(html, scripts=PICTURE)
    for payload in PAYLOADS:
        assert str(escape(payload)) in html
        if "<" in payload:
            assert payload not in html
    data = client.get("/network.json")
    assert data.headers["x-content-type-options"] == "nosniff"
    names = {node["name"] for node in data.json()["nodes"]}
    assert names == {"You", *PAYLOADS}  # data for the canvas, never markup


def test_an_empty_network_says_how_to_record_a_referral(client: TestClient) -> None:
    added = submit(client, "/people", {"full_name": "Ana Ruiz"})
    person = created_id(added.headers["location"])
    assert submit(client, f"/people/{person}/conversations", {}).status_code == 303
    response = client.get("/network")
    assert response.status_code == 200
    check_scripts(response.text)  # no picture, so no picture's scripts
    page = parse(response.text)
    empty = page.by_id("network-empty")
    assert "Record a referral from" in empty.text()
    assert "infointerview refer" in empty.text()
    assert page.find_all(id="network-canvas") == []
    data = client.get("/network.json").json()
    assert ([n["id"] for n in data["nodes"]], data["links"], data["people"]) == ([0], [], 0)


def test_the_network_shows_only_its_owner_s_people(client: TestClient, store: Store) -> None:
    with store.workspace() as ws:
        stranger = User(name="another explorer")
        ws.session.add(stranger)
        ws.session.flush()
        theirs = Workspace(session=ws.session, owner=stranger.id, database=ws.database)
        a, b = factories.person(theirs, "Their Referrer"), factories.person(theirs, "Their Pick")
        factories.referral(theirs, a.id, b.id)
        mine_a, mine_b = factories.person(ws, "My Referrer"), factories.person(ws, "My Pick")
        factories.referral(ws, mine_a.id, mine_b.id)
    html = client.get("/network").text
    data = client.get("/network.json").json()
    assert {n["name"] for n in data["nodes"]} == {"You", "My Referrer", "My Pick"}
    assert "Their" not in html
    assert "My Pick" in parse(html).by_id("network-tree").text()


def test_the_picture_is_bounded_and_says_so(
    demo_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(network_route, "MAX_NODES", 5)
    data = demo_client.get("/network.json").json()
    assert (data["people"], data["shown"], len(data["nodes"])) == (28, 5, 6)
    referrer = {link["to"]: link["from"] for link in data["links"]}
    assert set(referrer) == {node["id"] for node in data["nodes"]} - {0}  # all reach you
    page = parse(demo_client.get("/network").text)
    assert "shows the 5 people nearest you" in page.by_id("network-cut").text()
    assert len(page.by_id("network-tree").find_all("li")) == 28  # the list has everyone


def test_the_picture_s_files_are_served_and_cytoscape_is_as_vendored(
    demo_client: TestClient,
) -> None:
    for url, kind in (
        (PICTURE[1], "javascript"),
        (PICTURE[2], "javascript"),
        ("/static/network.css", "text/css"),
    ):
        response = demo_client.get(url)
        assert response.status_code == 200, url
        assert kind in response.headers["content-type"], url
    cytoscape = demo_client.get(PICTURE[1]).content
    assert b'.version="3.34.4"' in cytoscape
    table = (STATIC / "vendor" / "VENDORED.md").read_text(encoding="utf-8")
    assert hashlib.sha256(cytoscape).hexdigest() in table
    licence = (STATIC / "vendor" / "cytoscape-LICENSE.txt").read_text(encoding="utf-8")
    assert licence.startswith("Copyright (c) 2016-2026, The Cytoscape Consortium.")
