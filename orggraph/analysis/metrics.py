"""Graph metrics of fragmentation and coordination for one municipality.

Part of the analysis layer (:mod:`orggraph.analysis`): it reads organisation
graphs built by the data model (:mod:`orggraph.core.graph`) and is read in turn
by :mod:`~orggraph.analysis.summary`, :mod:`~orggraph.analysis.models` and
:mod:`~orggraph.analysis.brokerage`. Every function takes an organisation graph
and returns Python scalars or pandas objects. :func:`orggraph.summarize`
returns them all as one :class:`pandas.Series`; :func:`orggraph.compare` a
DataFrame with one row per municipality.

Notation: :math:`U` the units, :math:`T` the tasks held, :math:`R \\subseteq
U \\times T` the responsibility ties (any role), :math:`U(t)` the units that
hold task :math:`t`.

Examples
--------
>>> import orggraph
>>> G = orggraph.load_dataset("nova2008")["ski"]
>>> round(concentration(G)["top_share"], 3)
0.667
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from typing import Any, cast

import networkx as nx
import numpy as np
import pandas as pd

from orggraph.analysis._igraph import load_igraph
from orggraph.core import vocabulary as voc
from orggraph.core.graph import coordination_edges, responsibility_edges, task_nodes, unit_nodes

__all__ = [
    "centrality",
    "components",
    "concentration",
    "coordination_coverage",
    "holders",
    "max_betweenness",
    "sharing",
    "size",
    "splits",
    "unit_adjacency",
    "unit_graph",
    "vertical",
]

STRATEGIC_TASKS = tuple(t for t, v in voc.TASKS.items() if v.level == "strategic")
OPERATIVE_TASKS = tuple(t for t, v in voc.TASKS.items() if v.level != "strategic")
_MEMBERSHIP = ("team_membership", "forum_membership")
#: The tie kinds that are coordination. ``part_of`` is hierarchy, not coordination: it
#: places a unit, it does not say that two units coordinate (§3.3, §6.2B–E name the
#: forms of coordination: teams, forums, routines for consultation, informal contact).
COORDINATING_KINDS = tuple(k for k in voc.COORDINATION_KINDS if k != "part_of")


def holders(G: nx.Graph, task: str) -> list[str]:
    """Return the units that hold `task` in any role, in graph order.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).
    task : str
        A task code (:data:`orggraph.core.vocabulary.TASKS`).

    Returns
    -------
    list of str
        The unit nodes tied to `task`, in the order of `G`'s adjacency; empty
        when `task` is not in `G`.

    Examples
    --------
    >>> import orggraph
    >>> holders(orggraph.load_dataset("nova2008")["porsgrunn"], "allocate_dwelling")
    ['boliggruppe', 'team']
    """
    if task not in G:
        return []
    return [u for u in G.neighbors(task) if G.nodes[u].get("kind") == "unit"]


def size(G: nx.Graph) -> dict[str, int]:
    """Return counts: units, operative and strategic units, tasks, teams, coordination ties.

    A unit is *operative* when it holds an operative task (allocation or
    execution) and *strategic* when it holds a strategic task; a unit can be both.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).

    Returns
    -------
    dict of {str: int}
        ``units`` (:math:`|U|`), ``responsibilities`` (:math:`|R|`, one per
        role), ``operative_units``, ``strategic_units``, ``tasks`` (task nodes),
        ``teams`` (units of type ``team``) and ``coordination_ties`` (every
        coordination edge, ``part_of`` included).

    Examples
    --------
    >>> import orggraph
    >>> s = size(orggraph.load_dataset("nova2008")["porsgrunn"])
    >>> s["units"], s["operative_units"], s["strategic_units"], s["tasks"], s["coordination_ties"]
    (5, 5, 1, 10, 3)
    """
    units = unit_nodes(G)
    op = {u for u, t, _ in responsibility_edges(G) if t in OPERATIVE_TASKS}
    st = {u for u, t, _ in responsibility_edges(G) if t in STRATEGIC_TASKS}
    return {
        "units": len(units),
        "responsibilities": len(responsibility_edges(G)),
        "operative_units": len(op),
        "strategic_units": len(st),
        "tasks": len(task_nodes(G)),
        "teams": sum(G.nodes[u]["unit_type"] == "team" for u in units),
        "coordination_ties": len(coordination_edges(G)),
    }


def concentration(G: nx.Graph, tasks: Iterable[str] = voc.CORE_TASKS) -> dict[str, float]:
    """Return how concentrated the core operative tasks are over units (horizontal type 1).

    Each task held by :math:`k` units gives each of them a share :math:`1/k`;
    :math:`s_u` is unit :math:`u`'s total divided by the number of tasks held.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).
    tasks : iterable of str, default :data:`orggraph.core.vocabulary.CORE_TASKS`
        The tasks to count; those held by no unit of `G` are left out.

    Returns
    -------
    dict of {str: float}
        ``hhi`` :math:`= \\sum_u s_u^2` (Herfindahl–Hirschman index; 1 when one
        unit holds everything); ``fragmentation`` :math:`= 1 - \\mathrm{HHI}`;
        ``entropy`` :math:`= -\\sum_u s_u \\ln s_u / \\ln n` normalised by the
        number :math:`n` of units with a share (0 for one unit, 1 for an even
        spread); ``top_share`` :math:`= \\max_u s_u`, the share of the unit that
        co-administers most. NaN when no task is held.

    See Also
    --------
    sharing : How often a task is held by several units.

    Notes
    -----
    With :math:`T^*` the tasks of `tasks` held by some unit,

    .. math:: s_u = \\frac{1}{|T^*|} \\sum_{t \\in T^*,\\, u \\in U(t)} \\frac{1}{|U(t)|},
              \\qquad \\sum_u s_u = 1.

    Herfindahl (1950); the normalised Shannon entropy is Pielou's evenness
    :math:`J` [1]_. Tasks the report does not cover for a municipality are
    absent from its graph and do not count.

    References
    ----------
    .. [1] Pielou, E. C. (1966). The measurement of diversity in different types
       of biological collections. *Journal of Theoretical Biology* 13, 131–144.
       https://doi.org/10.1016/0022-5193(66)90013-0

    Examples
    --------
    >>> G = nx.MultiGraph()
    >>> for u in "ab":
    ...     G.add_node(u, kind="unit", unit_type="be")
    >>> for t in ("manage_dwellings", "allocate_dwelling"):
    ...     G.add_node(t, kind="task")
    >>> _ = G.add_edges_from([("a", "manage_dwellings"), ("a", "allocate_dwelling"),
    ...                   ("b", "allocate_dwelling")])
    >>> c = concentration(G)
    >>> c["hhi"], c["top_share"]
    (0.625, 0.75)
    """
    share: dict[str, float] = defaultdict(float)
    held = [t for t in tasks if holders(G, t)]
    for t in held:
        hs = holders(G, t)
        for u in hs:
            share[u] += 1 / len(hs) / len(held)
    if not held:
        nan = float("nan")
        return {"hhi": nan, "fragmentation": nan, "entropy": nan, "top_share": nan}
    hhi = sum(s * s for s in share.values())
    n = len(share)
    ent = -sum(s * math.log(s) for s in share.values() if s > 0)
    return {
        "hhi": hhi,
        "fragmentation": 1 - hhi,
        "entropy": ent / math.log(n) if n > 1 else 0.0,
        "top_share": max(share.values()),
    }


def sharing(G: nx.Graph, tasks: Iterable[str] = voc.CORE_TASKS) -> dict[str, float]:
    """Return how often a task is held by several units (horizontal type 2).

    ``units_per_task`` is the mean of :math:`|U(t)|` over held tasks;
    ``alone_share`` the share of held tasks with :math:`|U(t)| = 1` — the
    report's "alone" (eneansvar) as opposed to "participates" (medvirker),
    Tables 3.1 and 4.1–4.3.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).
    tasks : iterable of str, default :data:`orggraph.core.vocabulary.CORE_TASKS`
        The tasks to count; those held by no unit of `G` are left out.

    Returns
    -------
    dict of {str: float}
        ``units_per_task`` and ``alone_share``; both NaN when no task of
        `tasks` is held.

    See Also
    --------
    concentration : How the same tasks are spread over units.

    Notes
    -----
    With :math:`T^*` the tasks of `tasks` held by some unit,

    .. math:: \\text{units\\_per\\_task} = \\frac{1}{|T^*|}\\sum_{t \\in T^*} |U(t)|, \\qquad
              \\text{alone\\_share} = \\frac{|\\{t \\in T^* : |U(t)| = 1\\}|}{|T^*|}.

    Examples
    --------
    >>> import orggraph
    >>> sharing(orggraph.load_dataset("nova2008")["porsgrunn"])
    {'units_per_task': 1.5, 'alone_share': 0.5}
    """
    counts = [len(holders(G, t)) for t in tasks]
    counts = [c for c in counts if c]
    if not counts:
        return {"units_per_task": float("nan"), "alone_share": float("nan")}
    return {"units_per_task": sum(counts) / len(counts),
            "alone_share": sum(c == 1 for c in counts) / len(counts)}


def _members(coordination: Iterable[tuple[Hashable, Hashable, dict]]) -> dict[Hashable, set[Hashable]]:
    """Team or forum → its member units (including itself), from the graph's :func:`coordination_edges`."""
    out: dict[Hashable, set[Hashable]] = defaultdict(set)
    for a, b, d in coordination:
        if d["kind"] in _MEMBERSHIP:
            out[b].update((a, b))
    return out


