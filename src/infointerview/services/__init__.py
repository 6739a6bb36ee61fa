"""Use cases joining domain rules and storage; one module per capability.

Every function takes keyword-only arguments, an explicit SQLAlchemy session and the
owner's id, and returns records from ``domain.records``.
"""
