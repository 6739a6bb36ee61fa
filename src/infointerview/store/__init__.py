"""Storage: engine and pragmas, ORM tables, sessions, and the Alembic migrations."""
