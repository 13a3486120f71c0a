"""Survey-format data: one row per municipality, the unit types responsible for each task.

The report's second source is a survey of all municipalities (Rambøll 2008,
recoded by NOVA) in which several units could be named for a task. The survey
format holds that: one row per municipality with

``municipality_id``, ``name``, ``population``, ``size_class``, ``nav_established``
    identity and attributes (``size_class`` one of :data:`SIZE_CLASSES`);
one column per task code (``provide_dwellings``, ``allocate_dwelling``, ``allocate_start_loan``, …)
    the unit types responsible, several in one cell separated by ``+``, ``/``
    or ``,`` (codes such as ``team+be`` or the report's abbreviations such as
    ``Team / B&E``); empty when not known.

:func:`read_survey` reads CSV (``,`` or ``;`` separated, any of the encodings
:mod:`orggraph.io` accepts) or XLSX; :func:`to_graphs` recodes rows into
organisation graphs at the unit-type level (one unit per type, role
``decides`` when the type holds the task alone and ``participates`` when it
shares it: the report's alone/participates recoding); :func:`tabulate`
reproduces the report's layouts.

This module belongs to the reading-and-writing layer (:mod:`orggraph.io`),
beside the readers of case data in :mod:`orggraph.io.municipality`: it builds
graphs of the data-model layer (:class:`orggraph.core.graph.Municipality`)
from survey rows, so that every analysis function takes them as it takes the
case graphs. The replication layer draws synthetic populations in this format
(:mod:`orggraph.replication.synthetic`) and compares the tabulations with the
report's printed aggregates.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"municipality_id": ["a", "b"], "size_class": ["small", "large"],
...                       "provide_dwellings": ["be", "kf"], "allocate_dwelling": ["team+be", "Sos"]})
>>> graphs = to_graphs(frame)
>>> sorted(graphs["a"].edges("be", keys=True))
[('be', 'allocate_dwelling', 'participates'), ('be', 'provide_dwellings', 'decides')]
>>> float(tabulate(graphs, task="allocate_dwelling").loc[("team", "participates"), "all"])
50.0
"""

from __future__ import annotations

import contextlib
import functools
import io
import math
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from orggraph._errors import Problem, ValidationError
from orggraph._files import decode_input, plain_text, read_input
from orggraph.core import vocabulary as voc
from orggraph.core.graph import Municipality, responsibility_edges

__all__ = ["ATTRIBUTE_COLUMNS", "SIZE_CLASSES", "bootstrap_share", "parse_units", "read_survey", "tabulate",
           "to_graphs"]

SIZE_CLASSES = ("small", "smaller", "medium", "larger", "large")
ATTRIBUTE_COLUMNS = ("municipality_id", "name", "population", "size_class", "nav_established")
#: The report's abbreviations (Table 3.2 legend, Tables 4.x row labels) and common spellings → unit type.
ABBREVIATIONS = {
    "b&e": "be", "bygg/eiendom": "be", "kf": "kf", "komm.foretak": "kf", "sti": "foundation",
    "stif": "foundation", "stiftelse": "foundation", "bok": "housing_office", "bk": "housing_office",
    "boligk": "housing_office", "boligkontor": "housing_office", "sos": "social", "sosial": "social",
    "oms": "health_care", "omsorg": "health_care", "h&o": "health_care", "nav": "nav", "adm": "admin",
    "adm.ledelse": "admin", "adm.leder": "admin", "rådm": "admin", "team": "team", "serv": "service",
    "service": "service", "servicekontor": "service", "utvalg": "forum", "an": "other", "ann": "other",
    "annet": "other", "andre": "other",
}
_SPLIT = re.compile(r"\s*[+/,;|]\s*")


def parse_units(cell: object) -> frozenset[str]:
    """Return the unit types named in a survey cell.

    Tokens are separated by ``+``, ``/``, ``,``, ``;`` or ``|``; each is a
    unit-type code (:data:`orggraph.core.vocabulary.UNIT_TYPES`) or one of the
    report's abbreviations and common spellings (:data:`ABBREVIATIONS`), case
    ignored.

    Parameters
    ----------
    cell : object
        The cell: text, None or NaN (an empty cell).

    Returns
    -------
    frozenset of str
        The unit-type codes named (empty for an empty cell).

    Raises
    ------
    ValueError
        If a token is neither a unit-type code nor a known abbreviation.

    Examples
    --------
    >>> sorted(parse_units("Team / B&E / Sos"))
    ['be', 'social', 'team']
    >>> sorted(parse_units("housing_office+nav"))
    ['housing_office', 'nav']
    >>> parse_units(None)
    frozenset()
    """
    if cell is None or (isinstance(cell, float) and pd.isna(cell)):
        return frozenset()
    out = set()
    for token in _SPLIT.split(str(cell).strip()):
        t = token.strip().casefold()
        if not t:
            continue
        if t in voc.UNIT_TYPES:
            out.add(t)
        elif t in ABBREVIATIONS:
            out.add(ABBREVIATIONS[t])
        else:
            msg = f"unknown unit type `{token}`"
            raise ValueError(msg)
    return frozenset(out)


