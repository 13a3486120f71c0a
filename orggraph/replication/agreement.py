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
    """
    return pd.read_csv(dataset_path("nova2008") / "judgement_sourced.csv", dtype=str, keep_default_na=False)


def without_judgement_sourced(graphs: Mapping[str, nx.Graph], rows: pd.DataFrame | None = None
                              ) -> dict[str, nx.Graph]:
    """Return copies of `graphs` without the judgement-sourced rows.

    Parameters
    ----------
    graphs
        ``municipality_id`` → organisation graph.
    rows
        The rows to remove; default :func:`judgement_sourced`. A unit row
        removes the unit with its ties; a coordination row removes the tie of
        that kind between the two units. Rows of municipalities not in
        `graphs`, or already absent from a graph, change nothing.
    """
    graphs = keyed_graphs(graphs, caller="without_judgement_sourced")
    rows = judgement_sourced() if rows is None else rows
    out = {}
    for mid, G in graphs.items():
        H = G.copy()
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
    rows = []
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

    Parameters
    ----------
    graphs
        ``municipality_id`` → organisation graph.
    judgements
        The report's judgements; default :func:`orggraph.load_judgements`.
    **options
        Keyword options passed to :func:`orggraph.classify` (thresholds).

    Returns
    -------
    pandas.DataFrame
        Columns ``rows`` (:data:`HEADLINE` for the graphs without the
        judgement-sourced rows, ``"all"`` for the graphs as given),
        ``comparison``, ``municipality_id``, ``report``, ``computed``,
        ``agree``.
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
    """Return agreement counts and shares per rows variant and comparison (headline first)."""
    g = table.groupby(["rows", "comparison"], sort=False).agree
    return pd.DataFrame({"agree": g.sum().astype(int), "n": g.size(), "share": g.mean().round(3)})


def confusion(table: pd.DataFrame, comparison: str = "model", rows: str = HEADLINE) -> pd.DataFrame:
    """Return the confusion table (report in rows, computed in columns) of one comparison."""
    sub = table[(table.comparison == comparison) & (table.rows == rows)]
    return pd.crosstab(sub.report.astype(str), sub.computed.astype(str), rownames=["report"],
                       colnames=["computed"])


def sensitivity(graphs: Mapping[str, nx.Graph], *,
                shares: tuple[float, ...] = (0.4, 0.5, 0.6),
                coverages: tuple[float, ...] = (0.1, 0.25, 0.5)) -> pd.DataFrame:
    """Return models and agreement as thresholds move, and label changes when one tie is removed.

    Returns
    -------
    pandas.DataFrame
        One row per threshold setting (``min_instrument_share``,
        ``min_coverage``) with the agreement share on the plain model examples
        and the number of municipalities whose model differs from the
        defaults; plus, for the defaults, ``single_tie_flips``: over all
        municipalities, the number of single ties (responsibility or
        coordination) whose removal changes the model.
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
        for u, v, k in list(G.edges(keys=True)):
            H = G.copy()
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
    """
    notes = pd.read_csv(dataset_path("nova2008") / "disagreements.csv", dtype=str, keep_default_na=False)
    wrong = table[~table.agree].astype({"report": str, "computed": str})
    out = wrong.merge(notes, on=["comparison", "municipality_id", "report", "computed"], how="left")
    out["kind"] = out["kind"].fillna("unexplained")
    out["explanation"] = out["explanation"].fillna("")
    return out
