"""What the browser fixtures and the journeys share: window sizes, and the record of the
errors a page reported to its console."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from playwright.sync_api import ConsoleMessage, Error, ViewportSize

DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}


@dataclass
class BrowserProblems:
    """Console errors and uncaught exceptions one test's page reported.

    CSP violations, failed loads and script errors all land here. A test that
    expects one (a 404 page logs its own status) says so with ``allow``.
    """

    seen: list[str] = field(default_factory=list)
    allowed: list[re.Pattern[str]] = field(default_factory=list)

    def allow(self, pattern: str) -> None:
        """Expect console errors matching the regular expression ``pattern``.

        It is searched in "TEXT [URL]", URL being where the error came from.
        """
        self.allowed.append(re.compile(pattern))

    def console(self, message: ConsoleMessage) -> None:
        """Record ``message`` if it is an error."""
        if message.type == "error":
            self.seen.append(f"{message.text} [{message.location.get('url', '')}]")

    def uncaught(self, error: Error) -> None:
        """Record an exception no script caught."""
        self.seen.append(f"uncaught {error.name}: {error.message}")

    def unexpected(self) -> list[str]:
        """Return the problems no ``allow`` pattern covers."""
        return [seen for seen in self.seen if not any(p.search(seen) for p in self.allowed)]
