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
from infointerview.io.text import decode

_HEADER = re.compile(r"^[A-Za-z][A-Za-z0-9-]*:")
_MAIL_HEADERS = frozenset(
    {"from", "to", "cc", "date", "message-id", "mime-version", "content-type", "reply-to"}
)


def read(data: bytes, *, name: str, encoding: str | None = None) -> Message:
    """Return the subject and body of a file's bytes: mail is parsed from its bytes, so
    its declared charset decodes it; plain text is decoded as ``io.text.decode`` does.

    Raises:
        FileRefused: for an empty, binary or undecodable file, or unreadable mail.
    """
    text = decode(data, name=name, encoding=encoding)
    if _is_mail(text.replace("\r\n", "\n")):
        return _mail(data, name=name)
    return parse(text, name=name)


def parse(text: str, *, name: str) -> Message:
    """Return the subject and body ``text`` holds.

    Raises:
        FileRefused: for an empty text, or a mail with no plain-text part.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise FileRefused(name, "holds no message to check")
    if _is_mail(text):
        return _mail(text.encode("utf-8", "surrogateescape"), name=name)
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


def _mail(data: bytes, *, name: str) -> Message:
    try:
        parsed = email.message_from_bytes(data, policy=policy.default)
        assert isinstance(parsed, EmailMessage)  # policy.default makes EmailMessage
        subject = str(parsed.get("subject", "") or "")
        part = parsed.get_body(preferencelist=("plain",))
        if part is None:
            raise FileRefused(name, "has no plain-text part to check (only HTML or attachments)")
        if part.get_content_charset() is None:
            # No charset said: read as a plain file is (UTF-8, else Windows-1252...),
            # where the standard library would take the text for ASCII.
            raw = part.get_payload(decode=True)
            raw = raw if isinstance(raw, bytes) else b""
            body = decode(raw, name=name) if raw.strip() else ""
        else:
            body = str(part.get_content())
    except FileRefused:
        raise
    except Exception as error:  # noqa: BLE001 - hostile mail breaks the parser many ways
        raise FileRefused(name, f"is not mail that can be read ({type(error).__name__})") from None
    return Message(" ".join(subject.split()), body.replace("\r\n", "\n"))
