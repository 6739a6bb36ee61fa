"""The Network page: the referral network drawn in the browser (cytoscape.js, vendored),
a node opening its person, with the numbers and the whole tree as links beside it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from infointerview.domain.vocabulary import ConversationState as S
from infointerview.io import network_export
from infointerview.services import network
from infointerview.web.context import workspace
from infointerview.web.templating import render

if TYPE_CHECKING:
    import networkx

router = APIRouter()

# The most people the picture draws: past a few hundred, names no longer fit on a screen
# and the layout takes seconds. The list on the page has everyone.
MAX_NODES = 400

# How far each person's conversations got, as the picture colours it (the legend's order).
GROUPS: dict[str, str] = {
    S.HELD: "met",
    S.THANKED: "met",
    S.CLOSED: "met",
    S.SCHEDULED: "agreed",
    S.REQUESTED: "asked",
    S.NO_RESPONSE: "asked",
    S.DECLINED: "declined",
    "": "not-asked",
}


def tree(g: networkx.DiGraph[int]) -> list[tuple[int, int, str, str]]:
    """Return ``(depth, id, name, state)`` for everyone in ``g`` but you, each under the
    person who referred them (the order of ``network_export.walk``)."""
    return [
        (depth, n, g.nodes[n]["name"], g.nodes[n]["state"])
        for depth, n in network_export.walk(g)
        if n != network.YOU
    ]


@router.get("/network", name="network")
def network_page(request: Request) -> Response:
    """Show the referral network: the picture (drawn by static/network.js from
    /network.json), its legend, the numbers and the tree as links."""
    with workspace(request) as ws:
        g = network.graph(session=ws.session, owner=ws.owner)
        said = network.summary(session=ws.session, owner=ws.owner, g=g)
    context = {
        "network": said,
        "tree": tree(g),
        "drawn": min(said.people, MAX_NODES),
    }
    return render(request, "network.html", context)


@router.get("/network.json", name="network_data")
def network_data(request: Request) -> Response:
    """The picture's data: the JSON export's nodes and links, cut to MAX_NODES people,
    with each node's colour group, whether it is a dead end or owed a report-back, and
    the address of its person's page."""
    with workspace(request) as ws:
        g = network.graph(session=ws.session, owner=ws.owner)
        said = network.summary(session=ws.session, owner=ws.owner, g=g)
    shown = network.nearest(g, limit=MAX_NODES)
    dead = {person for person, _ in said.dead_ends}
    owed = {o.referrer_id for o in said.owed}
    document: dict[str, Any] = network_export.document(shown)
    for node in document["nodes"]:
        you = node["id"] == network.YOU
        node["group"] = "you" if you else GROUPS.get(node["state"], "not-asked")
        node["dead_end"] = node["id"] in dead
        node["owed"] = node["id"] in owed
        node["url"] = None if you else f"/people/{node['id']}"
    document.update(people=said.people, shown=len(shown) - 1, limit=MAX_NODES)
    return JSONResponse(document)
