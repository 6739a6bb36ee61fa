"""Hostile text is shown as text: stored and reflected payloads come back escaped on every
page, never as markup, script, javascript: link or evaluated template."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from infointerview.domain.vocabulary import MessageKind, MessageStatus, TargetStatus
from infointerview.services import messages, notes, targets
from infointerview.services.targets import TargetFields
from infointerview.services.workspace import Store
from tests.web.helpers import check_scripts, field_value, problems, submit

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "javascript:alert(1)",
    "sum={{7*7}}=",
    "</textarea><script>alert(1)</script>",
    '<a href="javascript:alert(1)">x</a> {% raw %}&amp;',
]


@dataclass(frozen=True)
class Planted:
    """The records holding a payload in every stored text field, and those values."""

    person: int
    other: int
    target: int
    conversation: int
    values: dict[str, str]


def created_id(response_location: str) -> int:
    """Return the id at the end of a redirect's Location."""
    return int(response_location.rsplit("/", 1)[1].split("#")[0])


def plant(client: TestClient, store: Store, payload: str) -> Planted:
    """Store ``payload`` in every text field, through the forms where there is one."""
    values = {
        name: f"{name.capitalize()} {payload}"
        for name in (
            "name",
            "given",
            "family",
            "org",
            "title",
            "place",
            "other",
            "role",
            "industry",
            "target_org",
            "decision",
            "target_note",
            "person_note",
            "talk_note",
            "outcome",
            "subject",
            "body",
        )
    }
    with store.workspace() as ws:
        target = targets.add_target(
            session=ws.session,
            owner=ws.owner,
            fields=TargetFields(
                role=values["role"],
                industry=values["industry"],
                organization=values["target_org"],
                status=TargetStatus.PURSUING,
                decision_note=values["decision"],
            ),
        ).id
        notes.add_note(
            session=ws.session,
            owner=ws.owner,
            about="target",
            about_id=target,
            body=values["target_note"],
        )

    added = submit(
        client,
        "/people",
        {
            "full_name": values["name"],
            "given_name": values["given"],
            "family_name": values["family"],
            "organization": values["org"],
            "title": values["title"],
            "location": values["place"],
            "emails": "someone@example.com",
            "tags": "safe",
        },
    )
    assert added.status_code == 303, added.text
    person = created_id(added.headers["location"])
    other_added = submit(client, "/people", {"full_name": values["other"]})
    assert other_added.status_code == 303, other_added.text
    other = created_id(other_added.headers["location"])

    steps = [
        (f"/people/{person}/referrals", {"referred": f"#{other}", "target": str(target)}),
        (f"/people/{person}/notes", {"body": values["person_note"]}),
    ]
    for url, fields in steps:
        response = submit(client, url, fields)
        assert response.status_code == 303, (url, response.text)

    started = submit(client, f"/people/{person}/conversations", {"target": str(target)})
    assert started.status_code == 303, started.text
    talk = created_id(started.headers["location"])
    for fields in (
        {"to": "requested"},
        {"to": "scheduled", "scheduled_at": "2026-12-01T14:30"},
        {"to": "held", "actual_minutes": "20", "outcome": values["outcome"]},
    ):
        response = submit(client, f"/conversations/{talk}/advance", fields)
        assert response.status_code == 303, response.text
    noted = submit(client, f"/conversations/{talk}/notes", {"body": values["talk_note"]})
    assert noted.status_code == 303, noted.text
    with store.workspace() as ws:
        messages.add_message(
            session=ws.session,
            owner=ws.owner,
            conversation_id=talk,
            kind=MessageKind.REQUEST,
            status=MessageStatus.SENT,
            subject=values["subject"],
            body=values["body"],
        )
    return Planted(person=person, other=other, target=target, conversation=talk, values=values)


