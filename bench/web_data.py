"""The people bench/web.py loads: a seeded, realistic database, and the paths to request.

``generate`` fills a database through the project's services (no raw SQL), the same
people on every run; ``sample`` reads back who is in it; ``search_paths`` and
``person_paths`` turn that into the requests the load generators send.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from infointerview.domain.vocabulary import Channel, ConversationState, HowKnown, TargetStatus
from infointerview.services import conversations, notes, people, referrals, targets
from infointerview.services.conversations import Move
from infointerview.services.people import PersonFields
from infointerview.services.people_query import PersonFilter
from infointerview.services.targets import TargetFields
from infointerview.services.workspace import Store, Workspace

SEED = 20240917
# People added per transaction while generating.
BATCH = 2_500


def _words(text: str) -> tuple[str, ...]:
    """Return the words of ``text``, split on whitespace."""
    return tuple(text.split())


GIVEN = _words(
    "Aaliyah Adrian Aisha Alejandro Alice Amara Andrea Anna Arjun Ben Camille Carlos "
    "Chen Chloe Daniel David Diego Elena Eli Emma Ethan Fatima Felix Grace Hana Hannah "
    "Hiroshi Ines Isaac Jamal James Javier Jonas Julia Kai Karim Laura Leila Liam Lucas "
    "Maya Mei Mohammed Nadia Naomi Nikolai Noah Olivia Omar Oscar Priya Rafael Rosa Ruth "
    "Samuel Sara Sofia Tariq Thomas Uma Valentina Victor Wei Yara Yusuf Zoe Zhang Ingrid "
    "Kwame Lars Marta Nora Pablo Quentin Rania Siobhan Tomasz"
)
FAMILY = _words(
    "Abbott Adeyemi Alvarez Andersson Bauer Becker Bianchi Brennan Castillo Chowdhury "
    "Cohen Dalton Dubois Eriksen Fischer Fitzgerald Garcia Gomez Gupta Haddad Hansen "
    "Hernandez Hoffmann Ibrahim Ivanova Jensen Kaur Kim Kowalski Larsen Lee Lindqvist "
    "Lopez Martin Martinez Meyer Moreau Murphy Nakamura Nguyen Novak Okafor O'Brien "
    "Olsen Patel Pereira Petrov Quinn Ramirez Reyes Rossi Sato Schmidt Silva Singh "
    "Smith Sokolov Suzuki Tanaka Taylor Thompson Torres Visser Walsh Wang Weber "
    "Williams Wilson Wright Yamamoto Yilmaz Young Zimmermann Zhou Nowak Mensah Byrne"
)
ORG_WORDS = _words(
    "Acme Alder Apex Arbor Atlas Beacon Birch Blue Bright Cedar Cobalt Crest Delta Ember "
    "Evergreen Falcon Granite Harbor Horizon Iris Juniper Keystone Lumen Maple Meridian "
    "Northwind Oak Orbit Pioneer Quartz Redwood Riverside Summit Tidewater Vertex"
)
ORG_KINDS = _words(
    "Analytics Bank Bio Capital Consulting Energy Foundation Health Labs Logistics Media "
    "Partners Robotics Software Systems"
)
TITLES = (
    "Software Engineer",
    "Senior Software Engineer",
    "Staff Engineer",
    "Engineering Manager",
    "Product Manager",
    "Senior Product Manager",
    "Product Designer",
    "UX Researcher",
    "Data Scientist",
    "Data Analyst",
    "Machine Learning Engineer",
    "Director of Engineering",
    "VP Product",
    "Chief Technology Officer",
    "Founder",
    "Co-founder & CEO",
    "Recruiter",
    "Talent Partner",
    "Head of People",
    "Marketing Manager",
    "Content Strategist",
    "Financial Analyst",
    "Investment Associate",
    "Policy Advisor",
    "Program Officer",
    "Research Scientist",
    "Lab Manager",
    "Operations Lead",
    "Account Executive",
    "Customer Success Manager",
    "Solutions Architect",
    "Consultant",
    "Senior Consultant",
    "Partner",
    "Nurse Practitioner",
    "Clinical Researcher",
    "Teacher",
    "Professor",
    "Journalist",
    "Editor",
)
TAGS = (
    "alumni",
    "engineering",
    "design",
    "data",
    "hiring",
    "mentor",
    "founder",
    "policy",
    "finance",
    "nonprofit",
    "research",
    "product",
)
PERSONAL_DOMAINS = ("gmail.com", "outlook.com", "proton.me", "fastmail.com", "yahoo.com")
HOW_KNOWN = (HowKnown.KNOWN, HowKnown.REFERRED, HowKnown.ALUMNI, HowKnown.COLD)
HOW_KNOWN_WEIGHTS = (20, 10, 20, 50)
TARGET_ROLES = (
    ("Product Manager", "Software", "Northwind Software"),
    ("Data Scientist", "Health", "Cedar Health"),
    ("UX Researcher", "Media", None),
    ("Policy Advisor", "Public sector", None),
    ("Machine Learning Engineer", "Robotics", "Vertex Robotics"),
    ("Program Officer", "Philanthropy", "Meridian Foundation"),
)
HAPPY_PATH = (
    ConversationState.REQUESTED,
    ConversationState.SCHEDULED,
    ConversationState.HELD,
    ConversationState.THANKED,
    ConversationState.CLOSED,
)


@dataclass(frozen=True, slots=True)
class Sample:
    """What the load needs to know about the database: who is in it, and who has a story."""

    ids: tuple[int, ...]
    names: tuple[str, ...]
    rich_ids: tuple[int, ...]


def _organizations(rng: random.Random, count: int = 300) -> list[str]:
    """Return ``count`` organisation names, shuffled."""
    names = [f"{word} {kind}" for word in ORG_WORDS for kind in ORG_KINDS]
    rng.shuffle(names)
    return names[:count]


def _slug(text: str) -> str:
    """Return ``text`` lower-cased, letters and digits only, for email addresses."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _person_fields(
    rng: random.Random, orgs: Sequence[str], weights: Sequence[float]
) -> PersonFields:
    """Return one made-up person, working at one of ``orgs`` (picked by ``weights``)."""
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    org = rng.choices(orgs, weights=weights)[0] if rng.random() < 0.9 else None
    emails = []
    if org is not None:
        emails.append(f"{_slug(given)}.{_slug(family)}@{_slug(org)}.example")
    if org is None or rng.random() < 0.3:
        emails.append(f"{_slug(given)}{rng.randint(1, 999)}@{rng.choice(PERSONAL_DOMAINS)}")
    return PersonFields(
        full_name=f"{given} {family}",
        given_name=given,
        family_name=family,
        organization=org,
        title=rng.choice(TITLES) if rng.random() < 0.95 else None,
        emails=emails,
        phones=[f"+1 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"]
        if rng.random() < 0.2
        else None,
        tags=rng.sample(TAGS, rng.choice((0, 0, 1, 1, 2, 3))),
        how_known=rng.choices(HOW_KNOWN, weights=HOW_KNOWN_WEIGHTS)[0],
        preferred_channel=rng.choice(tuple(Channel)) if rng.random() < 0.3 else None,
    )


