"""Does size explain the organisation? Rank correlations of metrics with Table V.1.

Part of the analysis layer (:mod:`orggraph.analysis`), on top of
:mod:`~orggraph.analysis.summary`, whose table it reads; the command line's
``agreement`` report prints it.

The report concludes that municipal size explains little of how the work is
organised (§4.3, Summary). :func:`size_association` tests that on the case
municipalities: Spearman's rank correlation of each fragmentation and
coordination metric with population and the Table V.1 indicators, with
p-values (scipy) and Benjamini–Hochberg adjusted p-values across all pairs.

Examples
--------
>>> import orggraph
>>> table = size_association(orggraph.load_dataset("nova2008"))
>>> sorted(table.columns)
['indicator', 'metric', 'n', 'p', 'p_adjusted', 'rho']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import networkx as nx
import numpy as np
import pandas as pd
from scipy import stats

from orggraph.analysis.summary import compare

__all__ = ["INDICATORS", "METRICS", "size_association"]

INDICATORS = ("population_2007", "start_loan_per_capita", "allowance_per_capita",
              "municipal_dwellings_per_1000", "municipal_dwellings_total")
METRICS = ("units", "fragmentation", "top_share", "alone_share", "coordination_coverage",
           "operative_in_strategy", "components", "connectance", "nodf", "modularity")


def size_association(graphs: Mapping[str, nx.Graph] | pd.DataFrame, *,
                     metrics: Sequence[str] = METRICS,
                     indicators: Sequence[str] = INDICATORS) -> pd.DataFrame:
    """Return Spearman's rho and p-value of every metric against every indicator.

    Parameters
    ----------
    graphs : mapping of {str : networkx.MultiGraph} or pandas.DataFrame
        ``municipality_id`` → organisation graph, or a table from
        :func:`orggraph.compare` (it must hold the columns of `metrics` and
        `indicators`).
    metrics : sequence of str, default :data:`METRICS`
        Columns of :func:`orggraph.compare` to correlate with `indicators`.
    indicators : sequence of str, default :data:`INDICATORS`
        Columns of :func:`orggraph.compare` to correlate with `metrics`.

    Returns
    -------
    pandas.DataFrame
        One row per pair: ``metric``, ``indicator``, ``n`` (municipalities
        with both values), ``rho``, ``p`` (two-sided), ``p_adjusted``
        (Benjamini–Hochberg over all pairs). ``rho``, ``p`` and ``p_adjusted``
        are NaN for a pair with fewer than three municipalities or without
        spread in either column.

    Raises
    ------
    TypeError
        If `graphs` is neither a table nor a collection of graphs.
    OrgGraphError
        If a graph has no (or a repeated) ``municipality_id``.
    GraphError
        If a graph of `graphs` is not an organisation graph
        (:func:`orggraph.compare`).

    Notes
    -----
    :math:`\\rho` is Pearson's correlation of the ranks (ties averaged);
    ``scipy.stats.spearmanr``. Missing values are dropped pairwise.

    The adjusted p-values control the false discovery rate over the :math:`m`
    pairs with a p-value [1]_ (``scipy.stats.false_discovery_control``): with
    :math:`p_{(1)} \\le \\dots \\le p_{(m)}`,
    :math:`\\tilde p_{(i)} = \\min\\left(1, \\min_{j \\ge i} m\\,p_{(j)} / j\\right)`.

    References
    ----------
    .. [1] Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery
       rate: a practical and powerful approach to multiple testing. *Journal of
       the Royal Statistical Society B* 57(1), 289–300.
       https://doi.org/10.1111/j.2517-6161.1995.tb02031.x

    Examples
    --------
    >>> import orggraph
    >>> table = orggraph.compare(orggraph.load_dataset("nova2008"), full=False)
    >>> r = size_association(table, metrics=["units", "fragmentation"], indicators=["population_2007"])
    >>> r[["metric", "n", "rho", "p_adjusted"]].round(3).values.tolist()
    [['units', 22, -0.048, 0.832], ['fragmentation', 22, 0.147, 0.832]]
    """
    table = graphs if isinstance(graphs, pd.DataFrame) else compare(graphs)
    rows = []
    for m in metrics:
        for ind in indicators:
            pair = table[[m, ind]].astype(float).dropna()
            if len(pair) < 3 or pair[m].nunique() < 2 or pair[ind].nunique() < 2:
                rho, p = float("nan"), float("nan")
            else:
                res = stats.spearmanr(pair[m], pair[ind])
                rho, p = float(res.statistic), float(res.pvalue)
            rows.append({"metric": m, "indicator": ind, "n": len(pair), "rho": rho, "p": p})
    out = pd.DataFrame(rows)
    ok = out.p.notna()
    out["p_adjusted"] = np.nan
    if ok.any():
        out.loc[ok, "p_adjusted"] = stats.false_discovery_control(out.loc[ok, "p"].to_numpy())
    return out
