"""What a conversation's messages say, kept on the conversation as they are logged and
sent (store.conversation_facts): what the follow-up rules and the numbers read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from infointerview.domain.vocabulary import MessageKind, MessageStatus
from infointerview.services import messages
from infointerview.store import conversation_facts
from infointerview.store.models import Conversation
from tests import factories
from tests.factories import Workspace

ASKED = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
FACTS = conversation_facts.COLUMNS


def _facts(ws: Workspace, talk: int) -> dict[str, object]:
    ws.session.expire_all()
    row = ws.session.get(Conversation, talk)
    assert row is not None
    return {name: getattr(row, name) for name in FACTS}


def test_the_facts_follow_the_messages_as_they_are_logged_and_sent(ws: Workspace) -> None:
    talk = factories.conversation(ws, factories.person(ws, "Ana Ruiz").id).id
    assert _facts(ws, talk) == dict.fromkeys(FACTS)
    # With no request sent, whatever came in is the reply (a conversation moved by hand).
    factories.message(ws, talk, MessageKind.OTHER, ASKED - timedelta(days=2), received=True)
    early = ASKED - timedelta(days=2)
    assert _facts(ws, talk) == {**dict.fromkeys(FACTS), "heard_at": early, "replied_at": early}
    # Once the request is sent, only what came in after it is.
    factories.message(ws, talk, MessageKind.REQUEST, ASKED)
    assert _facts(ws, talk) == {
        **dict.fromkeys(FACTS),
        "requested_at": ASKED,
        "heard_at": early,
    }
    # A draft changes nothing.
    messages.add_message(
        session=ws.session,
        owner=ws.owner,
        conversation_id=talk,
        kind=MessageKind.NUDGE,
        status=MessageStatus.DRAFT,
        subject="s",
        body="b",
        at=ASKED + timedelta(days=20),
    )
    for days in (9, 8):
        factories.message(ws, talk, MessageKind.NUDGE, ASKED + timedelta(days=days))
    for hours in (200, 230):
        factories.message(
            ws, talk, MessageKind.OTHER, ASKED + timedelta(hours=hours), received=True
        )
    for days in (12, 11):
        factories.message(ws, talk, MessageKind.THANK_YOU, ASKED + timedelta(days=days))
    found = _facts(ws, talk)
    assert found.pop("reply_hours") == pytest.approx(200.0)
    assert found == {
        "requested_at": ASKED,
        "nudged_at": ASKED + timedelta(days=9),  # the last nudge
        "heard_at": ASKED + timedelta(hours=230),  # the last message received
        "replied_at": ASKED + timedelta(hours=200),  # the first after the request
        "thanked_at": ASKED + timedelta(days=11),  # the first thank-you
    }


def test_a_conversation_s_facts_are_its_own(ws: Workspace) -> None:
    one = factories.conversation(ws, factories.person(ws, "Ana Ruiz").id).id
    other = factories.conversation(ws, factories.person(ws, "Ben Ode").id).id
    factories.message(ws, one, MessageKind.REQUEST, ASKED)
    factories.message(ws, one, MessageKind.OTHER, ASKED + timedelta(hours=1), received=True)
    assert _facts(ws, other) == dict.fromkeys(FACTS)
