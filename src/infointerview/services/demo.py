"""The demo network: a hand-written, deterministic network loaded through the real services.

Dates in the data file are days before "today", which the caller passes in, so the
demo always looks current and the same day always gives the same database. Day 0 of
the file is the day before ``today``: whatever time zone the user is in, nothing in
the demo lies in the future except the meetings still to come.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from infointerview.domain.vocabulary import (
    Channel,
    ConversationState,
    HowKnown,
    MessageKind,
    MessageStatus,
    TargetStatus,
)
from infointerview.errors import Refused
from infointerview.services import (
    conversations,
    messages,
    notes,
    people,
    referrals,
    targets,
    timeline,
)
from infointerview.services.people import PersonFields
from infointerview.services.targets import TargetFields
from infointerview.store.models import (
    Conversation,
    Event,
    Organization,
    Person,
    Tag,
    Target,
    person_tags,
)

DEMO_EVENT = "demo.loaded"


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What the demo wrote, or found already written."""

    people: int
    organizations: int
    targets: int
    conversations: int
    referrals: int
    already_loaded: bool = False


def read_data() -> dict[str, Any]:
    """Return the parsed demo data file shipped with the package."""
    text = resources.files("infointerview.data").joinpath("demo_network.toml").read_text("utf-8")
    return tomllib.loads(text)


def load_demo(
    *, session: Session, owner: int, today: date, data: dict[str, Any] | None = None
) -> DemoSummary:
    """Fill an empty database with the demo network as of ``today`` in the demo's zone.

    Use :func:`demo_today` for the current day; any earlier day keeps everything past.

    Raises:
        Refused: when the database already holds someone's own data.
    """
    if _holds_demo(session, owner):
        return _summary(session, owner, already=True)
    held = _count(session, Person, owner) + _count(session, Target, owner)
    if held:
        raise Refused(
            "this database already holds your own data, so the demo will not write into it; "
            "run `infointerview demo --db demo.db` to try it in a separate file"
        )
    network = data or read_data()
    anchor = today - timedelta(days=1)
    _Loader(session=session, owner=owner, today=anchor, network=network).load()
    return _summary(session, owner)


def demo_today(now: datetime, data: dict[str, Any] | None = None) -> date:
    """Return the date it is at ``now`` in the demo's own time zone (its "today")."""
    network = data or read_data()
    return now.astimezone(ZoneInfo(network.get("timezone", "UTC"))).date()


def remove_demo(*, session: Session, owner: int) -> DemoSummary:
    """Take the demo network out again, keeping everything the user added since.

    The demo's people go with their conversations, messages, notes and referrals; its
    targets and organisations go unless something of the user's still uses them; its
    invented timeline goes too. Returns what was removed.

    Raises:
        Refused: when the database holds no demo network.
    """
    marker = session.scalar(
        select(Event)
        .where(Event.owner_id == owner, Event.kind == DEMO_EVENT)
        .order_by(Event.id.desc())
    )
    if marker is None or not marker.data:
        raise Refused("this database holds no demo network to remove")
    before = _summary(session, owner)
    _delete_written(session, owner, written=marker.data, last_event=marker.id)
    session.expire_all()
    after = _summary(session, owner)
    timeline.record(
        session=session, owner=owner, kind="demo.removed", summary="Removed the demo network"
    )
    return DemoSummary(
        people=before.people - after.people,
        organizations=before.organizations - after.organizations,
        targets=before.targets - after.targets,
        conversations=before.conversations - after.conversations,
        referrals=before.referrals - after.referrals,
    )