def _joined(G: nx.Graph, a: Hashable, b: Hashable, members: Mapping[Hashable, set[Hashable]]) -> bool:
    """Whether units a and b are tied by coordination (not part-of): directly or through a common team/forum."""
    if G.has_edge(a, b) and any(d.get("relation") == "coordination" and d.get("kind") in COORDINATING_KINDS
                                for d in G[a][b].values()):
        return True
    return any(a in m and b in m for m in members.values())


def splits(G: nx.Graph) -> dict[str, object]:
    """Return the allocator/provider splits (horizontal type 3) and whether each is bridged.

    For dwellings the allocators are :math:`U(\\text{allocate\\_dwelling})` and
    the providers :math:`U(\\text{manage\\_dwellings})`; for follow-up
    :math:`U(\\text{allocate\\_follow\\_up})` and
    :math:`U(\\text{deliver\\_follow\\_up})`. A split exists when both sets are
    known and disjoint. It is *bridged* when some allocator and some provider
    are tied by coordination (not by ``part_of``, which is hierarchy): directly,
    or as members of one team or forum, or the provider sits on the allocating
    team.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).

    Returns
    -------
    dict of {str: bool}
        ``dwelling_split``, ``dwelling_bridged``, ``follow_up_split``,
        ``follow_up_bridged`` (bridged is False where there is no split).

    Notes
    -----
    With :math:`A` the allocators and :math:`P` the providers,
    :math:`\\text{split} = A \\ne \\emptyset \\wedge P \\ne \\emptyset \\wedge
    A \\cap P = \\emptyset` and :math:`\\text{bridged} = \\text{split} \\wedge
    \\exists a \\in A, p \\in P` joined by a tie of
    :data:`COORDINATING_KINDS` or both members of one team or forum (a team or
    forum counts as its own member).

    Examples
    --------
    >>> import orggraph
    >>> graphs = orggraph.load_dataset("nova2008")
    >>> s = splits(graphs["haugesund"])
    >>> s["dwelling_split"], s["dwelling_bridged"]
    (True, False)
    >>> splits(graphs["kristiansand"])["dwelling_bridged"]
    True
    """
    members = _members(coordination_edges(G))
    out: dict[str, object] = {}
    for name, alloc_task, prov_task in (("dwelling", "allocate_dwelling", "manage_dwellings"),
                                        ("follow_up", "allocate_follow_up", "deliver_follow_up")):
        alloc, prov = set(holders(G, alloc_task)), set(holders(G, prov_task))
        split = bool(alloc) and bool(prov) and not alloc & prov
        bridged = split and any(_joined(G, a, p, members) for a in alloc for p in prov)
        out[f"{name}_split"] = split
        out[f"{name}_bridged"] = bool(bridged)
    return out


