"""Every metric of a municipality in one Series, and of a collection in one table.

Part of the analysis layer (:mod:`orggraph.analysis`), on top of its metric
modules: it is what the command line, the drawing layer's comparison
figures and a notebook call to get the numbers. :func:`summarize` gathers
:mod:`orggraph.analysis.metrics` (size, fragmentation,
coordination, components, centrality), :mod:`orggraph.analysis.brokerage` and
:mod:`orggraph.analysis.ecology` for one graph; :func:`compare` does it for many, with
each municipality's name and Table V.1 attributes first and the model and
centre of :func:`orggraph.classify` last, in one schema (:func:`columns`).

Examples
--------
>>> import orggraph
>>> s = summarize(orggraph.load_dataset("nova2008")["tromso"])
>>> int(s["units"]), bool(s["dwelling_split"])
(4, False)
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from orggraph._errors import Problem, ValidationError
from orggraph.analysis import batch, brokerage, ecology, metrics
from orggraph.core import vocabulary as voc
from orggraph.core.graph import check_graph, keyed_graphs, unit_nodes

__all__ = ["ATTRIBUTES", "CLASSIFICATION", "METRICS", "SEARCH_METRICS", "columns", "compare", "summarize"]

#: Graph attributes carried into :func:`compare` (Table V.1, NAV, and the survey's size class).
ATTRIBUTES = ("name", "kommunenr", "population_2007", "start_loan_per_capita", "allowance_per_capita",
              "municipal_dwellings_per_1000", "municipal_dwellings_total", "nav_established", "size_class")
#: Every metric of :func:`summarize`, in its order.
METRICS = (
    "units", "responsibilities", "operative_units", "strategic_units", "tasks", "teams", "coordination_ties",
    "hhi", "fragmentation", "entropy", "top_share", "units_per_task", "alone_share",
    "dwelling_split", "dwelling_bridged", "follow_up_split", "follow_up_bridged",
    "strategy_detached", "operative_in_strategy", "coordination_coverage",
    "components", "coordination_components", "articulation_units", "max_betweenness",
    "liaison_brokerage", "min_constraint", "bridges",
    "connectance", "compartments", "compartment_diversity", "nodf", "modules", "modularity",
    "connector_units", "niche_overlap", "robustness", "robustness_worst",
)
#: The metrics that need a search in each graph (paths, modules, removal orders): left out with ``full=False``.
SEARCH_METRICS = tuple(m for m in METRICS if m not in batch.CORE_METRICS)
#: :func:`orggraph.classify`'s model (as text: ``"1"`` … ``"4"``, ``"fragmented"`` …) and centre unit (``""``: none).
CLASSIFICATION = ("model", "centre")

_INT = ("units", "responsibilities", "operative_units", "strategic_units", "tasks", "teams", "coordination_ties",
        "components", "coordination_components", "articulation_units", "liaison_brokerage", "bridges",
        "compartments", "modules", "connector_units")
_BOOL = ("dwelling_split", "dwelling_bridged", "follow_up_split", "follow_up_bridged", "strategy_detached")
_DTYPES: dict[str, Any] = {
    "name": object, "kommunenr": object, "population_2007": "Int64", "start_loan_per_capita": "float64",
    "allowance_per_capita": "float64", "municipal_dwellings_per_1000": "float64",
    "municipal_dwellings_total": "Int64", "nav_established": "boolean", "size_class": object,
    **{m: "int64" if m in _INT else "bool" if m in _BOOL else "float64" for m in METRICS},
    "model": object, "centre": object,
}


def columns(*, full: bool = True) -> list[str]:
    """Return the columns of :func:`compare`, in order: attributes, metrics, then model and centre.

    With ``full=False`` the :data:`SEARCH_METRICS` and :data:`CLASSIFICATION`
    are left out; the other columns keep their order.

    Parameters
    ----------
    full : bool, default True
        Include the :data:`SEARCH_METRICS` and :data:`CLASSIFICATION`, as
        :func:`compare` does with the same `full`.

    Returns
    -------
    list of str
        :data:`ATTRIBUTES`, then the metrics of :data:`METRICS` kept, then (with
        `full`) ``model`` and ``centre``.

    Examples
    --------
    >>> len(columns()), len(columns(full=False))
    (48, 33)
    >>> columns()[-2:]
    ['model', 'centre']
    """
    metric_cols = [m for m in METRICS if full or m not in SEARCH_METRICS]
    return [*ATTRIBUTES, *metric_cols, *(CLASSIFICATION if full else ())]


def summarize(G: nx.Graph) -> pd.Series:
    """Return every whole-municipality metric of `G` as one Series (the :data:`METRICS`).

    See the README's metrics section for each definition. Brokerage adds
    ``liaison_brokerage`` (Gould–Fernandez liaison roles summed over units),
    ``min_constraint`` (Burt) and ``bridges`` (unit–unit ties that are
    bridges).

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).

    Returns
    -------
    pandas.Series
        Indexed by the :data:`METRICS`, in their order, named by
        ``G.graph["municipality_id"]`` (None when missing). Values keep the
        Python types of the functions that compute them (int, float, bool), so
        the Series has dtype object.

    Raises
    ------
    GraphError
        If `G` is not an organisation graph (:func:`orggraph.check_graph`).

    See Also
    --------
    compare : The same metrics for many municipalities, with fixed dtypes.

    Notes
    -----
    The metrics come from :func:`~orggraph.analysis.metrics.size`,
    :func:`~orggraph.analysis.metrics.concentration`,
    :func:`~orggraph.analysis.metrics.sharing`,
    :func:`~orggraph.analysis.metrics.splits`,
    :func:`~orggraph.analysis.metrics.vertical`,
    :func:`~orggraph.analysis.metrics.coordination_coverage`,
    :func:`~orggraph.analysis.metrics.components`,
    :func:`~orggraph.analysis.metrics.max_betweenness`,
    :func:`~orggraph.analysis.brokerage.summarize_brokerage` and
    :func:`~orggraph.analysis.ecology.summarize_ecology`; each states its
    formula and references.

    Examples
    --------
    >>> import orggraph
    >>> s = summarize(orggraph.load_dataset("nova2008")["porsgrunn"])
    >>> s.name, int(s["units"]), round(s["fragmentation"], 3), int(s["liaison_brokerage"])
    ('porsgrunn', 5, 0.722, 2)
    """
    G = check_graph(G)
    out: dict[str, object] = {}
    out |= metrics.size(G)
    out |= metrics.concentration(G)
    out |= metrics.sharing(G)
    out |= metrics.splits(G)
    out |= metrics.vertical(G)
    out["coordination_coverage"] = metrics.coordination_coverage(G)
    out |= _search_metrics(G)
    return pd.Series({m: out[m] for m in METRICS}, name=G.graph.get("municipality_id"))


def _search_metrics(G: nx.Graph) -> dict[str, object]:
    """Components and the :data:`SEARCH_METRICS` of one graph (the ecology dict includes two core metrics)."""
    out: dict[str, object] = dict(metrics.components(G))
    out["max_betweenness"] = metrics.max_betweenness(G)
    out |= brokerage.summarize_brokerage(G)
    out |= ecology.summarize_ecology(G)
    return out


def _classification(G: nx.Graph) -> dict[str, object]:
    from orggraph.analysis.models import classify

    result = classify(G)
    return {"model": str(result.model), "centre": result.centre.unit or ""}


def _full_row(G: nx.Graph) -> dict[str, object]:
    out = _search_metrics(G)
    return {**{m: out[m] for m in SEARCH_METRICS}, **_classification(G)}


def compare(graphs: Mapping[str, nx.Graph] | Iterable[nx.Graph] | nx.Graph | pd.DataFrame | Any, *,
            full: bool = True, workers: int = 1, progress: bool = False) -> pd.DataFrame | Any:
    """Return one row per municipality: attributes, every metric, model and centre, in one schema.

    Parameters
    ----------
    graphs : mapping, iterable of networkx.MultiGraph, networkx.MultiGraph, pandas.DataFrame or dask.dataframe.DataFrame
        ``municipality_id`` → organisation graph; or any iterable of graphs,
        or a single graph, keyed by ``G.graph["municipality_id"]`` (an error
        if missing or repeated); or a survey-format DataFrame
        (:mod:`orggraph.io.survey`); or a Dask DataFrame of survey rows (the
        ``orggraph[dask]`` extra), which gives a Dask DataFrame computed
        partition by partition. Each partition is checked as a survey frame
        is, on its own: an id repeated in two partitions is not found (check
        ``frame["municipality_id"].nunique().compute()`` against the length
        when the partitions come from different files).
    full : bool, default True
        Also compute the :data:`SEARCH_METRICS` and the model and centre
        (:func:`orggraph.classify`); ``False`` leaves those columns out, on
        every kind of input, and is what a national survey needs when only the
        core metrics matter (about ten times faster).
    workers : int, default 1
        Processes that compute the search metrics (forked; the result is the
        same whatever the number). Worth it above about a thousand distinct
        municipalities.
    progress : bool, default False
        Show a progress bar while the search metrics are computed.

    Returns
    -------
    pandas.DataFrame or dask.dataframe.DataFrame
        Indexed by ``municipality_id``, in the order given; columns exactly
        :func:`columns` ``(full=full)`` with fixed dtypes, whatever the number of
        municipalities and the kind of input. Every row depends only on its own
        municipality: the core metrics are computed for all municipalities at
        once (:mod:`orggraph.analysis.batch`, equal to the per-graph functions), the
        search metrics and the classification once per distinct structure.
        A Dask DataFrame for a Dask input, whose text columns (and index)
        follow Dask's ``dataframe.convert-string`` option: pyarrow strings
        unless it is off (then object, as for pandas input); the values are
        the same.

    Raises
    ------
    TypeError
        If `graphs` is none of the kinds above, or holds something that is not
        a graph.
    OrgGraphError
        If there is no graph, or a graph without (or with a repeated)
        ``municipality_id``.
    ValidationError
        If a survey-format DataFrame does not follow the survey format (every
        problem named, with row and column), or, when `full` is True, has rows
        whose task cells name no unit (no graph to search or classify).
    GraphError
        If a graph is not an organisation graph; checked (by
        :func:`orggraph.classify`) when `full` is True.
    ImportError
        If `graphs` is a Dask DataFrame and Dask is not installed.

    See Also
    --------
    summarize : Every metric of one municipality.
    columns : The columns of the result.

    Notes
    -----
    On a Dask cluster of worker processes, let the workers write the result
    (``compare(ddf, full=False).to_parquet(folder)``) and give them
    ``MALLOC_MMAP_THRESHOLD_`` before the cluster starts::

        dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_MMAP_THRESHOLD_": 16 * 2**20})

    Dask starts its workers with ``MALLOC_TRIM_THRESHOLD_=65536``, which makes
    glibc stop adapting its mmap threshold: every array above 128 KiB is then
    mapped from and returned to the system, and filled by page faults. On a
    million survey rows in 8 files, 2 workers spent about 1 CPU second of
    their 4–5 on that; with the setting above, which keeps Dask's trimming, the
    same work ran 1.1–1.6 times as fast in three benchmark runs (the README's
    Speed section gives the figures).

    Examples
    --------
    >>> import orggraph
    >>> table = compare(orggraph.load_dataset("nova2008"))
    >>> table.shape[0], table.loc["moss", "kommunenr"], table.loc["ski", "model"]
    (22, '0104', '1')
    >>> from orggraph.replication.synthetic import population
    >>> compare(population(3, seed=0), full=False).shape
    (3, 33)
    """
    if _is_dask(graphs):
        return _compare_dask(graphs, full=full)
    if isinstance(graphs, pd.DataFrame):
        return _compare_frame(graphs, full=full, progress=progress, workers=workers)
    return _compare_graphs(keyed_graphs(graphs, caller="compare"), full=full, progress=progress, workers=workers)


def _typed(frame: pd.DataFrame, *, full: bool) -> pd.DataFrame:
    cols = columns(full=full)
    out = frame.reindex(columns=cols)
    for c in cols:
        if c in ("population_2007", "municipal_dwellings_total"):
            out[c] = pd.to_numeric(out[c].astype(object).where(out[c].notna(), None)).astype("Int64")
        elif c == "nav_established":
            out[c] = out[c].astype(object).where(out[c].notna(), None).astype("boolean")
        elif _DTYPES[c] is object:
            out[c] = out[c].astype(object).where(out[c].notna(), None)
        else:
            out[c] = out[c].astype(_DTYPES[c])
    out.index.name = "municipality_id"
    return out


def _structure(G: nx.Graph) -> Hashable:
    """What the metrics and the classification read: nodes and edges with their data, not graph attributes."""
    try:
        key = (tuple((n, tuple(sorted(d.items()))) for n, d in G.nodes(data=True)),
               tuple((u, v, tuple(sorted(d.items()))) for u, v, d in G.edges(data=True)))
        hash(key)
    except TypeError:  # unhashable attribute values: this graph shares its results with no other
        return ("unshared", id(G))
    return key


def _full_rows(graphs: list[nx.Graph]) -> list[dict[str, object]]:
    return [_full_row(G) for G in graphs]


_worker_graphs: list[nx.Graph] = []  # in a forked worker: the graphs of the call that started it


def _start_worker(graphs: list[nx.Graph]) -> None:
    global _worker_graphs  # noqa: PLW0603 - set once in each forked worker, never in the parent
    _worker_graphs = graphs


def _full_rows_between(bounds: tuple[int, int]) -> list[dict[str, object]]:
    return _full_rows(_worker_graphs[bounds[0]:bounds[1]])


def _by_structure(keys: Iterable[Hashable], graph_of: Mapping[Hashable, nx.Graph], *, progress: bool,
                  workers: int, meanwhile: Callable[[], object] | None = None) -> pd.DataFrame:
    """The search row of every position: computed once per distinct key, on the graph `graph_of[key]`.

    With several `workers` the graphs reach the forked processes by inheritance
    (the initialiser's arguments are not pickled under fork), only the bounds of
    each chunk are sent; `meanwhile` (if given) runs in this process while they work.
    """
    distinct = list(graph_of)
    graphs = [graph_of[k] for k in distinct]
    size = max(1, min(500, -(-len(graphs) // (4 * workers))))
    bounds = [(i, min(i + size, len(graphs))) for i in range(0, len(graphs), size)]
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(graphs), desc="search metrics", unit="structure")
    results: list[dict[str, object]] = []
    if workers > 1 and len(bounds) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_start_worker, initargs=(graphs,)) as pool:
            parts = pool.map(_full_rows_between, bounds)  # every chunk is submitted now
            if meanwhile is not None:
                meanwhile()
            for part in parts:
                results += part
                if bar is not None:
                    bar.update(len(part))
    else:
        if meanwhile is not None:
            meanwhile()
        for start, stop in bounds:
            results += _full_rows(graphs[start:stop])
            if bar is not None:
                bar.update(stop - start)
    if bar is not None:
        bar.close()
    rows = dict(zip(distinct, results, strict=True))
    return pd.DataFrame([rows[k] for k in keys], columns=[*SEARCH_METRICS, *CLASSIFICATION])


def _pack_by_width(graphs: dict[str, nx.Graph]) -> pd.DataFrame:
    """Core metrics of graphs packed in groups of similar size (so one large municipality costs only itself)."""
    width = {mid: len(unit_nodes(G)) for mid, G in graphs.items()}
    groups: dict[int, list[str]] = {}
    for mid, w in width.items():
        groups.setdefault(max(w - 1, 0).bit_length(), []).append(mid)
    parts = [batch.core_metrics(batch.pack_graphs({m: graphs[m] for m in ids})) for ids in groups.values()]
    return pd.concat(parts).reindex(list(graphs))


def _compare_graphs(graphs: dict[str, nx.Graph], *, full: bool, progress: bool, workers: int) -> pd.DataFrame:
    attrs = pd.DataFrame([{a: G.graph.get(a) for a in ATTRIBUTES} for G in graphs.values()],
                         index=list(graphs), columns=list(ATTRIBUTES))
    if not full:
        return _typed(pd.concat([attrs, _pack_by_width(graphs)], axis=1), full=full)
    keys = [_structure(G) for G in graphs.values()]
    graph_of: dict[Hashable, nx.Graph] = {}
    for k, G in zip(keys, graphs.values(), strict=True):
        graph_of.setdefault(k, G)
    core: list[pd.DataFrame] = []  # the core metrics, computed here while the workers search
    search = _by_structure(keys, graph_of, progress=progress, workers=workers,
                           meanwhile=lambda: core.append(_pack_by_width(graphs)))
    search.index = attrs.index
    return _typed(pd.concat([attrs, *core, search], axis=1), full=full)


def _compare_frame(frame: pd.DataFrame, *, full: bool, progress: bool, workers: int,
                   text: Any = object) -> pd.DataFrame:
    """Survey rows: attributes from the row, metrics once per distinct combination of task cells.

    The columns are built with their final dtypes (what :func:`_typed` gives, checked by a test), so that one
    call costs little beyond its rows: Dask calls this once per partition. Text columns are `text`: object
    (None where missing), or a pandas string dtype for Dask, which then never makes a Python string per cell.
    """
    from orggraph.io import survey

    frame = survey.normalise(frame)
    n = len(frame)
    ids = frame["municipality_id"]
    ids = ids if pd.api.types.is_string_dtype(ids.dtype) and ids.dtype != object else ids.astype(str)
    out: dict[str, Any] = {}
    if "name" in frame:
        name = frame["name"]
        out["name"] = name.where(_given(name), ids)  # an empty or missing name: the id
    else:
        out["name"] = ids
    if "population" in frame:
        out["population_2007"] = pd.array(np.trunc(frame["population"].to_numpy(dtype=float)), dtype="Int64")
    nav = frame["nav_established"].to_numpy(dtype=bool) if "nav_established" in frame else np.zeros(n, bool)
    out["nav_established"] = pd.array(nav, dtype="boolean")
    if "size_class" in frame:
        size = frame["size_class"]
        out["size_class"] = size.where(_given(size), None)
    # a survey row's metrics depend on its task cells alone: computed once per distinct combination
    tasks = survey.task_columns(frame)
    key = np.zeros(n, dtype=np.int64)
    decoded = []
    for t in tasks:
        codes, cells = survey.decode_cells(frame[t])
        decoded.append((t, codes, cells))
        key = key * (len(cells) + 1) + codes + 1
        key = pd.factorize(key)[0].astype(np.int64)  # keep the combined code small
    _, first = np.unique(key, return_index=True)  # group ids are in order of first appearance
    # each distinct combination as the unit types holding each task (bits), whatever the column order or cells
    held = np.zeros((len(first), len(_TASK_SLOT)), dtype=np.uint64)
    for t, codes, cells in decoded:
        bits = np.array([sum(_UNIT_BIT[u] for u in c) for c in cells], dtype=np.uint64)
        held[:, _TASK_SLOT[t]] = bits[codes[first]]
    distinct = frame.iloc[first].reset_index(drop=True)
    core = _CORE_MEMO.core_arrays(distinct, held)
    out |= {m: values[key] for m, values in core.items()}
    if full and n:
        if (empty := np.flatnonzero(out["units"] == 0)).size:
            raise ValidationError([Problem(
                "<frame>", "survey", int(i) + 2, None,
                f"municipality `{ids.iloc[i]}` names no unit in any task cell, so it has no organisation graph "
                "to search or classify; compare(..., full=False) gives its core metrics") for i in empty])
        made = survey.to_graphs(distinct[tasks].assign(municipality_id=[f"s{i}" for i in range(len(distinct))]))
        search = _by_structure(key.tolist(), dict(enumerate(made.values())), progress=progress, workers=workers)
        out |= {c: search[c].to_numpy() for c in search.columns}
    index = pd.Index(ids.to_numpy(dtype=object), dtype=str) if text is object else pd.Index(ids.astype(text))
    table = pd.DataFrame({c: _column(out.get(c), c, n, text) for c in columns(full=full)},
                         index=index.rename("municipality_id"))
    if text is object:
        for c in [c for c in table.columns if _DTYPES[c] is object]:  # the constructor makes text columns str
            table[c] = table[c].astype(object).where(table[c].notna(), None)
    return table


_TASK_SLOT = {t: i for i, t in enumerate(voc.TASKS)}
_UNIT_BIT = {u: 1 << i for i, u in enumerate(voc.UNIT_TYPES)}
if len(_UNIT_BIT) > 64:  # pragma: no cover - a vocabulary change this key would not survive
    msg = "more than 64 unit types: the survey combination key holds one bit per unit type"
    raise AssertionError(msg)


class _CoreMemo:
    """The core metrics of the survey task-cell combinations already computed in this process.

    Dask calls the frame path once per partition, and partitions share most combinations (1,000,000
    synthetic rows in 64 files hold 409,000 combinations per file but 96,000 distinct ones), so a
    combination's metrics are computed once per process and looked up after. A combination is the set of
    unit types holding each task; its metrics depend on nothing else. Bounded: emptied at :attr:`LIMIT`
    combinations (about 50 MiB); thread-safe.
    """

    LIMIT = 1 << 17

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._dtypes: dict[str, np.dtype] = {}
        self.clear()

    def clear(self) -> None:
        self._where: dict[bytes, int] = {}
        self._rows = np.empty((1024, len(batch.CORE_METRICS)), dtype=float)  # the first len(_where) are used

    def core_arrays(self, distinct: pd.DataFrame, held: np.ndarray) -> dict[str, np.ndarray]:
        """:func:`batch.core_arrays` of the normalised rows `distinct`, whose task cells `held` encodes."""
        keys = [row.tobytes() for row in held]
        with self._lock:
            at = np.fromiter((self._where.get(k, -1) for k in keys), dtype=np.int64, count=len(keys))
            known = at >= 0
            table = np.empty((len(keys), len(batch.CORE_METRICS)), dtype=float)
            table[known] = self._rows[at[known]]
        new = np.flatnonzero(~known)
        if len(new) or not self._dtypes:
            fresh = batch.core_arrays(batch.pack_survey(distinct.iloc[new]))
            table[new] = np.column_stack([fresh[m].astype(float) for m in batch.CORE_METRICS])
            with self._lock:
                self._dtypes = self._dtypes or {m: fresh[m].dtype for m in batch.CORE_METRICS}
                # each key once: two cells can name the same units ("" and missing), another thread may have stored it
                first_of = {keys[i]: i for i in new[::-1] if keys[i] not in self._where}
                new = np.array(sorted(first_of.values()), dtype=np.int64)
                if len(self._where) + len(new) > self.LIMIT:
                    self.clear()
                start = len(self._where)  # rows are only ever added with their key: the first `start` are used
                if start + len(new) > len(self._rows):  # grown by doubling: a copy now and then, not per call
                    grown = np.empty((max(2 * len(self._rows), start + len(new)), self._rows.shape[1]))
                    grown[:start] = self._rows[:start]
                    self._rows = grown
                self._rows[start:start + len(new)] = table[new]
                self._where.update(zip([keys[i] for i in new], range(start, start + len(new)), strict=True))
        return {m: table[:, j].astype(self._dtypes[m]) for j, m in enumerate(batch.CORE_METRICS)}


_CORE_MEMO = _CoreMemo()


def _given(column: pd.Series) -> np.ndarray:
    """Where a text column holds something: neither missing (None, NaN or NA, whatever the dtype) nor empty."""
    return (column.notna() & column.ne("")).to_numpy(dtype=bool, na_value=False)


def _column(values: Any, name: str, n: int, text: Any = object) -> Any:
    """`values` (or nothing: all missing) as the column `name` of :func:`compare`, as :func:`_typed` types it.

    Text columns (object in :data:`_DTYPES`) are `text`: object with None where missing, or a string dtype.
    """
    dtype = _DTYPES[name]
    if values is None:
        values = np.full(n, None if dtype is object else np.nan, dtype=object if dtype is object else float)
    if dtype is object:
        values = pd.Series(values, copy=False)
        if text is not object:
            return values.astype(text).array
        return values.astype(object).where(values.notna(), None).to_numpy(dtype=object)
    if dtype in ("Int64", "boolean"):
        return pd.array(values, dtype=dtype)
    return np.asarray(values).astype(dtype)


def _is_dask(obj: object) -> bool:
    return type(obj).__module__.startswith("dask.")


def _compare_dask(frame: Any, *, full: bool) -> Any:
    """Map the frame path over the partitions of a Dask DataFrame of survey rows.

    The output schema (``meta``) is the frame path run on the Dask frame's own empty meta: no partition is
    read to build the graph, an unknown column is refused at once, and the dtypes (index included) are the
    ones every partition gives. Each partition costs one call of the frame path (a few milliseconds fixed).
    """
    try:
        from dask import config
        from dask.dataframe.utils import make_meta
    except ImportError as err:  # pragma: no cover - the extra is installed in tests
        msg = "a Dask DataFrame needs the `dask` extra: pip install 'orggraph[dask]'"
        raise ImportError(msg) from err
    # text as Dask stores it (its `dataframe.convert-string` option, unset meaning on): pyarrow strings move
    # between processes and into Parquet as buffers, not one Python object per cell
    text = pd.StringDtype("pyarrow") if config.get("dataframe.convert-string", None) in (None, True) else object
    meta = _compare_frame(make_meta(frame), full=full, progress=False, workers=1, text=text)
    return frame.map_partitions(_compare_frame, full=full, progress=False, workers=1, text=text, meta=meta,
                                align_dataframes=False)
