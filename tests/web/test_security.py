"""CSRF protection, security headers, no inline script or third-party resources, and the
Host check: a forged or cross-site request changes nothing."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from infointerview.services import people
from infointerview.services.workspace import Store
from infointerview.web.app import create_app
from infointerview.web.security import CSRF_COOKIE
from tests.web.helpers import check_scripts, csrf_token, make_client, parse, snapshot, submit

NOTE = "Sneaky note"


def maya_id(store: Store) -> int:
    """Return the id of the demo's Maya Chen."""
    with store.workspace() as ws:
        return people.resolve_person(session=ws.session, owner=ws.owner, query="Maya Chen")


@pytest.fixture
def note_url(demo_store: Store) -> str:
    """The address of the form adding a note to Maya Chen."""
    return f"/people/{maya_id(demo_store)}/notes"


def refused(response_status: int, html: str) -> None:
    """Check that a response is the 403 page saying nothing was changed."""
    assert response_status == 403
    page = parse(html)
    assert page.find("h1").text() == "Refused"
    assert "Nothing was changed" in page.find("p", class_="problem").text()


# ----------------------------------------------------------------------------------- CSRF


def test_the_first_response_sets_a_lax_http_only_csrf_cookie(demo_client: TestClient) -> None:
    response = demo_client.get("/")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{CSRF_COOKIE}=")
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "path=/", "samesite=lax"} <= attributes
    token = demo_client.cookies[CSRF_COOKIE]
    assert len(token) >= 32
    again = demo_client.get("/people")
    assert "set-cookie" not in again.headers
    assert parse(again.text).find_all("input", name="csrf_token") == []  # no POST form there
    person_page = parse(demo_client.get("/people/1").text)
    tokens = {i.attrs["value"] for i in person_page.find_all("input", name="csrf_token")}
    assert tokens == {token}


def test_every_post_form_carries_the_csrf_token(demo_client: TestClient) -> None:
    token = csrf_token(demo_client)
    for url in (
        "/people/new",
        "/people/1",
        "/people/1/edit",
        "/conversations/1",
        "/conversations/5",
    ):
        page = parse(demo_client.get(url).text)
        forms = [f for f in page.find_all("form") if f.attrs.get("method") == "post"]
        assert forms, url
        for form in forms:
            hidden = form.find("input", name="csrf_token")
            assert hidden.attrs == {"type": "hidden", "name": "csrf_token", "value": token}


def test_a_valid_token_is_accepted_in_the_form_or_in_the_header(
    demo_client: TestClient, demo_store: Store, note_url: str
) -> None:
    token = csrf_token(demo_client)
    by_form = demo_client.post(note_url, data={"body": "by form", "csrf_token": token})
    assert by_form.status_code == 303
    by_header = demo_client.post(
        note_url, data={"body": "by header"}, headers={"X-CSRF-Token": token}
    )
    assert by_header.status_code == 303
    same_site = demo_client.post(
        note_url,
        data={"body": "same origin", "csrf_token": token},
        headers={"Origin": "http://testserver"},
    )
    assert same_site.status_code == 303
    with demo_store.workspace() as ws:
        notes = people.get_person(
            session=ws.session, owner=ws.owner, person_id=maya_id(demo_store)
        ).notes
    assert [n.body for n in notes][-3:] == ["by form", "by header", "same origin"]


def test_a_missing_csrf_token_is_refused_and_changes_nothing(
    demo_client: TestClient, demo_store: Store, note_url: str
) -> None:
    csrf_token(demo_client)
    before = snapshot(demo_store)
    response = demo_client.post(note_url, data={"body": NOTE})
    refused(response.status_code, response.text)
    assert "security token is missing or out of date" in response.text
    assert snapshot(demo_store) == before


@pytest.mark.parametrize(
    ("url", "fields"),
    [
        ("/people", {"full_name": "Forged Person"}),
        ("/people/1/edit", {"full_name": "Forged Name"}),
        ("/people/1/notes", {"body": NOTE}),
        ("/people/1/referrals", {"referred": "Rosa Delgado"}),
        ("/people/1/conversations", {"requested_minutes": "20"}),
        ("/conversations/1/notes", {"body": NOTE}),
        ("/conversations/13/advance", {"to": "requested"}),
    ],
)
def test_every_form_refuses_a_post_without_the_token(
    demo_client: TestClient, demo_store: Store, url: str, fields: dict[str, str]
) -> None:
    csrf_token(demo_client)
    before = snapshot(demo_store)
    response = demo_client.post(url, data=fields)
    refused(response.status_code, response.text)
    assert snapshot(demo_store) == before


def test_a_wrong_csrf_token_is_refused_and_changes_nothing(
    demo_client: TestClient, demo_store: Store, note_url: str
) -> None:
    token = csrf_token(demo_client)
    before = snapshot(demo_store)
    for wrong in (token[:-1], token + "x", token.upper(), "", " ", "null"):
        response = demo_client.post(note_url, data={"body": NOTE, "csrf_token": wrong})
        refused(response.status_code, response.text)
        header = demo_client.post(note_url, data={"body": NOTE}, headers={"X-CSRF-Token": wrong})
        refused(header.status_code, header.text)
    assert snapshot(demo_store) == before


