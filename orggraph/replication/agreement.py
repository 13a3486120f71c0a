"""Agreement between the structural detectors and the report's own judgements.

The judgements (``datasets/nova2008/judgements.csv``) are read here and only
here: :func:`orggraph.classify` and :func:`orggraph.find_centre` never see
them. Three comparisons:

``model``
    :func:`orggraph.classify` vs the municipalities §3.5 names as examples of a
    model. Plain examples and hedged ones (``resembles:3``: «noenlunde
    dekkende», «likhetstrekk») are counted separately.
``leadership``
    a centre found (:func:`orggraph.find_centre`) vs §3.4's municipalities
    with their own leadership for the whole field («har opprettet en egen
    ledelse for hele det boligsosiale arbeidet»), and vs the same list widened
    with the three where NAV holds that leadership.
``housing_office``
    some housing office administers or coordinates most of §6.2C's
    instruments (:func:`orggraph.analysis.centre.housing_offices`) vs §6.2C's list of
    municipalities where «en boligavdeling eller et boligkontor forvalter alle
    eller de fleste av disse virkemidlene».

Judgement-sourced rows. A few rows of the data have as their only source a
sentence in which the report states its own classification of that
municipality (``datasets/nova2008/judgement_sourced.csv``, for example a
part-of tie read from §3.5's list of model-1 examples). Counting them makes
the agreement partly circular, so :func:`agreement` computes every comparison
twice: on the graphs without those rows (``rows="without judgement-sourced"``,
the headline figure) and on all rows (``rows="all"``).

This module belongs to the replication layer (:mod:`orggraph.replication`):
it runs the analysis layer's detectors (:func:`orggraph.classify`,
:func:`orggraph.analysis.centre.housing_offices`) on graphs of the data-model
layer and reads the bundled companion tables through
:mod:`orggraph.io.datasets`; nothing below it imports it, and it draws nothing.

Examples
--------
>>> import orggraph
>>> a = agreement(orggraph.load_dataset("nova2008"))
>>> sorted(a.comparison.unique())
['housing_office', 'leadership', 'leadership_incl_nav', 'model', 'model_hedged']
>>> sorted(a.rows.unique())
['all', 'without judgement-sourced']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

import networkx as nx
import pandas as pd

from orggraph.analysis.centre import housing_offices
from orggraph.analysis.models import classify
from orggraph.core.graph import coordination_edges, keyed_graphs
from orggraph.io.datasets import dataset_path, load_judgements

__all__ = [
    "HEADLINE",
    "agreement",
    "agreement_summary",
    "confusion",
    "explained_disagreements",
    "judgement_sourced",
    "sensitivity",
    "without_judgement_sourced",
]

#: The value of the ``rows`` column that holds the headline figures.
HEADLINE = "without judgement-sourced"


def judgement_sourced() -> pd.DataFrame:
    """Return the rows of the bundled data whose only source states a judgement.

    One row per unit or coordination tie of ``nova2008`` whose only source is
    a sentence in which the report states its classification of that
    municipality, with the judgement, the report text's lines and the quote.

    Returns
    -------
    pandas.DataFrame
        One row per judgement-sourced row of the data, with a default integer
        index and the columns ``table`` (``units`` or ``coordination``),
        ``municipality_id``, ``unit_id`` (unit rows), ``from_unit``,
        ``to_unit``, ``kind`` (coordination rows), ``judgement``, ``lines``,
        ``quote`` and ``note``; every value as text, empty cells as ``""``.

    See Also
    --------
    without_judgement_sourced : Remove these rows from graphs.

    Examples
    --------
    >>> rows = judgement_sourced()
    >>> rows[["municipality_id", "table", "from_unit", "to_unit", "kind"]].head(2)  # doctest: +NORMALIZE_WHITESPACE
      municipality_id         table    from_unit to_unit     kind
    0       lorenskog  coordination  boligkontor      be  part_of
    1       randaberg  coordination  boligkontor      be  part_of
    """
    return pd.read_csv(dataset_path("nova2008") / "judgement_sourced.csv", dtype=str, keep_default_na=False)


def without_judgement_sourced(graphs: Mapping[str, nx.Graph], rows: pd.DataFrame | None = None
                              ) -> dict[str, nx.MultiGraph]:
    """Return copies of `graphs` without the judgement-sourced rows.

    Task nodes left without any unit are removed too. The graphs given are
    not changed.

    Parameters
    ----------
    graphs : mapping of str to networkx.Graph
        ``municipality_id`` → organisation graph (or any collection
        :func:`orggraph.core.graph.keyed_graphs` accepts).
    rows : pandas.DataFrame, optional
        The rows to remove, with the columns of :func:`judgement_sourced`;
        default :func:`judgement_sourced`. A unit row
        removes the unit with its ties; a coordination row removes the tie of
        that kind between the two units. Rows of municipalities not in
        `graphs`, or already absent from a graph, change nothing.

    Returns
    -------
    dict of str to networkx.Graph
        ``municipality_id`` → a copy of the graph without those rows.

    Raises
    ------
    TypeError, OrgGraphError
        If `graphs` is not a collection of graphs (see :func:`~orggraph.core.graph.keyed_graphs`).

    Examples
    --------
    >>> import orggraph
    >>> graphs = orggraph.load_dataset("nova2008")
    >>> reduced = without_judgement_sourced(graphs)
    >>> graphs["vefsn"].number_of_edges(), reduced["vefsn"].number_of_edges()
    (12, 11)
    >>> "be" in graphs["vefsn"], "be" in reduced["vefsn"]
    (True, False)
    """
    graphs = keyed_graphs(graphs, caller="without_judgement_sourced")
    rows = judgement_sourced() if rows is None else rows
    out = {}
    for mid, G in graphs.items():
        H = cast(nx.MultiGraph, G.copy())  # an organisation graph is a MultiGraph (ties keyed by kind)
        mine = rows[rows.municipality_id == mid]
        for r in mine[mine.table == "coordination"].itertuples():
            for a, b, d in list(coordination_edges(H)):
                if d["kind"] == r.kind and (a, b) == (r.from_unit, r.to_unit):
                    key = next(k for k, dd in H[a][b].items() if dd is d)
                    H.remove_edge(a, b, key=key)
        for r in mine[mine.table == "units"].itertuples():
            if r.unit_id in H:
                H.remove_node(r.unit_id)
        H.remove_nodes_from([n for n in list(H) if H.nodes[n].get("kind") == "task" and H.degree(n) == 0])
        out[mid] = H
    return out


def _flag(j: pd.DataFrame, name: str) -> set[str]:
    return set(j[(j.judgement == name) & (j.value.str.lower() == "true")].municipality_id)


def _compare(graphs: Mapping[str, nx.Graph], j: pd.DataFrame, **options: float) -> list[tuple]:
    rows: list[tuple] = []
    own, nav = _flag(j, "own_leadership"), _flag(j, "nav_leads")
    ho = _flag(j, "housing_office_most_instruments")
    models = j[j.judgement == "model"].set_index("municipality_id").value
    share = options.get("min_instrument_share", 0.5)
    for mid, G in graphs.items():
        c = classify(G, **options)
        if mid in models.index:
            value = models[mid]
            hedged = value.startswith("resembles:")
            report = value.removeprefix("resembles:")
            rows.append(("model_hedged" if hedged else "model", mid, report, str(c.model)))
        found = c.centre.unit is not None  # classify passes min_instrument_share on to find_centre
        rows.append(("leadership", mid, mid in own, found))
        rows.append(("leadership_incl_nav", mid, mid in own | nav, found))
        offices = housing_offices(G, min_share=share)
        rows.append(("housing_office", mid, mid in ho, bool(offices["most"].any())))
    return rows


def agreement(graphs: Mapping[str, nx.Graph], judgements: pd.DataFrame | None = None,
              **options: float) -> pd.DataFrame:
    """Return one row per (rows, comparison, municipality): report, computed, agree.

    The comparisons are those of the module docstring: ``model`` and
    ``model_hedged`` (for the municipalities §3.5 names as examples; the
    model as a string), ``leadership`` and ``leadership_incl_nav`` (whether a
    centre is found), ``housing_office`` (whether some housing office holds
    most instruments). ``agree`` compares ``report`` and ``computed`` as text.
    The judgements are the report's [1]_: §3.5 (from line 2350 of its text),
    §3.4 (from line 2204) and §6.2C (lines 3825–3835).

    Parameters
    ----------
    graphs : mapping of str to networkx.Graph
        ``municipality_id`` → organisation graph (or any collection
        :func:`orggraph.core.graph.keyed_graphs` accepts).
    judgements : pandas.DataFrame, optional
        The report's judgements, with the columns of
        :func:`orggraph.load_judgements`; default :func:`orggraph.load_judgements`.
    **options : float
        Keyword options passed to :func:`orggraph.classify` (thresholds:
        ``min_instrument_share``, ``min_coverage``); ``min_instrument_share``
        is also the share :func:`~orggraph.analysis.centre.housing_offices` uses.

    Returns
    -------
    pandas.DataFrame
        Columns ``rows`` (:data:`HEADLINE` for the graphs without the
        judgement-sourced rows, ``"all"`` for the graphs as given),
        ``comparison``, ``municipality_id``, ``report``, ``computed``,
        ``agree``; a default integer index, the headline rows first.

    Raises
    ------
    TypeError, OrgGraphError
        If `graphs` is not a collection of graphs.
    GraphError
        If a graph is not an organisation graph.

    See Also
    --------
    agreement_summary : Counts and shares per comparison.
    confusion : The model comparison as a confusion table.
    explained_disagreements : Why each disagreement arises.

    References
    ----------
    .. [1] Langsether, Å., Hansen, T., & Sørvoll, J. (2008). *Fragmentert og koordinert.
       Organisering av boligsosialt arbeid i norske kommuner*. NOVA Rapport 18/2008. Oslo: NOVA.

    Examples
    --------
    >>> import orggraph
    >>> a = agreement(orggraph.load_dataset("nova2008"))
    >>> a[["comparison", "municipality_id", "report", "computed", "agree"]].head(3)  # doctest: +NORMALIZE_WHITESPACE
                comparison municipality_id report computed  agree
    0                model           hamar      4        4   True
    1           leadership           hamar  False    False   True
    2  leadership_incl_nav           hamar  False    False   True
    >>> sorted(a.rows.unique())
    ['all', 'without judgement-sourced']
    """
    graphs = keyed_graphs(graphs, caller="agreement")
    j = load_judgements() if judgements is None else judgements
    parts = []
    for label, gs in ((HEADLINE, without_judgement_sourced(graphs)), ("all", graphs)):
        part = pd.DataFrame(_compare(gs, j, **options),
                            columns=["comparison", "municipality_id", "report", "computed"])
        part.insert(0, "rows", label)
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out["agree"] = out.report.astype(str) == out.computed.astype(str)
    return out


def agreement_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Return agreement counts and shares per rows variant and comparison (headline first).

    Parameters
    ----------
    table : pandas.DataFrame
        A table returned by :func:`agreement`.

    Returns
    -------
    pandas.DataFrame
        Indexed by (``rows``, ``comparison``) in the order of `table`, with the
        columns ``agree`` (count), ``n`` and ``share`` (``agree / n``, rounded
        to three decimals).

    Examples
    --------
    >>> import orggraph
    >>> summary = agreement_summary(agreement(orggraph.load_dataset("nova2008")))
    >>> summary.loc[HEADLINE]  # doctest: +NORMALIZE_WHITESPACE
                         agree   n  share
    comparison
    model                    9  14  0.643
    leadership              19  22  0.864
    leadership_incl_nav     22  22  1.000
    housing_office          16  22  0.727
    model_hedged             0   4  0.000
    """
    g = table.groupby(["rows", "comparison"], sort=False).agree
    return pd.DataFrame({"agree": g.sum().astype(int), "n": g.size(), "share": g.mean().round(3)})


