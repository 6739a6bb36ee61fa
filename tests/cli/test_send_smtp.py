"""`infointerview send --smtp`: a draft delivered to a real SMTP server on loopback
(aiosmtpd), with the password from an in-memory keyring; no other host is contacted."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, Any

import keyring
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from keyring.backend import KeyringBackend

from tests.cli.helpers import assert_one_error
from tests.cli.test_outreach_cli import ME
from tests.serving import free_port

if TYPE_CHECKING:
    from tests.cli.conftest import Cli, Result

LOGIN = ("user@example.org", "s3cret")
LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass
class Inbox:
    """What the server took: each mail's envelope and bytes, and each login tried."""

    mails: list[tuple[str, list[str], bytes]] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        assert isinstance(envelope.content, bytes)
        self.mails.append((str(envelope.mail_from), list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"

    def authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        assert isinstance(data, LoginPassword)
        tried = (data.login.decode(), data.password.decode())
        self.logins.append(tried)
        # handled=False: aiosmtpd answers a refusal with 535 (else it says nothing)
        return AuthResult(success=tried == LOGIN, handled=False)


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps passwords in a dict, so no test reaches the OS keyring."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that would open a connection to a host other than this computer."""
    connect = socket.create_connection

    def guarded(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        assert address[0] in LOOPBACK, f"a test tried to contact {address[0]}"
        return connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)


@pytest.fixture
def keychain() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    try:
        yield memory
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    """A running SMTP server on 127.0.0.1 that takes a plain-text login; its port."""
    received = Inbox()
    server = Controller(
        received,
        hostname="127.0.0.1",
        port=free_port(),
        server_hostname="localhost",
        authenticator=received.authenticate,
        auth_require_tls=False,
    )
    server.start()
    try:
        yield received, server.port
    finally:
        server.stop()


def configure(home: Path, smtp: str) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(f"{ME}\n[smtp]\n{smtp}", encoding="utf-8")


def local(port: int, *extra: str) -> str:
    return "\n".join(('host = "127.0.0.1"', f"port = {port}", 'security = "none"', *extra)) + "\n"


def ok(result: Result) -> Result:
    assert result.code == 0, result.output
    return result


@pytest.fixture
def draft(cli: Cli, migrated: Path, home: Path) -> dict[str, Any]:
    """A request to Zoë Lee about a target with a non-ASCII role, kept as a draft."""
    configure(home, local(free_port()))
    ok(cli("person", "add", "Zoë Lee", "--email", "zoe@example.com", "--org", "Café Lumière"))
    ok(cli("target", "add", "Café Owner"))
    made = ok(cli("draft", "request", "Zoë Lee", "--target", "Café Owner", "--json"))
    message: dict[str, Any] = made.json["message"]
    return message


def states(cli: Cli, message: dict[str, Any]) -> tuple[str, str]:
    """Return the message's status and its conversation's state."""
    detail = ok(cli("conversation", "show", str(message["conversation_id"]), "--json")).json
    [stored] = [m for m in detail["messages"] if m["id"] == message["id"]]
    return stored["status"], detail["conversation"]["state"]


def test_a_draft_goes_out_encoded_and_is_then_sent(
    cli: Cli, home: Path, draft: dict[str, Any], inbox: tuple[Inbox, int]
) -> None:
    server, port = inbox
    configure(home, local(port))
    result = ok(cli("send", str(draft["id"]), "--smtp", "--yes"))
    assert "is sent; conversation" in result.out
    assert result.out.endswith("with Zoë Lee is requested.\n")
    [(mail_from, rcpt_tos, data)] = server.mails
    assert (mail_from, rcpt_tos) == ("jose@example.org", ["zoe@example.com"])
    assert server.logins == []
    mail = message_from_bytes(data, policy=policy.default)
    assert isinstance(mail, EmailMessage)
    assert str(mail["From"]) == "José Núñez <jose@example.org>"
    assert str(mail["To"]) == "Zoë Lee <zoe@example.com>"
    assert str(mail["Subject"]) == "Your advice on the Café Owner path?"
    assert "X-Unsent" not in mail
    assert mail["Content-Transfer-Encoding"] == "quoted-printable"
    assert mail.get_content_charset() == "utf-8"
    assert mail.get_content().replace("\r\n", "\n") == draft["body"] + "\n"  # CRLF on the wire
    assert states(cli, draft) == ("sent", "requested")


def test_answering_no_sends_nothing_and_keeps_the_draft(
    cli: Cli, home: Path, draft: dict[str, Any], inbox: tuple[Inbox, int]
) -> None:
    server, port = inbox
    configure(home, local(port))
    result = cli("send", str(draft["id"]), "--smtp", stdin="n\n")
    assert result.code == 1, result.output
    assert "Subject: Your advice on the Café Owner path?" in result.out
    assert "Send this through 127.0.0.1?" in result.out
    assert result.err == "Not sent; the draft is kept.\n"
    assert server.mails == []
    assert states(cli, draft) == ("draft", "draft")


def test_answering_yes_sends_it(
    cli: Cli, home: Path, draft: dict[str, Any], inbox: tuple[Inbox, int]
) -> None:
    server, port = inbox
    configure(home, local(port))
    ok(cli("send", str(draft["id"]), "--smtp", stdin="y\n"))
    assert len(server.mails) == 1
    assert states(cli, draft) == ("sent", "requested")


def test_a_sent_message_is_not_sent_twice(
    cli: Cli, home: Path, draft: dict[str, Any], inbox: tuple[Inbox, int]
) -> None:
    server, port = inbox
    configure(home, local(port))
    ok(cli("send", str(draft["id"]), "--smtp", "--yes"))
    assert_one_error(cli("send", str(draft["id"]), "--smtp", "--yes"), "was already sent")
    assert len(server.mails) == 1


def test_the_stored_password_logs_in(
    cli: Cli,
    home: Path,
    draft: dict[str, Any],
    inbox: tuple[Inbox, int],
    keychain: MemoryKeyring,
) -> None:
    server, port = inbox
    configure(home, local(port, 'username = "user@example.org"'))
    stored = ok(cli("smtp", "password", "--stdin", stdin="s3cret\n"))
    assert (
        stored.out == "Stored the password for user@example.org at 127.0.0.1 in the OS keyring.\n"
    )
    assert keychain.passwords == {("infointerview-smtp", "user@example.org@127.0.0.1"): "s3cret"}
    ok(cli("send", str(draft["id"]), "--smtp", "--yes"))
    assert server.logins == [LOGIN]
    assert len(server.mails) == 1
    assert states(cli, draft) == ("sent", "requested")


def test_a_wrong_password_is_refused_and_keeps_the_draft(
    cli: Cli,
    home: Path,
    draft: dict[str, Any],
    inbox: tuple[Inbox, int],
    keychain: MemoryKeyring,
) -> None:
    server, port = inbox
    configure(home, local(port, 'username = "user@example.org"'))
    ok(cli("smtp", "password", "--stdin", stdin="wrong\n"))
    result = cli("send", str(draft["id"]), "--smtp", "--yes")
    assert result.code == 1, result.output
    [line] = result.err.splitlines()
    assert line.startswith(f"infointerview: error: 127.0.0.1:{port} refused the login for ")
    assert "user@example.org: 535" in line
    assert "infointerview smtp password" in line
    assert ("user@example.org", "wrong") in server.logins
    assert server.mails == []
    assert states(cli, draft) == ("draft", "draft")


def test_no_stored_password_says_to_store_one(
    cli: Cli,
    home: Path,
    draft: dict[str, Any],
    inbox: tuple[Inbox, int],
    keychain: MemoryKeyring,
) -> None:
    server, port = inbox
    configure(home, local(port, 'username = "user@example.org"'))
    assert_one_error(
        cli("send", str(draft["id"]), "--smtp", "--yes"),
        "password: none is stored for user@example.org at 127.0.0.1",
        "run `infointerview smtp password` first",
    )
    assert (server.mails, server.logins) == ([], [])
    assert states(cli, draft) == ("draft", "draft")


def test_an_empty_password_is_not_stored(
    cli: Cli, home: Path, migrated: Path, keychain: MemoryKeyring
) -> None:
    configure(home, local(free_port(), 'username = "user@example.org"'))
    assert_one_error(cli("smtp", "password", "--stdin", stdin="\n"), "password: is empty")
    assert keychain.passwords == {}


def test_a_password_needs_a_username(cli: Cli, home: Path, keychain: MemoryKeyring) -> None:
    configure(home, local(free_port()))
    assert_one_error(
        cli("smtp", "password", "--stdin", stdin="s3cret\n"), "[smtp] username in config.toml"
    )
    assert keychain.passwords == {}


def test_a_server_that_is_down_leaves_the_draft(
    cli: Cli, home: Path, draft: dict[str, Any]
) -> None:
    port = free_port()
    configure(home, local(port))
    result = cli("send", str(draft["id"]), "--smtp", "--yes")
    assert result.code == 1, result.output
    [line] = result.err.splitlines()
    assert line.startswith(f"infointerview: error: cannot send through 127.0.0.1:{port}: ")
    assert line.endswith("; nothing was sent")
    assert states(cli, draft) == ("draft", "draft")


def test_plain_smtp_to_another_computer_is_refused_before_connecting(
    cli: Cli, home: Path, draft: dict[str, Any]
) -> None:
    configure(home, 'host = "smtp.example.org"\nport = 25\nsecurity = "none"\n')
    assert_one_error(
        cli("send", str(draft["id"]), "--smtp", "--yes"),
        "[smtp] security in config.toml: 'none' would send your password and mail in clear",
    )
    assert states(cli, draft) == ("draft", "draft")


def test_no_smtp_table_says_what_to_add(cli: Cli, home: Path, draft: dict[str, Any]) -> None:
    (home / "config.toml").write_text(ME, encoding="utf-8")
    assert_one_error(
        cli("send", str(draft["id"]), "--smtp", "--yes"), "[smtp] in config.toml: is not set"
    )


def test_smtp_needs_my_address(
    cli: Cli, home: Path, draft: dict[str, Any], inbox: tuple[Inbox, int]
) -> None:
    server, port = inbox
    (home / "config.toml").write_text(
        ME.replace('email = "jose@example.org"\n', "") + "\n[smtp]\n" + local(port),
        encoding="utf-8",
    )
    assert_one_error(
        cli("send", str(draft["id"]), "--smtp", "--yes"), "[me] email in config.toml: is not set"
    )
    assert server.mails == []
    assert states(cli, draft) == ("draft", "draft")
