"""A message to check, read from an .eml file or from plain text.

Plain text may start with a ``Subject: ...`` line followed by a blank line; a file whose
first lines are mail headers (From, To, Date, MIME-Version, Content-Type...) is read as
an RFC 5322 message by the standard library, its plain-text part checked.
"""

from __future__ import annotations

import email
import re
from email import policy
from email.message import EmailMessage

from infointerview.domain.etiquette import Message
from infointerview.errors import FileRefused

_HEADER = re.compile(r"^[A-Za-z][A-Za-z0-9-]*:")
_MAIL_HEADERS = frozenset(
    {"from", "to", "cc", "date", "message-id", "mime-version", "content-type", "reply-to"}
)


def parse(text: str, *, name: str) -> Message:
    """Return the subject and body ``text`` holds.

    Raises:
        FileRefused: for an empty text, or a mail with no plain-text part.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise FileRefused(name, "holds no message to check")
    if _is_mail(text):
        return _mail(text, name=name)
    first, newline, rest = text.partition("\n")
    if first.lower().startswith("subject:"):
        return Message(first[len("subject:") :].strip(), rest.lstrip("\n") if newline else "")
    return Message("", text)


def _is_mail(text: str) -> bool:
    names = []
    for line in text.split("\n", 30)[:30]:
        if not line.strip():
            break
        if _HEADER.match(line):
            names.append(line.split(":", 1)[0].strip().lower())
        elif not line[:1].isspace():  # not a folded header line: this is no header block
            return False
    return bool(_MAIL_HEADERS.intersection(names))


def _mail(text: str, *, name: str) -> Message:
    parsed = email.message_from_string(text, policy=policy.default)
    assert isinstance(parsed, EmailMessage)  # policy.default makes EmailMessage
    subject = str(parsed.get("subject", "") or "")
    part = parsed.get_body(preferencelist=("plain",))
    if part is None:
        raise FileRefused(name, "has no plain-text part to check (only HTML or attachments)")
    try:
        if part.get_content_charset() is None and part.get("content-transfer-encoding") in (
            None,
            "7bit",
            "8bit",
        ):
            # No charset said: the text is as it was read (decoded already, UTF-8 or
            # not), where the standard library would take it for ASCII.
            body = part.get_payload()
        else:
            body = part.get_content()
    except (LookupError, ValueError) as error:
        raise FileRefused(name, f"its text cannot be read: {error}") from None
    return Message(" ".join(subject.split()), str(body).replace("\r\n", "\n"))
