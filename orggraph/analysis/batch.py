"""A vectorised batch path for the core metrics of many municipalities at once.

Part of the analysis layer (:mod:`orggraph.analysis`): a faster equivalent of
some functions of :mod:`~orggraph.analysis.metrics` and
:mod:`~orggraph.analysis.ecology`, used by :mod:`~orggraph.analysis.summary`.
:func:`orggraph.compare` uses this path for survey-format DataFrames and for
large collections of graphs: municipalities are packed into boolean arrays
(municipality × unit × task responsibilities, unit × unit coordination and
membership) and every core metric is computed with numpy over the whole batch.
The numbers are the same as the per-graph functions of
:mod:`orggraph.analysis.metrics` and :mod:`orggraph.analysis.ecology` (a test asserts it on the
22 case municipalities and on synthetic survey populations); the metrics that
need a search per graph (betweenness, brokerage, NODF, modularity, robustness)
are computed by :func:`orggraph.compare` once per distinct structure.

Examples
--------
>>> import orggraph
>>> graphs = orggraph.load_dataset("nova2008")
>>> table = core_metrics(pack_graphs(graphs))
>>> round(float(table.loc["ski", "top_share"]), 3)
0.667
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

import networkx as nx
import numpy as np
import pandas as pd

from orggraph.analysis.metrics import COORDINATING_KINDS
from orggraph.core import vocabulary as voc
from orggraph.core.graph import coordination_edges, responsibility_edges, unit_nodes
from orggraph.io.survey import decode_cells

__all__ = ["CORE_METRICS", "Packed", "core_arrays", "core_metrics", "pack_graphs", "pack_survey"]

CORE_METRICS = (
    "units", "responsibilities", "operative_units", "strategic_units", "tasks", "teams", "coordination_ties",
    "hhi", "fragmentation", "entropy", "top_share", "units_per_task", "alone_share",
    "dwelling_split", "dwelling_bridged", "follow_up_split", "follow_up_bridged",
    "strategy_detached", "operative_in_strategy", "coordination_coverage",
    "components", "coordination_components", "connectance", "niche_overlap",
)
TASKS = list(voc.TASKS)
_T = {t: i for i, t in enumerate(TASKS)}
_INSTRUMENTS = list(voc.INSTRUMENTS)
_TASK_INSTRUMENT = np.zeros((len(TASKS), len(_INSTRUMENTS)), dtype=bool)
for _t, _task in voc.TASKS.items():
    _TASK_INSTRUMENT[_T[_t], _INSTRUMENTS.index(_task.instrument)] = True
_STRATEGIC = np.array([voc.TASKS[t].level == "strategic" for t in TASKS])
_CORE = np.array([t in voc.CORE_TASKS for t in TASKS])


@dataclass
class Packed:  # numpydoc ignore=PR02
    """Municipalities as arrays, one row per municipality and one slot per unit.

    ``A[n, u, t]``: unit slot u holds task t; ``present[n, u]``: slot used;
    ``C[n, u, v]``: a coordination tie (not part_of) joins u and v; ``mem[n, b, u]``: u is a member of body b (or is
    the body itself); ``team[n, u]``: slot is a team; ``n_resp``, ``n_coord``: edge counts.

    Parameters
    ----------
    index : list of str
        The municipality ids, one per row.
    A : numpy.ndarray
        Boolean, municipalities × slots × :data:`TASKS`: the slot holds the task
        in some role.
    present : numpy.ndarray
        Boolean, municipalities × slots: the slot holds a unit.
    C : numpy.ndarray
        Boolean, municipalities × slots × slots, symmetric: a coordination tie
        of :data:`~orggraph.analysis.metrics.COORDINATING_KINDS` joins the two.
    mem : numpy.ndarray
        Boolean, municipalities × slots × slots: ``mem[n, b, u]`` when unit
        ``u`` is a member of team or forum ``b``, or is ``b``.
    team : numpy.ndarray
        Boolean, municipalities × slots: the slot is a team.
    n_resp : numpy.ndarray
        Int64 per municipality: responsibility edges (one per role).
    n_coord : numpy.ndarray
        Int64 per municipality: coordination edges (``part_of`` included).

    See Also
    --------
    pack_graphs, pack_survey : The two ways to make one.

    Examples
    --------
    >>> import orggraph
    >>> p = pack_graphs(orggraph.load_dataset("nova2008"))
    >>> len(p.index), p.A.shape == (22, p.present.shape[1], len(TASKS))
    (22, True)
    """

    index: list[str]
    A: np.ndarray
    present: np.ndarray
    C: np.ndarray
    mem: np.ndarray
    team: np.ndarray
    n_resp: np.ndarray
    n_coord: np.ndarray


def pack_graphs(graphs: Mapping[str, nx.Graph]) -> Packed:
    """Pack organisation graphs into arrays (one slot per unit).

    Parameters
    ----------
    graphs : mapping of {str : networkx.MultiGraph}
        ``municipality_id`` → organisation graph.

    Returns
    -------
    Packed
        One row per graph, in the order of `graphs`; as many slots as the
        largest graph has units (at least one), units in graph order.

    Examples
    --------
    >>> import orggraph
    >>> p = pack_graphs(orggraph.load_dataset("nova2008"))
    >>> p.index[:3], int(p.present[0].sum())
    (['hamar', 'haugesund', 'grimstad'], 7)
    """
    ids = list(graphs)
    width = max([len(unit_nodes(G)) for G in graphs.values()] + [1])
    n = len(ids)
    A = np.zeros((n, width, len(TASKS)), dtype=bool)
    present = np.zeros((n, width), dtype=bool)
    C = np.zeros((n, width, width), dtype=bool)
    mem = np.zeros((n, width, width), dtype=bool)
    team = np.zeros((n, width), dtype=bool)
    n_resp = np.zeros(n, dtype=np.int64)
    n_coord = np.zeros(n, dtype=np.int64)
    for i, mid in enumerate(ids):
        G = graphs[mid]
        slot = {u: k for k, u in enumerate(unit_nodes(G))}
        present[i, : len(slot)] = True
        for u, k in slot.items():
            team[i, k] = G.nodes[u]["unit_type"] == "team"
        resp = responsibility_edges(G)
        n_resp[i] = len(resp)
        for u, t, _ in resp:
            A[i, slot[u], _T[cast(str, t)]] = True  # task nodes are keyed by their code
        coord = coordination_edges(G)
        n_coord[i] = len(coord)
        for a, b, d in coord:
            if d["kind"] in COORDINATING_KINDS:  # part_of is hierarchy, not coordination
                C[i, slot[a], slot[b]] = C[i, slot[b], slot[a]] = True
            if d["kind"] in ("team_membership", "forum_membership"):
                mem[i, slot[b], slot[a]] = mem[i, slot[b], slot[b]] = True
    return Packed(ids, A, present, C, mem, team, n_resp, n_coord)


def pack_survey(frame: pd.DataFrame) -> Packed:
    """Pack a survey-format frame (see :mod:`orggraph.io.survey`) into arrays, one slot per unit type.

    The frame must already be normalised (task cells as ``+``-joined codes), as
    :func:`orggraph.io.survey.normalise` or :func:`orggraph.replication.synthetic.population`
    return it.

    Parameters
    ----------
    frame : pandas.DataFrame
        Normalised survey rows: ``municipality_id`` and one column per task code
        (other columns are ignored).

    Returns
    -------
    Packed
        One row per survey row; the used unit-type slots first, in the order of
        :data:`orggraph.core.vocabulary.UNIT_TYPES` (as
        :func:`orggraph.io.survey.to_graphs` orders units). A survey records no
        coordination, so ``C``, ``mem`` and ``n_coord`` are all zero.

    Raises
    ------
    ValueError
        If a task cell holds something other than ``+``-joined unit-type codes
        (the frame was not normalised).

    Examples
    --------
    >>> import pandas as pd
    >>> from orggraph.io import survey
    >>> frame = survey.normalise(pd.DataFrame({"municipality_id": ["x", "y"],
    ...                                        "allocate_dwelling": ["nav", "housing_office+nav"],
    ...                                        "manage_dwellings": ["be", "be"]}))
    >>> p = pack_survey(frame)
    >>> p.present.sum(axis=1).tolist()
    [2, 3]
    """
    types = list(voc.UNIT_TYPES)
    n = len(frame)
    A = np.zeros((n, len(types), len(TASKS)), dtype=bool)
    slot = {u: i for i, u in enumerate(types)}
    for t in [c for c in frame.columns if c in _T]:
        try:
            codes, cells = decode_cells(frame[t])  # each distinct cell value decoded once
        except ValueError as err:
            raise ValueError(f"pack_survey: {err}") from None
        table = np.zeros((len(cells), len(types)), dtype=bool)
        for k, units in enumerate(cells):
            table[k, [slot[u] for u in units]] = True
        A[:, :, _T[t]] = table[codes]
    present = A.any(axis=2)
    order = np.argsort(~present, axis=1, kind="stable")  # used slots first, in type order, like to_graphs
    A = np.take_along_axis(A, order[:, :, None], axis=1)
    present = np.take_along_axis(present, order, axis=1)
    team = np.take_along_axis(np.broadcast_to(np.array([t == "team" for t in types]), present.shape), order,
                              axis=1) & present
    width = max(int(present.sum(axis=1).max(initial=0)), 1)  # the unused slots at the end are dropped
    A, present, team = A[:, :width], present[:, :width], team[:, :width]
    empty = np.zeros((n, width, width), dtype=bool)
    return Packed(frame["municipality_id"].astype(str).tolist(), A, present, empty, empty.copy(), team,
                  A.sum(axis=(1, 2)).astype(np.int64), np.zeros(n, dtype=np.int64))


def _mm(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Batched boolean/count matrix product through float32 BLAS (exact for these small counts)."""
    return np.matmul(a.astype(np.float32), b.astype(np.float32))


