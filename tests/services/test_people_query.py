"""The quick people list (stdlib sqlite3) answers exactly as the SQLAlchemy path does."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from infointerview.domain.vocabulary import HowKnown
from infointerview.services import demo, people
from infointerview.services.people_query import (
    PersonFilter,
    count_matching,
    fetch_people,
    like_pattern,
    list_people_quickly,
)
from infointerview.store.database import Database, local_owner, open_database
from tests import factories
from tests.cli.helpers import run_checking_sqlalchemy

FILTERS = [
    PersonFilter(),
    PersonFilter(sort="organization"),
    PersonFilter(sort="added", limit=7, offset=3),
    PersonFilter(sort="updated", limit=5),
    PersonFilter(offset=35),
    PersonFilter(offset=10_000, limit=5),
    PersonFilter(text="e", limit=4, offset=4),
    PersonFilter(text="nobody matches this", limit=50),
    PersonFilter(how_known=HowKnown.REFERRED),
    PersonFilter(how_known=HowKnown.COLD, sort="organization"),
    PersonFilter(text="research"),
    PersonFilter(text="ÉCOLE"),
    PersonFilter(text="%"),
    PersonFilter(text="a", limit=3, offset=2),
    PersonFilter(organization="northwind health"),
    PersonFilter(tag="ux"),
    PersonFilter(tag="ux", how_known=HowKnown.KNOWN, text="e"),
    PersonFilter(target_id=10**20),
]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding the demo network plus a person with accents in every field."""
    path = tmp_path_factory.mktemp("quick") / "infointerview.db"
    database = open_database(str(path))
    try:
        with database.session() as session:
            owner = local_owner(session)
            demo.load_demo(session=session, owner=owner, today=date(2026, 11, 22))
            ws = factories.Workspace(session=session, owner=owner, database=database)
            factories.person(
                ws,
                "Élodie Ümlaut",
                organization="École Polytechnique",
                title="Chercheuse",
                emails=["elodie@ecole.example", "e@home.example"],
                phones=["+33 1 23 45 67 89"],
                tags=["ux", "france"],
                how_known=HowKnown.KNOWN,
            )
    finally:
        database.dispose()
    return path


@pytest.fixture
def opened(demo_file: Path, tmp_path: Path) -> Iterator[tuple[Path, Database]]:
    """A private copy of the demo file, and the same file opened through SQLAlchemy."""
    copy = tmp_path / "infointerview.db"
    shutil.copyfile(demo_file, copy)
    database = open_database(str(copy))
    try:
        yield copy, database
    finally:
        database.dispose()


@pytest.mark.parametrize("filters", FILTERS, ids=repr)
def test_the_quick_path_returns_what_the_full_path_returns(
    opened: tuple[Path, Database], filters: PersonFilter
) -> None:
    path, database = opened
    with database.session() as session:
        owner = local_owner(session)
        expected = people.list_people(session=session, owner=owner, filters=filters)
        total = factories.count_people(session=session, owner=owner, filters=filters)
    quick = list_people_quickly(str(path), filters, with_total=True)
    assert quick == (expected, total)


def test_the_filters_in_the_comparison_each_select_someone(opened: tuple[Path, Database]) -> None:
    path, _ = opened
    for filters in FILTERS:
        if (
            filters.text in ("%", "nobody matches this")
            or filters.offset >= 35
            or filters.target_id
        ):
            continue
        found = list_people_quickly(str(path), filters, with_total=False)
        assert found is not None
        assert found[0], filters


def test_unicode_text_matches_whatever_its_case(opened: tuple[Path, Database]) -> None:
    path, _ = opened
    found = list_people_quickly(str(path), PersonFilter(text="école"), with_total=False)
    assert found is not None
    assert [p.full_name for p in found[0]] == ["Élodie Ümlaut"]
    assert found[0][0].emails == ("elodie@ecole.example", "e@home.example")
    assert found[0][0].tags == ("france", "ux")


