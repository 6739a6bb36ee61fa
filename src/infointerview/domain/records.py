"""What services hand to the front ends: plain, frozen records with no database behind them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from infointerview.domain.vocabulary import (
    Channel,
    ContactSource,
    ConversationState,
    HowKnown,
    MessageKind,
    MessageStatus,
    TargetStatus,
)


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """A contact: someone who could be, or was, asked for advice."""

    id: int
    full_name: str
    given_name: str | None
    family_name: str | None
    organization: str | None
    title: str | None
    location: str | None
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    linkedin_url: str | None
    how_known: HowKnown
    hiring_experience: bool
    preferred_channel: Channel | None
    keep_in_touch: bool
    keep_in_touch_days: int | None  # None: the configured default
    tags: tuple[str, ...]
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class PersonSummary:
    """A person as a list of people shows them: who, where, how known, and their tags."""

    id: int
    full_name: str
    organization: str | None
    title: str | None
    how_known: HowKnown
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OrganizationRecord:
    """An employer or body that people belong to."""

    id: int
    name: str
    industry: str | None
    website: str | None
    people: int


def target_label(role: str, industry: str | None, organization: str | None) -> str:
    """Return how a target is named everywhere: ``role, industry @ organization``."""
    text = role + (f", {industry}" if industry else "")
    return text + (f" @ {organization}" if organization else "")


@dataclass(frozen=True, slots=True)
class TargetRecord:
    """A career path being explored, and where the explorer's decision stands."""

    id: int
    role: str
    industry: str | None
    organization: str | None
    status: TargetStatus
    decision_note: str | None
    conversations: int
    created_at: datetime
    updated_at: datetime

    @property
    def label(self) -> str:
        """Return ``role, industry @ organization`` for lists and messages."""
        return target_label(self.role, self.industry, self.organization)


@dataclass(frozen=True, slots=True)
class ReferralRecord:
    """One person pointing the explorer to another (seed 004)."""

    id: int
    referrer_id: int
    referrer: str
    referred_id: int
    referred: str
    target_id: int | None
    target: str | None
    may_use_name: bool
    referred_on: date
    reported_back_on: date | None


@dataclass(frozen=True, slots=True)
class ConversationRecord:
    """One informational interview with one person."""

    id: int
    person_id: int
    person: str
    target_id: int | None
    target: str | None
    channel: Channel
    state: ConversationState
    requested_minutes: int
    scheduled_at: datetime | None
    held_at: datetime | None
    actual_minutes: int | None
    outcome_summary: str | None
    created_at: datetime
    updated_at: datetime
    next_states: tuple[ConversationState, ...] = ()


@dataclass(frozen=True, slots=True)
class MessageRecord:
    """A request, nudge, thank-you or other message of a conversation."""

    id: int
    conversation_id: int
    kind: MessageKind
    status: MessageStatus
    subject: str
    body: str
    sent_at: datetime | None
    received_at: datetime | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Correspondent:
    """What is known about the person a message of a conversation goes to: enough to
    draft it from a template and to check it against the seeds' etiquette.

    ``exploring`` is the conversation's target role; ``referrer`` who referred the
    explorer to this person (``referrer_known_well``: the explorer knows them, so the
    contact likely does too); ``referred`` whom this person referred the explorer to,
    most recently; ``unanswered`` counts requests and nudges sent since their last reply.
    """

    conversation: ConversationRecord
    full_name: str
    first_name: str
    email: str | None
    how_known: HowKnown
    organization: str | None
    title: str | None
    exploring: str | None
    referrer: str | None
    referrer_known_well: bool
    referred: str | None
    unanswered: int


@dataclass(frozen=True, slots=True)
class NoteRecord:
    """A note on a person, a conversation or a target."""

    id: int
    about: str
    about_id: int
    about_label: str
    body: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class EventRecord:
    """One line of the append-only timeline of what happened to whom."""

    id: int
    occurred_at: datetime
    kind: str
    summary: str
    person_id: int | None
    conversation_id: int | None
    target_id: int | None


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """A contact file a person came from (or was last changed by), and where in it."""

    source: ContactSource
    file_name: str
    line: int
    imported_at: datetime


@dataclass(frozen=True, slots=True)
class PersonDetail:
    """A person with everything the explorer knows about them."""

    person: PersonRecord
    conversations: tuple[ConversationRecord, ...]
    referred_by: tuple[ReferralRecord, ...]
    referred_to: tuple[ReferralRecord, ...]
    notes: tuple[NoteRecord, ...]
    events: tuple[EventRecord, ...]
    sources: tuple[SourceRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class TargetDetail:
    """A career path with its conversations, the people in them, and its notes."""

    target: TargetRecord
    conversations: tuple[ConversationRecord, ...]
    notes: tuple[NoteRecord, ...]


@dataclass(frozen=True, slots=True)
class ConversationDetail:
    """A conversation with its messages, notes and timeline."""

    conversation: ConversationRecord
    messages: tuple[MessageRecord, ...]
    notes: tuple[NoteRecord, ...]
    events: tuple[EventRecord, ...]


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One match of a search: what kind of record, which one, and the text that matched."""

    kind: str
    id: int
    title: str
    matched: str


@dataclass(frozen=True, slots=True)
class Overview:
    """The one-screen summary: pipeline counts, targets, and what happened lately."""

    pipeline: dict[str, int]
    targets: tuple[TargetRecord, ...]
    people: int
    recent: tuple[EventRecord, ...] = field(default_factory=tuple)
