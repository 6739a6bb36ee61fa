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

from sqlalchemy import select
from sqlalchemy.orm import Session

from infointerview.domain.vocabulary import ConversationState as S
from infointerview.store.models import Conversation, Person, Referral

if TYPE_CHECKING:
    import networkx

YOU = 0  # the root's node id; people are their own ids (never 0)
_MET = (S.HELD, S.THANKED, S.CLOSED)


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
    ``name``, ``state`` (of their latest conversation) and ``depth`` on each node."""
    import networkx

    g: networkx.DiGraph[int] = networkx.DiGraph()
    g.add_node(YOU, name="You", state="", depth=0)
    states: dict[int, str] = {}
    for person, state in session.execute(
        select(Conversation.person_id, Conversation.state)
        .where(Conversation.owner_id == owner, Conversation.state != S.DRAFT)
        .order_by(Conversation.created_at, Conversation.id)
    ):
        states[person] = S(state).value
    links = session.execute(
        select(Referral.referrer_id, Referral.referred_id, Referral.may_use_name).where(
            Referral.owner_id == owner
        )
    ).all()
    involved = set(states) | {a for a, _, _ in links} | {b for _, b, _ in links}
    names = dict(
        session.execute(
            select(Person.id, Person.full_name).where(
                Person.owner_id == owner, Person.id.in_(sorted(involved) or [-1])
            )
        ).all()
    )
    for person in sorted(involved):
        g.add_node(person, name=names.get(person, f"#{person}"), state=states.get(person, ""))
    for referrer, referred, may_use in links:
        g.add_edge(referrer, referred, may_use_name=bool(may_use))
    for person in sorted(involved):
        if g.in_degree(person) == 0:
            g.add_edge(YOU, person, may_use_name=False)
    depths = networkx.single_source_shortest_path_length(g, YOU)
    for node in g.nodes:
        g.nodes[node]["depth"] = depths.get(node, -1)  # -1: only in a referral cycle
    return g


def chain(g: networkx.DiGraph[int], person_id: int) -> list[str]:
    """Return the names on the shortest chain from you to ``person_id`` (empty if none)."""
    import networkx

    try:
        path = networkx.shortest_path(g, YOU, person_id)
    except (networkx.NetworkXNoPath, networkx.NodeNotFound):
        return []
    return [g.nodes[n]["name"] for n in path]


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
        referrals=sum(1 for a, _ in g.edges if a != YOU),
        depth=max((g.nodes[n]["depth"] for n in g.nodes), default=0),
        doors=tuple(doors),
        dead_ends=dead,
        owed=tuple(_owed(session, owner)),
    )


def _owed(session: Session, owner: int) -> list[Owed]:
    """Referrals whose referred person was asked but the referrer not yet told."""
    referrer = select(Person.full_name).where(Person.id == Referral.referrer_id).scalar_subquery()
    referred = select(Person.full_name).where(Person.id == Referral.referred_id).scalar_subquery()
    asked = (
        select(Conversation.id)
        .where(
            Conversation.person_id == Referral.referred_id,
            Conversation.state != S.DRAFT,
        )
        .exists()
    )
    rows = session.execute(
        select(Referral.referrer_id, referrer, referred)
        .where(Referral.owner_id == owner, Referral.reported_back_on.is_(None), asked)
        .order_by(Referral.referred_on, Referral.id)
    )
    return [Owed(rid, a, b) for rid, a, b in rows]
