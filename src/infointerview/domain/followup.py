"""The follow-up rules: from the state of the explorer's conversations, referrals and
contacts, today's date and a business-day calendar, the actions that are due.

Pure: the caller passes the facts, the day, the user's time zone and the holidays; no
clock, no database. Each action has a stable ``key``, so running the rules again
yields the same actions and a store of tasks never gets a duplicate.

The timing of unanswered requests follows the widely taught "3B7" routine: three
business days without a reply, approach a second contact at the same organisation;
seven, send the first contact one follow-up; seven more after that, stop.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum

from infointerview.domain.vocabulary import ConversationState as S

SECOND_CONTACT_DAYS = 3  # business days: approach someone else at the organisation
NUDGE_DAYS = 7  # business days: the one follow-up
GIVE_UP_DAYS = 7  # business days after the nudge: mark it no response and stop
REFERRAL_DAYS = 7  # calendar days to contact a referred person
PAY_IT_BACK_DAYS = 30  # about a month after the meeting
KEEP_IN_TOUCH_DAYS = 90  # the default between contacts who agreed to stay in touch
# A suggestion overdue by more than this lapses: a LinkedIn invitation or a nudge two
# months late is no longer worth prompting (keeping in touch never lapses).
STALE_DAYS = 60


class ActionKind(StrEnum):
    """What a due action asks the explorer to do."""

    THANK_YOU = "thank_you"
    SECOND_CONTACT = "second_contact"
    NUDGE = "nudge"
    GIVE_UP = "give_up"
    CONTACT_REFERRAL = "contact_referral"
    REPORT_BACK = "report_back"
    LINKEDIN_INVITE = "linkedin_invite"
    PAY_IT_BACK = "pay_it_back"
    KEEP_IN_TOUCH = "keep_in_touch"
    PREPARE = "prepare"
    MEETING = "meeting"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a rule comes from: a seed number or a named routine, and its words."""

    origin: str
    quote: str


SOURCES: dict[ActionKind, Source] = {
    ActionKind.THANK_YOU: Source(
        "002",
        "Thank them at the end of the conversation, and then, that very day, send a thank "
        "you email or note as a follow up.",
    ),
    ActionKind.SECOND_CONTACT: Source(
        "3B7", "After 3 business days without a reply, approach a second contact."
    ),
    ActionKind.NUDGE: Source(
        "3B7", "After 7 business days without a reply, send the first contact one follow-up."
    ),
    ActionKind.GIVE_UP: Source("002", "Too many job seekers have worn out their welcomes."),
    ActionKind.CONTACT_REFERRAL: Source(
        "004", "Often your contact will suggest you contact someone else"
    ),
    ActionKind.REPORT_BACK: Source(
        "004",
        "get back to them after you have done so, letting them know that you took their advice",
    ),
    ActionKind.LINKEDIN_INVITE: Source(
        "003", "ask if it would be alright to send them a LinkedIn invitation."
    ),
    ActionKind.PAY_IT_BACK: Source(
        "004", "Find a way if you can to repay people for their kindness."
    ),
    ActionKind.KEEP_IN_TOUCH: Source(
        "004", "ask if you can remain in contact with them, from time to time, in future"
    ),
    ActionKind.PREPARE: Source(
        "002", "arrive at the informational interview, on time and prepared with specific questions"
    ),
    ActionKind.MEETING: Source("001", "Be on time, and do not take too much time."),
}

# The template that drafts an action's message (mail/drafts.KINDS), where one does.
TEMPLATES: dict[ActionKind, str] = {
    ActionKind.THANK_YOU: "thank_you",
    ActionKind.SECOND_CONTACT: "request",
    ActionKind.NUDGE: "nudge",
    ActionKind.CONTACT_REFERRAL: "request",
    ActionKind.REPORT_BACK: "report_back",
    ActionKind.PAY_IT_BACK: "pay_it_back",
    ActionKind.KEEP_IN_TOUCH: "keep_in_touch",
}

# Lower runs first: what burns a contact if late comes before what can wait.
PRIORITY: dict[ActionKind, int] = {
    ActionKind.MEETING: 1,
    ActionKind.THANK_YOU: 1,
    ActionKind.PREPARE: 2,
    ActionKind.REPORT_BACK: 2,
    ActionKind.CONTACT_REFERRAL: 2,
    ActionKind.NUDGE: 3,
    ActionKind.SECOND_CONTACT: 3,
    ActionKind.GIVE_UP: 4,
    ActionKind.LINKEDIN_INVITE: 4,
    ActionKind.PAY_IT_BACK: 5,
    ActionKind.KEEP_IN_TOUCH: 5,
}


