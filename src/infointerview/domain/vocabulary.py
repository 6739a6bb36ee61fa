"""The fixed vocabularies of the method, each tied to the seed that motivates it."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from infointerview.errors import InvalidValue

E = TypeVar("E", bound=StrEnum)


class HowKnown(StrEnum):
    """How the explorer came to this person (seed 004: known people and referrals first)."""

    KNOWN = "known"
    REFERRED = "referred"
    ALUMNI = "alumni"
    COLD = "cold"


class ContactSource(StrEnum):
    """The contact files people are imported from (seed 003: LinkedIn; seed 004: people known)."""

    LINKEDIN = "linkedin"
    VCARD = "vcard"
    CSV = "csv"


class Channel(StrEnum):
    """How a person prefers to be approached (seed 001: "based on what their preference is")."""

    EMAIL = "email"
    PHONE = "phone"
    VIDEO = "video"
    IN_PERSON = "in_person"
    MAIL = "mail"


class TargetStatus(StrEnum):
    """Where a career path stands in the explorer's decision (seeds 001, 003)."""

    EXPLORING = "exploring"
    PURSUING = "pursuing"
    SET_ASIDE = "set aside"


class ClaimKind(StrEnum):
    """What a line of research on a target is: something read (a claim) or something to
    find out (seed 001: interviews verify what was researched)."""

    CLAIM = "claim"
    QUESTION = "question"


class Verdict(StrEnum):
    """What someone in the field said of a claim (or the answer to a question)."""

    CONFIRMS = "confirms"
    CONTRADICTS = "contradicts"
    REFINES = "refines"
    ANSWERS = "answers"  # for a question


class ConversationState(StrEnum):
    """The life of one informational interview; see ``lifecycle`` for the legal moves."""

    DRAFT = "draft"
    REQUESTED = "requested"
    SCHEDULED = "scheduled"
    HELD = "held"
    THANKED = "thanked"
    CLOSED = "closed"
    DECLINED = "declined"
    NO_RESPONSE = "no_response"


class MessageKind(StrEnum):
    """What a message does in the method (seeds 002 and 004 name the follow-ups)."""

    REQUEST = "request"
    NUDGE = "nudge"
    THANK_YOU = "thank_you"
    REPORT_BACK = "report_back"
    PAY_IT_BACK = "pay_it_back"
    KEEP_IN_TOUCH = "keep_in_touch"
    OTHER = "other"


class MessageStatus(StrEnum):
    """Whether a message is still being written, went out, or came in."""

    DRAFT = "draft"
    SENT = "sent"
    RECEIVED = "received"


def parse_choice(enum: type[E], value: str, *, field: str) -> E:
    """Return the member of ``enum`` named by ``value``, accepting spaces, dashes and case.

    Raises:
        InvalidValue: naming ``field`` and the accepted values.
    """
    wanted = "_".join(value.strip().casefold().replace("-", " ").replace("_", " ").split())
    for member in enum:
        if wanted in (member.value, member.value.replace(" ", "_")):
            return member
    choices = ", ".join(member.value for member in enum)
    raise InvalidValue(field, f"{value!r} is not one of: {choices}")