def confusion(table: pd.DataFrame, comparison: str = "model", rows: str = HEADLINE) -> pd.DataFrame:
    """Return the confusion table (report in rows, computed in columns) of one comparison.

    Parameters
    ----------
    table : pandas.DataFrame
        A table returned by :func:`agreement`.
    comparison : str, default "model"
        One of the values of its ``comparison`` column.
    rows : str, default HEADLINE
        One of the values of its ``rows`` column: :data:`HEADLINE` or ``"all"``.

    Returns
    -------
    pandas.DataFrame
        Counts of municipalities: the report's value as index (``report``),
        the computed value as columns (``computed``), both as text. Values
        that never occur have no row or column.

    Raises
    ------
    ValueError
        If `comparison` or `rows` is not a value of the table (a mistyped
        name would otherwise give an empty table).

    Examples
    --------
    >>> import orggraph
    >>> a = agreement(orggraph.load_dataset("nova2008"))
    >>> confusion(a, "leadership", rows="all")  # doctest: +NORMALIZE_WHITESPACE
    computed  False  True
    report
    False        12     3
    True          0     7
    """
    for column, value in (("comparison", comparison), ("rows", rows)):
        if value not in set(table[column]):
            msg = f"no {column} `{value}` in the agreement table; it has {sorted(set(table[column]))}"
            raise ValueError(msg)
    sub = table[(table.comparison == comparison) & (table.rows == rows)]
    return pd.crosstab(sub.report.astype(str), sub.computed.astype(str), rownames=["report"],
                       colnames=["computed"])


