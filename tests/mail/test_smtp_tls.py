"""Delivery over STARTTLS and TLS to a real SMTP server on loopback (aiosmtpd), its
certificate issued by a test authority (trustme) that the client is told to trust."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from datetime import UTC, datetime
from email import message_from_bytes, policy
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from infointerview.config import SmtpSettings
from infointerview.errors import DeliveryFailed
from infointerview.mail.compose import Party, compose
from infointerview.mail.smtp import deliver
from tests.serving import free_port


class Inbox:
    """The mails the server took, as bytes."""

    def __init__(self) -> None:
        self.mails: list[bytes] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        assert isinstance(envelope.content, bytes)
        self.mails.append(envelope.content)
        return "250 OK"


@pytest.fixture(scope="module")
def authority() -> trustme.CA:
    return trustme.CA()


def _server_context(authority: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    return context


def _client_context(authority: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context()
    authority.configure_trust(context)
    return context


@pytest.fixture
def starttls_server(authority: trustme.CA) -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    server = Controller(
        inbox,
        hostname="127.0.0.1",
        port=free_port(),
        tls_context=_server_context(authority),
        require_starttls=True,
    )
    server.start()
    try:
        yield inbox, server.port
    finally:
        server.stop()


@pytest.fixture
def tls_server(authority: trustme.CA) -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    server = Controller(
        inbox, hostname="127.0.0.1", port=free_port(), ssl_context=_server_context(authority)
    )
    server.start()
    try:
        yield inbox, server.port
    finally:
        server.stop()


def _mail() -> Any:
    return compose(
        sender=Party("José Núñez", "jose@example.org"),
        to=Party("Zoë Lee", "zoe@example.com"),
        subject="Zoë, your advice?",
        body="Dear Zoë,\nWould you have 20 minutes?\n",
        at=datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
    )


def test_starttls_delivers_to_a_trusted_server(
    starttls_server: tuple[Inbox, int], authority: trustme.CA
) -> None:
    inbox, port = starttls_server
    settings = SmtpSettings(host="127.0.0.1", port=port, security="starttls")
    deliver(_mail(), settings, password=None, context=_client_context(authority))
    [raw] = inbox.mails
    assert message_from_bytes(raw, policy=policy.default)["Subject"] == "Zoë, your advice?"


def test_tls_delivers_to_a_trusted_server(
    tls_server: tuple[Inbox, int], authority: trustme.CA
) -> None:
    inbox, port = tls_server
    settings = SmtpSettings(host="127.0.0.1", port=port, security="tls")
    deliver(_mail(), settings, password=None, context=_client_context(authority))
    [raw] = inbox.mails
    assert str(message_from_bytes(raw, policy=policy.default)["To"]) == "Zoë Lee <zoe@example.com>"


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_an_untrusted_certificate_is_refused_and_nothing_is_sent(
    starttls_server: tuple[Inbox, int], tls_server: tuple[Inbox, int], security: str
) -> None:
    inbox, port = starttls_server if security == "starttls" else tls_server
    settings = SmtpSettings(host="127.0.0.1", port=port, security=security)
    with pytest.raises(DeliveryFailed, match="CERTIFICATE_VERIFY_FAILED"):
        deliver(_mail(), settings, password=None, timeout=10)
    assert inbox.mails == []


def test_a_server_without_starttls_is_not_sent_to_in_clear() -> None:
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=free_port())
    server.start()
    try:
        settings = SmtpSettings(host="127.0.0.1", port=server.port, security="starttls")
        with pytest.raises(DeliveryFailed, match="does not offer STARTTLS"):
            deliver(_mail(), settings, password=None, timeout=10)
    finally:
        server.stop()
    assert inbox.mails == []