def check_shown_as_text(html: str, values: dict[str, str], shown: list[str], where: str) -> None:
    """Check that every value in ``values`` appears only escaped in ``html``, that those
    named in ``shown`` do appear, and that the page runs no script but htmx."""
    for name, value in values.items():
        escaped = str(escape(value))
        if escaped != value:
            assert value not in html, f"{where}: {name} appears unescaped"
        if "{{7*7}}" in value:
            assert value.replace("{{7*7}}", "49") not in html, f"{where}: {name} was evaluated"
    for name in shown:
        assert str(escape(values[name])) in html, f"{where}: {name} is not shown"
    check_scripts(html)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_stored_payloads_are_escaped_on_every_page_that_shows_them(
    client: TestClient, store: Store, payload: str
) -> None:
    planted = plant(client, store, payload)
    label = ["role", "industry", "target_org"]
    pages = {
        "/overview": ["name", "other", *label, "person_note", "talk_note", "subject"],
        "/": ["name"],
        "/people": ["name", "other", "org", "title", *label],
        f"/people?q={planted.values['name'][:4]}": ["name", "org", "title"],
        f"/people/{planted.person}": [
            "name",
            "org",
            "title",
            "place",
            "other",
            "person_note",
            *label,
        ],
        f"/people/{planted.person}/edit": ["name", "given", "family", "org", "title", "place"],
        f"/people/{planted.other}": ["other", "name", *label],
        "/targets": [*label, "decision"],
        f"/targets/{planted.target}": [
            *label,
            "decision",
            "target_note",
            "name",
            "other",
            "title",
            "org",
        ],
        f"/conversations/{planted.conversation}": [
            "name",
            *label,
            "outcome",
            "subject",
            "body",
            "talk_note",
        ],
    }
    for url, shown in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        check_shown_as_text(response.text, planted.values, shown, url)

    # The edit form gives each stored value back exactly, ready to be saved again.
    html = client.get(f"/people/{planted.person}/edit").text
    for field, name in [
        ("full_name", "name"),
        ("given_name", "given"),
        ("family_name", "family"),
        ("organization", "org"),
        ("title", "title"),
        ("location", "place"),
    ]:
        assert field_value(html, field) == planted.values[name]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_reflected_payloads_in_searches_and_refused_forms_are_escaped(
    client: TestClient, store: Store, payload: str
) -> None:
    person = created_id(
        submit(client, "/people", {"full_name": "Plain Person"}).headers["location"]
    )
    talk = created_id(submit(client, f"/people/{person}/conversations", {}).headers["location"])
    assert submit(client, f"/conversations/{talk}/advance", {"to": "requested"}).status_code == 303
    values = {"q": payload, "tag": payload}

    search = client.get("/people", params=values)
    assert search.status_code == 200
    check_shown_as_text(search.text, values, ["q", "tag"], "search")
    assert field_value(search.text, "q") == payload
    assert field_value(search.text, "tag") == payload

    refused = [
        (
            "/people",
            {"full_name": payload, "tags": payload, "emails": payload, "linkedin_url": payload},
            "tags",
        ),
        (f"/people/{person}/edit", {"full_name": "", "phones": payload}, "phones"),
        (f"/people/{person}/referrals", {"referred": payload}, "referral"),
        (f"/conversations/{talk}/advance", {"to": "scheduled", "scheduled_at": payload}, "advance"),
        (f"/conversations/{talk}/advance", {"to": payload}, "advance"),
        (f"/people/{person}/conversations", {"channel": payload}, "conversation"),
    ]
    for url, fields, problem_field in refused:
        response = submit(client, url, fields)
        assert response.status_code == 422, (url, fields)
        assert payload in problems(response.text)[problem_field], (url, problem_field)
        check_shown_as_text(response.text, {"payload": payload}, ["payload"], url)


@pytest.mark.parametrize("sort", ['"><svg onload=1>', "<script>x</script>", "sum={{7*7}}="])
def test_a_payload_in_a_bad_sort_is_escaped_in_its_problem(client: TestClient, sort: str) -> None:
    response = client.get("/people", params={"sort": sort})
    assert response.status_code == 400
    assert problems(response.text)["sort"].startswith(f"{sort!r} is not one of")
    check_shown_as_text(response.text, {"sort": sort}, ["sort"], "sort")
