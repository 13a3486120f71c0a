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

import networkx as nx
import pandas as pd

from orggraph import brokerage, ecology, metrics

__all__ = ["ATTRIBUTES", "compare", "summarize"]

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


def compare(graphs: Mapping[str, nx.Graph]) -> pd.DataFrame:
    """Return the name, Table V.1 attributes and :func:`summarize` of every graph.

    Examples
    --------
    >>> import orggraph
    >>> table = compare(orggraph.load_dataset("nova2008"))
    >>> table.shape[0], table.loc["moss", "kommunenr"]
    (22, '0104')
    """
    rows = {}
    for mid, G in graphs.items():
        attrs = pd.Series({a: G.graph.get(a) for a in ATTRIBUTES})
        rows[mid] = pd.concat([attrs, summarize(G)])
    frame = pd.DataFrame(rows).T.infer_objects()
    frame.index.name = "municipality_id"
    return frame
