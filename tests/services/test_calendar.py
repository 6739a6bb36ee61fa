"""Meetings and follow-ups as iCalendar, on both backends: the export parses with the
icalendar package and passes a strict check; UIDs stay the same from one export to the
next; the feed's token opens it until it is replaced or revoked."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar

from infointerview.config import FollowupSettings, Profile
from infointerview.domain.vocabulary import ConversationState as S
from infointerview.errors import InvalidValue, NotFound
from infointerview.services import calendar, conversations, demo
from tests import factories
from tests.factories import Workspace

SETTINGS = FollowupSettings(timezone="UTC")
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def strict_events(document: bytes) -> list[dict[str, object]]:
    """Parse ``document`` and check every VEVENT as RFC 5545 wants it; return them."""
    parsed = Calendar.from_ical(document)
    assert parsed["VERSION"] == "2.0"
    assert str(parsed["PRODID"])
    events = []
    for event in parsed.walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert required in event, (required, event)
        start = event.decoded("DTSTART")
        if isinstance(start, datetime):
            assert start.tzinfo is not None
            assert "DURATION" in event
        else:
            assert isinstance(start, date)
            assert event.decoded("DTEND") == start + timedelta(days=1)
        events.append({key: event.decoded(key) for key in event if key != "ATTENDEE"})
    return events


def test_the_export_holds_each_meeting_with_its_agreed_length_and_each_follow_up(
    ws: Workspace,
) -> None:
    demo.load_demo(session=ws.session, owner=ws.owner, today=NOW.date())
    scheduled = conversations.list_conversations(
        session=ws.session, owner=ws.owner, state=S.SCHEDULED
    )
    assert scheduled
    document = calendar.calendar(session=ws.session, owner=ws.owner, now=NOW, settings=SETTINGS)
    events = strict_events(document)
    meetings = {e["UID"]: e for e in events if isinstance(e["DTSTART"], datetime)}
    assert len(meetings) == len(scheduled)
    for talk in scheduled:
        event = meetings[f"meeting-{ws.owner}-{talk.id}@infointerview"]
        assert event["DURATION"] == timedelta(minutes=talk.requested_minutes)
        assert event["DTSTART"] == talk.scheduled_at
    reminders = [e for e in events if not isinstance(e["DTSTART"], datetime)]
    assert any(str(e["SUMMARY"]).startswith("Thank you: Chloé Martin") for e in reminders)
    assert len({e["UID"] for e in events}) == len(events)
    again = strict_events(
        calendar.calendar(
            session=ws.session, owner=ws.owner, now=NOW + timedelta(hours=1), settings=SETTINGS
        )
    )
    assert {e["UID"] for e in again} == {e["UID"] for e in events}  # re-import updates


def test_an_invitation_is_a_request_when_both_addresses_are_known(ws: Workspace) -> None:
    ana = factories.person(ws, "Ana Ruiz", emails=["ana@fjord.example"])
    talk = factories.conversation(ws, ana.id, state=S.SCHEDULED)
    me = Profile(name="Jo Park", email="jo@example.org")
    document = calendar.invitation(
        session=ws.session, owner=ws.owner, conversation_id=talk.id, me=me, now=NOW
    )
    [event] = strict_events(document)
    parsed = Calendar.from_ical(document)
    assert parsed["METHOD"] == "REQUEST"
    assert event["DURATION"] == timedelta(minutes=20)
    assert str(parsed.walk("VEVENT")[0]["ATTENDEE"]) == "mailto:ana@fjord.example"
    alone = calendar.invitation(
        session=ws.session, owner=ws.owner, conversation_id=talk.id, me=Profile(), now=NOW
    )
    assert Calendar.from_ical(alone)["METHOD"] == "PUBLISH"


def test_only_a_scheduled_conversation_has_an_invitation(ws: Workspace) -> None:
    ana = factories.person(ws, "Ana Ruiz")
    talk = factories.conversation(ws, ana.id, state=S.REQUESTED)
    with pytest.raises(InvalidValue, match="is requested, not scheduled"):
        calendar.invitation(
            session=ws.session, owner=ws.owner, conversation_id=talk.id, me=Profile(), now=NOW
        )
    with pytest.raises(NotFound):
        calendar.invitation(
            session=ws.session, owner=ws.owner, conversation_id=99999, me=Profile(), now=NOW
        )


def test_the_feed_token_opens_the_feed_until_replaced_or_revoked(ws: Workspace) -> None:
    first = calendar.feed_token(session=ws.session, owner=ws.owner)
    assert len(first) >= 40
    assert calendar.feed_token(session=ws.session, owner=ws.owner) == first
    assert calendar.feed_owner(session=ws.session, token=first) == ws.owner
    second = calendar.feed_token(session=ws.session, owner=ws.owner, renew=True)
    assert second != first
    with pytest.raises(NotFound):
        calendar.feed_owner(session=ws.session, token=first)
    assert calendar.revoke_feed(session=ws.session, owner=ws.owner)
    with pytest.raises(NotFound):
        calendar.feed_owner(session=ws.session, token=second)
    assert calendar.current_token(session=ws.session, owner=ws.owner) is None
