"""Regenerate the report's case tables (Tables 3.3 and 3.5) from graphs.

Table 3.3 of the report gives, for each case municipality, the units that
provide and manage dwellings, allocate dwellings, handle economic support and
allocate follow-up; Table 3.5 the units that plan and lead, build or buy,
allocate dwellings and allocate start loans. :func:`case_table` computes the
same tables from organisation graphs, in the report's notation, and
:func:`compare_published` compares them cell by cell with the transcription of
the printed tables in ``datasets/nova2008/published_tables.csv``.

Reading of a printed cell: the separators ``+``, ``/`` and ``,`` all mean
"together"; ``M.fl.`` ("and others") adds no unit; ``**`` marks that care
housing (allocation column) or the housing allowance (economic-support column)
is handled elsewhere (regenerated where the graph gives that task to another
unit, or where the graph attribute ``care_housing_elsewhere`` /
``allowance_elsewhere`` records the mark because the report names no unit);
``BkSos`` and ``Sos(Bk)`` are a housing office inside the social or health
sector. A cell matches when its set of unit types equals the
types of the units that hold the column's tasks, where a unit that is part of
another may appear under its own type, under its parent's type, or as the
compound (``BkSos``).

This module belongs to the replication layer (:mod:`orggraph.replication`):
it reads graphs of the data-model layer through
:func:`orggraph.core.graph.responsibility_edges` and
:func:`orggraph.core.graph.coordination_edges` and writes the cells in the
abbreviations of :mod:`orggraph.core.vocabulary`. It reads no file; the
command line (``orggraph tables``) passes it the bundled transcription.

Examples
--------
>>> import orggraph
>>> graphs = orggraph.load_dataset("nova2008")
>>> case_table({"porsgrunn": graphs["porsgrunn"]}, "3.5").loc["porsgrunn", "lead"]
'Bk'
>>> types, excepted = parse_cell("Team+Bk**")
>>> sorted(types), excepted
(['housing_office', 'team'], True)
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Hashable, Mapping
from typing import Any

import networkx as nx
import pandas as pd

from orggraph.core import vocabulary as voc
from orggraph.core.graph import coordination_edges, display_name, keyed_graphs, responsibility_edges

__all__ = ["COLUMNS", "case_table", "compare_published", "parse_cell"]

#: Table → column → tasks whose holders fill the column.
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "3.3": {
        "provide_manage": ("provide_dwellings", "manage_dwellings"),
        "allocate_dwelling": ("allocate_dwelling",),
        "economic_support": ("allocate_start_loan",),
        "allocate_follow_up": ("allocate_follow_up",),
    },
    "3.5": {
        "lead": ("lead",),
        "provide_dwellings": ("provide_dwellings",),
        "allocate_dwelling": ("allocate_dwelling",),
        "allocate_start_loan": ("allocate_start_loan",),
    },
}
#: Column → the task whose separate holder the ``**`` mark flags (Table 3.3 only).
_EXCEPTION = {"allocate_dwelling": "allocate_care_housing", "economic_support": "process_allowance"}
#: Column → the graph attribute that records the report's mark where the other unit is unnamed.
_MARK = {"allocate_dwelling": "care_housing_elsewhere", "economic_support": "allowance_elsewhere"}

_TOKENS = {
    "b&e": "be", "rådm": "admin", "rådmann": "admin", "adm": "admin", "team": "team",
    "sos": "social", "sosial": "social", "h&o": "health_care", "omsorg": "health_care",
    "oms": "health_care", "rus": "health_care", "psyk": "health_care",
    "adv.psyk.helse": "health_care", "nav": "nav", "bk": "housing_office",
    "boligk": "housing_office", "bksos": "housing_office@social",
    "service": "service", "serv": "service", "kf": "kf", "stiftelse": "foundation",
    "utvalg": "forum", "boligutvalg": "team", "boligråd": "forum",
}
_ABBREV = {code: t.abbrev for code, t in voc.UNIT_TYPES.items()}
_ORDER = list(voc.UNIT_TYPES)


def parse_cell(text: str) -> tuple[frozenset[str], bool]:
    """Return the unit types of a printed cell and whether it carries ``**``.

    The separators ``+``, ``/`` and ``,`` all mean "together"; ``M.fl.``
    adds no unit; ``Sos(Bk)`` and ``BkSos`` are a housing office inside the
    social or health sector (``"housing_office@social"``); case and a trailing full
    stop are ignored.

    Parameters
    ----------
    text : str
        The cell as printed in Table 3.3 or 3.5 (``"Team+Bk**"``).

    Returns
    -------
    types : frozenset of str
        The unit-type codes the cell names (empty for an empty cell).
    flagged : bool
        Whether the cell carries the ``*``/``**`` mark.

    Raises
    ------
    ValueError
        If a part of the cell is not an abbreviation the report uses.

    Examples
    --------
    >>> sorted(parse_cell("Sos(Bk)")[0])
    ['housing_office@social']
    >>> sorted(parse_cell("Rådm. M.fl.")[0])
    ['admin']
    """
    flag = "*" in text
    text = text.replace("*", "").strip()
    text = re.sub(r"(?i)m\.fl\.?", "", text)
    text = re.sub(r"(?i)sos\(bk\)", "bksos", text)
    types = set()
    for token in re.split(r"[+/,]", text):
        token = token.strip().rstrip(".").casefold()
        if not token:
            continue
        if token not in _TOKENS:
            msg = f"unknown abbreviation `{token}` in cell `{text}`"
            raise ValueError(msg)
        types.add(_TOKENS[token])
    return frozenset(types), flag


def _parents(G: nx.Graph) -> dict[Hashable, Hashable]:
    return {a: b for a, b, d in coordination_edges(G) if d["kind"] == "part_of"}


def _holders(G: nx.Graph, tasks: tuple[str, ...]) -> list[Hashable]:
    seen: dict[Hashable, None] = {}
    for unit, task, _ in responsibility_edges(G):
        if task in tasks:
            seen.setdefault(unit, None)
    return list(seen)


def _options(G: nx.Graph, unit: Hashable, parents: Mapping[Hashable, Hashable]) -> list[str]:
    own = G.nodes[unit]["unit_type"]
    parent = parents.get(unit)
    if parent is None:
        return [own]
    ptype = G.nodes[parent]["unit_type"]
    sector = voc.UNIT_TYPES[ptype].sector
    compound = f"{own}@social" if sector in ("social", "health_care") else None
    return [o for o in (own, compound, ptype) if o]


def _render(types: list[str]) -> str:
    parts = []
    for t in sorted(set(types), key=lambda c: _ORDER.index(c.split("@")[0])):
        parts.append("BkSos" if t == "housing_office@social" else _ABBREV[t])
    return "+".join(parts)


def _cell(G: nx.Graph, table: str, column: str) -> tuple[str, list[list[str]], bool]:
    parents = _parents(G)
    holders = _holders(G, COLUMNS[table][column])
    if table == "3.3" and column == "economic_support" and not holders:
        holders = _holders(G, ("process_allowance",))
    flag = False
    if table == "3.3" and column in _EXCEPTION:
        other = set(_holders(G, (_EXCEPTION[column],)))
        marked = G.graph.get(_MARK[column])
        flag = bool(marked) or (bool(other) and bool(holders) and not other <= set(holders))
    options = [_options(G, u, parents) for u in holders]
    text = _render([G.nodes[u]["unit_type"] for u in holders]) + ("**" if flag else "")
    return text, options, flag


def case_table(graphs: Mapping[str, nx.Graph], table: str = "3.3") -> pd.DataFrame:
    """Return Table 3.3 or 3.5 of the report computed from `graphs`.

    A cell lists the unit types of every unit that holds one of the
    column's tasks (:data:`COLUMNS`), in the order of the unit-type
    vocabulary; in Table 3.3, ``**`` marks care housing or the housing
    allowance handled by another unit, as in the report [1]_ (Table 3.3,
    caption at line 2085 of the report's text: «Fordeling av oppgaver på forskjellige
    forvaltningsorganer»; Table 3.5, caption at line 2231).

    Parameters
    ----------
    graphs : mapping of str to networkx.Graph
        ``municipality_id`` → organisation graph (or any collection
        :func:`orggraph.core.graph.keyed_graphs` accepts).
    table : {"3.3", "3.5"}, default "3.3"
        ``"3.3"`` (provide/manage, allocate dwelling, economic support, allocate
        follow-up, with a ``nav_established`` column) or ``"3.5"`` (plan and
        lead, build/buy, allocate dwelling, start loan).

    Returns
    -------
    pandas.DataFrame
        One row per municipality (indexed by municipality id, with its name first), cells in the report's
        abbreviations joined with ``+``; the columns are the keys of
        ``COLUMNS[table]`` (and ``nav_established``, a bool, for Table 3.3).

    Raises
    ------
    ValueError
        If `table` is neither ``"3.3"`` nor ``"3.5"``.
    TypeError, OrgGraphError
        If `graphs` is not a collection of graphs.

    See Also
    --------
    compare_published : Compare the cells with the printed tables.

    References
    ----------
    .. [1] Langsether, Å., Hansen, T., & Sørvoll, J. (2008). *Fragmentert og koordinert.
       Organisering av boligsosialt arbeid i norske kommuner*. NOVA Rapport 18/2008. Oslo: NOVA.

    Examples
    --------
    >>> import orggraph
    >>> graphs = orggraph.load_dataset("nova2008")
    >>> table = case_table(graphs, "3.3")
    >>> list(table.columns)
    ['name', 'provide_manage', 'allocate_dwelling', 'economic_support', 'allocate_follow_up', 'nav_established']
    >>> table[["name", "allocate_dwelling", "economic_support"]].head(3)  # doctest: +NORMALIZE_WHITESPACE
                          name allocate_dwelling economic_support
    municipality_id
    hamar                Hamar           B&E+NAV           Serv**
    haugesund        Haugesund            Team**      B&E+Bk+Team
    grimstad          Grimstad         Bk+Team**           Serv**
    """
    if table not in COLUMNS:
        msg = f"unknown table `{table}`; use one of {sorted(COLUMNS)}"
        raise ValueError(msg)
    graphs = keyed_graphs(graphs, caller="case_table")
    rows = {}
    for key, G in graphs.items():
        row: dict[str, str | bool] = {"name": display_name(G, str(key))}
        row.update({col: _cell(G, table, col)[0] for col in COLUMNS[table]})
        if table == "3.3":
            row["nav_established"] = bool(G.graph.get("nav_established"))
        rows[key] = row
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "municipality_id"
    return frame


def _matches(options: list[list[str]], published: frozenset[str]) -> bool:
    if not options:
        return not published
    return any(set(choice) == published for choice in itertools.product(*options))


def compare_published(graphs: Mapping[str, nx.Graph], published: pd.DataFrame) -> pd.DataFrame:
    """Compare the regenerated Tables 3.3 and 3.5 with the printed ones, cell by cell.

    A cell matches when the set of unit types printed equals the types of
    the units holding the column's tasks, where a unit that is part of
    another may count under its own type, its parent's type or as the
    compound (``BkSos``), and, in Table 3.3, the ``**`` marks agree. The
    ``nav_established`` column matches when the printed ``1)`` and the graph
    attribute agree. The printed tables are those of the report [1]_
    (Table 3.3 at line 2085 of its text, Table 3.5 at line 2231).

    Parameters
    ----------
    graphs : mapping of str to networkx.Graph
        ``municipality_id`` → organisation graph (or any collection
        :func:`orggraph.core.graph.keyed_graphs` accepts). Graphs are matched
        to the transcription by their ``name`` graph attribute.
    published : pandas.DataFrame
        The transcription: columns ``table`` (``Table 3.3``/``Table 3.5``),
        ``municipality`` (name), ``column``, ``published`` (the cell as printed).
        Rows of municipalities not in `graphs` are left out.

    Returns
    -------
    pandas.DataFrame
        One row per cell: ``table``, ``municipality``, ``column``,
        ``published``, ``regenerated``, ``match``.

    Raises
    ------
    ValueError
        If a printed cell holds an abbreviation :func:`parse_cell` does not know, or a row names a
        table or column that is not one of :data:`COLUMNS` (the message gives the row).
    TypeError, OrgGraphError
        If `graphs` is not a collection of graphs.

    See Also
    --------
    case_table : The regenerated tables.

    References
    ----------
    .. [1] Langsether, Å., Hansen, T., & Sørvoll, J. (2008). *Fragmentert og koordinert.
       Organisering av boligsosialt arbeid i norske kommuner*. NOVA Rapport 18/2008. Oslo: NOVA.

    Examples
    --------
    >>> import pandas as pd, orggraph
    >>> from orggraph.io.datasets import dataset_path
    >>> published = pd.read_csv(dataset_path("nova2008") / "published_tables.csv", dtype=str,
    ...                         keep_default_na=False)
    >>> cells = compare_published(orggraph.load_dataset("nova2008"), published)
    >>> cells[["municipality", "column", "published", "regenerated", "match"]].head(3)  # doctest: +NORMALIZE_WHITESPACE
      municipality             column  published regenerated  match
    0        Hamar     provide_manage        B&E         B&E   True
    1        Hamar  allocate_dwelling        NAV     B&E+NAV  False
    2        Hamar   economic_support  Service**      Serv**   True
    >>> int(cells.match.sum()), len(cells)
    (182, 198)
    """
    graphs = keyed_graphs(graphs, caller="compare_published")
    by_name = {G.graph.get("name"): G for G in graphs.values()}
    out = []
    rec: Any  # a row of `published`: its fields' types are known only at run time
    for row_no, rec in enumerate(published.itertuples(index=False), start=1):
        table = str(rec.table).removeprefix("Table ").strip()
        known = [*COLUMNS.get(table, ()), *(["nav_established"] if table == "3.3" else [])]
        if rec.column not in known:
            what = (f"column `{rec.column}` of Table {table}; expected one of {known}" if known
                    else f"table `{rec.table}`; expected one of {[f'Table {t}' for t in COLUMNS]}")
            msg = f"published row {row_no} ({rec.municipality}): unknown {what}"
            raise ValueError(msg)
        G = by_name.get(rec.municipality)
        if G is None:
            continue
        cell = "" if pd.isna(rec.published) else str(rec.published)
        if rec.column == "nav_established":
            regenerated = "1)" if G.graph.get("nav_established") else ""
            match = regenerated == cell
        else:
            regenerated, options, flag = _cell(G, table, rec.column)
            types, printed_flag = parse_cell(cell)
            match = _matches(options, types) and (table != "3.3" or flag == printed_flag)
        out.append({"table": rec.table, "municipality": rec.municipality, "column": rec.column,
                    "published": cell, "regenerated": regenerated, "match": bool(match)})
    return pd.DataFrame(out)
