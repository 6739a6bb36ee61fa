"""Meeting mode in the terminal (Textual): the timer, the checklist, notes saved every
second, quick capture, and the wrap-up screen. The work is services.meeting's; this is
only its screen, as the web app's Meeting page is another.

Quick capture is one line, typed and entered:

- ``ref Rosa Quint @ Waypoint +name``: someone else to speak to (``@`` their
  organisation, ``+name``: you may use the referrer's name);
- ``insight ...`` or ``offer ...``: an insight, or an offer of help.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, SelectionList, Static, TextArea

from infointerview.config import load_followup, load_profile
from infointerview.domain.etiquette import Message, check
from infointerview.domain.vocabulary import MessageKind
from infointerview.errors import InfointerviewError, InvalidValue
from infointerview.mail import drafts
from infointerview.services import meeting, outreach
from infointerview.services import prep as prep_service
from infointerview.services.workspace import Store

SAVE_EVERY = 1.0  # seconds: typing lost to a crash is at most this, plus a keystroke


def now() -> datetime:
    """Return the time now, in UTC."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Capture:
    """What a quick-capture line asks for: a referral (``name``, ``organization``,
    ``may_use_name``), or an insight or offer (``text``)."""

    kind: str
    text: str = ""
    name: str = ""
    organization: str | None = None
    may_use_name: bool = False


def parse_capture(line: str) -> Capture:
    """Return what a quick-capture line asks for.

    Raises:
        InvalidValue: for a line that is none of them.
    """
    word, _, rest = line.strip().partition(" ")
    rest = rest.strip()
    if word.lower() in ("ref", "referral"):
        words = rest.split()
        may_use = "+name" in words
        name, _, organization = " ".join(w for w in words if w != "+name").partition("@")
        return Capture(
            "referral",
            name=name.strip(),
            organization=organization.strip() or None,
            may_use_name=may_use,
        )
    if word.lower() in ("insight", "offer"):
        return Capture(word.lower(), text=rest)
    raise InvalidValue(
        "capture", "start with ref (ref Name @ Organisation +name), insight or offer"
    )