def generate(store: Store, count: int, *, seed: int = SEED) -> None:
    """Fill ``store`` with ``count`` generated people and a little of everything else.

    Everything goes through the services, ``BATCH`` people per transaction; the same
    ``seed`` builds the same data, dated relative to today.
    """
    rng = random.Random(seed)
    orgs = _organizations(rng)
    # A few organisations employ many of the people, most only a handful.
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(orgs))]
    end = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    start = end - timedelta(days=730)
    step = timedelta(days=600) / max(count, 1)
    ids: list[int] = []
    for first in range(0, count, BATCH):
        with store.workspace() as ws:
            for i in range(first, min(first + BATCH, count)):
                record = people.add_person(
                    session=ws.session,
                    owner=ws.owner,
                    fields=_person_fields(rng, orgs, weights),
                    now=start + step * i,
                )
                ids.append(record.id)
    if ids:
        with store.workspace() as ws:
            _add_story(ws, rng, ids, since=start + step * count, until=end)


def _add_story(
    ws: Workspace, rng: random.Random, ids: Sequence[int], *, since: datetime, until: datetime
) -> None:
    """Add targets, conversations, referrals and notes involving a few hundred people."""
    target_ids = [
        targets.add_target(
            session=ws.session,
            owner=ws.owner,
            fields=TargetFields(
                role=role,
                industry=industry,
                organization=org,
                status=rng.choice(tuple(TargetStatus)),
            ),
            now=since,
        ).id
        for role, industry, org in TARGET_ROLES
    ]
    cast = rng.sample(list(ids), min(len(ids), 400))
    span = (until - since).total_seconds()
    for person_id in cast[:300]:
        at = since + timedelta(seconds=rng.uniform(0, span * 0.8))
        conversation = conversations.new_conversation(
            session=ws.session,
            owner=ws.owner,
            person_id=person_id,
            target_id=rng.choice([*target_ids, None]),
            requested_minutes=rng.choice((15, 20, 30)),
            now=at,
        )
        for state in HAPPY_PATH[: rng.randint(0, len(HAPPY_PATH))]:
            at += timedelta(hours=rng.randint(2, 96))
            conversations.advance(
                session=ws.session,
                owner=ws.owner,
                conversation_id=conversation.id,
                move=Move(
                    to=state,
                    at=at,
                    scheduled_at=at + timedelta(days=3) if state is HAPPY_PATH[1] else None,
                    actual_minutes=rng.choice((20, 25, 30, 45)) if state is HAPPY_PATH[2] else None,
                    outcome="Talked about the path in, the hiring bar and who else to ask."
                    if state is HAPPY_PATH[2]
                    else None,
                ),
            )
    seen: set[tuple[int, int]] = set()
    for _ in range(300):
        referrer, referred = rng.choice(cast), rng.choice(ids)
        if referrer == referred or (referrer, referred) in seen:
            continue
        seen.add((referrer, referred))
        referrals.refer(
            session=ws.session,
            owner=ws.owner,
            referrer_id=referrer,
            referred_id=referred,
            target_id=rng.choice([*target_ids, None]),
            may_use_name=rng.random() < 0.5,
            on=(since + timedelta(seconds=rng.uniform(0, span))).date(),
            now=until,
        )
    for n in range(600):
        notes.add_note(
            session=ws.session,
            owner=ws.owner,
            about="person",
            about_id=rng.choice(cast),
            body=f"Note {n}: met at an alumni event; ask about the team's roadmap.\n"
            "Follow up in two weeks with the article they mentioned.",
            now=since + timedelta(seconds=rng.uniform(0, span)),
        )


