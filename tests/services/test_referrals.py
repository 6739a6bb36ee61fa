"""Referrals: who pointed the explorer to whom (seed 004), on both backends."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from infointerview.domain.vocabulary import HowKnown
from infointerview.errors import InvalidValue, NotFound, Refused
from infointerview.services import people
from infointerview.store.models import Event, Referral
from tests import factories
from tests.factories import Workspace


def _referral_count(ws: Workspace) -> int:
    return int(ws.session.scalar(select(func.count()).select_from(Referral)) or 0)


def test_a_referral_records_both_people_the_target_and_the_day(ws: Workspace) -> None:
    maya = factories.person(ws, "Maya Chen")
    omar = factories.person(ws, "Omar Haddad")
    ux = factories.target(ws, "UX Researcher", industry="Healthcare")
    made = factories.referral(ws, maya.id, omar.id, target_id=ux.id, on=date(2026, 10, 30))
    assert (made.referrer_id, made.referrer) == (maya.id, "Maya Chen")
    assert (made.referred_id, made.referred) == (omar.id, "Omar Haddad")
    assert (made.target_id, made.target) == (ux.id, "UX Researcher, Healthcare")
    assert made.referred_on == date(2026, 10, 30)
    assert made.may_use_name is False
    assert made.reported_back_on is None


def test_nobody_can_refer_the_explorer_to_themselves(ws: Workspace) -> None:
    maya = factories.person(ws)
    with pytest.raises(InvalidValue, match="cannot refer the explorer to themselves") as raised:
        factories.referral(ws, maya.id, maya.id)
    assert raised.value.field == "referral"
    assert _referral_count(ws) == 0


def test_the_same_referral_cannot_be_recorded_twice(ws: Workspace) -> None:
    maya = factories.person(ws, "Maya Chen")
    omar = factories.person(ws, "Omar Haddad")
    ux = factories.target(ws)
    untargeted = factories.referral(ws, maya.id, omar.id)
    targeted = factories.referral(ws, maya.id, omar.id, target_id=ux.id)
    with pytest.raises(Refused, match=f"already recorded as #{untargeted.id}$"):
        factories.referral(ws, maya.id, omar.id, on=date(2026, 11, 5))
    with pytest.raises(Refused, match=f"already recorded as #{targeted.id}$"):
        factories.referral(ws, maya.id, omar.id, target_id=ux.id)
    assert _referral_count(ws) == 2


def test_a_referral_the_other_way_round_is_a_different_referral(ws: Workspace) -> None:
    maya = factories.person(ws, "Maya Chen")
    omar = factories.person(ws, "Omar Haddad")
    factories.referral(ws, maya.id, omar.id)
    factories.referral(ws, omar.id, maya.id)
    assert _referral_count(ws) == 2


def test_a_cold_contact_becomes_referred(ws: Workspace) -> None:
    maya = factories.person(ws, "Maya Chen", how_known=HowKnown.KNOWN)
    omar = factories.person(ws, "Omar Haddad")
    assert omar.how_known is HowKnown.COLD
    factories.referral(ws, maya.id, omar.id)
    ws.session.flush()
    ws.session.expire_all()
    detail = people.get_person(session=ws.session, owner=ws.owner, person_id=omar.id)
    assert detail.person.how_known is HowKnown.REFERRED


def test_someone_already_known_keeps_how_they_are_known(ws: Workspace) -> None:
    maya = factories.person(ws, "Maya Chen")
    omar = factories.person(ws, "Omar Haddad", how_known=HowKnown.KNOWN)
    priya = factories.person(ws, "Priya Raghunathan", how_known=HowKnown.ALUMNI)
    factories.referral(ws, maya.id, omar.id)
    factories.referral(ws, maya.id, priya.id)
    ws.session.flush()
    ws.session.expire_all()
    known = {
        p.full_name: p.how_known for p in people.list_people(session=ws.session, owner=ws.owner)
    }
    assert known["Omar Haddad"] is HowKnown.KNOWN
    assert known["Priya Raghunathan"] is HowKnown.ALUMNI


def test_referrals_are_found_from_either_side(ws: Workspace) -> None:
    maya = factories.person(ws, "Maya Chen")
    omar = factories.person(ws, "Omar Haddad")
    priya = factories.person(ws, "Priya Raghunathan")
    kenji = factories.person(ws, "Kenji Watanabe")
    factories.referral(ws, maya.id, omar.id, on=date(2026, 10, 1))
    factories.referral(ws, omar.id, priya.id, on=date(2026, 10, 9))
    factories.referral(ws, omar.id, kenji.id, on=date(2026, 10, 5))

    made = factories.referrals_of(session=ws.session, owner=ws.owner, referrer_id=omar.id)
    assert [r.referred for r in made] == ["Kenji Watanabe", "Priya Raghunathan"]
    received = factories.referrals_of(session=ws.session, owner=ws.owner, referred_id=omar.id)
    assert [r.referrer for r in received] == ["Maya Chen"]
    everything = factories.referrals_of(session=ws.session, owner=ws.owner)
    assert [r.referred_on.day for r in everything] == [1, 5, 9]

    detail = people.get_person(session=ws.session, owner=ws.owner, person_id=omar.id)
    assert [r.referrer for r in detail.referred_by] == ["Maya Chen"]
    assert [r.referred for r in detail.referred_to] == ["Kenji Watanabe", "Priya Raghunathan"]


def test_a_referral_goes_on_the_timeline_saying_whether_the_name_may_be_used(
    ws: Workspace,
) -> None:
    maya = factories.person(ws, "Maya Chen")
    omar = factories.person(ws, "Omar Haddad")
    made = factories.referral(ws, maya.id, omar.id, may_use_name=True)
    assert made.may_use_name is True
    event = ws.session.scalars(select(Event).where(Event.kind == "referral.added")).one()
    assert event.summary == "Maya Chen referred you to Omar Haddad (may use their name)"
    assert event.person_id == omar.id
    assert event.data == {"referrer_id": maya.id, "referral_id": made.id}


def test_a_referral_to_a_missing_person_or_target_is_refused_by_name(ws: Workspace) -> None:
    maya = factories.person(ws, "Maya Chen")
    with pytest.raises(NotFound, match="no person matches '#999'"):
        factories.referral(ws, maya.id, 999)
    omar = factories.person(ws, "Omar Haddad")
    with pytest.raises(NotFound, match="no target matches '#999'"):
        factories.referral(ws, maya.id, omar.id, target_id=999)
