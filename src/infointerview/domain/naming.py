"""Find the one record a user means by an id or a part of its name."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from infointerview.errors import Ambiguous, NotFound


@dataclass(frozen=True, slots=True)
class Candidate:
    """A record that a name might refer to: its id, its name, and a hint to tell it apart."""

    id: int
    name: str
    hint: str = ""

    def label(self) -> str:
        """Return ``#id name (hint)`` as shown in an ambiguity message."""
        return f"#{self.id} {self.name}" + (f" ({self.hint})" if self.hint else "")


# Imports fold each new name several times (matching, indexing, the sort key).
@lru_cache(maxsize=65_536)
def fold(text: str) -> str:
    """Return ``text`` case- and accent-folded, with runs of spaces collapsed."""
    if text.isascii():
        return " ".join(text.lower().split())
    # Compatibility-decompose before and after casefolding: styled letters ("ℍ") only
    # become plain ones under NFKD, and casefolding can produce new combining marks.
    lowered = unicodedata.normalize("NFKD", text).casefold()
    decomposed = unicodedata.normalize("NFKD", lowered)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.split())


MAX_ID = 2**63 - 1  # the largest id a database integer column can hold


def parse_id(query: str) -> int | None:
    """Return the id written as ``12`` or ``#12``, or None when ``query`` is a name."""
    text = query.strip().removeprefix("#")
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 19 else None


def is_storable_id(value: int) -> bool:
    """True when ``value`` can be a row id; a larger number can only mean "not found"."""
    return 0 < value <= MAX_ID


def resolve(query: str, candidates: Iterable[Candidate], *, kind: str) -> Candidate:
    """Return the single candidate ``query`` names, by id, by exact name, then by part.

    Raises:
        NotFound: when nothing matches.
        Ambiguous: when several match equally well, listing them.
    """
    pool: Sequence[Candidate] = list(candidates)
    wanted_id = parse_id(query)
    if wanted_id is not None:
        for candidate in pool:
            if candidate.id == wanted_id:
                return candidate
        raise NotFound(kind, query)
    wanted = fold(query)
    if not wanted:
        raise NotFound(kind, query)
    for matches in (
        [c for c in pool if fold(c.name) == wanted],
        [c for c in pool if _words_start(fold(c.name), wanted)],
        [c for c in pool if wanted in fold(c.name)],
    ):
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise Ambiguous(kind, query, [c.label() for c in matches])
    raise NotFound(kind, query)


def _words_start(name: str, wanted: str) -> bool:
    """True when each word of ``wanted`` begins a word of ``name``, in order."""
    words = name.split()
    position = 0
    for part in wanted.split():
        while position < len(words) and not words[position].startswith(part):
            position += 1
        if position == len(words):
            return False
        position += 1
    return True


# The search text is cut to this many UTF-8 bytes (a name, title and organisation of
# ordinary length never are); with the 300-character sort key (at most 1,200 bytes), an
# index entry holding both stays well under PostgreSQL's limit.
SEARCH_TEXT_BYTES = 1_200


def person_keys(full_name: str, title: str | None, organization: str | None) -> tuple[str, str]:
    """Return the stored sort key and search text of a person with this name, title and
    organisation.

    Computed once when written, so a list neither sorts nor searches through a function
    call per row (on SQLite, lower() is Python's, for every script, and a query calling it
    from many threads waits on the interpreter lock at each call). The sort key is also
    accent-folded, so "Élodie" sorts with the E's; folding can lengthen a name ("ß"
    becomes "ss"), so it is cut to the column's 300 characters. Organisations are never
    renamed; a rename would have to rewrite its people's search text.
    """
    # The organisation before the title: if a huge name and title fill the cap, the
    # organisation, searched more often, is kept.
    text = "\n".join((full_name, organization or "", title or "")).lower()
    # Both keys sit in one PostgreSQL index, whose entries must stay under 2,704 bytes.
    if len(text) * 4 > SEARCH_TEXT_BYTES:  # a character is at most 4 bytes of UTF-8
        text = text.encode()[:SEARCH_TEXT_BYTES].decode(errors="ignore")
    return fold(full_name)[:300], text
