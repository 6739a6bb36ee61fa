"""Every page of the web app on the demo network: status, and that it shows the right data.

Expectations come from the services (what is stored), computed independently of the
page where that is easy (search and filters are checked against plain Python filters).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from infointerview.domain.lifecycle import TRANSITIONS
from infointerview.domain.records import PersonRecord
from infointerview.domain.vocabulary import ConversationState, HowKnown
from infointerview.services import conversations, people, targets
from infointerview.services.overview import overview
from infointerview.services.people import PersonFields
from infointerview.services.workspace import Store
from infointerview.web.templating import label
from tests.web.helpers import parse, people_listed, problems


def everyone(store: Store) -> list[PersonRecord]:
    """Return every stored person, as the services list them."""
    with store.workspace() as ws:
        return people.list_people(session=ws.session, owner=ws.owner)


def person_id(store: Store, name: str) -> int:
    """Return the id of the one person ``name`` names."""
    with store.workspace() as ws:
        return people.resolve_person(session=ws.session, owner=ws.owner, query=name)


def ids_where(store: Store, keep: Callable[[PersonRecord], bool]) -> set[int]:
    """Return the ids of the stored people for whom ``keep`` is true."""
    return {p.id for p in everyone(store) if keep(p)}


def add_people(store: Store, count: int, *, prefix: str, tag: str) -> list[int]:
    """Add ``count`` people named ``prefix NN`` with ``tag``; return their ids."""
    with store.workspace() as ws:
        return [
            people.add_person(
                session=ws.session,
                owner=ws.owner,
                fields=PersonFields(full_name=f"{prefix} {n:02d}", tags=[tag]),
            ).id
            for n in range(count)
        ]


# ----------------------------------------------------------------------------- overview


def test_the_overview_shows_the_pipeline_counts_the_service_returns(
    demo_client: TestClient, demo_store: Store
) -> None:
    with demo_store.workspace() as ws:
        summary = overview(session=ws.session, owner=ws.owner, recent=15)
    response = demo_client.get("/overview")
    assert response.status_code == 200
    page = parse(response.text)
    shown = {
        item.attrs["class"].removeprefix("state-"): int(item.find("span", class_="count").text())
        for item in page.find("ul", class_="pipeline").find_all("li")
    }
    assert shown == summary.pipeline
    assert sum(shown.values()) == 29
    assert set(shown) == {state.value for state in ConversationState}
    assert f"{summary.people} people in your network" in page.find("main").text()
    assert summary.people == 40


def test_the_overview_lists_the_targets_with_their_conversation_counts(
    demo_client: TestClient, demo_store: Store
) -> None:
    with demo_store.workspace() as ws:
        summary = overview(session=ws.session, owner=ws.owner, recent=15)
    items = parse(demo_client.get("/overview").text).find("ul", class_="targets").find_all("li")
    assert len(items) == len(summary.targets) == 3
    for item, target in zip(items, summary.targets, strict=True):
        assert item.find("a").attrs["href"] == f"/targets/{target.id}"
        assert item.find("a").text() == target.label
        assert item.find("span", class_="status").text() == label(target.status)
        plural = "" if target.conversations == 1 else "s"
        assert f"{target.conversations} conversation{plural}" in item.text()


def test_the_overview_shows_the_most_recent_events_newest_first(
    demo_client: TestClient, demo_store: Store
) -> None:
    with demo_store.workspace() as ws:
        summary = overview(session=ws.session, owner=ws.owner, recent=15)
    items = parse(demo_client.get("/overview").text).find("ol", class_="events").find_all("li")
    assert len(items) == len(summary.recent) == 15
    for item, event in zip(items, summary.recent, strict=True):
        assert item.find("time").attrs["datetime"] == event.occurred_at.isoformat()
        assert " ".join(event.summary.split()) in item.text()
    assert "Loaded the demo network of Jordan Rivera" in items[0].text()


# ------------------------------------------------------------------------------- people


def test_the_people_page_lists_everyone_by_name_when_no_filter_is_given(
    demo_client: TestClient, demo_store: Store
) -> None:
    response = demo_client.get("/people")
    assert response.status_code == 200
    stored = everyone(demo_store)
    expected = [p.id for p in sorted(stored, key=lambda p: (p.full_name.lower(), p.id))]
    assert people_listed(response.text) == expected
    assert "40 people." in parse(response.text).by_id("people-results").text()
    first = parse(response.text).by_id("people-results").find("tbody").find_all("tr")[0]
    cells = [cell.text() for cell in first.find_all("td")]
    record = next(p for p in stored if p.id == expected[0])
    assert cells == [
        record.full_name,
        record.organization or "",
        record.title or "",
        label(record.how_known),
        ", ".join(record.tags),
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("Chloé", "name"),
        ("CHLOÉ MARTIN", "name"),
        ("o'neill", "name"),
        ("instructional designer", "title"),
        ("Data Analyst", "title"),
        ("northwind", "organisation"),
        ("Cascade State", "organisation"),
    ],
)
def test_searching_people_finds_them_by_name_title_or_organisation(
    demo_client: TestClient, demo_store: Store, query: str, field: str
) -> None:
    wanted = query.casefold()
    expected = ids_where(
        demo_store,
        lambda p: any(
            wanted in (text or "").casefold() for text in (p.full_name, p.title, p.organization)
        ),
    )
    assert expected, f"the demo has someone whose {field} holds {query!r}"
    response = demo_client.get("/people", params={"q": query})
    assert response.status_code == 200
    assert set(people_listed(response.text)) == expected
    assert len(people_listed(response.text)) == len(expected)
    assert parse(response.text).by_id("q").attrs["value"] == query


HX_SEARCH = {"HX-Request": "true", "HX-Target": "people-results"}


def test_search_as_you_type_gets_the_results_alone(demo_client: TestClient) -> None:
    whole = demo_client.get("/people", params={"q": "a"})
    typed = demo_client.get("/people", params={"q": "a"}, headers=HX_SEARCH)
    assert typed.status_code == 200
    assert people_listed(typed.text) == people_listed(whole.text) != []
    assert 'id="people-results"' in typed.text
    assert "<form" not in typed.text
    assert "<html" not in typed.text
    assert "<form" in whole.text
    assert "HX-Request" in typed.headers["vary"]
    for header in ("content-security-policy", "x-content-type-options"):
        assert typed.headers[header] == whole.headers[header]


@pytest.mark.parametrize(
    ("extra", "params"),
    [
        ({"HX-History-Restore-Request": "true"}, {"q": "a"}),
        ({}, {"q": "a", "sort": "shoe size"}),
        ({"HX-Target": "main"}, {"q": "a"}),
    ],
    ids=["history restore", "a problem to show", "another target"],
)
def test_htmx_gets_the_whole_page_when_it_needs_more_than_the_results(
    demo_client: TestClient, extra: dict[str, str], params: dict[str, str]
) -> None:
    response = demo_client.get("/people", params=params, headers=HX_SEARCH | extra)
    assert "<form" in response.text
    assert response.status_code == (400 if "sort" in params else 200)


def test_a_search_matching_nobody_says_so(demo_client: TestClient) -> None:
    response = demo_client.get("/people", params={"q": "zzz-nobody-zzz"})
    assert response.status_code == 200
    assert people_listed(response.text) == []
    assert "No people match these filters." in response.text


def test_a_search_treats_percent_and_underscore_as_plain_characters(
    demo_client: TestClient,
) -> None:
    for query in ("%", "_"):
        response = demo_client.get("/people", params={"q": query})
        assert response.status_code == 200
        assert people_listed(response.text) == [], query


def test_the_how_known_filter_lists_only_people_known_that_way(
    demo_client: TestClient, demo_store: Store
) -> None:
    stored = everyone(demo_store)
    for known in HowKnown:
        response = demo_client.get("/people", params={"how_known": known.value})
        assert response.status_code == 200
        expected = {p.id for p in stored if p.how_known == known}
        assert set(people_listed(response.text)) == expected, known
    referred = demo_client.get("/people", params={"how_known": "referred"}).text
    assert len(people_listed(referred)) == 17


def test_the_organisation_filter_ignores_case_and_lists_only_its_people(
    demo_client: TestClient, demo_store: Store
) -> None:
    expected = ids_where(demo_store, lambda p: p.organization == "Kestrel Learning")
    assert len(expected) == 5
    for value in ("Kestrel Learning", "kestrel learning"):
        response = demo_client.get("/people", params={"org": value})
        assert response.status_code == 200
        assert set(people_listed(response.text)) == expected
    page = parse(demo_client.get("/people", params={"org": "Kestrel Learning"}).text)
    selected = [o for o in page.by_id("org").find_all("option") if "selected" in o.attrs]
    assert [o.attrs["value"] for o in selected] == ["Kestrel Learning"]


def test_the_tag_filter_lists_only_people_with_that_tag(
    demo_client: TestClient, demo_store: Store
) -> None:
    expected = ids_where(demo_store, lambda p: "design" in p.tags)
    assert len(expected) == 9
    response = demo_client.get("/people", params={"tag": "Design"})
    assert response.status_code == 200
    assert set(people_listed(response.text)) == expected


def test_filters_combine(demo_client: TestClient, demo_store: Store) -> None:
    expected = ids_where(
        demo_store,
        lambda p: (
            "design" in p.tags
            and p.organization == "Kestrel Learning"
            and p.how_known == HowKnown.REFERRED
        ),
    )
    assert expected == {person_id(demo_store, "Rafael Souza")}
    response = demo_client.get(
        "/people", params={"tag": "design", "org": "Kestrel Learning", "how_known": "referred"}
    )
    assert set(people_listed(response.text)) == expected


def test_the_target_filter_lists_the_people_met_or_referred_for_that_target(
    demo_client: TestClient, demo_store: Store
) -> None:
    with demo_store.workspace() as ws:
        all_targets = targets.list_targets(session=ws.session, owner=ws.owner)
        details = [
            people.get_person(session=ws.session, owner=ws.owner, person_id=p.id)
            for p in people.list_people(session=ws.session, owner=ws.owner)
        ]
    for target in all_targets:
        expected = {
            d.person.id
            for d in details
            if any(c.target_id == target.id for c in d.conversations)
            or any(r.target_id == target.id for r in d.referred_by)
        }
        assert expected
        response = demo_client.get("/people", params={"target": str(target.id)})
        assert response.status_code == 200
        assert set(people_listed(response.text)) == expected, target.label


@pytest.mark.parametrize("sort", ["name", "organization", "added", "updated"])
def test_each_sort_orders_the_people_as_it_says(
    demo_client: TestClient, demo_store: Store, sort: str
) -> None:
    stored = everyone(demo_store)
    keys: dict[str, Callable[[PersonRecord], tuple[object, ...]]] = {
        "name": lambda p: (p.full_name.lower(), p.id),
        "organization": lambda p: ((p.organization or "~").lower(), p.full_name, p.id),
        "added": lambda p: (-p.created_at.timestamp(), -p.id),
        "updated": lambda p: (-p.updated_at.timestamp(), -p.id),
    }
    expected = [p.id for p in sorted(stored, key=keys[sort])]
    response = demo_client.get("/people", params={"sort": sort})
    assert response.status_code == 200
    assert people_listed(response.text) == expected
    selected = [
        o.attrs["value"]
        for o in parse(response.text).by_id("sort").find_all("option")
        if "selected" in o.attrs
    ]
    assert selected == [sort]


def test_more_than_fifty_people_are_shown_fifty_a_page_with_next_and_previous_links(
    demo_client: TestClient, demo_store: Store
) -> None:
    add_people(demo_store, 12, prefix="Zed Extra", tag="extra")
    stored = everyone(demo_store)
    assert len(stored) == 52
    by_name = [p.id for p in sorted(stored, key=lambda p: (p.full_name.lower(), p.id))]

    first = demo_client.get("/people")
    assert first.status_code == 200
    assert people_listed(first.text) == by_name[:50]
    results = parse(first.text).by_id("people-results")
    assert "52 people, page 1 of 2." in results.text()
    assert results.find_all("a", rel="prev") == []
    next_link = results.find("a", rel="next")
    assert next_link.text() == "Next"

    second = demo_client.get(next_link.attrs["href"])
    assert second.status_code == 200
    assert people_listed(second.text) == by_name[50:]
    results = parse(second.text).by_id("people-results")
    assert "52 people, page 2 of 2." in results.text()
    assert results.find_all("a", rel="next") == []
    assert results.find("a", rel="prev").text() == "Previous"
    assert (
        people_listed(demo_client.get(results.find("a", rel="prev").attrs["href"]).text)
        == (by_name[:50])
    )


def test_the_page_links_keep_the_search_and_filters(
    demo_client: TestClient, demo_store: Store
) -> None:
    extra = add_people(demo_store, 55, prefix="Zed Extra", tag="extra")
    first = demo_client.get("/people", params={"tag": "extra", "q": "zed", "sort": "added"})
    assert first.status_code == 200
    assert people_listed(first.text) == sorted(extra, reverse=True)[:50]
    href = parse(first.text).by_id("people-results").find("a", rel="next").attrs["href"]
    assert "tag=extra" in href
    assert "q=zed" in href
    assert "sort=added" in href
    assert "page=2" in href
    second = demo_client.get(href)
    assert people_listed(second.text) == sorted(extra, reverse=True)[50:]


def test_a_page_past_the_last_one_lists_nobody(demo_client: TestClient) -> None:
    response = demo_client.get("/people", params={"page": "7"})
    assert response.status_code == 200
    assert people_listed(response.text) == []


def test_the_new_person_form_is_empty_with_cold_as_how_known(demo_client: TestClient) -> None:
    response = demo_client.get("/people/new")
    assert response.status_code == 200
    page = parse(response.text)
    form = page.find("form", class_="person-form")
    assert form.attrs["action"] == "/people"
    assert form.attrs["method"] == "post"
    assert page.by_id("full_name").attrs["value"] == ""
    assert "required" in page.by_id("full_name").attrs
    chosen = [
        o.attrs["value"]
        for o in page.by_id("how_known").find_all("option")
        if "selected" in o.attrs
    ]
    assert chosen == ["cold"]
    names = {e.attrs.get("name") for e in form.walk() if e.tag in ("input", "textarea", "select")}
    assert names >= {
        "csrf_token",
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
        "hiring_experience",
        "keep_in_touch",
        "keep_in_touch_days",
        "tags",
    }


# ------------------------------------------------------------------------------- person


def test_the_person_page_shows_details_conversations_referrals_notes_and_timeline(
    demo_client: TestClient, demo_store: Store
) -> None:
    omar = person_id(demo_store, "Omar Haddad")
    with demo_store.workspace() as ws:
        detail = people.get_person(session=ws.session, owner=ws.owner, person_id=omar)
    assert detail.conversations
    assert detail.referred_by
    assert detail.notes
    assert len(detail.referred_to) == 2

    response = demo_client.get(f"/people/{omar}")
    assert response.status_code == 200
    page = parse(response.text)
    person = detail.person
    assert page.find("h1").text() == "Omar Haddad"
    assert page.find("p", class_="lead").text() == f"{person.title} at {person.organization}"
    details = page.find("dl", class_="details").text()
    assert ", ".join(person.tags) in details
    assert person.emails[0] in details
    assert label(person.how_known) in details

    conversation_links = {a.attrs["href"] for a in page.by_id("conversations").find_all("a")}
    assert {f"/conversations/{c.id}" for c in detail.conversations} <= conversation_links

    referrals = page.by_id("referrals")
    referral_links = {a.attrs["href"]: a.text() for a in referrals.find_all("a")}
    for r in detail.referred_by:
        assert referral_links[f"/people/{r.referrer_id}"] == r.referrer
    for r in detail.referred_to:
        assert referral_links[f"/people/{r.referred_id}"] == r.referred
    assert "Nobody: you found them yourself." not in referrals.text()

    shown_notes = [
        n.find("p", class_="note-body").text() for n in page.by_id("notes").find_all("li")
    ]
    assert shown_notes == [" ".join(n.body.split()) for n in detail.notes]

    events = page.find("ol", class_="events").find_all("li")
    assert [e.find("time").attrs["datetime"] for e in events] == [
        e.occurred_at.isoformat() for e in detail.events
    ]
    assert len(events) == 15


def test_a_person_without_history_says_so(demo_client: TestClient, demo_store: Store) -> None:
    camille = person_id(demo_store, "Camille Dubois")
    page = parse(demo_client.get(f"/people/{camille}").text)
    assert "No conversations yet." in page.by_id("conversations").text()
    referrals = page.by_id("referrals").text()
    assert "Nobody: you found them yourself." in referrals
    assert "No one yet." in referrals
    assert "No notes yet." in page.by_id("notes").text()


def test_the_person_page_offers_every_target_for_a_new_conversation(
    demo_client: TestClient, demo_store: Store
) -> None:
    with demo_store.workspace() as ws:
        all_targets = targets.list_targets(session=ws.session, owner=ws.owner)
    page = parse(demo_client.get(f"/people/{person_id(demo_store, 'Maya Chen')}").text)
    options = page.by_id("conversation-target").find_all("option")
    assert [(o.attrs["value"], o.text()) for o in options] == [
        ("", "no particular target"),
        *((str(t.id), t.label) for t in all_targets),
    ]


def test_the_edit_form_is_filled_in_with_what_is_stored(
    demo_client: TestClient, demo_store: Store
) -> None:
    maya = person_id(demo_store, "Maya Chen")
    with demo_store.workspace() as ws:
        record = people.get_person(session=ws.session, owner=ws.owner, person_id=maya).person
    response = demo_client.get(f"/people/{maya}/edit")
    assert response.status_code == 200
    page = parse(response.text)
    assert page.find("form", class_="person-form").attrs["action"] == f"/people/{maya}/edit"
    assert page.by_id("full_name").attrs["value"] == record.full_name
    assert page.by_id("organization").attrs["value"] == record.organization
    assert page.by_id("title").attrs["value"] == record.title
    assert page.by_id("tags").attrs["value"] == ", ".join(record.tags)
    assert page.by_id("emails").raw_text().strip() == "\n".join(record.emails)
    chosen = [
        o.attrs["value"]
        for o in page.by_id("how_known").find_all("option")
        if "selected" in o.attrs
    ]
    assert chosen == [record.how_known.value]


# ------------------------------------------------------------------------------ targets


def test_the_targets_page_lists_each_target_with_status_and_conversation_count(
    demo_client: TestClient, demo_store: Store
) -> None:
    with demo_store.workspace() as ws:
        all_targets = targets.list_targets(session=ws.session, owner=ws.owner)
    response = demo_client.get("/targets")
    assert response.status_code == 200
    rows = parse(response.text).find("tbody").find_all("tr")
    assert len(rows) == 3
    for row, target in zip(rows, all_targets, strict=True):
        cells = row.find_all("td")
        assert cells[0].find("a").attrs["href"] == f"/targets/{target.id}"
        assert [c.text() for c in cells] == [
            target.label,
            label(target.status),
            str(target.conversations),
            " ".join((target.decision_note or "").split()),
        ]
    assert [t.conversations for t in all_targets] == [12, 11, 4]


def test_each_target_page_lists_its_conversations_and_people(
    demo_client: TestClient, demo_store: Store
) -> None:
    with demo_store.workspace() as ws:
        all_targets = targets.list_targets(session=ws.session, owner=ws.owner)
        details = {
            t.id: targets.get_target(session=ws.session, owner=ws.owner, target_id=t.id)
            for t in all_targets
        }
        talks = conversations.list_conversations(session=ws.session, owner=ws.owner)
        referred_for = {
            p.id: {
                r.target_id
                for r in people.get_person(
                    session=ws.session, owner=ws.owner, person_id=p.id
                ).referred_by
            }
            for p in people.list_people(session=ws.session, owner=ws.owner)
        }
    involved = {
        t.id: {c.person_id for c in talks if c.target_id == t.id}
        | {pid for pid, wanted in referred_for.items() if t.id in wanted}
        for t in all_targets
    }
    for target in all_targets:
        response = demo_client.get(f"/targets/{target.id}")
        assert response.status_code == 200
        page = parse(response.text)
        assert page.find("h1").text() == target.label
        assert label(target.status) in page.find("p", class_="lead").text()
        sections = page.find_all("section")
        shown_talks = [
            int(a.attrs["href"].removeprefix("/conversations/"))
            for a in sections[0].find_all("a")
            if a.attrs["href"].startswith("/conversations/")
        ]
        expected_talks = [c.id for c in details[target.id].conversations]
        assert shown_talks == expected_talks
        assert sorted(expected_talks) == sorted(c.id for c in talks if c.target_id == target.id)
        shown_people = {
            int(a.attrs["href"].removeprefix("/people/")) for a in sections[1].find_all("a")
        }
        assert shown_people == involved[target.id]


def test_the_pursued_target_shows_its_decision_note(
    demo_client: TestClient, demo_store: Store
) -> None:
    with demo_store.workspace() as ws:
        pursued = targets.list_targets(session=ws.session, owner=ws.owner)[0]
    assert pursued.decision_note
    page = parse(demo_client.get(f"/targets/{pursued.id}").text)
    assert (
        f"Decision: {' '.join(pursued.decision_note.split())}"
        in page.find("p", class_="lead").text()
    )


# ------------------------------------------------------------------------ conversations


def test_every_conversation_page_offers_exactly_its_legal_next_moves(
    demo_client: TestClient, demo_store: Store
) -> None:
    with demo_store.workspace() as ws:
        talks = conversations.list_conversations(session=ws.session, owner=ws.owner)
    assert len(talks) == 29
    for talk in talks:
        response = demo_client.get(f"/conversations/{talk.id}")
        assert response.status_code == 200
        page = parse(response.text)
        moves = page.by_id("next")
        offered = [i.attrs["value"] for i in moves.find_all("input", name="to")]
        assert offered == [s.value for s in talk.next_states], talk.id
        assert tuple(talk.next_states) == TRANSITIONS[talk.state]
        buttons = [b.text() for b in moves.find_all("button")]
        assert buttons == [f"Mark as {label(s)}" for s in talk.next_states]
        for form in moves.find_all("form"):
            assert form.attrs["action"] == f"/conversations/{talk.id}/advance"
            assert len(form.find_all("input", name="csrf_token")) == 1
        if not talk.next_states:
            assert "This conversation is finished." in moves.text()
        assert page.find("span", class_="state").text() == label(talk.state)


def test_the_conversation_page_shows_its_person_target_messages_notes_and_timeline(
    demo_client: TestClient, demo_store: Store
) -> None:
    with demo_store.workspace() as ws:
        talks = conversations.list_conversations(session=ws.session, owner=ws.owner)
        details = [
            conversations.get_conversation(session=ws.session, owner=ws.owner, conversation_id=c.id)
            for c in talks
        ]
    detail = next(d for d in details if d.messages and d.notes and d.conversation.target_id)
    talk = detail.conversation
    page = parse(demo_client.get(f"/conversations/{talk.id}").text)
    heading = page.find("h1")
    assert heading.text() == f"Conversation with {talk.person}"
    assert heading.find("a").attrs["href"] == f"/people/{talk.person_id}"
    assert page.find("a", href=f"/targets/{talk.target_id}").text() == talk.target
    shown_subjects = [
        a.find("h3").text().casefold() for a in page.find_all("article", class_="message")
    ]
    assert shown_subjects == [f"{label(m.kind)}: {m.subject}".casefold() for m in detail.messages]
    bodies = [p.text() for p in page.find_all("p", class_="message-body")]
    assert bodies == [" ".join(m.body.split()) for m in detail.messages]
    shown_notes = [p.text() for p in page.by_id("notes").find_all("p", class_="note-body")]
    assert shown_notes == [" ".join(n.body.split()) for n in detail.notes]
    events = page.find("ol", class_="events").find_all("li")
    assert len(events) == len(detail.events) > 0


def test_a_held_conversation_shows_what_was_learned(
    demo_client: TestClient, demo_store: Store
) -> None:
    with demo_store.workspace() as ws:
        held = conversations.list_conversations(
            session=ws.session, owner=ws.owner, state=ConversationState.HELD
        )
    talk = next(c for c in held if c.outcome_summary)
    text = parse(demo_client.get(f"/conversations/{talk.id}").text).find("dl").text()
    assert "What you learned" in text
    assert " ".join((talk.outcome_summary or "").split()) in text


# ------------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/people/9999", "no person matches '#9999'"),
        ("/people/9999/edit", "no person matches '#9999'"),
        ("/targets/9999", "no target matches '#9999'"),
        ("/conversations/9999", "no conversation matches '#9999'"),
        ("/people/99999999999999999999", "no person matches '#99999999999999999999'"),
        ("/no/such/page", "There is no page at this address."),
        ("/people/1/nothing", "There is no page at this address."),
    ],
)
def test_an_unknown_id_or_address_gets_the_404_page(
    demo_client: TestClient, url: str, message: str
) -> None:
    response = demo_client.get(url)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    page = parse(response.text)
    assert page.find("h1").text() == "Not found"
    assert page.find("p", class_="problem").text() == message
    assert page.find("main").find("a", href="/").text() == "Back to Today"


@pytest.mark.parametrize("query", ["page=abc", "page=0", "page=-3", "page=1.5"])
def test_a_page_number_that_is_not_a_positive_whole_number_gets_the_400_page(
    demo_client: TestClient, query: str
) -> None:
    response = demo_client.get(f"/people?{query}")
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    page = parse(response.text)
    assert page.find("h1").text() == "Bad request"
    assert page.find("p", class_="problem").text().startswith("page: ")


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("sort=shoe-size", "sort", "'shoe-size' is not one of: name, organization, added, updated"),
        ("how_known=psychic", "how_known", "'psychic' is not one of"),
        ("target=abc", "target", "'abc' is not a target's number"),
    ],
)
def test_a_bad_filter_is_shown_beside_its_field_with_status_400(
    demo_client: TestClient, query: str, field: str, message: str
) -> None:
    response = demo_client.get(f"/people?{query}")
    assert response.status_code == 400
    found = problems(response.text)
    assert list(found) == [field]
    assert found[field].startswith(message)
    control = parse(response.text).by_id(field)
    assert control.attrs["aria-invalid"] == "true"
    assert control.attrs["aria-describedby"] == f"{field}-problem"


def test_a_target_filter_too_large_for_an_id_lists_nobody_instead_of_failing(
    demo_client: TestClient,
) -> None:
    # 20 digits fit the parameter's max_length but no database integer column.
    response = demo_client.get("/people", params={"target": "99999999999999999999"})
    assert response.status_code in (200, 400), response.text
    assert response.headers["content-type"].startswith("text/html")
    assert people_listed(response.text) == []


def test_a_search_longer_than_allowed_gets_the_400_page(demo_client: TestClient) -> None:
    response = demo_client.get("/people", params={"q": "a" * 201})
    assert response.status_code == 400
    assert parse(response.text).find("h1").text() == "Bad request"
    assert re.search(r"q: String should have at most 200 characters", response.text)


def test_the_link_back_from_past_the_last_page_keeps_the_filters(
    demo_client: TestClient,
) -> None:
    response = demo_client.get("/people", params={"how_known": "known", "page": "99"})
    back = parse(response.text).by_id("people-results").find("a")
    assert back.attrs["href"] == "/people?how_known=known&sort=name&page=1"


def test_an_organisation_filter_not_in_the_list_stays_selected(demo_client: TestClient) -> None:
    response = demo_client.get("/people", params={"org": "Nowhere Ltd"})
    chosen = [
        o for o in parse(response.text).by_id("org").find_all("option") if "selected" in o.attrs
    ]
    assert [o.attrs["value"] for o in chosen] == ["Nowhere Ltd"]
    assert people_listed(response.text) == []


def test_pages_are_not_stored_in_caches_but_static_files_may_be(demo_client: TestClient) -> None:
    assert demo_client.get("/people").headers["cache-control"] == "no-store"
    assert "cache-control" not in demo_client.get("/static/app.css").headers
