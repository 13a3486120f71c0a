"""Bridging units: brokerage roles between sectors, structural holes, cut points.

All functions work on the one-mode unit graph (:func:`orggraph.analysis.metrics.unit_adjacency`:
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
import numpy as np
import pandas as pd

from orggraph.analysis._igraph import load_igraph
from orggraph.analysis.metrics import unit_adjacency

__all__ = ["ROLES", "bridges", "brokerage_roles", "constraint", "summarize_brokerage"]

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
    units, adj = unit_adjacency(G)
    counts = _roles(adj, [G.nodes[u].get(group) for u in units])
    return pd.DataFrame(counts, index=pd.Index(units, dtype=object), columns=pd.Index(ROLES, dtype=object))


def _roles(adj: np.ndarray, groups: list[object]) -> np.ndarray:
    codes = {g: i for i, g in enumerate(dict.fromkeys(groups))}
    code = np.array([codes[g] for g in groups])
    same = code[:, None] == code[None, :]
    nbr = adj.astype(float)
    open_ = (~adj & ~np.eye(len(adj), dtype=bool)).astype(float)  # a and c distinct and not tied
    ns, nd = nbr * same, nbr * ~same  # b's neighbours in its own group / in another group
    # for broker b, each role counts the open pairs {a, c} of its neighbours: quadratic forms (N K N^T)[b, b]

    def form(left: np.ndarray, k: np.ndarray, right: np.ndarray) -> np.ndarray:
        return ((left @ k) * right).sum(axis=1)

    counts = np.column_stack([
        form(ns, open_, ns) / 2,                    # coordinator: a, b, c in one group
        form(nd, open_ * same, nd) / 2,             # consultant: a, c share a group that b is not in
        form(ns, open_, nd),                        # gatekeeper/representative: b shares with one of a, c
        form(nd, open_ * ~same, nd) / 2,            # liaison: all three differ
    ])
    return np.rint(counts).astype(int)


def constraint(G: nx.Graph) -> pd.Series:
    """Return Burt's constraint of every unit in the unit graph (NaN for isolated units).

    :math:`c_i = \\sum_{j \\ne i} (p_{ij} + \\sum_{q \\ne i,j} p_{iq} p_{qj})^2`,
    with :math:`p_{ij}` the share of :math:`i`'s ties that go to :math:`j`
    (as networkx ``constraint``). Low constraint: the unit spans structural holes.

    References
    ----------
    Burt, R. S. (1992). *Structural Holes*. Harvard University Press.
    """
    units, adj = unit_adjacency(G)
    return pd.Series(_constraint(adj), index=pd.Index(units, dtype=object), dtype=float)


def _constraint(adj: np.ndarray) -> np.ndarray:
    a = adj.astype(float)
    deg = a.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = a / np.where(deg > 0, deg, 1)[:, None]
        local = (p + p @ p) ** 2
        return np.where(deg > 0, (a * local).sum(axis=1), np.nan)


def bridges(G: nx.Graph) -> list[tuple[str, str]]:
    """Return the unit–unit ties whose removal disconnects the unit graph (as networkx ``bridges``; python-igraph)."""
    units, adj = unit_adjacency(G)
    return sorted(tuple(sorted((units[a], units[b]))) for a, b in _bridges(adj))


def _bridges(adj: np.ndarray) -> list[tuple[int, int]]:
    igraph = load_igraph()

    i, j = np.nonzero(np.triu(adj, 1))
    H = igraph.Graph(n=len(adj), edges=np.column_stack([i, j]).tolist())
    return [(e.source, e.target) for e in H.es[H.bridges()]]


def summarize_brokerage(G: nx.Graph, *, group: str = "sector") -> dict[str, float]:
    """Return ``liaison_brokerage`` (liaison roles summed over units), ``min_constraint`` and ``bridges`` (count).

    The same numbers as :func:`brokerage_roles`, :func:`constraint` and
    :func:`bridges`, from one unit graph.

    Examples
    --------
    >>> import orggraph
    >>> summarize_brokerage(orggraph.load_dataset("nova2008")["porsgrunn"])["liaison_brokerage"]
    2
    """
    units, adj = unit_adjacency(G)
    con = _constraint(adj)
    con = con[~np.isnan(con)]
    return {"liaison_brokerage": int(_roles(adj, [G.nodes[u].get(group) for u in units])[:, 3].sum()),
            "min_constraint": float(con.min()) if len(con) else float("nan"),
            "bridges": len(_bridges(adj))}
