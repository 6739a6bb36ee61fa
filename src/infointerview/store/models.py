"""The tables of infointerview as SQLAlchemy 2.0 typed ORM classes.

Every row belongs to an owner (a :class:`User`) from the start, so that a career
centre can run the same schema for many people. Any change here needs an Alembic
migration in ``store/migrations/versions``; a test compares the two.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy import event as orm_events
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from infointerview.domain.vocabulary import (
    Channel,
    ClaimKind,
    ContactSource,
    ConversationState,
    HowKnown,
    MessageKind,
    MessageStatus,
    TargetStatus,
    Verdict,
)

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Return the current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp stored as UTC on every backend.

    SQLite has no timestamp-with-zone type, so values are normalised to UTC on the
    way in and marked as UTC on the way out; naive datetimes are refused.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Refuse naive datetimes and store aware ones in UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: give a timezone")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Return stored values as aware UTC datetimes."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _choice(enum: type[Any], name: str) -> Enum:
    """A string column limited to an enum's values, checked by the database."""
    return Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    """Declarative base with a naming convention, so migrations can name every constraint."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON()}


class Timestamped:
    """Columns recording when a row was made and last changed.

    Services set ``updated_at`` themselves, with the clock they were given: an automatic
    ``onupdate`` would stamp the real time whenever the given time equals the old one.
    """

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class User(Base):
    """Someone whose data this is; a local install has one, created on first use."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Owned:
    """Every row but a user's has an owner."""

    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


