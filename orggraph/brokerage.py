"""Bridging units: brokerage roles between sectors, structural holes, cut points.

All functions work on the one-mode unit graph (:func:`orggraph.metrics.unit_graph`:
units tied by coordination or by sharing a task). Read them as the report's
worry that coordination hangs on one unit or one person (§6.2E): a unit that
brokers many pairs, or whose removal cuts the graph, is a single point of
failure.

Examples
--------
>>> import orggraph
>>> b = brokerage_roles(orggraph.load_dataset("nova2008")["porsgrunn"])
>>> b.loc["boliggruppe"].to_dict()
{'coordinator': 0, 'consultant': 1, 'gatekeeper_representative': 0, 'liaison': 2}
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from orggraph.metrics import unit_graph

__all__ = ["ROLES", "bridges", "brokerage_roles", "constraint"]

#: Gould–Fernandez roles for undirected ties (gatekeeper and representative
#: cannot be told apart without direction and are merged).
ROLES = ("coordinator", "consultant", "gatekeeper_representative", "liaison")


def brokerage_roles(G: nx.Graph, *, group: str = "sector") -> pd.DataFrame:
    """Count the Gould–Fernandez brokerage roles of every unit between sectors.

    For every unit :math:`b` and every pair of its neighbours :math:`a, c` in
    the unit graph that are not tied to each other, :math:`b` brokers
    :math:`a`–:math:`c`. With :math:`g(\\cdot)` the unit's `group` (sector by
    default) the brokerage is a *coordinator* if :math:`g(a)=g(b)=g(c)`, a
    *consultant* (itinerant) if :math:`g(a)=g(c)\\ne g(b)`, a
    *gatekeeper/representative* if :math:`b` shares its group with exactly one
    of :math:`a, c`, and a *liaison* if all three differ.

    Returns
    -------
    pandas.DataFrame
        Indexed by unit, one column per role in :data:`ROLES`.

    References
    ----------
    Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation: a formal
    approach to brokerage in transaction networks. *Sociological Methodology*
    19, 89–126.
    """
    H = unit_graph(G)
    counts = {u: dict.fromkeys(ROLES, 0) for u in H}
    for b in H:
        nbrs = sorted(H[b])
        for i, a in enumerate(nbrs):
            for c in nbrs[i + 1:]:
                if H.has_edge(a, c):
                    continue
                ga, gb, gc = (G.nodes[x].get(group) for x in (a, b, c))
                if ga == gb == gc:
                    role = "coordinator"
                elif ga == gc:
                    role = "consultant"
                elif gb in (ga, gc):
                    role = "gatekeeper_representative"
                else:
                    role = "liaison"
                counts[b][role] += 1
    return pd.DataFrame.from_dict(counts, orient="index", columns=list(ROLES)).astype(int)


def constraint(G: nx.Graph) -> pd.Series:
    """Return Burt's constraint of every unit in the unit graph (NaN for isolated units).

    :math:`c_i = \\sum_{j \\ne i} (p_{ij} + \\sum_{q \\ne i,j} p_{iq} p_{qj})^2`,
    with :math:`p_{ij}` the share of :math:`i`'s ties that go to :math:`j`
    (networkx ``constraint``). Low constraint: the unit spans structural holes.

    References
    ----------
    Burt, R. S. (1992). *Structural Holes*. Harvard University Press.
    """
    H = unit_graph(G)
    return pd.Series(nx.constraint(H), dtype=float).reindex(list(H))


def bridges(G: nx.Graph) -> list[tuple[str, str]]:
    """Return the unit–unit ties whose removal disconnects the unit graph (networkx ``bridges``)."""
    return sorted(tuple(sorted(e)) for e in nx.bridges(unit_graph(G)))
