"""The referral network (seed 004: keep "a record of the contacts you have made, and the
links between your various contacts, as well as the outcomes").

A directed graph (networkx): you at the root, an edge from you to each person you
reached on your own, and from each referrer to the person they suggested. From it: the
chain from you to anyone and its depth, who opened the most doors, the dead ends (met,
but no referral yet: "who else should I speak to?" was not asked or not answered), and
the referrers still owed a report-back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from infointerview.domain.vocabulary import ConversationState as S
from infointerview.domain.vocabulary import MessageStatus
from infointerview.store.models import Conversation, Message, Person, Referral

if TYPE_CHECKING:
    import networkx

YOU = 0  # the root's node id; people are their own ids (never 0)
_MET = (S.HELD, S.THANKED, S.CLOSED)
_ANSWERED = (S.SCHEDULED, S.HELD, S.THANKED, S.CLOSED)
# How far a conversation got, least to most: a person shows their furthest.
_STEPS = (S.REQUESTED, S.NO_RESPONSE, S.DECLINED, S.SCHEDULED, S.HELD, S.THANKED, S.CLOSED)


@dataclass(frozen=True, slots=True)
class Door:
    """Someone who referred you on, and to how many people."""

    person_id: int
    name: str
    referrals: int


@dataclass(frozen=True, slots=True)
class Owed:
    """A referrer to tell how the conversation they suggested went."""

    referrer_id: int
    referrer: str
    referred: str


@dataclass(frozen=True, slots=True)
class Summary:
    """What the network says: its size, depth, doors opened, dead ends, debts."""

    people: int
    referrals: int
    depth: int
    doors: tuple[Door, ...]
    dead_ends: tuple[tuple[int, str], ...]
    owed: tuple[Owed, ...]


def graph(*, session: Session, owner: int) -> networkx.DiGraph[int]:
    """Return the network: people in a conversation past draft or in a referral, with
    ``name``, ``state`` (the furthest step of their conversations) and ``depth`` on each
    node."""
    import networkx

    g: networkx.DiGraph[int] = networkx.DiGraph()
    g.add_node(YOU, name="You", state="", depth=0)
    c = Conversation
    # Each person's furthest step, one row a person (the order of _STEPS).
    step = case(*((c.state == s, n) for n, s in enumerate(_STEPS)), else_=-1)
    states = {
        person: _STEPS[n].value
        for person, n in session.execute(
            select(c.person_id, func.max(step))
            .where(c.owner_id == owner, c.state != S.DRAFT)
            .group_by(c.person_id)
        )
        if n is not None and n >= 0
    }
    links = session.execute(
        select(Referral.referrer_id, Referral.referred_id, Referral.may_use_name).where(
            Referral.owner_id == owner
        )
    ).all()
    involved = set(states) | {a for a, _, _ in links} | {b for _, b, _ in links}
    in_network = or_(
        select(c.id).where(c.person_id == Person.id, c.state != S.DRAFT).exists(),
        select(Referral.id)
        .where((Referral.referrer_id == Person.id) | (Referral.referred_id == Person.id))
        .exists(),
    )
    names = dict(
        session.execute(
            select(Person.id, Person.full_name).where(Person.owner_id == owner, in_network)
        ).all()
    )
    for person in sorted(involved):
        g.add_node(
            person, name=_clean(names.get(person, f"#{person}")), state=states.get(person, "")
        )
    for referrer, referred, may_use in links:
        g.add_edge(referrer, referred, may_use_name=bool(may_use))
    for person in sorted(involved):
        if g.in_degree(person) == 0:
            g.add_edge(YOU, person, may_use_name=False)
    # People only in a referral cycle: the first of each is one you reached yourself.
    reached = networkx.descendants(g, YOU)
    for person in sorted(involved):
        if person not in reached:
            g.add_edge(YOU, person, may_use_name=False)
            reached |= networkx.descendants(g, YOU)
    depths = networkx.single_source_shortest_path_length(g, YOU)
    for node in g.nodes:
        g.nodes[node]["depth"] = depths.get(node, -1)  # -1: only in a referral cycle
    return g


def nearest(g: networkx.DiGraph[int], *, limit: int) -> networkx.DiGraph[int]:
    """Return ``g`` cut to you and at most ``limit`` people, for a picture that stays
    readable: everyone in a referral chain first, nearest you first, then the people you
    reached yourself who referred no one. Each kept person's way from you is kept too."""

    def _rank(n: int) -> tuple[bool, int, str, int]:
        lone = g.out_degree(n) == 0 and set(g.predecessors(n)) == {YOU}
        depth = g.nodes[n]["depth"]
        return (lone, depth if depth >= 0 else len(g), g.nodes[n]["name"].casefold(), n)

    people = sorted((n for n in g.nodes if n != YOU), key=_rank)
    return g.subgraph([YOU, *people[: max(limit, 0)]]).copy()


def _clean(name: str) -> str:
    """A name as the exports can carry it: no control characters (a restored backup may
    hold some that the forms would have refused)."""
    return "".join(ch if ch.isprintable() else " " for ch in name).strip() or "?"


def summary(*, session: Session, owner: int, g: networkx.DiGraph[int]) -> Summary:
    """Return what the network says, most doors first."""
    people = [n for n in g.nodes if n != YOU]
    doors = sorted(
        (Door(n, g.nodes[n]["name"], g.out_degree(n)) for n in people if g.out_degree(n) > 0),
        key=lambda d: (-d.referrals, d.name.casefold()),
    )
    dead = tuple(
        (n, g.nodes[n]["name"])
        for n in sorted(people, key=lambda n: g.nodes[n]["name"].casefold())
        if g.nodes[n]["state"] in {s.value for s in _MET} and g.out_degree(n) == 0
    )
    return Summary(
        people=len(people),
        referrals=session.scalar(
            select(func.count()).select_from(Referral).where(Referral.owner_id == owner)
        )
        or 0,
        depth=max((g.nodes[n]["depth"] for n in g.nodes), default=0),
        doors=tuple(doors),
        dead_ends=dead,
        owed=tuple(_owed(session, owner)),
    )


def _owed(session: Session, owner: int) -> list[Owed]:
    """Referrals whose referred person answered (agreed, met, or replied) since the
    referral, and whose referrer is not yet told: as Today's report-back rule asks."""
    referrer = select(Person.full_name).where(Person.id == Referral.referrer_id).scalar_subquery()
    referred = select(Person.full_name).where(Person.id == Referral.referred_id).scalar_subquery()
    c = Conversation
    replied = (
        select(Message.id)
        .where(Message.conversation_id == c.id, Message.status == MessageStatus.RECEIVED)
        .exists()
    )
    answered = (
        select(c.id)
        .where(
            c.person_id == Referral.referred_id,
            c.updated_at >= Referral.referred_on,
            c.state.in_(_ANSWERED) | replied,
        )
        .exists()
    )
    rows = session.execute(
        select(Referral.referrer_id, referrer, referred)
        .where(Referral.owner_id == owner, Referral.reported_back_on.is_(None), answered)
        .order_by(Referral.referred_on, Referral.id)
    )
    return [Owed(rid, a, b) for rid, a, b in rows]
