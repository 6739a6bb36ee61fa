"""An outreach message as RFC 5322 mail (an .eml any mail client opens) or a mailto: link.

Names, addresses and the subject go into headers, so a line break in one could add a
header of its own (a hidden Bcc): such values are refused, naming the field, rather
than cleaned. Non-ASCII names and subjects are encoded as RFC 2047 words and the body
as UTF-8, by the standard library's ``email`` package.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import TYPE_CHECKING
from urllib.parse import quote

from infointerview.domain import validation
from infointerview.errors import InvalidValue

if TYPE_CHECKING:
    from infointerview.config import Profile
    from infointerview.domain.records import Correspondent

_BREAKS = ("\r", "\n", "\x00", "\u2028", "\u2029", "\x85")


@dataclass(frozen=True, slots=True)
class Party:
    """Someone a message is from or to: a display name (may be empty) and an address."""

    name: str
    address: str


def compose(
    *, sender: Party | None, to: Party, subject: str, body: str, at: datetime, unsent: bool = False
) -> EmailMessage:
    """Return the message as RFC 5322 mail, dated ``at`` (an aware datetime).

    Without a ``sender`` there is no From header: the mail program that opens the file
    fills in the user's account. ``unsent`` marks a file to open as a message still to be
    sent (``X-Unsent: 1``, which Outlook and others honour) rather than one received.

    Raises:
        InvalidValue: for an address that is not one, or a line break in a header value.
    """
    message = EmailMessage()
    if sender is not None:
        message["From"] = _address(sender, field="from")
    message["To"] = _address(to, field="to")
    message["Subject"] = _header(subject, field="subject")
    message["Date"] = format_datetime(at)
    domain = (sender or to).address.rpartition("@")[2]
    message["Message-ID"] = make_msgid(domain=domain)
    if unsent:
        message["X-Unsent"] = "1"
    # Quoted-printable keeps the mail 7-bit, for servers that do not take 8-bit bodies.
    message.set_content(body.replace("\r\n", "\n"), cte="quoted-printable")
    return message


def to_correspondent(
    who: Correspondent, me: Profile, *, subject: str, body: str, at: datetime, smtp: bool
) -> EmailMessage:
    """Return a message to ``who`` from ``me`` (config's [me]): for SMTP, or as an .eml
    file to open and send, which may go without a From (the mail program fills it in).

    Raises:
        InvalidValue: naming what to set when an address is missing.
    """
    if smtp and not me.email:
        raise InvalidValue(
            "[me] email in config.toml", 'is not set: mail by SMTP is sent from it (email = "...")'
        )
    return compose(
        sender=Party(me.name or "", me.email) if me.email else None,
        to=Party(who.full_name, recipient(who)),
        subject=subject,
        body=body,
        at=at,
        unsent=not smtp,
    )


def recipient(who: Correspondent) -> str:
    """Return the address a message to ``who`` goes to: their first.

    Raises:
        InvalidValue: when they have none, saying how to add one.
    """
    if not who.email:
        raise InvalidValue(
            "email",
            f"{who.full_name} has no email address (add one: infointerview person edit "
            f"{who.conversation.person_id} --email ADDRESS)",
        )
    return who.email


def mailto(*, to: str, subject: str, body: str) -> str:
    """Return a mailto: link (RFC 6068) that opens the message in the user's mail program.

    Raises:
        InvalidValue: for an address that is not one, or a line break in the subject.
    """
    address = validation.email(_header(to, field="to"), field="to")
    lines = "\r\n".join(body.replace("\r\n", "\n").split("\n"))  # RFC 6068: CRLF breaks
    subject_part = quote(_header(subject, field="subject"), safe="")
    return f"mailto:{quote(address, safe='@')}?subject={subject_part}&body={quote(lines, safe='')}"


def _header(value: str, *, field: str) -> str:
    if any(mark in value for mark in _BREAKS):
        raise InvalidValue(field, "holds a line break, which would let it add mail headers")
    return value.strip()


def _address(party: Party, *, field: str) -> Address:
    address = validation.email(_header(party.address, field=field), field=field)
    local, _, domain = address.rpartition("@")
    try:
        return Address(
            display_name=_header(party.name, field=f"{field} name"), username=local, domain=domain
        )
    except (ValueError, IndexError) as error:
        raise InvalidValue(
            field, f"{address!r} is not an address mail can carry ({error})"
        ) from None
