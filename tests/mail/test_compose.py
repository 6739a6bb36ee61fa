"""Composing outreach as RFC 5322 mail and mailto: links, header injection refused."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from infointerview.errors import InvalidValue
from infointerview.mail.compose import Party, compose, mailto

AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
MAYA = Party("Maya Chen", "maya@example.com")
ZOE = Party("Zoë Lefèvre", "zoe@example.org")
BODY = "Dear Zoë,\n\nWould you have 20 minutes?\n\nMaya — thank you\n"


def test_a_message_parses_back_with_its_headers_body_and_encoding() -> None:
    sent = compose(sender=MAYA, to=ZOE, subject="Conseil sur la recherche UX ?", body=BODY, at=AT)
    raw = bytes(sent)
    assert raw.isascii()  # non-ASCII travels encoded
    back = message_from_bytes(raw, policy=policy.default)
    assert isinstance(back, EmailMessage)
    assert str(back["To"]) == "Zoë Lefèvre <zoe@example.org>"
    assert str(back["Subject"]) == "Conseil sur la recherche UX ?"
    assert back["Date"].datetime == AT
    assert back["Message-ID"].endswith("@example.com>")
    assert back.get_content() == BODY
    assert back.get_content_charset() == "utf-8"


@pytest.mark.parametrize(
    ("sender", "to", "subject", "field"),
    [
        (MAYA, ZOE, "Hi\r\nBcc: all@example.com", "subject"),
        (MAYA, ZOE, "Hi\nthere", "subject"),
        (Party("Maya\r\nBcc: x@example.com", "maya@example.com"), ZOE, "Hi", "from name"),
        (MAYA, Party("Zoë", "zoe@example.org\nBcc: x@example.com"), "Hi", "to"),
        (MAYA, Party("Zoë", "not an address"), "Hi", "to"),
        (Party("Maya", "maya@"), ZOE, "Hi", "from"),
    ],
)
def test_line_breaks_and_bad_addresses_are_refused_naming_the_field(
    sender: Party, to: Party, subject: str, field: str
) -> None:
    with pytest.raises(InvalidValue, match=f"^{field}: "):
        compose(sender=sender, to=to, subject=subject, body=BODY, at=AT)


def test_a_mailto_link_carries_subject_and_body_percent_encoded() -> None:
    link = mailto(to="zoe@example.org", subject="Advice & insights?", body=BODY)
    parts = urlsplit(link)
    assert (parts.scheme, unquote(parts.path)) == ("mailto", "zoe@example.org")
    assert " " not in link
    assert "\n" not in link
    query = parse_qs(parts.query)
    assert query["subject"] == ["Advice & insights?"]
    assert query["body"] == [BODY.replace("\n", "\r\n")]


def test_a_mailto_link_refuses_injection() -> None:
    with pytest.raises(InvalidValue, match="^subject: "):
        mailto(to="zoe@example.org", subject="Hi\r\nCc: x@example.com", body="")
    with pytest.raises(InvalidValue, match="^to: "):
        mailto(to="zoe@example.org?cc=x@example.com", subject="Hi", body="")
