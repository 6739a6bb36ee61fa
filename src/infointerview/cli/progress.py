"""A progress bar that appears only when work takes longer than a second, on a terminal."""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

DELAY = 1.0


class LazyProgress:
    """Report ``update(done, total)`` calls as a bar on standard error, after ``DELAY`` s.

    Short work shows nothing, and nothing is drawn when standard error is not a terminal.
    """

    def __init__(self, description: str) -> None:
        self.description = description
        self._started = time.monotonic()
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> LazyProgress:
        return self

    def update(self, done: int, total: int | None) -> None:
        """Note that ``done`` of ``total`` (None: unknown yet) items are finished."""
        if self._bar is None:
            if time.monotonic() - self._started < DELAY or not sys.stderr.isatty():
                return
            from rich.console import Console
            from rich.progress import Progress

            self._bar = Progress(console=Console(stderr=True), transient=True)
            self._bar.start()
            self._task = self._bar.add_task(self.description, total=total)
        assert self._task is not None
        self._bar.update(self._task, completed=done, total=total)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()