def vertical(G: nx.Graph) -> dict[str, object]:
    """Return measures of vertical fragmentation (strategy detached from operation).

    ``strategy_detached``: every unit with a strategic task holds no operative
    task (and some unit holds a strategic task). ``operative_in_strategy``:
    the share of operative units that also hold a strategic task.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).

    Returns
    -------
    dict
        ``strategy_detached`` (bool) and ``operative_in_strategy`` (float, NaN
        when no unit holds an operative task).

    Notes
    -----
    With :math:`S` the units holding a strategic task and :math:`O` those holding
    an operative (allocation or execution) task:
    :math:`\\text{strategy\\_detached} = S \\ne \\emptyset \\wedge S \\cap O = \\emptyset`
    and :math:`\\text{operative\\_in\\_strategy} = |S \\cap O| / |O|`.

    Examples
    --------
    >>> import orggraph
    >>> graphs = orggraph.load_dataset("nova2008")
    >>> vertical(graphs["hamar"])
    {'strategy_detached': True, 'operative_in_strategy': 0.0}
    >>> vertical(graphs["ski"])
    {'strategy_detached': False, 'operative_in_strategy': 0.5}
    """
    tasks_of: dict[Hashable, set[Hashable]] = defaultdict(set)
    for u, t, _ in responsibility_edges(G):
        tasks_of[u].add(t)
    strategic = {u for u, ts in tasks_of.items() if ts & set(STRATEGIC_TASKS)}
    operative = {u for u, ts in tasks_of.items() if ts & set(OPERATIVE_TASKS)}
    return {
        "strategy_detached": bool(strategic) and not strategic & operative,
        "operative_in_strategy": len(strategic & operative) / len(operative) if operative else float("nan"),
    }


