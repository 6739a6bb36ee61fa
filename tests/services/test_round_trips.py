"""Whatever text a person is given comes back from the database exactly as validated."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infointerview.domain import validation as check
from infointerview.errors import InvalidValue
from infointerview.services import people
from infointerview.services.people import PersonFields
from infointerview.store.database import local_owner, open_database

TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=120)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=TEXT,
    title=TEXT,
    tags=st.lists(st.from_regex(r"[a-z][a-z0-9\-]{0,15}", fullmatch=True), max_size=4),
)
def test_a_person_round_trips_through_sqlite_as_validated(
    tmp_path_factory: pytest.TempPathFactory, name: str, title: str, tags: list[str]
) -> None:
    try:
        expected_name = check.required_text(name, field="name", limit=check.MAX_NAME)
    except InvalidValue:
        return
    folder = tmp_path_factory.mktemp("round")
    database = open_database(str(folder / "db.sqlite"))
    try:
        with database.session() as session:
            owner = local_owner(session)
            added = people.add_person(
                session=session,
                owner=owner,
                fields=PersonFields(full_name=name, title=title, tags=tags),
            )
        with database.session() as session:
            stored = people.get_person(session=session, owner=owner, person_id=added.id).person
    finally:
        database.dispose()
    assert stored.full_name == expected_name
    assert stored.title == check.optional_text(title, field="title")
    assert stored.tags == check.tags(tags)
