"""The pages make a fixed number of SQL statements however many people are stored (no
N+1 queries), on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from infointerview.domain.vocabulary import ConversationState
from infointerview.services import notes, people
from infointerview.services.people import PersonFields
from infointerview.services.workspace import Store
from tests import factories
from tests.web.helpers import make_client, people_listed

SMALL = 10
LARGE = 1_000


class StatementLog:
    """Records every SQL statement the store's engine sends to the database."""

    def __init__(self, store: Store) -> None:
        """Start listening to ``store``'s engine."""
        self.engine = store.database.engine
        self.statements: list[str] = []
        event.listen(self.engine, "before_cursor_execute", self._record)

    def _record(self, *args: Any) -> None:
        self.statements.append(str(args[2]))

    def count(self, client: TestClient, url: str) -> list[str]:
        """GET ``url`` (once to warm up, once measured); return the measured statements."""
        assert client.get(url).status_code == 200, url
        self.statements.clear()
        response = client.get(url)
        assert response.status_code == 200, url
        return list(self.statements)

    def close(self) -> None:
        """Stop listening."""
        event.remove(self.engine, "before_cursor_execute", self._record)


@pytest.fixture
def backend_store(db_url: str) -> Iterator[Store]:
    """A Store on an empty database, once on SQLite and once on PostgreSQL."""
    opened = Store(db_url)
    try:
        yield opened
    finally:
        opened.close()


def add_crowd(store: Store, start: int, stop: int) -> None:
    """Add people number ``start`` to ``stop``, each with an email, a tag and an organisation."""
    with store.workspace() as ws:
        for n in range(start, stop):
            people.add_person(
                session=ws.session,
                owner=ws.owner,
                fields=PersonFields(
                    full_name=f"Dana Crowd {n:04d}",
                    organization=f"Company {n % 40}",
                    title="Analyst",
                    emails=[f"dana{n}@example.com"],
                    tags=[f"tag{n % 25}"],
                ),
            )


def add_measured_person(store: Store) -> int:
    """Add the person whose page is measured, with notes, conversations and referrals both
    ways, among a few others; return their id."""
    with store.workspace() as ws:
        measured = factories.person(
            ws,
            "Ada Measured",
            organization="Measured Labs",
            title="Research Lead",
            emails=["ada@example.com", "ada@home.example"],
            tags=["research", "lead"],
        ).id
        friends = [
            factories.person(
                ws, f"Friend {n}", organization="Measured Labs", emails=[f"f{n}@x.example"]
            )
            for n in range(3)
        ]
        for n in range(3):
            target = factories.target(ws, f"Role {n}", organization=f"Target Org {n}").id
            factories.conversation(ws, measured, state=ConversationState.HELD, target_id=target)
            notes.add_note(
                session=ws.session, owner=ws.owner, about="person", about_id=measured, body=f"N{n}"
            )
        factories.referral(ws, measured, friends[0].id)
        factories.referral(ws, measured, friends[1].id)
        factories.referral(ws, friends[2].id, measured)
    return measured


def test_the_people_and_person_pages_make_as_many_queries_for_1000_people_as_for_10(
    backend_store: Store,
) -> None:
    store = backend_store
    measured = add_measured_person(store)
    add_crowd(store, 4, SMALL)
    urls = [
        "/people",
        "/people?q=a",
        f"/people/{measured}",
        "/overview",
        "/people?tag=research&sort=added",
    ]
    log = StatementLog(store)
    try:
        with make_client(store) as client:
            assert len(people_listed(client.get("/people").text)) == SMALL
            small = {url: log.count(client, url) for url in urls}
            add_crowd(store, SMALL, LARGE)
            listed = people_listed(client.get("/people?q=a").text)
            assert len(listed) == 50
            large = {url: log.count(client, url) for url in urls}
    finally:
        log.close()
    for url in urls:
        assert small[url], f"{url}: no statement was counted"
        # A short page tells its total; a full one counts the rest: one statement more.
        counts_added = _counts(large[url]) - _counts(small[url])
        assert counts_added in (0, 1)
        assert len(large[url]) == len(small[url]) + counts_added, (
            f"{url}: {len(small[url])} statements for {SMALL} people, "
            f"{len(large[url])} for {LARGE}:\n" + "\n---\n".join(large[url])
        )


def _counts(statements: list[str]) -> int:
    return sum(statement.lstrip().lower().startswith("select count(") for statement in statements)


def test_only_sqlite_pages_get_the_small_thread_pool(backend_store: Store) -> None:
    import anyio.to_thread

    from infointerview.web.app import SQLITE_PAGE_THREADS, create_app

    app = create_app(backend_store)

    @app.get("/_threads")
    async def _threads() -> float:
        return anyio.to_thread.current_default_thread_limiter().total_tokens

    with TestClient(app) as client:
        tokens = client.get("/_threads").json()
    assert tokens == (SQLITE_PAGE_THREADS if backend_store.embedded else 40)
