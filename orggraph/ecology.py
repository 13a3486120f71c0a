"""Whole-network two-mode indices from ecological network analysis.

The unit × task incidence matrix of a municipality is read like a
plant–pollinator web (the R package ``bipartite``, Dormann et al. 2009, is
the reference): which units share which tasks, whether small units' portfolios
are subsets of a generalist's (nestedness), whether the field falls apart in
modules, and how many tasks are orphaned when units are abolished.

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
from collections.abc import Sequence

import networkx as nx
import numpy as np
import pandas as pd

from orggraph.graph import responsibility_edges, task_nodes, unit_nodes

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


def incidence(G: nx.Graph) -> pd.DataFrame:
    """Return the binary unit × task incidence matrix (roles collapsed) of units and tasks with a tie."""
    ties = {(u, t) for u, t, _ in responsibility_edges(G)}
    units = [u for u in unit_nodes(G) if any(u == a for a, _ in ties)]
    tasks = task_nodes(G)
    return pd.DataFrame([[int((u, t) in ties) for t in tasks] for u in units], index=units, columns=tasks)


def connectance(G: nx.Graph) -> float:
    """Return :math:`C = |R| / (|U||T|)`, the share of possible unit–task ties realised."""
    m = incidence(G)
    return float(m.values.mean()) if m.size else float("nan")


def compartments(G: nx.Graph) -> dict[str, float]:
    """Return the number of compartments and their diversity.

    Compartments are the connected components of the unit–task graph
    (responsibility ties only). Diversity is the Shannon index of the
    compartments' sizes, :math:`-\\sum_k p_k \\ln p_k` (R bipartite's
    "compartment diversity").
    """
    H = nx.Graph([(u, t) for u, t, _ in responsibility_edges(G)])
    sizes = [len(c) for c in nx.connected_components(H)]
    total = sum(sizes)
    div = -sum(s / total * math.log(s / total) for s in sizes) if total else float("nan")
    return {"compartments": len(sizes), "compartment_diversity": div}


def nodf(G: nx.Graph) -> float:
    """Return NODF nestedness (0–100) of the unit × task matrix.

    For every pair of rows (and of columns) ordered by decreasing fill
    :math:`k_i > k_j`, the paired overlap is the percentage of :math:`j`'s ones
    that :math:`i` also has (0 when :math:`k_i = k_j`); NODF is the mean over all
    row pairs and column pairs.

    References
    ----------
    Almeida-Neto, M. et al. (2008). A consistent metric for nestedness
    analysis in ecological systems. *Oikos* 117, 1227–1239.
    """
    m = incidence(G).to_numpy()
    if m.size == 0:
        return float("nan")
    scores = []
    for mat in (m, m.T):
        fill = mat.sum(axis=1)
        for i in range(len(mat)):
            for j in range(len(mat)):
                if i < j:
                    hi, lo = (i, j) if fill[i] >= fill[j] else (j, i)
                    if fill[hi] == fill[lo] or fill[lo] == 0:
                        scores.append(0.0)
                    else:
                        scores.append(100 * float((mat[hi] & mat[lo]).sum()) / fill[lo])
    return float(np.mean(scores)) if scores else 0.0


def barber_modularity(G: nx.Graph, partition: dict[str, int]) -> float:
    """Return Barber's bipartite modularity of a partition of units and tasks.

    :math:`Q_B = \\frac{1}{m}\\sum_{i\\in U}\\sum_{j\\in T}
    (A_{ij} - \\frac{k_i d_j}{m})\\,\\delta(g_i, h_j)`.

    References
    ----------
    Barber, M. J. (2007). Modularity and community detection in bipartite
    networks. *Physical Review E* 76, 066102.
    """
    m = incidence(G)
    a = m.to_numpy(dtype=float)
    edges = a.sum()
    if edges == 0:
        return float("nan")
    k, d = a.sum(axis=1), a.sum(axis=0)
    b = a - np.outer(k, d) / edges
    gu = np.array([partition[u] for u in m.index])
    gt = np.array([partition[t] for t in m.columns])
    return float((b * (gu[:, None] == gt[None, :])).sum() / edges)


def modules(G: nx.Graph, *, starts: int = 20, seed: int = 0) -> dict[str, int]:
    """Return the partition of units and tasks that maximises Barber modularity (BRIM).

    BRIM (bipartite recursively induced modules, Barber 2007) alternates:
    assign each task to the module that maximises :math:`Q_B` given the units'
    modules, then each unit given the tasks'. It is run from `starts` random
    starts for every number of modules from 1 to the number of units, and the
    best partition is kept. Deterministic for a given `seed`, and independent
    of the order of the rows and of the units' names: the search runs on the
    incidence matrix in a canonical order (tasks by code, units by the tasks
    they hold; units holding the same tasks are interchangeable).
    """
    m = incidence(G)
    m = m[sorted(m.columns, key=str)]
    m = m.loc[sorted(m.index, key=lambda u: tuple(m.loc[u]))]
    a = m.to_numpy(dtype=float)
    if a.sum() == 0:
        return {}
    edges = a.sum()
    b = a - np.outer(a.sum(axis=1), a.sum(axis=0)) / edges
    rng = random.Random(seed)
    best_q, best = -math.inf, None
    n_u = len(m.index)
    for c in range(1, n_u + 1):
        for _ in range(starts):
            gu = np.array([rng.randrange(c) for _ in range(n_u)])
            for _ in range(50):
                ru = np.eye(c)[gu]                      # units x modules
                gt = np.argmax(b.T @ ru, axis=1)        # tasks to best module
                rt = np.eye(c)[gt]
                new_gu = np.argmax(b @ rt, axis=1)
                if (new_gu == gu).all():
                    break
                gu = new_gu
            q = float((b * (gu[:, None] == gt[None, :])).sum() / edges)
            if q > best_q + 1e-12:
                best_q, best = q, (gu.copy(), gt.copy())
    gu, gt = best
    labels: dict[int, int] = {}
    part = {}
    for node, g in [*zip(m.index, gu, strict=True), *zip(m.columns, gt, strict=True)]:
        part[node] = labels.setdefault(int(g), len(labels))
    return part


def module_roles(G: nx.Graph, partition: dict[str, int] | None = None) -> pd.DataFrame:
    """Return each unit's participation coefficient c and within-module degree z, and its role.

    :math:`c_i = 1 - \\sum_s (k_{is}/k_i)^2` over modules :math:`s`;
    :math:`z_i = (k_{i,s_i} - \\bar k_{s_i}) / \\sigma_{k_{s_i}}` among the units
    of its own module (0 when the module's units all have the same degree).
    Roles after Olesen et al. (2007): *network hub* (c > 0.62, z > 2.5),
    *module hub* (z > 2.5), *connector* (c > 0.62), else *peripheral*.

    References
    ----------
    Guimerà, R. and Amaral, L. A. N. (2005). Functional cartography of complex
    metabolic networks. *Nature* 433, 895–900. Olesen, J. M. et al. (2007).
    The modularity of pollination networks. *PNAS* 104, 19891–19896.
    """
    part = modules(G) if partition is None else partition
    m = incidence(G)
    rows = {}
    within = {}
    for u in m.index:
        tasks = [t for t in m.columns if m.loc[u, t]]
        k = len(tasks)
        by_mod: dict[int, int] = {}
        for t in tasks:
            by_mod[part[t]] = by_mod.get(part[t], 0) + 1
        c = 1 - sum((v / k) ** 2 for v in by_mod.values()) if k else 0.0
        within[u] = by_mod.get(part[u], 0)
        rows[u] = {"module": part[u], "c": c}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    z = {}
    for mod, group in frame.groupby("module"):
        ks = np.array([within[u] for u in group.index], dtype=float)
        sd = ks.std()
        for u, kv in zip(group.index, ks, strict=True):
            z[u] = 0.0 if sd == 0 else float((kv - ks.mean()) / sd)
        del mod
    frame["z"] = pd.Series(z)
    frame["role"] = [
        "network hub" if c > 0.62 and zz > 2.5 else "module hub" if zz > 2.5 else
        "connector" if c > 0.62 else "peripheral" for c, zz in zip(frame.c, frame.z, strict=True)]
    return frame


def niche_overlap(G: nx.Graph) -> float:
    """Return the mean pairwise Jaccard overlap of the units' task portfolios.

    :math:`\\overline{J} = \\binom{n}{2}^{-1}\\sum_{i<j} |T_i\\cap T_j| / |T_i\\cup T_j|`
    (for binary data Horn's index, R bipartite's default, reduces to a
    similar overlap; Jaccard is used for its plain reading). NaN with fewer
    than two units.
    """
    m = incidence(G)
    sets = [set(m.columns[m.loc[u].to_numpy() == 1]) for u in m.index]
    pairs = [(a, b) for i, a in enumerate(sets) for b in sets[i + 1:]]
    if not pairs:
        return float("nan")
    return float(np.mean([len(a & b) / len(a | b) for a, b in pairs]))


def _surviving(mat: np.ndarray, order: Sequence[int]) -> np.ndarray:
    """Share of tasks still held after removing 0, 1, ... units in `order` (rows of `mat`)."""
    rows = mat[list(order)].astype(bool)
    # after removing k units the survivors are rows k..n-1; a reversed cumulative "any" gives them all
    held = np.logical_or.accumulate(rows[::-1], axis=0)[::-1]
    shares = held.sum(axis=1) / mat.shape[1]
    return np.append(shares, 0.0)


def robustness(G: nx.Graph, *, order: str = "random") -> float:
    """Return the robustness of task coverage to abolishing units (area under the curve, 0–1).

    Units are removed one at a time; after each removal, the share of tasks
    still held by some unit is recorded. Robustness is the area under that
    curve (trapezoid rule, x scaled to 0–1) (Memmott et al. 2004; Burgos et
    al. 2007). ``order="random"`` is the expected area over all removal
    orders, computed exactly (a task held by :math:`d` of :math:`n` units is
    lost after :math:`k` removals with probability
    :math:`\binom{n-d}{k-d} / \binom{n}{k}`), so it does not depend on the
    order or the names of the units; ``order="degree"`` removes the units
    holding most tasks first (the worst plausible case; units holding as many
    tasks are taken in the order of the task codes they hold, which again
    does not depend on their names).
    """
    m = incidence(G)
    if m.empty:
        return float("nan")
    mat = m.to_numpy()
    n = len(mat)
    if order == "degree":
        fill = mat.sum(axis=1)
        held = [tuple(sorted(str(t) for t, x in zip(m.columns, row, strict=True) if x)) for row in mat]
        y = _surviving(mat, sorted(range(n), key=lambda i: (-int(fill[i]), held[i])))
    elif order == "random":
        d = mat.sum(axis=0)
        y = np.array([1 - np.mean([math.comb(n - dt, k - dt) / math.comb(n, k) if k >= dt else 0.0 for dt in d])
                      for k in range(n + 1)])
    else:
        msg = f"unknown order `{order}`; use random or degree"
        raise ValueError(msg)
    return float(np.trapezoid(y, np.linspace(0, 1, len(y))))


def summarize_ecology(G: nx.Graph) -> dict[str, float]:
    """Return all whole-network indices of this module as one dict."""
    part = modules(G)
    roles = module_roles(G, part) if part else pd.DataFrame(columns=["role"])
    return {
        "connectance": connectance(G),
        **compartments(G),
        "nodf": nodf(G),
        "modules": len(set(part.values())) if part else 0,
        "modularity": barber_modularity(G, part) if part else float("nan"),
        "connector_units": int((roles["role"] != "peripheral").sum()),
        "niche_overlap": niche_overlap(G),
        "robustness": robustness(G),
        "robustness_worst": robustness(G, order="degree"),
    }
