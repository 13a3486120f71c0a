"""A one-row-per-municipality overview of a collection: counts and Table V.1."""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
import pandas as pd

from orggraph.graph import coordination_edges, responsibility_edges, unit_nodes
from orggraph.metrics import size

__all__ = ["summary"]

_ATTRS = ("kommunenr", "population_2007", "start_loan_per_capita", "allowance_per_capita",
          "municipal_dwellings_per_1000", "municipal_dwellings_total", "nav_established")


def summary(graphs: Mapping[str, nx.Graph]) -> pd.DataFrame:
    """Return counts of units, tasks and ties per municipality with its Table V.1 attributes.

    Parameters
    ----------
    graphs
        ``municipality_id`` → organisation graph.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``municipality_id``: ``name``, the Table V.1 attributes,
        ``units``, ``teams``, ``tasks``, ``responsibilities``, ``coordination``,
        ``sources`` (distinct citations).

    Examples
    --------
    >>> import orggraph
    >>> s = summary(orggraph.load_dataset("nova2008"))
    >>> int(s.loc["porsgrunn", "teams"])
    1
    """
    rows = {}
    for mid, G in graphs.items():
        units = unit_nodes(G)
        counts = size(G)
        resp = responsibility_edges(G)
        coord = coordination_edges(G)
        cites = {s.strip() for *_, d in resp + coord for s in d.get("source", "").split(";")}
        cites |= {s.strip() for u in units for s in G.nodes[u].get("source", "").split(";")}
        cites.discard("")
        row = {"name": G.graph.get("name")} | {a: G.graph.get(a) for a in _ATTRS}
        row |= {"units": counts["units"], "teams": counts["teams"], "tasks": counts["tasks"],
                "responsibilities": len(resp), "coordination": counts["coordination_ties"],
                "sources": len(cites)}
        rows[mid] = row
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "municipality_id"
    return frame