def _closure(adj: np.ndarray) -> np.ndarray:
    reach = adj | np.eye(adj.shape[1], dtype=bool)[None]
    while True:  # repeated squaring until nothing new is reached (at most log2(units) steps)
        nxt = _mm(reach, reach) > 0
        if (nxt == reach).all():
            return reach
        reach = nxt


def _components(adj: np.ndarray, present: np.ndarray) -> np.ndarray:
    if adj.shape[1] > 128:  # large municipalities: a graph search each, not a dense closure
        from scipy.sparse import csr_array
        from scipy.sparse.csgraph import connected_components

        out = np.zeros(len(adj), dtype=np.int64)
        for i in range(len(adj)):
            used = np.flatnonzero(present[i])
            if len(used):
                out[i] = connected_components(csr_array(adj[i][np.ix_(used, used)]), directed=False)[0]
        return out
    reach = _closure(adj & present[:, :, None] & present[:, None, :])
    size = (reach & present[:, None, :]).sum(axis=2)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(present, 1.0 / np.maximum(size, 1), 0.0).sum(axis=1).round().astype(np.int64)


#: Municipalities per block: bounds the temporaries so that time and memory grow linearly (and small enough
#: that a survey block's temporaries stay in the CPU cache: 2,000 rows ran ~20 % faster than 20,000).
CHUNK = 2_000


