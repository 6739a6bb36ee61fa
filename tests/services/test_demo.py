"""The demo network: its shape, its refusals and its determinism, on both backends."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from infointerview.domain.vocabulary import ConversationState
from infointerview.errors import Refused
from infointerview.services import demo, overview, people
from infointerview.services.demo import DemoSummary
from infointerview.store.database import Database, local_owner, open_database
from infointerview.store.models import (
    Base,
    Conversation,
    Event,
    Note,
    Organization,
    Person,
    Referral,
    Target,
)
from tests import conftest, factories
from tests.factories import Workspace

TODAY = date(2026, 11, 22)


def _load(ws: Workspace) -> DemoSummary:
    return demo.load_demo(session=ws.session, owner=ws.owner, today=TODAY)


def _row_counts(ws: Workspace) -> dict[str, int]:
    ws.session.flush()
    return {
        table.name: int(ws.session.scalar(select(func.count()).select_from(table)) or 0)
        for table in Base.metadata.sorted_tables
    }


def _longest_chain(edges: set[tuple[int, int]]) -> int:
    """Return the number of referrer -> referred edges on the longest simple path."""
    following: dict[int, list[int]] = {}
    for referrer, referred in edges:
        following.setdefault(referrer, []).append(referred)

    def depth(node: int, seen: frozenset[int]) -> int:
        nexts = [n for n in following.get(node, []) if n not in seen]
        return max((1 + depth(n, seen | {n}) for n in nexts), default=0)

    return max((depth(start, frozenset({start})) for start in following), default=0)


@dataclass(frozen=True)
class LoadedDemo:
    """A workspace holding the demo, and what loading it reported."""

    ws: Workspace
    summary: DemoSummary


@contextmanager
def _fresh_database(backend: str, folder: Path) -> Iterator[Database]:
    """Open a new, empty database on ``backend``: a SQLite file, or a new PostgreSQL schema."""
    schema = None
    if backend == "sqlite":
        url = f"sqlite:///{folder / f'{uuid.uuid4().hex}.db'}"
    else:
        problem = conftest._pg_problem()
        if problem:
            if conftest.REQUIRE_PG:
                pytest.fail(f"INFOINTERVIEW_REQUIRE_PG=1 but {problem}")
            pytest.skip(f"no PostgreSQL server: {problem}")
        schema = f"test_{uuid.uuid4().hex[:16]}"
        conftest._pg_admin(f'CREATE SCHEMA "{schema}"')
        url = (
            make_url(conftest.PG_URL)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
    database = open_database(url)
    try:
        yield database
    finally:
        database.dispose()
        if schema is not None:
            conftest._pg_admin(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def loaded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LoadedDemo]:
    """The demo loaded once per backend into a fresh database, for tests that only read it."""
    with (
        _fresh_database(request.param, tmp_path_factory.mktemp("demo")) as database,
        database.session() as session,
    ):
        ws = Workspace(session=session, owner=local_owner(session), database=database)
        summary = _load(ws)
        ws.session.flush()
        yield LoadedDemo(ws=ws, summary=summary)


def test_the_demo_holds_three_targets_about_forty_people_and_a_dozen_organisations(
    loaded: LoadedDemo,
) -> None:
    ws, summary = loaded.ws, loaded.summary
    assert summary.already_loaded is False
    assert summary.targets == 3
    assert 38 <= summary.people <= 42
    assert 11 <= summary.organizations <= 13
    assert summary.people == factories.count_people(session=ws.session, owner=ws.owner)
    assert summary.conversations == ws.session.scalar(select(func.count(Conversation.id)))
    assert summary.referrals == ws.session.scalar(select(func.count(Referral.id)))


def test_the_demo_shows_every_conversation_state_at_least_twice(loaded: LoadedDemo) -> None:
    ws = loaded.ws
    pipeline = overview.overview(session=ws.session, owner=ws.owner).pipeline
    assert set(pipeline) == {state.value for state in ConversationState}
    assert {state: count for state, count in pipeline.items() if count < 2} == {}


def test_the_demo_has_a_referral_chain_at_least_four_deep(loaded: LoadedDemo) -> None:
    ws = loaded.ws
    made = factories.referrals_of(session=ws.session, owner=ws.owner)
    assert _longest_chain({(r.referrer_id, r.referred_id) for r in made}) >= 4


def test_the_demo_has_notes_and_events_in_the_past(loaded: LoadedDemo) -> None:
    ws = loaded.ws
    assert (ws.session.scalar(select(func.count(Note.id))) or 0) > 0
    newest = ws.session.scalar(
        select(func.max(Event.occurred_at)).where(Event.kind != "demo.loaded")
    )
    assert newest is not None
    assert newest.date() <= TODAY


def test_loading_the_demo_twice_changes_nothing_the_second_time(ws: Workspace) -> None:
    first = _load(ws)
    before = _row_counts(ws)
    second = _load(ws)
    assert second.already_loaded is True
    assert (second.people, second.organizations, second.targets) == (
        first.people,
        first.organizations,
        first.targets,
    )
    assert (second.conversations, second.referrals) == (first.conversations, first.referrals)
    assert _row_counts(ws) == before


def test_the_demo_refuses_a_database_holding_the_users_own_person(ws: Workspace) -> None:
    factories.person(ws, "My Own Contact", organization="My Employer")
    before = _row_counts(ws)
    with pytest.raises(Refused, match="already holds your own data"):
        _load(ws)
    assert _row_counts(ws) == before
    names = [p.full_name for p in people.list_people(session=ws.session, owner=ws.owner)]
    assert names == ["My Own Contact"]


def test_the_demo_refuses_a_database_holding_the_users_own_target(ws: Workspace) -> None:
    factories.target(ws, "Astronaut")
    before = _row_counts(ws)
    with pytest.raises(Refused):
        _load(ws)
    assert _row_counts(ws) == before
    assert ws.session.scalars(select(Target.role)).all() == ["Astronaut"]
    assert ws.session.scalars(select(Organization)).all() == []
    assert ws.session.scalars(select(Person)).all() == []


def test_the_same_day_gives_the_same_people_in_two_fresh_databases(
    loaded: LoadedDemo, tmp_path: Path
) -> None:
    here = people.list_people(session=loaded.ws.session, owner=loaded.ws.owner)
    backend = loaded.ws.session.get_bind().dialect.name
    with _fresh_database(backend, tmp_path) as database, database.session() as session:
        owner = local_owner(session)
        demo.load_demo(session=session, owner=owner, today=TODAY)
        there = people.list_people(session=session, owner=owner)
    assert len(here) == len(there) > 0
    assert [p.full_name for p in here] == [p.full_name for p in there]
    assert here == there