def coordination_coverage(G: nx.Graph) -> float:
    """Return the share of unit pairs that must coordinate and are tied by coordination.

    A pair *must coordinate* when the two units hold tasks of the same
    instrument (the strategic tasks count as one instrument, ``strategy``), or
    sit on the two sides of an allocator/provider split (see :func:`splits`). It
    is *tied* when joined by a coordination edge of :data:`COORDINATING_KINDS`
    (``part_of`` is hierarchy and does not count) or by membership of one team or
    forum (a team or forum counts as its own member, so it is joined to each of
    its members). Teams and forums are otherwise units like any other: one that
    holds a task takes part in the pairs that must coordinate.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).

    Returns
    -------
    float
        The coverage in [0, 1]; NaN when no pair must coordinate.

    Notes
    -----
    With :math:`P` the unordered pairs of distinct units that must coordinate
    and :math:`J` the pairs that are tied,

    .. math:: \\text{coverage} = \\frac{|P \\cap J|}{|P|}.

    Together with :func:`concentration` this places a municipality on the
    report's title plane: fragmented (``fragmentation``) vs coordinated
    (``coordination_coverage``).

    Examples
    --------
    >>> import orggraph
    >>> graphs = orggraph.load_dataset("nova2008")
    >>> coordination_coverage(graphs["tromso"]), round(coordination_coverage(graphs["porsgrunn"]), 3)
    (1.0, 0.333)
    """
    units = unit_nodes(G)
    idx = {u: i for i, u in enumerate(units)}
    instruments = {k: i for i, k in enumerate(voc.INSTRUMENTS)}
    held = np.zeros((len(units), len(instruments)), dtype=np.float32)
    for u, t, _ in responsibility_edges(G):
        held[idx[u], instruments[voc.TASKS[cast(str, t)].instrument]] = 1.0  # task nodes are keyed by code
    pairs = (held @ held.T) > 0  # same instrument (matrix products: linear memory per pair, no Python loop)
    for alloc_task, prov_task in (("allocate_dwelling", "manage_dwellings"),
                                  ("allocate_follow_up", "deliver_follow_up")):
        alloc = np.zeros(len(units), dtype=bool)
        alloc[[idx[u] for u in holders(G, alloc_task)]] = True
        prov = np.zeros(len(units), dtype=bool)
        prov[[idx[u] for u in holders(G, prov_task)]] = True
        pairs |= np.outer(alloc, prov) | np.outer(prov, alloc)
    pairs = np.triu(pairs, k=1)
    n_pairs = int(pairs.sum())
    if not n_pairs:
        return float("nan")
    joined = np.zeros((len(units), len(units)), dtype=bool)
    coordination = coordination_edges(G)
    for a_, b_, d in coordination:
        if d["kind"] in COORDINATING_KINDS:
            joined[idx[a_], idx[b_]] = joined[idx[b_], idx[a_]] = True
    members = _members(coordination)
    if members:
        body = np.zeros((len(members), len(units)), dtype=np.float32)
        for i, ms in enumerate(members.values()):
            body[i, [idx[m] for m in ms]] = 1.0
        joined |= (body.T @ body) > 0  # members of one team or forum (a body counts as its own member)
    return int((pairs & joined).sum()) / n_pairs