@dataclass(frozen=True, slots=True)
class BusinessDays:
    """Weekdays that are not holidays, in the user's time zone."""

    zone: tzinfo
    holidays: frozenset[date] = frozenset()

    def is_business_day(self, day: date) -> bool:
        """Say whether ``day`` is a weekday and not a holiday."""
        return day.weekday() < 5 and day not in self.holidays

    def add(self, day: date, count: int) -> date:
        """Return the business day ``count`` business days after ``day``."""
        while count > 0:
            day += timedelta(days=1)
            if self.is_business_day(day):
                count -= 1
        return day

    def local_day(self, moment: datetime) -> date:
        """Return the date ``moment`` (an aware datetime) falls on in the user's zone."""
        return moment.astimezone(self.zone).date()


@dataclass(frozen=True, slots=True)
class Talk:
    """What the rules need of one conversation.

    ``requested_at`` is when the request went out, ``nudged_at`` when the one follow-up
    did; ``replied`` says an answer came after the request. ``next_contact`` is the
    best person at the same organisation not yet asked, if any.
    """

    id: int
    person_id: int
    person: str
    state: S
    requested_at: datetime | None = None
    nudged_at: datetime | None = None
    replied: bool = False
    scheduled_at: datetime | None = None
    held_at: datetime | None = None
    thanked: bool = False
    organization: str | None = None
    next_contact: tuple[int, str] | None = None


@dataclass(frozen=True, slots=True)
class Referral:
    """A referral and how far it has got: ``contacted_at`` when the explorer's request to
    the referred person went out, ``answered_at`` when they replied or met."""

    id: int
    referrer_id: int
    referrer: str
    referred_id: int
    referred: str
    referred_on: date
    contacted_at: datetime | None = None
    answered_at: datetime | None = None
    reported_back_on: date | None = None


