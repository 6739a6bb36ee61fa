"""Meeting mode on both backends: start, notes and ticks saved as they change, captures
that land at once, and a wrap-up that leaves the meeting held with everything in place."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from infointerview.config import FollowupSettings
from infointerview.domain.vocabulary import ConversationState as S
from infointerview.domain.vocabulary import HowKnown, MessageKind
from infointerview.errors import InvalidValue, Refused
from infointerview.services import conversations, meeting, people
from infointerview.store.models import Note, Task
from tests import factories
from tests.factories import NOW, Workspace

RULES = FollowupSettings(timezone="UTC")


def _started(ws: Workspace, state: S = S.SCHEDULED) -> meeting.MeetingRecord:
    ana = factories.person(ws, "Ana Ruiz", organization="Fjord")
    target = factories.target(ws, "UX Researcher")
    talk = factories.conversation(ws, ana.id, state=state, target_id=target.id)
    return meeting.start(
        session=ws.session, owner=ws.owner, conversation_id=talk.id, now=NOW + timedelta(hours=1)
    )


def test_the_clock_warns_five_minutes_before_the_end_and_at_the_end(ws: Workspace) -> None:
    held = _started(ws)
    start = held.started_at
    assert meeting.clock(held, start + timedelta(minutes=1)).state == "on"
    assert meeting.clock(held, start + timedelta(minutes=15)).state == "warning"
    over = meeting.clock(held, start + timedelta(minutes=21))
    assert (over.state, over.remaining_seconds) == ("over", -60)


def test_notes_and_ticks_are_kept_and_starting_again_resumes(ws: Workspace) -> None:
    held = _started(ws)
    meeting.save_notes(
        session=ws.session, owner=ws.owner, meeting_id=held.id, text="Loves research"
    )
    for question, asked in (("Q1?", True), ("Q2?", True), ("Q1?", False)):
        meeting.tick(
            session=ws.session, owner=ws.owner, meeting_id=held.id, question=question, asked=asked
        )
    again = meeting.start(session=ws.session, owner=ws.owner, conversation_id=held.conversation_id)
    assert (again.id, again.notes, again.asked) == (held.id, "Loves research", ("Q2?",))


def test_captures_land_at_once_where_they_belong(ws: Workspace) -> None:
    held = _started(ws)
    for name, may in (("Ben Ode", True), ("Cy Lund", False)):
        meeting.capture_referral(
            session=ws.session,
            owner=ws.owner,
            meeting_id=held.id,
            name=name,
            organization="Harbor",
            may_use_name=may,
        )
    meeting.capture_note(
        session=ws.session, owner=ws.owner, meeting_id=held.id, kind="insight", text="Few hires"
    )
    meeting.capture_note(
        session=ws.session, owner=ws.owner, meeting_id=held.id, kind="offer", text="Intro to Dee"
    )
    got = meeting.captured(session=ws.session, owner=ws.owner, meeting_id=held.id)
    assert [(r.referred, r.may_use_name) for r in got.referrals] == [
        ("Ben Ode", True),
        ("Cy Lund", False),
    ]
    assert (got.insights, got.offers) == (("Few hires",), ("Intro to Dee",))
    ben = people.get_person(
        session=ws.session, owner=ws.owner, person_id=got.referrals[0].referred_id
    )
    assert ben.person.how_known is HowKnown.REFERRED
    assert ben.person.organization == "Harbor"
    with pytest.raises(InvalidValue):
        meeting.capture_note(
            session=ws.session, owner=ws.owner, meeting_id=held.id, kind="gossip", text="x"
        )


def test_the_wrap_up_holds_the_meeting_keeps_notes_drafts_and_adds_tasks(ws: Workspace) -> None:
    held = _started(ws, state=S.REQUESTED)  # agreed off the record: scheduled on the way
    meeting.capture_referral(
        session=ws.session,
        owner=ws.owner,
        meeting_id=held.id,
        name="Ben Ode",
        may_use_name=True,
        now=held.started_at + timedelta(minutes=10),
    )
    end = held.started_at + timedelta(minutes=19, seconds=10)
    assert meeting.spent_minutes(held, end) == 20
    talk_id = meeting.wrap_up(
        session=ws.session,
        owner=ws.owner,
        meeting_id=held.id,
        minutes=20,
        notes_text="Start with contract research.",
        thank_you=("Thank you", "Dear Ana,\n\nThank you for your time today.\n\nJo"),
        settings=RULES,
        now=end,
    )
    detail = conversations.get_conversation(
        session=ws.session, owner=ws.owner, conversation_id=talk_id
    )
    assert detail.conversation.state is S.HELD
    assert detail.conversation.actual_minutes == 20
    assert [(m.kind, m.status.value) for m in detail.messages] == [(MessageKind.THANK_YOU, "draft")]
    kept = ws.session.scalars(select(Note.body).where(Note.conversation_id == talk_id)).all()
    assert kept == ["Meeting notes: Start with contract research."]
    kinds = set(ws.session.scalars(select(Task.kind).where(Task.owner_id == ws.owner)))
    assert {"thank_you", "contact_referral", "linkedin_invite"} <= kinds
    with pytest.raises(Refused):
        meeting.save_notes(session=ws.session, owner=ws.owner, meeting_id=held.id, text="late")
    with pytest.raises(Refused):
        meeting.start(session=ws.session, owner=ws.owner, conversation_id=talk_id)


def test_a_draft_conversation_cannot_be_met_and_a_bad_length_writes_nothing(
    ws: Workspace,
) -> None:
    ana = factories.person(ws, "Ana Ruiz")
    draft = factories.conversation(ws, ana.id)
    with pytest.raises(Refused):
        meeting.start(session=ws.session, owner=ws.owner, conversation_id=draft.id)
    held = _started(ws)
    with pytest.raises(InvalidValue):
        meeting.wrap_up(
            session=ws.session,
            owner=ws.owner,
            meeting_id=held.id,
            minutes=-5,
            notes_text="",
            thank_you=None,
            settings=RULES,
        )
    assert meeting.get(session=ws.session, owner=ws.owner, meeting_id=held.id).ended_at is None


def test_a_conversation_that_moved_on_ends_what_its_meeting_can_do(ws: Workspace) -> None:
    held = _started(ws, state=S.REQUESTED)
    conversations.advance(
        session=ws.session,
        owner=ws.owner,
        conversation_id=held.conversation_id,
        move=conversations.Move(to=S.DECLINED, at=held.started_at + timedelta(minutes=1)),
    )
    with pytest.raises(Refused, match="declined now"):
        meeting.start(session=ws.session, owner=ws.owner, conversation_id=held.conversation_id)
    with pytest.raises(Refused, match="declined now"):
        meeting.save_notes(session=ws.session, owner=ws.owner, meeting_id=held.id, text="x")


@pytest.mark.parametrize("elsewhere", [S.HELD, S.NO_RESPONSE])
def test_a_meeting_wraps_up_after_the_conversation_moved_elsewhere(
    ws: Workspace, elsewhere: S
) -> None:
    held = _started(ws, state=S.SCHEDULED if elsewhere is S.HELD else S.REQUESTED)
    conversations.advance(
        session=ws.session,
        owner=ws.owner,
        conversation_id=held.conversation_id,
        move=conversations.Move(to=elsewhere, at=held.started_at + timedelta(minutes=5)),
    )
    meeting.wrap_up(
        session=ws.session,
        owner=ws.owner,
        meeting_id=held.id,
        minutes=17,
        notes_text="n",
        thank_you=None,
        settings=RULES,
        now=held.started_at + timedelta(minutes=17),
    )
    talk = conversations.get_conversation(
        session=ws.session, owner=ws.owner, conversation_id=held.conversation_id
    ).conversation
    assert talk.state is S.HELD
    assert talk.actual_minutes == 17


def test_a_referral_to_someone_already_known_by_name_reuses_them(ws: Workspace) -> None:
    held = _started(ws)
    known = factories.person(ws, "Maya Chen")
    meeting.capture_referral(
        session=ws.session, owner=ws.owner, meeting_id=held.id, name="maya chen"
    )
    got = meeting.captured(session=ws.session, owner=ws.owner, meeting_id=held.id)
    assert [r.referred_id for r in got.referrals] == [known.id]
    assert meeting.spent_minutes(held, held.started_at + timedelta(days=3)) == 24 * 60
