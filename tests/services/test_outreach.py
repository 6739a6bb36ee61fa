"""Outreach on a conversation: where a new message goes, what is known about its recipient,
and what sending a draft does to its conversation, on both backends."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from infointerview.domain.records import Correspondent, MessageRecord
from infointerview.domain.vocabulary import ConversationState as S
from infointerview.domain.vocabulary import HowKnown, MessageKind, MessageStatus
from infointerview.errors import NotFound, Refused
from infointerview.services import conversations, messages, outreach
from infointerview.store.models import EmailAddress
from tests import factories
from tests.factories import NOW, Workspace


def _for(ws: Workspace, person_id: int, kind: MessageKind, target_id: int | None = None) -> int:
    return outreach.conversation_for(
        session=ws.session, owner=ws.owner, person_id=person_id, kind=kind, target_id=target_id
    )


def _message(
    ws: Workspace,
    conversation_id: int,
    kind: MessageKind = MessageKind.REQUEST,
    status: MessageStatus = MessageStatus.DRAFT,
    *,
    minutes: int = 0,
) -> MessageRecord:
    return messages.add_message(
        session=ws.session,
        owner=ws.owner,
        conversation_id=conversation_id,
        kind=kind,
        status=status,
        subject="Your advice?",
        body="Dear Zoë,\nWould you have 20 minutes?\n",
        at=NOW + timedelta(minutes=minutes),
    )


def _state(ws: Workspace, conversation_id: int) -> S:
    detail = conversations.get_conversation(
        session=ws.session, owner=ws.owner, conversation_id=conversation_id
    )
    return detail.conversation.state


def _who(ws: Workspace, conversation_id: int) -> Correspondent:
    return outreach.correspondent(
        session=ws.session, owner=ws.owner, conversation_id=conversation_id
    )


# conversation_for


def test_a_first_request_starts_a_draft_conversation_about_the_target(ws: Workspace) -> None:
    zoe = factories.person(ws, "Zoë Lee")
    ux = factories.target(ws)
    talk_id = _for(ws, zoe.id, MessageKind.REQUEST, ux.id)
    talk = _who(ws, talk_id).conversation
    assert (talk.person_id, talk.target_id, talk.state) == (zoe.id, ux.id, S.DRAFT)


def test_a_request_goes_on_the_persons_draft_conversation(ws: Workspace) -> None:
    zoe = factories.person(ws, "Zoë Lee")
    draft = factories.conversation(ws, zoe.id)
    assert _for(ws, zoe.id, MessageKind.REQUEST) == draft.id
    assert _for(ws, zoe.id, MessageKind.REQUEST) == draft.id


def test_a_request_about_another_target_starts_its_own_conversation(ws: Workspace) -> None:
    zoe = factories.person(ws, "Zoë Lee")
    ux = factories.target(ws, "UX Researcher")
    data = factories.target(ws, "Data Analyst")
    draft = factories.conversation(ws, zoe.id, target_id=ux.id)
    other = _for(ws, zoe.id, MessageKind.REQUEST, data.id)
    assert other != draft.id
    assert _who(ws, other).conversation.target_id == data.id


@pytest.mark.parametrize("state", [S.REQUESTED, S.NO_RESPONSE, S.SCHEDULED, S.HELD, S.THANKED])
def test_a_second_request_is_refused_while_one_is_out(ws: Workspace, state: S) -> None:
    zoe = factories.person(ws, "Zoë Lee")
    out = factories.conversation(ws, zoe.id, state=state)
    shown = state.value.replace("_", " ")
    with pytest.raises(Refused, match=f"conversation #{out.id} with Zoë Lee is {shown}"):
        _for(ws, zoe.id, MessageKind.REQUEST)


def test_a_request_about_another_target_is_refused_while_one_is_out(ws: Workspace) -> None:
    zoe = factories.person(ws, "Zoë Lee")
    ux = factories.target(ws, "UX Researcher")
    data = factories.target(ws, "Data Analyst")
    out = factories.conversation(ws, zoe.id, target_id=ux.id, state=S.REQUESTED)
    with pytest.raises(Refused, match=f"conversation #{out.id} with Zoë Lee is requested"):
        _for(ws, zoe.id, MessageKind.REQUEST, data.id)


@pytest.mark.parametrize("state", [S.DECLINED, S.CLOSED])
def test_a_request_after_a_finished_conversation_starts_a_new_one(ws: Workspace, state: S) -> None:
    zoe = factories.person(ws, "Zoë Lee")
    done = factories.conversation(ws, zoe.id, state=state)
    fresh = _for(ws, zoe.id, MessageKind.REQUEST)
    assert fresh != done.id
    assert _state(ws, fresh) is S.DRAFT


def test_a_follow_up_with_no_conversation_is_refused_pointing_to_a_request(ws: Workspace) -> None:
    zoe = factories.person(ws, "Zoë Lee")
    with pytest.raises(Refused, match=f"no conversation with Zoë Lee yet.*draft request {zoe.id}"):
        _for(ws, zoe.id, MessageKind.NUDGE)


def test_a_follow_up_goes_on_the_most_recently_changed_conversation(ws: Workspace) -> None:
    zoe = factories.person(ws, "Zoë Lee")
    older = factories.conversation(ws, zoe.id, state=S.DECLINED)  # changed at NOW
    newer = factories.conversation(ws, zoe.id)  # created just now
    assert _for(ws, zoe.id, MessageKind.THANK_YOU) == newer.id
    assert older.id != newer.id


def test_unknown_people_and_targets_are_not_found(ws: Workspace) -> None:
    zoe = factories.person(ws, "Zoë Lee")
    with pytest.raises(NotFound, match="no person matches '#999'"):
        _for(ws, 999, MessageKind.REQUEST)
    with pytest.raises(NotFound, match="no target matches '#999'"):
        _for(ws, zoe.id, MessageKind.REQUEST, 999)


# correspondent


def test_the_correspondent_has_the_name_organization_and_target(ws: Workspace) -> None:
    zoe = factories.person(
        ws, "Zoë Lee", given_name="Zoë", organization="Café Lumière", title="Owner"
    )
    talk = factories.conversation(ws, zoe.id, target_id=factories.target(ws).id)
    who = _who(ws, talk.id)
    assert (who.full_name, who.first_name) == ("Zoë Lee", "Zoë")
    assert (who.organization, who.title, who.exploring) == (
        "Café Lumière",
        "Owner",
        "UX Researcher",
    )
    assert (who.email, who.how_known, who.unanswered) == (None, HowKnown.COLD, 0)
    assert (who.referrer, who.referred, who.referrer_known_well) == (None, None, False)


def test_the_first_name_falls_back_to_the_first_word(ws: Workspace) -> None:
    talk = factories.conversation(ws, factories.person(ws, "Ana María Ruiz").id)
    assert _who(ws, talk.id).first_name == "Ana"


def test_the_address_is_the_first_email_by_position(ws: Workspace) -> None:
    zoe = factories.person(ws, "Zoë Lee", emails=["zoe@example.com", "zoe.lee@example.org"])
    talk = factories.conversation(ws, zoe.id)
    assert _who(ws, talk.id).email == "zoe@example.com"
    rows = list(ws.session.scalars(select(EmailAddress).where(EmailAddress.person_id == zoe.id)))
    for row in rows:
        row.position = 1 - row.position
    ws.session.flush()
    assert _who(ws, talk.id).email == "zoe.lee@example.org"


@pytest.mark.parametrize(
    ("how_known", "known_well"), [(HowKnown.KNOWN, True), (HowKnown.COLD, False)]
)
def test_a_referred_persons_correspondent_names_the_referrer(
    ws: Workspace, how_known: HowKnown, known_well: bool
) -> None:
    sam = factories.person(ws, "Sam Ortiz", how_known=how_known)
    zoe = factories.person(ws, "Zoë Lee")
    factories.referral(ws, sam.id, zoe.id)
    who = _who(ws, factories.conversation(ws, zoe.id).id)
    assert (who.referrer, who.referrer_known_well) == ("Sam Ortiz", known_well)
    assert who.how_known is HowKnown.REFERRED  # a cold contact referred becomes "referred"
    assert _who(ws, factories.conversation(ws, sam.id).id).referred == "Zoë Lee"


def test_unanswered_counts_asks_sent_since_the_last_reply(ws: Workspace) -> None:
    zoe = factories.person(ws, "Zoë Lee")
    talk = factories.conversation(ws, zoe.id).id
    _message(ws, talk, MessageKind.REQUEST, MessageStatus.SENT, minutes=1)
    _message(ws, talk, MessageKind.NUDGE, MessageStatus.SENT, minutes=2)
    _message(ws, talk, MessageKind.NUDGE, MessageStatus.DRAFT, minutes=3)  # not sent
    _message(ws, talk, MessageKind.THANK_YOU, MessageStatus.SENT, minutes=4)  # not an ask
    assert _who(ws, talk).unanswered == 2
    _message(ws, talk, MessageKind.OTHER, MessageStatus.RECEIVED, minutes=5)
    assert _who(ws, talk).unanswered == 0
    _message(ws, talk, MessageKind.NUDGE, MessageStatus.SENT, minutes=6)
    assert _who(ws, talk).unanswered == 1


def test_unanswered_follows_the_times_not_the_order_of_storing(ws: Workspace) -> None:
    zoe = factories.person(ws, "Zoë Lee")
    talk = factories.conversation(ws, zoe.id).id
    _message(ws, talk, MessageKind.OTHER, MessageStatus.RECEIVED, minutes=10)
    _message(ws, talk, MessageKind.REQUEST, MessageStatus.SENT, minutes=1)  # logged late
    assert _who(ws, talk).unanswered == 0


def test_a_draft_sent_after_a_reply_counts_as_unanswered(ws: Workspace) -> None:
    zoe = factories.person(ws, "Zoë Lee")
    talk = factories.conversation(ws, zoe.id, state=S.REQUESTED).id
    nudge = _message(ws, talk, MessageKind.NUDGE, minutes=1)  # drafted first
    _message(ws, talk, MessageKind.OTHER, MessageStatus.RECEIVED, minutes=2)
    messages.mark_sent(
        session=ws.session, owner=ws.owner, message_id=nudge.id, at=NOW + timedelta(minutes=3)
    )
    assert _who(ws, talk).unanswered == 1


def test_an_unknown_conversation_has_no_correspondent(ws: Workspace) -> None:
    with pytest.raises(NotFound, match="no conversation matches '#999'"):
        _who(ws, 999)


# mark_sent and update_draft


def test_sending_a_request_makes_a_draft_conversation_requested(ws: Workspace) -> None:
    talk = factories.conversation(ws, factories.person(ws, "Zoë Lee").id).id
    draft = _message(ws, talk)
    sent = messages.mark_sent(
        session=ws.session, owner=ws.owner, message_id=draft.id, at=NOW + timedelta(hours=1)
    )
    assert (sent.status, sent.sent_at) == (MessageStatus.SENT, NOW + timedelta(hours=1))
    assert _state(ws, talk) is S.REQUESTED
    assert _who(ws, talk).unanswered == 1


def test_sending_a_thank_you_makes_a_held_conversation_thanked(ws: Workspace) -> None:
    talk = factories.conversation(ws, factories.person(ws, "Zoë Lee").id, state=S.HELD).id
    draft = _message(ws, talk, MessageKind.THANK_YOU, minutes=30)
    messages.mark_sent(
        session=ws.session, owner=ws.owner, message_id=draft.id, at=NOW + timedelta(hours=2)
    )
    assert _state(ws, talk) is S.THANKED


def test_sending_a_nudge_leaves_the_conversation_where_it_is(ws: Workspace) -> None:
    talk = factories.conversation(ws, factories.person(ws, "Zoë Lee").id, state=S.REQUESTED).id
    draft = _message(ws, talk, MessageKind.NUDGE, minutes=30)
    messages.mark_sent(
        session=ws.session, owner=ws.owner, message_id=draft.id, at=NOW + timedelta(hours=2)
    )
    assert _state(ws, talk) is S.REQUESTED


def test_a_message_already_sent_or_received_cannot_be_sent_again(ws: Workspace) -> None:
    talk = factories.conversation(ws, factories.person(ws, "Zoë Lee").id).id
    draft = _message(ws, talk)
    messages.mark_sent(session=ws.session, owner=ws.owner, message_id=draft.id)
    with pytest.raises(Refused, match=f"message #{draft.id} is sent, not a draft"):
        messages.mark_sent(session=ws.session, owner=ws.owner, message_id=draft.id)
    reply = _message(ws, talk, MessageKind.OTHER, MessageStatus.RECEIVED)
    with pytest.raises(Refused, match="is received, not a draft"):
        messages.mark_sent(session=ws.session, owner=ws.owner, message_id=reply.id)


def test_a_draft_can_be_rewritten(ws: Workspace) -> None:
    talk = factories.conversation(ws, factories.person(ws, "Zoë Lee").id).id
    draft = _message(ws, talk)
    messages.update_draft(
        session=ws.session, owner=ws.owner, message_id=draft.id, subject="Café?", body="Zoë…"
    )
    stored = messages.get_message(session=ws.session, owner=ws.owner, message_id=draft.id)
    assert (stored.subject, stored.body, stored.status) == ("Café?", "Zoë…", MessageStatus.DRAFT)


def test_a_sent_message_cannot_be_rewritten(ws: Workspace) -> None:
    talk = factories.conversation(ws, factories.person(ws, "Zoë Lee").id).id
    sent = _message(ws, talk, status=MessageStatus.SENT)
    with pytest.raises(Refused, match=f"message #{sent.id} is sent, not a draft"):
        messages.update_draft(
            session=ws.session, owner=ws.owner, message_id=sent.id, subject="New", body="New"
        )
    stored = messages.get_message(session=ws.session, owner=ws.owner, message_id=sent.id)
    assert stored.subject == "Your advice?"


def test_an_unknown_message_is_not_found(ws: Workspace) -> None:
    with pytest.raises(NotFound, match="no message matches '#999'"):
        messages.get_message(session=ws.session, owner=ws.owner, message_id=999)