def unit_adjacency(G: nx.Graph, *, through_tasks: bool = True) -> tuple[list[Hashable], np.ndarray]:
    """Return the units and the unit graph of :func:`unit_graph` as a symmetric boolean matrix (no self-ties).

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).
    through_tasks : bool, default True
        Also tie two units that hold a common task (any role).

    Returns
    -------
    units : list of str
        The unit nodes of `G`, in graph order: the rows and columns of `adj`.
    adj : numpy.ndarray
        Boolean :math:`|U| \\times |U|` matrix, True where two units are tied.

    Notes
    -----
    :math:`A_{uv} = 1` when :math:`u \\ne v` and a coordination tie of
    :data:`COORDINATING_KINDS` joins them, or (with `through_tasks`)
    :math:`(BB^\\top)_{uv} > 0` for the unit × task incidence matrix :math:`B`.

    Examples
    --------
    >>> import orggraph
    >>> units, adj = unit_adjacency(orggraph.load_dataset("nova2008")["ski"])
    >>> len(units), adj.shape, bool((adj == adj.T).all())
    (2, (2, 2), True)
    """
    units = unit_nodes(G)
    idx = {u: i for i, u in enumerate(units)}
    adj = np.zeros((len(units), len(units)), dtype=bool)
    for a, b, d in coordination_edges(G):
        if d["kind"] in COORDINATING_KINDS:
            adj[idx[a], idx[b]] = adj[idx[b], idx[a]] = True
    if through_tasks:
        tasks = {t: i for i, t in enumerate(task_nodes(G))}
        inc = np.zeros((len(units), len(tasks)), dtype=np.float32)
        for u, t, _ in responsibility_edges(G):
            inc[idx[u], tasks[t]] = 1.0
        adj |= (inc @ inc.T) > 0
    np.fill_diagonal(adj, False)
    return units, adj


def unit_graph(G: nx.Graph, *, through_tasks: bool = True) -> nx.Graph:
    """Return the one-mode graph of units: tied by coordination, and by shared tasks if `through_tasks`.

    Coordination ties are those of :data:`COORDINATING_KINDS`; ``part_of``
    (hierarchy) joins no two units here.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).
    through_tasks : bool, default True
        Also tie two units that hold a common task (any role).

    Returns
    -------
    networkx.Graph
        A simple graph on every unit of `G` (isolated units included), one edge
        per tied pair (:func:`unit_adjacency`).

    Examples
    --------
    >>> import orggraph
    >>> H = unit_graph(orggraph.load_dataset("nova2008")["porsgrunn"])
    >>> sorted(H.edges())
    [('be', 'boliggruppe'), ('boliggruppe', 'stiftelse'), ('boliggruppe', 'team')]
    """
    units, adj = unit_adjacency(G, through_tasks=through_tasks)
    H: nx.Graph = nx.Graph()
    H.add_nodes_from(units)
    H.add_edges_from((units[i], units[j]) for i, j in zip(*np.nonzero(np.triu(adj, 1)), strict=True))
    return H


