"""The follow-up agenda on both backends: facts read from the database, one task per
due action however often the rules run, and tasks that go when they are done."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from infointerview.config import FollowupSettings
from infointerview.domain.followup import TaskRecord
from infointerview.domain.vocabulary import ConversationState as S
from infointerview.domain.vocabulary import MessageKind, MessageStatus
from infointerview.services import (
    conversations,
    followup,
    followup_query,
    messages,
    people,
    tasks,
    timeline,
)
from infointerview.services.people import PersonFields
from infointerview.store.models import Person, Referral, Task
from infointerview.store.plain_sql import of_session
from tests import factories
from tests.factories import NOW, Workspace

UTC_RULES = FollowupSettings(timezone="UTC")


def _agenda(ws: Workspace, now: datetime, days_ahead: int = 1) -> list[TaskRecord]:
    return followup.agenda(
        session=ws.session, owner=ws.owner, now=now, settings=UTC_RULES, days_ahead=days_ahead
    )


def _kinds(items: list[TaskRecord]) -> dict[str, str]:
    return {f"{i.kind}:{i.person}": i.status for i in items}


def _tasks(ws: Workspace) -> int:
    return (
        ws.session.scalar(select(func.count()).select_from(Task).where(Task.owner_id == ws.owner))
        or 0
    )


def _sent(ws: Workspace, talk: int, kind: MessageKind, at: datetime) -> int:
    draft = messages.add_message(
        session=ws.session,
        owner=ws.owner,
        conversation_id=talk,
        kind=kind,
        status=MessageStatus.DRAFT,
        subject="s",
        body="b",
        at=at,
    )
    messages.mark_sent(session=ws.session, owner=ws.owner, message_id=draft.id, at=at)
    return draft.id


def test_an_unanswered_request_gets_a_second_contact_then_one_nudge(ws: Workspace) -> None:
    ana = factories.person(ws, "Ana Ruiz", organization="Fjord")
    factories.person(ws, "Ben Ode", organization="Fjord")
    talk = factories.conversation(ws, ana.id)
    friday = datetime(2026, 11, 6, 17, 0, tzinfo=UTC)
    _sent(ws, talk.id, MessageKind.REQUEST, friday)

    wednesday = datetime(2026, 11, 11, 9, 0, tzinfo=UTC)
    assert _kinds(_agenda(ws, wednesday)) == {"second_contact:Ben Ode": "today"}
    week_on = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)
    assert _kinds(_agenda(ws, week_on)) == {
        "second_contact:Ben Ode": "overdue",
        "nudge:Ana Ruiz": "today",
    }

    _sent(ws, talk.id, MessageKind.NUDGE, week_on)
    later = _kinds(_agenda(ws, week_on, days_ahead=30))
    assert "nudge:Ana Ruiz" not in later  # never a second nudge
    assert later["give_up:Ana Ruiz"] == "upcoming"


def _nudged_request(ws: Workspace) -> tuple[int, datetime]:
    """Ana's request of Friday 6 November, nudged on Tuesday 17th; return the conversation
    and the day the rules give up (seven business days after the nudge)."""
    ana = factories.person(ws, "Ana Ruiz")
    talk = factories.conversation(ws, ana.id, now=NOW)
    _sent(ws, talk.id, MessageKind.REQUEST, datetime(2026, 11, 6, 17, 0, tzinfo=UTC))
    _sent(ws, talk.id, MessageKind.NUDGE, datetime(2026, 11, 17, 9, 0, tzinfo=UTC))
    return talk.id, datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def _state(ws: Workspace, talk: int) -> S:
    return conversations.get_conversation(
        session=ws.session, owner=ws.owner, conversation_id=talk
    ).conversation.state


def test_a_nudge_unanswered_for_seven_business_days_marks_no_response(ws: Workspace) -> None:
    talk, give_up = _nudged_request(ws)
    before = give_up - timedelta(days=1)
    assert _kinds(_agenda(ws, before, days_ahead=7)) == {"give_up:Ana Ruiz": "upcoming"}
    assert _state(ws, talk) is S.REQUESTED

    assert _agenda(ws, give_up, days_ahead=30) == []
    assert _state(ws, talk) is S.NO_RESPONSE
    [event] = [
        e
        for e in timeline.recent(session=ws.session, owner=ws.owner, conversation_id=talk, limit=5)
        if e.kind == "conversation.transition" and "No response" in e.summary
    ]
    assert "7 business days after the follow-up" in event.summary
    assert _tasks(ws) == 0  # the give-up step is carried out, not left as a task
    assert _agenda(ws, give_up + timedelta(days=1), days_ahead=30) == []  # and it stops


def test_a_dismissed_give_up_keeps_waiting_and_done_gives_up_at_once(ws: Workspace) -> None:
    talk, give_up = _nudged_request(ws)
    [step] = _agenda(ws, give_up - timedelta(days=1), days_ahead=7)
    tasks.dismiss(session=ws.session, owner=ws.owner, task_id=step.id, now=give_up)
    _agenda(ws, give_up + timedelta(days=3))
    assert _state(ws, talk) is S.REQUESTED  # the explorer chose to wait

    other, give_up = _nudged_request(ws)
    [step] = _agenda(ws, give_up - timedelta(days=2), days_ahead=7)
    tasks.mark_done(session=ws.session, owner=ws.owner, task_id=step.id, now=give_up)
    assert _state(ws, other) is S.NO_RESPONSE


def test_a_give_up_yields_to_a_move_made_meanwhile_and_reads_the_stored_state(
    ws: Workspace,
) -> None:
    talk, give_up = _nudged_request(ws)
    [step] = _agenda(ws, give_up - timedelta(days=1), days_ahead=7)
    assert _state(ws, talk) is S.REQUESTED  # loaded into the session before the move
    # Meanwhile the explorer agrees a meeting (another page, another run).
    conversations.advance(
        session=ws.session,
        owner=ws.owner,
        conversation_id=talk,
        move=conversations.Move(
            to=S.SCHEDULED, at=give_up - timedelta(hours=1), scheduled_at=give_up
        ),
    )
    tasks.mark_done(session=ws.session, owner=ws.owner, task_id=step.id, now=give_up)
    assert _state(ws, talk) is S.SCHEDULED

    other, give_up = _nudged_request(ws)
    assert _state(ws, other) is S.REQUESTED  # the session holds it as requested
    assert all(item.kind != "give_up" for item in _agenda(ws, give_up, days_ahead=30))
    assert _state(ws, other) is S.NO_RESPONSE  # the plain-SQL move is seen


def test_a_person_s_own_interval_overrides_the_default(ws: Workspace) -> None:
    lee = factories.person(ws, "Lee Park", keep_in_touch=True, keep_in_touch_days=14)
    factories.person(ws, "Ana Ruiz", keep_in_touch=True)
    settings = FollowupSettings(timezone="UTC", keep_in_touch_days=30)
    now = datetime.now(UTC)
    items = followup.agenda(
        session=ws.session, owner=ws.owner, now=now, settings=settings, days_ahead=60
    )
    assert {(i.person, i.due_on) for i in items} == {
        ("Lee Park", (now + timedelta(days=14)).date()),
        ("Ana Ruiz", (now + timedelta(days=30)).date()),
    }
    people.edit_person(
        session=ws.session,
        owner=ws.owner,
        person_id=lee.id,
        fields=PersonFields(keep_in_touch_days=0),  # back to the default
    )
    items = followup.agenda(
        session=ws.session, owner=ws.owner, now=now, settings=settings, days_ahead=60
    )
    assert {i.due_on for i in items} == {(now + timedelta(days=30)).date()}
    assert _tasks(ws) == 2  # Lee's reminder moved; it was not added twice


def test_running_the_rules_twice_adds_no_task(ws: Workspace) -> None:
    ana = factories.person(ws, "Ana Ruiz")
    factories.conversation(ws, ana.id, state=S.HELD)
    now = NOW + timedelta(hours=2)
    first = _agenda(ws, now, days_ahead=60)
    count = _tasks(ws)
    second = _agenda(ws, now, days_ahead=60)
    assert first == second
    assert _tasks(ws) == count == 3  # thank-you, invitation, pay-it-back


def test_a_thank_you_sent_takes_its_task_away_and_moves_the_conversation(ws: Workspace) -> None:
    ana = factories.person(ws, "Ana Ruiz")
    talk = factories.conversation(ws, ana.id, state=S.HELD)
    assert _kinds(_agenda(ws, NOW + timedelta(hours=1)))["thank_you:Ana Ruiz"] == "today"
    assert _kinds(_agenda(ws, NOW + timedelta(hours=25)))["thank_you:Ana Ruiz"] == "overdue"
    _sent(ws, talk.id, MessageKind.THANK_YOU, NOW + timedelta(hours=26))
    assert "thank_you:Ana Ruiz" not in _kinds(_agenda(ws, NOW + timedelta(hours=26)))
    assert _tasks(ws) == 1  # the invitation; the pay-it-back gets its task within reach


def test_a_task_done_or_dismissed_is_not_made_again(ws: Workspace) -> None:
    ana = factories.person(ws, "Ana Ruiz")
    factories.conversation(ws, ana.id, state=S.THANKED)
    now = NOW + timedelta(days=2)
    [invite] = [i for i in _agenda(ws, now) if i.kind == "linkedin_invite"]
    tasks.mark_done(session=ws.session, owner=ws.owner, task_id=invite.id, now=now)
    assert all(i.kind != "linkedin_invite" for i in _agenda(ws, now, days_ahead=60))
    [pay] = [i for i in _agenda(ws, now, days_ahead=60) if i.kind == "pay_it_back"]
    tasks.dismiss(session=ws.session, owner=ws.owner, task_id=pay.id, now=now)
    assert _agenda(ws, now, days_ahead=60) == []
    assert _tasks(ws) == 2


def test_a_snoozed_task_comes_back_on_its_day(ws: Workspace) -> None:
    ana = factories.person(ws, "Ana Ruiz")
    factories.conversation(ws, ana.id, state=S.THANKED)
    now = NOW + timedelta(days=2)
    [invite] = _agenda(ws, now)
    tasks.snooze(
        session=ws.session,
        owner=ws.owner,
        task_id=invite.id,
        until=date(2026, 11, 10),
        today=now.date(),
    )
    assert _agenda(ws, now) == []
    back = datetime(2026, 11, 10, 8, 0, tzinfo=UTC)
    assert [i.id for i in _agenda(ws, back) if i.kind == "linkedin_invite"] == [invite.id]


def test_a_referral_is_contacted_then_reported_back_and_done_records_it(ws: Workspace) -> None:
    sam = factories.person(ws, "Sam Ortiz")
    ana = factories.person(ws, "Ana Ruiz")
    referral = factories.referral(ws, sam.id, ana.id, on=date(2026, 11, 1))
    assert _kinds(_agenda(ws, NOW, days_ahead=7)) == {"contact_referral:Ana Ruiz": "upcoming"}
    assert _kinds(_agenda(ws, datetime(2026, 11, 9, tzinfo=UTC))) == {
        "contact_referral:Ana Ruiz": "overdue"
    }
    talk = factories.conversation(ws, ana.id)
    _sent(ws, talk.id, MessageKind.REQUEST, NOW)
    messages.add_message(
        session=ws.session,
        owner=ws.owner,
        conversation_id=talk.id,
        kind=MessageKind.OTHER,
        status=MessageStatus.RECEIVED,
        subject="Happy to",
        body="Yes",
        at=NOW + timedelta(days=1),
    )
    items = _agenda(ws, NOW + timedelta(days=1))
    [report] = [i for i in items if i.kind == "report_back"]
    assert (report.person, report.template, report.origin) == ("Sam Ortiz", "report_back", "004")
    tasks.mark_done(
        session=ws.session, owner=ws.owner, task_id=report.id, now=NOW + timedelta(days=1)
    )
    stored = ws.session.get(Referral, referral.id)
    assert stored is not None
    assert stored.reported_back_on == (NOW + timedelta(days=1)).date()
    assert all(i.kind != "report_back" for i in _agenda(ws, NOW + timedelta(days=1)))


def test_keep_in_touch_counts_from_the_last_logged_interaction(ws: Workspace) -> None:
    lee = factories.person(ws, "Lee Park", keep_in_touch=True)
    settings = FollowupSettings(timezone="UTC", keep_in_touch_days=30)
    added = datetime.now(UTC)

    def due_on(now: datetime) -> date:
        items = followup.agenda(
            session=ws.session, owner=ws.owner, now=now, settings=settings, days_ahead=400
        )
        [item] = [i for i in items if i.kind == "keep_in_touch"]
        return item.due_on

    assert due_on(added) == (added + timedelta(days=30)).date()
    met = added + timedelta(days=20)
    timeline.record(
        session=ws.session,
        owner=ws.owner,
        kind="note.added",
        summary="Met at a talk",
        at=met,
        person_id=lee.id,
    )
    assert due_on(met) == (met + timedelta(days=30)).date()
    assert _tasks(ws) == 1  # the old reminder, due no more, went; only the new one is open


def test_a_short_look_keeps_the_tasks_a_longer_one_made_and_their_snoozes(ws: Workspace) -> None:
    ana = factories.person(ws, "Ana Ruiz")
    factories.conversation(ws, ana.id, state=S.THANKED)
    now = NOW + timedelta(days=25)  # the pay-it-back is due in 5 days
    [pay] = [i for i in _agenda(ws, now, days_ahead=7) if i.kind == "pay_it_back"]
    tasks.snooze(
        session=ws.session,
        owner=ws.owner,
        task_id=pay.id,
        until=date(2026, 12, 2),
        today=now.date(),
    )
    count = _tasks(ws)
    assert all(i.kind != "pay_it_back" for i in _agenda(ws, now, days_ahead=1))
    assert _tasks(ws) == count
    stored = ws.session.get(Task, pay.id)
    assert stored is not None
    assert stored.snoozed_until == date(2026, 12, 2)


def test_tasks_another_run_added_meanwhile_are_not_added_again(ws: Workspace) -> None:
    ana = factories.person(ws, "Ana Ruiz")
    factories.conversation(ws, ana.id, state=S.HELD)
    now = NOW + timedelta(hours=1)
    actions, _ = followup.due_and_stored(
        session=ws.session, owner=ws.owner, now=now, settings=UTC_RULES
    )
    db = of_session(ws.session)
    first = followup_query.add_tasks(db, ws.owner, now, actions)
    second = followup_query.add_tasks(db, ws.owner, now + timedelta(seconds=1), actions)
    assert first == second
    assert _tasks(ws) == len(actions)


def test_a_conversation_before_the_referral_is_not_the_one_it_asks_for(ws: Workspace) -> None:
    sam = factories.person(ws, "Sam Ortiz")
    ana = factories.person(ws, "Ana Ruiz")
    factories.conversation(ws, ana.id, state=S.CLOSED, now=NOW)  # met on 2 November
    factories.referral(ws, sam.id, ana.id, on=date(2026, 11, 12))
    kinds = _kinds(_agenda(ws, datetime(2026, 11, 13, 9, 0, tzinfo=UTC), days_ahead=7))
    assert kinds == {"contact_referral:Ana Ruiz": "upcoming"}  # not a report-back yet


def test_keeping_in_touch_done_starts_the_next_cycle(ws: Workspace) -> None:
    factories.person(ws, "Lee Park", keep_in_touch=True)
    settings = FollowupSettings(timezone="UTC", keep_in_touch_days=30)
    later = datetime.now(UTC) + timedelta(days=31)
    [due] = followup.agenda(session=ws.session, owner=ws.owner, now=later, settings=settings)
    tasks.mark_done(session=ws.session, owner=ws.owner, task_id=due.id, now=later)
    again = followup.agenda(
        session=ws.session, owner=ws.owner, now=later, settings=settings, days_ahead=40
    )
    assert [(i.kind, i.due_on) for i in again] == [
        ("keep_in_touch", (later + timedelta(days=30)).date())
    ]


def test_one_second_contact_is_enough(ws: Workspace) -> None:
    ana = factories.person(ws, "Ana Ruiz", organization="Fjord")
    ben = factories.person(ws, "Ben Ode", organization="Fjord")
    factories.person(ws, "Cy Lund", organization="Fjord")
    talk = factories.conversation(ws, ana.id, now=NOW - timedelta(days=1))
    _sent(ws, talk.id, MessageKind.REQUEST, datetime(2026, 11, 6, 17, 0, tzinfo=UTC))
    wednesday = datetime(2026, 11, 11, 9, 0, tzinfo=UTC)
    assert "second_contact:Ben Ode" in _kinds(_agenda(ws, wednesday))
    factories.conversation(ws, ben.id, now=wednesday)  # Ben is asked
    assert all(not k.startswith("second_contact") for k in _kinds(_agenda(ws, wednesday)))


def test_a_reply_logged_before_the_give_up_is_done_keeps_the_request_open(
    ws: Workspace,
) -> None:
    talk, give_up = _nudged_request(ws)
    [step] = _agenda(ws, give_up - timedelta(days=1), days_ahead=7)
    messages.add_message(
        session=ws.session,
        owner=ws.owner,
        conversation_id=talk,
        kind=MessageKind.OTHER,
        status=MessageStatus.RECEIVED,
        subject="Re: advice",
        body="Happy to talk next week.",
        at=give_up - timedelta(hours=12),
    )
    tasks.mark_done(session=ws.session, owner=ws.owner, task_id=step.id, now=give_up)
    assert _state(ws, talk) is S.REQUESTED


def test_an_interval_out_of_range_from_elsewhere_falls_back_to_the_default(
    ws: Workspace,
) -> None:
    lee = factories.person(ws, "Lee Park", keep_in_touch=True)
    row = ws.session.get(Person, lee.id)
    assert row is not None
    row.keep_in_touch_days = 999_999_999  # as a hand-edited backup could restore it
    ws.session.flush()
    settings = FollowupSettings(timezone="UTC", keep_in_touch_days=30)
    now = datetime.now(UTC)
    [item] = followup.agenda(
        session=ws.session, owner=ws.owner, now=now, settings=settings, days_ahead=60
    )
    assert item.due_on == (now + timedelta(days=30)).date()
