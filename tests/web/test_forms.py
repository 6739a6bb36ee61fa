"""The forms of the web app: what a good submission stores, and what a bad one does not.

A good POST answers 303 to the page showing the change; a form with problems comes back
with status 422, each problem beside its field and the typed values kept (escaped), and
the database exactly as it was.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from infointerview.domain.records import ConversationRecord, PersonDetail
from infointerview.domain.vocabulary import Channel, ConversationState, HowKnown
from infointerview.services import conversations, people, targets
from infointerview.services.people import PersonFields
from infointerview.services.workspace import Store
from tests import factories
from tests.web.helpers import field_value, parse, problems, snapshot, submit

SELECTS = ("how_known", "preferred_channel")
GOOD_PERSON = {
    "full_name": "Ines Duarte",
    "given_name": "Ines",
    "family_name": "Duarte",
    "organization": "Harbor Labs",
    "title": "Research Scientist",
    "location": "Lisbon",
    "emails": "ines@harbor.example\nines.duarte@home.example",
    "phones": "+351 21 555 0101",
    "linkedin_url": "https://www.linkedin.com/in/ines-duarte",
    "preferred_channel": "video",
    "how_known": "alumni",
    "hiring_experience": "on",
    "tags": "research, Biotech",
}


def person_named(store: Store, name: str) -> PersonDetail:
    """Return everything stored about the one person ``name`` names."""
    with store.workspace() as ws:
        found = people.resolve_person(session=ws.session, owner=ws.owner, query=name)
        return people.get_person(session=ws.session, owner=ws.owner, person_id=found)


def person_count(store: Store) -> int:
    """Return how many people are stored, as the services count them."""
    with store.workspace() as ws:
        return factories.count_people(session=ws.session, owner=ws.owner)


def conversation(store: Store, conversation_id: int) -> ConversationRecord:
    """Return the stored conversation ``conversation_id``."""
    with store.workspace() as ws:
        return conversations.get_conversation(
            session=ws.session, owner=ws.owner, conversation_id=conversation_id
        ).conversation


def first_in_state(store: Store, state: ConversationState) -> ConversationRecord:
    """Return a demo conversation in ``state``."""
    with store.workspace() as ws:
        return conversations.list_conversations(session=ws.session, owner=ws.owner, state=state)[0]


def target_id(store: Store, role: str) -> int:
    """Return the id of the target ``role`` names."""
    with store.workspace() as ws:
        return targets.resolve_target(session=ws.session, owner=ws.owner, query=role)


# ---------------------------------------------------------------------- add and edit


def test_adding_a_person_stores_every_field_and_redirects_to_their_page(
    demo_client: TestClient, demo_store: Store
) -> None:
    before = person_count(demo_store)
    response = submit(demo_client, "/people", GOOD_PERSON)
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith("/people/")
    assert person_count(demo_store) == before + 1

    stored = person_named(demo_store, "Ines Duarte").person
    assert location == f"/people/{stored.id}"
    assert (stored.given_name, stored.family_name) == ("Ines", "Duarte")
    assert (stored.organization, stored.title, stored.location) == (
        "Harbor Labs",
        "Research Scientist",
        "Lisbon",
    )
    assert stored.emails == ("ines@harbor.example", "ines.duarte@home.example")
    assert stored.phones == ("+351 21 555 0101",)
    assert stored.linkedin_url == "https://www.linkedin.com/in/ines-duarte"
    assert stored.preferred_channel == Channel.VIDEO
    assert stored.how_known == HowKnown.ALUMNI
    assert stored.hiring_experience is True
    assert stored.keep_in_touch is False
    assert stored.tags == ("biotech", "research")

    page = demo_client.get(location)
    assert page.status_code == 200
    tree = parse(page.text)
    assert tree.find("h1").text() == "Ines Duarte"
    assert tree.find("p", class_="lead").text() == "Research Scientist at Harbor Labs"
    listed = demo_client.get("/people", params={"q": "Ines"}).text
    assert f'href="/people/{stored.id}"' in listed


def test_a_person_needs_only_a_name(client: TestClient, store: Store) -> None:
    response = submit(client, "/people", {"full_name": "  Sam   Ortiz  "})
    assert response.status_code == 303
    stored = person_named(store, "Sam Ortiz").person
    assert stored.full_name == "Sam Ortiz"
    assert stored.how_known == HowKnown.COLD
    assert (stored.emails, stored.tags, stored.organization) == ((), (), None)


def test_editing_a_person_changes_what_is_stored_and_shown(
    demo_client: TestClient, demo_store: Store
) -> None:
    maya = person_named(demo_store, "Maya Chen").person
    form = {**GOOD_PERSON, "full_name": "Maya Chen-Ortiz", "title": "Principal UX Researcher"}
    form.pop("hiring_experience")
    form["keep_in_touch"] = "on"
    form["keep_in_touch_days"] = "21"
    form["tags"] = ""
    response = submit(demo_client, f"/people/{maya.id}/edit", form)
    assert response.status_code == 303
    assert response.headers["location"] == f"/people/{maya.id}"

    stored = person_named(demo_store, f"#{maya.id}").person
    assert stored.full_name == "Maya Chen-Ortiz"
    assert stored.title == "Principal UX Researcher"
    assert stored.organization == "Harbor Labs"
    assert stored.hiring_experience is False
    assert stored.keep_in_touch is True
    assert stored.keep_in_touch_days == 21
    assert stored.tags == ()
    assert stored.emails == ("ines@harbor.example", "ines.duarte@home.example")

    page = parse(demo_client.get(f"/people/{maya.id}").text)
    assert page.find("h1").text() == "Maya Chen-Ortiz"
    assert page.find("p", class_="lead").text() == "Principal UX Researcher at Harbor Labs"
    assert "Edited Maya Chen-Ortiz" in page.find("ol", class_="events").text()


def test_saving_the_edit_form_unchanged_keeps_the_person_as_they_were(
    demo_client: TestClient, demo_store: Store
) -> None:
    maya = person_named(demo_store, "Maya Chen").person
    form_page = demo_client.get(f"/people/{maya.id}/edit").text
    names = [
        "full_name",
        "given_name",
        "family_name",
        "organization",
        "title",
        "location",
        "emails",
        "phones",
        "linkedin_url",
        "preferred_channel",
        "how_known",
        "keep_in_touch_days",
        "tags",
    ]
    form = {name: field_value(form_page, name) for name in names}
    for box in ("hiring_experience", "keep_in_touch"):
        if "checked" in parse(form_page).find("input", name=box).attrs:
            form[box] = "on"
    response = submit(demo_client, f"/people/{maya.id}/edit", form)
    assert response.status_code == 303
    after = person_named(demo_store, f"#{maya.id}").person
    keep = ("created_at", "updated_at")
    assert {k: getattr(after, k) for k in after.__slots__ if k not in keep} == {
        k: getattr(maya, k) for k in maya.__slots__ if k not in keep
    }


def test_editing_an_unknown_person_is_a_404(demo_client: TestClient, demo_store: Store) -> None:
    before = snapshot(demo_store)
    for form in ({"full_name": "Nobody"}, {"full_name": ""}):
        response = submit(demo_client, "/people/9999/edit", form)
        assert response.status_code == 404
        assert "no person matches &#39;#9999&#39;" in response.text
    assert snapshot(demo_store) == before


# ---------------------------------------------------------------------- bad person forms


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"full_name": ""}, {"full_name": "must not be empty"}),
        ({"full_name": "   \t "}, {"full_name": "must not be empty"}),
        ({"emails": "maya.example.com"}, {"emails": "'maya.example.com' is not an email address"}),
        (
            {"emails": "ok@good.example\n<b>@x"},
            {"emails": "'<b>@x' is not an email address"},
        ),
        (
            {"linkedin_url": "https://evil.example/in/maya"},
            {"linkedin_url": "'https://evil.example/in/maya' is not a linkedin.com address"},
        ),
        (
            {"linkedin_url": "javascript:alert(1)"},
            {"linkedin_url": "'javascript:alert(1)' is not an http(s) web address"},
        ),
        ({"phones": "call me"}, {"phones": "'call me' is not a phone number"}),
        ({"tags": "ux research"}, {"tags": "'ux research' is not a tag (one word, no spaces)"}),
        ({"how_known": "psychic"}, {"how_known": "'psychic' is not one of"}),
        ({"preferred_channel": "telepathy"}, {"preferred_channel": "'telepathy' is not one of"}),
        (
            {"keep_in_touch_days": "every month"},
            {"keep_in_touch_days": "give a whole number of days, or leave it empty"},
        ),
        (
            {"keep_in_touch_days": "-3"},
            {"keep_in_touch_days": "-3 is not a number of days from 1 to 3650"},
        ),
        (
            {"keep_in_touch_days": "9" * 40},
            {"keep_in_touch_days": "9999999999"},
        ),
        (
            {"full_name": "", "emails": "nope", "linkedin_url": "ftp://linkedin.com/in/x"},
            {
                "full_name": "must not be empty",
                "emails": "'nope' is not an email address",
                "linkedin_url": "'ftp://linkedin.com/in/x' is not an http(s) web address",
            },
        ),
    ],
)
def test_a_bad_new_person_is_refused_with_each_problem_beside_its_field(
    demo_client: TestClient, demo_store: Store, fields: dict[str, str], expected: dict[str, str]
) -> None:
    before = snapshot(demo_store)
    count = person_count(demo_store)
    form = {**GOOD_PERSON, **fields}
    response = submit(demo_client, "/people", form)
    assert response.status_code == 422
    found = problems(response.text)
    assert set(found) == set(expected)
    for name, message in expected.items():
        assert found[name].startswith(message), found[name]
    plural = "field needs" if len(expected) == 1 else "fields need"
    assert f"Nothing was saved: {len(expected)} {plural} another look." in response.text
    for name, value in form.items():
        if name in ("hiring_experience", "keep_in_touch"):
            assert "checked" in parse(response.text).find("input", name=name).attrs
        elif name not in SELECTS or name not in expected:  # a select cannot show a bad value
            assert field_value(response.text, name) == value, name
    assert person_count(demo_store) == count
    assert snapshot(demo_store) == before
    for name in expected:
        control = parse(response.text).by_id(name)
        assert control.attrs.get("aria-invalid") == "true", (name, control.attrs)
        assert control.attrs.get("aria-describedby", "").split()[0] == f"{name}-problem", name


def test_the_name_input_stays_required_and_points_at_its_problem_when_refused(
    demo_client: TestClient,
) -> None:
    response = submit(demo_client, "/people", {"full_name": ""})
    assert response.status_code == 422
    name = parse(response.text).by_id("full_name")
    assert set(name.attrs) == {
        "id",
        "name",
        "type",
        "value",
        "autocomplete",
        "required",
        "aria-invalid",
        "aria-describedby",
    }
    assert name.attrs["aria-describedby"] == "full_name-problem"


def test_typed_values_are_kept_escaped_in_the_inputs(
    demo_client: TestClient, demo_store: Store
) -> None:
    before = snapshot(demo_store)
    form = {
        "full_name": "",
        "title": 'Lead "UX" <Researcher> & co',
        "emails": "</textarea><b>bold</b>",
        "linkedin_url": 'https://linkedin.com/in/x" autofocus onfocus="alert(1)',
    }
    response = submit(demo_client, "/people", form)
    assert response.status_code == 422
    html = response.text
    assert f'value="{escape(form["title"])}"' in html
    assert 'value="Lead &#34;UX&#34; &lt;Researcher&gt; &amp; co"' in html
    assert f">{escape(form['emails'])}</textarea>" in html
    assert "<b>bold</b>" not in html
    assert 'onfocus="alert(1)' not in html
    assert f'value="{escape(form["linkedin_url"])}"' in html
    for name, value in form.items():
        assert field_value(html, name) == value
    for element in parse(html).walk():
        assert not any(attribute.startswith("on") for attribute in element.attrs), element.tag
    assert snapshot(demo_store) == before


def test_a_huge_value_in_a_person_field_is_refused_and_kept(
    demo_client: TestClient, demo_store: Store
) -> None:
    before = snapshot(demo_store)
    huge = "x" * 100_000
    response = submit(demo_client, "/people", {"full_name": huge, "title": "Ok"})
    assert response.status_code in (400, 422)
    if response.status_code == 422:
        assert problems(response.text)["full_name"] == (
            "is 100000 characters long; the limit is 300"
        )
        assert field_value(response.text, "full_name") == huge
        assert field_value(response.text, "title") == "Ok"
    assert snapshot(demo_store) == before


def test_a_bad_edit_is_refused_and_the_person_is_left_as_they_were(
    demo_client: TestClient, demo_store: Store
) -> None:
    maya = person_named(demo_store, "Maya Chen").person
    before = snapshot(demo_store)
    form = {
        "full_name": "Maya Renamed",
        "emails": "maya@good.example\nnot an email",
        "linkedin_url": "http://linkedin.evil.example/in/maya",
        "how_known": "alumni",
    }
    response = submit(demo_client, f"/people/{maya.id}/edit", form)
    assert response.status_code == 422
    assert set(problems(response.text)) == {"emails", "linkedin_url"}
    assert parse(response.text).find("form", class_="person-form").attrs["action"] == (
        f"/people/{maya.id}/edit"
    )
    assert field_value(response.text, "full_name") == "Maya Renamed"
    assert field_value(response.text, "emails") == form["emails"]
    assert snapshot(demo_store) == before


# ---------------------------------------------------------------------------------- notes


def test_a_note_on_a_person_is_stored_and_shown(demo_client: TestClient, demo_store: Store) -> None:
    maya = person_named(demo_store, "Maya Chen")
    body = "Prefers mornings.\nAsk about the\tpatient-portal study."
    response = submit(demo_client, f"/people/{maya.person.id}/notes", {"body": body})
    assert response.status_code == 303
    assert response.headers["location"] == f"/people/{maya.person.id}#notes"
    after = person_named(demo_store, "Maya Chen")
    assert [n.body for n in after.notes] == [*(n.body for n in maya.notes), body]
    page = parse(demo_client.get(f"/people/{maya.person.id}").text)
    shown = [p.raw_text() for p in page.by_id("notes").find_all("p", class_="note-body")]
    assert shown[-1] == body
    assert field_value(demo_client.get(f"/people/{maya.person.id}").text, "body") == ""


def test_a_note_on_a_conversation_is_stored_and_shown(
    demo_client: TestClient, demo_store: Store
) -> None:
    talk = first_in_state(demo_store, ConversationState.SCHEDULED)
    response = submit(demo_client, f"/conversations/{talk.id}/notes", {"body": "Bring questions."})
    assert response.status_code == 303
    assert response.headers["location"] == f"/conversations/{talk.id}#notes"
    with demo_store.workspace() as ws:
        detail = conversations.get_conversation(
            session=ws.session, owner=ws.owner, conversation_id=talk.id
        )
    assert detail.notes[-1].body == "Bring questions."
    page = parse(demo_client.get(f"/conversations/{talk.id}").text)
    assert page.by_id("notes").find_all("p", class_="note-body")[-1].text() == "Bring questions."


@pytest.mark.parametrize("where", ["person", "conversation"])
def test_an_empty_note_is_refused_beside_the_note_field(
    demo_client: TestClient, demo_store: Store, where: str
) -> None:
    url = (
        f"/people/{person_named(demo_store, 'Maya Chen').person.id}/notes"
        if where == "person"
        else f"/conversations/{first_in_state(demo_store, ConversationState.DRAFT).id}/notes"
    )
    before = snapshot(demo_store)
    response = submit(demo_client, url, {"body": " \n\t "})
    assert response.status_code == 422
    assert problems(response.text) == {"note": "must not be empty"}
    assert parse(response.text).by_id("note-body").attrs["aria-invalid"] == "true"
    assert snapshot(demo_store) == before


@pytest.mark.parametrize("where", ["person", "conversation"])
def test_a_huge_note_is_refused_and_nothing_is_stored(
    demo_client: TestClient, demo_store: Store, where: str
) -> None:
    url = (
        f"/people/{person_named(demo_store, 'Maya Chen').person.id}/notes"
        if where == "person"
        else f"/conversations/{first_in_state(demo_store, ConversationState.DRAFT).id}/notes"
    )
    before = snapshot(demo_store)
    response = submit(demo_client, url, {"body": "y" * 100_000})
    assert response.status_code in (400, 422)
    assert "20000" in response.text
    assert snapshot(demo_store) == before


@pytest.mark.parametrize("url", ["/people/9999/notes", "/conversations/9999/notes"])
def test_a_note_on_something_unknown_is_a_404(
    demo_client: TestClient, demo_store: Store, url: str
) -> None:
    before = snapshot(demo_store)
    response = submit(demo_client, url, {"body": "hello"})
    assert response.status_code == 404
    assert snapshot(demo_store) == before


# ------------------------------------------------------------------------------ referrals


def test_a_referral_by_name_is_recorded_with_its_target_and_permission(
    demo_client: TestClient, demo_store: Store
) -> None:
    marcus = person_named(demo_store, "Marcus Bell").person
    camille = person_named(demo_store, "Camille Dubois").person
    assert camille.how_known == HowKnown.COLD
    ux = target_id(demo_store, "UX Researcher")
    response = submit(
        demo_client,
        f"/people/{marcus.id}/referrals",
        {"referred": "camille", "target": str(ux), "may_use_name": "on"},
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/people/{marcus.id}#referrals"
    with demo_store.workspace() as ws:
        made = factories.referrals_of(session=ws.session, owner=ws.owner, referrer_id=marcus.id)
    assert [(r.referred_id, r.target_id, r.may_use_name, r.referred_on) for r in made] == [
        (camille.id, ux, True, date.today())
    ]
    assert person_named(demo_store, "Camille Dubois").person.how_known == HowKnown.REFERRED

    page = parse(demo_client.get(f"/people/{marcus.id}").text).by_id("referrals")
    link = page.find("a", href=f"/people/{camille.id}")
    assert link.text() == "Camille Dubois"
    assert "(may use Marcus Bell's name)" in page.text()
    received = parse(demo_client.get(f"/people/{camille.id}").text).by_id("referrals")
    assert received.find("a", href=f"/people/{marcus.id}").text() == "Marcus Bell"


def test_a_referral_by_hash_id_is_recorded(demo_client: TestClient, demo_store: Store) -> None:
    marcus = person_named(demo_store, "Marcus Bell").person
    rosa = person_named(demo_store, "Rosa Delgado").person
    response = submit(demo_client, f"/people/{marcus.id}/referrals", {"referred": f"#{rosa.id}"})
    assert response.status_code == 303
    with demo_store.workspace() as ws:
        made = factories.referrals_of(session=ws.session, owner=ws.owner, referrer_id=marcus.id)
    assert [(r.referred_id, r.target_id, r.may_use_name) for r in made] == [(rosa.id, None, False)]


@pytest.mark.parametrize(
    ("referred", "message"),
    [
        ("Nobody Atall", "no person matches 'Nobody Atall'"),
        ("#9999", "no person matches '#9999'"),
        ("Maya", "'Maya' matches 2 people, name one by id: #"),
        ("", "referred: say whom they referred you to (a name or #id)"),
        ("Marcus Bell", "referral: a person cannot refer the explorer to themselves"),
    ],
)
def test_a_referral_to_an_unknown_ambiguous_or_same_person_is_refused(
    demo_client: TestClient, demo_store: Store, referred: str, message: str
) -> None:
    # A second Maya makes "Maya" ambiguous.
    with demo_store.workspace() as ws:
        people.add_person(
            session=ws.session, owner=ws.owner, fields=PersonFields(full_name="Maya Lopez")
        )
    marcus = person_named(demo_store, "Marcus Bell").person
    before = snapshot(demo_store)
    response = submit(
        demo_client,
        f"/people/{marcus.id}/referrals",
        {"referred": referred, "may_use_name": "on"},
    )
    assert response.status_code == 422
    found = problems(response.text)
    assert list(found) == ["referral"]
    assert found["referral"].startswith(message), found["referral"]
    if referred == "Maya":
        assert "Maya Chen" in found["referral"]
        assert "Maya Lopez" in found["referral"]
    assert field_value(response.text, "referred") == referred
    page = parse(response.text)
    assert "open" in page.by_id("referrals").find("details").attrs
    assert "checked" in page.by_id("referrals").find("input", name="may_use_name").attrs
    assert snapshot(demo_store) == before


def test_a_referral_recorded_twice_is_refused_the_second_time(
    demo_client: TestClient, demo_store: Store
) -> None:
    marcus = person_named(demo_store, "Marcus Bell").person
    assert submit(demo_client, f"/people/{marcus.id}/referrals", {"referred": "Rosa"}).status_code
    before = snapshot(demo_store)
    response = submit(demo_client, f"/people/{marcus.id}/referrals", {"referred": "Rosa"})
    assert response.status_code == 422
    assert problems(response.text)["referral"].startswith("this referral is already recorded")
    assert snapshot(demo_store) == before


def test_a_referral_from_an_unknown_person_is_a_404(
    demo_client: TestClient, demo_store: Store
) -> None:
    before = snapshot(demo_store)
    response = submit(demo_client, "/people/9999/referrals", {"referred": "Maya Chen"})
    assert response.status_code == 404
    assert snapshot(demo_store) == before


# -------------------------------------------------------------------------- conversations


def test_starting_a_conversation_drafts_a_request_and_shows_it(
    demo_client: TestClient, demo_store: Store
) -> None:
    camille = person_named(demo_store, "Camille Dubois").person
    ux = target_id(demo_store, "UX Researcher")
    response = submit(
        demo_client,
        f"/people/{camille.id}/conversations",
        {"target": str(ux), "channel": "video", "requested_minutes": "25"},
    )
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith("/conversations/")
    talk = conversation(demo_store, int(location.removeprefix("/conversations/")))
    assert (talk.person_id, talk.target_id, talk.channel, talk.requested_minutes) == (
        camille.id,
        ux,
        Channel.VIDEO,
        25,
    )
    assert talk.state == ConversationState.DRAFT
    page = parse(demo_client.get(location).text)
    assert page.find("span", class_="state").text() == "draft"
    assert "25 minutes asked" in page.find("p", class_="lead").text()
    person_page = parse(demo_client.get(f"/people/{camille.id}").text)
    assert person_page.by_id("conversations").find("a", href=location).text() == f"#{talk.id}"


def test_a_conversation_without_a_channel_uses_the_persons_preference(
    client: TestClient, store: Store
) -> None:
    with store.workspace() as ws:
        pid = people.add_person(
            session=ws.session,
            owner=ws.owner,
            fields=PersonFields(full_name="Pat Phone", preferred_channel=Channel.PHONE),
        ).id
    response = submit(client, f"/people/{pid}/conversations", {"requested_minutes": "15"})
    assert response.status_code == 303
    talk = conversation(store, int(response.headers["location"].rsplit("/", 1)[1]))
    assert (talk.channel, talk.target_id, talk.requested_minutes) == (Channel.PHONE, None, 15)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"requested_minutes": "60"}, "minutes: 60 is outside 15-30"),
        ({"requested_minutes": "abc"}, "requested minutes: give a number of minutes, 15 to 30"),
        ({"requested_minutes": "-20"}, "requested minutes: give a number of minutes, 15 to 30"),
        ({"channel": "carrier-pigeon"}, "channel: 'carrier-pigeon' is not one of"),
        ({"target": "9999"}, "no target matches '#9999'"),
        ({"target": "design"}, "target: 'design' is not a target's number"),
    ],
)
def test_a_bad_conversation_request_is_refused_beside_the_form(
    demo_client: TestClient, demo_store: Store, fields: dict[str, str], message: str
) -> None:
    camille = person_named(demo_store, "Camille Dubois").person
    before = snapshot(demo_store)
    form = {"target": "", "channel": "", "requested_minutes": "20", **fields}
    response = submit(demo_client, f"/people/{camille.id}/conversations", form)
    assert response.status_code == 422
    found = problems(response.text)
    assert list(found) == ["conversation"]
    assert found["conversation"].startswith(message), found["conversation"]
    assert field_value(response.text, "requested_minutes") == form["requested_minutes"]
    assert "open" in parse(response.text).by_id("conversations").find("details").attrs
    assert snapshot(demo_store) == before


def test_a_conversation_walks_from_draft_to_held_through_the_forms(
    demo_client: TestClient, demo_store: Store
) -> None:
    camille = person_named(demo_store, "Camille Dubois").person
    started = submit(demo_client, f"/people/{camille.id}/conversations", {})
    assert started.status_code == 303
    url = started.headers["location"]
    talk_id = int(url.removeprefix("/conversations/"))

    requested = submit(demo_client, f"{url}/advance", {"to": "requested"})
    assert requested.status_code == 303
    assert requested.headers["location"] == url
    assert conversation(demo_store, talk_id).state == ConversationState.REQUESTED
    page = parse(demo_client.get(url).text)
    assert [i.attrs["value"] for i in page.find_all("input", name="to")] == [
        "scheduled",
        "declined",
        "no_response",
    ]
    assert page.find("input", name="scheduled_at").attrs["type"] == "datetime-local"

    scheduled = submit(
        demo_client, f"{url}/advance", {"to": "scheduled", "scheduled_at": "2026-12-01T14:30"}
    )
    assert scheduled.status_code == 303
    talk = conversation(demo_store, talk_id)
    assert talk.state == ConversationState.SCHEDULED
    assert talk.scheduled_at == datetime(2026, 12, 1, 14, 30).astimezone()
    page = parse(demo_client.get(url).text)
    assert "Scheduled for 2026-12-01 14:30" in page.find("dl", class_="details").text()

    held = submit(
        demo_client,
        f"{url}/advance",
        {"to": "held", "actual_minutes": "25", "outcome": "Portfolio first.\nThen a course."},
    )
    assert held.status_code == 303
    talk = conversation(demo_store, talk_id)
    assert talk.state == ConversationState.HELD
    assert talk.actual_minutes == 25
    assert talk.outcome_summary == "Portfolio first.\nThen a course."
    assert talk.held_at is not None
    page = parse(demo_client.get(url).text)
    details = page.find("dl", class_="details").text()
    assert ", 25 minutes" in details
    assert "Portfolio first. Then a course." in details
    assert [i.attrs["value"] for i in page.find_all("input", name="to")] == ["thanked"]
    events = page.find("ol", class_="events").text()
    for summary in (
        "Met Camille Dubois",
        "Scheduled a conversation with Camille Dubois",
        "Asked Camille Dubois for 20 minutes of advice",
        "Drafted a 20-minute request to Camille Dubois",
    ):
        assert summary in events


@pytest.mark.parametrize(
    ("state", "to"),
    [
        (ConversationState.DRAFT, "closed"),
        (ConversationState.DRAFT, "held"),
        (ConversationState.REQUESTED, "thanked"),
        (ConversationState.CLOSED, "requested"),
        (ConversationState.DECLINED, "scheduled"),
    ],
)
def test_an_illegal_move_is_refused_with_409_and_the_state_is_unchanged(
    demo_client: TestClient, demo_store: Store, state: ConversationState, to: str
) -> None:
    talk = first_in_state(demo_store, state)
    before = snapshot(demo_store)
    fields = {"to": to, "scheduled_at": "2026-12-01T14:30" if to == "scheduled" else ""}
    response = submit(demo_client, f"/conversations/{talk.id}/advance", fields)
    assert response.status_code == 409
    message = parse(response.text).find("p", class_="problem").text()
    assert message.startswith(f"a conversation cannot go from '{state.value}' to '{to}'")
    assert conversation(demo_store, talk.id).state == state
    assert snapshot(demo_store) == before


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"to": "scheduled", "scheduled_at": ""}, "at: scheduling needs the agreed meeting time"),
        (
            {"to": "scheduled", "scheduled_at": "next tuesday"},
            "scheduled at: 'next tuesday' is not a date and time",
        ),
        (
            {"to": "scheduled", "scheduled_at": "1066-10-14T09:00"},
            "scheduled at: '1066-10-14T09:00' is not a plausible date",
        ),
        ({"to": "teleported"}, "to: 'teleported' is not one of"),
        ({"to": ""}, "to: "),
        (
            {"to": "declined", "actual_minutes": "30"},
            "minutes: only a meeting being marked held has a length",
        ),
        (
            {"to": "scheduled", "scheduled_at": "2026-12-01T14:30", "actual_minutes": "ten"},
            "actual minutes: 'ten' is not a number of minutes",
        ),
    ],
)
def test_a_move_with_bad_facts_is_refused_with_422_and_the_values_kept(
    demo_client: TestClient, demo_store: Store, fields: dict[str, str], message: str
) -> None:
    talk = first_in_state(demo_store, ConversationState.REQUESTED)
    before = snapshot(demo_store)
    response = submit(demo_client, f"/conversations/{talk.id}/advance", fields)
    assert response.status_code == 422
    found = problems(response.text)
    assert list(found) == ["advance"]
    assert found["advance"].startswith(message), found["advance"]
    if fields["to"] == "scheduled":
        assert field_value(response.text, "scheduled_at") == fields["scheduled_at"]
    assert conversation(demo_store, talk.id).state == ConversationState.REQUESTED
    assert snapshot(demo_store) == before


def test_a_held_move_with_a_negative_length_is_refused(
    demo_client: TestClient, demo_store: Store
) -> None:
    talk = first_in_state(demo_store, ConversationState.SCHEDULED)
    before = snapshot(demo_store)
    response = submit(
        demo_client,
        f"/conversations/{talk.id}/advance",
        {"to": "held", "actual_minutes": "-5", "outcome": "Kept <this>"},
    )
    assert response.status_code == 422
    assert (
        problems(response.text)["advance"]
        == "actual minutes: -5 is not a meeting length in minutes"
    )
    assert field_value(response.text, "actual_minutes") == "-5"
    assert field_value(response.text, "outcome") == "Kept <this>"
    assert "Kept &lt;this&gt;</textarea>" in response.text
    assert snapshot(demo_store) == before


def test_advancing_an_unknown_conversation_is_a_404(
    demo_client: TestClient, demo_store: Store
) -> None:
    before = snapshot(demo_store)
    response = submit(demo_client, "/conversations/9999/advance", {"to": "requested"})
    assert response.status_code == 404
    assert snapshot(demo_store) == before


def test_a_refused_edit_keeps_the_stored_name_in_the_heading(demo_client: TestClient) -> None:
    response = submit(demo_client, "/people/1/edit", {"full_name": ""})
    assert response.status_code == 422
    name = parse(demo_client.get("/people/1").text).find("h1").text()
    assert parse(response.text).find("h1").text() == f"Edit {name}"