def _igraph(adj: np.ndarray) -> Any:  # igraph is imported lazily (and has no type information)
    igraph = load_igraph()

    i, j = np.nonzero(np.triu(adj, 1))
    return igraph.Graph(n=len(adj), edges=np.column_stack([i, j]).tolist())


def components(G: nx.Graph) -> dict[str, int]:
    """Return the number of connected components of the unit graph.

    ``components`` through shared tasks and coordination ties;
    ``coordination_components`` through coordination ties alone;
    ``articulation_units`` the units whose removal disconnects the unit graph
    (as networkx ``articulation_points``; computed with python-igraph):
    single points of failure.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).

    Returns
    -------
    dict of {str: int}
        ``components``, ``coordination_components`` (both 0 without units) and
        ``articulation_units``. An isolated unit is a component of its own.

    See Also
    --------
    unit_graph : The graph whose components are counted.

    Examples
    --------
    >>> import orggraph
    >>> components(orggraph.load_dataset("nova2008")["porsgrunn"])
    {'components': 2, 'coordination_components': 3, 'articulation_units': 1}
    """
    full = _igraph(unit_adjacency(G)[1])
    coord = _igraph(unit_adjacency(G, through_tasks=False)[1])
    return {
        "components": len(full.connected_components()) if full.vcount() else 0,
        "coordination_components": len(coord.connected_components()) if coord.vcount() else 0,
        "articulation_units": len(full.articulation_points()),
    }


def centrality(G: nx.Graph) -> pd.DataFrame:
    """Return two-mode centralities of the units (Borgatti and Everett 1997).

    Computed on the unit–task graph (responsibility ties, multiple roles
    collapsed) with python-igraph, normalised as networkx's bipartite functions
    normalise, by the size of the other mode: degree :math:`d_u / |T|`;
    closeness and betweenness as in Borgatti and Everett (1997) [1]_.
    networkx's bipartite closeness is not bounded by 1 on disconnected graphs;
    here closeness is computed per component and scaled by the share of nodes
    reachable (Wasserman–Faust [4]_), which keeps it in [0, 1]. When one mode
    has a single node the two-mode betweenness bound is 0 (networkx divides by
    it); betweenness is then normalised as in a one-mode graph.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).

    Returns
    -------
    pandas.DataFrame
        Indexed by unit (graph order), columns ``degree``, ``closeness``,
        ``betweenness`` (floats). Empty, with those columns, when `G` has no
        units or no tasks.

    See Also
    --------
    max_betweenness : The highest betweenness of a unit.

    Notes
    -----
    Here :math:`T` is every node of `G` that is not a unit, :math:`n = |U| +
    |T|`, and :math:`d(u, v)` the shortest-path length in the unit–task graph.

    *Degree*: :math:`C_D(u) = d_u / |T|`.

    *Closeness*: with :math:`U_u` and :math:`T_u` the units and tasks in
    :math:`u`'s component and :math:`n_u = |U_u| + |T_u|`,

    .. math:: C_C(u) = \\frac{|T_u| + 2(|U_u| - 1)}{\\sum_{v} d(u, v)} \\cdot
              \\frac{n_u - 1}{n - 1},

    the shortest possible total distance within the component (tasks at 1,
    units at 2) over the actual one, scaled by the share of nodes reached; 0
    for a unit alone in its component.

    *Betweenness* (Freeman [2]_, computed with Brandes' algorithm [3]_ in
    python-igraph): :math:`g(u) = \\sum_{s<t} \\sigma_{st}(u) / \\sigma_{st}`
    over unordered pairs of nodes other than :math:`u`, divided by the two-mode
    maximum for the units [1]_: with :math:`s, r = \\operatorname{divmod}(|U| - 1, |T|)`,

    .. math:: b_{\\max} = \\tfrac12\\left[|T|^2 (s+1)^2 + |T|(s+1)(2r - s - 1)
              - r(2s - r + 3)\\right].

    If that bound or the tasks' bound is 0, :math:`2 g(u) / ((n-1)(n-2))`
    instead (one-mode normalisation; the raw count when :math:`n < 3`).

    References
    ----------
    .. [1] Borgatti, S. P., & Everett, M. G. (1997). Network analysis of 2-mode
       data. *Social Networks* 19(3), 243–269.
    .. [2] Freeman, L. C. (1977). A set of measures of centrality based on
       betweenness. *Sociometry* 40(1), 35–41. https://doi.org/10.2307/3033543
    .. [3] Brandes, U. (2001). A faster algorithm for betweenness centrality.
       *Journal of Mathematical Sociology* 25(2), 163–177.
       https://doi.org/10.1080/0022250X.2001.9990249
    .. [4] Wasserman, S., & Faust, K. (1994). *Social Network Analysis: Methods
       and Applications*. Cambridge University Press.

    Examples
    --------
    >>> import orggraph
    >>> c = centrality(orggraph.load_dataset("nova2008")["porsgrunn"])
    >>> c.round(3).loc["boliggruppe"].to_dict()
    {'degree': 0.8, 'closeness': 0.756, 'betweenness': 0.701}
    """
    units = unit_nodes(G)
    if not units or not task_nodes(G):
        return pd.DataFrame(columns=["degree", "closeness", "betweenness"], dtype=float)
    deg, clo, btw = _centrality(G, units)
    return pd.DataFrame(np.column_stack([deg, clo, btw]), index=pd.Index(units, dtype=object),
                        columns=pd.Index(["degree", "closeness", "betweenness"], dtype=object))


