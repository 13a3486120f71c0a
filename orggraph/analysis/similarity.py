"""Compare organisation graphs by their typed structure: distance, named differences, peers.

Part of the analysis layer (:mod:`orggraph.analysis`): it reads organisation
graphs of the data model (:mod:`orggraph.core.graph`) and, for :func:`peers`,
the models of :mod:`~orggraph.analysis.models`; the drawing layer draws its
differences (:mod:`orggraph.drawing.diffchart`) and puts peers in reports.

A municipality is compared with another through what its graph *is*, not
through summary metrics: which types of unit hold which tasks in which roles,
and how units of which types are tied. Ids and names are never read, so two
graphs that differ only in how their units are called are at distance 0.

Method: Weisfeiler–Lehman subtree features
    Each graph is first turned into a typed, simple graph (:func:`typed_graph`):

    * a unit becomes a node labelled by its unit type and sector
      (``unit:nav:social``);
    * a task becomes a node labelled by its code (``task:allocate_dwelling``);
    * every tie becomes a node of its own, labelled by the role of a
      responsibility (``role:decides``) or the kind and team role of a
      coordination tie (``tie:team_membership:secretary``), joined to its two
      ends by edges marked ``holder``/``task`` or ``from``/``to``.

    Making ties into nodes keeps what a plain graph would lose: the direction
    of a coordination tie (orderer → provider), and two ties between the same
    pair (a unit that both *is part of* and *orders from* B&E).

    The Weisfeiler–Lehman relabelling (Shervashidze et al. 2011 [1]_) then gives
    every node, at iteration *i*, a label that encodes its typed neighbourhood
    *i* steps out (:func:`networkx.weisfeiler_lehman_subgraph_hashes`). With
    the default ``iterations=2`` the features are: the types present
    (iteration 0); each tie with the types at its two ends, e.g. "NAV decides
    the allocation of dwellings" (iteration 1, on tie nodes), and each unit or
    task with the typed ties it has (iterations 1–2). The feature vector
    :math:`\\varphi(G)` counts every label over all iterations.

    The distance is the one induced by the normalised WL subtree kernel:

    .. math:: d(G, H) = \\left\\lVert \\frac{\\varphi(G)}{\\lVert\\varphi(G)\\rVert}
              - \\frac{\\varphi(H)}{\\lVert\\varphi(H)\\rVert} \\right\\rVert_2
              = \\sqrt{2 - 2\\,\\frac{\\langle\\varphi(G),\\varphi(H)\\rangle}
              {\\lVert\\varphi(G)\\rVert\\,\\lVert\\varphi(H)\\rVert}}

    It lies in :math:`[0, \\sqrt 2]`: 0 for graphs with the same typed
    structure in the same proportions, :math:`\\sqrt 2` for graphs that share
    no typed feature. Normalising makes the distance about how a municipality
    is organised, not about how many units it has.

    Why WL and not graph edit distance (Sanfeliu & Fu 1983 [2]_): exact edit
    distance is NP-hard and its costs (what does deleting a NAV office cost
    against relabelling a role?) would be set by hand; WL features are exact,
    take milliseconds for the 22 cases (231 pairs), and give every typed tie
    the same weight. The price: two graphs can share every local neighbourhood
    yet differ further out (WL's known limit); at two iterations that needs
    chains of three or more typed ties, rare in graphs of 2–8 units.

:func:`diff` names the differences in the report's terms, matched by unit type
and task (never by id); :func:`peers` gives a municipality's nearest
municipalities with their model and main differences.

References
----------
.. [1] N. Shervashidze, P. Schweitzer, E. J. van Leeuwen, K. Mehlhorn and
   K. M. Borgwardt, "Weisfeiler-Lehman graph kernels", *Journal of Machine
   Learning Research* 12 (2011) 2539–2561.
   https://jmlr.org/papers/v12/shervashidze11a.html
.. [2] A. Sanfeliu and K.-S. Fu, "A distance measure between attributed
   relational graphs for pattern recognition", *IEEE Transactions on Systems,
   Man, and Cybernetics* SMC-13 (1983) 353–362. https://doi.org/10.1109/TSMC.1983.6313167

Examples
--------
>>> import orggraph
>>> graphs = orggraph.load_dataset("nova2008")
>>> round(distance(graphs["ski"], graphs["ski"]), 6)
0.0
>>> d = distances(graphs)
>>> bool((d == d.T).all().all()), d.shape
(True, (22, 22))
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence

import networkx as nx
import numpy as np
import pandas as pd

from orggraph.core import vocabulary as voc
from orggraph.core.graph import (
    coordination_edges,
    display_name,
    keyed_graphs,
    responsibility_edges,
    task_nodes,
    unit_nodes,
)

__all__ = [
    "diff",
    "distance",
    "distances",
    "features",
    "match_units",
    "metric_distances",
    "nearest_agreement",
    "peers",
    "typed_graph",
]

#: Short names of unit types for sentences (English, Norwegian).
UNIT_WORDS: dict[str, tuple[str, str]] = {
    "be": ("building and property (B&E)", "bygg og eiendom"),
    "kf": ("the municipal company (KF)", "det kommunale foretaket"),
    "foundation": ("the municipal foundation", "stiftelsen"),
    "housing_office": ("the housing office", "boligkontoret"),
    "social": ("the social services office", "sosialkontoret"),
    "health_care": ("health and care", "helse og omsorg"),
    "nav": ("NAV", "NAV"),
    "admin": ("the central administration", "rådmannen"),
    "team": ("an inter-agency team", "et tverretatlig team"),
    "service": ("the service office", "servicekontoret"),
    "forum": ("a housing forum", "et boligforum"),
    "other": ("another unit", "en annen enhet"),
}
_COUNT_WORDS = {  # unit type -> (singular, plural), for "A has 2 inter-agency teams"
    "en": {"be": ("building and property unit", "building and property units"),
           "kf": ("municipal company", "municipal companies"),
           "foundation": ("municipal foundation", "municipal foundations"),
           "housing_office": ("housing office", "housing offices"),
           "social": ("social services office", "social services offices"),
           "health_care": ("health and care unit", "health and care units"),
           "nav": ("NAV office", "NAV offices"),
           "admin": ("central administration unit", "central administration units"),
           "team": ("inter-agency team", "inter-agency teams"), "service": ("service office", "service offices"),
           "forum": ("housing forum", "housing forums"), "other": ("other unit", "other units")},
    "no": {"be": ("bygg- og eiendomsenhet", "bygg- og eiendomsenheter"),
           "kf": ("kommunalt foretak", "kommunale foretak"), "foundation": ("stiftelse", "stiftelser"),
           "housing_office": ("boligkontor", "boligkontor"), "social": ("sosialkontor", "sosialkontor"),
           "health_care": ("helse- og omsorgsenhet", "helse- og omsorgsenheter"),
           "nav": ("NAV-kontor", "NAV-kontor"), "admin": ("enhet i sentraladministrasjonen",
                                                          "enheter i sentraladministrasjonen"),
           "team": ("tverretatlig team", "tverretatlige team"), "service": ("servicekontor", "servicekontor"),
           "forum": ("boligforum", "boligforum"), "other": ("annen enhet", "andre enheter")},
}
_ROLE_WORDS = {
    "en": {"decides": "decided by", "recommends": "prepared by", "secretary": "with secretary",
           "participates": "with", "executes": "carried out by"},
    "no": {"decides": "vedtas av", "recommends": "innstilles av", "secretary": "med sekretær",
           "participates": "med", "executes": "utføres av"},
}
_TEXT = {
    "en": {"nobody": "held by no unit", "none": "none", "in": "in", "has": "has", "not": "not in",
           "unit_count": "{a} has {na}, {b} has {nb}"},
    "no": {"nobody": "ingen enhet har oppgaven", "none": "ingen", "in": "i", "has": "har", "not": "ikke i",
           "unit_count": "{a} har {na}, {b} har {nb}"},
}


def _require_graphs(caller: str, **graphs: object) -> None:
    """Refuse an argument that is not a networkx graph, naming it."""
    for name, G in graphs.items():
        if not isinstance(G, nx.Graph):
            msg = f"{caller}: `{name}` must be an organisation graph (networkx MultiGraph), got {type(G).__name__}"
            raise TypeError(msg)


def _unit_label(G: nx.Graph, u: Hashable) -> str:
    d = G.nodes[u]
    return f"unit:{d.get('unit_type')}:{d.get('sector')}"


def typed_graph(G: nx.Graph) -> nx.Graph:
    """Return the typed simple graph of `G` that :func:`features` reads: ties become labelled nodes.

    Node ids of the result are positions, never `G`'s ids; the only attributes
    are ``label`` on nodes and ``end`` on edges.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).

    Returns
    -------
    networkx.Graph
        Nodes 0, 1, …: the units (label ``unit:<unit_type>:<sector>``), the
        tasks (``task:<code>``), then one node per responsibility
        (``role:<role>``, joined to its unit by an edge with ``end="holder"``
        and to its task by ``end="task"``) and one per coordination tie
        (``tie:<kind>:<team_role>``, edges ``end="from"`` and ``end="to"``).

    Examples
    --------
    >>> import orggraph
    >>> T = typed_graph(orggraph.load_dataset("nova2008")["ski"])
    >>> sorted({d for _, d in T.nodes(data="label") if d.startswith("unit:")})
    ['unit:housing_office:housing', 'unit:social:social']
    """
    T: nx.Graph = nx.Graph()
    index: dict[Hashable, int] = {}
    for u in unit_nodes(G):
        index[u] = len(index)
        T.add_node(index[u], label=_unit_label(G, u))
    for t in task_nodes(G):
        index[t] = len(index)
        T.add_node(index[t], label=f"task:{t}")
    n = len(index)
    for unit, task, d in responsibility_edges(G):
        T.add_node(n, label=f"role:{d['role']}")
        T.add_edge(n, index[unit], end="holder")
        T.add_edge(n, index[task], end="task")
        n += 1
    for a, b, d in coordination_edges(G):
        T.add_node(n, label=f"tie:{d['kind']}:{d.get('team_role') or ''}")
        T.add_edge(n, index[a], end="from")
        T.add_edge(n, index[b], end="to")
        n += 1
    return T


def features(G: nx.Graph, *, iterations: int = 2) -> Counter:
    """Return the Weisfeiler–Lehman subtree features of `G`: label → count over iterations 0..`iterations`.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).
    iterations : int, default 2
        Weisfeiler–Lehman iterations after the initial labels (0: the labels of
        :func:`typed_graph` only).

    Returns
    -------
    collections.Counter
        ``"<i>:<label>"`` → how many nodes of :func:`typed_graph` carry it at
        iteration ``i``: the initial labels at 0, then the hashes of
        :func:`networkx.weisfeiler_lehman_subgraph_hashes` (edge attribute
        ``end`` included) at 1 … `iterations`.

    Raises
    ------
    ValueError
        If `G` has no units (there is nothing to compare).

    Notes
    -----
    At iteration :math:`i` each node's label is the hash of its label at
    :math:`i-1` and the sorted multiset of its neighbours' labels (with the
    edge's ``end``) [1]_; :math:`\\varphi(G)` counts every label over all
    iterations.

    References
    ----------
    .. [1] Shervashidze, N., Schweitzer, P., van Leeuwen, E. J., Mehlhorn, K., &
       Borgwardt, K. M. (2011). Weisfeiler–Lehman graph kernels. *Journal of
       Machine Learning Research* 12, 2539–2561.
       https://jmlr.org/papers/v12/shervashidze11a.html

    Examples
    --------
    >>> import orggraph
    >>> f = features(orggraph.load_dataset("nova2008")["ski"], iterations=0)
    >>> f["0:role:decides"] >= 1
    True
    """
    if not unit_nodes(G):
        name = G.graph.get("name") or G.graph.get("municipality_id") or "the graph"
        msg = f"{name} has no units; a structural distance needs at least one unit"
        raise ValueError(msg)
    T = typed_graph(G)
    out: Counter = Counter(f"0:{label}" for _, label in T.nodes(data="label"))
    if iterations > 0:
        hashes = nx.weisfeiler_lehman_subgraph_hashes(T, node_attr="label", edge_attr="end",
                                                      iterations=iterations)
        for labels in hashes.values():
            out.update(f"{i}:{h}" for i, h in enumerate(labels, start=1))
    return out


def _kernel_distance(f: Counter, g: Counter) -> float:
    """Euclidean distance between the normalised feature vectors, summed in a fixed (sorted) order.

    Summing the squared differences (rather than ``2 - 2 cos``) gives exactly 0 for equal features,
    and the sorted order makes the result independent of how the features were collected.
    """
    nf = math.sqrt(math.fsum(v * v for v in f.values()))
    ng = math.sqrt(math.fsum(v * v for v in g.values()))
    return math.sqrt(math.fsum((f[k] / nf - g[k] / ng) ** 2 for k in sorted(f.keys() | g.keys())))


def distance(G1: nx.Graph, G2: nx.Graph, *, iterations: int = 2) -> float:
    """Return the structural distance between two organisation graphs (0 = same typed structure).

    Parameters
    ----------
    G1, G2 : networkx.MultiGraph
        Organisation graphs.
    iterations : int, default 2
        Weisfeiler–Lehman iterations (how many steps out a neighbourhood reaches).

    Returns
    -------
    float
        The normalised WL subtree kernel distance, in :math:`[0, \\sqrt 2]`
        (see the module's notes).

    Raises
    ------
    TypeError
        If `G1` or `G2` is not a networkx graph.
    ValueError
        If either graph has no units.

    See Also
    --------
    distances : Every pair of a collection.
    diff : The differences, named.

    Notes
    -----
    .. math:: d(G, H) = \\left\\lVert \\frac{\\varphi(G)}{\\lVert\\varphi(G)\\rVert}
              - \\frac{\\varphi(H)}{\\lVert\\varphi(H)\\rVert} \\right\\rVert_2

    with :math:`\\varphi` the counts of :func:`features` [1]_; the squares are
    summed in a fixed order, so equal features give exactly 0.

    References
    ----------
    .. [1] Shervashidze, N., Schweitzer, P., van Leeuwen, E. J., Mehlhorn, K., &
       Borgwardt, K. M. (2011). Weisfeiler–Lehman graph kernels. *Journal of
       Machine Learning Research* 12, 2539–2561.
       https://jmlr.org/papers/v12/shervashidze11a.html

    Examples
    --------
    >>> import orggraph
    >>> g = orggraph.load_dataset("nova2008")
    >>> distance(g["ski"], g["tromso"]) < distance(g["ski"], g["hamar"])
    True
    """
    _require_graphs("distance", G1=G1, G2=G2)
    return _kernel_distance(features(G1, iterations=iterations), features(G2, iterations=iterations))


def distances(graphs: Mapping[str, nx.Graph], *, iterations: int = 2) -> pd.DataFrame:
    """Return the symmetric matrix of :func:`distance` between every pair of `graphs`.

    Parameters
    ----------
    graphs : mapping of {str : networkx.MultiGraph}
        ``municipality_id`` → organisation graph; or an iterable of graphs
        (or one graph), keyed by ``G.graph["municipality_id"]``.
    iterations : int, default 2
        Weisfeiler–Lehman iterations.

    Returns
    -------
    pandas.DataFrame
        Square, indexed (index named ``municipality_id``) and with columns in
        the order of `graphs`; 0 on the diagonal.

    Raises
    ------
    TypeError
        If `graphs` is not a collection of graphs.
    OrgGraphError
        If there is no graph, or a graph without (or with a repeated)
        ``municipality_id``.
    ValueError
        If a graph has no units.

    References
    ----------
    .. [1] Shervashidze, N., Schweitzer, P., van Leeuwen, E. J., Mehlhorn, K., &
       Borgwardt, K. M. (2011). Weisfeiler–Lehman graph kernels. *Journal of
       Machine Learning Research* 12, 2539–2561.
       https://jmlr.org/papers/v12/shervashidze11a.html

    Examples
    --------
    >>> import orggraph
    >>> d = distances(orggraph.load_dataset("nova2008"))
    >>> float(d.loc["ski", "ski"]), bool(d.loc["ski", "tromso"] == d.loc["tromso", "ski"])
    (0.0, True)
    """
    graphs = keyed_graphs(graphs, caller="distances")
    ids = list(graphs)
    feats = [features(graphs[i], iterations=iterations) for i in ids]
    out = np.zeros((len(ids), len(ids)))
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            out[i, j] = out[j, i] = _kernel_distance(feats[i], feats[j])
    return pd.DataFrame(out, index=pd.Index(ids, name="municipality_id"), columns=ids)


def metric_distances(table: pd.DataFrame, metrics: Sequence[str]) -> pd.DataFrame:
    """Return Euclidean distances between rows of `table` on the z-scores of `metrics` (the baseline).

    Missing values count as the mean (z = 0); a metric with no spread is left out.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per item, e.g. :func:`orggraph.compare`.
    metrics : sequence of str
        The columns to use (as numbers).

    Returns
    -------
    pandas.DataFrame
        Square, with the index of `table` as rows and columns.

    Raises
    ------
    ValueError
        If a name of `metrics` is not a column of `table`.

    Notes
    -----
    With :math:`z_{im} = (x_{im} - \\bar x_m) / s_m` (:math:`s_m` the population
    standard deviation of metric :math:`m`),
    :math:`d(i, j) = \\sqrt{\\sum_m (z_{im} - z_{jm})^2}`.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"x": [0.0, 1.0, 3.0]}, index=["a", "b", "c"])
    >>> metric_distances(t, ["x"]).round(3).loc["a"].tolist()
    [0.0, 0.802, 2.405]
    """
    missing = [m for m in metrics if m not in table.columns]
    if missing:
        msg = f"the table has no column(s) {missing}; columns: {list(table.columns)}"
        raise ValueError(msg)
    data = table[list(metrics)].astype(float)
    sd = data.std(ddof=0)
    data = data.loc[:, sd > 0]
    z = ((data - data.mean()) / sd[sd > 0]).fillna(0.0).to_numpy()
    out = np.sqrt(((z[:, None, :] - z[None, :, :]) ** 2).sum(axis=2))
    return pd.DataFrame(out, index=table.index.copy(), columns=list(table.index))


def nearest_agreement(dist: pd.DataFrame, labels: Mapping[str, object]) -> pd.DataFrame:
    """Return, leave-one-out, whether each labelled item's nearest neighbour has the same label.

    Only items with a label take part, as targets and as neighbours. When
    several neighbours are equally near, the item scores the share of them
    that share its label (so the result never depends on ids or order).

    Parameters
    ----------
    dist : pandas.DataFrame
        A symmetric distance matrix (:func:`distances`, :func:`metric_distances`).
    labels : mapping
        Item → label (e.g. the report's model); items not in `dist` are an error.

    Returns
    -------
    pandas.DataFrame
        One row per labelled item: ``label``, ``nearest`` (the nearest items,
        comma-separated), ``nearest_labels`` and ``agree`` (0–1). Its mean is
        the agreement; ``attrs["chance"]`` is what a random neighbour would
        give, :math:`\\sum_c n_c (n_c - 1) / (n (n - 1))` for :math:`n_c` items
        with label :math:`c`.

    Raises
    ------
    ValueError
        If `labels` names items that are not in `dist`, or fewer than two items
        are labelled.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame([[0, 1, 5], [1, 0, 5], [5, 5, 0]], index=list("abc"), columns=list("abc"))
    >>> nearest_agreement(d, {"a": 1, "b": 1, "c": 2}).agree.tolist()
    [1.0, 1.0, 0.0]
    """
    unknown = [k for k in labels if k not in dist.index]
    if unknown:
        msg = f"labels for items not in the distance matrix: {unknown}"
        raise ValueError(msg)
    ids = [k for k in dist.index if k in labels]
    if len(ids) < 2:
        msg = "leave-one-out needs at least two labelled items"
        raise ValueError(msg)
    rows = []
    for i in ids:
        others = dist.loc[i, [j for j in ids if j != i]].astype(float)
        near = sorted(others.index[np.isclose(others, others.min(), rtol=0, atol=1e-12)])
        same = [labels[j] == labels[i] for j in near]
        rows.append({"item": i, "label": labels[i], "nearest": ", ".join(near),
                     "nearest_labels": ", ".join(str(labels[j]) for j in near),
                     "agree": sum(same) / len(same)})
    out = pd.DataFrame(rows).set_index("item")
    counts = Counter(labels[i] for i in ids)
    out.attrs["chance"] = sum(c * (c - 1) for c in counts.values()) / (len(ids) * (len(ids) - 1))
    return out


# --- named differences ----------------------------------------------------------------------------------



def _holding(G: nx.Graph, task: str) -> Counter:
    return Counter((d["role"], G.nodes[u]["unit_type"]) for u, t, d in responsibility_edges(G) if t == task)


def _describe_holding(holding: Counter, lang: str) -> str:
    if not holding:
        return _TEXT[lang]["nobody"]
    parts = []
    for role in voc.ROLES:
        types = sorted(((ut, n) for (r, ut), n in holding.items() if r == role), key=lambda x: x[0])
        if types:
            who = " and ".join(UNIT_WORDS[ut][lang == "no"] + (f" (×{n})" if n > 1 else "") for ut, n in types)
            parts.append(f"{_ROLE_WORDS[lang][role]} {who}")
    return ", ".join(parts)


def _count_phrase(n: int, unit_type: str, lang: str) -> str:
    if n == 0:
        return _TEXT[lang]["none"]
    sing, plur = _COUNT_WORDS[lang][unit_type]
    return f"{n} {sing if n == 1 else plur}"


def _ties(G: nx.Graph) -> Counter:
    return Counter((G.nodes[a]["unit_type"], G.nodes[b]["unit_type"], d["kind"])
                   for a, b, d in coordination_edges(G))


def diff(G1: nx.Graph, G2: nx.Graph, *, lang: str = "en", names: tuple[str, str] | None = None) -> pd.DataFrame:
    """Return the differences between two organisation graphs in the report's terms, one row each.

    Units are matched by unit type and tasks by code, never by id: "NAV
    decides the allocation of dwellings" in one municipality is the same fact
    as in another, whatever the NAV office is called.

    Parameters
    ----------
    G1, G2 : networkx.MultiGraph
        The organisation graphs A and B.
    lang : {"en", "no"}, default "en"
        Language of the sentences.
    names : tuple of (str, str), optional
        What to call A and B in sentences; default the municipalities' names
        (``A``/``B`` if missing, or if both are the same).

    Returns
    -------
    pandas.DataFrame
        Columns ``aspect`` (``task``, ``unit`` or ``tie``), ``item`` (the
        task code, unit type, or ``from_type>to_type:kind``), ``a`` and ``b``
        (what each has), ``change`` (``only_a``, ``only_b`` or ``changed``) and
        ``text`` (a sentence). Core tasks come first, then other tasks, unit
        types and ties, each in vocabulary order. Empty when the typed
        structures are the same.

    Raises
    ------
    TypeError
        If `G1` or `G2` is not a networkx graph.
    ValueError
        If `lang` is not a known language.

    Examples
    --------
    >>> import orggraph
    >>> g = orggraph.load_dataset("nova2008")
    >>> d = diff(g["hamar"], g["ski"])
    >>> print(d.loc[d.item == "allocate_start_loan", "text"].iloc[0])
    Allocate start loans: in Hamar decided by the service office; in Ski decided by the housing office
    >>> len(diff(g["ski"], g["ski"]))
    0
    """
    _require_graphs("diff", G1=G1, G2=G2)
    if lang not in voc.LANGUAGES:
        msg = f"unknown language `{lang}`; use one of {voc.LANGUAGES}"
        raise ValueError(msg)
    a_name, b_name = names or (display_name(G1, "A"), display_name(G2, "B"))
    if a_name == b_name:
        a_name, b_name = "A", "B"
    txt = _TEXT[lang]
    rows = []
    tasks = set(task_nodes(G1)) | set(task_nodes(G2))
    order = [t for t in voc.CORE_TASKS if t in tasks] + [t for t in voc.TASKS if t in tasks
                                                         and t not in voc.CORE_TASKS]
    for t in order:
        ha, hb = _holding(G1, t), _holding(G2, t)
        if ha == hb:
            continue
        da, db = _describe_holding(ha, lang), _describe_holding(hb, lang)
        change = "only_a" if not hb else "only_b" if not ha else "changed"
        rows.append(("task", t, da, db, change,
                     f"{voc.TASKS[t].label(lang)}: {txt['in']} {a_name} {da}; {txt['in']} {b_name} {db}"))
    ca = Counter(G1.nodes[u]["unit_type"] for u in unit_nodes(G1))
    cb = Counter(G2.nodes[u]["unit_type"] for u in unit_nodes(G2))
    for ut in voc.UNIT_TYPES:
        if ca[ut] != cb[ut]:
            na, nb = _count_phrase(ca[ut], ut, lang), _count_phrase(cb[ut], ut, lang)
            change = "only_a" if not cb[ut] else "only_b" if not ca[ut] else "changed"
            rows.append(("unit", ut, na, nb, change, txt["unit_count"].format(a=a_name, na=na, b=b_name, nb=nb)))
    ta, tb = _ties(G1), _ties(G2)
    type_order, kind_order = list(voc.UNIT_TYPES), list(voc.COORDINATION_KINDS)
    for key in sorted(set(ta) | set(tb), key=lambda k: (kind_order.index(k[2]), type_order.index(k[0]),
                                                         type_order.index(k[1]))):
        if ta[key] == tb[key]:
            continue
        f, to, kind = key
        what = (f"{voc.COORDINATION_KINDS[kind].label(lang)}: {UNIT_WORDS[f][lang == 'no']} → "
                f"{UNIT_WORDS[to][lang == 'no']}")
        ka, kb = ta[key], tb[key]
        change = "only_a" if not kb else "only_b" if not ka else "changed"
        if change == "changed":
            text = f"{what}: {ka} {txt['in']} {a_name}, {kb} {txt['in']} {b_name}"
        else:
            has, lacks = (a_name, b_name) if change == "only_a" else (b_name, a_name)
            text = f"{what}: {txt['in']} {has}, {txt['not']} {lacks}"
        rows.append(("tie", f"{f}>{to}:{kind}", str(ka), str(kb), change, text))
    return pd.DataFrame(rows, columns=["aspect", "item", "a", "b", "change", "text"])


def peers(G: nx.Graph, graphs: Mapping[str, nx.Graph], *, k: int = 3, exclude: Iterable[str] = (),
          lang: str = "en", differences: int = 3, iterations: int = 2) -> pd.DataFrame:
    """Return the `k` municipalities of `graphs` nearest to `G`, with distance, model and main differences.

    Parameters
    ----------
    G : networkx.MultiGraph
        The municipality to find peers for.
    graphs : mapping of {str : networkx.MultiGraph}
        Municipalities to choose from (``municipality_id`` → graph). `G`
        itself (the same object) is skipped, as are the ids in `exclude`.
    k : int, default 3
        How many peers.
    exclude : iterable of str, default ()
        Ids of `graphs` not to consider (e.g. `G`'s own id when `graphs` holds
        a copy of it).
    lang : {"en", "no"}, default "en"
        Language of the differences.
    differences : int, default 3
        How many differences (the first rows of :func:`diff`) to keep per peer.
    iterations : int, default 2
        Weisfeiler–Lehman iterations of the distance (:func:`distance`).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``municipality_id``, nearest first: ``name``, ``distance``,
        ``model`` (:func:`orggraph.classify`) and ``differences`` (a list of
        sentences, `G` as A and the peer as B). Municipalities exactly as near
        as the `k`-th are all kept (so the answer never depends on ids); they
        are listed by id.

    Raises
    ------
    TypeError
        If `G` is not a networkx graph, or `graphs` is not a collection of
        graphs.
    OrgGraphError
        If `graphs` holds a graph without (or with a repeated)
        ``municipality_id``.
    ValueError
        If `k` is less than 1, no municipality is left to compare with, a graph
        has no units, or `lang` is not a known language.
    GraphError
        If a peer is not an organisation graph (:func:`orggraph.classify`).

    References
    ----------
    .. [1] Shervashidze, N., Schweitzer, P., van Leeuwen, E. J., Mehlhorn, K., &
       Borgwardt, K. M. (2011). Weisfeiler–Lehman graph kernels. *Journal of
       Machine Learning Research* 12, 2539–2561.
       https://jmlr.org/papers/v12/shervashidze11a.html

    Examples
    --------
    >>> import orggraph
    >>> g = orggraph.load_dataset("nova2008")
    >>> p = peers(g["ski"], g, k=2)
    >>> list(p.columns), len(p)
    (['name', 'distance', 'model', 'differences'], 2)
    """
    _require_graphs("peers", G=G)
    graphs = keyed_graphs(graphs, caller="peers")
    from orggraph.analysis.models import classify

    if k < 1:
        msg = f"`k` must be at least 1, got {k}"
        raise ValueError(msg)
    skip = set(exclude)
    own = features(G, iterations=iterations)
    rows = []
    for mid, H in graphs.items():
        if H is G or mid in skip:
            continue
        rows.append((_kernel_distance(own, features(H, iterations=iterations)), str(mid), H))
    if not rows:
        msg = "no municipality to compare with (all were skipped or `graphs` is empty)"
        raise ValueError(msg)
    rows.sort(key=lambda r: (round(r[0], 12), r[1]))
    cutoff = round(rows[min(k, len(rows)) - 1][0], 12)
    out = []
    for dist, mid, H in [r for r in rows if round(r[0], 12) <= cutoff]:
        texts = diff(G, H, lang=lang).text.head(differences).tolist()
        out.append({"municipality_id": mid, "name": display_name(H, mid), "distance": dist,
                    "model": str(classify(H).model), "differences": texts})
    return pd.DataFrame(out).set_index("municipality_id")


def match_units(G1: nx.Graph, G2: nx.Graph) -> dict[Hashable, Hashable]:
    """Return a one-to-one matching of units of `G1` to units of `G2` of the same unit type.

    Within a unit type, units are paired to share as many (task, role) holdings
    as possible (Hungarian algorithm [1]_, :func:`scipy.optimize.linear_sum_assignment`);
    equal names break ties. Units left over have no partner.

    Parameters
    ----------
    G1, G2 : networkx.MultiGraph
        Organisation graphs.

    Returns
    -------
    dict of {str: str}
        Unit of `G1` → its partner in `G2`; units without a partner are absent.

    Notes
    -----
    The assignment maximises, within each unit type, the sum over pairs of
    :math:`J(u, v) + 0.01\\,[\\text{same name}]`, with :math:`J` the Jaccard
    index of the two units' sets of (task, role) holdings (1 when both are
    empty).

    References
    ----------
    .. [1] Kuhn, H. W. (1955). The Hungarian method for the assignment problem.
       *Naval Research Logistics Quarterly* 2, 83–97.

    Examples
    --------
    >>> import orggraph
    >>> g = orggraph.load_dataset("nova2008")
    >>> match_units(g["hamar"], g["skaun"])["nav"]
    'nav'
    """
    from scipy.optimize import linear_sum_assignment

    def holdings(G: nx.Graph) -> dict[Hashable, set]:  # numpydoc ignore=EX01
        """Return unit → its set of (task, role) holdings in `G`.

        Parameters
        ----------
        G : networkx.MultiGraph
            An organisation graph.

        Returns
        -------
        dict of {str: set of tuple of (str, str)}
            Every unit of `G`, with an empty set when it holds nothing.
        """
        out: dict[Hashable, set] = {u: set() for u in unit_nodes(G)}
        for u, t, d in responsibility_edges(G):
            out[u].add((t, d["role"]))
        return out

    h1, h2 = holdings(G1), holdings(G2)
    out: dict[Hashable, Hashable] = {}
    for ut in voc.UNIT_TYPES:
        a = [u for u in unit_nodes(G1) if G1.nodes[u]["unit_type"] == ut]
        b = [u for u in unit_nodes(G2) if G2.nodes[u]["unit_type"] == ut]
        if not a or not b:
            continue
        cost = np.zeros((len(a), len(b)))
        for i, u in enumerate(a):
            for j, v in enumerate(b):
                union = h1[u] | h2[v]
                jac = len(h1[u] & h2[v]) / len(union) if union else 1.0
                same_name = G1.nodes[u].get("name") == G2.nodes[v].get("name")
                cost[i, j] = -(jac + 0.01 * same_name)
        for row, col in zip(*linear_sum_assignment(cost), strict=True):
            out[a[row]] = b[col]
    return out
