"""Classify a municipality into the report's four ideal-type models (§3.5).

:func:`classify` returns model 1, 2, 3, 4 or ``"fragmented"`` with the
criteria met and failed, in words a researcher can quote. It reads the graph's
nodes and edges only: never graph-level attributes (the municipality's name
and data), never the report's judgements, and no rule mentions a
municipality.

The rules, in order (the first that holds decides):

1. **Model 1**, co-administration and coordination led by a housing office or
   department (own unit or inside B&E): there is a centre
   (:func:`orggraph.find_centre`) and it, or the unit it is part of (a
   housing department inside B&E), builds, buys or manages dwellings.
2. **Model 2**, co-administration by a housing office outside the technical
   sector: there is a centre, it does not build or manage, and it takes part
   in allocating dwellings (any role, or as leader/secretary of the allocating
   team) — the orderer role.
3. **Model 3**, coordinated instruments at the operative level: one
   operative unit (with the units it is part of or that are part of it, and
   the teams it sits on) both allocates start loans and takes part in
   allocating dwellings, without building or managing dwellings.
4. **Model 4**, informal coordination: none of the above, and the pairs of
   units that must coordinate are tied at least `min_coverage` of the time
   (:func:`orggraph.metrics.coordination_coverage`), or a team or forum
   exists.
5. **fragmented**: none of the above.

Examples
--------
>>> import orggraph
>>> graphs = orggraph.load_dataset("nova2008")
>>> classify(graphs["ski"]).model
1
>>> classify(graphs["kristiansand"]).model
2
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import networkx as nx

from orggraph.centre import Centre, find_centre
from orggraph.graph import coordination_edges, unit_nodes
from orggraph.metrics import coordination_coverage, holders

__all__ = ["Classification", "classify"]

_BUILD = ("provide_dwellings", "manage_dwellings")


@dataclass(frozen=True)
class Classification:
    """The result of :func:`classify`: the model and the criteria met and failed."""

    model: int | str
    centre: Centre
    met: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def explain(self) -> str:
        """Return the classification in quotable sentences."""
        head = f"Model {self.model}." if isinstance(self.model, int) else "Fragmented (outside the four models)."
        return " ".join([head, *(f"Met: {m}." for m in self.met), *(f"Not met: {f}." for f in self.failed)])


def _parents(G: nx.Graph, unit: str) -> set[str]:
    """The unit and the units it is part of."""
    return {unit} | {b for a, b, d in coordination_edges(G) if d["kind"] == "part_of" and a == unit}


def _family(G: nx.Graph, unit: str) -> set[str]:
    """The unit, the units it is part of or that are part of it, and the teams it sits on."""
    out = {unit}
    for a, b, d in coordination_edges(G):
        if d["kind"] == "part_of" and unit in (a, b):
            out.update((a, b))
    for a, b, d in coordination_edges(G):
        if d["kind"] == "team_membership" and a in out:
            out.add(b)
    return out


def _allocating_units(G: nx.Graph) -> set[str]:
    """Units that allocate dwellings: holders, plus leaders/secretaries of an allocating team."""
    alloc = set(holders(G, "allocate_dwelling"))
    for a, b, d in coordination_edges(G):
        if d["kind"] == "team_membership" and d["team_role"] in ("leader", "secretary") and b in alloc:
            alloc.add(a)
    return alloc


def classify(G: nx.Graph, *, min_instrument_share: float = 0.5, min_coverage: float = 0.25) -> Classification:
    """Return the report's organisation model (1–4 or ``"fragmented"``) of `G`.

    Parameters
    ----------
    G
        An organisation graph.
    min_instrument_share
        Passed to :func:`orggraph.find_centre`.
    min_coverage
        Model 4 needs at least this coordination coverage, or a team or forum.

    Returns
    -------
    Classification
        ``model``, the ``centre`` found, and the criteria ``met`` and ``failed``.
    """
    from orggraph.graph import check_graph

    G = check_graph(G)
    centre = find_centre(G, min_instrument_share=min_instrument_share)
    met: list[str] = []
    failed: list[str] = []
    builders = {u for t in _BUILD for u in holders(G, t)}
    if centre.unit is not None:
        name = G.nodes[centre.unit]["name"]
        met.append(f"a centre: {name} ({centre.placement}) administers most instruments, "
                   "holds a coordinating position and takes part in strategic work")
        if _parents(G, centre.unit) & builders:
            met.append(f"{name}, or the unit it is part of, builds, buys or manages the dwellings (model 1)")
            return Classification(1, centre, met, failed)
        failed.append(f"neither {name} nor a unit it is part of builds or manages dwellings (model 1)")
        if centre.unit in _allocating_units(G):
            met.append(f"{name} takes part in allocating dwellings as orderer (model 2)")
            return Classification(2, centre, met, failed)
        failed.append(f"{name} does not take part in allocating dwellings (model 2)")
    else:
        failed.append("no centre: " + "; ".join(
            f"{k} ({v})" for k, v in centre.details.items() if not centre.evidence.get(k)) if centre.candidate
            else "no centre")
    loans, allocators = set(holders(G, "allocate_start_loan")), _allocating_units(G)
    hub = None
    for u in unit_nodes(G):
        if G.nodes[u]["unit_type"] in ("team", "forum", "admin"):
            continue
        fam = _family(G, u)
        if u in builders:
            continue
        if fam & loans and fam & allocators:
            hub = u
            break
    if hub is not None:
        met.append(f"{G.nodes[hub]['name']} (with its teams) allocates start loans and takes part in "
                   "allocating dwellings, without building or managing them (model 3)")
        return Classification(3, centre, met, failed)
    failed.append("no operative unit allocates both start loans and dwellings (model 3)")
    coverage = coordination_coverage(G)
    bodies = [u for u in unit_nodes(G) if G.nodes[u]["unit_type"] in ("team", "forum")]
    if bodies or (not math.isnan(coverage) and coverage >= min_coverage):
        what = f"{len(bodies)} team(s) or forum(s)" if bodies else f"coordination coverage {coverage:.2f}"
        met.append(f"instruments spread over units, coordinated through {what} (model 4)")
        return Classification(4, centre, met, failed)
    failed.append(f"no team or forum and coordination coverage {coverage:.2f} < {min_coverage} (model 4)")
    return Classification("fragmented", centre, met, failed)