class Organization(Owned, Timestamped, Base):
    """An employer, school or association people belong to."""

    __tablename__ = "organizations"
    __table_args__ = (UniqueConstraint("owner_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Never renamed: each of its people's search text holds it (domain.naming.person_keys).
    name: Mapped[str] = mapped_column(String(200))
    industry: Mapped[str | None] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(500))

    people: Mapped[list[Person]] = relationship(back_populates="organization")


person_tags = Table(
    "person_tags",
    Base.metadata,
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Tag(Owned, Base):
    """A label the explorer puts on people."""

    __tablename__ = "tags"
    __table_args__ = (UniqueConstraint("owner_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


class Person(Owned, Timestamped, Base):
    """A contact: someone who could be, or was, asked for advice."""

    __tablename__ = "people"
    __table_args__ = (
        Index(None, "owner_id", "full_name"),
        # Covers the people list: a search or filter walks it in name order and reads
        # only the rows it shows.
        Index(
            "ix_people_list",
            "owner_id",
            "sort_name",
            "id",
            "organization_id",
            "how_known",
            "search_text",
        ),
        # Counts a search's matches: a third as wide as the list index to scan.
        Index(None, "owner_id", "search_text"),
        Index(None, "owner_id", "created_at"),
        Index(None, "owner_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(300))
    given_name: Mapped[str | None] = mapped_column(String(200))
    family_name: Mapped[str | None] = mapped_column(String(200))
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str | None] = mapped_column(String(300))
    location: Mapped[str | None] = mapped_column(String(300))
    linkedin_url: Mapped[str | None] = mapped_column(String(500))
    how_known: Mapped[HowKnown] = mapped_column(_choice(HowKnown, "how_known"))
    hiring_experience: Mapped[bool] = mapped_column(Boolean, default=False)
    preferred_channel: Mapped[Channel | None] = mapped_column(_choice(Channel, "channel"))
    keep_in_touch: Mapped[bool] = mapped_column(Boolean, default=False)
    # Days between contacts for this person; None takes [followup] keep_in_touch_days.
    keep_in_touch_days: Mapped[int | None] = mapped_column(Integer)
    # Lower-cased keys written with the name, organisation and title (services.people,
    # domain.naming.person_keys), so that lists sort and search without calling lower()
    # on every row.
    sort_name: Mapped[str] = mapped_column(String(300), default="", server_default="")
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")

    organization: Mapped[Organization | None] = relationship(back_populates="people")
    emails: Mapped[list[EmailAddress]] = relationship(
        cascade="all, delete-orphan", order_by="EmailAddress.position"
    )
    phones: Mapped[list[PhoneNumber]] = relationship(
        cascade="all, delete-orphan", order_by="PhoneNumber.position"
    )
    tags: Mapped[list[Tag]] = relationship(secondary=person_tags, order_by="Tag.name")


class EmailAddress(Owned, Base):
    """One of a person's email addresses, in the order the explorer prefers them."""

    __tablename__ = "person_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    address: Mapped[str] = mapped_column(String(320))
    label: Mapped[str | None] = mapped_column(String(50))
    position: Mapped[int] = mapped_column(Integer, default=0)


class PhoneNumber(Owned, Base):
    """One of a person's phone numbers, in the order the explorer prefers them."""

    __tablename__ = "person_phones"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(50))
    label: Mapped[str | None] = mapped_column(String(50))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Target(Owned, Timestamped, Base):
    """A career path being explored: a role in an industry, maybe at one organisation."""

    __tablename__ = "targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(300))
    industry: Mapped[str | None] = mapped_column(String(200))
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[TargetStatus] = mapped_column(_choice(TargetStatus, "target_status"))
    decision_note: Mapped[str | None] = mapped_column(Text)

    organization: Mapped[Organization | None] = relationship()


class Referral(Owned, Base):
    """The referrer pointed the explorer to the referred person (seed 004)."""

    __tablename__ = "referrals"
    __table_args__ = (CheckConstraint("referrer_id <> referred_id", name="not_self"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    referrer_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    referred_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    target_id: Mapped[int | None] = mapped_column(
        ForeignKey("targets.id", ondelete="SET NULL"), index=True
    )
    may_use_name: Mapped[bool] = mapped_column(Boolean, default=False)
    referred_on: Mapped[date] = mapped_column(Date)
    reported_back_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    referrer: Mapped[Person] = relationship(foreign_keys=[referrer_id])
    referred: Mapped[Person] = relationship(foreign_keys=[referred_id])
    target: Mapped[Target | None] = relationship()


class Conversation(Owned, Timestamped, Base):
    """One informational interview with one person, from request to close."""

    __tablename__ = "conversations"
    __table_args__ = (
        CheckConstraint("requested_minutes > 0", name="requested_minutes_positive"),
        CheckConstraint(
            "actual_minutes IS NULL OR actual_minutes >= 0", name="actual_minutes_not_negative"
        ),
        Index(None, "owner_id", "state"),
        # The numbers (services.stats): requests grouped by channel and by how the person
        # is known read this instead of the rows; the median reply time walks the second.
        Index(None, "owner_id", "state", "channel", "person_id", "heard_at"),
        Index(None, "owner_id", "reply_hours"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int | None] = mapped_column(
        ForeignKey("targets.id", ondelete="SET NULL"), index=True
    )
    channel: Mapped[Channel] = mapped_column(_choice(Channel, "channel"))
    state: Mapped[ConversationState] = mapped_column(
        _choice(ConversationState, "conversation_state")
    )
    requested_minutes: Mapped[int] = mapped_column(Integer, default=20)
    scheduled_at: Mapped[datetime | None]
    held_at: Mapped[datetime | None]
    actual_minutes: Mapped[int | None] = mapped_column(Integer)
    outcome_summary: Mapped[str | None] = mapped_column(Text)
    # What the messages say, kept here by store.conversation_facts (never set directly):
    # the first request sent, the last nudge sent, the last message received, the first
    # reply after the request and the hours it took, the first thank-you sent.
    requested_at: Mapped[datetime | None]
    nudged_at: Mapped[datetime | None]
    heard_at: Mapped[datetime | None]
    replied_at: Mapped[datetime | None]
    reply_hours: Mapped[float | None] = mapped_column(Float)
    thanked_at: Mapped[datetime | None]

    person: Mapped[Person] = relationship()
    target: Mapped[Target | None] = relationship()
    messages: Mapped[list[Message]] = relationship(
        back_populates="conversation", cascade="all, delete-orphan", order_by="Message.id"
    )


class Message(Owned, Base):
    """A request, nudge, thank-you, report-back or other message of a conversation."""

    __tablename__ = "messages"
    # The numbers (services.stats) read messages by kind and status, per owner and per
    # conversation; these cover those queries without reading the rows.
    __table_args__ = (
        Index(None, "owner_id", "kind", "status", "sent_at", "conversation_id"),
        Index(None, "conversation_id", "status", "kind", "sent_at", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[MessageKind] = mapped_column(_choice(MessageKind, "message_kind"))
    subject: Mapped[str] = mapped_column(String(500), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[MessageStatus] = mapped_column(_choice(MessageStatus, "message_status"))
    sent_at: Mapped[datetime | None]
    received_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    conversation: Mapped[Conversation] = relationship(back_populates="messages")


class Note(Owned, Timestamped, Base):
    """A note on exactly one person, conversation or target."""

    __tablename__ = "notes"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN person_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN conversation_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN target_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="exactly_one_subject",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    target_id: Mapped[int | None] = mapped_column(
        ForeignKey("targets.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(Text)


class Task(Owned, Base):
    """Something the explorer should do by a date, and why."""

    __tablename__ = "tasks"
    # ``key`` names the rule and what it is about (domain.followup.Action.key), so the
    # rules never add a task twice.
    __table_args__ = (UniqueConstraint("owner_id", "key"), Index(None, "owner_id", "due_on"))

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), server_default="")
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    referral_id: Mapped[int | None] = mapped_column(
        ForeignKey("referrals.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(50))
    reason: Mapped[str] = mapped_column(Text, default="")
    priority: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    due_on: Mapped[date] = mapped_column(Date)
    done_at: Mapped[datetime | None]
    dismissed_at: Mapped[datetime | None]
    snoozed_until: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Meeting(Owned, Base):
    """A meeting as it is held: when it started and ended, the notes typed as it goes and
    the questions ticked off, each saved as it changes so nothing typed is lost."""

    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("conversation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    asked: Mapped[list[str]] = mapped_column(JSON, default=list)

    conversation: Mapped[Conversation] = relationship()


class ResearchNote(Owned, Base):
    """Something read about a target, with where it was read (seed 001: research first)."""

    __tablename__ = "research_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(String(500))
    source_title: Mapped[str | None] = mapped_column(String(300))
    source_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Claim(Owned, Base):
    """A claim about a target to verify, or a question to find out, in conversations."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id", ondelete="CASCADE"), index=True)
    research_note_id: Mapped[int | None] = mapped_column(
        ForeignKey("research_notes.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[ClaimKind] = mapped_column(_choice(ClaimKind, "claim_kind"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Evidence(Owned, Base):
    """What someone said of a claim in a conversation, in their words."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    verdict: Mapped[Verdict] = mapped_column(_choice(Verdict, "verdict"))
    quote: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


decision_claims = Table(
    "decision_claims",
    Base.metadata,
    Column("decision_id", ForeignKey("decisions.id", ondelete="CASCADE"), primary_key=True),
    Column("claim_id", ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Decision(Owned, Base):
    """A decision taken on a target, why, and the claims it rests on (seed 003)."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id", ondelete="CASCADE"), index=True)
    decided_on: Mapped[date] = mapped_column(Date)
    decision: Mapped[str] = mapped_column(Text)
    reasons: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    claims: Mapped[list[Claim]] = relationship(secondary=decision_claims, order_by="Claim.id")


class CalendarFeed(Owned, Base):
    """The secret token in the URL of a user's calendar feed (one feed per user)."""

    __tablename__ = "calendar_feeds"
    __table_args__ = (UniqueConstraint("owner_id"), UniqueConstraint("token"))

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ImportRun(Owned, Base):
    """One import of a contact file, and what it did."""

    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[ContactSource] = mapped_column(_choice(ContactSource, "contact_source"))
    file_name: Mapped[str] = mapped_column(String(500))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    added: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)


class PersonSource(Owned, Base):
    """Where a person came from: the file of a kind that last added or changed them.

    ``fields`` holds the values that file gave, so that a later import can tell a value
    the explorer edited (kept) from one the file changed (updated).
    """

    __tablename__ = "person_sources"
    __table_args__ = (UniqueConstraint("person_id", "source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("imports.id", ondelete="SET NULL"), index=True
    )
    source: Mapped[ContactSource] = mapped_column(_choice(ContactSource, "contact_source"))
    file_name: Mapped[str] = mapped_column(String(500))
    line: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    fields: Mapped[dict[str, Any]]


class Event(Owned, Base):
    """One line of the append-only timeline: what happened, to whom, when.

    Rows are only ever inserted; deleting a person keeps their events, unlinked.
    """

    __tablename__ = "events"
    __table_args__ = (
        Index(None, "owner_id", "occurred_at"),
        Index(None, "person_id", "occurred_at"),
        Index(None, "conversation_id", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(50))
    summary: Mapped[str] = mapped_column(Text)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL")
    )
    target_id: Mapped[int | None] = mapped_column(
        ForeignKey("targets.id", ondelete="SET NULL"), index=True
    )
    data: Mapped[dict[str, Any] | None]


@orm_events.listens_for(Event, "before_update")
@orm_events.listens_for(Event, "before_delete")
def _events_are_append_only(_mapper: Any, _connection: Any, target: Event) -> None:
    raise TypeError(f"event #{target.id} is part of the append-only timeline; it cannot change")
