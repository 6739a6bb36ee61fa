"""Fixtures for the end-to-end tests: the real server, Debian's Chromium, and pages that
fail the test on any console error or uncaught page error.

The server is the one users run, ``infointerview serve --demo --no-browser``, started
as a subprocess on a free port; it serves a fresh demo network from a temporary
database. The journeys share one (each adds its own people under unique names, so none
depends on another's changes); the layout checks and screenshots get a second one that
nothing writes to. Chromium is Debian's (/usr/bin/chromium, installed by .ci/run):
without it the tests are skipped with the reason, or fail when
INFOINTERVIEW_REQUIRE_BROWSER=1 (as in CI).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.e2e.browser import DESKTOP, BrowserProblems
from tests.serving import free_port

CHROMIUM = Path("/usr/bin/chromium")
REQUIRE_BROWSER = os.environ.get("INFOINTERVIEW_REQUIRE_BROWSER") == "1"
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
STARTUP_SECONDS = 60.0
STOP_SECONDS = 10.0
BODY_FAILED = pytest.StashKey[bool]()


def _command() -> list[str]:
    """Return the command that runs the CLI: the console script, else ``python -m``."""
    script = Path(sys.executable).with_name("infointerview")
    return [str(script)] if script.exists() else [sys.executable, "-m", "infointerview"]


def _answers(url: str) -> bool:
    """Say whether ``url`` answers 200 right now."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server: terminate, then kill if it has not exited in time."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_SECONDS)


@contextmanager
def _serving_demo(folder: Path) -> Iterator[str]:
    """Run ``infointerview serve --demo`` on a free port; yield its base URL.

    The port is found free just before the start; if another process takes it in
    between, the start is tried again on another port. The server is stopped on exit.
    """
    env = {**os.environ, "INFOINTERVIEW_HOME": str(folder / "home")}
    env.pop("INFOINTERVIEW_DB", None)
    log_path = folder / "server.log"
    for _attempt in range(3):
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        command = [*_command(), "serve", "--demo", "--no-browser", "--port", str(port)]
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=folder
            )
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while process.poll() is None and time.monotonic() < deadline:
                if _answers(f"{base_url}/"):
                    yield base_url
                    return
                time.sleep(0.1)
            output = log_path.read_text(encoding="utf-8", errors="replace")
            if process.poll() is not None and "already in use" in output:
                continue
            pytest.fail(
                f"the server did not answer at {base_url}/ within {STARTUP_SECONDS:.0f} s "
                f"(exit code {process.poll()}); {' '.join(command)} said:\n{output}"
            )
        finally:
            _stop(process)
    pytest.fail("could not find a free port for the server in 3 tries")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a demo server the journeys change (each under its own names)."""
    with _serving_demo(tmp_path_factory.mktemp("e2e-server")) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def untouched_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a second demo server nothing writes to: the pages as shipped."""
    with _serving_demo(tmp_path_factory.mktemp("e2e-untouched")) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Launch Debian's Chromium, headless, once per session.

    Skipped when /usr/bin/chromium is missing, or failed when
    INFOINTERVIEW_REQUIRE_BROWSER=1.
    """
    if not CHROMIUM.exists():
        reason = (
            f"no Chromium at {CHROMIUM}: install Debian's package "
            "(apt-get install chromium) to run the browser tests"
        )
        if REQUIRE_BROWSER:
            pytest.fail(f"INFOINTERVIEW_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def browser_problems() -> BrowserProblems:
    """The console errors and page errors of this test's page, checked at teardown."""
    return BrowserProblems()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Note on each test whether its body failed, for the console check at teardown."""
    report = yield
    if report.when == "call":
        item.stash[BODY_FAILED] = report.failed
    return report


@contextmanager
def _watched_page(
    request: pytest.FixtureRequest, browser: Browser, base_url: str, problems: BrowserProblems
) -> Iterator[Page]:
    """Open a desktop-size page in a fresh browser context (its own cookies) on ``base_url``.

    Any console error or uncaught exception not ``allow``-ed fails the test on exit,
    unless the test failed already (the errors then come from the same cause).
    """
    context = browser.new_context(base_url=base_url, viewport=DESKTOP)
    context.set_default_timeout(10_000)
    opened = context.new_page()
    opened.on("console", problems.console)
    opened.on("pageerror", problems.uncaught)
    try:
        yield opened
    finally:
        context.close()
    if request.node.stash.get(BODY_FAILED, False):
        return
    unexpected = problems.unexpected()
    assert not unexpected, "the browser reported errors:\n" + "\n".join(unexpected)


@pytest.fixture
def page(
    request: pytest.FixtureRequest, browser: Browser, server: str, browser_problems: BrowserProblems
) -> Iterator[Page]:
    """A page on ``server`` (relative URLs go there), failing the test on console errors."""
    with _watched_page(request, browser, server, browser_problems) as opened:
        yield opened


@pytest.fixture
def untouched_page(
    request: pytest.FixtureRequest,
    browser: Browser,
    untouched_server: str,
    browser_problems: BrowserProblems,
) -> Iterator[Page]:
    """A page on ``untouched_server``, failing the test on console errors."""
    with _watched_page(request, browser, untouched_server, browser_problems) as opened:
        yield opened


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """The folder full-page screenshots go to (test-artifacts/screenshots, git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
