"""Build organisation graphs from tables and tables from graphs.

An organisation graph is a :class:`networkx.MultiGraph` for one municipality
(a :class:`Municipality`, which adds only an inline org chart for Jupyter).

Nodes
    *Unit* nodes (``kind="unit"``, ``bipartite=0``), keyed by ``unit_id``, with
    ``name``, ``name_en``, ``unit_type``, ``sector`` (from the unit type),
    ``level`` (``strategic`` or ``operative``), ``source``, ``quote``, ``note``.

    *Task* nodes (``kind="task"``, ``bipartite=1``), keyed by the task code
    (``allocate_dwelling`` …), with ``label`` (English), ``label_no``,
    ``instrument`` and ``level`` (``strategic``, ``allocation`` or
    ``execution``). Only tasks some unit holds are present.

Edges
    *Responsibility* edges unit–task (``relation="responsibility"``) with
    ``role`` (decides, recommends, secretary, participates, executes),
    ``source``, ``quote``, ``note``; the edge key is the role.

    *Coordination* edges unit–unit (``relation="coordination"``) with ``kind``
    (team_membership, forum_membership, consultation, informal, ordering,
    reporting, part_of), ``team_role``, the direction as ``from_unit`` and
    ``to_unit`` (member → team, child → parent, orderer → provider, reporter →
    recipient), ``source``, ``quote``, ``note``; the edge key is the kind.

Graph attributes
    ``municipality_id``, ``name``, ``kommunenr`` and the other columns of the
    municipalities table.

Why a MultiGraph: two units can be tied in more than one way at once (the
housing office is both *part of* B&E and *orders* from it), and one unit can
hold one task in two roles; a simple Graph would silently keep only one of
them. The ``bipartite`` attribute lets networkx's bipartite algorithms run on
the graph directly; use :func:`unit_nodes` rather than
``networkx.bipartite.sets`` (which fails on disconnected graphs, and
fragmented municipalities are disconnected).

Examples
--------
>>> import orggraph
>>> G = orggraph.load_dataset("nova2008")["porsgrunn"]
>>> G.graph["kommunenr"]
'0805'
>>> G.nodes["allocate_dwelling"]["level"]
'allocation'
>>> sorted(r for _, _, r in G.edges("team", data="role") if r)
['decides', 'decides']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from orggraph import vocabulary as voc
from orggraph.schema import TABLES, columns

__all__ = [
    "Municipality",
    "coordination_edges",
    "from_tables",
    "responsibility_edges",
    "task_nodes",
    "to_tables",
    "unit_nodes",
]

_PROV = ("source", "quote", "note")


class Municipality(nx.MultiGraph):
    """An organisation graph that shows itself as an org chart in Jupyter.

    A plain :class:`networkx.MultiGraph` in every other respect: every networkx
    algorithm takes it, and copies keep the class. Only ``_repr_svg_`` is added,
    so that a municipality left at the end of a notebook cell is drawn
    (:func:`orggraph.orgchart.orgchart_svg`).
    """

    def _repr_svg_(self) -> str | None:
        if not unit_nodes(self):
            return None
        from orggraph.orgchart import orgchart_svg

        return orgchart_svg(self)


def unit_nodes(G: nx.Graph) -> list[str]:
    """Return the unit nodes of `G` in insertion order.

    Examples
    --------
    >>> import orggraph
    >>> unit_nodes(orggraph.load_dataset("nova2008")["porsgrunn"])[:2]
    ['be', 'boliggruppe']
    """
    return [n for n, k in G.nodes(data="kind") if k == "unit"]


def task_nodes(G: nx.Graph) -> list[str]:
    """Return the task nodes of `G` in insertion order."""
    return [n for n, k in G.nodes(data="kind") if k == "task"]


def responsibility_edges(G: nx.Graph) -> list[tuple[str, str, dict]]:
    """Return ``(unit, task, data)`` for every responsibility edge of `G`."""
    out = []
    for u, v, d in G.edges(data=True):
        if d.get("relation") == "responsibility":
            unit, task = (u, v) if G.nodes[u]["kind"] == "unit" else (v, u)
            out.append((unit, task, d))
    return out


def coordination_edges(G: nx.Graph) -> list[tuple[str, str, dict]]:
    """Return ``(from_unit, to_unit, data)`` for every coordination edge of `G`."""
    return [
        (d["from_unit"], d["to_unit"], d)
        for _, _, d in G.edges(data=True)
        if d.get("relation") == "coordination"
    ]


def _task_attrs(task: str) -> dict[str, Any]:
    t = voc.TASKS[task]
    return {"kind": "task", "bipartite": 1, "label": t.en, "label_no": t.no,
            "instrument": t.instrument, "level": t.level}


def from_tables(tables: Mapping[str, Iterable[Mapping[str, Any]]]) -> dict[str, Municipality]:
    """Build one graph per municipality from checked, typed tables.

    Parameters
    ----------
    tables
        Table name → records, as returned by :func:`orggraph.schema.check_tables`
        without problems.

    Returns
    -------
    dict
        ``municipality_id`` → organisation graph, in the order of the
        municipalities table.
    """
    graphs: dict[str, Municipality] = {}
    for m in tables["municipalities"]:
        attrs = {c: m.get(c) for c in columns("municipalities")}
        graphs[m["municipality_id"]] = Municipality(**attrs)
    for u in tables["units"]:
        G = graphs[u["municipality_id"]]
        attrs = {c: u.get(c) for c in columns("units") if c not in ("municipality_id", "unit_id")}
        attrs["level"] = attrs.get("level") or voc.UNIT_TYPES[u["unit_type"]].default_level
        attrs["sector"] = voc.UNIT_TYPES[u["unit_type"]].sector
        G.add_node(u["unit_id"], kind="unit", bipartite=0, **attrs)
    for r in tables["responsibilities"]:
        G = graphs[r["municipality_id"]]
        if r["task"] not in G:
            G.add_node(r["task"], **_task_attrs(r["task"]))
        G.add_edge(r["unit_id"], r["task"], key=r["role"], relation="responsibility",
                   role=r["role"], **{p: r.get(p) or "" for p in _PROV})
    for c in tables["coordination"]:
        G = graphs[c["municipality_id"]]
        G.add_edge(c["from_unit"], c["to_unit"], key=c["kind"], relation="coordination",
                   kind=c["kind"], team_role=c.get("team_role") or "",
                   from_unit=c["from_unit"], to_unit=c["to_unit"],
                   **{p: c.get(p) or "" for p in _PROV})
    return graphs


def to_tables(graphs: Mapping[str, nx.Graph]) -> dict[str, list[dict[str, Any]]]:
    """Return the four tables of a collection of graphs (the inverse of :func:`from_tables`).

    Rows come out in graph order, so ``from_tables(to_tables(g))`` equals `g`.
    """
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    for mid, G in graphs.items():
        row = {c: G.graph.get(c) for c in columns("municipalities")}
        row["municipality_id"] = row["municipality_id"] or mid
        out["municipalities"].append(row)
        for n in unit_nodes(G):
            d = G.nodes[n]
            out["units"].append({c: d.get(c) for c in columns("units")}
                                | {"municipality_id": mid, "unit_id": n})
        for unit, task, d in responsibility_edges(G):
            out["responsibilities"].append(
                {"municipality_id": mid, "unit_id": unit, "task": task, "role": d["role"]}
                | {p: d.get(p, "") for p in _PROV})
        for a, b, d in coordination_edges(G):
            out["coordination"].append(
                {"municipality_id": mid, "from_unit": a, "to_unit": b, "kind": d["kind"],
                 "team_role": d.get("team_role", "")}
                | {p: d.get(p, "") for p in _PROV})
    for name, rows in out.items():
        for row in rows:
            for col in TABLES[name]:
                if row.get(col.name) is None and col.dtype == "str":
                    row[col.name] = ""
    return out