def test_a_token_without_its_cookie_is_refused(
    demo_client: TestClient, demo_store: Store, note_url: str
) -> None:
    token = csrf_token(demo_client)
    demo_client.cookies.clear()
    before = snapshot(demo_store)
    response = demo_client.post(note_url, data={"body": NOTE, "csrf_token": token})
    refused(response.status_code, response.text)
    assert snapshot(demo_store) == before


def test_a_token_belonging_to_another_browsers_cookie_is_refused(
    demo_client: TestClient, demo_store: Store, note_url: str
) -> None:
    victim_token = csrf_token(demo_client)
    with make_client(demo_store) as attacker:
        attacker_token = csrf_token(attacker)
        assert attacker_token != victim_token
        before = snapshot(demo_store)
        # The victim's cookie with the attacker's token, and the other way round.
        crossed = demo_client.post(note_url, data={"body": NOTE, "csrf_token": attacker_token})
        refused(crossed.status_code, crossed.text)
        other = attacker.post(note_url, data={"body": NOTE, "csrf_token": victim_token})
        refused(other.status_code, other.text)
    assert snapshot(demo_store) == before


@pytest.mark.parametrize("token", ["é" * 43, "токен", "🔑", "\u0000abc"])
def test_a_non_ascii_token_is_refused_with_403_not_an_error(
    demo_client: TestClient, demo_store: Store, note_url: str, token: str
) -> None:
    csrf_token(demo_client)
    before = snapshot(demo_store)
    in_form = demo_client.post(note_url, data={"body": NOTE, "csrf_token": token})
    refused(in_form.status_code, in_form.text)
    in_header = demo_client.post(
        note_url, data={"body": NOTE}, headers={b"X-CSRF-Token": token.encode("utf-8")}
    )
    refused(in_header.status_code, in_header.text)
    assert snapshot(demo_store) == before


def test_a_token_sent_as_a_file_upload_is_refused(
    demo_client: TestClient, demo_store: Store, note_url: str
) -> None:
    token = csrf_token(demo_client)
    before = snapshot(demo_store)
    response = demo_client.post(
        note_url, data={"body": NOTE}, files={"csrf_token": ("token.txt", token.encode())}
    )
    refused(response.status_code, response.text)
    assert snapshot(demo_store) == before


def test_a_get_on_a_form_address_changes_nothing(
    demo_client: TestClient, demo_store: Store
) -> None:
    before = snapshot(demo_store)
    for url in (
        "/people/1/notes?body=x",
        "/people/1/referrals?referred=Rosa",
        "/people/1/conversations",
        "/conversations/13/advance?to=requested",
        "/conversations/1/notes?body=x",
    ):
        response = demo_client.get(url)
        assert response.status_code == 405, url
    assert snapshot(demo_store) == before


@pytest.mark.parametrize(
    "origin",
    [
        "http://evil.example",
        "https://testserver.evil.example",
        "http://testserver:8080",
        "null",
        "http://evil.example/http://testserver",
    ],
)
def test_a_cross_site_origin_is_refused_even_with_a_valid_token(
    demo_client: TestClient, demo_store: Store, note_url: str, origin: str
) -> None:
    token = csrf_token(demo_client)
    before = snapshot(demo_store)
    response = demo_client.post(
        note_url, data={"body": NOTE, "csrf_token": token}, headers={"Origin": origin}
    )
    refused(response.status_code, response.text)
    assert "another site" in response.text
    assert snapshot(demo_store) == before


# -------------------------------------------------------------------------------- headers


def check_headers(headers: Mapping[str, str]) -> None:
    """Check the security headers every response must carry."""
    csp = headers.get("content-security-policy")
    assert csp, "no Content-Security-Policy"
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    script = directives.get("script-src", directives.get("default-src"))
    assert script == ["'self'"]
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert headers.get("x-content-type-options") == "nosniff"


RESPONSES = [
    ("GET", "/", 200),
    ("GET", "/people", 200),
    ("GET", "/people?q=maya&sort=added", 200),
    ("GET", "/people/new", 200),
    ("GET", "/people/1", 200),
    ("GET", "/people/1/edit", 200),
    ("GET", "/targets", 200),
    ("GET", "/targets/1", 200),
    ("GET", "/conversations/1", 200),
    ("GET", "/static/vendor/htmx-2.0.11.min.js", 200),
    ("GET", "/static/app.css", 200),
    ("GET", "/static/nothing.js", 404),
    ("GET", "/people/9999", 404),
    ("GET", "/no/such/page", 404),
    ("GET", "/people?page=abc", 400),
    ("GET", "/people?sort=zzz", 400),
    ("POST", "/people/1/notes", 403),
    ("POST", "/no/such/form", 404),
    ("PUT", "/people/1", 405),
]


