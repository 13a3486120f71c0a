"""Detect a centre-type housing office: a unit at the centre of the whole field.

The report's summary and §8 describe "sentre for det boligsosiale arbeidet": a
unit that administers most of the instruments, carries a coordinating
responsibility for the whole field, and takes part in strategic work.
:func:`find_centre` tests these three criteria on the graph's structure only;
it never reads graph-level attributes (the municipality's name and data) nor
the report's judgements.

Examples
--------
>>> import orggraph
>>> c = find_centre(orggraph.load_dataset("nova2008")["porsgrunn"])
>>> c.unit, c.placement
('boliggruppe', 'inside technical (B&E)')
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from orggraph import vocabulary as voc
from orggraph.graph import coordination_edges, responsibility_edges, unit_nodes
from orggraph.metrics import STRATEGIC_TASKS, centrality

__all__ = ["Centre", "find_centre", "instruments_of", "placement"]

_NOT_CANDIDATES = ("team", "forum")


@dataclass(frozen=True)
class Centre:
    """The result of :func:`find_centre`.

    ``unit`` is None when no unit meets every criterion; ``candidate`` is then
    the best-scoring unit. ``evidence`` maps each criterion to whether it held
    and ``details`` says why, in words.
    """

    unit: str | None
    candidate: str | None
    placement: str | None
    score: float
    evidence: dict[str, bool] = field(default_factory=dict)
    details: dict[str, str] = field(default_factory=dict)


def instruments_of(G: nx.Graph) -> dict[str, set[str]]:
    """Return unit → the instruments of the operative tasks it holds (any role)."""
    out: dict[str, set[str]] = {u: set() for u in unit_nodes(G)}
    for u, t, _ in responsibility_edges(G):
        if voc.TASKS[t].level != "strategic":
            out[u].add(voc.TASKS[t].instrument)
    return out


def placement(G: nx.Graph, unit: str) -> str:
    """Return where `unit` sits: independent office, or inside technical, health/social or service.

    A unit that is ``part_of`` another is placed by its parent's sector; a unit
    with no parent is "independent" if it is a housing office, else it is
    named by its own type.
    """
    parents = [b for a, b, d in coordination_edges(G) if d["kind"] == "part_of" and a == unit]
    utype = G.nodes[unit]["unit_type"]
    if parents:
        sector = G.nodes[parents[0]]["sector"]
        ptype = voc.UNIT_TYPES[G.nodes[parents[0]]["unit_type"]].abbrev
        where = {"technical": "technical", "social": "health/social", "health_care": "health/social",
                 "service": "service office"}.get(sector, sector)
        return f"inside {where} ({ptype})"
    if utype == "housing_office":
        return "independent office"
    return voc.UNIT_TYPES[utype].en


def find_centre(G: nx.Graph, *, min_instrument_share: float = 0.5) -> Centre:
    """Return the unit that acts as a centre for the whole social-housing field, if any.

    Parameters
    ----------
    G
        An organisation graph.
    min_instrument_share
        Criterion *instruments*: the unit holds operative tasks of at least this
        share of the instruments present in the graph, and of no fewer than any
        other unit (default 0.5: "most" instruments).

    Returns
    -------
    Centre
        The centre (or None) with its placement, score and evidence.

    Notes
    -----
    Criteria, for every unit that is not a team or forum:

    1. *instruments*: :math:`|I_u| / |I| \\ge` `min_instrument_share` and
       :math:`|I_u| = \\max_v |I_v|`, where :math:`I_u` is the set of
       instruments of the operative tasks :math:`u` holds and :math:`I` that of
       the whole graph (co-administration, §6.2A).
    2. *coordinating*: the unit leads or is secretary of a team, is secretary
       for a task, or has the highest two-mode betweenness of all units
       (a coordinating position, §6.2B–C).
    3. *strategic*: the unit holds a strategic task (lead, action plan, needs
       assessment) (§3.4, §7.2B).

    The centre is the unit meeting all three; the score is
    :math:`(|I_u|/|I| + [2] + [3]) / 3`. If several meet all three, the one
    with the highest score (then betweenness) wins.
    """
    from orggraph.graph import check_graph

    G = check_graph(G)
    inst = instruments_of(G)
    total = set().union(*inst.values()) if inst else set()
    cands = [u for u in unit_nodes(G) if G.nodes[u]["unit_type"] not in _NOT_CANDIDATES]
    if not cands or not total:
        return Centre(None, None, None, 0.0)
    most = max(len(inst[u]) for u in cands)
    cen = centrality(G)
    top_btw = cen["betweenness"].max() if len(cen) else 0.0
    leads_team = {a for a, _, d in coordination_edges(G)
                  if d["kind"] == "team_membership" and d["team_role"] in ("leader", "secretary")}
    secretary = {u for u, _, d in responsibility_edges(G) if d["role"] == "secretary"}
    strategic = {u for u, t, _ in responsibility_edges(G) if t in STRATEGIC_TASKS}

    results = []
    for u in cands:
        share = len(inst[u]) / len(total)
        a = share >= min_instrument_share and len(inst[u]) == most
        btw = float(cen.loc[u, "betweenness"]) if u in cen.index else 0.0
        b = bool(u in leads_team or u in secretary or (btw > 0 and btw == top_btw))
        c = u in strategic
        why_b = ("leads or is secretary of a team" if u in leads_team else
                 "secretary for a task" if u in secretary else
                 "highest betweenness of all units" if b else "no coordinating position")
        details = {
            "instruments": f"holds {len(inst[u])} of {len(total)} instruments ({share:.0%}); "
                           f"most held by any unit: {most}",
            "coordinating": why_b,
            "strategic": "holds a strategic task" if c else "no strategic task",
        }
        score = (share + b + c) / 3
        results.append((a and b and c, score, btw, u, {"instruments": a, "coordinating": b, "strategic": c},
                        details))
    results.sort(key=lambda r: (r[0], r[1], r[2]), reverse=True)
    ok, score, _, u, evidence, details = results[0]
    return Centre(u if ok else None, u, placement(G, u), round(score, 4), evidence, details)
