"""Deliver a message through the user's SMTP server, over STARTTLS or TLS.

The server's certificate is checked against the system's trusted authorities. Plain
SMTP (``security = "none"``) is accepted only for a server on this computer, such as a
local relay, since it would carry the password and the mail in clear.
"""

from __future__ import annotations

import ipaddress
import smtplib
import ssl
from email.message import EmailMessage

from infointerview.config import SmtpSettings
from infointerview.errors import DeliveryFailed, InvalidValue

TIMEOUT = 30.0  # seconds to wait on the server before giving up


def is_local(host: str) -> bool:
    """Say whether ``host`` names this computer (localhost or a loopback address)."""
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def deliver(
    message: EmailMessage,
    settings: SmtpSettings,
    *,
    password: str | None,
    context: ssl.SSLContext | None = None,
    timeout: float = TIMEOUT,
) -> None:
    """Send ``message`` to its To address through the server in ``settings``.

    ``context`` replaces the default TLS context (the system's trusted authorities).

    Raises:
        InvalidValue: for plain SMTP to another computer, or a username without password.
        DeliveryFailed: when the server cannot be reached or refuses the message.
    """
    if settings.security == "none" and not is_local(settings.host):
        raise InvalidValue(
            "[smtp] security in config.toml",
            "'none' would send your password and mail in clear: use starttls or tls "
            "(plain SMTP is only for a server on this computer)",
        )
    if settings.username and password is None:
        raise InvalidValue("password", f"no password is stored for {settings.username}")
    where = f"{settings.host}:{settings.port}"
    tls = context or ssl.create_default_context()
    try:
        client: smtplib.SMTP
        if settings.security == "tls":
            client = smtplib.SMTP_SSL(settings.host, settings.port, timeout=timeout, context=tls)
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=timeout)
        with client:
            client.ehlo()
            if settings.security == "starttls":
                if not client.has_extn("starttls"):
                    raise DeliveryFailed(
                        f"{where} does not offer STARTTLS; nothing was sent (set security = "
                        '"tls" if it takes TLS from the start)'
                    )
                client.starttls(context=tls)
                client.ehlo()
            if settings.username and password is not None:
                client.login(settings.username, password)
            client.send_message(message)
    except smtplib.SMTPAuthenticationError as error:
        raise DeliveryFailed(
            f"{where} refused the login for {settings.username}: {_reply(error)}; "
            "nothing was sent (store the password again: infointerview smtp password)"
        ) from None
    except smtplib.SMTPRecipientsRefused as error:
        refused = ", ".join(sorted(error.recipients))
        raise DeliveryFailed(f"{where} refused the recipient {refused}; nothing was sent") from None
    except smtplib.SMTPResponseException as error:
        raise DeliveryFailed(f"{where} refused the message: {_reply(error)}") from None
    except (smtplib.SMTPException, ssl.SSLError, OSError) as error:
        reason = str(error) or type(error).__name__
        raise DeliveryFailed(f"cannot send through {where}: {reason}; nothing was sent") from None


def _reply(error: smtplib.SMTPResponseException) -> str:
    text = (
        error.smtp_error.decode("utf-8", "replace")
        if isinstance(error.smtp_error, bytes)
        else str(error.smtp_error)
    )
    return f"{error.smtp_code} {' '.join(text.split())}"