def read_survey(path: str | os.PathLike) -> pd.DataFrame:
    """Read a survey-format CSV or XLSX file into a DataFrame, checking every cell.

    Task cells are normalised to sorted codes joined with ``+``. Raises
    :class:`orggraph.ValidationError` listing every problem with file, row and
    column. The separator of a CSV file (``,``, ``;`` or tab) is taken from its
    header line; every cell is read as text and then typed by :func:`normalise`.
    A repeated column, a population that is not a finite number and an id
    that is not a plain code are refused before that.

    Parameters
    ----------
    path : str or os.PathLike
        A ``.xlsx`` file, or a CSV file (any other extension).

    Returns
    -------
    pandas.DataFrame
        One row per municipality, with a default integer index, as
        :func:`normalise` returns it.

    Raises
    ------
    TypeError
        If `path` is not a path.
    ValidationError
        If the file cannot be read, or listing every problem found in it
        (row numbers count the header as row 1).

    See Also
    --------
    to_graphs : Recode the rows into graphs.
    tabulate : The report's layouts.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "survey.csv"
    >>> _ = path.write_text("Municipality_ID;size_class;population;allocate_dwelling\\n"
    ...                     "a;small;2 500;Team / B&E\\nb;large;40000;Sos\\n")
    >>> frame = read_survey(path)
    >>> frame["allocate_dwelling"].tolist(), frame["population"].tolist()
    (['be+team', 'social'], [2500.0, 40000.0])
    """

    if not isinstance(path, str | os.PathLike):
        msg = f"`path` must be a path (str or os.PathLike), not {type(path).__name__}"
        raise TypeError(msg)
    path = Path(path)
    try:
        data = read_input(path)
        if path.suffix.casefold() == ".xlsx":
            frame = pd.read_excel(io.BytesIO(data), dtype=str, keep_default_na=False)
        else:
            text = decode_input(data)
            first = text.split("\n", 1)[0]
            sep = max((";", ",", "\t"), key=first.count)
            frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    except (ValueError, OSError, pd.errors.ParserError) as err:
        raise ValidationError([Problem(str(path), "survey", None, None, f"cannot be read: {err}")]) from None
    return normalise(_checked_input(frame, str(path)), file=str(path))


def _checked_input(frame: pd.DataFrame, file: str) -> pd.DataFrame:
    """Refuse what the survey reader must not guess at: repeated headers, non-finite
    populations, ids that are not plain codes (ids are NFC-normalised first).

    Vectorised: a cell is looked at one by one only when a whole-column test
    cannot clear it (a leading ``'``, an id that is not plain lowercase ASCII,
    a population that is not plain digits), each distinct value once.
    """
    from orggraph.core.schema import TABLES

    problems = []
    names = ["_".join(str(c).strip().casefold().split()) for c in frame.columns]
    mangled = [re.sub(r"\.\d+$", "", n) if re.sub(r"\.\d+$", "", n) in names else n for n in names]
    for name, count in sorted(Counter(mangled).items()):
        if count > 1:
            problems.append(Problem(file, "survey", 1, name, f"the column appears {count} times in the header"))
    frame = frame.copy(deep=False)  # columns are replaced, never changed in place
    for col in frame.columns:  # undo the formula escape of orggraph's own writers (only cells starting with ')
        escaped = _where(frame[col].str.startswith("'") if _is_text(frame[col]) else None)
        if len(escaped):
            frame[col] = _replaced(frame[col], escaped, [plain_text(v) for v in frame[col].iloc[escaped]])
    pattern = next(c.pattern for c in TABLES["municipalities"] if c.name == "municipality_id" and c.pattern)
    for col, name in zip(frame.columns, names, strict=True):
        if name == "municipality_id" and not problems:
            plain = frame[col].str.fullmatch("[a-z0-9_]+") if pattern == _PLAIN_ID and _is_text(frame[col]) \
                else None  # plain lowercase ASCII: NFC leaves it alone and it matches
            other = _where(None if plain is None else ~plain.fillna(False).astype(bool), everything=len(frame))
            values = [unicodedata.normalize("NFC", v) if isinstance(v, str) else v for v in frame[col].iloc[other]]
            if len(other):
                frame[col] = _replaced(frame[col], other, values)
            for i, value in zip(other.tolist(), values, strict=True):
                if isinstance(value, str) and value.strip() and not re.match(pattern, value.strip()):
                    problems.append(Problem(file, "survey", i + 2, name,
                                            f"`{value}` does not match the pattern {pattern}"))
        if name == "population" and not problems:
            codes, uniques = pd.factorize(frame[col], use_na_sentinel=False)
            plain_at = _where(pd.Series(uniques).str.fullmatch(_PLAIN_NUMBER) if _is_text(frame[col]) else None)
            infinite = []
            for k in np.setdiff1d(np.arange(len(uniques)), plain_at):  # plain digits are always finite
                text = re.sub(r"[\s\xa0]", "", str(uniques[k]))
                with contextlib.suppress(ValueError):
                    if not math.isfinite(float(text)):
                        infinite.append(k)
            for i in np.flatnonzero(np.isin(codes, infinite)):
                problems.append(Problem(file, "survey", int(i) + 2, name,
                                        f"expected a finite number, got `{uniques[codes[i]]}`"))
    if problems:
        raise ValidationError(problems)
    return frame