def test_every_kind_of_response_carries_the_security_headers(demo_client: TestClient) -> None:
    for method, url, status in RESPONSES:
        data = {"body": "x"} if method == "POST" else None
        response = demo_client.request(method, url, data=data)
        assert response.status_code == status, (method, url)
        check_headers(response.headers)


def test_form_answers_carry_the_security_headers(
    demo_client: TestClient, demo_store: Store, note_url: str
) -> None:
    redirect = submit(demo_client, note_url, {"body": "fine"})
    assert redirect.status_code == 303
    check_headers(redirect.headers)
    refused_form = submit(demo_client, "/people", {"full_name": ""})
    assert refused_form.status_code == 422
    check_headers(refused_form.headers)
    illegal = submit(demo_client, "/conversations/1/advance", {"to": "draft"})
    assert illegal.status_code == 409
    check_headers(illegal.headers)


def test_the_app_cannot_be_framed(demo_client: TestClient) -> None:
    response = demo_client.get("/")
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


# ------------------------------------------------------------------ no inline script, no CDN

PAGES = [
    "/",
    "/people",
    "/people/new",
    "/people/1",
    "/people/2",
    "/people/1/edit",
    "/targets",
    "/targets/1",
    "/conversations/1",
    "/conversations/13",
    "/people/9999",
]


def test_pages_hold_no_inline_script_no_event_handlers_and_no_third_party_resources(
    demo_client: TestClient,
) -> None:
    for url in PAGES:
        response = demo_client.get(url)
        assert response.status_code in (200, 404), url
        check_scripts(response.text)


def test_every_script_and_stylesheet_a_page_names_is_served_from_static(
    demo_client: TestClient,
) -> None:
    page = parse(demo_client.get("/").text)
    urls = [s.attrs["src"] for s in page.find_all("script")]
    urls += [link.attrs["href"] for link in page.find_all("link")]
    assert len(urls) >= 3
    for url in urls:
        response = demo_client.get(url)
        assert response.status_code == 200, url
        assert response.content, url
        assert response.headers["x-content-type-options"] == "nosniff"


def test_the_vendored_htmx_is_served_as_javascript(demo_client: TestClient) -> None:
    response = demo_client.get("/static/vendor/htmx-2.0.11.min.js")
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] in (
        "text/javascript",
        "application/javascript",
    )
    assert response.text.startswith("var htmx=function(){")
    assert 'version:"2.0.11"' in response.text


def test_htmx_is_configured_not_to_evaluate_or_run_scripts(demo_client: TestClient) -> None:
    import json

    meta = parse(demo_client.get("/").text).find("meta", name="htmx-config")
    config = json.loads(meta.attrs["content"])
    assert config["allowEval"] is False
    assert config["allowScriptTags"] is False
    assert config["selfRequestsOnly"] is True


def test_static_files_outside_the_static_folder_cannot_be_read(demo_client: TestClient) -> None:
    for url in (
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/..%2fapp.py",
        "/static/vendor/../../security.py",
    ):
        response = demo_client.get(url)
        assert response.status_code == 404, url
        assert "CSRF_COOKIE" not in response.text


# ---------------------------------------------------------------------------- trusted host


@pytest.fixture
def guarded_app(store: Store) -> FastAPI:
    """The app built the way the server builds it for loopback: only its own host names."""
    return create_app(store, allowed_hosts=["127.0.0.1", "localhost"])


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "127.0.0.1:8765", "localhost:8765"])
def test_loopback_host_names_are_served(guarded_app: FastAPI, host: str) -> None:
    with TestClient(guarded_app, base_url=f"http://{host}") as client:
        response = client.get("/people")
    assert response.status_code == 200
    assert parse(response.text).find("h1").text() == "People"


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8765", "127.0.0.1.evil.example", "testserver"]
)
def test_a_foreign_host_header_is_refused_with_400(
    guarded_app: FastAPI, store: Store, host: str
) -> None:
    with TestClient(guarded_app, base_url="http://127.0.0.1") as client:
        page = client.get("/", headers={"Host": host})
        assert page.status_code == 400
        assert "People" not in page.text
        token = csrf_token(client)
        before = snapshot(store)
        post = client.post(
            "/people", data={"full_name": "Rebound", "csrf_token": token}, headers={"Host": host}
        )
        assert post.status_code == 400
        assert snapshot(store) == before


def test_the_foreign_host_refusal_carries_the_security_headers(guarded_app: FastAPI) -> None:
    with TestClient(guarded_app, base_url="http://127.0.0.1") as client:
        response = client.get("/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    check_headers(response.headers)


def test_without_allowed_hosts_any_host_is_served(store: Store) -> None:
    with TestClient(create_app(store), base_url="http://anything.example") as client:
        assert client.get("/").status_code == 200
