"""People: add, edit, list, filter, sort, page, count, remove and resolve, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from infointerview.domain.records import PersonRecord
from infointerview.domain.vocabulary import Channel, ConversationState, HowKnown
from infointerview.errors import Ambiguous, InvalidValue, NotFound, Refused
from infointerview.services import people
from infointerview.services.people import PersonFields
from infointerview.services.people_query import PersonFilter
from infointerview.store.models import Event, Organization, Person
from tests import factories
from tests.factories import Workspace


def _names(ws: Workspace, **filters: Any) -> list[str]:
    found = people.list_people(session=ws.session, owner=ws.owner, filters=PersonFilter(**filters))
    return [p.full_name for p in found]


def _count(ws: Workspace, **filters: Any) -> int:
    wanted = PersonFilter(**filters)
    return factories.count_people(session=ws.session, owner=ws.owner, filters=wanted)


def _edit(ws: Workspace, person_id: int, **fields: Any) -> PersonRecord:
    return people.edit_person(
        session=ws.session, owner=ws.owner, person_id=person_id, fields=PersonFields(**fields)
    )


def _events(ws: Workspace, kind: str) -> list[Event]:
    return list(ws.session.scalars(select(Event).where(Event.kind == kind).order_by(Event.id)))


def test_adding_a_person_normalises_every_field(ws: Workspace) -> None:
    maya = factories.person(
        ws,
        "  Maya   Chen ",
        organization="Northwind Health",
        title="Senior UX Researcher",
        emails=[" maya@northwind.example ", "MAYA@northwind.example", "maya@home.example"],
        phones=["+1 206  555 0142"],
        linkedin_url="https://www.linkedin.com/in/maya-chen",
        preferred_channel=Channel.VIDEO,
        hiring_experience=True,
        tags=["UX", "Research", "ux"],
    )
    assert maya.full_name == "Maya Chen"
    assert maya.organization == "Northwind Health"
    assert maya.emails == ("maya@northwind.example", "maya@home.example")
    assert maya.phones == ("+1 206 555 0142",)
    assert maya.tags == ("research", "ux")
    assert maya.preferred_channel is Channel.VIDEO
    assert maya.hiring_experience is True
    assert maya.keep_in_touch is False
    assert maya.how_known is HowKnown.COLD
    assert [e.summary for e in _events(ws, "person.added")] == ["Added Maya Chen"]


def test_a_missing_name_or_a_bad_email_is_refused_naming_the_field(ws: Workspace) -> None:
    with pytest.raises(InvalidValue, match="^name: must not be empty$"):
        factories.person(ws, "   ")
    with pytest.raises(InvalidValue, match="^email: 'maya-at-northwind' is not an email address$"):
        factories.person(ws, emails=["maya-at-northwind"])


def test_a_person_refused_for_a_bad_email_is_not_half_added(ws: Workspace) -> None:
    # An importer keeps going after a bad row, in the same session: nothing may linger.
    with pytest.raises(InvalidValue):
        factories.person(ws, "Maya Chen", emails=["maya-at-northwind"])
    assert _count(ws) == 0


def test_people_at_the_same_organisation_share_it_whatever_its_case(ws: Workspace) -> None:
    factories.person(ws, "Maya Chen", organization="Northwind Health")
    omar = factories.person(ws, "Omar Haddad", organization="northwind health")
    assert omar.organization == "Northwind Health"
    assert len(ws.session.scalars(select(Organization)).all()) == 1


def test_add_person_stamps_both_times_with_the_given_clock(ws: Workspace) -> None:
    then = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    maya = people.add_person(
        session=ws.session,
        owner=ws.owner,
        fields=PersonFields(full_name="Maya Chen", organization="Northwind Health"),
        now=then,
    )
    ws.session.flush()
    ws.session.expire_all()
    stored = ws.session.get_one(Person, maya.id)
    assert (stored.created_at, stored.updated_at) == (then, then)


def test_editing_with_an_empty_string_or_list_clears_a_field(ws: Workspace) -> None:
    maya = factories.person(
        ws,
        title="UX Researcher",
        location="Seattle",
        organization="Northwind Health",
        emails=["maya@northwind.example"],
        phones=["206 555 0142"],
    )
    edited = _edit(ws, maya.id, title="", organization="", linkedin_url="", emails=(), phones=())
    assert edited.title is None
    assert edited.organization is None
    assert edited.linkedin_url is None
    assert (edited.emails, edited.phones) == ((), ())
    assert edited.location == "Seattle"


def test_editing_leaves_fields_not_given_alone(ws: Workspace) -> None:
    maya = factories.person(ws, title="UX Researcher", emails=["maya@northwind.example"])
    edited = _edit(ws, maya.id, location="Tacoma")
    assert (edited.title, edited.location) == ("UX Researcher", "Tacoma")
    assert edited.emails == ("maya@northwind.example",)


def test_tags_can_be_added_and_removed_without_restating_the_rest(ws: Workspace) -> None:
    maya = factories.person(ws, tags=["ux", "mentor"])
    edited = _edit(ws, maya.id, add_tags=["Hiring"], remove_tags=["mentor"])
    assert edited.tags == ("hiring", "ux")
    assert _names(ws, tag="HIRING") == ["Maya Chen"]
    assert _names(ws, tag="mentor") == []


def test_setting_tags_replaces_them_and_reuses_existing_ones(ws: Workspace) -> None:
    maya = factories.person(ws, tags=["ux", "mentor"])
    factories.person(ws, "Omar Haddad", tags=["alumni"])
    edited = _edit(ws, maya.id, tags=["alumni"])
    assert edited.tags == ("alumni",)
    assert _names(ws, tag="alumni") == ["Maya Chen", "Omar Haddad"]


def test_an_edit_is_recorded_on_the_timeline_naming_what_changed(ws: Workspace) -> None:
    maya = factories.person(ws)
    _edit(ws, maya.id, title="Lead", add_tags=["ux"])
    assert [e.summary for e in _events(ws, "person.edited")] == ["Edited Maya Chen: tags, title"]


def test_an_edit_that_restates_every_field_names_only_the_changed_ones(ws: Workspace) -> None:
    maya = factories.person(ws, organization="Acme", emails=["maya@acme.example"], tags=["ux"])
    _edit(
        ws,
        maya.id,
        full_name="Maya Chen",
        organization="Acme",
        emails=["maya@acme.example"],
        tags=["ux"],
        title="Lead",
        location="",
    )
    assert [e.summary for e in _events(ws, "person.edited")] == ["Edited Maya Chen: title"]


def test_an_edit_that_changes_nothing_is_not_recorded(ws: Workspace) -> None:
    maya = factories.person(ws, title="Lead")
    edited = _edit(ws, maya.id, title="Lead", full_name="Maya Chen")
    assert edited.updated_at == maya.updated_at
    assert _events(ws, "person.edited") == []


def test_editing_someone_who_does_not_exist_is_refused(ws: Workspace) -> None:
    with pytest.raises(NotFound, match="no person matches '#999'"):
        _edit(ws, 999, title="Lead")


@pytest.fixture
def crowd(ws: Workspace) -> Workspace:
    """Five people across two organisations, with tags and different ways of knowing them."""
    factories.person(
        ws,
        "Maya Chen",
        organization="Northwind Health",
        title="UX Researcher",
        how_known=HowKnown.KNOWN,
        tags=["ux"],
    )
    factories.person(
        ws,
        "omar Haddad",
        organization="Tidewater Clinics",
        title="Nurse Manager",
        how_known=HowKnown.ALUMNI,
    )
    factories.person(
        ws,
        "Priya Raghunathan",
        organization="Northwind Health",
        title="Research Director",
        tags=["ux", "hiring"],
    )
    factories.person(ws, "Kenji Watanabe", title="Data Analyst")
    factories.person(ws, "Felix Bauer", organization="Tidewater Clinics", title="100% Remote Lead")
    return ws


def test_people_are_listed_by_name_ignoring_case(crowd: Workspace) -> None:
    assert _names(crowd) == [
        "Felix Bauer",
        "Kenji Watanabe",
        "Maya Chen",
        "omar Haddad",
        "Priya Raghunathan",
    ]


def test_people_are_filtered_by_how_they_are_known(crowd: Workspace) -> None:
    assert _names(crowd, how_known=HowKnown.ALUMNI) == ["omar Haddad"]
    assert _names(crowd, how_known=HowKnown.COLD) == [
        "Felix Bauer",
        "Kenji Watanabe",
        "Priya Raghunathan",
    ]


def test_people_are_filtered_by_organisation_ignoring_case(crowd: Workspace) -> None:
    assert _names(crowd, organization=" northwind HEALTH ") == ["Maya Chen", "Priya Raghunathan"]
    assert _names(crowd, organization="Northwind") == []


def test_people_are_filtered_by_tag(crowd: Workspace) -> None:
    assert _names(crowd, tag="ux") == ["Maya Chen", "Priya Raghunathan"]
    assert _names(crowd, tag="hiring") == ["Priya Raghunathan"]


def test_people_are_filtered_by_text_in_name_title_or_organisation(crowd: Workspace) -> None:
    assert _names(crowd, text="HADD") == ["omar Haddad"]
    assert _names(crowd, text="research") == ["Maya Chen", "Priya Raghunathan"]
    assert _names(crowd, text="tidewater") == ["Felix Bauer", "omar Haddad"]


def test_a_percent_sign_in_the_text_is_matched_literally(crowd: Workspace) -> None:
    assert _names(crowd, text="0%") == ["Felix Bauer"]
    assert _names(crowd, text="%") == ["Felix Bauer"]


def test_an_underscore_or_a_backslash_in_the_text_is_matched_literally(ws: Workspace) -> None:
    for name in ("sam_lee", "Sam Lee", "Samxlee", "Back\\slash", "Backslash"):
        factories.person(ws, name)
    assert _names(ws, text="m_l") == ["sam_lee"]
    assert _names(ws, text="_") == ["sam_lee"]
    assert _names(ws, text="k\\s") == ["Back\\slash"]
    assert _names(ws, text="\\") == ["Back\\slash"]


def test_people_are_filtered_by_target_through_conversations_or_referrals(ws: Workspace) -> None:
    ux = factories.target(ws, "UX Researcher")
    other = factories.target(ws, "Instructional Designer")
    maya = factories.person(ws, "Maya Chen")
    omar = factories.person(ws, "Omar Haddad")
    priya = factories.person(ws, "Priya Raghunathan")
    factories.person(ws, "Kenji Watanabe")
    factories.conversation(ws, maya.id, target_id=ux.id)
    factories.referral(ws, maya.id, omar.id, target_id=ux.id)
    factories.conversation(ws, priya.id, target_id=other.id)
    assert _names(ws, target_id=ux.id) == ["Maya Chen", "Omar Haddad"]
    assert _count(ws, target_id=ux.id) == 2
    assert _names(ws, target_id=other.id) == ["Priya Raghunathan"]


def test_filters_combine(crowd: Workspace) -> None:
    assert _names(crowd, organization="Northwind Health", tag="hiring") == ["Priya Raghunathan"]
    assert _names(crowd, how_known=HowKnown.KNOWN, text="nurse") == []


def test_people_are_sorted_by_organisation_with_the_unattached_last(crowd: Workspace) -> None:
    assert _names(crowd, sort="organization") == [
        "Maya Chen",
        "Priya Raghunathan",
        "Felix Bauer",
        "omar Haddad",
        "Kenji Watanabe",
    ]


def test_people_are_sorted_newest_first_by_added_and_updated(ws: Workspace) -> None:
    start = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
    for day, name in enumerate(["Ana", "Ben", "Cleo"]):
        people.add_person(
            session=ws.session,
            owner=ws.owner,
            fields=PersonFields(full_name=name),
            now=start + timedelta(days=day),
        )
    ana = people.resolve_person(session=ws.session, owner=ws.owner, query="Ana")
    people.edit_person(
        session=ws.session,
        owner=ws.owner,
        person_id=ana,
        fields=PersonFields(title="Chef"),
        now=start + timedelta(days=10),
    )
    assert _names(ws, sort="added") == ["Cleo", "Ben", "Ana"]
    assert _names(ws, sort="updated") == ["Ana", "Cleo", "Ben"]


def test_an_unknown_sort_is_refused_listing_the_choices(crowd: Workspace) -> None:
    with pytest.raises(InvalidValue, match="'age' is not one of: name, organization, added"):
        _names(crowd, sort="age")


def test_people_are_paged_and_counted_apart_from_the_page(crowd: Workspace) -> None:
    assert _names(crowd, limit=2) == ["Felix Bauer", "Kenji Watanabe"]
    assert _names(crowd, limit=2, offset=2) == ["Maya Chen", "omar Haddad"]
    assert _names(crowd, limit=2, offset=4) == ["Priya Raghunathan"]
    assert _names(crowd, offset=5) == []
    assert _count(crowd, limit=2, offset=4) == 5
    assert _count(crowd, tag="ux") == 2
    assert _count(crowd, text="%") == 1


def test_removing_someone_in_a_conversation_is_refused_unless_forced(ws: Workspace) -> None:
    maya = factories.person(ws)
    factories.conversation(ws, maya.id, state=ConversationState.REQUESTED)
    with pytest.raises(Refused, match="1 conversation\\(s\\) and 0 referral\\(s\\)"):
        people.remove_person(session=ws.session, owner=ws.owner, person_id=maya.id)
    assert _names(ws) == ["Maya Chen"]
    removed = people.remove_person(
        session=ws.session, owner=ws.owner, person_id=maya.id, force=True
    )
    assert removed.full_name == "Maya Chen"
    assert _names(ws) == []


def test_removing_either_side_of_a_referral_is_refused_unless_forced(ws: Workspace) -> None:
    maya = factories.person(ws, "Maya Chen")
    omar = factories.person(ws, "Omar Haddad")
    factories.referral(ws, maya.id, omar.id)
    for side in (maya, omar):
        with pytest.raises(Refused, match="0 conversation\\(s\\) and 1 referral\\(s\\)"):
            people.remove_person(session=ws.session, owner=ws.owner, person_id=side.id)
    assert _count(ws) == 2
    people.remove_person(session=ws.session, owner=ws.owner, person_id=omar.id, force=True)
    assert _names(ws) == ["Maya Chen"]
    people.remove_person(session=ws.session, owner=ws.owner, person_id=maya.id)
    assert _count(ws) == 0


def test_removing_someone_with_no_history_needs_no_force(ws: Workspace) -> None:
    maya = factories.person(ws)
    people.remove_person(session=ws.session, owner=ws.owner, person_id=maya.id)
    assert _count(ws) == 0
    assert [e.summary for e in _events(ws, "person.removed")] == [
        "Removed Maya Chen (0 conversation(s), 0 referral(s))"
    ]


def test_resolve_person_finds_one_by_id_or_name_or_reports_an_unknown_name(
    crowd: Workspace,
) -> None:
    priya = people.resolve_person(session=crowd.session, owner=crowd.owner, query="priya")
    assert people.resolve_person(session=crowd.session, owner=crowd.owner, query=f"#{priya}") == (
        priya
    )
    detail = people.get_person(session=crowd.session, owner=crowd.owner, person_id=priya)
    assert detail.person.full_name == "Priya Raghunathan"
    with pytest.raises(NotFound, match="no person matches 'Zed'"):
        people.resolve_person(session=crowd.session, owner=crowd.owner, query="Zed")


def test_resolve_person_lists_namesakes_with_ids_and_organisations(ws: Workspace) -> None:
    first = factories.person(ws, "Sam Lee", organization="Larkspur Software")
    second = factories.person(ws, "Sam Lee")
    with pytest.raises(Ambiguous) as raised:
        people.resolve_person(session=ws.session, owner=ws.owner, query="sam lee")
    assert sorted(raised.value.candidates) == sorted(
        [f"#{first.id} Sam Lee (Larkspur Software)", f"#{second.id} Sam Lee"]
    )


def test_a_name_that_grows_when_folded_is_still_stored(ws: Workspace) -> None:
    # "ß" folds to "ss": the sort key of a 300-character name would be 600 long.
    added = factories.person(ws, "ß" * 300)
    assert [p.id for p in people.list_people(session=ws.session, owner=ws.owner)] == [added.id]


def test_a_person_with_the_longest_four_byte_text_everywhere_is_stored_and_found(
    ws: Workspace,
) -> None:
    # The search index holds the sort key and search text: on PostgreSQL an entry over
    # 2,704 bytes would be refused, losing the person.
    added = factories.person(ws, "😀" * 300, title="𝔗" * 200, organization="組" * 200)
    ws.session.flush()
    assert _names(ws, text="😀😀") == ["😀" * 300]
    assert _names(ws, text="組") == []  # beyond the search text's 1,200 bytes
    assert people.get_person(session=ws.session, owner=ws.owner, person_id=added.id).person == added


def test_a_search_finds_people_by_their_organisation_and_follows_a_move(ws: Workspace) -> None:
    maya = factories.person(ws, "Maya Chen", organization="Northwind Health")
    factories.person(ws, "Omar Haddad", organization="Acme")
    assert _names(ws, text="northwind") == ["Maya Chen"]
    _edit(ws, maya.id, organization="Zephyr Labs")
    assert _names(ws, text="northwind") == []
    assert _names(ws, text="ZEPHYR") == ["Maya Chen"]
    _edit(ws, maya.id, organization="")
    assert _names(ws, text="zephyr") == []
