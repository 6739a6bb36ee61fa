"""The explorer's answer to an agenda task: done, snoozed until a later day, or dismissed."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from infointerview.domain import followup as rules
from infointerview.errors import InvalidValue, Refused
from infointerview.services import followup_query, timeline
from infointerview.services.lookup import owned
from infointerview.store.models import Person, Referral, Task, utcnow
from infointerview.store.plain_sql import of_session


def _open_task(session: Session, owner: int, task_id: int) -> Task:
    task = owned(session, Task, task_id, owner=owner, kind="task")
    if task.done_at is not None or task.dismissed_at is not None:
        raise Refused(f"task #{task_id} is already {'done' if task.done_at else 'dismissed'}")
    return task


def mark_done(
    *,
    session: Session,
    owner: int,
    task_id: int,
    now: datetime | None = None,
    today: date | None = None,
) -> None:
    """Record a task as done: the rules will not ask for it again.

    A report-back done is recorded on its referral (on ``today``, the user's date); a
    keep-in-touch done is an interaction on the person's timeline, which starts the
    next cycle; a give-up done marks the request ``no_response`` now.
    """
    task = _open_task(session, owner, task_id)
    moment = now or utcnow()
    task.done_at = moment
    if task.kind == rules.ActionKind.GIVE_UP.value and task.conversation_id is not None:
        conversation_id = task.conversation_id
        if followup_query.give_up(of_session(session), owner, conversation_id, moment):
            session.expire_all()  # the conversation moved by plain SQL: read it again
    if task.kind == rules.ActionKind.REPORT_BACK.value and task.referral_id is not None:
        referral = session.get(Referral, task.referral_id)
        if referral is not None and referral.reported_back_on is None:
            referral.reported_back_on = today or moment.date()
    if task.kind == rules.ActionKind.KEEP_IN_TOUCH.value and task.person_id is not None:
        person = session.get(Person, task.person_id)
        if person is not None:
            timeline.record(
                session=session,
                owner=owner,
                kind="person.kept_in_touch",
                summary=f"Kept in touch with {person.full_name}",
                at=moment,
                person_id=person.id,
            )
    session.flush()


def dismiss(*, session: Session, owner: int, task_id: int, now: datetime | None = None) -> None:
    """Set a task aside for good without doing it."""
    _open_task(session, owner, task_id).dismissed_at = now or utcnow()
    session.flush()


def snooze(*, session: Session, owner: int, task_id: int, until: date, today: date) -> None:
    """Hide a task until ``until``.

    Raises:
        InvalidValue: for a day that is not after today.
    """
    if until <= today:
        raise InvalidValue("until", f"{until.isoformat()} is not after today")
    _open_task(session, owner, task_id).snoozed_until = until
    session.flush()
