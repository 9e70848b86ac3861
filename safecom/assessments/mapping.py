"""What an answer to one requirement says about requirements of other frameworks.

From the current mappings: `equal` carries an answer both ways, and on along further `equal`
mappings (chscp X = bscp Y = dorset Z: an answer to chscp X reaches dorset Z, "through bscp
Y"); `subset` carries an answer to the wider `to` requirement onto the narrower `from` one,
while an answer to `from` only partly covers `to`; `intersect` partly covers both ways. Only
`equal` chains: a subset or intersect counts only as a direct mapping of the requirement
answered, and a direct mapping always says more than a chain. Only full cover copies an answer.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from safecom.standards.models import RequirementMapping

FULL = "full"
PARTIAL = "partial"
EQUAL = RequirementMapping.Relation.EQUAL.value
SUBSET = RequirementMapping.Relation.SUBSET.value

Node = tuple[str, str]  # (framework, ref)


def key_of(node: Node) -> str:
    return f"{node[0]} {node[1]}"


@dataclass(frozen=True)
class Cover:
    framework: str
    ref: str
    extent: str  # FULL or PARTIAL
    relation: str
    rationale: str
    via: tuple[str, ...] = ()  # requirements an `equal` chain passes through, in order

    @property
    def key(self) -> str:
        return f"{self.framework} {self.ref}"

    @property
    def through(self) -> str:
        """ "bscp 2.5" or "bscp 2.5 and hips 1a"; "" for a direct mapping."""
        return " and ".join(self.via)


@dataclass(frozen=True)
class _Edge:
    other: Node
    relation: str
    forward: bool  # this end is the mapping's `from`
    rationale: str


class Graph:
    """The current mappings, read once, as edges from each requirement."""

    def __init__(self, rows: Iterable[tuple[str, str, str, str, str, str]]) -> None:
        self.edges: dict[Node, list[_Edge]] = {}
        for from_fw, from_ref, to_fw, to_ref, relation, rationale in rows:
            a, b = (from_fw, from_ref), (to_fw, to_ref)
            if a == b:
                continue  # a requirement mapped to itself says nothing
            self.edges.setdefault(a, []).append(_Edge(b, relation, True, rationale))
            self.edges.setdefault(b, []).append(_Edge(a, relation, False, rationale))

    def of(self, node: Node) -> list[_Edge]:
        return self.edges.get(node, [])


def current_graph() -> Graph:
    return Graph(
        RequirementMapping.objects.filter(mapping_set__is_current=True)
        .order_by("pk")
        .values_list(
            "from_framework", "from_ref", "to_framework", "to_ref", "relation", "rationale"
        )
    )


def _direct_extent(edge: _Edge, *, answered_end: bool) -> str:
    """How far an answer at one end of a direct mapping covers the other end.

    `answered_end` True: the answer is at this end (what it covers); False: the answer is at
    the other end (what covers this requirement)."""
    if edge.relation == EQUAL:
        return FULL
    if edge.relation == SUBSET:
        # `to` asks for all `from` asks and more: an answer to `to` covers `from` fully.
        answer_is_from = edge.forward if answered_end else not edge.forward
        return PARTIAL if answer_is_from else FULL
    return PARTIAL


def _reach(start: Node, graph: Graph, *, answered_end: bool) -> list[Cover]:
    found: dict[Node, Cover] = {}
    # Every requirement an unbroken chain of `equal` mappings reaches; each once (no cycles).
    seen = {start}
    queue: deque[tuple[Node, tuple[str, ...]]] = deque([(start, ())])
    while queue:
        node, path = queue.popleft()
        for edge in graph.of(node):
            if edge.relation != EQUAL or edge.other in seen:
                continue
            seen.add(edge.other)
            found[edge.other] = Cover(*edge.other, FULL, EQUAL, edge.rationale, path)
            queue.append((edge.other, (*path, key_of(edge.other))))
    # Direct mappings of the requirement itself say exactly how it relates to each other one.
    for edge in graph.of(start):
        extent = _direct_extent(edge, answered_end=answered_end)
        known = found.get(edge.other)
        if known is not None and not known.via and known.extent == FULL and extent != FULL:
            continue  # a direct `equal` outranks an odd second mapping between the same two
        found[edge.other] = Cover(*edge.other, extent, edge.relation, edge.rationale)
    return sorted(found.values(), key=lambda c: (c.extent != FULL, len(c.via), c.framework, c.ref))


def covers(*, framework: str, ref: str, graph: Graph | None = None) -> list[Cover]:
    """Requirements an answer to (framework, ref) fully or partly covers."""
    return _reach((framework, ref), graph or current_graph(), answered_end=True)


def covered_by(*, framework: str, ref: str, graph: Graph | None = None) -> list[Cover]:
    """Requirements whose answers fully or partly cover (framework, ref): the reverse view."""
    return _reach((framework, ref), graph or current_graph(), answered_end=False)