def sensitivity(graphs: Mapping[str, nx.Graph], *,
                shares: tuple[float, ...] = (0.4, 0.5, 0.6),
                coverages: tuple[float, ...] = (0.1, 0.25, 0.5)) -> pd.DataFrame:
    """Return models and agreement as thresholds move, and label changes when one tie is removed.

    Every combination of `shares` and `coverages` is run through
    :func:`agreement` and :func:`orggraph.classify`. Then, with the default
    thresholds, each tie of each graph is removed in turn (with any task left
    without a unit) and the graph classified again.

    Parameters
    ----------
    graphs : mapping of str to networkx.Graph
        ``municipality_id`` → organisation graph (or any collection
        :func:`orggraph.core.graph.keyed_graphs` accepts).
    shares : tuple of float, default (0.4, 0.5, 0.6)
        The values of ``min_instrument_share`` to try.
    coverages : tuple of float, default (0.1, 0.25, 0.5)
        The values of ``min_coverage`` to try.

    Returns
    -------
    pandas.DataFrame
        One row per threshold setting (``min_instrument_share``,
        ``min_coverage``) with the agreement share on the plain model examples
        (``model_agreement``, headline rows, rounded to three decimals) and
        the number of municipalities whose model differs from the
        defaults (``models_changed``); plus, for the defaults, in
        ``attrs["single_tie_flips"]``: over all
        municipalities, the number of single ties (responsibility or
        coordination) whose removal changes the model, out of
        ``attrs["ties_tested"]``.

    Raises
    ------
    TypeError, OrgGraphError
        If `graphs` is not a collection of graphs.
    GraphError
        If a graph is not an organisation graph.

    Examples
    --------
    >>> import orggraph
    >>> graphs = orggraph.load_dataset("nova2008")
    >>> s = sensitivity({m: graphs[m] for m in ("moss", "ski")}, shares=(0.5,), coverages=(0.25,))
    >>> s  # doctest: +NORMALIZE_WHITESPACE
       min_instrument_share  min_coverage  model_agreement  models_changed
    0                   0.5          0.25              1.0               0
    >>> s.attrs
    {'single_tie_flips': 2, 'ties_tested': 18}
    """
    graphs = keyed_graphs(graphs, caller="sensitivity")
    base = {mid: classify(G).model for mid, G in graphs.items()}
    rows = []
    for s in shares:
        for c in coverages:
            a = agreement(graphs, min_instrument_share=s, min_coverage=c)
            plain = a[(a.comparison == "model") & (a.rows == HEADLINE)]
            moved = sum(classify(G, min_instrument_share=s, min_coverage=c).model != base[m]
                        for m, G in graphs.items())
            rows.append({"min_instrument_share": s, "min_coverage": c,
                         "model_agreement": round(plain.agree.mean(), 3), "models_changed": moved})
    flips = 0
    ties = 0
    for m, G in graphs.items():
        for u, v, k in list(cast(nx.MultiGraph, G).edges(keys=True)):  # classify(G) checked it above
            H = cast(nx.MultiGraph, G.copy())
            H.remove_edge(u, v, key=k)
            H.remove_nodes_from([n for n in list(H) if H.nodes[n].get("kind") == "task" and H.degree(n) == 0])
            ties += 1
            flips += classify(H).model != base[m]
    out = pd.DataFrame(rows)
    out.attrs["single_tie_flips"] = flips
    out.attrs["ties_tested"] = ties
    return out