_PLAIN_ID = r"^[a-z0-9_]+$"
_PLAIN_NUMBER = r"[0-9]{1,300}(\.[0-9]{0,300})?"  # fewer than 301 digits before the point: finite


def _is_text(column: pd.Series) -> bool:
    return column.dtype == object or pd.api.types.is_string_dtype(column.dtype)


def _where(mask: pd.Series | None, *, everything: int = 0) -> np.ndarray:
    """Positions where a text test is true (non-text cells count as false); `everything` rows when no test."""
    if mask is None:
        return np.arange(everything)
    return np.flatnonzero(mask.fillna(False).astype(bool).to_numpy())


def _replaced(column: pd.Series, at: np.ndarray, values: list) -> pd.Series:
    out = column.astype(object).to_numpy(copy=True)
    out[at] = values
    return pd.Series(out, index=column.index, name=column.name, dtype=column.dtype if _is_text(column) else object)


def normalise(frame: pd.DataFrame, *, file: str = "<frame>") -> pd.DataFrame:
    """Return `frame` with clean headers, task cells as sorted ``+``-joined codes, typed attributes.

    Task columns come back categorical (one category per distinct cell);
    ``population`` as float, ``nav_established`` as bool. Each distinct cell
    value is parsed once, so normalising a normalised frame is cheap.

    Headers are lower-cased with spaces as ``_``, and blank or ``Unnamed:``
    columns dropped. Every column must be an attribute
    (:data:`ATTRIBUTE_COLUMNS`) or a task code; ``size_class`` one of
    :data:`SIZE_CLASSES`; ``municipality_id`` present and unique.

    Parameters
    ----------
    frame : pandas.DataFrame
        Survey rows, one per municipality.
    file : str, default "<frame>"
        The name to report in problems.

    Returns
    -------
    pandas.DataFrame
        A new frame (`frame` is not changed) with a default integer index.

    Raises
    ------
    ValidationError
        Listing every problem found (row numbers count a header as row 1).

    Examples
    --------
    >>> import pandas as pd
    >>> frame = normalise(pd.DataFrame({"Municipality ID": ["a", "b"],
    ...                                 "allocate_dwelling": ["Team / B&E", "sos"]}))
    >>> list(frame.columns), frame["allocate_dwelling"].tolist()
    (['municipality_id', 'allocate_dwelling'], ['be+team', 'social'])
    """
    frame = frame.rename(columns=lambda c: "_".join(str(c).strip().casefold().split()))
    frame = frame.loc[:, [c for c in frame.columns if c and not c.startswith("unnamed:")]]
    problems = []
    for col in frame.columns:
        if col not in ATTRIBUTE_COLUMNS and col not in voc.TASKS:
            problems.append(Problem(file, "survey", None, col, "unknown column: not an attribute or a task code"))
    if "municipality_id" not in frame.columns:
        problems.append(Problem(file, "survey", None, "municipality_id", "required column is missing"))
    out = frame.copy()
    for col in [c for c in frame.columns if c in voc.TASKS]:
        # each distinct cell value is parsed once; the rows holding a bad one are all reported
        codes, uniques = _distinct(frame[col])
        clean, bad = [], []
        for k, value in enumerate(uniques):
            try:
                clean.append("+".join(sorted(parse_units(value))))
            except ValueError as err:
                bad += [(int(i), str(err)) for i in np.flatnonzero(codes == k)]
                clean.append("")
        problems += [Problem(file, "survey", i + 2, col, why) for i, why in sorted(bad)]
        categories = list(dict.fromkeys([*clean, ""]))
        where = {c: i for i, c in enumerate(categories)}
        lookup = np.array([where[c] for c in [*clean, ""]], dtype=np.int64)  # code -1 (missing) -> ""
        # pandas takes any list-like as categories; pandas-stubs wrongly accepts only an Index
        out[col] = pd.Categorical.from_codes(lookup[codes], categories=categories)  # type: ignore[call-overload]
    if "size_class" in frame.columns:
        value = frame["size_class"]
        for i in np.flatnonzero((~value.isin(SIZE_CLASSES) & value.notna() & value.ne("")).to_numpy()):
            problems.append(Problem(file, "survey", int(i) + 2, "size_class",
                                    f"unknown size class `{value.iloc[i]}`; use one of {', '.join(SIZE_CLASSES)}"))
    if "population" in frame.columns:
        value = frame["population"]
        if pd.api.types.is_float_dtype(value.dtype) or pd.api.types.is_integer_dtype(value.dtype):
            out["population"] = value.to_numpy(dtype=float, na_value=np.nan)  # already numbers: kept as they are
        else:
            pop_codes, pop_values = pd.factorize(value, use_na_sentinel=True)
            plain = np.zeros(len(pop_values), dtype=bool)  # plain digits: no spaces to take out
            plain[_where(pd.Series(pop_values).str.fullmatch(_PLAIN_NUMBER) if _is_text(value) else None)] = True
            text = pd.Series([v if plain[k] else re.sub(r"[\s\xa0]", "", str(v))
                              for k, v in enumerate(pop_values.tolist())], dtype=object)
            number = pd.to_numeric(text.where(text.ne(""), None), errors="coerce").to_numpy(dtype=float)
            bad_rows = np.flatnonzero(np.isin(pop_codes, np.flatnonzero(np.isnan(number) & text.ne("").to_numpy())))
            problems += [Problem(file, "survey", int(i) + 2, "population", "expected a number") for i in bad_rows]
            out["population"] = np.append(number, np.nan)[pop_codes]
    if "municipality_id" in frame.columns:
        for i in np.flatnonzero(frame["municipality_id"].duplicated().to_numpy()):
            problems.append(Problem(file, "survey", int(i) + 2, "municipality_id", "duplicate id"))
    if problems:
        raise ValidationError(problems)
    if "nav_established" in out.columns and out["nav_established"].dtype != bool:
        nav_codes, nav_values = pd.factorize(out["nav_established"], use_na_sentinel=False)
        yes = np.array([str(v).strip().casefold() in ("true", "1", "ja", "yes") for v in nav_values], dtype=bool)
        out["nav_established"] = yes[nav_codes]
    return out.reset_index(drop=True)


