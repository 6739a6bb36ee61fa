"""Facts about the schema that readers without SQLAlchemy need too."""

from __future__ import annotations

# Every revision in order, oldest first; a test checks this against the scripts.
REVISIONS: tuple[str, ...] = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
)
HEAD = REVISIONS[-1]

# The name of the user a single-user installation stores everything under.
LOCAL_USER = "local"
