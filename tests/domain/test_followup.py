"""The follow-up rules with fixed dates: business days, holidays, time zones and the
daylight-saving change, the 3B7 timing, thank-yous, referrals and keeping in touch."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from infointerview.domain.followup import (
    ActionKind,
    BusinessDays,
    Contact,
    Facts,
    Referral,
    Talk,
    due_actions,
    status,
)
from infointerview.domain.vocabulary import ConversationState as S

SEATTLE = ZoneInfo("America/Los_Angeles")
DAYS = BusinessDays(SEATTLE)
FRIDAY = datetime(2026, 11, 6, 10, 0, tzinfo=SEATTLE)


def local(y: int, m: int, d: int, h: int = 10, minute: int = 0) -> datetime:
    return datetime(y, m, d, h, minute, tzinfo=SEATTLE)


def due(facts: Facts, days: BusinessDays = DAYS) -> dict[ActionKind, date]:
    return {a.kind: a.due_on for a in due_actions(facts, days=days)}


def requested(**extra: object) -> Talk:
    fields: dict[str, object] = {
        "id": 1,
        "person_id": 10,
        "person": "Ana Ruiz",
        "state": S.REQUESTED,
        "requested_at": FRIDAY,
        "organization": "Fjord",
        **extra,
    }
    return Talk(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("talk", "expected"),
    [
        # Friday + 3 business days is Wednesday; + 7 is the Tuesday after next.
        (
            requested(next_contact=(11, "Ben Ode")),
            {ActionKind.SECOND_CONTACT: date(2026, 11, 11), ActionKind.NUDGE: date(2026, 11, 17)},
        ),
        # No one else at the organisation: only the nudge.
        (requested(), {ActionKind.NUDGE: date(2026, 11, 17)}),
        # A reply stops both.
        (requested(replied=True, next_contact=(11, "Ben Ode")), {}),
        # After the one nudge (on Tuesday 17th): never a second nudge; give up 7 business
        # days later, skipping Thanksgiving only when holidays are on (see below).
        (
            requested(nudged_at=local(2026, 11, 17), next_contact=(11, "Ben Ode")),
            {ActionKind.GIVE_UP: date(2026, 11, 26)},
        ),
        # A draft or a finished conversation asks nothing.
        (requested(state=S.DRAFT), {}),
        (requested(state=S.DECLINED), {}),
        (requested(state=S.NO_RESPONSE), {}),
    ],
)
def test_an_unanswered_request_follows_3b7(talk: Talk, expected: dict[ActionKind, date]) -> None:
    assert due(Facts(talks=(talk,))) == expected


def test_the_second_contact_is_the_other_person_and_names_the_first() -> None:
    [second] = [
        a
        for a in due_actions(Facts(talks=(requested(next_contact=(11, "Ben Ode")),)), days=DAYS)
        if a.kind is ActionKind.SECOND_CONTACT
    ]
    assert (second.person_id, second.person, second.conversation_id) == (11, "Ben Ode", 1)
    assert "No reply from Ana Ruiz" in second.reason
    assert second.template == "request"
    assert second.source.origin == "3B7"


def test_holidays_shift_business_days_when_enabled() -> None:
    thanksgiving = frozenset({date(2026, 11, 26), date(2026, 11, 27)})
    talk = requested(requested_at=local(2026, 11, 20))  # a Friday
    assert due(Facts(talks=(talk,)))[ActionKind.NUDGE] == date(2026, 12, 1)
    with_holidays = BusinessDays(SEATTLE, holidays=thanksgiving)
    assert due(Facts(talks=(talk,)), with_holidays)[ActionKind.NUDGE] == date(2026, 12, 3)


def test_a_request_sent_late_in_the_evening_counts_from_the_users_own_day() -> None:
    # 23:30 on Thursday in Seattle is already Friday in London.
    late = datetime(2026, 11, 6, 7, 30, tzinfo=UTC)
    talk = requested(requested_at=late, next_contact=(11, "Ben Ode"))
    assert due(Facts(talks=(talk,)))[ActionKind.SECOND_CONTACT] == date(2026, 11, 10)
    in_london = BusinessDays(ZoneInfo("Europe/London"))
    assert due(Facts(talks=(talk,)), in_london)[ActionKind.SECOND_CONTACT] == date(2026, 11, 11)


def test_a_daylight_saving_change_does_not_move_a_due_date() -> None:
    # Clocks go back on Sunday 1 November 2026 in Seattle.
    before = requested(requested_at=local(2026, 10, 30, 23, 30))  # Friday night
    assert due(Facts(talks=(before,)))[ActionKind.NUDGE] == date(2026, 11, 10)
    held = Talk(1, 10, "Ana", S.HELD, held_at=local(2026, 10, 31, 23, 0))
    [thanks] = [
        a for a in due_actions(Facts(talks=(held,)), days=DAYS) if a.kind.value == "thank_you"
    ]
    assert thanks.due_on == date(2026, 10, 31)
    # 24 hours later is 22:00 local on the Sunday, after the clocks went back.
    assert thanks.overdue_from == held.held_at + timedelta(hours=24)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (local(2026, 11, 9, 17, 0), "today"),  # an hour after the meeting
        (local(2026, 11, 10, 15, 59), "today"),  # the next day, within 24 hours
        (local(2026, 11, 10, 16, 0), "overdue"),  # 24 hours on
    ],
)
def test_a_thank_you_is_due_the_same_day_and_overdue_after_24_hours(
    now: datetime, expected: str
) -> None:
    talk = Talk(1, 10, "Ana", S.HELD, held_at=local(2026, 11, 9, 16, 0))
    [thanks] = [
        a for a in due_actions(Facts(talks=(talk,)), days=DAYS) if a.kind.value == "thank_you"
    ]
    assert thanks.due_on == date(2026, 11, 9)
    assert status(thanks, now=now, zone=SEATTLE) == expected


def test_after_a_meeting_come_the_invitation_and_the_pay_it_back() -> None:
    talk = Talk(1, 10, "Ana", S.THANKED, held_at=local(2026, 11, 9, 16, 0), thanked=True)
    assert due(Facts(talks=(talk,))) == {
        ActionKind.LINKEDIN_INVITE: date(2026, 11, 10),
        ActionKind.PAY_IT_BACK: date(2026, 12, 9),
    }


def test_a_scheduled_meeting_is_prepared_the_day_before() -> None:
    talk = Talk(1, 10, "Ana", S.SCHEDULED, scheduled_at=local(2026, 12, 3, 14, 0))
    actions = due_actions(Facts(talks=(talk,)), days=DAYS)
    assert {a.kind: a.due_on for a in actions} == {
        ActionKind.PREPARE: date(2026, 12, 2),
        ActionKind.MEETING: date(2026, 12, 3),
    }
    assert "14:00" in next(a.reason for a in actions if a.kind is ActionKind.MEETING)


@pytest.mark.parametrize(
    ("referral", "expected"),
    [
        (
            Referral(5, 1, "Sam", 2, "Ana", date(2026, 11, 2)),
            {ActionKind.CONTACT_REFERRAL: date(2026, 11, 9)},
        ),
        (Referral(5, 1, "Sam", 2, "Ana", date(2026, 11, 2), contacted_at=FRIDAY), {}),
        (
            Referral(5, 1, "Sam", 2, "Ana", date(2026, 11, 2), FRIDAY, local(2026, 11, 12)),
            {ActionKind.REPORT_BACK: date(2026, 11, 12)},
        ),
        (
            Referral(
                5,
                1,
                "Sam",
                2,
                "Ana",
                date(2026, 11, 2),
                FRIDAY,
                local(2026, 11, 12),
                date(2026, 11, 13),
            ),
            {},
        ),
    ],
)
def test_a_referral_is_contacted_then_reported_back(
    referral: Referral, expected: dict[ActionKind, date]
) -> None:
    assert due(Facts(referrals=(referral,))) == expected


def test_the_report_back_goes_to_the_referrer() -> None:
    referral = Referral(5, 1, "Sam Ortiz", 2, "Ana Ruiz", date(2026, 11, 2), FRIDAY, FRIDAY)
    [action] = due_actions(Facts(referrals=(referral,)), days=DAYS)
    assert (action.person_id, action.person, action.template) == (1, "Sam Ortiz", "report_back")


def test_keeping_in_touch_counts_from_the_last_interaction_so_logging_one_moves_it() -> None:
    before = Contact(3, "Lee", last_interaction=local(2026, 8, 1))
    after = Contact(3, "Lee", last_interaction=local(2026, 10, 15))
    often = Contact(3, "Lee", last_interaction=local(2026, 8, 1), every_days=30)
    assert due(Facts(contacts=(before,))) == {ActionKind.KEEP_IN_TOUCH: date(2026, 10, 30)}
    assert due(Facts(contacts=(after,))) == {ActionKind.KEEP_IN_TOUCH: date(2027, 1, 13)}
    assert due(Facts(contacts=(often,))) == {ActionKind.KEEP_IN_TOUCH: date(2026, 8, 31)}
    [old] = due_actions(Facts(contacts=(before,)), days=DAYS)
    [new] = due_actions(Facts(contacts=(after,)), days=DAYS)
    assert old.key != new.key  # a new cycle: the old reminder is no longer due


def test_the_rules_give_the_same_actions_every_time() -> None:
    facts = Facts(
        talks=(requested(next_contact=(11, "Ben")), Talk(2, 12, "Cy", S.HELD, held_at=FRIDAY)),
        referrals=(Referral(5, 1, "Sam", 2, "Ana", date(2026, 11, 2)),),
        contacts=(Contact(3, "Lee", last_interaction=FRIDAY),),
    )
    first = due_actions(facts, days=DAYS)
    assert first == due_actions(facts, days=DAYS)
    assert len({a.key for a in first}) == len(first)
    assert all(a.source.quote for a in first)


def test_a_suggestion_lapses_two_months_after_it_was_due_but_keeping_in_touch_does_not() -> None:
    talk = Talk(1, 10, "Ana", S.THANKED, held_at=local(2026, 6, 1), thanked=True)
    contact = Contact(3, "Lee", last_interaction=local(2026, 1, 1))
    facts = Facts(talks=(talk,), contacts=(contact,))
    kinds = {a.kind for a in due_actions(facts, days=DAYS, today=date(2026, 8, 1))}
    assert kinds == {ActionKind.LINKEDIN_INVITE, ActionKind.PAY_IT_BACK, ActionKind.KEEP_IN_TOUCH}
    later = {a.kind for a in due_actions(facts, days=DAYS, today=date(2026, 8, 15))}
    assert later == {ActionKind.PAY_IT_BACK, ActionKind.KEEP_IN_TOUCH}  # the invitation lapsed
    last = {a.kind for a in due_actions(facts, days=DAYS, today=date(2027, 1, 1))}
    assert last == {ActionKind.KEEP_IN_TOUCH}