def task_columns(frame: pd.DataFrame) -> list[str]:
    """Return the task columns of a survey frame, in vocabulary order.

    Parameters
    ----------
    frame : pandas.DataFrame
        A survey frame with normalised headers (see :func:`normalise`).

    Returns
    -------
    list of str
        The columns that are task codes, in the order of
        :data:`orggraph.core.vocabulary.TASKS`.

    Examples
    --------
    >>> import pandas as pd
    >>> task_columns(pd.DataFrame(columns=["municipality_id", "allocate_dwelling", "provide_dwellings"]))
    ['provide_dwellings', 'allocate_dwelling']
    """
    return [t for t in voc.TASKS if t in frame.columns]


def to_graphs(frame: pd.DataFrame) -> dict[str, Municipality]:
    """Recode survey rows into organisation graphs at the unit-type level.

    Each unit type named in a row becomes one unit (``unit_id`` = the type
    code); it holds a task in role ``decides`` when it is the only type named
    for that task and ``participates`` when several are named.

    Parameters
    ----------
    frame : pandas.DataFrame
        Survey rows (normalised here with :func:`normalise`).

    Returns
    -------
    dict of str to Municipality
        ``municipality_id`` → organisation graph, in row order. The graph
        attributes are ``municipality_id``, ``name`` (the id when empty),
        ``population_2007``, ``nav_established``, ``size_class`` and ``source``
        (``"survey"``); units carry the type's Norwegian and English labels as
        names. The graphs have no coordination ties (the survey has none).

    Raises
    ------
    ValidationError
        If `frame` does not pass :func:`normalise`.

    Examples
    --------
    >>> import pandas as pd
    >>> graphs = to_graphs(pd.DataFrame({"municipality_id": ["a", "b"],
    ...                                  "allocate_dwelling": ["team+be", "Sos"]}))
    >>> sorted(graphs["a"].edges("team", keys=True))
    [('team', 'allocate_dwelling', 'participates')]
    >>> sorted(graphs["b"].edges("social", keys=True))
    [('social', 'allocate_dwelling', 'decides')]
    """
    frame = normalise(frame)
    tasks = task_columns(frame)
    graphs: dict[str, Municipality] = {}
    for rec in frame.to_dict("records"):
        mid = str(rec["municipality_id"])
        attrs: dict[str, Any] = {"municipality_id": mid, "name": rec.get("name") or mid,
                 "population_2007": _int_or_none(rec.get("population")),
                 "nav_established": bool(rec.get("nav_established", False)),
                 "size_class": rec.get("size_class") or None, "source": "survey"}
        G = Municipality(**{k: v for k, v in attrs.items() if v is not None})  # a graph carries no None
        for t in tasks:
            types = [u for u in str(rec[t]).split("+") if u]
            for u in types:
                if u not in G:
                    ut = voc.UNIT_TYPES[u]
                    G.add_node(u, kind="unit", bipartite=0, unit_id=u, name=ut.no, name_en=ut.en, unit_type=u,
                               sector=ut.sector, level=ut.default_level, source="survey", quote="", note="")
                if t not in G:
                    task = voc.TASKS[t]
                    G.add_node(t, kind="task", bipartite=1, task=t, label=task.en, label_no=task.no,
                               instrument=task.instrument, level=task.level)
                role = "decides" if len(types) == 1 else "participates"
                G.add_edge(u, t, key=role, relation="responsibility", role=role, source="survey", quote="",
                           note="")
        graphs[mid] = G
    return graphs


