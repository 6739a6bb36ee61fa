"""A person's search text gets their organisation's name, and the people list indexes
that cover a search, a filter and each sort but the organisation's.

Searching matched organisations through lower(name), a Python function on SQLite that a
query calls from within SQLite: under concurrent requests each call waits for the
interpreter lock. With the organisation in the search text, a search is one LIKE on one
column, and an index holding (owner, sort key, id, organisation, how known, search text)
lets the list walk in name order, and the count scan, without reading the table's rows.
Sorting by when people were added or updated walks an index instead of sorting them all.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COVERING = "ix_people_list"
# Frozen copy of domain.naming.SEARCH_TEXT_BYTES as of this revision.
_SEARCH_TEXT_BYTES = 1_200

_PEOPLE = sa.table(
    "people",
    sa.column("id", sa.Integer()),
    sa.column("full_name", sa.String()),
    sa.column("title", sa.String()),
    sa.column("organization_id", sa.Integer()),
    sa.column("search_text", sa.Text()),
)
_ORGANIZATIONS = sa.table(
    "organizations", sa.column("id", sa.Integer()), sa.column("name", sa.String())
)


def _search_text(full_name: str, title: str | None, organization: str | None) -> str:
    # Frozen copy of domain.naming.person_keys's search text as of this revision.
    text = "\n".join((full_name, organization or "", title or "")).lower()
    return text.encode()[:_SEARCH_TEXT_BYTES].decode(errors="ignore")


def _rewrite_search_text(*, with_organization: bool) -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(
            _PEOPLE.c.id, _PEOPLE.c.full_name, _PEOPLE.c.title, _ORGANIZATIONS.c.name
        ).select_from(
            _PEOPLE.outerjoin(_ORGANIZATIONS, _ORGANIZATIONS.c.id == _PEOPLE.c.organization_id)
        )
    ).all()
    texts = [
        {
            "person_id": person_id,
            "text": _search_text(full_name, title, organization)
            if with_organization
            else f"{full_name}\n{title or ''}".lower(),  # as 0002 wrote it
        }
        for person_id, full_name, title, organization in rows
    ]
    update = (
        _PEOPLE.update()
        .where(_PEOPLE.c.id == sa.bindparam("person_id"))
        .values(search_text=sa.bindparam("text"))
    )
    for start in range(0, len(texts), 1_000):
        connection.execute(update, texts[start : start + 1_000])


def upgrade() -> None:
    """Upgrade schema."""
    op.drop_index("ix_people_owner_id_sort_name", table_name="people")
    _rewrite_search_text(with_organization=True)
    op.create_index(
        _COVERING,
        "people",
        ["owner_id", "sort_name", "id", "organization_id", "how_known", "search_text"],
        unique=False,
    )
    for column in ("created_at", "updated_at"):
        op.create_index(f"ix_people_owner_id_{column}", "people", ["owner_id", column])


def downgrade() -> None:
    """Downgrade schema."""
    for column in ("created_at", "updated_at"):
        op.drop_index(f"ix_people_owner_id_{column}", table_name="people")
    op.drop_index(_COVERING, table_name="people")
    _rewrite_search_text(with_organization=False)
    op.create_index(
        "ix_people_owner_id_sort_name", "people", ["owner_id", "sort_name"], unique=False
    )
