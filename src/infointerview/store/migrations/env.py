"""Alembic environment: runs on the connection infointerview hands over, or on --db's URL."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context

from infointerview.store.models import Base, UTCDateTime

config = context.config
target_metadata = Base.metadata


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Write our UTCDateTime as the plain column type it stores, so migrations stand alone."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(connection: object) -> None:
    context.configure(
        render_item=_render_item,
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )


def run_migrations_online() -> None:
    """Migrate through the connection given in ``config.attributes``, or open one."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    from infointerview.config import load_settings
    from infointerview.store.engine import make_engine, resolve_url

    engine = make_engine(resolve_url(load_settings().db))
    with engine.connect() as connection:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("infointerview migrations run online only: use `infointerview db upgrade`")
run_migrations_online()