def explained_disagreements(table: pd.DataFrame) -> pd.DataFrame:
    """Return the disagreements of an :func:`agreement` table with their explanation.

    Explanations are kept in ``datasets/nova2008/disagreements.csv``: for each
    disagreement its ``kind`` (``encoding``: what the report states is not
    enough to see the structure; ``borderline``: a criterion narrowly decides;
    ``reading``: the report and the rule read the same structure differently;
    ``judgement``: the only source that would decide it is a sentence in which
    the report states its classification, so it is not, or only in the
    ``"all"`` rows, in the data) and a sentence. One explanation serves both
    ``rows`` variants. A disagreement without an entry gets ``kind`` "unexplained".

    Parameters
    ----------
    table : pandas.DataFrame
        A table returned by :func:`agreement`.

    Returns
    -------
    pandas.DataFrame
        The rows of `table` where ``agree`` is false (``report`` and
        ``computed`` as text), with the columns ``kind`` and ``explanation``
        added; a default integer index.

    Examples
    --------
    >>> import orggraph
    >>> wrong = explained_disagreements(agreement(orggraph.load_dataset("nova2008")))
    >>> wrong[["comparison", "municipality_id", "report", "computed", "kind"]].head(2)  # doctest: +NORMALIZE_WHITESPACE
         comparison municipality_id report computed      kind
    0  model_hedged       haugesund      3        4  encoding
    1    leadership       haugesund  False     True   reading
    >>> int((wrong.kind == "unexplained").sum())
    0
    """
    notes = pd.read_csv(dataset_path("nova2008") / "disagreements.csv", dtype=str, keep_default_na=False)
    wrong = table[~table.agree].astype({"report": str, "computed": str})
    out = wrong.merge(notes, on=["comparison", "municipality_id", "report", "computed"], how="left")
    out["kind"] = out["kind"].fillna("unexplained")
    out["explanation"] = out["explanation"].fillna("")
    return out
