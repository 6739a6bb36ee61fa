"""`infointerview meet` run as a user runs it, in a real terminal (tmux): the prep sheet,
meeting mode with its timer, two referrals captured, the wrap-up; and a kill -9 in the
middle of typing loses at most the last two seconds."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from infointerview.domain.vocabulary import ConversationState
from infointerview.services import conversations, meeting, people
from infointerview.services.workspace import open_workspace
from infointerview.store.models import Meeting, Task

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None and not os.environ.get("INFOINTERVIEW_REQUIRE_TMUX"),
    reason="tmux is not installed (INFOINTERVIEW_REQUIRE_TMUX=1 makes this a failure)",
)


class Terminal:
    """One tmux server of the test's own, with one window running a command."""

    def __init__(self, socket: str) -> None:
        """Drive the tmux server listening on ``socket``."""
        self.socket = socket

    def tmux(self, *args: str) -> str:
        """Run a tmux command on this server and return what it printed."""
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        )
        return done.stdout

    def start(self, command: str) -> None:
        """Run ``command`` in a new 140x45 window."""
        self.tmux("new-session", "-d", "-s", "t", "-x", "140", "-y", "45", command)
        # A detached session may keep tmux's default size: make it wide enough to read.
        self.tmux("resize-window", "-t", "t", "-x", "140", "-y", "45")

    def keys(self, *keys: str) -> None:
        """Type ``keys`` (tmux key names, or text with -l)."""
        self.tmux("send-keys", "-t", "t", *keys)

    def type(self, text: str) -> None:
        """Type ``text`` literally."""
        self.tmux("send-keys", "-t", "t", "-l", text)

    def screen(self) -> str:
        """Return what the window shows."""
        return self.tmux("capture-pane", "-p", "-t", "t")

    def wait_for(self, text: str, timeout: float = 30) -> str:
        """Wait until the window shows ``text``; return the screen."""
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen:\n{shown}")

    def pid(self) -> int:
        """Return the process id of the window's command."""
        return int(self.tmux("list-panes", "-t", "t", "-F", "#{pane_pid}").split()[0])


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    """A tmux server of the test's own, killed afterwards."""
    socket = f"infointerview-{uuid.uuid4().hex[:8]}"
    term = Terminal(socket)
    yield term
    subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True, check=False)


Run = Callable[..., subprocess.CompletedProcess[str]]
Demo = tuple[dict[str, str], Run]


@pytest.fixture
def demo(tmp_path: Path) -> Demo:
    """A data folder holding the demo network, and a runner of the CLI on it."""
    env = {**os.environ, "INFOINTERVIEW_HOME": str(tmp_path / "home"), "TZ": "UTC"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "infointerview", *args],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )

    run("demo")
    return env, run


def _grace(run: Run) -> int:
    talks = json.loads(run("conversation", "list", "--json").stdout)
    [talk] = [t for t in talks if t["person"] == "Grace Mwangi"]
    return int(talk["id"])


def _command(env: dict[str, str], *args: str) -> str:
    exports = f"INFOINTERVIEW_HOME='{env['INFOINTERVIEW_HOME']}' TZ=UTC TERM=xterm-256color"
    return f"exec env {exports} '{sys.executable}' -m infointerview {' '.join(args)}"


def test_a_meeting_end_to_end_in_the_terminal(terminal: Terminal, demo: Demo) -> None:
    env, run = demo
    talk = _grace(run)
    sheet = run("prep", str(talk)).stdout
    assert "## Agenda (30 minutes)" in sheet
    assert "- **27–30 min** Closing: ask for another contact" in sheet

    # Not exec'd: the shell then sleeps, and the window keeps what `meet` printed last.
    terminal.start(_command(env, "meet", str(talk)).removeprefix("exec ") + "; sleep 30")
    terminal.wait_for("left of 30 minutes")
    terminal.wait_for("What is the current state")
    terminal.type("Consulting means shorter projects.")
    terminal.wait_for("Notes saved at")
    terminal.keys("Tab")
    for line, kept in (
        ("ref Rosa Quint @ Waypoint Learning Partners +name", "Rosa Quint"),
        ("ref Sami Okoro", "Sami Okoro"),
    ):
        terminal.type(line)
        terminal.keys("Enter")
        terminal.wait_for(f"Referral kept: {kept}")
    terminal.type("insight Rates are [/b] by the project")  # brackets are text, not markup
    terminal.keys("Enter")
    terminal.wait_for("Insight kept")
    terminal.keys("F10")
    wrap = terminal.wait_for("Wrap up the meeting with Grace Mwangi")
    assert "Referral: Rosa Quint (may use their name)" in wrap
    assert "Referral: Sami Okoro" in wrap
    assert "Insight: Rates are [/b] by the project" in wrap
    assert "Thank-you check" in wrap
    terminal.keys("C-s")
    terminal.wait_for("Recorded the meeting with Grace Mwangi")

    with open_workspace(str(Path(env["INFOINTERVIEW_HOME"]) / "infointerview.db")) as ws:
        detail = conversations.get_conversation(
            session=ws.session, owner=ws.owner, conversation_id=talk
        )
        assert detail.conversation.state is ConversationState.HELD
        assert [m.kind.value for m in detail.messages if m.status.value == "draft"] == ["thank_you"]
        assert "Meeting notes: Consulting means shorter projects." in [n.body for n in detail.notes]
        grace = people.get_person(
            session=ws.session, owner=ws.owner, person_id=detail.conversation.person_id
        )
        assert {r.referred for r in grace.referred_to} >= {"Rosa Quint", "Sami Okoro"}
        kinds = {t.kind for t in ws.session.query(Task).filter(Task.conversation_id == talk)}
        assert "thank_you" in kinds


def test_a_kill_mid_meeting_loses_at_most_the_last_two_seconds(
    terminal: Terminal,
    demo: Demo,
) -> None:
    env, run = demo
    talk = _grace(run)
    # Not exec'd: the shell then sleeps, and the window keeps what `meet` printed last.
    terminal.start(_command(env, "meet", str(talk)).removeprefix("exec ") + "; sleep 30")
    terminal.wait_for("left of 30 minutes")
    terminal.type("Rates are by the project; ask Elena.")
    time.sleep(2.0)  # two seconds after the last keystroke
    terminal.type(" And")  # typed just before the kill: may be lost
    os.kill(terminal.pid(), signal.SIGKILL)
    db = str(Path(env["INFOINTERVIEW_HOME"]) / "infointerview.db")
    with open_workspace(db) as ws:
        [row] = ws.session.query(Meeting).filter(Meeting.conversation_id == talk).all()
        assert row.notes.startswith("Rates are by the project; ask Elena.")
        assert row.ended_at is None
        again = meeting.start(session=ws.session, owner=ws.owner, conversation_id=talk)
        assert again.id == row.id  # `meet` again picks the meeting up where it was
