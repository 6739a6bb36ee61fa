"""The numbers from SQL aggregates, on both backends, for a small network whose answers
are known: requests and replies, the median wait, meetings, referrals, same-day
thank-yous, follow-ups, and the groupings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from infointerview.domain.vocabulary import Channel, HowKnown, MessageKind
from infointerview.domain.vocabulary import ConversationState as S
from infointerview.services import conversations, stats
from tests import factories
from tests.factories import Workspace


def test_the_numbers_of_a_known_network(ws: Workspace) -> None:
    target = factories.target(ws, "UX Researcher", industry="Health")
    ana = factories.person(ws, "Ana Ruiz", how_known=HowKnown.REFERRED)
    ben = factories.person(ws, "Ben Ode", how_known=HowKnown.COLD)
    cy = factories.person(ws, "Cy Lund", how_known=HowKnown.COLD)
    factories.person(ws, "Dee Vance")  # never asked
    asked = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    one = factories.conversation(ws, ana.id, target_id=target.id, channel=Channel.VIDEO)
    two = factories.conversation(ws, ben.id, channel=Channel.EMAIL)
    three = factories.conversation(ws, cy.id, channel=Channel.EMAIL)
    for talk in (one, two, three):
        factories.message(ws, talk.id, MessageKind.REQUEST, asked)
    factories.message(ws, one.id, MessageKind.OTHER, asked + timedelta(hours=10), received=True)
    factories.message(ws, two.id, MessageKind.OTHER, asked + timedelta(hours=30), received=True)
    factories.message(ws, three.id, MessageKind.NUDGE, asked + timedelta(days=9))
    held_at = asked + timedelta(days=3)
    for step in (S.SCHEDULED, S.HELD):
        conversations.advance(
            session=ws.session,
            owner=ws.owner,
            conversation_id=one.id,
            move=conversations.Move(to=step, at=held_at, scheduled_at=held_at),
        )
    factories.message(ws, one.id, MessageKind.THANK_YOU, held_at + timedelta(hours=2))
    factories.referral(ws, ana.id, factories.person(ws, "Eve Li").id)

    found = stats.compute(session=ws.session, owner=ws.owner)
    assert (found.requests, found.answered) == (3, 2)
    assert found.median_reply_hours == 20.0  # the middle of 10 and 30 hours
    assert (found.meetings, found.referrals, found.thanked_same_day, found.nudges) == (1, 1, 1, 1)
    assert found.referrals_per_meeting == 1.0
    assert {r.group: (r.asked, r.answered) for r in found.by_channel} == {
        "email": (2, 1),
        "video": (1, 1),
    }
    assert {r.group: (r.asked, r.answered) for r in found.by_how_known} == {
        "cold": (2, 1),
        "referred": (1, 1),
    }
    assert found.per_target == (("UX Researcher, Health", 1),)
    assert sum(n for _, n in found.per_month) == 3


def test_an_empty_network_has_no_rates(ws: Workspace) -> None:
    found = stats.compute(session=ws.session, owner=ws.owner)
    assert (found.requests, found.response_rate, found.median_reply_hours) == (0, None, None)
    assert found.by_channel == ()
    assert found.referrals_per_meeting is None


def test_a_message_before_the_request_is_no_reply_and_days_are_the_user_s(
    ws: Workspace,
) -> None:
    from zoneinfo import ZoneInfo

    ana = factories.person(ws, "Ana Ruiz")
    talk = factories.conversation(ws, ana.id)
    asked = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
    factories.message(ws, talk.id, MessageKind.OTHER, asked - timedelta(days=2), received=True)
    factories.message(ws, talk.id, MessageKind.REQUEST, asked)
    factories.message(ws, talk.id, MessageKind.OTHER, asked + timedelta(hours=5), received=True)
    # Met at 18:00 in New York, thanked at 20:00 the same evening: 00:00 UTC the next day.
    met = datetime(2026, 6, 15, 22, 0, tzinfo=UTC)
    for step in (S.SCHEDULED, S.HELD):
        conversations.advance(
            session=ws.session,
            owner=ws.owner,
            conversation_id=talk.id,
            move=conversations.Move(to=step, at=met, scheduled_at=met),
        )
    factories.message(ws, talk.id, MessageKind.THANK_YOU, met + timedelta(hours=2))
    in_utc = stats.compute(session=ws.session, owner=ws.owner)
    in_new_york = stats.compute(
        session=ws.session, owner=ws.owner, zone=ZoneInfo("America/New_York")
    )
    assert in_utc.median_reply_hours == 5.0
    assert (in_utc.thanked_same_day, in_new_york.thanked_same_day) == (0, 1)
    assert in_new_york.per_month == (("2026-06", 1),)


def test_requests_count_in_the_month_of_the_user_s_calendar(ws: Workspace) -> None:
    from zoneinfo import ZoneInfo

    for n, sent in enumerate(
        (
            datetime(2026, 7, 1, 2, 0, tzinfo=UTC),  # 22:00 on 30 June in New York
            datetime(2026, 7, 31, 23, 0, tzinfo=UTC),
            datetime(2026, 10, 1, 12, 0, tzinfo=UTC),  # August and September: none
        )
    ):
        talk = factories.conversation(ws, factories.person(ws, f"Person {n}").id)
        factories.message(ws, talk.id, MessageKind.REQUEST, sent)
    in_utc = stats.compute(session=ws.session, owner=ws.owner)
    in_new_york = stats.compute(
        session=ws.session, owner=ws.owner, zone=ZoneInfo("America/New_York")
    )
    assert in_utc.per_month == (("2026-07", 2), ("2026-10", 1))
    assert in_new_york.per_month == (("2026-06", 1), ("2026-07", 1), ("2026-10", 1))


def test_a_reply_before_the_request_still_answers_it_and_any_thank_you_that_day_counts(
    ws: Workspace,
) -> None:
    asked = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
    early = factories.conversation(ws, factories.person(ws, "Ana Ruiz").id).id
    factories.message(ws, early, MessageKind.OTHER, asked - timedelta(days=1), received=True)
    factories.message(ws, early, MessageKind.REQUEST, asked)
    met = factories.conversation(ws, factories.person(ws, "Ben Ode").id).id
    factories.message(ws, met, MessageKind.REQUEST, asked)
    held_at = asked + timedelta(days=3)
    for step in (S.SCHEDULED, S.HELD):
        conversations.advance(
            session=ws.session,
            owner=ws.owner,
            conversation_id=met,
            move=conversations.Move(to=step, at=held_at, scheduled_at=held_at),
        )
        if step is S.SCHEDULED:  # a thank-you sent days before the meeting, by mistake
            factories.message(ws, met, MessageKind.THANK_YOU, asked + timedelta(days=1))
    factories.message(ws, met, MessageKind.THANK_YOU, held_at + timedelta(hours=2))
    found = stats.compute(session=ws.session, owner=ws.owner)
    assert (found.requests, found.answered) == (2, 2)
    assert found.median_reply_hours is None  # nothing came after either request
    assert found.thanked_same_day == 1


def test_requests_at_the_ends_of_the_calendar_are_counted_in_their_months(ws: Workspace) -> None:
    from zoneinfo import ZoneInfo

    for n, sent in enumerate(
        (
            datetime(1, 1, 1, 2, 0, tzinfo=UTC),  # in Tokyo's year 1; in New York's year 0
            datetime(1990, 5, 1, 12, 0, tzinfo=UTC),
            datetime(9999, 12, 31, 20, 0, tzinfo=UTC),  # in Tokyo's year 10000
        )
    ):
        talk = factories.conversation(ws, factories.person(ws, f"Person {n}").id)
        factories.message(ws, talk.id, MessageKind.REQUEST, sent)
    for zone in ("America/New_York", "Asia/Tokyo"):
        found = stats.compute(session=ws.session, owner=ws.owner, zone=ZoneInfo(zone))
        assert [n for _, n in found.per_month] == [1, 1, 1], zone
        assert found.per_month[1] == ("1990-05", 1)