def _int_or_none(value: float | str | None) -> int | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return None
    return int(float(value))


def _holders(G: nx.Graph, task: str) -> frozenset[str]:
    return frozenset(G.nodes[u]["unit_type"] for u, t, _ in responsibility_edges(G) if t == task)


def tabulate(graphs: Mapping[str, nx.Graph] | Iterable[nx.Graph] | pd.DataFrame, layout: str = "alone_participates", *,
             task: str = "allocate_dwelling", tasks: Iterable[str] | None = None,
             by: str = "size_class") -> pd.DataFrame:
    """Tabulate graphs in the report's layouts.

    Parameters
    ----------
    graphs : mapping of str to networkx.Graph, iterable of networkx.Graph, or pandas.DataFrame
        Organisation graphs (survey-recoded or case graphs: unit types are read
        from the units), or a survey-format frame, tabulated directly from its
        cells with the same result as from ``to_graphs(frame)``.
    layout : {"alone_participates", "tasks", "crosstab"}, default "alone_participates"
        ``"alone_participates"`` (default; Tables 4.1–4.3): for `task`, the
        percentage of municipalities where each unit type holds it alone and
        where it participates (with others), by `by` (size class) with an
        ``all`` column. ``"tasks"`` (Table 3.1 layout): the same percentages,
        one column per task of `tasks` (default: the tasks present).
        ``"crosstab"`` (Table 3.2): counts of municipalities by the unit
        type(s) that allocate dwellings (rows) and build/buy (columns), with
        ``Sum`` row and column; a builder combination of several types is
        ``other_combinations``, none ``other_unknown``.
    task : str, default "allocate_dwelling"
        The task code of the ``"alone_participates"`` layout.
    tasks : iterable of str, optional
        The task codes (columns) of the ``"tasks"`` layout; default every task
        some graph (or column) holds.
    by : str, default "size_class"
        The graph attribute (or column) that groups municipalities in the
        ``"alone_participates"`` layout: one column per value of
        :data:`SIZE_CLASSES` that occurs, in that order (other values get no
        column of their own, but count in ``all``).

    Returns
    -------
    pandas.DataFrame
        Percentages (rounded to one decimal) or counts, ready to print. The
        first two layouts have a (``unit_type``, ``measure``) index, ``measure``
        being ``alone`` or ``participates``, with one row per unit type of the
        vocabulary; ``"alone_participates"`` adds a row ``("n", "")`` with the
        number of municipalities per column. ``"crosstab"`` has the allocating
        types as index (``allocate``) and the building types as columns (``build``).

    Raises
    ------
    ValueError
        If `layout` is not one of the three; `task` or one of `tasks` is not a task code; there is no
        municipality; or, for ``"alone_participates"``, no municipality has `by` (each would otherwise
        give a table of zeros).
    ValidationError
        If `graphs` is a frame that does not pass :func:`normalise`.

    See Also
    --------
    bootstrap_share : A confidence interval for one of the shares.

    Notes
    -----
    For a group :math:`G` of municipalities (a size class, or all), a unit
    type :math:`u` and a task :math:`t`, the ``alone`` and ``participates``
    cells are

    .. math::

        100 \\cdot \\frac{|\\{m \\in G : H_t(m) = \\{u\\}\\}|}{|G|}, \\qquad
        100 \\cdot \\frac{|\\{m \\in G : u \\in H_t(m),\\ |H_t(m)| > 1\\}|}{|G|},

    where :math:`H_t(m)` is the set of unit types holding :math:`t` in
    municipality :math:`m`. The layouts are the report's [1]_: Table 3.1
    (introduced at line 1480 of its text), Table 3.2 (the crosstab, caption at
    line 1957) and Tables 4.1–4.3 (captions at lines 2615, 2684 and 2751). An
    empty group counts as :math:`|G| = 1`, so its cells are 0.

    References
    ----------
    .. [1] Langsether, Å., Hansen, T., & Sørvoll, J. (2008). *Fragmentert og koordinert.
       Organisering av boligsosialt arbeid i norske kommuner*. NOVA Rapport 18/2008. Oslo: NOVA.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"municipality_id": ["a", "b"], "size_class": ["small", "large"],
    ...                       "provide_dwellings": ["be", "kf"], "allocate_dwelling": ["team+be", "Sos"]})
    >>> tabulate(frame).loc[["team", "social", "n"]]  # doctest: +NORMALIZE_WHITESPACE
                            small  large   all
    unit_type measure
    team      alone           0.0    0.0   0.0
              participates  100.0    0.0  50.0
    social    alone           0.0  100.0  50.0
              participates    0.0    0.0   0.0
    n                         1.0    1.0   2.0
    >>> tabulate(to_graphs(frame), "crosstab")  # doctest: +NORMALIZE_WHITESPACE
    build     be  kf  Sum
    allocate
    be+team    1   0    1
    social     0   1    1
    Sum        1   1    2
    """
    if layout not in ("alone_participates", "tasks", "crosstab"):
        msg = f"unknown layout `{layout}`; use alone_participates, tasks or crosstab"
        raise ValueError(msg)
    for code in [task, *(tasks or [])]:
        if code not in voc.TASKS:
            hint = voc.suggest("tasks", str(code))
            msg = f"unknown task `{code}`" + (f"; did you mean `{hint}`?" if hint else "")
            raise ValueError(msg)
    if isinstance(graphs, pd.DataFrame):
        frame = normalise(graphs)
        _need_rows_and_group(len(frame), by in frame.columns, layout=layout, by=by)
        return _tabulate_frame(frame, layout, task=task, tasks=tasks, by=by)
    gs = list(graphs.values()) if isinstance(graphs, Mapping) else list(graphs)
    _need_rows_and_group(len(gs), any(by in G.graph for G in gs), layout=layout, by=by)
    if layout == "alone_participates":
        groups: dict[str, list[nx.Graph]] = {"all": gs}
        classes = [c for c in SIZE_CLASSES if any(G.graph.get(by) == c for G in gs)]
        for c in classes:
            groups[c] = [G for G in gs if G.graph.get(by) == c]
        cols = {name: _alone_participates(members, task) for name, members in groups.items()}
        frame = pd.DataFrame(cols)[[*classes, "all"]]
        frame.loc[("n", ""), :] = [len(groups[c]) for c in [*classes, "all"]]
        return frame
    if layout == "tasks":
        present = tasks or [t for t in voc.TASKS if any(t in G for G in gs)]
        return pd.DataFrame({t: _alone_participates(gs, t) for t in present})
    if layout == "crosstab":
        rows = []
        for G in gs:
            alloc = "+".join(sorted(_holders(G, "allocate_dwelling"))) or "other_unknown"
            alloc = "other_unknown" if alloc == "other" else alloc  # "Annet/uoppgitt"
            build = _holders(G, "provide_dwellings")
            b = next(iter(build)) if len(build) == 1 else ("other_combinations" if build else "other_unknown")
            b = "other_unknown" if b == "other" else b  # the report's "Annet/uoppgitt" column
            rows.append((alloc, b))
        frame = pd.crosstab(pd.Series([r[0] for r in rows], name="allocate"),
                            pd.Series([r[1] for r in rows], name="build"), margins=True, margins_name="Sum")
        return frame
    msg = f"unknown layout `{layout}`"  # checked above
    raise AssertionError(msg)


