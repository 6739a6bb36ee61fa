"""iCalendar (RFC 5545) files: a meeting invitation, and one calendar of every scheduled
meeting and every due follow-up, written with the ``icalendar`` package.

UIDs are stable (a meeting's comes from its conversation, a follow-up's from its rule
and subject), so importing the file again updates the events instead of adding copies.
Times are written in UTC, which every calendar program reads the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from icalendar import Calendar, Event

PRODUCT = "-//infointerview//infointerview//EN"
REMINDER_MINUTES = 30  # the alarm before a meeting


@dataclass(frozen=True, slots=True)
class Attendee:
    """Someone at a meeting: a display name and an email address."""

    name: str
    email: str


@dataclass(frozen=True, slots=True)
class Meeting:
    """An agreed conversation: when (aware), for how long, with whom, about what."""

    uid: str
    start: datetime
    minutes: int
    summary: str
    description: str = ""
    location: str | None = None
    attendee: Attendee | None = None
    sequence: int = 0  # how many times it was moved: a calendar takes the highest


@dataclass(frozen=True, slots=True)
class DayReminder:
    """A follow-up due on a day: an all-day event."""

    uid: str
    day: date
    summary: str
    description: str = ""


def _meeting_event(meeting: Meeting, stamp: datetime, organizer: Attendee | None) -> Event:
    """Return the meeting as a VEVENT; with an ``organizer`` it is an invitation and
    names the attendee (RFC 5545 keeps ATTENDEE out of a published calendar)."""
    from icalendar import Alarm, Event, vCalAddress

    event = Event()
    event.add("uid", meeting.uid)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", meeting.start.astimezone(UTC))
    event.add("duration", timedelta(minutes=meeting.minutes))
    event.add("sequence", meeting.sequence)
    event.add("summary", meeting.summary)
    if meeting.description:
        event.add("description", meeting.description)
    if meeting.location:
        event.add("location", meeting.location)
    if organizer is not None and meeting.attendee is not None:
        for role, who in (("organizer", organizer), ("attendee", meeting.attendee)):
            address = vCalAddress(f"mailto:{who.email}")
            address.params["cn"] = who.name
            event.add(role, address)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", meeting.summary)
    alarm.add("trigger", timedelta(minutes=-REMINDER_MINUTES))
    event.add_component(alarm)
    return event


def _reminder_event(reminder: DayReminder, stamp: datetime) -> Event:
    from icalendar import Event

    event = Event()
    event.add("uid", reminder.uid)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", reminder.day)
    event.add("dtend", reminder.day + timedelta(days=1))
    event.add("summary", reminder.summary)
    if reminder.description:
        event.add("description", reminder.description)
    event.add("transp", "TRANSPARENT")  # a reminder does not make the user busy
    return event


def _calendar(name: str, method: str | None = None) -> Calendar:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    return calendar


def invitation(meeting: Meeting, *, stamp: datetime, organizer: Attendee | None = None) -> bytes:
    """Return one meeting as an .ics file: a REQUEST when organizer and attendee are
    known (mail programs offer to accept it), else a PUBLISH to add to one's calendar."""
    method = "REQUEST" if organizer and meeting.attendee else "PUBLISH"
    calendar = _calendar("infointerview", method)
    calendar.add_component(
        _meeting_event(meeting, stamp, organizer if method == "REQUEST" else None)
    )
    return bytes(calendar.to_ical())


def calendar_file(
    meetings: Iterable[Meeting],
    reminders: Iterable[DayReminder],
    *,
    stamp: datetime,
    name: str = "infointerview",
) -> bytes:
    """Return every meeting and every reminder as one calendar (``METHOD:PUBLISH``)."""
    calendar = _calendar(name, "PUBLISH")
    for meeting in meetings:
        calendar.add_component(_meeting_event(meeting, stamp, None))
    for reminder in reminders:
        calendar.add_component(_reminder_event(reminder, stamp))
    return bytes(calendar.to_ical())
