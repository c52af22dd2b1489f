"""Who met whom: the meetings matching a filter as a graph, laid out on the server as SVG.

Nodes are officials or countries, sized by their number of meetings; edges join two nodes
that met, as wide as their number of meetings together. To stay readable the graph keeps
the ``top`` busiest nodes and folds all others into one "others" node. The layout is
networkx's force-directed one (Fruchterman-Reingold), seeded, so the same data always
gives the same picture; the page caches it with the rest (meetings/pagecache.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import networkx as nx

from meetings import queries
from meetings.models import country_name

WIDTH, HEIGHT, MARGIN = 960, 640, 60
OTHERS = "others"
MAX_EDGES = 600  # the strongest; a picture with more lines shows none of them
# The busiest nodes carry their name (all of them in a small graph); the others show it
# on hover and in the list of pairs.
LABELLED, LABELLED_OF_MANY = 50, 20
PALETTE = ("#0a58a8", "#b35c00", "#2f7d32", "#8e24aa", "#c62828", "#00838f", "#6d4c41",
           "#455a64")


@dataclass
class Node:
    key: str
    label: str
    count: int
    value: str = ""  # the filter value (slug or country code); "" for the others node
    url: str = ""  # the meetings of this node (set by the view)
    group: str = ""  # the country, for colour
    x: float = 0.0
    y: float = 0.0
    r: float = 0.0
    label_y: float = 0.0
    colour: str = "#4f5863"
    labelled: bool = False


@dataclass
class Edge:
    a: Node
    b: Node
    weight: int
    width: float = 1.0
    url: str = ""  # the meetings of both (set by the view)


@dataclass
class Graph:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    meetings: int = 0
    sampled: bool = False
    folded: int = 0  # nodes folded into "others"
    dropped_edges: int = 0

    @property
    def strongest(self) -> list[Edge]:
        named = [e for e in self.edges if e.url]
        return sorted(named, key=lambda e: (-e.weight, e.a.label, e.b.label))[:20]


def meeting_graph(*, filters: queries.MeetingFilters, nodes: str, top: int) -> Graph:
    """The graph of who met whom among the meetings matching ``filters``."""
    counted, counts, pairs = queries.network_counts(filters=filters, nodes=nodes)
    graph = Graph(meetings=counted, sampled=counted >= queries.NETWORK_SAMPLE)
    if not counts:
        return graph
    kept = sorted(counts, key=lambda k: (-counts[k], str(k)))[:top]
    kept_set = set(kept)
    if nodes == "countries":
        made = {code: Node(key=code, label=country_name(code), count=counts[code], value=code,
                           group=code) for code in kept}
    else:
        people = queries.officials_by_id(ids=kept)
        made = {pk: Node(key=str(pk), label=people[pk].name, count=counts[pk],
                         value=people[pk].slug, group=people[pk].country or
                         people[pk].organization) for pk in kept if pk in people}
    folded = [k for k in counts if k not in kept_set]
    graph.folded = len(folded)
    weights: dict[tuple, int] = {}
    for (a, b), n in pairs.items():
        a_in, b_in = a in made, b in made
        if a_in and b_in:
            weights[(a, b)] = weights.get((a, b), 0) + n
        elif a_in or b_in:
            inside = a if a_in else b
            weights[(inside, OTHERS)] = weights.get((inside, OTHERS), 0) + n
    if folded:
        made[OTHERS] = Node(key=OTHERS, label=f"{len(folded)} others",
                            count=sum(counts[k] for k in folded))
    ordered = sorted(weights.items(), key=lambda kv: -kv[1])
    graph.dropped_edges = max(0, len(ordered) - MAX_EDGES)
    graph.nodes = list(made.values())
    graph.edges = [Edge(a=made[a], b=made[b], weight=n) for (a, b), n in ordered[:MAX_EDGES]]
    _layout(graph)
    return graph


def _layout(graph: Graph) -> None:
    linked = {e.a.key for e in graph.edges} | {e.b.key for e in graph.edges}
    # Nodes that met nobody else here go in a row along the bottom, out of the way.
    alone = [node for node in graph.nodes if node.key not in linked]
    bottom = HEIGHT - MARGIN - (40 if alone else 0)
    g = nx.Graph()
    g.add_nodes_from(key for key in linked)
    # Lines to the folded "others" pull weakly: the named nodes place by their own links.
    g.add_weighted_edges_from((e.a.key, e.b.key, 1 if OTHERS in (e.a.key, e.b.key) else e.weight)
                              for e in graph.edges)
    # A hidden hub holding every node by a weak spring keeps separate groups on the page
    # instead of flung to its corners.
    hub = "\x00hub"
    g.add_weighted_edges_from((hub, key, 0.05) for key in linked)
    # Twice networkx's default spacing: labelled circles need room.
    spacing = 2 / math.sqrt(max(len(linked), 1))
    positions = nx.spring_layout(g, weight="weight", seed=1, iterations=60, k=spacing) \
        if linked else {}
    positions.pop(hub, None)
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    for i, node in enumerate(alone):
        positions[node.key] = (min(xs) + span_x * (i + 0.5) / len(alone), None)
    biggest = max(node.count for node in graph.nodes if node.key != OTHERS)
    heaviest = max((e.weight for e in graph.edges if OTHERS not in (e.a.key, e.b.key)),
                   default=1)
    labelled = LABELLED if len(graph.nodes) <= LABELLED else LABELLED_OF_MANY
    groups: dict[str, str] = {}
    for rank, node in enumerate(sorted(graph.nodes, key=lambda n: -n.count)):
        x, y = positions[node.key]
        node.x = round(MARGIN + (x - min(xs)) / span_x * (WIDTH - 2 * MARGIN), 1)
        node.y = float(HEIGHT - MARGIN) if y is None else \
            round(MARGIN + (y - min(ys)) / span_y * (bottom - MARGIN), 1)
        node.r = round(4 + 16 * math.sqrt(min(node.count / biggest, 1.0)), 1)
        node.label_y = round(node.y + node.r + 12, 1)
        node.labelled = rank < labelled
        if node.key != OTHERS:
            # One colour per country (or organisation), in order of first appearance.
            groups.setdefault(node.group, PALETTE[len(groups) % len(PALETTE)])
            node.colour = groups[node.group]
    for edge in graph.edges:
        edge.width = round(1 + 7 * min(edge.weight / heaviest, 1.0), 1)