def _delete_written(
    session: Session, owner: int, *, written: dict[str, Any], last_event: int
) -> None:
    """Delete the rows the demo recorded writing; keep what the user's own rows still use."""
    session.execute(
        delete(Event).where(
            Event.owner_id == owner, Event.id.between(written["first_event"], last_event)
        )
    )
    session.execute(
        delete(Person).where(Person.owner_id == owner, Person.id.in_(written["people"]))
    )
    session.execute(
        delete(Target).where(Target.owner_id == owner, Target.id.in_(written["targets"]))
    )
    in_use = Organization.id.in_(
        select(Person.organization_id).where(Person.organization_id.is_not(None))
    ) | Organization.id.in_(
        select(Target.organization_id).where(Target.organization_id.is_not(None))
    )
    session.execute(
        delete(Organization).where(
            Organization.owner_id == owner,
            Organization.id.in_(written["organizations"]),
            ~in_use,
        )
    )
    session.execute(
        delete(Tag).where(Tag.owner_id == owner, ~Tag.id.in_(select(person_tags.c.tag_id)))
    )


def _holds_demo(session: Session, owner: int) -> bool:
    return (
        session.scalar(select(Event.id).where(Event.owner_id == owner, Event.kind == DEMO_EVENT))
        is not None
    )


def _count(session: Session, model: type[Any], owner: int) -> int:
    return int(
        session.scalar(select(func.count()).select_from(model).where(model.owner_id == owner)) or 0
    )


def _summary(session: Session, owner: int, *, already: bool = False) -> DemoSummary:
    from infointerview.store.models import Referral

    return DemoSummary(
        people=_count(session, Person, owner),
        organizations=_count(session, Organization, owner),
        targets=_count(session, Target, owner),
        conversations=_count(session, Conversation, owner),
        referrals=_count(session, Referral, owner),
        already_loaded=already,
    )