def _need_rows_and_group(n: int, has_group: bool, *, layout: str, by: str) -> None:
    """Refuse what would otherwise tabulate to zeros: no municipality, or a grouping nobody has."""
    if n == 0:
        msg = "nothing to tabulate: no municipality was given"
        raise ValueError(msg)
    if layout == "alone_participates" and not has_group:
        msg = f"no municipality has `{by}` to group by (the survey's size class is `size_class`)"
        raise ValueError(msg)


def _distinct(column: pd.Series) -> tuple[np.ndarray, list]:
    """Row codes (-1: missing) and the distinct values of a column; a categorical column's own codes and categories."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy(dtype=np.int64), column.cat.categories.tolist()
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    return codes.astype(np.int64, copy=False), uniques.tolist()


def decode_cells(column: pd.Series) -> tuple[np.ndarray, list[tuple[str, ...]]]:
    """Decode a normalised task column: a code per row and the unit types each code stands for.

    Each distinct cell is decoded once (the cells are ``+``-joined unit-type
    codes, as :func:`normalise` writes them; a missing or empty cell names no
    unit). The one decoder of normalised cells: :func:`tabulate` and
    :func:`orggraph.analysis.batch.pack_survey` read the task columns through it.

    Parameters
    ----------
    column : pandas.Series
        A task column of a normalised survey frame (categorical, as
        :func:`normalise` returns it, or plain text cells).

    Returns
    -------
    codes : numpy.ndarray
        One integer per row: the position of its cell in `types`.
    types : list of tuple of str
        The unit types each code names, in the cell's order (empty: none).

    Raises
    ------
    ValueError
        A cell holds something other than unit-type codes (the frame was not normalised).

    Examples
    --------
    >>> codes, types = decode_cells(pd.Series(["be+team", "", "be+team", None], name="allocate_dwelling"))
    >>> codes.tolist(), types
    ([0, 1, 0, 2], [('be', 'team'), (), ()])
    """
    codes, uniques = _distinct(column)
    types: list[tuple[str, ...]] = []
    for cell in uniques:
        units = tuple(u for u in str(cell).split("+") if u)
        if any(u not in voc.UNIT_TYPES for u in units):
            msg = f"`{column.name}` holds `{cell}`, which is not a normalised cell; normalise first"
            raise ValueError(msg)
        types.append(units)
    if (codes < 0).any():  # missing cells name no unit
        codes = np.where(codes < 0, len(types), codes)
        types.append(())
    return codes, types


def _cell_types(frame: pd.DataFrame, task: str) -> tuple[np.ndarray, list[tuple[str, ...]]]:
    """Row codes of a normalised task column and the unit types of each code (no column: no unit)."""
    if task not in frame.columns:
        return np.zeros(len(frame), dtype=np.int64), [()]
    return decode_cells(frame[task])


@functools.cache
def _measures() -> tuple[pd.MultiIndex, list[tuple[str, str]]]:
    """The rows of the alone/participates layout: every unit type, alone and participates."""
    keys = [(u, m) for u in voc.UNIT_TYPES for m in ("alone", "participates")]
    return pd.MultiIndex.from_tuples(keys, names=["unit_type", "measure"]), keys


def _shares(counts: dict[tuple[str, str], int], n: int) -> pd.Series:
    index, keys = _measures()
    return pd.Series([round(100 * counts.get(k, 0) / (n or 1), 1) for k in keys], index=index, dtype=float)


def _shares_frame(codes: np.ndarray, types: list[tuple[str, ...]], rows: np.ndarray) -> pd.Series:
    per_code = np.bincount(codes[rows], minlength=len(types))
    counts: dict[tuple[str, str], int] = {}
    for k, us in enumerate(types):
        measure = "alone" if len(us) == 1 else "participates"
        for u in us:
            counts[(u, measure)] = counts.get((u, measure), 0) + int(per_code[k])
    return _shares(counts, len(rows))


def _tabulate_frame(frame: pd.DataFrame, layout: str, *, task: str, tasks: Iterable[str] | None,
                    by: str) -> pd.DataFrame:
    everyone = np.arange(len(frame))
    if layout == "alone_participates":
        group, where = np.full(len(frame), -1), {}
        if by in frame.columns:
            group, values = pd.factorize(frame[by])
            where = {v: k for k, v in enumerate(values.tolist())}
        classes = [c for c in SIZE_CLASSES if c in where]
        members = {"all": everyone, **{c: np.flatnonzero(group == where[c]) for c in classes}}
        codes, types = _cell_types(frame, task)
        table = pd.DataFrame({name: _shares_frame(codes, types, rows) for name, rows in members.items()})
        table = table[[*classes, "all"]]
        table.loc[("n", ""), :] = [len(members[c]) for c in [*classes, "all"]]
        return table
    if layout == "tasks":
        present = tasks or [t for t in voc.TASKS if t in frame.columns and frame[t].astype(str).ne("").any()]
        return pd.DataFrame({t: _shares_frame(*_cell_types(frame, t), everyone) for t in present})
    if layout == "crosstab":
        a_codes, a_types = _cell_types(frame, "allocate_dwelling")
        b_codes, b_types = _cell_types(frame, "provide_dwellings")
        alloc = ["+".join(sorted(us)) or "other_unknown" for us in a_types]
        alloc = ["other_unknown" if a == "other" else a for a in alloc]
        build = [us[0] if len(us) == 1 else ("other_combinations" if us else "other_unknown") for us in b_types]
        build = ["other_unknown" if b == "other" else b for b in build]
        return _crosstab(a_codes, alloc, b_codes, build)
    msg = f"unknown layout `{layout}`; use alone_participates, tasks or crosstab"
    raise ValueError(msg)


def _crosstab(a_codes: np.ndarray, alloc: list[str], b_codes: np.ndarray, build: list[str]) -> pd.DataFrame:
    """``pd.crosstab(allocate, build, margins=True, margins_name="Sum")`` of the rows' labels, counted per code."""
    if not len(a_codes):
        return pd.crosstab(pd.Series([], dtype=object, name="allocate"), pd.Series([], dtype=object, name="build"),
                           margins=True, margins_name="Sum")
    rows = sorted({alloc[k] for k in np.unique(a_codes)})
    cols = sorted({build[k] for k in np.unique(b_codes)})
    row_of = np.array([rows.index(a) if a in rows else -1 for a in alloc])[a_codes]
    col_of = np.array([cols.index(b) if b in cols else -1 for b in build])[b_codes]
    counts = np.bincount(row_of * len(cols) + col_of, minlength=len(rows) * len(cols)).reshape(len(rows), len(cols))
    table = np.zeros((len(rows) + 1, len(cols) + 1), dtype=np.int64)
    table[:-1, :-1] = counts
    table[-1, :-1], table[:-1, -1], table[-1, -1] = counts.sum(axis=0), counts.sum(axis=1), counts.sum()
    return pd.DataFrame(table, index=pd.Index([*rows, "Sum"], name="allocate"),
                        columns=pd.Index([*cols, "Sum"], name="build"))


