"""Synthetic national populations of municipalities in the survey format.

:func:`population` draws municipalities whose distributions follow the
report's published aggregates (``datasets/nova2008_aggregates``):

* the size-class mix of the survey (Table 4.2: 63, 89, 38, 61, 41 of 292);
* who allocates × who builds/buys dwellings jointly from Table 3.2, reweighted
  within each size class towards Table 4.1 (build/buy) and Table 4.2
  (allocation) of that class: the weight of a cell is multiplied, for each
  task, by the ratio of the class's "alone" share to the overall "alone"
  share of the type when one type holds the task alone;
* who allocates start loans from Table 4.3 by size class: one type alone with
  the printed "alone" shares; otherwise two types drawn in proportion to the
  printed "participates" shares;
* NAV: established in 35 % of municipalities (101 of 292, §5.5) and always
  where NAV holds a task; in those, NAV holds the allowance, grant,
  follow-up allocation, follow-up delivery and temporary housing with the
  shares of Table 5.2.

What the generator cannot know, and assumes (each marked in the code):

* The survey's unpublished joint structure beyond Table 3.2: start loans and
  NAV's tasks are drawn independently of who allocates and builds, given the
  size class.
* Table 3.2's "Andre kombinasjoner" (combinations held by one municipality
  each) become two unit types drawn in proportion to the task's
  "participates" shares in Tables 4.1/4.2 for the size class;
  "Annet/uoppgitt" becomes the type ``other``. Table 3.2 has fewer
  combinations for build/buy (53) than Table 4.1's "participates" shares imply
  (B&E alone participates in 21 %, 61 municipalities), so build/buy
  participation comes out lower than Table 4.1 prints.
* Holders of the allowance, grant, follow-up and temporary housing other than
  NAV are not published; those cells stay empty outside NAV.
* The classes' population bounds are not published; ``population`` is left
  empty.

This module belongs to the replication layer (:mod:`orggraph.replication`):
it reads the published aggregates through :func:`orggraph.io.datasets.load_aggregate`
and writes frames in the survey format of :mod:`orggraph.io.survey`, which
:func:`orggraph.io.survey.to_graphs` turns into graphs and
:func:`orggraph.io.survey.tabulate` tabulates as the report does. It serves
to test the survey tools and the analysis at national scale, never as data
about real municipalities.

Examples
--------
>>> frame = population(5, seed=1)
>>> list(frame.columns[:4])
['municipality_id', 'name', 'population', 'size_class']
>>> len(frame)
5
"""

from __future__ import annotations

from functools import cache
from typing import cast

import numpy as np
import pandas as pd

from orggraph.io.datasets import load_aggregate
from orggraph.io.survey import SIZE_CLASSES

__all__ = ["NAV_SHARE", "population"]

#: Share of municipalities with a NAV office at the time of the survey: 101 of 292 (§5.5).
NAV_SHARE = 101 / 292
_NAV_TASKS = ("process_allowance", "allocate_grant", "allocate_follow_up", "deliver_follow_up",
              "allocate_temporary")
_PAIR_TYPES = ("team", "be", "social", "nav", "service", "kf", "foundation", "housing_office", "admin",
               "health_care", "other")


@cache
def _tables() -> dict:
    t32 = load_aggregate("table_3_2")
    t4 = load_aggregate("table_4_alone_participates")
    n = load_aggregate("table_4_printed_totals")
    nav = load_aggregate("table_5_nav")
    sizes = n[n.table.astype(str) == "4.2"].set_index("size_class").n.reindex(SIZE_CLASSES).astype(float)
    alone = {task: t4[(t4.task == task) & (t4.measure == "alone")].pivot_table(
        index="unit_type", columns="size_class", values="percent", fill_value=0.0) / 100
        for task in t4.task.unique()}
    part = {task: t4[(t4.task == task) & (t4.measure == "participates")].pivot_table(
        index="unit_type", columns="size_class", values="percent", fill_value=0.0) / 100
        for task in t4.task.unique()}
    cells = t32[t32["count"] > 0][["allocate_types", "build_type", "count"]].reset_index(drop=True)
    nav52 = nav[nav.table.astype(str) == "5.2"].set_index("task").percent / 100
    return {"t32": cells, "alone": alone, "part": part, "sizes": sizes / sizes.sum(), "nav52": nav52}