class _Loader:
    """Walks the data file in order: organisations, targets, people, referrals, the rest."""

    def __init__(self, *, session: Session, owner: int, today: date, network: dict[str, Any]):
        self.session = session
        self.owner = owner
        self.today = today
        self.network = network
        self.zone = ZoneInfo(network.get("timezone", "UTC"))
        self.people: dict[str, int] = {}
        self.targets: dict[str, int] = {}
        self.orgs: dict[str, dict[str, Any]] = {o["key"]: o for o in network["organizations"]}
        self.talks: dict[str, int] = {}
        self.org_ids: list[int] = []

    def moment(self, days_ago: int, clock: str = "09:00") -> datetime:
        """Return the aware datetime ``days_ago`` days before today at ``clock`` local time."""
        day = self.today - timedelta(days=days_ago)
        return datetime.combine(day, time.fromisoformat(clock), tzinfo=self.zone)

    def load(self) -> None:
        """Write everything, then mark the database as holding the demo.

        The mark records what the demo wrote, so that :func:`remove_demo` can take
        exactly that away again.
        """
        first_event = (self.session.scalar(select(func.max(Event.id))) or 0) + 1
        self._organizations()
        self._targets()
        self._people()
        self._referrals()
        self._conversations()
        self._messages()
        self._notes()
        explorer = self.network.get("explorer", {}).get("name", "the explorer")
        timeline.record(
            session=self.session,
            owner=self.owner,
            kind=DEMO_EVENT,
            summary=f"Loaded the demo network of {explorer}",
            at=self.moment(0, "23:59"),
            data={
                "first_event": first_event,
                "people": sorted(self.people.values()),
                "targets": sorted(self.targets.values()),
                "organizations": sorted(self.org_ids),
            },
        )

    def _organizations(self) -> None:
        from infointerview.services import organizations

        for org in self.network["organizations"]:
            row = organizations.get_or_create(
                session=self.session,
                owner=self.owner,
                name=org["name"],
                industry=org.get("industry"),
            )
            row.website = org.get("website")
            self.org_ids.append(row.id)

    def _org_name(self, key: str | None) -> str | None:
        return self.orgs[key]["name"] if key else None

    def _targets(self) -> None:
        for item in self.network["targets"]:
            record = targets.add_target(
                session=self.session,
                owner=self.owner,
                fields=TargetFields(
                    role=item["role"],
                    industry=item.get("industry"),
                    organization=self._org_name(item.get("organization")),
                    status=TargetStatus(item.get("status", "exploring")),
                    decision_note=item.get("decision_note"),
                ),
                now=self.moment(item.get("added_days_ago", 90)),
            )
            self.targets[item["key"]] = record.id

    def _people(self) -> None:
        for item in self.network["people"]:
            channel = item.get("preferred_channel")
            record = people.add_person(
                session=self.session,
                owner=self.owner,
                fields=PersonFields(
                    full_name=item["full_name"],
                    given_name=item.get("given_name"),
                    family_name=item.get("family_name"),
                    organization=self._org_name(item.get("organization")),
                    title=item.get("title"),
                    location=item.get("location"),
                    emails=item.get("emails", []),
                    phones=item.get("phones", []),
                    linkedin_url=item.get("linkedin_url"),
                    how_known=HowKnown(item.get("how_known", "cold")),
                    hiring_experience=item.get("hiring_experience", False),
                    preferred_channel=Channel(channel) if channel else None,
                    keep_in_touch=item.get("keep_in_touch", False),
                    tags=item.get("tags", []),
                ),
                now=self.moment(item.get("added_days_ago", 60)),
            )
            self.people[item["key"]] = record.id

    def _referrals(self) -> None:
        from infointerview.store.models import Referral

        for item in self.network["referrals"]:
            target = item.get("target")
            record = referrals.refer(
                session=self.session,
                owner=self.owner,
                referrer_id=self.people[item["referrer"]],
                referred_id=self.people[item["referred"]],
                target_id=self.targets[target] if target else None,
                may_use_name=item.get("may_use_name", False),
                on=self.moment(item["days_ago"]).date(),
                now=self.moment(item["days_ago"], "12:00"),
            )
            back = item.get("reported_back_days_ago")
            if back is not None:
                self.session.get_one(Referral, record.id).reported_back_on = self.moment(
                    back
                ).date()

    def _conversations(self) -> None:
        for item in self.network["conversations"]:
            target = item.get("target")
            record = conversations.new_conversation(
                session=self.session,
                owner=self.owner,
                person_id=self.people[item["person"]],
                target_id=self.targets[target] if target else None,
                channel=Channel(item["channel"]) if item.get("channel") else None,
                requested_minutes=item.get("requested_minutes", 20),
                now=self.moment(item.get("created_days_ago", 30)),
            )
            self.talks[item["key"]] = record.id
            for step in item.get("steps", []):
                self._step(record.id, item, step)

    def _step(self, conversation_id: int, item: dict[str, Any], step: dict[str, Any]) -> None:
        to = ConversationState(step["to"])
        meeting = None
        if to == ConversationState.SCHEDULED:
            days = step.get("meeting_days_ago", -step.get("meeting_days_ahead", 0))
            meeting = self.moment(days, step.get("meeting_time", "10:00"))
        conversations.advance(
            session=self.session,
            owner=self.owner,
            conversation_id=conversation_id,
            move=conversations.Move(
                to=to,
                at=self.moment(step["days_ago"], step.get("time", "09:00")),
                scheduled_at=meeting,
                actual_minutes=item.get("actual_minutes") if to == ConversationState.HELD else None,
                outcome=item.get("outcome_summary") if to == ConversationState.HELD else None,
            ),
        )

    def _messages(self) -> None:
        for item in self.network.get("messages", []):
            messages.add_message(
                session=self.session,
                owner=self.owner,
                conversation_id=self.talks[item["conversation"]],
                kind=MessageKind(item["kind"]),
                status=MessageStatus(item["status"]),
                subject=item.get("subject", ""),
                body=item.get("body", ""),
                at=self.moment(item["days_ago"], item.get("time", "09:00")),
            )

    def _notes(self) -> None:
        for item in self.network.get("notes", []):
            for about, keys in (
                ("person", self.people),
                ("conversation", self.talks),
                ("target", self.targets),
            ):
                if about in item:
                    notes.add_note(
                        session=self.session,
                        owner=self.owner,
                        about=about,
                        about_id=keys[item[about]],
                        body=item["body"],
                        now=self.moment(item.get("days_ago", 0), item.get("time", "18:00")),
                    )