def core_metrics(p: Packed) -> pd.DataFrame:
    """Return the :data:`CORE_METRICS` of every packed municipality (index = municipality id).

    Parameters
    ----------
    p : Packed
        Municipalities packed by :func:`pack_graphs` or :func:`pack_survey`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``municipality_id`` in the order of ``p.index``, one column
        per name of :data:`CORE_METRICS`, each equal to what the per-graph
        function of :mod:`~orggraph.analysis.metrics` or
        :mod:`~orggraph.analysis.ecology` gives (see those for the formulas).
        Computed in blocks of :data:`CHUNK` municipalities (:func:`core_arrays`).

    See Also
    --------
    orggraph.compare : The table of every metric, which calls this.

    Examples
    --------
    >>> import pandas as pd
    >>> from orggraph.io import survey
    >>> frame = survey.normalise(pd.DataFrame({"municipality_id": ["x", "y"],
    ...                                        "allocate_dwelling": ["nav", "housing_office+nav"],
    ...                                        "manage_dwellings": ["be", "be"]}))
    >>> table = core_metrics(pack_survey(frame))
    >>> table.index.tolist(), table.units.tolist(), table.alone_share.tolist(), table.dwelling_split.tolist()
    (['x', 'y'], [2, 3], [1.0, 0.5], [True, True])
    """
    return pd.DataFrame(core_arrays(p), index=pd.Index(p.index, name="municipality_id"))


def core_arrays(p: Packed) -> dict[str, np.ndarray]:
    """Return the :data:`CORE_METRICS` of every packed municipality as arrays, without building a table.

    Parameters
    ----------
    p : Packed
        Municipalities packed by :func:`pack_graphs` or :func:`pack_survey`.

    Returns
    -------
    dict of str to numpy.ndarray
        One array per name of :data:`CORE_METRICS`, in that order, each in the
        order of ``p.index``: the columns of :func:`core_metrics`. The survey
        path of :func:`orggraph.compare` uses it to build its table once.

    Examples
    --------
    >>> import pandas as pd
    >>> from orggraph.io import survey
    >>> frame = survey.normalise(pd.DataFrame({"municipality_id": ["x"], "allocate_dwelling": ["nav+team"]}))
    >>> arrays = core_arrays(pack_survey(frame))
    >>> list(arrays) == list(CORE_METRICS), arrays["units"].tolist()
    (True, [2])
    """
    n = len(p.index)
    if n > CHUNK:
        parts = []
        for start in range(0, n, CHUNK):
            s = slice(start, start + CHUNK)
            parts.append(_core_metrics(Packed(p.index[s], p.A[s], p.present[s], p.C[s], p.mem[s], p.team[s],
                                              p.n_resp[s], p.n_coord[s])))
        return {m: np.concatenate([part[m] for part in parts]) for m in CORE_METRICS}
    return _core_metrics(p)


