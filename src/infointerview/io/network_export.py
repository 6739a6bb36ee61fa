"""The referral network as a file: Graphviz DOT, GraphML (networkx), JSON, or a text tree.

Names are the explorer's text: DOT quotes and escapes them, GraphML and JSON are written
by their libraries, and the text tree prints them as they are.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx

FORMATS = ("text", "dot", "graphml", "json")
YOU = 0


def render(g: networkx.DiGraph[int], fmt: str) -> str:
    """Return the network ``g`` in ``fmt`` (one of FORMATS)."""
    return {"text": tree, "dot": dot, "graphml": graphml, "json": as_json}[fmt](g)


def _escaped(text: str) -> str:
    # Inside a DOT string: a backslash before a quote or a backslash; breaks as spaces.
    return " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"')


def dot(g: networkx.DiGraph[int]) -> str:
    """Return ``g`` as a Graphviz digraph: you at the top, referrals as arrows (solid where
    the referrer's name may be used)."""
    lines = [
        "digraph referrals {",
        "  rankdir=TB;",
        '  node [shape=box, style=rounded, fontname="Helvetica"];',
    ]
    for node in sorted(g.nodes):
        data = g.nodes[node]
        label = _escaped(data["name"])
        if data.get("state"):
            label += "\\n" + _escaped(data["state"])  # DOT's line break in a label
        shape = ", shape=ellipse" if node == YOU else ""
        lines.append(f'  n{node} [label="{label}"{shape}];')
    for a, b in sorted(g.edges):
        style = "" if a == YOU or g.edges[a, b].get("may_use_name") else " [style=dashed]"
        lines.append(f"  n{a} -> n{b}{style};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def graphml(g: networkx.DiGraph[int]) -> str:
    """Return ``g`` as GraphML, as networkx writes it."""
    import networkx as nx

    return "\n".join(nx.generate_graphml(g)) + "\n"


def as_json(g: networkx.DiGraph[int]) -> str:
    """Return ``g`` as JSON: ``nodes`` (id, name, state, depth) and ``links``."""
    return json.dumps(document(g), ensure_ascii=False, indent=1) + "\n"


def document(g: networkx.DiGraph[int]) -> dict[str, Any]:
    """Return what ``as_json`` writes: ``nodes`` (id, name, state, depth) and ``links``
    (from, to, may_use_name), each in id order."""
    return {
        "nodes": [
            {
                "id": n,
                "name": g.nodes[n]["name"],
                "state": g.nodes[n].get("state", ""),
                "depth": g.nodes[n].get("depth", -1),
            }
            for n in sorted(g.nodes)
        ],
        "links": [
            {"from": a, "to": b, "may_use_name": bool(g.edges[a, b].get("may_use_name"))}
            for a, b in sorted(g.edges)
        ],
    }


def walk(g: networkx.DiGraph[int]) -> list[tuple[int, int]]:
    """Return ``(depth, node)`` from you, depth first, each person under the one who
    referred them, once (at their first place), names in alphabetical order."""
    order: list[tuple[int, int]] = []
    seen: set[int] = set()
    stack = [(0, YOU)]  # without recursion: a chain may be long
    while stack:
        depth, node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        order.append((depth, node))
        children = sorted(g.successors(node), key=lambda n: g.nodes[n]["name"].casefold())
        stack.extend((depth + 1, child) for child in reversed(children))
    return order


def tree(g: networkx.DiGraph[int]) -> str:
    """Return ``g`` as an indented tree from you, each person once (at their first place)."""
    lines = []
    for depth, node in walk(g):
        data = g.nodes[node]
        state = f" ({data['state']})" if data.get("state") else ""
        lines.append("  " * depth + ("" if node == YOU else "└ ") + data["name"] + state)
    return "\n".join(lines) + "\n"