def _centrality(G: nx.Graph, units: list[Hashable]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    igraph = load_igraph()

    nodes = list(G)
    idx = {v: i for i, v in enumerate(nodes)}
    edges = sorted({(idx[u], idx[t]) for u, t, _ in responsibility_edges(G)})
    H = igraph.Graph(n=len(nodes), edges=edges)
    n_all, n_top = len(nodes), len(units)
    n_bottom = n_all - n_top
    top = [idx[u] for u in units]
    deg = np.array(H.degree(top), dtype=float) / n_bottom
    raw = np.array(H.betweenness(directed=False), dtype=float)[top]  # each unordered pair counted once
    s, t = divmod(n_top - 1, n_bottom)
    bet_max_top = ((n_bottom**2) * ((s + 1) ** 2) + n_bottom * (s + 1) * (2 * t - s - 1) - t * (2 * s - t + 3)) / 2.0
    p, r = divmod(n_bottom - 1, n_top)
    bet_max_bot = ((n_top**2) * ((p + 1) ** 2) + n_top * (p + 1) * (2 * r - p - 1) - r * (2 * p - r + 3)) / 2.0
    if bet_max_top != 0 and bet_max_bot != 0:
        btw = raw / bet_max_top
    else:
        # networkx's two-mode bound is 0 when one mode has a single node; one-mode normalisation instead
        btw = 2 * raw / ((n_all - 1) * (n_all - 2)) if n_all - 1 >= 2 else raw
    dist = np.array(H.distances(source=top), dtype=float)  # units x nodes, inf when unreachable
    reach = np.isfinite(dist)
    comp = reach.sum(axis=1)
    units_in = reach[:, top].sum(axis=1)
    totsp = np.where(reach, dist, 0.0).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        clo = np.where((comp > 1) & (totsp > 0),
                       (comp - units_in + 2 * (units_in - 1)) / totsp * ((comp - 1) / (n_all - 1)), 0.0)
    return deg, clo, btw


def max_betweenness(G: nx.Graph) -> float:
    """Return the highest two-mode betweenness of a unit (:func:`centrality`).

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).

    Returns
    -------
    float
        :math:`\\max_u C_B(u)` with the normalisation of :func:`centrality`;
        NaN without units or tasks.

    See Also
    --------
    centrality : Every unit's degree, closeness and betweenness.

    References
    ----------
    .. [1] Freeman, L. C. (1977). A set of measures of centrality based on
       betweenness. *Sociometry* 40(1), 35–41. https://doi.org/10.2307/3033543

    Examples
    --------
    >>> import orggraph
    >>> round(max_betweenness(orggraph.load_dataset("nova2008")["porsgrunn"]), 3)
    0.701
    """
    units = unit_nodes(G)
    if not units or not task_nodes(G):
        return float("nan")
    return float(_centrality(G, units)[2].max())
