"""The user's time zone: the one the config names, else this computer's."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo

from infointerview.config import FollowupSettings, load_followup


def zone(settings: FollowupSettings) -> tzinfo:
    """Return the user's time zone: the configured one, else this computer's."""
    from zoneinfo import ZoneInfo

    if settings.timezone:
        return ZoneInfo(settings.timezone)
    return local_zone()


def local_zone() -> tzinfo:
    """Return this computer's time zone, as an IANA zone where the system names one."""
    import os
    from pathlib import Path
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    named = os.environ.get("TZ", "").lstrip(":")
    if not named:
        try:
            target = str(Path("/etc/localtime").resolve())
        except OSError:
            target = ""
        named = target.partition("/zoneinfo/")[2]
    if named:
        try:
            return ZoneInfo(named)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return datetime.now().astimezone().tzinfo or ZoneInfo("UTC")


def local_today(now: datetime | None = None, settings: FollowupSettings | None = None) -> date:
    """Return the user's date at ``now`` (default: this moment) in their time zone."""
    moment = now or datetime.now(UTC)
    return moment.astimezone(zone(settings or load_followup())).date()