def test_a_missing_file_is_left_to_the_full_path_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "absent.db"
    assert list_people_quickly(str(path), PersonFilter(), with_total=False) is None
    assert not path.exists()


def test_a_file_that_is_not_a_database_is_left_to_the_full_path(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("not a database\n" * 100)
    assert list_people_quickly(str(path), PersonFilter(), with_total=False) is None
    assert path.read_text() == "not a database\n" * 100


def test_an_older_schema_is_left_to_the_full_path(opened: tuple[Path, Database]) -> None:
    path, database = opened
    database.dispose()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0000'")
    connection.close()
    assert list_people_quickly(str(path), PersonFilter(), with_total=False) is None


def test_a_server_url_is_left_to_the_full_path() -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:9/none"
    assert list_people_quickly(url, PersonFilter(), with_total=False) is None


def test_person_list_on_a_current_file_does_not_load_sqlalchemy(
    opened: tuple[Path, Database],
) -> None:
    path, _ = opened
    out, loaded = run_checking_sqlalchemy("person", "list", "--json", "--db", str(path))
    assert not loaded
    assert '"full_name": "Élodie Ümlaut"' in out


@pytest.mark.parametrize(
    ("filters", "index"),
    [
        (PersonFilter(text="chen", limit=50), "ix_people_list"),
        (PersonFilter(organization="northwind health", limit=50), "ix_people_list"),
        (PersonFilter(how_known=HowKnown.REFERRED, limit=50), "ix_people_list"),
        (PersonFilter(sort="added", limit=50), "ix_people_owner_id_created_at"),
        (PersonFilter(sort="updated", limit=50), "ix_people_owner_id_updated_at"),
    ],
    ids=repr,
)
def test_a_page_walks_an_index_in_its_order_instead_of_sorting_everyone(
    opened: tuple[Path, Database], filters: PersonFilter, index: str
) -> None:
    path, _ = opened
    captured: list[str] = []

    def _plan(sql: str, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
        captured.append(sql)
        return []

    fetch_people(_plan, owner=1, filters=filters)
    with sqlite3.connect(path) as connection:
        connection.create_function("lower", 1, str.lower)
        plan = [row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {captured[0]}", {
            "owner": 1, "pattern": "%chen%", "organization": "northwind health",
            "how_known": "referred", "limit": 50, "offset": 0,
        })]  # fmt: skip
    connection.close()
    assert any(index in step for step in plan), plan
    assert not any("TEMP B-TREE" in step for step in plan), plan


@pytest.mark.parametrize(
    ("filters", "index"),
    [
        # A search alone scans the narrowest index that holds the search text.
        (PersonFilter(text="chen"), "ix_people_owner_id_search_text"),
        # With a filter the list index holds too, that one covers both.
        (PersonFilter(text="chen", how_known=HowKnown.COLD), "ix_people_list"),
    ],
)
def test_counting_a_search_reads_only_an_index(
    opened: tuple[Path, Database], filters: PersonFilter, index: str
) -> None:
    path, _ = opened
    captured: list[tuple[str, Mapping[str, Any]]] = []

    def _plan(sql: str, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
        captured.append((sql, params))
        return [(0,)]

    count_matching(_plan, owner=1, filters=filters)
    sql, params = captured[0]
    with sqlite3.connect(path) as connection:
        plan = [row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
    connection.close()
    assert plan == [f"SEARCH p USING COVERING INDEX {index} (owner_id=?)"], plan


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("  Chen ", "%chen%"),
        ("maya\n  chen", "%maya chen%"),
        ("50%_off\\", "%50\\%\\_off\\\\%"),
        ("ÉCOLE", "%école%"),
    ],
)
def test_a_search_pattern_is_lower_cased_with_one_space_between_words(
    text: str, pattern: str
) -> None:
    assert like_pattern(text) == pattern
