"""The SMTP password in the OS keyring (macOS Keychain, Windows Credential Locker, the
Secret Service on Linux): never in the database or a config file."""

from __future__ import annotations

from infointerview.config import SmtpSettings
from infointerview.errors import DeliveryFailed

SERVICE = "infointerview-smtp"


def _account(settings: SmtpSettings) -> str:
    return f"{settings.username}@{settings.host}"


def get_password(settings: SmtpSettings) -> str | None:
    """Return the stored password for the server's username, or None if none is stored.

    Raises:
        DeliveryFailed: when no OS keyring can be used.
    """
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(SERVICE, _account(settings))
    except KeyringError as error:
        raise DeliveryFailed(f"cannot read the OS keyring: {error}") from None


def set_password(settings: SmtpSettings, password: str) -> None:
    """Store the password for the server's username in the OS keyring.

    Raises:
        DeliveryFailed: when no OS keyring can be used.
    """
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(SERVICE, _account(settings), password)
    except KeyringError as error:
        raise DeliveryFailed(f"cannot write to the OS keyring: {error}") from None
