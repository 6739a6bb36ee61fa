"""Fixtures for the web tests: the app on a fresh SQLite file or on a copy of the demo network.

Loading the demo takes about a second, so it is loaded once per session into a template
file and each test works on its own copy (as tests/cli/conftest.py does with its
databases). Clients do not follow redirects, so a test sees the 303 a form answers with;
``helpers.csrf_token`` GETs a page and returns the token from the client's cookie jar.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from infointerview.services.demo import load_demo
from infointerview.services.workspace import Store
from tests.web.helpers import make_client

# The day the demo is loaded as of; the machine's clock is after it.
DEMO_DAY = date(2026, 11, 22)


def _store_on_copy(template: Path, path: Path) -> Iterator[Store]:
    shutil.copyfile(template, path)
    opened = Store(str(path))
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def store(tmp_path: Path, sqlite_template: Path) -> Iterator[Store]:
    """A Store on a fresh, empty SQLite file (a copy of the session's migrated template)."""
    yield from _store_on_copy(sqlite_template, tmp_path / "web.db")


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    """A client of the app serving the empty ``store``."""
    with make_client(store) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding the demo network as of DEMO_DAY, made once per session."""
    folder = tmp_path_factory.mktemp("web-demo")
    path = folder / "demo.db"
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("INFOINTERVIEW_HOME", str(folder / "home"))
        monkeypatch.delenv("INFOINTERVIEW_DB", raising=False)
        template = Store(str(path))
        try:
            with template.workspace() as ws:
                load_demo(session=ws.session, owner=ws.owner, today=DEMO_DAY)
        finally:
            template.close()
    return path


@pytest.fixture
def demo_store(tmp_path: Path, demo_template: Path) -> Iterator[Store]:
    """A Store on the test's own copy of the demo network."""
    yield from _store_on_copy(demo_template, tmp_path / "demo.db")


@pytest.fixture
def demo_client(demo_store: Store) -> Iterator[TestClient]:
    """A client of the app serving the demo network."""
    with make_client(demo_store) as test_client:
        yield test_client