def sample(store: Store) -> Sample:
    """Read back, through the services, the people's ids and names, and who has a story."""
    with store.workspace() as ws:
        everyone = people.list_people(session=ws.session, owner=ws.owner, filters=PersonFilter())
        talked = conversations.list_conversations(session=ws.session, owner=ws.owner)
    rich = sorted({c.person_id for c in talked})
    return Sample(
        ids=tuple(p.id for p in everyone),
        names=tuple(
            " ".join(filter(None, (p.full_name, p.organization, p.title))) for p in everyone
        ),
        rich_ids=tuple(rich),
    )


def search_paths(rng: random.Random, data: Sample, count: int) -> list[str]:
    """Return ``/people?q=`` paths for 2-3 letter fragments cut out of stored text."""
    paths: list[str] = []
    while len(paths) < count:
        words = [w for w in rng.choice(data.names).lower().split() if len(w) >= 3 and w.isalpha()]
        if not words:
            continue
        word = rng.choice(words)
        size = rng.choice((2, 3))
        at = rng.randrange(len(word) - size + 1)
        paths.append(f"/people?q={quote(word[at : at + size])}")
    return paths


def person_paths(rng: random.Random, data: Sample, count: int) -> list[str]:
    """Return ``/people/<id>`` paths: half people with a story, half anyone."""
    pool = data.rich_ids or data.ids
    return [f"/people/{rng.choice(pool) if i % 2 else rng.choice(data.ids)}" for i in range(count)]