@dataclass(frozen=True, slots=True)
class Contact:
    """A person who agreed to stay in touch, and their last interaction of any kind."""

    id: int
    name: str
    last_interaction: datetime | None
    every_days: int = KEEP_IN_TOUCH_DAYS


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything the rules read."""

    talks: tuple[Talk, ...] = ()
    referrals: tuple[Referral, ...] = ()
    contacts: tuple[Contact, ...] = ()


@dataclass(frozen=True, slots=True)
class Action:
    """One due action: what, for whom, by when, how urgent, why, and from which source.

    ``overdue_from`` is the moment it becomes overdue when that is finer than a day (a
    thank-you, 24 hours after the meeting); otherwise it is overdue the day after
    ``due_on``. ``template`` names the draft that does it, if one does.
    """

    key: str
    kind: ActionKind
    person_id: int
    person: str
    due_on: date
    reason: str
    conversation_id: int | None = None
    referral_id: int | None = None
    overdue_from: datetime | None = None
    priority: int = field(default=5)

    @property
    def source(self) -> Source:
        """The seed or routine the rule rests on."""
        return SOURCES[self.kind]

    @property
    def template(self) -> str | None:
        """The draft kind that carries the action out, if a message does."""
        return TEMPLATES.get(self.kind)


def status(action: Action, *, now: datetime, zone: tzinfo) -> str:
    """Return ``overdue``, ``today`` or ``upcoming`` for ``action`` at ``now``."""
    today = now.astimezone(zone).date()
    if action.overdue_from is not None:
        if now >= action.overdue_from:
            return "overdue"
        return "today" if action.due_on <= today else "upcoming"
    if action.due_on < today:
        return "overdue"
    return "today" if action.due_on == today else "upcoming"


def _action(
    kind: ActionKind,
    key: str,
    person_id: int,
    person: str,
    due_on: date,
    reason: str,
    **extra: object,
) -> Action:
    return Action(
        key=key,
        kind=kind,
        person_id=person_id,
        person=person,
        due_on=due_on,
        reason=reason,
        priority=PRIORITY[kind],
        **extra,  # type: ignore[arg-type]
    )


def lapsed(action: Action, today: date) -> bool:
    """Say whether ``action`` is overdue by more than STALE_DAYS (and so no longer asked);
    keeping in touch never lapses, nor does giving up (it closes the request)."""
    return (
        action.kind not in (ActionKind.KEEP_IN_TOUCH, ActionKind.GIVE_UP)
        and (today - action.due_on).days > STALE_DAYS
    )


def due_actions(facts: Facts, *, days: BusinessDays, today: date | None = None) -> list[Action]:
    """Return every action the facts call for, due or not yet due, most urgent first;
    with ``today``, those lapsed by then are left out."""
    actions: list[Action] = []
    for talk in facts.talks:
        actions.extend(_talk_actions(talk, days))
    for referral in facts.referrals:
        actions.extend(_referral_actions(referral, days))
    for contact in facts.contacts:
        if contact.last_interaction is not None:
            since = days.local_day(contact.last_interaction)
            actions.append(
                _action(
                    ActionKind.KEEP_IN_TOUCH,
                    f"keep_in_touch:p{contact.id}:{since.isoformat()}",
                    contact.id,
                    contact.name,
                    since + timedelta(days=contact.every_days),
                    f"Stay in touch with {contact.name}: last contact {since.isoformat()}",
                )
            )
    if today is not None:
        actions = [a for a in actions if not lapsed(a, today)]
    return sorted(actions, key=lambda a: (a.due_on, a.priority, a.person, a.key))


def _talk_actions(talk: Talk, days: BusinessDays) -> list[Action]:
    who, pid, cid = talk.person, talk.person_id, talk.id
    out: list[Action] = []
    if talk.state in (S.REQUESTED,) and talk.requested_at and not talk.replied:
        asked = days.local_day(talk.requested_at)
        if talk.nudged_at is None:
            if talk.next_contact is not None:
                other_id, other = talk.next_contact
                out.append(
                    _action(
                        ActionKind.SECOND_CONTACT,
                        f"second_contact:c{cid}",
                        other_id,
                        other,
                        days.add(asked, SECOND_CONTACT_DAYS),
                        f"No reply from {who} in {SECOND_CONTACT_DAYS} business days: ask "
                        f"{other}, also at {talk.organization}",
                        conversation_id=cid,
                    )
                )
            out.append(
                _action(
                    ActionKind.NUDGE,
                    f"nudge:c{cid}",
                    pid,
                    who,
                    days.add(asked, NUDGE_DAYS),
                    f"No reply from {who} in {NUDGE_DAYS} business days: send one follow-up",
                    conversation_id=cid,
                )
            )
        else:
            nudged = days.local_day(talk.nudged_at)
            out.append(
                _action(
                    ActionKind.GIVE_UP,
                    f"give_up:c{cid}",
                    pid,
                    who,
                    days.add(nudged, GIVE_UP_DAYS),
                    f"No reply from {who} to the follow-up either: marked no response on "
                    "this day unless they answer (dismiss this to wait longer)",
                    conversation_id=cid,
                )
            )
    if talk.state is S.SCHEDULED and talk.scheduled_at is not None:
        meeting_day = days.local_day(talk.scheduled_at)
        local = talk.scheduled_at.astimezone(days.zone).strftime("%H:%M")
        out.append(
            _action(
                ActionKind.PREPARE,
                f"prepare:c{cid}:{meeting_day.isoformat()}",
                pid,
                who,
                meeting_day - timedelta(days=1),
                f"Prepare for tomorrow's conversation with {who}: research and questions",
                conversation_id=cid,
            )
        )
        out.append(
            _action(
                ActionKind.MEETING,
                f"meeting:c{cid}:{meeting_day.isoformat()}",
                pid,
                who,
                meeting_day,
                f"Meet {who} at {local}",
                conversation_id=cid,
            )
        )
    if talk.state in (S.HELD, S.THANKED, S.CLOSED) and talk.held_at is not None:
        met = days.local_day(talk.held_at)
        if talk.state is S.HELD and not talk.thanked:
            out.append(
                _action(
                    ActionKind.THANK_YOU,
                    f"thank_you:c{cid}",
                    pid,
                    who,
                    met,
                    f"Thank {who} today for the conversation",
                    conversation_id=cid,
                    overdue_from=talk.held_at + timedelta(hours=24),
                )
            )
        out.append(
            _action(
                ActionKind.LINKEDIN_INVITE,
                f"linkedin_invite:c{cid}",
                pid,
                who,
                met + timedelta(days=1),
                f"Send {who} the LinkedIn invitation you asked about",
                conversation_id=cid,
            )
        )
        out.append(
            _action(
                ActionKind.PAY_IT_BACK,
                f"pay_it_back:c{cid}",
                pid,
                who,
                met + timedelta(days=PAY_IT_BACK_DAYS),
                f"Find a way to pay {who} back: an article, an introduction",
                conversation_id=cid,
            )
        )
    return out


def _referral_actions(referral: Referral, days: BusinessDays) -> list[Action]:
    if referral.contacted_at is None:
        return [
            _action(
                ActionKind.CONTACT_REFERRAL,
                f"contact_referral:r{referral.id}",
                referral.referred_id,
                referral.referred,
                referral.referred_on + timedelta(days=REFERRAL_DAYS),
                f"{referral.referrer} suggested {referral.referred}: ask them within a week",
                referral_id=referral.id,
            )
        ]
    if referral.answered_at is not None and referral.reported_back_on is None:
        return [
            _action(
                ActionKind.REPORT_BACK,
                f"report_back:r{referral.id}",
                referral.referrer_id,
                referral.referrer,
                days.local_day(referral.answered_at),
                f"Tell {referral.referrer} you took their advice and spoke to {referral.referred}",
                referral_id=referral.id,
            )
        ]
    return []


@dataclass(frozen=True, slots=True)
class TaskRecord:
    """A due action on the agenda, with its task's id and where it stands.

    ``status`` is ``overdue``, ``today`` or ``upcoming``; ``origin`` and ``quote`` are
    the seed (or routine) the rule rests on; ``template`` drafts it, if a message does.
    """

    id: int
    kind: str
    status: str
    due_on: date
    person_id: int
    person: str
    reason: str
    origin: str
    quote: str
    priority: int
    template: str | None
    conversation_id: int | None
    referral_id: int | None
