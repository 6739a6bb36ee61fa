"""The people already stored, indexed the ways an imported contact can match one."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from infointerview.domain.merging import NEAR_MATCH, conflicting, name_key, profile_key
from infointerview.domain.vocabulary import ContactSource
from infointerview.io.records import ContactRecord
from infointerview.store.plain_sql import Driver

SCALARS = ("full_name", "given_name", "family_name", "organization", "title", "location")
FIELDS = (*SCALARS, "linkedin_url")


@dataclass(slots=True, eq=False)
class Known:
    """A person as the import sees them: their values, lists and the source's last values.

    ``id`` is None for a person this import adds; ``line`` is then the line it came from.
    """

    id: int | None
    values: dict[str, str | None]
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    previous: dict[str, Any] | None = None
    line: int = 0
    # Whether the source's row for this person is stored (so it is updated, not added).
    sourced: bool = False
    # What this import's rows said of the person; None until a row names them.
    said: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Match:
    """The person a contact is, or may be: ``certain`` merges, otherwise it is only shown."""

    person: Known
    certain: bool
    score: int


class ContactIndex:
    """Every person of an owner, findable by email, profile, name and organisation."""

    def __init__(self) -> None:
        self._email: dict[str, Known] = {}
        self._profile: dict[str, Known] = {}
        self._name_org: dict[tuple[str, str], list[Known]] = defaultdict(list)
        self._name: dict[str, list[Known]] = defaultdict(list)
        self._block_names: dict[tuple[str, str], list[str]] = defaultdict(list)
        self._block_people: dict[tuple[str, str], list[Known]] = defaultdict(list)
        # People not yet indexed by name: a re-import finds everyone by email or profile
        # and never needs the names, which cost the most to index.
        self._unnamed: list[Known] | None = []

    def add(self, person: Known) -> None:
        """Add ``person`` and make them findable."""
        self.reindex(person)

    def reindex(self, person: Known) -> None:
        """Make ``person`` findable by their values as they are now too."""
        values = person.values
        for address in person.emails:
            self._email.setdefault(address.casefold(), person)
        profile = profile_key(str(values["linkedin_url"])) if values.get("linkedin_url") else None
        if profile is not None:
            self._profile.setdefault(profile, person)
        if self._unnamed is not None:
            self._unnamed.append(person)
        else:
            self._index_name(person)

    def _index_name(self, person: Known) -> None:
        key = name_key(str(person.values["full_name"]), person.values.get("organization"))
        if person not in self._name_org[key]:
            self._name_org[key].append(person)
        if person not in self._name[key[0]]:
            self._name[key[0]].append(person)
            block = _block(key)
            self._block_names[block].append(key[0])
            self._block_people[block].append(person)

    def _names(self) -> None:
        """Index by name everyone added so far, once; later additions are indexed at once."""
        if self._unnamed is not None:
            pending, self._unnamed = self._unnamed, None
            for person in pending:
                self._index_name(person)

    def stored(self, record: ContactRecord) -> Known | None:
        """Return the stored person ``record`` names by its first email, else its profile
        address, as values are in the file: the quick way to spot an unchanged contact."""
        if record.emails:
            person = self._email.get(record.emails[0].casefold())
        elif record.linkedin_url and (profile := profile_key(record.linkedin_url)) is not None:
            person = self._profile.get(profile)
        else:
            return None
        return person if person is not None and person.id is not None else None

    def find(
        self, *, emails: tuple[str, ...], linkedin_url: str | None, full_name: str, org: str | None
    ) -> Match | None:
        """Return who the contact is: by email, then profile, then name and organisation;
        else a near match by name at the same organisation, shown but never merged.

        The same name is only a possible duplicate when the emails or profiles say two
        people, or when neither has an organisation and this source did not give the
        person before (two "John Smith" in an address book are often two people).
        """
        for address in emails:
            if (found := self._email.get(address.casefold())) is not None:
                return Match(found, True, 100)
        profile = profile_key(linkedin_url) if linkedin_url else None
        if profile is not None and (found := self._profile.get(profile)) is not None:
            return Match(found, True, 100)
        self._names()
        key = name_key(full_name, org)
        namesakes = self._name_org.get(key)
        if namesakes:
            for found in namesakes:
                theirs = found.values.get("linkedin_url")
                other = profile_key(str(theirs)) if theirs else None
                if not conflicting(emails, profile, found.emails, other) and (
                    bool(key[1]) or found.previous is not None or found.id is None
                ):
                    return Match(found, True, 100)
            return Match(namesakes[0], False, 100)
        if self._name.get(key[0]):
            return Match(self._name[key[0]][0], False, 100)
        return self._near(key)

    def _near(self, key: tuple[str, str]) -> Match | None:
        names = self._block_names.get(_block(key))
        if not names:
            return None
        from rapidfuzz import fuzz, process

        best = process.extractOne(
            key[0], names, scorer=fuzz.token_sort_ratio, score_cutoff=NEAR_MATCH
        )
        if best is None:
            return None
        return Match(self._block_people[_block(key)][best[2]], False, round(best[1]))


def _block(key: tuple[str, str]) -> tuple[str, str]:
    # Near matches are looked for among people of the same organisation whose names start
    # alike: comparing each contact with every person would be quadratic.
    return key[1], key[0][:1]


def load(*, db: Driver, owner: int, source: ContactSource) -> ContactIndex:
    """Return the index of every person of ``owner``, with what ``source`` gave last time."""
    execute = db.execute
    index = ContactIndex()
    by_id: dict[int, Known] = {}
    for row in execute(
        "SELECT p.id, p.full_name, p.given_name, p.family_name, o.name, p.title, p.location,"
        " p.linkedin_url FROM people p LEFT OUTER JOIN organizations o"
        " ON o.id = p.organization_id WHERE p.owner_id = :owner ORDER BY p.id",
        {"owner": owner},
    ):
        by_id[row[0]] = Known(id=row[0], values=dict(zip(FIELDS, row[1:], strict=True)))
    for table, column, attribute in (
        ("person_emails", "address", "emails"),
        ("person_phones", "number", "phones"),
    ):
        for person_id, value in execute(
            f"SELECT person_id, {column} FROM {table} WHERE owner_id = :owner"
            " ORDER BY person_id, position, id",
            {"owner": owner},
        ):
            getattr(by_id[person_id], attribute).append(value)
    for person_id, fields in execute(
        "SELECT person_id, fields FROM person_sources WHERE owner_id = :owner AND source = :source",
        {"owner": owner, "source": source.value},
    ):
        by_id[person_id].previous = _json(fields)
        by_id[person_id].sourced = True
    for person in by_id.values():
        index.add(person)
    return index


def _json(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        import json

        loaded = json.loads(value)
        return loaded if isinstance(loaded, dict) else {}
    return dict(value or {})
