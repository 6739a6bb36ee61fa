"""The progress bar long imports show: only on a terminal, only after a second."""

from __future__ import annotations

import io

import pytest

from infointerview.cli import progress
from infointerview.cli.progress import LazyProgress


class Terminal(io.StringIO):
    """Standard error as a terminal would be."""

    def isatty(self) -> bool:
        return True


def test_short_work_shows_no_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    stderr = Terminal()
    monkeypatch.setattr("sys.stderr", stderr)
    with LazyProgress("Importing") as bar:
        bar.update(500, None)
    assert stderr.getvalue() == ""


def test_work_past_the_delay_shows_a_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    stderr = Terminal()
    monkeypatch.setattr("sys.stderr", stderr)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    with LazyProgress("Importing Connections.csv") as bar:
        bar.update(500, None)
        bar.update(1000, 2000)
    assert "Importing Connections.csv" in stderr.getvalue()


def test_no_bar_when_standard_error_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    stderr = io.StringIO()
    monkeypatch.setattr("sys.stderr", stderr)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    with LazyProgress("Importing") as bar:
        bar.update(1000, 2000)
    assert stderr.getvalue() == ""