def _core_metrics(p: Packed) -> dict[str, np.ndarray]:
    A, present = p.A, p.present
    width = A.shape[1]
    nan = np.nan
    out: dict[str, np.ndarray] = {}
    held_by = A.sum(axis=1)  # n × T: units holding each task
    op = (A & ~_STRATEGIC).any(axis=2)
    st = (A & _STRATEGIC).any(axis=2)
    out["units"] = present.sum(axis=1)
    out["responsibilities"] = p.n_resp
    out["operative_units"] = op.sum(axis=1)
    out["strategic_units"] = st.sum(axis=1)
    out["tasks"] = (held_by > 0).sum(axis=1)
    out["teams"] = p.team.sum(axis=1)
    out["coordination_ties"] = p.n_coord

    core_held = (held_by > 0) & _CORE
    n_held = core_held.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        weight = np.where(core_held, 1.0 / np.maximum(held_by, 1), 0.0) / n_held[:, None]
        share = (A * weight[:, None, :]).sum(axis=2)  # n × U
        hhi = (share**2).sum(axis=1)
        k = (share > 0).sum(axis=1)
        logs = np.where(share > 0, share * np.log(np.where(share > 0, share, 1.0)), 0.0)
        ent = np.where(k > 1, -logs.sum(axis=1) / np.log(np.maximum(k, 2)), 0.0)
        has = n_held > 0
        out["hhi"] = np.where(has, hhi, nan)
        out["fragmentation"] = np.where(has, 1 - hhi, nan)
        out["entropy"] = np.where(has, ent, nan)
        out["top_share"] = np.where(has, share.max(axis=1), nan)
        out["units_per_task"] = np.where(has, np.where(core_held, held_by, 0).sum(axis=1) / n_held, nan)
        out["alone_share"] = np.where(has, (core_held & (held_by == 1)).sum(axis=1) / n_held, nan)

    # joined: a direct coordination tie, or members of one team/forum (a body counts as its own member)
    bodies = p.mem.any(axis=(0, 2))  # only the slots that are a team or forum somewhere in the batch
    mem = p.mem[:, bodies, :]
    joined = p.C | (_mm(mem.transpose(0, 2, 1), mem) > 0)
    for name, alloc_t, prov_t in (("dwelling", "allocate_dwelling", "manage_dwellings"),
                                  ("follow_up", "allocate_follow_up", "deliver_follow_up")):
        alloc, prov = A[:, :, _T[alloc_t]], A[:, :, _T[prov_t]]
        split = alloc.any(axis=1) & prov.any(axis=1) & ~(alloc & prov).any(axis=1)
        bridge = (joined & alloc[:, :, None] & prov[:, None, :]).any(axis=(1, 2))
        out[f"{name}_split"] = split
        out[f"{name}_bridged"] = split & bridge
    both = st & op
    out["strategy_detached"] = st.any(axis=1) & ~both.any(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        n_op = op.sum(axis=1)
        out["operative_in_strategy"] = np.where(n_op > 0, both.sum(axis=1) / np.maximum(n_op, 1), nan)

    inst = _mm(A, _TASK_INSTRUMENT) > 0  # n × U × I
    pairs = _mm(inst, inst.transpose(0, 2, 1)) > 0
    for alloc_t, prov_t in (("allocate_dwelling", "manage_dwellings"), ("allocate_follow_up", "deliver_follow_up")):
        a, q = A[:, :, _T[alloc_t]], A[:, :, _T[prov_t]]
        ap = a[:, :, None] & q[:, None, :]
        pairs |= ap | ap.transpose(0, 2, 1)
    upper = np.triu(np.ones((width, width), dtype=bool), k=1)[None]
    pairs &= upper
    n_pairs = pairs.sum(axis=(1, 2))
    tied = (pairs & joined).sum(axis=(1, 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        out["coordination_coverage"] = np.where(n_pairs > 0, tied / np.maximum(n_pairs, 1), nan)

    overlap = _mm(A, A.transpose(0, 2, 1)).astype(np.int64)
    out["components"] = _components(p.C | (overlap > 0), present)
    out["coordination_components"] = _components(p.C, present)

    tied_units = cast(np.ndarray, A.any(axis=2))  # A is 3-D: never the scalar numpy allows for
    n_tied = tied_units.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        cells = n_tied * out["tasks"]
        out["connectance"] = np.where(cells > 0, A.sum(axis=(1, 2)) / np.maximum(cells, 1), nan)
        size = A.sum(axis=2)
        union = size[:, :, None] + size[:, None, :] - overlap
        jac = np.where(union > 0, overlap / np.maximum(union, 1), 0.0)
        valid = upper & tied_units[:, :, None] & tied_units[:, None, :]
        n_pair = valid.sum(axis=(1, 2))
        out["niche_overlap"] = np.where(n_pair > 0, (jac * valid).sum(axis=(1, 2)) / np.maximum(n_pair, 1), nan)
    return {k: np.asarray(out[k]) for k in CORE_METRICS}
