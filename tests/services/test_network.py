"""The referral network from the database, on both backends: chains from you, depth,
doors opened, dead ends and the report-backs owed."""

from __future__ import annotations

from datetime import date

from infointerview.domain.vocabulary import ConversationState as S
from infointerview.services import network
from tests import factories
from tests.factories import Workspace


def test_chains_depth_doors_dead_ends_and_debts(ws: Workspace) -> None:
    maya = factories.person(ws, "Maya Chen")
    omar = factories.person(ws, "Omar Haddad")
    priya = factories.person(ws, "Priya Raghunathan")
    kenji = factories.person(ws, "Kenji Watanabe")
    factories.person(ws, "Nobody Yet")  # in no conversation and no referral: not in it
    factories.conversation(ws, maya.id, state=S.CLOSED)
    factories.conversation(ws, omar.id, state=S.HELD)
    factories.conversation(ws, priya.id, state=S.REQUESTED)
    factories.referral(ws, maya.id, omar.id, may_use_name=True)
    factories.referral(ws, omar.id, priya.id)
    factories.referral(ws, maya.id, kenji.id, on=date(2026, 11, 3))

    g = network.graph(session=ws.session, owner=ws.owner)
    assert list(g.predecessors(priya.id)) == [omar.id]
    assert list(g.predecessors(omar.id)) == [maya.id]
    assert list(g.predecessors(maya.id)) == [network.YOU]
    assert g.nodes[priya.id]["depth"] == 3
    said = network.summary(session=ws.session, owner=ws.owner, g=g)
    assert (said.people, said.referrals, said.depth) == (4, 3, 3)
    assert [(d.name, d.referrals) for d in said.doors] == [("Maya Chen", 2), ("Omar Haddad", 1)]
    assert said.dead_ends == ()  # Omar, met, referred Priya
    # Omar met: tell Maya. Priya has not answered yet, and Kenji was not asked.
    assert [(o.referrer, o.referred) for o in said.owed] == [("Maya Chen", "Omar Haddad")]


def test_a_met_person_who_referred_no_one_is_a_dead_end_and_cycles_do_not_loop(
    ws: Workspace,
) -> None:
    ana = factories.person(ws, "Ana Ruiz")
    ben = factories.person(ws, "Ben Ode")
    factories.conversation(ws, ana.id, state=S.THANKED)
    factories.referral(ws, ben.id, ana.id)
    factories.referral(ws, ana.id, ben.id)  # a cycle, entered from nowhere
    g = network.graph(session=ws.session, owner=ws.owner)
    said = network.summary(session=ws.session, owner=ws.owner, g=g)
    assert said.people == 2
    # Only in a cycle: the first is taken as reached by you, the other through them.
    assert (g.nodes[ana.id]["depth"], g.nodes[ben.id]["depth"]) == (1, 2)
    assert said.referrals == 2


def test_names_with_control_characters_export_cleanly(ws: Workspace) -> None:
    import networkx

    from infointerview.io import network_export
    from infointerview.store.models import Person

    ana = factories.person(ws, "Ana Ruiz")
    factories.conversation(ws, ana.id, state=S.REQUESTED)
    row = ws.session.get(Person, ana.id)
    assert row is not None
    row.full_name = "Ana\x01 Ruiz\x1b"  # as a hand-edited backup could restore it
    ws.session.flush()
    g = network.graph(session=ws.session, owner=ws.owner)
    assert g.nodes[ana.id]["name"] == "Ana  Ruiz"
    text = network_export.graphml(g)
    parsed = networkx.parse_graphml(text)
    assert {d["name"] for _, d in parsed.nodes(data=True)} == {"You", "Ana  Ruiz"}


def test_the_nearest_people_keep_the_chains_first_and_their_way_from_you(
    ws: Workspace,
) -> None:
    ana, ben, cas, dee = (factories.person(ws, name) for name in ("Ana", "Ben", "Cas", "Dee"))
    loners = [factories.person(ws, f"Aaron {n}") for n in range(3)]
    for loner in loners:  # reached on your own, referred no one; alphabetically first
        factories.conversation(ws, loner.id, state=S.REQUESTED)
    factories.referral(ws, ana.id, ben.id)
    factories.referral(ws, ben.id, cas.id)
    factories.referral(ws, cas.id, dee.id)
    g = network.graph(session=ws.session, owner=ws.owner)

    cut = network.nearest(g, limit=5)
    assert set(cut.nodes) == {network.YOU, ana.id, ben.id, cas.id, dee.id, loners[0].id}
    assert list(cut.predecessors(dee.id)) == [cas.id]
    assert cut.nodes[dee.id] == g.nodes[dee.id]
    shorter = network.nearest(g, limit=2)
    assert set(shorter.nodes) == {network.YOU, ana.id, ben.id}  # the chain from you, unbroken
    assert set(network.nearest(g, limit=100).nodes) == set(g.nodes)
    assert set(network.nearest(g, limit=0).nodes) == {network.YOU}
