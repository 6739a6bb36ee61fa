"""Ranking from the database, on both backends: warmth, permission, hiring experience,
recent asks and others in play are read as the domain expects them."""

from __future__ import annotations

from datetime import date

from infointerview.domain.vocabulary import ConversationState as S
from infointerview.domain.vocabulary import HowKnown, MessageKind, MessageStatus
from infointerview.services import messages, ranking
from tests import factories
from tests.factories import Workspace

TODAY = date(2026, 11, 23)


def test_the_people_to_ask_come_best_first_with_their_reasons(ws: Workspace) -> None:
    target = factories.target(ws, "UX Researcher", industry="Health technology")
    lee = factories.person(ws, "Lee Park", title="UX Researcher")
    ana = factories.person(ws, "Ana Ruiz", title="UX Researcher", hiring_experience=True)
    sam = factories.person(ws, "Sam Ortiz", how_known=HowKnown.KNOWN)
    factories.person(ws, "Ben Ode", title="UX Researcher", organization="Fjord")
    cy = factories.person(ws, "Cy Lund", title="UX Researcher", organization="Fjord")
    factories.referral(ws, sam.id, lee.id, may_use_name=True)
    asked = factories.conversation(ws, cy.id)  # asked lately, and so in play at Fjord
    request = messages.add_message(
        session=ws.session,
        owner=ws.owner,
        conversation_id=asked.id,
        kind=MessageKind.REQUEST,
        status=MessageStatus.DRAFT,
        subject="Advice?",
        body="Would you have 20 minutes?",
    )
    messages.mark_sent(session=ws.session, owner=ws.owner, message_id=request.id)
    met = factories.person(ws, "Dee Vance", title="UX Researcher")
    factories.conversation(ws, met.id, state=S.HELD, target_id=target.id)

    wanted, ranked = ranking.rank_for_target(
        session=ws.session, owner=ws.owner, target_id=target.id, today=TODAY
    )
    assert wanted.role == "UX Researcher"
    names = [r.candidate.name for r in ranked]
    assert names[0] == "Lee Park"  # referred, may use the name, and the title
    assert names.index("Ana Ruiz") < names.index("Ben Ode")  # hiring experience
    assert names.index("Ben Ode") < names.index("Cy Lund")  # Cy was asked lately
    assert "Dee Vance" not in names  # already met about this target
    ben_reasons = [r.text for r in ranked[names.index("Ben Ode")].reasons]
    assert "1 other person at Fjord already asked" in ben_reasons
    assert {ana.id, lee.id} <= {r.candidate.person_id for r in ranked}

    _, top = ranking.rank_for_target(
        session=ws.session, owner=ws.owner, target_id=target.id, today=TODAY, limit=2
    )
    assert [r.candidate.name for r in top] == names[:2]


def test_anyone_asked_about_the_target_is_left_out_and_cold_strangers_fill_in_last(
    ws: Workspace,
) -> None:
    target = factories.target(ws, "Nurse")
    lee = factories.person(ws, "Lee Park", title="Nurse")
    factories.conversation(ws, lee.id, state=S.SCHEDULED, target_id=target.id)
    factories.person(ws, "Zed Cold", title="Accountant")
    factories.person(ws, "Amy Cold", title="Welder")
    _, ranked = ranking.rank_for_target(
        session=ws.session, owner=ws.owner, target_id=target.id, today=TODAY
    )
    assert [r.candidate.name for r in ranked] == ["Amy Cold", "Zed Cold"]