def _ratio(alone: pd.DataFrame, types: str, size: str) -> float:
    """Class share / overall share of the type holding the task alone (1 for combinations)."""
    if "+" in types or types not in alone.index:
        return 1.0
    overall = cast(float, alone.loc[types, "all"])  # `alone` holds shares (floats) only
    return float(cast(float, alone.loc[types, size]) / overall) if overall > 0 else 1.0


def _cell_weights(size: str) -> np.ndarray:
    tab = _tables()
    cells = tab["t32"]
    w = cells["count"].to_numpy(dtype=float)
    fa = [_ratio(tab["alone"]["allocate_dwelling"], a, size) for a in cells.allocate_types]
    fb = [_ratio(tab["alone"]["provide_dwellings"], b, size) for b in cells.build_type]
    w = w * np.array(fa) * np.array(fb)
    return w / w.sum()


def _pair_weights(task: str, size: str) -> tuple[list[str], np.ndarray]:
    part = _tables()["part"][task][size]
    types = [t for t in part.index if t in _PAIR_TYPES and part[t] > 0]
    return types, part[types].to_numpy(dtype=float)


def _two_of(names: list[str], weights: np.ndarray, m: int, rng: np.random.Generator) -> np.ndarray:
    """`m` draws of two different names, drawn one after the other in proportion to `weights`, as "a+b".

    The two largest of log-weight plus Gumbel noise are such a draw (the Gumbel-top-k trick), for all rows at once.
    """
    with np.errstate(divide="ignore"):  # a zero weight is never drawn
        keys = np.log(weights / weights.sum())[None, :] + rng.gumbel(size=(m, len(names)))
    top = np.argsort(-keys, axis=1)[:, :2]
    joined = np.array([["+".join(sorted((a, b))) for b in names] for a in names], dtype=object)
    return joined[top[:, 0], top[:, 1]]


def _concrete(types: np.ndarray, rng: np.random.Generator, task: str, size: str) -> np.ndarray:
    out = types.astype(object).copy()
    out[types == "other_unknown"] = "other"  # assumption: "Annet/uoppgitt" as the type `other`
    combos = np.flatnonzero(types == "other_combinations")
    if len(combos):
        # assumption: two types, drawn in proportion to the task's "participates" shares (Tables 4.x)
        names, weights = _pair_weights(task, size)
        out[combos] = _two_of(names, weights, len(combos), rng)
    return out


def _start_loan(size: str, m: int, rng: np.random.Generator) -> np.ndarray:
    tab = _tables()
    alone = tab["alone"]["allocate_start_loan"][size]
    part = tab["part"]["allocate_start_loan"][size]
    types = list(alone.index)
    probs = alone.to_numpy(dtype=float)
    shared = max(0.0, 1.0 - probs.sum())
    pick = rng.choice(len(types) + 1, size=m, p=np.append(probs, shared) / (probs.sum() + shared))
    out = np.empty(m, dtype=object)
    single = pick < len(types)
    out[single] = _concrete(np.array(types, dtype=object)[pick[single]], rng, "allocate_start_loan", size)
    weights = part.reindex(types).fillna(0).to_numpy(dtype=float)
    if (weights > 0).sum() < 2:
        weights = np.ones(len(types))
    names = [t if t != "other_unknown" else "other" for t in types]
    out[~single] = _two_of(names, weights, int((~single).sum()), rng)
    return out


