"""Notes on people, conversations and targets, and searching across everything, on both
backends."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from infointerview.domain.records import NoteRecord
from infointerview.domain.vocabulary import ConversationState
from infointerview.errors import InvalidValue, NotFound
from infointerview.services import conversations, notes, people, search, targets
from infointerview.store.models import Event, Note
from tests import factories
from tests.factories import Workspace


def _note(ws: Workspace, about: str, about_id: int, body: str) -> NoteRecord:
    return notes.add_note(
        session=ws.session, owner=ws.owner, about=about, about_id=about_id, body=body
    )


def _find(ws: Workspace, text: str) -> list[tuple[str, int]]:
    return [
        (hit.kind, hit.id) for hit in search.search(session=ws.session, owner=ws.owner, text=text)
    ]


def _note_count(ws: Workspace) -> int:
    return int(ws.session.scalar(select(func.count()).select_from(Note)) or 0)


def test_a_note_on_a_person_shows_with_that_person(ws: Workspace) -> None:
    maya = factories.person(ws, "Maya Chen")
    made = _note(ws, "person", maya.id, "  Loves talking about research ops.\nAsk about Dovetail. ")
    assert (made.about, made.about_id, made.about_label) == ("person", maya.id, "Maya Chen")
    assert made.body == "Loves talking about research ops.\nAsk about Dovetail."
    detail = people.get_person(session=ws.session, owner=ws.owner, person_id=maya.id)
    assert [n.id for n in detail.notes] == [made.id]
    assert detail.events[0].summary == "Note on Maya Chen: Loves talking about research ops."


def test_a_note_on_a_conversation_is_linked_to_its_person_and_target(ws: Workspace) -> None:
    maya = factories.person(ws, "Maya Chen")
    ux = factories.target(ws)
    talk = factories.conversation(ws, maya.id, target_id=ux.id, state=ConversationState.HELD)
    made = _note(ws, "conversation", talk.id, "She offered to review my portfolio.")
    assert (made.about, made.about_id) == ("conversation", talk.id)
    assert made.about_label == f"conversation #{talk.id} with Maya Chen"
    detail = conversations.get_conversation(
        session=ws.session, owner=ws.owner, conversation_id=talk.id
    )
    assert [n.body for n in detail.notes] == ["She offered to review my portfolio."]
    event = ws.session.scalars(select(Event).where(Event.kind == "note.added")).one()
    assert (event.person_id, event.conversation_id, event.target_id) == (maya.id, talk.id, ux.id)


def test_a_note_on_a_target_shows_with_that_target(ws: Workspace) -> None:
    ux = factories.target(ws, "UX Researcher", organization="Northwind Health")
    made = _note(ws, "target", ux.id, "Most job ads ask for a portfolio.")
    assert (made.about, made.about_id) == ("target", ux.id)
    assert made.about_label == "UX Researcher @ Northwind Health"
    detail = targets.get_target(session=ws.session, owner=ws.owner, target_id=ux.id)
    assert [n.body for n in detail.notes] == ["Most job ads ask for a portfolio."]


def test_a_note_on_a_missing_record_is_refused(ws: Workspace) -> None:
    for about in ("person", "conversation", "target"):
        with pytest.raises(NotFound, match=f"no {about} matches '#999'"):
            _note(ws, about, 999, "Lost note")
    assert _note_count(ws) == 0


def test_a_note_on_an_unknown_kind_of_record_is_refused(ws: Workspace) -> None:
    maya = factories.person(ws)
    with pytest.raises(InvalidValue, match="'company' is not one of: person, conversation"):
        _note(ws, "company", maya.id, "Hmm")
    assert _note_count(ws) == 0


def test_an_empty_note_is_refused(ws: Workspace) -> None:
    maya = factories.person(ws)
    with pytest.raises(InvalidValue, match="^note: must not be empty$"):
        _note(ws, "person", maya.id, " \n ")
    assert _note_count(ws) == 0


@pytest.fixture
def network(ws: Workspace) -> dict[str, int]:
    """A few people, targets and notes to search through."""
    maya = factories.person(ws, "Maya Chen", organization="Northwind Health", title="UX Lead")
    omar = factories.person(ws, "Omar Haddad", title="Nurse Manager")
    priya = factories.person(ws, "Priya Raghunathan", organization="Pinecrest Diagnostics")
    ux = factories.target(ws, "UX Researcher", industry="Healthcare technology")
    design = factories.target(ws, "Instructional Designer", decision_note="Pays less than teaching")
    person_note = _note(ws, "person", omar.id, "Knows the hiring manager at Pinecrest.")
    target_note = _note(ws, "target", design.id, "Needs a portfolio of 100% online courses.")
    return {
        "maya": maya.id,
        "omar": omar.id,
        "priya": priya.id,
        "ux": ux.id,
        "design": design.id,
        "person_note": person_note.id,
        "target_note": target_note.id,
    }


def test_search_finds_people_by_name_or_title(ws: Workspace, network: dict[str, int]) -> None:
    assert _find(ws, "haddad") == [("person", network["omar"])]
    assert _find(ws, "nurse") == [("person", network["omar"])]
    assert _find(ws, "astronaut") == []


def test_search_finds_people_by_organisation_and_notes_mentioning_it(
    ws: Workspace, network: dict[str, int]
) -> None:
    found = _find(ws, "pinecrest")
    assert [hit for hit in found if hit[0] != "organization"] == [
        ("person", network["priya"]),
        ("note", network["person_note"]),
    ]
    assert [kind for kind, _ in found].count("organization") == 1


def test_search_finds_targets_by_role_industry_or_decision_note(
    ws: Workspace, network: dict[str, int]
) -> None:
    assert _find(ws, "researcher") == [("target", network["ux"])]
    assert _find(ws, "healthcare tech") == [("target", network["ux"])]
    assert _find(ws, "teaching") == [("target", network["design"])]


def test_search_finds_notes_and_says_what_they_are_on(
    ws: Workspace, network: dict[str, int]
) -> None:
    hits = search.search(session=ws.session, owner=ws.owner, text="portfolio")
    assert [(h.kind, h.id, h.title) for h in hits] == [
        ("note", network["target_note"], "Note on Instructional Designer"),
    ]


def test_search_finds_people_and_targets_together(ws: Workspace, network: dict[str, int]) -> None:
    assert _find(ws, "ux") == [("person", network["maya"]), ("target", network["ux"])]


def test_search_ignores_case(ws: Workspace, network: dict[str, int]) -> None:
    for text in ("MAYA", "maya", "mAyA cHeN"):
        assert _find(ws, text) == [("person", network["maya"])], text
    assert _find(ws, "NORTHWIND")[0] == ("person", network["maya"])
    assert [kind for kind, _ in _find(ws, "NORTHWIND")] == ["person", "organization"]


def test_search_treats_wildcards_literally(ws: Workspace, network: dict[str, int]) -> None:
    assert _find(ws, "%") == [("note", network["target_note"])]
    assert _find(ws, "_") == []


def test_search_with_nothing_to_look_for_is_refused(ws: Workspace, network: dict[str, int]) -> None:
    with pytest.raises(InvalidValue, match="^search text: must not be empty$"):
        search.search(session=ws.session, owner=ws.owner, text="   ")