class MeetingApp(App[str]):
    """The meeting, held in the terminal."""

    TITLE = "infointerview meet"
    CSS = """
    #clock { padding: 0 1; border: round green; height: 3; }
    #clock.warning { border: round yellow; }
    #clock.over { border: round red; }
    #questions { width: 45%; }
    #notes { height: 1fr; }
    #status { height: 1; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the notes' text area would take any other key for itself.
        Binding("f10", "wrap_up", "Wrap up", priority=True),
        Binding("ctrl+q", "quit", "Leave (the meeting stays open)", priority=True),
    ]

    def __init__(self, store: Store, meeting_id: int) -> None:
        """Hold meeting ``meeting_id`` of ``store``'s database."""
        super().__init__()
        self.store = store
        self.meeting_id = meeting_id
        with store.workspace() as ws:
            self.held = meeting.get(session=ws.session, owner=ws.owner, meeting_id=meeting_id)
            self.sheet = prep_service.sheet(
                session=ws.session, owner=ws.owner, conversation_id=self.held.conversation_id
            )
        self.questions = [q.text for q in self.sheet.questions]
        self.saved_notes = self.held.notes

    def compose(self) -> ComposeResult:
        """Lay the meeting out: timer, checklist beside the notes, capture, status."""
        yield Static(id="clock")
        with Horizontal():
            yield SelectionList[int](
                *[
                    (Text(text), n, text in self.held.asked)
                    for n, text in enumerate(self.questions)
                ],
                id="questions",
            )
            with Vertical():
                yield Label(
                    Text(f"Notes on the meeting with {self.held.person} (saved every second)")
                )
                yield TextArea(self.held.notes, id="notes")
        yield Input(
            placeholder="Capture: ref Name @ Organisation +name | insight ... | offer ...",
            id="capture",
        )
        yield Static("", id="status")
        yield Footer()

    def on_mount(self) -> None:
        """Start the timer and the autosave."""
        self._tick()
        self.set_interval(1.0, self._tick)
        self.set_interval(SAVE_EVERY, self._save_notes)
        self.query_one("#notes", TextArea).focus()

    def _tick(self) -> None:
        clock = meeting.clock(self.held, now())
        left = clock.remaining_seconds
        text = f"{left // 60}:{left % 60:02d} left of {self.held.minutes} minutes"
        if clock.state == "warning":
            text += " - five minutes or less: move to your closing questions"
        if clock.state == "over":
            text = f"Time is up ({self.held.minutes} minutes): thank them and close"
        widget = self.query_one("#clock", Static)
        widget.update(text)
        widget.set_classes(clock.state)

    def _save_notes(self) -> None:
        text = self.query_one("#notes", TextArea).text
        if text == self.saved_notes:
            return
        try:
            with self.store.workspace() as ws:
                meeting.save_notes(
                    session=ws.session, owner=ws.owner, meeting_id=self.meeting_id, text=text
                )
        except InfointerviewError as refused:
            self._say(f"Notes not saved: {refused}")
            return
        self.saved_notes = text
        self._say(f"Notes saved at {now():%H:%M:%S} UTC")

    def _say(self, text: str) -> None:
        """Show ``text`` on the status line, as it is (never read as markup)."""
        self.query_one("#status", Static).update(Text(text))

    async def action_quit(self) -> None:
        """Save the notes, then leave; the meeting stays open for `meet` to resume."""
        self._save_notes()
        self.exit()

    def on_selection_list_selection_toggled(
        self, event: SelectionList.SelectionToggled[int]
    ) -> None:
        """Save a question ticked or unticked."""
        question = self.questions[int(event.selection.value)]
        asked = event.selection.value in event.selection_list.selected
        try:
            with self.store.workspace() as ws:
                meeting.tick(
                    session=ws.session,
                    owner=ws.owner,
                    meeting_id=self.meeting_id,
                    question=question,
                    asked=asked,
                )
        except InfointerviewError as refused:
            self._say(f"Not saved: {refused}")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Capture what the line says, at once."""
        if event.input.id != "capture":
            return
        try:
            asked = parse_capture(event.value)
            with self.store.workspace() as ws:
                if asked.kind == "referral":
                    made = meeting.capture_referral(
                        session=ws.session,
                        owner=ws.owner,
                        meeting_id=self.meeting_id,
                        name=asked.name,
                        organization=asked.organization,
                        may_use_name=asked.may_use_name,
                    )
                    said = f"Referral kept: {made.referred}" + (
                        " (may use their name)" if made.may_use_name else ""
                    )
                else:
                    meeting.capture_note(
                        session=ws.session,
                        owner=ws.owner,
                        meeting_id=self.meeting_id,
                        kind=asked.kind,
                        text=asked.text,
                    )
                    said = f"{asked.kind.capitalize()} kept"
        except InfointerviewError as refused:
            self._say(f"Not kept: {refused}")
            return
        event.input.value = ""
        self._say(said)

    def action_wrap_up(self) -> None:
        """Save the notes, then show what the wrap-up will record."""
        self._save_notes()
        self.push_screen(WrapUp(self))


class WrapUp(Screen[None]):
    """Everything the wrap-up records, to check before confirming."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "confirm", "Record the meeting"),
        Binding("escape", "app.pop_screen", "Back to the meeting"),
    ]

    def __init__(self, owner_app: MeetingApp) -> None:
        """Show the wrap-up of ``owner_app``'s meeting."""
        super().__init__()
        self.meeting_app = owner_app
        store = owner_app.store
        with store.workspace() as ws:
            held = meeting.get(session=ws.session, owner=ws.owner, meeting_id=owner_app.meeting_id)
            self.captured = meeting.captured(
                session=ws.session, owner=ws.owner, meeting_id=owner_app.meeting_id
            )
            self.who = outreach.correspondent(
                session=ws.session, owner=ws.owner, conversation_id=held.conversation_id
            )
        self.held = held
        self.minutes = meeting.spent_minutes(held, now())
        try:
            self.message = drafts.draft("thank_you", self.who, load_profile(), fill_gaps=True)
        except InvalidValue:
            self.message = Message("Thank you", "")

    def compose(self) -> ComposeResult:
        """Lay out the summary, the length, and the thank-you draft."""
        lines = [f"Wrap up the meeting with {self.held.person}", ""]
        lines.append(f"Notes: {len(self.held.notes.split())} words, kept on the conversation")
        for r in self.captured.referrals:
            lines.append(
                f"Referral: {r.referred}" + (" (may use their name)" if r.may_use_name else "")
            )
        lines += [f"Insight: {text}" for text in self.captured.insights]
        lines += [f"Offer of help: {text}" for text in self.captured.offers]
        result = check(self.message, outreach.etiquette_context(self.who, MessageKind.THANK_YOU))
        lines.append(f"Thank-you check: {result.score}/100, {result.verdict}")
        gaps = drafts.unfilled(self.message.subject, self.message.body)
        if gaps:
            lines.append(f"Fill in {', '.join(gaps)} before sending (set [me] in config.toml).")
        lines.append("Then on Today: the thank-you today, the LinkedIn invitation tomorrow,")
        lines.append("each referral within a week (seeds 002, 003, 004).")
        yield Static(Text("\n".join(lines)), id="summary")
        yield Label("Length in minutes:")
        yield Input(str(self.minutes), id="minutes")
        yield Label(Text(f"Thank-you (kept as a draft): {self.message.subject}"))
        yield TextArea(self.message.body, id="thank-you")
        yield Static("", id="wrap-status")
        yield Footer()

    def action_confirm(self) -> None:
        """Record the meeting as held, with everything shown, and leave."""
        app = self.meeting_app
        body = self.query_one("#thank-you", TextArea).text
        typed = self.query_one("#minutes", Input).value.strip()
        try:
            if not typed.isdigit():
                raise InvalidValue("minutes", f"{typed!r} is not a number of minutes")
            length = int(typed)
            with app.store.workspace() as ws:
                talk = meeting.wrap_up(
                    session=ws.session,
                    owner=ws.owner,
                    meeting_id=app.meeting_id,
                    minutes=length,
                    notes_text=app.saved_notes,
                    thank_you=(self.message.subject, body) if body.strip() else None,
                    settings=load_followup(),
                )
        except InfointerviewError as refused:
            self.query_one("#wrap-status", Static).update(Text(f"Not recorded: {refused}"))
            return
        app.exit(f"Recorded the meeting with {self.held.person} (conversation #{talk}).")
