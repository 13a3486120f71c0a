"""Whole-network two-mode indices from ecological network analysis.

Part of the analysis layer (:mod:`orggraph.analysis`), beside the one-mode and
centrality metrics of :mod:`~orggraph.analysis.metrics`; it reads only the
responsibility ties of an organisation graph (:mod:`orggraph.core.graph`), and
:func:`summarize_ecology` is what :func:`orggraph.summarize` and
:func:`orggraph.compare` report from it.

The unit × task incidence matrix of a municipality is read like a
plant–pollinator web (the R package ``bipartite``, Dormann et al. 2009, is
the reference): which units share which tasks, whether small units' portfolios
are subsets of a generalist's (nestedness), whether the field falls apart in
modules, and how many tasks are orphaned when units are abolished.

Notation: :math:`A` the binary unit × task matrix of :func:`incidence`
(:math:`A_{ij} = 1` when unit :math:`i` holds task :math:`j` in any role),
:math:`k_i = \\sum_j A_{ij}` a unit's number of tasks, :math:`d_j = \\sum_i
A_{ij}` a task's number of holders, :math:`m = \\sum_{ij} A_{ij}`.

Examples
--------
>>> import orggraph
>>> G = orggraph.load_dataset("nova2008")["ski"]
>>> connectance(G)
0.5
>>> nodf(G)
0.0
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Mapping
from functools import cache, lru_cache

import networkx as nx
import numpy as np
import pandas as pd

from orggraph.core.graph import responsibility_edges, task_nodes, unit_nodes

__all__ = [
    "barber_modularity",
    "compartments",
    "connectance",
    "incidence",
    "module_roles",
    "modules",
    "niche_overlap",
    "nodf",
    "robustness",
    "summarize_ecology",
]


def _matrix(G: nx.Graph) -> tuple[list[Hashable], list[Hashable], np.ndarray]:
    """Units with a tie, tasks, and the binary unit x task matrix (int64) between them.

    In a canonical order (tasks by code, units by the tasks they hold), so that the seeded searches
    and samples below (BRIM's starts, robustness's random orders) give the same result whatever the
    order of the rows and the names of the units: units holding the same tasks are interchangeable.
    """
    ties = {(u, t) for u, t, _ in responsibility_edges(G)}
    tied = {u for u, _ in ties}
    tasks = sorted(task_nodes(G), key=str)
    held = {u: tuple(int((u, t) in ties) for t in tasks) for u in tied}
    units = sorted((u for u in unit_nodes(G) if u in tied), key=held.__getitem__)
    mat = np.array([held[u] for u in units], dtype=np.int64).reshape(len(units), len(tasks))
    return units, tasks, mat


def incidence(G: nx.Graph) -> pd.DataFrame:
    """Return the binary unit × task incidence matrix (roles collapsed) of units with a tie and the tasks.

    Tasks come sorted by code and units by the tasks they hold: the canonical order every index of
    this module is computed in, whatever the order of the graph's rows.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).

    Returns
    -------
    pandas.DataFrame
        Indexed by unit (only units that hold some task), one column per task
        node of `G`; 1 where the unit holds the task in any role, else 0.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiGraph()
    >>> for u in ("a", "b", "c"):
    ...     G.add_node(u, kind="unit", unit_type="social")
    >>> for t in ("allocate_dwelling", "allocate_grant", "manage_dwellings"):
    ...     G.add_node(t, kind="task")
    >>> for u, t in [("a", "allocate_dwelling"), ("a", "allocate_grant"), ("b", "allocate_grant"),
    ...              ("c", "manage_dwellings")]:
    ...     _ = G.add_edge(u, t, relation="responsibility", role="decides")
    >>> incidence(G)
       allocate_dwelling  allocate_grant  manage_dwellings
    c                  0               0                 1
    b                  0               1                 0
    a                  1               1                 0
    """
    units, tasks, mat = _matrix(G)
    return pd.DataFrame(mat, index=units, columns=tasks)


def _connectance(mat: np.ndarray) -> float:
    return float(mat.mean()) if mat.size else float("nan")


def connectance(G: nx.Graph) -> float:
    """Return :math:`C = |R| / (|U||T|)`, the share of possible unit–task ties realised.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).

    Returns
    -------
    float
        :math:`C = m / (|U||T|)` over the units with a tie and the task nodes
        (roles collapsed: a unit holding a task in two roles counts once); NaN
        when the matrix is empty.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiGraph()
    >>> for u in ("a", "b", "c"):
    ...     G.add_node(u, kind="unit", unit_type="social")
    >>> for t in ("allocate_dwelling", "allocate_grant", "manage_dwellings"):
    ...     G.add_node(t, kind="task")
    >>> for u, t in [("a", "allocate_dwelling"), ("a", "allocate_grant"), ("b", "allocate_grant"),
    ...              ("c", "manage_dwellings")]:
    ...     _ = G.add_edge(u, t, relation="responsibility", role="decides")
    >>> round(connectance(G), 3)
    0.444
    """
    return _connectance(_matrix(G)[2])


def _compartments(mat: np.ndarray) -> dict[str, float]:
    n_u = len(mat)
    rows, cols = np.nonzero(mat)
    if not len(rows):
        return {"compartments": 0, "compartment_diversity": float("nan")}
    parent = list(range(n_u + mat.shape[1]))  # union-find over units, then tasks

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for u, t in zip(rows.tolist(), (cols + n_u).tolist(), strict=True):
        parent[root(u)] = root(t)
    tied = set(rows.tolist()) | set((cols + n_u).tolist())
    sizes = np.bincount([root(x) for x in sorted(tied)])
    sizes = sizes[sizes > 0].tolist()
    total = sum(sizes)
    div = -sum(s / total * math.log(s / total) for s in sizes)
    return {"compartments": len(sizes), "compartment_diversity": div}


def compartments(G: nx.Graph) -> dict[str, float]:
    """Return the number of compartments and their diversity.

    Compartments are the connected components of the unit–task graph
    (responsibility ties only). Diversity is the Shannon index of the
    compartments' sizes, :math:`-\\sum_k p_k \\ln p_k` (R bipartite's
    "compartment diversity").

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).

    Returns
    -------
    dict
        ``compartments`` (int; 0 without ties) and ``compartment_diversity``
        (float; NaN without ties).

    Notes
    -----
    :math:`p_k` is the share of the tied units and tasks that lie in
    compartment :math:`k`; a task node without a tie belongs to no compartment.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiGraph()
    >>> for u in ("a", "b", "c"):
    ...     G.add_node(u, kind="unit", unit_type="social")
    >>> for t in ("allocate_dwelling", "allocate_grant", "manage_dwellings"):
    ...     G.add_node(t, kind="task")
    >>> for u, t in [("a", "allocate_dwelling"), ("a", "allocate_grant"), ("b", "allocate_grant"),
    ...              ("c", "manage_dwellings")]:
    ...     _ = G.add_edge(u, t, relation="responsibility", role="decides")
    >>> c = compartments(G)
    >>> c["compartments"], round(c["compartment_diversity"], 3)
    (2, 0.637)
    """
    return _compartments(_matrix(G)[2])


def _pair_overlap(mat: np.ndarray) -> np.ndarray:
    """Rows x rows counts of common ones (exact: float32 products of 0/1 sum below 2**24)."""
    m = mat.astype(np.float32)
    return (m @ m.T).astype(np.int64)


def _nodf(mat: np.ndarray) -> float:
    if mat.size == 0:
        return float("nan")
    scores = []
    for m in (mat, mat.T):
        k = len(m)
        if k < 2:
            continue
        fill = m.sum(axis=1)
        i, j = np.triu_indices(k, 1)
        fi, fj = fill[i], fill[j]
        low = np.minimum(fi, fj)
        ok = (fi != fj) & (low > 0)
        ov = _pair_overlap(m)[i, j]
        scores.append(np.where(ok, 100 * ov / np.where(ok, low, 1), 0.0))
    return float(np.mean(np.concatenate(scores))) if scores else 0.0


def nodf(G: nx.Graph) -> float:
    """Return NODF nestedness (0–100) of the unit × task matrix.

    For every pair of rows (and of columns) ordered by decreasing fill
    :math:`k_i > k_j`, the paired overlap is the percentage of :math:`j`'s ones
    that :math:`i` also has (0 when :math:`k_i = k_j`); NODF is the mean over all
    row pairs and column pairs [1]_.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).

    Returns
    -------
    float
        NODF in [0, 100]; NaN when the matrix is empty, 0 when it has neither
        two rows nor two columns.

    Notes
    -----
    For a pair with fills :math:`F_i > F_j > 0`,
    :math:`N_{ij} = 100\\,|\\{l : A_{il} = A_{jl} = 1\\}| / F_j`, else
    :math:`N_{ij} = 0`. With :math:`n` rows and :math:`p` columns,

    .. math:: \\mathrm{NODF} = \\frac{\\sum_{i<j} N^{\\text{rows}}_{ij} + \\sum_{i<j} N^{\\text{cols}}_{ij}}
              {\\binom{n}{2} + \\binom{p}{2}},

    where a dimension with fewer than two entries adds no pairs. The result
    does not depend on the order of rows or columns.

    References
    ----------
    .. [1] Almeida-Neto, M., Guimarães, P., Guimarães, P. R., Loyola, R. D., &
       Ulrich, W. (2008). A consistent metric for nestedness analysis in
       ecological systems: reconciling concept and measurement. *Oikos* 117(8),
       1227–1239. https://doi.org/10.1111/j.0030-1299.2008.16644.x

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiGraph()
    >>> for u in ("a", "b", "c"):
    ...     G.add_node(u, kind="unit", unit_type="social")
    >>> for t in ("allocate_dwelling", "allocate_grant", "manage_dwellings"):
    ...     G.add_node(t, kind="task")
    >>> for u, t in [("a", "allocate_dwelling"), ("a", "allocate_grant"), ("b", "allocate_grant"),
    ...              ("c", "manage_dwellings")]:
    ...     _ = G.add_edge(u, t, relation="responsibility", role="decides")
    >>> round(nodf(G), 3)
    33.333
    """
    return _nodf(_matrix(G)[2])


def barber_modularity(G: nx.Graph, partition: Mapping[Hashable, int]) -> float:
    """Return Barber's bipartite modularity of a partition of units and tasks.

    :math:`Q_B = \\frac{1}{m}\\sum_{i\\in U}\\sum_{j\\in T}
    (A_{ij} - \\frac{k_i d_j}{m})\\,\\delta(g_i, h_j)` [1]_, with :math:`g_i`
    the module of unit :math:`i` and :math:`h_j` that of task :math:`j`.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).
    partition : dict of {str : int}
        Node → module label, for every unit with a tie and every task node (as
        :func:`modules` returns it); other nodes are ignored.

    Returns
    -------
    float
        :math:`Q_B`, at most 1; NaN when `G` has no responsibility tie.

    See Also
    --------
    modules : The partition that maximises :math:`Q_B`.

    References
    ----------
    .. [1] Barber, M. J. (2007). Modularity and community detection in
       bipartite networks. *Physical Review E* 76(6), 066102.
       https://doi.org/10.1103/PhysRevE.76.066102

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiGraph()
    >>> for u in ("a", "b", "c"):
    ...     G.add_node(u, kind="unit", unit_type="social")
    >>> for t in ("allocate_dwelling", "allocate_grant", "manage_dwellings"):
    ...     G.add_node(t, kind="task")
    >>> for u, t in [("a", "allocate_dwelling"), ("a", "allocate_grant"), ("b", "allocate_grant"),
    ...              ("c", "manage_dwellings")]:
    ...     _ = G.add_edge(u, t, relation="responsibility", role="decides")
    >>> barber_modularity(G, {n: 0 for n in G})
    0.0
    >>> barber_modularity(G, modules(G))
    0.4375
    """
    units, tasks, mat = _matrix(G)
    return _barber(mat, np.array([partition[u] for u in units]), np.array([partition[t] for t in tasks]))


def _barber(mat: np.ndarray, gu: np.ndarray, gt: np.ndarray) -> float:
    a = mat.astype(float)
    edges = a.sum()
    if edges == 0:
        return float("nan")
    k, d = a.sum(axis=1), a.sum(axis=0)
    b = a - np.outer(k, d) / edges
    return float((b * (gu[:, None] == gt[None, :])).sum() / edges)


#: The exhaustive search runs when its arithmetic (partitions x modules x nodes of the other side) stays
#: under this many cells (every survey graph and the 22 bundled municipalities; a few milliseconds).
_EXACT_CELLS = 4_000_000
#: ... and the side it enumerates has at most this many nodes (Bell(12) = 4,213,597 partitions).
_EXACT_NODES = 12


@cache
def _bell(k: int) -> int:
    """The number of partitions of `k` items (Bell triangle)."""
    row = [1]
    for _ in range(k):
        nxt = [row[-1]]
        for x in row:
            nxt.append(nxt[-1] + x)
        row = nxt
    return row[0]


@cache
def _set_partitions(k: int) -> np.ndarray:
    """Every partition of `k` items (1 <= k) as restricted growth strings (partitions x k), fewest blocks first.

    Item ``i``'s block is at most one more than the largest block of items ``0 .. i-1``; within a number of
    blocks the strings come in lexicographic order.
    """
    rgs = np.zeros((1, 1), dtype=np.int64)
    for i in range(1, k):
        top = rgs.max(axis=1)
        rgs = np.concatenate([np.column_stack([rgs[top + 1 >= lab], np.full(int((top + 1 >= lab).sum()), lab)])
                              for lab in range(i + 1)])
    return rgs[np.lexsort((*rgs.T[::-1], rgs.max(axis=1)))]


def _exact_cells(mat: np.ndarray) -> tuple[float, bool]:
    """The cells of the exhaustive search over the smaller side and whether that side is the tasks."""
    k_u, k_t = mat.shape
    by_units = _bell(k_u) * k_u * k_t if k_u <= _EXACT_NODES else math.inf
    by_tasks = _bell(k_t) * k_t * k_u if k_t <= _EXACT_NODES else math.inf
    return (by_tasks, True) if by_tasks < by_units else (by_units, False)


def _exact(b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The (row modules, column modules) of highest modularity: every partition of the rows of `b`.

    Given the rows' modules, each column's best module is the one whose rows' sum of `b` in that column is
    largest; that is the column's share of the optimum (a module with no rows adds 0, and a column's sums
    over the row modules add up to 0, so the largest is never negative). Ties between partitions go to
    the first one, with fewest modules; a column tied between modules goes to the first.
    """
    k, n = b.shape
    parts = _set_partitions(k)
    used = np.arange(k)[None, :] <= parts.max(axis=1)[:, None]  # partitions x modules in use
    q = np.empty(len(parts))
    step = max(1, 1_000_000 // (k * max(n, 1)))
    eye = np.eye(k)
    for first in range(0, len(parts), step):
        sums = eye[parts[first:first + step]].transpose(0, 2, 1) @ b  # partitions x modules x columns
        sums = np.where(used[first:first + step, :, None], sums, -np.inf)
        q[first:first + step] = sums.max(axis=1).sum(axis=1)
    best = int(np.flatnonzero(q >= q.max() - 1e-12)[0])
    rows = parts[best]
    sums = (eye[rows].T @ b)[:rows.max() + 1]
    return rows, np.argmax(sums, axis=0)


@cache
def _starts(n_units: int, starts: int, seed: int, max_modules: int) -> tuple[np.ndarray, ...]:
    """BRIM's random starting assignments, one array (starts x units) per number of modules, in draw order.

    Module counts run from 1 to ``min(n_units, max_modules)``: a module can hold
    positive modularity only if it holds a task, so more modules than tasks
    (plus one for units that fit nowhere) only repeat smaller partitions. The
    draws for the counts kept are the same whatever the cap.
    """
    rng = random.Random(seed)
    return tuple(np.array([[rng.randrange(c) for _ in range(n_units)] for _ in range(starts)], dtype=np.int64)
                 for c in range(1, min(n_units, max_modules) + 1))


def _louvain_starts(a: np.ndarray, seed: int, runs: int = 1) -> list[np.ndarray]:
    """Unit modules of scikit-network's bipartite Louvain from `runs` random states."""
    from scipy import sparse
    from sknetwork.clustering import Louvain

    out = []
    for rs in range(runs):
        louvain = Louvain(random_state=seed + rs)
        louvain.fit(sparse.csr_matrix(a), force_bipartite=True)
        _, labels = np.unique(np.asarray(louvain.labels_row_), return_inverse=True)
        out.append(labels.astype(np.int64))
    return out


def _modules(mat: np.ndarray, starts: int, seed: int) -> tuple[np.ndarray, np.ndarray] | None:
    """Best (unit modules, task modules): exhaustive when small enough (:func:`_exact`), else by BRIM."""
    a = mat.astype(float)
    if a.sum() == 0:
        return None
    edges = a.sum()
    b = a - np.outer(a.sum(axis=1), a.sum(axis=0)) / edges
    cells, by_tasks = _exact_cells(mat)
    if cells <= _EXACT_CELLS:
        if by_tasks:
            gt, gu = _exact(b.T)
            return gu, gt
        return _exact(b)
    best_q, best = -math.inf, None
    # BRIM's random starts miss the best partition in some municipalities; it is also started from
    # the partition that scikit-network's bipartite Louvain finds (Blondel et al. 2008, with
    # Barber's null model), so the result is never worse than that Louvain partition: BRIM never
    # lowers Q_B from its start.
    for gu in _louvain_starts(a, seed):
        c = int(gu.max()) + 1
        gu, gt = _brim(b, gu[None], c)
        q = float((b * (gu[0][:, None] == gt[0][None, :])).sum() / edges)
        if q > best_q + 1e-12:
            best_q, best = q, (gu[0].copy(), gt[0].copy())
    for c, all_gu in enumerate(_starts(len(a), starts, seed, a.shape[1] + 1), start=1):
        # every start of this module count at once, in blocks that keep the one-hot arrays under ~40 MB
        block = max(1, min(len(all_gu), 5_000_000 // max(1, len(a) * c)))
        for first in range(0, len(all_gu), block):
            gu, gt = _brim(b, all_gu[first:first + block], c)
            qs = (b[None] * (gu[:, :, None] == gt[:, None, :])).sum(axis=(1, 2)) / edges
            for s, q in enumerate(qs.tolist()):  # the first start that beats the best so far by 1e-12 wins
                if q > best_q + 1e-12:
                    best_q, best = q, (gu[s].copy(), gt[s].copy())
    return best


def _brim(b: np.ndarray, gu: np.ndarray, c: int) -> tuple[np.ndarray, np.ndarray]:
    """Run BRIM from the starting unit modules `gu` (starts x units) until no start changes (at most 50 rounds)."""
    eye = np.eye(c)
    for _ in range(50):
        gt = np.argmax(b.T[None] @ eye[gu], axis=2)      # tasks to best module, every start
        new_gu = np.argmax(b[None] @ eye[gt], axis=2)    # then units
        if (new_gu == gu).all():
            break
        gu = new_gu
    return gu, gt


def _labels(units: list[Hashable], tasks: list[Hashable], best: tuple[np.ndarray, np.ndarray]) -> dict[Hashable, int]:
    gu, gt = best
    labels: dict[int, int] = {}
    part = {}
    for node, g in [*zip(units, gu.tolist(), strict=True), *zip(tasks, gt.tolist(), strict=True)]:
        part[node] = labels.setdefault(int(g), len(labels))
    return part


def modules(G: nx.Graph, *, starts: int = 20, seed: int = 0) -> dict[Hashable, int]:
    """Return the partition of units and tasks that maximises Barber modularity :math:`Q_B`.

    Given the units' modules, a task's best module is the one whose units
    have the largest sum of :math:`A_{ij} - k_i d_j / m` over the task's
    column, so the best partition is found exactly by trying every partition
    of the units (or of the tasks, whichever is cheaper) and placing each node
    of the other side in its best module. That is done whenever it takes at
    most a few million array cells: every municipality of the report (at most
    6 units) and of a survey. Among partitions of equal :math:`Q_B` the one
    with fewest modules is returned (then the first in a fixed order of the
    canonical matrix, :func:`incidence`).

    Larger graphs are searched by BRIM (bipartite recursively induced modules,
    Barber 2007 [1]_), which alternates: assign each task to the module that
    maximises :math:`Q_B` given the units' modules, then each unit given the
    tasks'. It is run from the partition scikit-network's bipartite Louvain
    [2]_ finds (random state `seed`) and from `starts` random starts for every
    number of modules from 1 to the number of units or of tasks plus one,
    whichever is smaller (a module without a task adds no modularity); the
    best partition is kept.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).
    starts : int, default 20
        BRIM's random starting partitions per number of modules (larger graphs only).
    seed : int, default 0
        Seed of BRIM's random starts and of Louvain's random state (larger graphs only).

    Returns
    -------
    dict of {str: int}
        Node → module, for every unit with a tie and every task node; modules
        are numbered 0, 1, … in order of first appearance (units in the order of
        :func:`incidence`, then tasks). Empty when `G` has no responsibility tie.
        Deterministic for a given `seed`.

    See Also
    --------
    barber_modularity : :math:`Q_B` of a partition.
    module_roles : Each unit's role given the modules.

    Notes
    -----
    :math:`Q_B` is defined under :func:`barber_modularity`. Given the rows'
    modules, column :math:`j` adds :math:`\\max_s \\sum_{i \\in s} B_{ij}` at
    best (:math:`B_{ij} = A_{ij} - k_i d_j / m`); a module without rows adds 0,
    and the sums over the row modules add up to 0, so the largest is never
    negative: the exhaustive search is exact. A BRIM step never lowers
    :math:`Q_B`, so on larger graphs the result is at least as modular as
    every starting partition, the Louvain one included.

    References
    ----------
    .. [1] Barber, M. J. (2007). Modularity and community detection in
       bipartite networks. *Physical Review E* 76(6), 066102.
       https://doi.org/10.1103/PhysRevE.76.066102
    .. [2] Blondel, V. D., Guillaume, J.-L., Lambiotte, R., & Lefebvre, E.
       (2008). Fast unfolding of communities in large networks. *Journal of
       Statistical Mechanics* P10008.
       https://doi.org/10.1088/1742-5468/2008/10/P10008

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiGraph()
    >>> for u in ("a", "b", "c"):
    ...     G.add_node(u, kind="unit", unit_type="social")
    >>> for t in ("allocate_dwelling", "allocate_grant", "manage_dwellings"):
    ...     G.add_node(t, kind="task")
    >>> for u, t in [("a", "allocate_dwelling"), ("a", "allocate_grant"), ("b", "allocate_grant"),
    ...              ("c", "manage_dwellings")]:
    ...     _ = G.add_edge(u, t, relation="responsibility", role="decides")
    >>> part = modules(G)
    >>> sorted(sorted(n for n in part if part[n] == k) for k in set(part.values()))
    [['a', 'allocate_dwelling'], ['allocate_grant', 'b'], ['c', 'manage_dwellings']]
    """
    units, tasks, mat = _matrix(G)
    best = _modules(mat, starts, seed)
    return {} if best is None else _labels(units, tasks, best)


def _module_roles(mat: np.ndarray, gu: np.ndarray, gt: np.ndarray) -> dict[str, np.ndarray]:
    """Module, c, z and role of each unit (rows of `mat`), modules given as labels per unit and task."""
    k = mat.sum(axis=1)
    n_mod = int(max(gu.max(initial=0), gt.max(initial=0))) + 1
    by_mod = mat.astype(np.int64) @ np.eye(n_mod, dtype=np.int64)[gt]  # unit x module: tasks held there
    with np.errstate(divide="ignore", invalid="ignore"):
        c = np.where(k > 0, 1 - ((by_mod / np.where(k > 0, k, 1)[:, None]) ** 2).sum(axis=1), 0.0)
    within = by_mod[np.arange(len(mat)), gu].astype(float)
    z = np.zeros(len(mat))
    for mod in np.unique(gu):
        rows = gu == mod
        ks = within[rows]
        sd = ks.std()
        z[rows] = 0.0 if sd == 0 else (ks - ks.mean()) / sd
    role = np.where((c > 0.62) & (z > 2.5), "network hub", np.where(
        z > 2.5, "module hub", np.where(c > 0.62, "connector", "peripheral")))
    return {"module": gu, "c": c, "z": z, "role": role}


def module_roles(G: nx.Graph, partition: Mapping[Hashable, int] | None = None) -> pd.DataFrame:
    """Return each unit's participation coefficient c and within-module degree z, and its role.

    :math:`c_i = 1 - \\sum_s (k_{is}/k_i)^2` over modules :math:`s`;
    :math:`z_i = (k_{i,s_i} - \\bar k_{s_i}) / \\sigma_{k_{s_i}}` among the units
    of its own module (0 when the module's units all have the same degree).
    Roles after Olesen et al. (2007) [2]_: *network hub* (c > 0.62, z > 2.5),
    *module hub* (z > 2.5), *connector* (c > 0.62), else *peripheral*.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).
    partition : dict of {str : int}, optional
        Node → module for every unit with a tie and every task node; default
        :func:`modules` of `G`.

    Returns
    -------
    pandas.DataFrame
        Indexed by unit with a tie (the order of :func:`incidence`), columns
        ``module`` (int), ``c`` and ``z`` (float) and ``role`` (str).

    Notes
    -----
    :math:`k_{is}` is the number of tasks of module :math:`s` that unit
    :math:`i` holds and :math:`k_i = \\sum_s k_{is}`; :math:`\\bar k_{s}` and
    :math:`\\sigma_{k_s}` are the mean and the population standard deviation of
    :math:`k_{i,s}` over the units of module :math:`s` (Guimerà & Amaral [1]_,
    two-mode form of Olesen et al. [2]_).

    References
    ----------
    .. [1] Guimerà, R., & Amaral, L. A. N. (2005). Functional cartography of
       complex metabolic networks. *Nature* 433, 895–900.
       https://doi.org/10.1038/nature03288
    .. [2] Olesen, J. M., Bascompte, J., Dupont, Y. L., & Jordano, P. (2007).
       The modularity of pollination networks. *PNAS* 104(50), 19891–19896.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiGraph()
    >>> for u in ("a", "b", "c"):
    ...     G.add_node(u, kind="unit", unit_type="social")
    >>> for t in ("allocate_dwelling", "allocate_grant", "manage_dwellings"):
    ...     G.add_node(t, kind="task")
    >>> for u, t in [("a", "allocate_dwelling"), ("a", "allocate_grant"), ("b", "allocate_grant"),
    ...              ("c", "manage_dwellings")]:
    ...     _ = G.add_edge(u, t, relation="responsibility", role="decides")
    >>> module_roles(G)[["c", "z", "role"]]
         c    z        role
    c  0.0  0.0  peripheral
    b  0.0  0.0  peripheral
    a  0.5  0.0  peripheral
    """
    units, tasks, mat = _matrix(G)
    part = modules(G) if partition is None else partition
    gu = np.array([part[u] for u in units], dtype=np.int64)
    gt = np.array([part[t] for t in tasks], dtype=np.int64)
    frame = pd.DataFrame(_module_roles(mat, gu, gt), index=units)
    return frame


def _niche_overlap(mat: np.ndarray) -> float:
    if len(mat) < 2:
        return float("nan")
    size = mat.sum(axis=1)
    i, j = np.triu_indices(len(mat), 1)
    ov = _pair_overlap(mat)[i, j]
    return float(np.mean(ov / (size[i] + size[j] - ov)))


def niche_overlap(G: nx.Graph) -> float:
    """Return the mean pairwise Jaccard overlap of the units' task portfolios.

    :math:`\\overline{J} = \\binom{n}{2}^{-1}\\sum_{i<j} |T_i\\cap T_j| / |T_i\\cup T_j|`
    (for binary data Horn's index, R bipartite's default, reduces to a
    similar overlap; Jaccard is used for its plain reading). NaN with fewer
    than two units.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).

    Returns
    -------
    float
        :math:`\\overline{J}` in [0, 1] over the :math:`n` units with a tie
        (:math:`T_i` the tasks unit :math:`i` holds); NaN when :math:`n < 2`.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiGraph()
    >>> for u in ("a", "b", "c"):
    ...     G.add_node(u, kind="unit", unit_type="social")
    >>> for t in ("allocate_dwelling", "allocate_grant", "manage_dwellings"):
    ...     G.add_node(t, kind="task")
    >>> for u, t in [("a", "allocate_dwelling"), ("a", "allocate_grant"), ("b", "allocate_grant"),
    ...              ("c", "manage_dwellings")]:
    ...     _ = G.add_edge(u, t, relation="responsibility", role="decides")
    >>> round(niche_overlap(G), 3)
    0.167
    """
    return _niche_overlap(_matrix(G)[2])


# numpy's trapezoid rule (numpy 2 renamed trapz); scipy.integrate's would cost its import, 0.3 s per process
_trapezoid = np.trapezoid if hasattr(np, "trapezoid") else np.trapz  # type: ignore[attr-defined]


@cache
def _random_orders(n: int, runs: int, seed: int) -> np.ndarray:
    rng = random.Random(seed)
    return np.array([rng.sample(range(n), n) for _ in range(runs)], dtype=np.int64).reshape(runs, n)


def _robustness(mat: np.ndarray, order: str, runs: int, seed: int) -> float:
    if mat.size == 0:
        return float("nan")
    n = len(mat)
    if order == "degree":
        fill = mat.sum(axis=1)
        orders = np.lexsort((np.arange(n), -fill))[None]
    elif order == "random":
        orders = _random_orders(n, runs, seed)
    else:
        msg = f"unknown order `{order}`; use random or degree"
        raise ValueError(msg)
    rows = mat.astype(bool)[orders]  # orders x removal step x tasks
    # after removing k units the survivors are rows k..n-1; a reversed cumulative "any" gives them all
    held = np.logical_or.accumulate(rows[:, ::-1], axis=1)[:, ::-1]
    shares = np.concatenate([held.sum(axis=2) / mat.shape[1], np.zeros((len(orders), 1))], axis=1)
    areas = _trapezoid(shares, np.linspace(0, 1, n + 1), axis=1)
    return float(np.mean(areas))


def robustness(G: nx.Graph, *, order: str = "random", runs: int = 200, seed: int = 0) -> float:
    """Return the robustness of task coverage to abolishing units (area under the curve, 0–1).

    Units are removed one at a time; after each removal, the share of tasks
    still held by some unit is recorded. Robustness is the area under that
    curve (trapezoid rule, x scaled to 0–1) (Memmott et al. 2004 [1]_; Burgos et
    al. 2007 [2]_). ``order="random"`` averages `runs` random orders (seeded);
    ``order="degree"`` removes the units holding most tasks first (the worst
    plausible case).

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).
    order : {"random", "degree"}, default "random"
        The order in which units are removed; ties in degree are broken by the
        order of :func:`incidence`.
    runs : int, default 200
        Random orders averaged (``order="random"`` only).
    seed : int, default 0
        Seed of the random orders.

    Returns
    -------
    float
        The mean area under the curve, in [0, 1]; NaN when the matrix is empty.

    Raises
    ------
    ValueError
        If `order` is neither ``"random"`` nor ``"degree"``.

    Notes
    -----
    Over the :math:`n` units with a tie and the :math:`p` task nodes, let
    :math:`f_k` be the share of tasks still held after removing :math:`k`
    units (:math:`f_0` the share held at all, :math:`f_n = 0`). Then

    .. math:: R = \\sum_{k=0}^{n-1} \\frac{f_k + f_{k+1}}{2n}.

    References
    ----------
    .. [1] Memmott, J., Waser, N. M., & Price, M. V. (2004). Tolerance of
       pollination networks to species extinctions. *Proceedings of the Royal
       Society B* 271(1557), 2605–2611. https://doi.org/10.1098/rspb.2004.2909
    .. [2] Burgos, E., Ceva, H., Perazzo, R. P. J., Devoto, M., Medan, D.,
       Zimmermann, M., & Delbue, A. M. (2007). Why nestedness in mutualistic
       networks? *Journal of Theoretical Biology* 249, 307–313.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiGraph()
    >>> for u in ("a", "b", "c"):
    ...     G.add_node(u, kind="unit", unit_type="social")
    >>> for t in ("allocate_dwelling", "allocate_grant", "manage_dwellings"):
    ...     G.add_node(t, kind="task")
    >>> for u, t in [("a", "allocate_dwelling"), ("a", "allocate_grant"), ("b", "allocate_grant"),
    ...              ("c", "manage_dwellings")]:
    ...     _ = G.add_edge(u, t, relation="responsibility", role="decides")
    >>> robustness(G, order="degree"), round(robustness(G), 3)
    (0.5, 0.571)
    """
    return _robustness(_matrix(G)[2], order, runs, seed)


def summarize_ecology(G: nx.Graph) -> dict[str, float]:
    """Return all whole-network indices of this module as one dict.

    They depend on the canonical incidence matrix (:func:`incidence`) alone, so
    graphs with the same matrix (common in a survey) share one computation.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).

    Returns
    -------
    dict
        ``connectance`` (:func:`connectance`), ``compartments`` and
        ``compartment_diversity`` (:func:`compartments`), ``nodf``
        (:func:`nodf`), ``modules`` (number of modules of :func:`modules` with
        its defaults; 0 without ties) and ``modularity`` (their :math:`Q_B`,
        :func:`barber_modularity`), ``connector_units`` (units whose
        :func:`module_roles` role is not peripheral), ``niche_overlap``
        (:func:`niche_overlap`), ``robustness`` and ``robustness_worst``
        (:func:`robustness` with ``order="random"`` and ``"degree"``).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiGraph()
    >>> for u in ("a", "b", "c"):
    ...     G.add_node(u, kind="unit", unit_type="social")
    >>> for t in ("allocate_dwelling", "allocate_grant", "manage_dwellings"):
    ...     G.add_node(t, kind="task")
    >>> for u, t in [("a", "allocate_dwelling"), ("a", "allocate_grant"), ("b", "allocate_grant"),
    ...              ("c", "manage_dwellings")]:
    ...     _ = G.add_edge(u, t, relation="responsibility", role="decides")
    >>> s = summarize_ecology(G)
    >>> s["modules"], s["modularity"], s["connector_units"]
    (3, 0.4375, 0)
    """
    _, _, mat = _matrix(G)
    if mat.size > _SHARED_CELLS:
        return _ecology(mat)
    return dict(_shared_ecology(mat.shape, mat.tobytes()))


#: Matrices up to this many cells keep their indices in a per-process cache (:func:`_shared_ecology`).
_SHARED_CELLS = 4096


@lru_cache(maxsize=8192)
def _shared_ecology(shape: tuple[int, int], data: bytes) -> tuple[tuple[str, float], ...]:
    return tuple(_ecology(np.frombuffer(data, dtype=np.int64).reshape(shape)).items())


def _ecology(mat: np.ndarray) -> dict[str, float]:
    best = _modules(mat, 20, 0)
    if best is None:
        n_modules, q, connectors = 0, float("nan"), 0
    else:
        gu, gt = best
        n_modules = len(np.unique(np.concatenate(best)))
        q = _barber(mat, gu, gt)
        connectors = int((_module_roles(mat, gu, gt)["role"] != "peripheral").sum())
    return {
        "connectance": _connectance(mat),
        **_compartments(mat),
        "nodf": _nodf(mat),
        "modules": n_modules,
        "modularity": q,
        "connector_units": connectors,
        "niche_overlap": _niche_overlap(mat),
        "robustness": _robustness(mat, "random", 200, 0),
        "robustness_worst": _robustness(mat, "degree", 200, 0),
    }
