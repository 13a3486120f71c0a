"""Every metric of a municipality in one Series, and of a collection in one table.

:func:`summarize` gathers :mod:`orggraph.metrics` (size, fragmentation,
coordination, components, centrality), :mod:`orggraph.brokerage` and
:mod:`orggraph.ecology` for one graph; :func:`compare` does it for many,
with each municipality's name and Table V.1 attributes first so that metrics
can be set against size.

Examples
--------
>>> import orggraph
>>> s = summarize(orggraph.load_dataset("nova2008")["tromso"])
>>> int(s["units"]), bool(s["dwelling_split"])
(4, False)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx
import pandas as pd

from orggraph import brokerage, ecology, metrics

__all__ = ["ATTRIBUTES", "BATCH_THRESHOLD", "compare", "summarize"]

#: Graph attributes carried into :func:`compare` (Table V.1 and NAV).
ATTRIBUTES = ("name", "kommunenr", "population_2007", "start_loan_per_capita", "allowance_per_capita",
              "municipal_dwellings_per_1000", "municipal_dwellings_total", "nav_established")


def summarize(G: nx.Graph) -> pd.Series:
    """Return every whole-municipality metric of `G` as one Series.

    See the README's metrics section for each definition. Brokerage adds
    ``liaison_brokerage`` (Gould–Fernandez liaison roles summed over units),
    ``min_constraint`` (Burt) and ``bridges`` (unit–unit ties that are
    bridges).
    """
    from orggraph.graph import check_graph

    G = check_graph(G)
    out: dict[str, object] = {}
    out |= metrics.size(G)
    out |= metrics.concentration(G)
    out |= metrics.sharing(G)
    out |= metrics.splits(G)
    out |= metrics.vertical(G)
    out["coordination_coverage"] = metrics.coordination_coverage(G)
    out |= metrics.components(G)
    cen = metrics.centrality(G)
    out["max_betweenness"] = float(cen["betweenness"].max()) if len(cen) else float("nan")
    roles = brokerage.brokerage_roles(G)
    out["liaison_brokerage"] = int(roles["liaison"].sum()) if len(roles) else 0
    con = brokerage.constraint(G).dropna()
    out["min_constraint"] = float(con.min()) if len(con) else float("nan")
    out["bridges"] = len(brokerage.bridges(G))
    out |= ecology.summarize_ecology(G)
    return pd.Series(out, name=G.graph.get("municipality_id"))


#: Above this many graphs, :func:`compare` takes the batch path by default.
BATCH_THRESHOLD = 1000


def compare(graphs: Mapping[str, nx.Graph] | pd.DataFrame | Any, *, batch: bool | None = None,
            progress: bool = False) -> pd.DataFrame | Any:
    """Return one row of metrics per municipality: the one entry point, from 22 graphs to 100 000 rows.

    Parameters
    ----------
    graphs
        ``municipality_id`` → organisation graph; or a survey-format DataFrame
        (:mod:`orggraph.survey`); or a Dask DataFrame of survey rows (needs
        the ``orggraph[dask]`` extra), which gives a Dask DataFrame of metrics
        computed partition by partition.
    batch
        Use the vectorised batch path (:mod:`orggraph.batch`), which computes
        the core metrics (:data:`orggraph.batch.CORE_METRICS`) with the same
        numbers as the per-graph path. Default: for survey frames, and for
        more than :data:`BATCH_THRESHOLD` graphs. ``False`` gives every metric
        of :func:`summarize`, graph by graph.
    progress
        Show a progress bar on the per-graph path.

    Returns
    -------
    pandas.DataFrame
        Name and Table V.1 attributes (those present), then the metrics.

    Examples
    --------
    >>> import orggraph
    >>> table = compare(orggraph.load_dataset("nova2008"))
    >>> table.shape[0], table.loc["moss", "kommunenr"]
    (22, '0104')
    >>> from orggraph.synthetic import population
    >>> compare(population(3, seed=0)).shape
    (3, 28)
    """
    from orggraph import batch as _batch

    if _is_dask(graphs):
        return _compare_dask(graphs)
    if isinstance(graphs, pd.DataFrame):
        from orggraph.survey import normalise

        frame = normalise(graphs)
        metrics_ = _batch.core_metrics(_batch.pack_survey(frame))
        attrs = frame.set_index(frame["municipality_id"].astype(str))
        keep = [c for c in ("name", "population", "size_class", "nav_established") if c in attrs.columns]
        return pd.concat([attrs[keep], metrics_], axis=1)
    if batch is None:
        batch = len(graphs) > BATCH_THRESHOLD
    if batch:
        attrs = pd.DataFrame({mid: {a: G.graph.get(a) for a in ATTRIBUTES} for mid, G in graphs.items()}).T
        attrs.index.name = "municipality_id"
        return pd.concat([attrs, _batch.core_metrics(_batch.pack_graphs(graphs))], axis=1).infer_objects()
    items = graphs.items()
    if progress:
        from tqdm import tqdm

        items = tqdm(items, total=len(graphs), desc="metrics", unit="municipality")
    rows = {}
    for mid, G in items:
        attrs = pd.Series({a: G.graph.get(a) for a in ATTRIBUTES})
        rows[mid] = pd.concat([attrs, summarize(G)])
    frame = pd.DataFrame(rows).T.infer_objects()
    frame.index.name = "municipality_id"
    return frame


def _is_dask(obj: object) -> bool:
    return type(obj).__module__.startswith("dask.")


def _compare_dask(frame: Any) -> Any:
    """Map the batch path over the partitions of a Dask DataFrame of survey rows."""
    try:
        import dask.dataframe  # noqa: F401
    except ImportError as err:  # pragma: no cover - the extra is installed in tests
        msg = "a Dask DataFrame needs the `dask` extra: pip install 'orggraph[dask]'"
        raise ImportError(msg) from err
    meta = compare(frame.head(1, npartitions=-1)).iloc[:0]  # the output schema, from one row
    return frame.map_partitions(compare, meta=meta)
