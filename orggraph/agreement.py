"""Agreement between the structural detectors and the report's own judgements.

The judgements (``datasets/nova2008/judgements.csv``) are read here and only
here: :func:`orggraph.classify` and :func:`orggraph.find_centre` never see
them. Three comparisons:

``model``
    :func:`orggraph.classify` vs the municipalities §3.5 names as examples of a
    model. Plain examples and hedged ones (``resembles:3``: "noenlunde
    dekkende", "likhetstrekk") are counted separately.
``leadership``
    a centre found (:func:`orggraph.find_centre`) vs §3.4's municipalities
    with their own leadership for the whole field (a housing office), and vs
    the same list widened with the three where NAV holds that leadership.
``housing_office``
    the best centre candidate is a housing office that meets the
    *instruments* criterion vs §6.2C's list of municipalities where a housing
    office administers all or most instruments.

Examples
--------
>>> import orggraph
>>> a = agreement(orggraph.load_dataset("nova2008"))
>>> sorted(a.comparison.unique())
['housing_office', 'leadership', 'leadership_incl_nav', 'model', 'model_hedged']
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
import pandas as pd

from orggraph.datasets import dataset_path, load_judgements
from orggraph.models import classify

__all__ = ["agreement", "agreement_summary", "confusion", "explained_disagreements", "sensitivity"]


def _flag(j: pd.DataFrame, name: str) -> set[str]:
    return set(j[(j.judgement == name) & (j.value.str.lower() == "true")].municipality_id)


def agreement(graphs: Mapping[str, nx.Graph], judgements: pd.DataFrame | None = None,
              **options: float) -> pd.DataFrame:
    """Return one row per (comparison, municipality): report, computed, agree.

    Parameters
    ----------
    graphs
        ``municipality_id`` → organisation graph.
    judgements
        The report's judgements; default :func:`orggraph.load_judgements`.
    **options
        Keyword options passed to :func:`orggraph.classify` (thresholds).
    """
    j = load_judgements() if judgements is None else judgements
    rows = []
    own, nav = _flag(j, "own_leadership"), _flag(j, "nav_leads")
    ho = _flag(j, "housing_office_most_instruments")
    models = j[j.judgement == "model"].set_index("municipality_id").value
    for mid, G in graphs.items():
        c = classify(G, **options)
        centre = c.centre
        if mid in models.index:
            value = models[mid]
            hedged = value.startswith("resembles:")
            report = value.removeprefix("resembles:")
            rows.append(("model_hedged" if hedged else "model", mid, report, str(c.model)))
        rows.append(("leadership", mid, mid in own, centre.unit is not None))
        rows.append(("leadership_incl_nav", mid, mid in own | nav, centre.unit is not None))
        cand = centre.candidate
        is_ho = bool(cand) and G.nodes[cand]["unit_type"] == "housing_office" and centre.evidence["instruments"]
        rows.append(("housing_office", mid, mid in ho, is_ho))
    out = pd.DataFrame(rows, columns=["comparison", "municipality_id", "report", "computed"])
    out["agree"] = out.report.astype(str) == out.computed.astype(str)
    return out


def agreement_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Return agreement counts and shares per comparison."""
    g = table.groupby("comparison").agree
    return pd.DataFrame({"agree": g.sum().astype(int), "n": g.size(), "share": g.mean().round(3)})


def confusion(table: pd.DataFrame, comparison: str = "model") -> pd.DataFrame:
    """Return the confusion table (report in rows, computed in columns) of one comparison."""
    sub = table[table.comparison == comparison]
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
    base = {mid: classify(G).model for mid, G in graphs.items()}
    rows = []
    for s in shares:
        for c in coverages:
            a = agreement(graphs, min_instrument_share=s, min_coverage=c)
            plain = a[a.comparison == "model"]
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
    ``reading``: the report and the rule read the same structure differently)
    and a sentence. A disagreement without an entry gets ``kind`` "unexplained".
    """
    notes = pd.read_csv(dataset_path("nova2008") / "disagreements.csv", dtype=str, keep_default_na=False)
    wrong = table[~table.agree].astype({"report": str, "computed": str})
    out = wrong.merge(notes, on=["comparison", "municipality_id", "report", "computed"], how="left")
    out["kind"] = out["kind"].fillna("unexplained")
    out["explanation"] = out["explanation"].fillna("")
    return out