def _alone_participates(gs: list[nx.Graph], task: str) -> pd.Series:
    counts: dict[tuple[str, str], int] = {}
    for G in gs:
        holders = _holders(G, task)
        measure = "alone" if len(holders) == 1 else "participates"
        for u in holders:
            counts[(u, measure)] = counts.get((u, measure), 0) + 1
    return _shares(counts, len(gs))


def bootstrap_share(graphs: Mapping[str, nx.Graph] | Iterable[nx.Graph], *, task: str, unit_type: str,
                    measure: str = "alone", confidence: float = 0.95, n_resamples: int = 2000,
                    seed: int = 0) -> dict[str, float]:
    """Return a national share with a bootstrap confidence interval (scipy.stats.bootstrap, BCa).

    The share is the percentage of municipalities where `unit_type` holds
    `task` alone (``measure="alone"``) or together with others
    (``"participates"``), as in :func:`tabulate`.

    Parameters
    ----------
    graphs : mapping of str to networkx.Graph, or iterable of networkx.Graph
        Organisation graphs (survey-recoded or case graphs), one per municipality.
    task : str
        The task code.
    unit_type : str
        The unit-type code.
    measure : {"alone", "participates"}, default "alone"
        Whether the type holds the task alone or with others.
    confidence : float, default 0.95
        The confidence level of the interval.
    n_resamples : int, default 2000
        The number of bootstrap resamples.
    seed : int, default 0
        Seed of the random generator: the same seed gives the same interval.

    Returns
    -------
    dict
        ``estimate``, ``low``, ``high`` (percent) and ``n`` (the number of
        municipalities). When all municipalities agree (every one a hit, or
        none) or there are fewer than two, the interval is the estimate itself
        (NaN for none).

    Notes
    -----
    With :math:`x_i = 1` where the municipality counts and 0 otherwise, the
    estimate is :math:`100\\,\\bar{x}`; the interval is the bias-corrected and
    accelerated (BCa) bootstrap interval of the mean [1]_, computed by
    :func:`scipy.stats.bootstrap`.

    References
    ----------
    .. [1] Efron, B. (1987). Better bootstrap confidence intervals. *Journal of the American
       Statistical Association* 82(397), 171–185. https://doi.org/10.1080/01621459.1987.10478410

    Raises
    ------
    ValueError
        If `measure` is neither ``"alone"`` nor ``"participates"``, or `task` or `unit_type` is not a
        code of the vocabulary (a mistyped code would otherwise give a share of 0).

    Examples
    --------
    >>> from orggraph.replication.synthetic import population
    >>> ci = bootstrap_share(to_graphs(population(300, seed=2)), task="allocate_dwelling", unit_type="team")
    >>> ci["low"] <= ci["estimate"] <= ci["high"]
    True
    >>> round(ci["estimate"], 1), ci["n"]
    (18.7, 300)
    """
    from scipy import stats

    if measure not in ("alone", "participates"):
        msg = f"unknown measure `{measure}`; use alone or participates"
        raise ValueError(msg)
    for vocabulary, code in (("tasks", task), ("unit_types", unit_type)):
        if code not in voc.codes(vocabulary):
            hint = voc.suggest(vocabulary, str(code))
            what = vocabulary[:-1].replace("_", " ")
            msg = f"unknown {what} `{code}`" + (f"; did you mean `{hint}`?" if hint else "")
            raise ValueError(msg)
    gs = list(graphs.values()) if isinstance(graphs, Mapping) else list(graphs)
    hits = []
    for G in gs:
        holders = _holders(G, task)
        alone = len(holders) == 1
        hits.append(unit_type in holders and (alone if measure == "alone" else not alone))
    data = np.asarray(hits, dtype=float)
    estimate = 100 * float(data.mean()) if len(data) else float("nan")
    if len(data) < 2 or data.min() == data.max():
        return {"estimate": estimate, "low": estimate, "high": estimate, "n": len(data)}
    res = stats.bootstrap((data,), np.mean, confidence_level=confidence, n_resamples=n_resamples,
                          method="BCa", random_state=np.random.default_rng(seed))
    return {"estimate": estimate, "low": 100 * float(res.confidence_interval.low),
            "high": 100 * float(res.confidence_interval.high), "n": len(data)}