def population(n: int, *, seed: int) -> pd.DataFrame:
    """Return `n` synthetic municipalities in the survey format (see the module docstring).

    Every draw is made for all municipalities of a size class at once (numpy),
    so a million rows take seconds. The distributions are the report's
    published aggregates [1]_ (Table 3.2 at line 1957 of its text, Tables
    4.1–4.3 at lines 2615, 2684 and 2751, Table 5.2 at line 3424).

    Parameters
    ----------
    n : int
        Number of municipalities.
    seed : int
        Seed of the random generator: the same seed gives the same population.
        Each column is drawn from its own stream spawned from it.

    Returns
    -------
    pandas.DataFrame
        One row per municipality (ids ``s000000``, ``s000001`` …, a default
        integer index), columns ``municipality_id``, ``name``, ``population``
        (empty), ``size_class``, ``nav_established``, ``provide_dwellings``,
        ``allocate_dwelling``, ``allocate_start_loan`` and NAV's tasks
        (``process_allowance``, ``allocate_grant``, ``allocate_follow_up``,
        ``deliver_follow_up``, ``allocate_temporary``: ``"nav"`` or empty).
        Task cells hold unit-type codes joined with ``+``.

    Raises
    ------
    TypeError
        If `n` is not a whole number.
    ValueError
        If `n` is negative.

    See Also
    --------
    orggraph.io.survey.to_graphs : Recode the rows into graphs.
    orggraph.io.survey.tabulate : Tabulate them as the report does.

    References
    ----------
    .. [1] Langsether, Å., Hansen, T., & Sørvoll, J. (2008). *Fragmentert og koordinert.
       Organisering av boligsosialt arbeid i norske kommuner*. NOVA Rapport 18/2008. Oslo: NOVA.

    Examples
    --------
    >>> frame = population(2000, seed=0)
    >>> frame[["municipality_id", "size_class", "allocate_dwelling", "provide_dwellings"]].head(2)
      municipality_id size_class   allocate_dwelling provide_dwellings
    0         s000000      large  social+health_care                be
    1         s000001    smaller                  be                be
    >>> round(float(frame["nav_established"].mean()), 2), round(NAV_SHARE, 2)
    (0.34, 0.35)
    """
    if isinstance(n, bool) or not isinstance(n, int | np.integer):
        msg = f"`n` must be a whole number, got {n!r}"
        raise TypeError(msg)
    if n < 0:
        msg = f"`n` must be at least 0, got {n}"
        raise ValueError(msg)
    # one independent stream per variable (numpy's SeedSequence spawning): a column's draws do not depend on
    # how many draws another column's branches took
    rng, cell_rng, loan_rng, nav_rng = np.random.default_rng(seed).spawn(4)
    tab = _tables()
    sizes = rng.choice(np.array(SIZE_CLASSES, dtype=object), size=n, p=tab["sizes"].to_numpy())
    cells = tab["t32"]
    alloc_types = cells.allocate_types.to_numpy(dtype=object)
    build_types = cells.build_type.to_numpy(dtype=object)
    alloc = np.empty(n, dtype=object)
    build = np.empty(n, dtype=object)
    loan = np.empty(n, dtype=object)
    for size in SIZE_CLASSES:
        rows = np.flatnonzero(sizes == size)
        k = cell_rng.choice(len(cells), size=len(rows), p=_cell_weights(size))
        alloc[rows] = _concrete(alloc_types[k], cell_rng, "allocate_dwelling", size)
        build[rows] = _concrete(build_types[k], cell_rng, "provide_dwellings", size)
        loan[rows] = _start_loan(size, len(rows), loan_rng)
    index = pd.Series(np.arange(n).astype(str), dtype=object)
    frame = pd.DataFrame({
        "municipality_id": ("s" + index.str.zfill(6)).to_numpy(dtype=object),
        "name": ("Synthetic " + index).to_numpy(dtype=object),
        "population": np.full(n, np.nan), "size_class": sizes,
        "provide_dwellings": build, "allocate_dwelling": alloc, "allocate_start_loan": loan})
    has_nav = np.zeros(n, dtype=bool)
    for col in ("provide_dwellings", "allocate_dwelling", "allocate_start_loan"):
        codes, uniques = pd.factorize(frame[col])
        has_nav |= np.array(["nav" in str(u).split("+") for u in uniques], dtype=bool)[codes] if n else has_nav
    p_extra = max(0.0, (NAV_SHARE - has_nav.mean()) / (1 - has_nav.mean())) if n else 0.0
    nav = has_nav | (nav_rng.random(n) < p_extra)
    frame.insert(4, "nav_established", nav)
    for task in _NAV_TASKS:  # assumption: independent of the other tasks given NAV
        p = float(tab["nav52"][task])
        frame[task] = np.where(nav & (nav_rng.random(n) < p), "nav", "").astype(object)
    return frame
