"""Alembic migrations, shipped in the wheel and run by ``infointerview db upgrade``."""
