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

Examples
--------
>>> import orggraph
>>> graphs = orggraph.load_dataset("nova2008")
>>> case_table({"porsgrunn": graphs["porsgrunn"]}, "3.5").loc["Porsgrunn", "lead"]
'Bk'
>>> types, excepted = parse_cell("Team+Bk**")
>>> sorted(types), excepted
(['housing_office', 'team'], True)
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping

import networkx as nx
import pandas as pd

from orggraph.core import vocabulary as voc
from orggraph.core.graph import coordination_edges, keyed_graphs, responsibility_edges

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


def _parents(G: nx.Graph) -> dict[str, str]:
    return {a: b for a, b, d in coordination_edges(G) if d["kind"] == "part_of"}


def _holders(G: nx.Graph, tasks: tuple[str, ...]) -> list[str]:
    seen: dict[str, None] = {}
    for unit, task, _ in responsibility_edges(G):
        if task in tasks:
            seen.setdefault(unit, None)
    return list(seen)


def _options(G: nx.Graph, unit: str, parents: Mapping[str, str]) -> list[str]:
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

    Parameters
    ----------
    graphs
        ``municipality_id`` → organisation graph.
    table
        ``"3.3"`` (provide/manage, allocate dwelling, economic support, allocate
        follow-up, with a ``nav_established`` column) or ``"3.5"`` (plan and
        lead, build/buy, allocate dwelling, start loan).

    Returns
    -------
    pandas.DataFrame
        One row per municipality (indexed by name), cells in the report's
        abbreviations joined with ``+``.
    """
    if table not in COLUMNS:
        msg = f"unknown table `{table}`; use one of {sorted(COLUMNS)}"
        raise ValueError(msg)
    graphs = keyed_graphs(graphs, caller="case_table")
    rows = {}
    for G in graphs.values():
        row = {col: _cell(G, table, col)[0] for col in COLUMNS[table]}
        if table == "3.3":
            row["nav_established"] = bool(G.graph.get("nav_established"))
        rows[G.graph.get("name")] = row
    return pd.DataFrame.from_dict(rows, orient="index")


def _matches(options: list[list[str]], published: frozenset[str]) -> bool:
    if not options:
        return not published
    return any(set(choice) == published for choice in itertools.product(*options))


def compare_published(graphs: Mapping[str, nx.Graph], published: pd.DataFrame) -> pd.DataFrame:
    """Compare the regenerated Tables 3.3 and 3.5 with the printed ones, cell by cell.

    Parameters
    ----------
    graphs
        ``municipality_id`` → organisation graph.
    published
        The transcription: columns ``table`` (``Table 3.3``/``Table 3.5``),
        ``municipality`` (name), ``column``, ``published`` (the cell as printed).

    Returns
    -------
    pandas.DataFrame
        One row per cell: ``table``, ``municipality``, ``column``,
        ``published``, ``regenerated``, ``match``.
    """
    graphs = keyed_graphs(graphs, caller="compare_published")
    by_name = {G.graph.get("name"): G for G in graphs.values()}
    out = []
    for rec in published.itertuples(index=False):
        G = by_name.get(rec.municipality)
        if G is None:
            continue
        table = rec.table.removeprefix("Table ").strip()
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
