"""Bridging units: brokerage roles between sectors, structural holes, cut points.

Part of the analysis layer (:mod:`orggraph.analysis`): built on
:mod:`~orggraph.analysis.metrics` (its unit graph) and read by
:mod:`~orggraph.analysis.summary`, which reports :func:`summarize_brokerage`
for every municipality. All functions work on the one-mode unit graph
(:func:`orggraph.analysis.metrics.unit_adjacency`: units tied by coordination
or by sharing a task). Read them as the report's worry that coordination
hangs on one unit or one person (§6.2E): a unit that brokers many pairs, or
whose removal cuts the graph, is a single point of failure.

Examples
--------
>>> import orggraph
>>> b = brokerage_roles(orggraph.load_dataset("nova2008")["porsgrunn"])
>>> b.loc["boliggruppe"].to_dict()
{'coordinator': 0, 'consultant': 1, 'gatekeeper_representative': 0, 'liaison': 2}
"""

from __future__ import annotations

from collections.abc import Hashable

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
    of :math:`a, c`, and a *liaison* if all three differ [1]_.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).
    group : str, default "sector"
        The unit attribute whose values are the groups (a unit without it is in
        the group ``None``).

    Returns
    -------
    pandas.DataFrame
        Indexed by unit (graph order), one integer column per role in
        :data:`ROLES`: the number of unordered open pairs :math:`\\{a, c\\}` the
        unit brokers in that role.

    See Also
    --------
    summarize_brokerage : The liaison roles summed over units.

    Notes
    -----
    The ties are undirected, so Gould and Fernandez's gatekeeper (:math:`b`
    shares its group with the receiver) and representative (with the sender)
    cannot be told apart and are counted together. With :math:`N(b)` the
    neighbours of :math:`b` in the unit graph,

    .. math:: \\text{liaison}(b) = |\\{\\{a, c\\} \\subseteq N(b) : a \\not\\sim c,\\;
              g(a), g(b), g(c) \\text{ all different}\\}|,

    and likewise for the other roles.

    References
    ----------
    .. [1] Gould, R. V., & Fernandez, R. M. (1989). Structures of mediation: A
       formal approach to brokerage in transaction networks. *Sociological
       Methodology* 19, 89–126. https://doi.org/10.2307/270949

    Examples
    --------
    >>> import orggraph
    >>> b = brokerage_roles(orggraph.load_dataset("nova2008")["hamar"])
    >>> b.loc["boligforum"].to_dict()
    {'coordinator': 0, 'consultant': 1, 'gatekeeper_representative': 0, 'liaison': 13}
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

    :math:`c_i = \\sum_{j \\in N(i)} (p_{ij} + \\sum_{q \\ne i,j} p_{iq} p_{qj})^2`,
    with :math:`N(i)` the neighbours of :math:`i` and :math:`p_{ij}` the share of
    :math:`i`'s ties that go to :math:`j` (as networkx ``constraint``) [1]_. Low
    constraint: the unit spans structural holes.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).

    Returns
    -------
    pandas.Series
        Float, indexed by unit (graph order).

    Notes
    -----
    The unit graph is unweighted and undirected, so :math:`p_{ij} = 1/\\deg(i)`
    for every neighbour :math:`j`. A unit with one neighbour has constraint 1;
    a unit whose neighbours are tied to each other is more constrained than one
    whose neighbours are not.

    References
    ----------
    .. [1] Burt, R. S. (1992). *Structural Holes: The Social Structure of
       Competition*. Harvard University Press. https://doi.org/10.4159/9780674029095

    Examples
    --------
    >>> import orggraph
    >>> c = constraint(orggraph.load_dataset("nova2008")["porsgrunn"])
    >>> c.round(3).to_dict()
    {'be': 1.0, 'boliggruppe': 0.333, 'stiftelse': 1.0, 'team': 1.0, 'service': nan}
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


def bridges(G: nx.Graph) -> list[tuple[Hashable, Hashable]]:
    """Return the unit–unit ties whose removal disconnects the unit graph (as networkx ``bridges``; python-igraph).

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).

    Returns
    -------
    list of tuple of (str, str)
        Each bridge as a pair of units in sorted order; the list sorted.

    Examples
    --------
    >>> import orggraph
    >>> bridges(orggraph.load_dataset("nova2008")["porsgrunn"])
    [('be', 'boliggruppe'), ('boliggruppe', 'stiftelse'), ('boliggruppe', 'team')]
    """
    units, adj = unit_adjacency(G)
    # node keys need not be comparable with each other (ints and text): order them by their text
    pairs = [(u, v) if str(u) <= str(v) else (v, u) for u, v in ((units[a], units[b]) for a, b in _bridges(adj))]
    return sorted(pairs, key=lambda e: (str(e[0]), str(e[1])))


def _bridges(adj: np.ndarray) -> list[tuple[int, int]]:
    igraph = load_igraph()

    i, j = np.nonzero(np.triu(adj, 1))
    H = igraph.Graph(n=len(adj), edges=np.column_stack([i, j]).tolist())
    return [(e.source, e.target) for e in H.es[H.bridges()]]


def summarize_brokerage(G: nx.Graph, *, group: str = "sector") -> dict[str, float]:
    """Return ``liaison_brokerage`` (liaison roles summed over units), ``min_constraint`` and ``bridges`` (count).

    The same numbers as :func:`brokerage_roles`, :func:`constraint` and
    :func:`bridges`, from one unit graph.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).
    group : str, default "sector"
        The unit attribute whose values are the groups of :func:`brokerage_roles`.

    Returns
    -------
    dict
        ``liaison_brokerage`` (int, Gould–Fernandez liaison roles [1]_ summed
        over units), ``min_constraint`` (float, the lowest Burt constraint [2]_
        of a unit with a tie; NaN when no unit has one) and ``bridges`` (int).

    References
    ----------
    .. [1] Gould, R. V., & Fernandez, R. M. (1989). Structures of mediation: A
       formal approach to brokerage in transaction networks. *Sociological
       Methodology* 19, 89–126. https://doi.org/10.2307/270949
    .. [2] Burt, R. S. (1992). *Structural Holes: The Social Structure of
       Competition*. Harvard University Press. https://doi.org/10.4159/9780674029095

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
