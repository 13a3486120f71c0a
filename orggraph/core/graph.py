"""Build organisation graphs from tables and tables from graphs; check a graph.

This module docstring is the schema reference of an organisation graph.

An organisation graph is an undirected :class:`networkx.MultiGraph` for one
municipality (a :class:`Municipality`, which adds only an inline org chart for
Jupyter).

Nodes
    *Unit* nodes (``kind="unit"``, ``bipartite=0``), keyed by ``unit_id`` and
    carrying it again as the attribute ``unit_id``, with ``name``,
    ``name_en``, ``unit_type``, ``sector`` (from the unit type), ``level``
    (``strategic`` or ``operative``), ``source``, ``quote``, ``note``.

    *Task* nodes (``kind="task"``, ``bipartite=1``), keyed by the task code
    (``allocate_dwelling`` …) and carrying it again as the attribute ``task``,
    with ``label`` (English), ``label_no``, ``instrument`` and ``level``
    (``strategic``, ``allocation`` or ``execution``). Only tasks some unit
    holds are present.

Edges
    *Responsibility* edges unit–task (``relation="responsibility"``) with
    ``role`` (decides, recommends, secretary, participates, executes),
    ``source``, ``quote``, ``note``; the edge key is the role.

    *Coordination* edges unit–unit (``relation="coordination"``) with ``kind``
    (team_membership, forum_membership, consultation, informal, ordering,
    reporting, part_of), ``team_role``, the direction as ``from_unit`` and
    ``to_unit`` (member → team, child → parent, orderer → provider, reporter →
    recipient), ``source``, ``quote``, ``note``; the edge key is the kind.
    ``from_unit`` and ``to_unit`` hold the two units' ``unit_id``
    *attributes*, not their node keys: read ties with
    :func:`coordination_edges`, which resolves them to the graph's current
    node keys.

Graph attributes
    ``municipality_id``, ``name``, ``kommunenr`` and the other columns of the
    municipalities table. A value the table leaves empty is left out (never
    stored as ``None``), so every networkx writer (``nx.write_graphml``,
    ``nx.write_gexf``) takes the graph as it is.

Why a MultiGraph: two units can be tied in more than one way at once (the
housing office is both *part of* B&E and *orders* from it), and one unit can
hold one task in two roles; a simple Graph would silently keep only one of
them. The ``bipartite`` attribute lets networkx's bipartite algorithms run on
the graph directly; use :func:`unit_nodes` rather than
``networkx.bipartite.sets`` (which fails on disconnected graphs, and
fragmented municipalities are disconnected).

Why the direction of a tie lives in node attributes: networkx treats node
keys as labels a user may change (:func:`networkx.relabel_nodes`,
:func:`networkx.convert_node_labels_to_integers`, GraphML turning every key
into text), and it carries node and edge *attributes* unchanged through
every such operation, through ``copy``, ``subgraph``, ``to_directed`` and
pickling. A node key stored inside edge data goes stale the moment the
nodes are relabelled (ties then silently point at the wrong units, or at
none). So each unit keeps its identifier as the attribute ``unit_id``, and a
tie names its ends by that identifier; :func:`coordination_edges` maps them
to whatever the nodes are called now. The alternative, a
:class:`networkx.MultiDiGraph`, would make responsibility ties directed too
and change the meaning of every metric that walks the graph (components,
betweenness, projections), for the sake of the one relation that has a
direction. A graph that arrives directed (``G.to_directed()``) is read as
the undirected graph it came from by :func:`check_graph`.

Every analysis function (``summarize``, ``compare``, ``classify``,
``find_centre``, ``draw_orgchart``, ``plot_matrix``) first calls
:func:`check_graph`: a graph that is not an organisation graph, or whose
ties point at units it does not hold, is refused with a
:class:`~orggraph.GraphError` naming what is missing.

This module is the top of the data-model layer (:mod:`orggraph.core`), built
on :mod:`orggraph.core.vocabulary` and :mod:`orggraph.core.schema`. Reading
and writing (:mod:`orggraph.io`) turn files into the tables that
:func:`from_tables` takes and graphs back into the tables of :func:`to_tables`;
the analysis, replication and drawing layers read graphs only through
:func:`check_graph`, :func:`unit_nodes`, :func:`task_nodes`,
:func:`responsibility_edges`, :func:`coordination_edges` and
:func:`keyed_graphs`, and never import the layers above. It imports no
drawing library: the inline org chart of :class:`Municipality` is registered
by :mod:`orggraph` itself.

Examples
--------
>>> import networkx as nx
>>> import orggraph
>>> G = orggraph.load_dataset("nova2008")["porsgrunn"]
>>> G.graph["kommunenr"]
'0805'
>>> G.nodes["allocate_dwelling"]["level"]
'allocation'
>>> sorted(r for _, _, r in G.edges("team", data="role") if r)
['decides', 'decides']

Relabelling keeps every tie's direction:

>>> H = nx.relabel_nodes(G, {"be": "Bygg og eiendom"})
>>> [(a, b) for a, b, d in coordination_edges(H) if d["kind"] == "part_of"][:1]
[('boliggruppe', 'Bygg og eiendom')]
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping
from typing import Any, cast

import networkx as nx

from orggraph._errors import GraphError, OrgGraphError
from orggraph.core import vocabulary as voc
from orggraph.core.schema import TABLES, columns

__all__ = [
    "Municipality",
    "check_graph",
    "coordination_edges",
    "display_name",
    "from_tables",
    "keyed_graphs",
    "responsibility_edges",
    "task_nodes",
    "to_tables",
    "unit_nodes",
]

_PROV = ("source", "quote", "note")
#: How many problems the message of a GraphError lists.
_LISTED = 8


class Municipality(nx.MultiGraph):  # numpydoc ignore=PR02
    """An organisation graph: a plain :class:`networkx.MultiGraph` of its own class.

    Every networkx algorithm takes it, and copies keep the class. The class
    exists so that Jupyter can show a municipality left at the end of a
    notebook cell as its org chart: ``import orggraph`` registers
    :func:`orggraph.drawing.orgchart.orgchart_svg` as the SVG display of this
    class when it runs inside IPython.

    It is constructed as a :class:`networkx.MultiGraph` is
    (``Municipality(incoming_graph_data=None, multigraph_input=None, **attr)``,
    graph attributes as keywords); the readers and :func:`from_tables` build
    one per municipality.

    Parameters
    ----------
    *args
        ``incoming_graph_data`` and ``multigraph_input``, as for :class:`networkx.MultiGraph`.
    backend : str, optional
        The keyword of networkx's backend dispatch (the dispatching
        ``networkx.MultiGraph.__new__`` takes it); orggraph never passes it.
    **kwargs
        Graph attributes (``municipality_id``, ``name`` …), as for :class:`networkx.MultiGraph`.

    See Also
    --------
    check_graph : What makes a graph an organisation graph.
    from_tables : Build municipalities from tables.

    Examples
    --------
    >>> import networkx as nx, orggraph
    >>> G = orggraph.load_dataset("nova2008")["porsgrunn"]
    >>> type(G).__name__, isinstance(G, nx.MultiGraph), type(G.copy()).__name__
    ('Municipality', True, 'Municipality')
    >>> orggraph.Municipality(municipality_id="x", name="X").graph
    {'municipality_id': 'x', 'name': 'X'}
    """


def display_name(G: nx.Graph, default: str = "?") -> str:
    """Return the name to show for a municipality: its name, else its id, else `default`.

    Parameters
    ----------
    G : networkx.Graph
        An organisation graph.
    default : str, default "?"
        Shown when the graph has neither a name nor a municipality id.

    Returns
    -------
    str
        ``G.graph["name"]``, else ``G.graph["municipality_id"]``, else `default`.

    Examples
    --------
    >>> import networkx as nx
    >>> display_name(nx.MultiGraph(name="Moss")), display_name(nx.MultiGraph(municipality_id="moss"))
    ('Moss', 'moss')
    >>> display_name(nx.MultiGraph(), "A")
    'A'
    """
    return str(G.graph.get("name") or G.graph.get("municipality_id") or default)


def unit_nodes(G: nx.Graph) -> list[Hashable]:
    """Return the unit nodes of `G` in insertion order.

    Use it rather than ``networkx.bipartite.sets``, which fails on the
    disconnected graphs of fragmented municipalities.

    Parameters
    ----------
    G : networkx.Graph
        An organisation graph.

    Returns
    -------
    list
        The node keys whose attribute ``kind`` is ``"unit"``.

    See Also
    --------
    task_nodes : The other side of the graph.

    Examples
    --------
    >>> import orggraph
    >>> unit_nodes(orggraph.load_dataset("nova2008")["porsgrunn"])[:2]
    ['be', 'boliggruppe']
    """
    return [n for n, k in G.nodes(data="kind") if k == "unit"]


def task_nodes(G: nx.Graph) -> list[Hashable]:
    """Return the task nodes of `G` in insertion order.

    Parameters
    ----------
    G : networkx.Graph
        An organisation graph.

    Returns
    -------
    list
        The node keys whose attribute ``kind`` is ``"task"`` (task codes,
        unless the graph was relabelled; the code is also in the attribute ``task``).

    See Also
    --------
    unit_nodes : The other side of the graph.

    Examples
    --------
    >>> import orggraph
    >>> task_nodes(orggraph.load_dataset("nova2008")["porsgrunn"])[:3]
    ['provide_dwellings', 'lead', 'action_plan']
    """
    return [n for n, k in G.nodes(data="kind") if k == "task"]


def _edges(G: nx.Graph) -> Iterator[tuple[Hashable, Hashable, Any, dict]]:
    """Every edge once as ``(u, v, key, data)``; a directed copy's two halves count once."""
    if G.is_multigraph():
        edges: Iterable = cast(nx.MultiGraph, G).edges(keys=True, data=True)
    else:
        edges = ((u, v, None, d) for u, v, d in G.edges(data=True))
    if not G.is_directed():
        yield from edges
        return
    seen: set = set()
    for u, v, k, d in edges:
        ident = (frozenset((u, v)), k)
        if ident not in seen:
            seen.add(ident)
            yield u, v, k, d


def _unit_index(G: nx.Graph) -> dict[Any, Hashable]:
    """``unit_id`` attribute → current node key (a unit without the attribute is its own id)."""
    return {d.get("unit_id", n): n for n, d in G.nodes(data=True) if d.get("kind") == "unit"}


def responsibility_edges(G: nx.Graph) -> list[tuple[Hashable, Hashable, dict]]:
    """Return ``(unit, task, data)`` for every responsibility edge of `G`.

    The unit comes first whichever way networkx stores the edge; a directed
    copy's two halves count once.

    Parameters
    ----------
    G : networkx.Graph
        An organisation graph.

    Returns
    -------
    list of tuple
        ``(unit node, task node, edge data)``; the data holds ``relation``,
        ``role``, ``source``, ``quote`` and ``note``.

    See Also
    --------
    coordination_edges : The unit–unit ties.

    Examples
    --------
    >>> import orggraph
    >>> G = orggraph.load_dataset("nova2008")["porsgrunn"]
    >>> [(u, t, d["role"]) for u, t, d in responsibility_edges(G)][:2]
    [('be', 'provide_dwellings', 'executes'), ('boliggruppe', 'lead', 'decides')]
    """
    out = []
    for u, v, _, d in _edges(G):
        if d.get("relation") == "responsibility":
            unit, task = (u, v) if G.nodes[u].get("kind") == "unit" else (v, u)
            out.append((unit, task, d))
    return out


def coordination_edges(G: nx.Graph) -> list[tuple[Hashable, Hashable, dict]]:
    """Return ``(from_node, to_node, data)`` for every coordination edge of `G`.

    The two ends are the graph's current node keys, found through the units'
    ``unit_id`` attributes, so the direction survives relabelling.

    Parameters
    ----------
    G : networkx.Graph
        An organisation graph.

    Returns
    -------
    list of tuple
        ``(from node, to node, edge data)`` in the direction of the tie
        (member → team, child → parent, orderer → provider, reporter →
        recipient); the data holds ``relation``, ``kind``, ``team_role``,
        ``from_unit``, ``to_unit``, ``source``, ``quote`` and ``note``.

    Raises
    ------
    GraphError
        If a tie names a unit the graph does not hold, or a unit that is not
        at either end of the edge.

    See Also
    --------
    responsibility_edges : The unit–task ties.

    Examples
    --------
    >>> import orggraph
    >>> G = orggraph.load_dataset("nova2008")["porsgrunn"]
    >>> [(a, b, d["kind"]) for a, b, d in coordination_edges(G)]
    [('boliggruppe', 'be', 'part_of'), ('boliggruppe', 'be', 'ordering'), ('boliggruppe', 'team', 'team_membership')]
    """
    index = _unit_index(G)
    out = []
    for u, v, _, d in _edges(G):
        if d.get("relation") != "coordination":
            continue
        a, b = index.get(d.get("from_unit")), index.get(d.get("to_unit"))
        if a is None or b is None or {a, b} != {u, v}:
            raise GraphError(_graph_name(G) + ": " + _tie_problem(G, u, v, d, index))
        out.append((a, b, d))
    return out


def _graph_name(G: nx.Graph) -> str:
    name = G.graph.get("municipality_id") or G.graph.get("name")
    return f"graph `{name}`" if name else "the graph"


def _tie_problem(G: nx.Graph, u: Hashable, v: Hashable, d: Mapping, index: Mapping) -> str:
    tie = f"the {d.get('kind', '?')} tie between nodes {u!r} and {v!r}"
    for end in ("from_unit", "to_unit"):
        if end not in d:
            return f"{tie} has no `{end}` (the unit_id of the unit at that end)"
        if d[end] not in index:
            return (f"{tie} points at unit `{d[end]}` ({end}), which is not in the graph "
                    f"(units have the unit_ids {sorted(map(str, index))[:12]})")
    return (f"{tie} names units `{d['from_unit']}` → `{d['to_unit']}`, which are nodes "
            f"{index[d['from_unit']]!r} and {index[d['to_unit']]!r}, not the edge's ends")


def check_graph(G: Any) -> nx.MultiGraph:
    """Check that `G` is an organisation graph; return the graph to analyse.

    Every analysis function calls this first. It refuses, with one message
    listing what is missing, anything that would otherwise give a deep
    traceback or a confident wrong answer: an object that is not a networkx
    graph, a simple :class:`networkx.Graph` (which keeps one tie per pair of
    nodes), nodes without a known ``kind``, units without a known
    ``unit_type``, task nodes that are not task codes, two units with one
    ``unit_id``, edges without a known ``relation``, ties pointing at units the
    graph does not hold, and a graph with no responsibility at all.

    Parameters
    ----------
    G : object
        An organisation graph (see the module docstring for the schema).

    Returns
    -------
    networkx.MultiGraph
        `G` itself, or, if `G` is directed (``G.to_directed()``) or its task
        nodes were relabelled, an undirected copy whose task nodes are keyed
        by their codes again. Unit node keys are never changed.

    Raises
    ------
    GraphError
        Naming every problem found (the first few in the message).

    Examples
    --------
    >>> import networkx as nx, orggraph
    >>> G = orggraph.load_dataset("nova2008")["moss"]
    >>> check_graph(G) is G
    True
    >>> check_graph(nx.Graph(G))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    orggraph._errors.GraphError: graph `moss` is not an organisation graph: it is a simple Graph, ...
    """
    if not isinstance(G, nx.Graph):
        msg = f"`G` must be an organisation graph (a networkx MultiGraph), got {type(G).__name__}"
        raise GraphError(msg)
    name = _graph_name(G)
    if not G.is_multigraph():
        msg = (f"{name} is not an organisation graph: it is a simple {type(G).__name__}, which keeps only one "
               "tie per pair of nodes (nx.Graph(G) drops a unit's second tie to the same unit or task); "
               "use G.copy(), or nx.read_graphml(path, force_multigraph=True) for a GraphML file")
        raise GraphError(msg)
    problems: list[str] = []
    units = []
    for n, d in G.nodes(data=True):
        kind = d.get("kind")
        if kind == "unit":
            units.append(n)
            ut = d.get("unit_type")
            if ut not in voc.UNIT_TYPES:
                problems.append(f"unit {n!r} has " + (f"an unknown unit_type `{ut}`" if ut else "no `unit_type`"))
        elif kind == "task":
            code = d.get("task", n)
            if code not in voc.TASKS:
                problems.append(f"task node {n!r} is not a task code (give it the attribute `task`)")
        else:
            problems.append(f"node {n!r} has " + (f"kind `{kind}`" if kind else "no `kind`")
                            + " (expected `unit` or `task`)")
    if G.number_of_nodes() and not units:
        problems.insert(0, "no node has kind='unit'")
    index = _unit_index(G)
    if len(index) < len(units):
        seen: dict = {}
        for n in units:
            uid = G.nodes[n].get("unit_id", n)
            if uid in seen:
                problems.append(f"nodes {seen[uid]!r} and {n!r} have the same unit_id `{uid}`")
            seen.setdefault(uid, n)
    n_resp = 0
    for u, v, _, d in _edges(G):
        rel = d.get("relation")
        kinds = {G.nodes[u].get("kind"), G.nodes[v].get("kind")}
        if rel == "responsibility":
            n_resp += 1
            if kinds != {"unit", "task"}:
                problems.append(f"responsibility edge {u!r}–{v!r} does not join a unit and a task")
            elif d.get("role") not in voc.ROLES:
                problems.append(f"responsibility edge {u!r}–{v!r} has " +
                                (f"an unknown role `{d.get('role')}`" if d.get("role") else "no `role`"))
        elif rel == "coordination":
            if kinds != {"unit"}:
                problems.append(f"coordination edge {u!r}–{v!r} does not join two units")
                continue
            if d.get("kind") not in voc.COORDINATION_KINDS:
                problems.append(f"coordination edge {u!r}–{v!r} has " +
                                (f"an unknown kind `{d.get('kind')}`" if d.get("kind") else "no `kind`"))
            a, b = index.get(d.get("from_unit")), index.get(d.get("to_unit"))
            if a is None or b is None or {a, b} != {u, v}:
                problems.append(_tie_problem(G, u, v, d, index))
        else:
            problems.append(f"edge {u!r}–{v!r} has " + (f"relation `{rel}`" if rel else "no `relation`")
                            + " (expected `responsibility` or `coordination`)")
    if not problems and n_resp == 0:
        problems.append("it has no responsibility edge (no unit holds any task): there is nothing to measure"
                        if G.number_of_nodes() else "it has no nodes")
    if problems:
        listed = "; ".join(problems[:_LISTED])
        more = f"; … and {len(problems) - _LISTED} more" if len(problems) > _LISTED else ""
        msg = (f"{name} is not an organisation graph: {listed}{more}. "
               "See orggraph.core.graph for the schema; orggraph.read_orgchart builds one from a file")
        raise GraphError(msg)
    H = cast(nx.MultiGraph, G)  # is_multigraph() was checked above
    if G.is_directed():
        H = Municipality()
        H.graph.update(G.graph)
        H.add_nodes_from(G.nodes(data=True))
        # MultiGraph.add_edges_from takes (u, v, key, data); types-networkx lists only Graph's 2- and 3-tuples
        H.add_edges_from((u, v, k, d) for u, v, k, d in _edges(G))  # type: ignore[misc]
    tasks = {n: G.nodes[n].get("task", n) for n in task_nodes(G)}
    if any(n != code for n, code in tasks.items()):
        if len(set(tasks.values())) < len(tasks):
            msg = f"{name} is not an organisation graph: two task nodes have the same task code"
            raise GraphError(msg)
        H = nx.relabel_nodes(H, tasks, copy=True)
    return H


def _task_attrs(task: str) -> dict[str, Any]:
    t = voc.TASKS[task]
    return {"kind": "task", "bipartite": 1, "task": task, "label": t.en, "label_no": t.no,
            "instrument": t.instrument, "level": t.level}


def _present(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """The attributes that have a value: a graph carries no None."""
    return {k: v for k, v in attrs.items() if v is not None}


def from_tables(tables: Mapping[str, Iterable[Mapping[str, Any]]]) -> dict[str, Municipality]:
    """Build one graph per municipality from checked, typed tables.

    Units get ``kind="unit"``, ``bipartite=0``, their sector from their unit
    type and their unit type's default level where ``level`` is empty; a task
    node is added, with its labels, instrument and level from
    :mod:`orggraph.core.vocabulary`, for each task some unit holds. Values the
    tables leave empty are not stored on the graph.

    Parameters
    ----------
    tables : mapping of str to iterable of mapping
        Table name → records, as returned by :func:`orggraph.core.schema.check_tables`
        without errors (or by :func:`to_tables`). The records are not checked
        again: pass unchecked input through :func:`~orggraph.core.schema.check_tables`,
        or read files with :func:`orggraph.read_dataset`.

    Returns
    -------
    dict of str to Municipality
        ``municipality_id`` → organisation graph, in the order of the
        municipalities table.

    See Also
    --------
    to_tables : The inverse.
    orggraph.read_dataset : Read, check and build in one step.

    Examples
    --------
    >>> import orggraph
    >>> tables = to_tables(orggraph.load_dataset("nova2008"))
    >>> graphs = from_tables(tables)
    >>> len(graphs), graphs["porsgrunn"].number_of_edges()
    (22, 16)
    """
    graphs: dict[str, Municipality] = {}
    for m in tables["municipalities"]:
        attrs = _present({c: m.get(c) for c in columns("municipalities")})
        graphs[m["municipality_id"]] = Municipality(**attrs)
    for u in tables["units"]:
        G = graphs[u["municipality_id"]]
        attrs = {c: u.get(c) for c in columns("units") if c != "municipality_id"}
        attrs["level"] = attrs.get("level") or voc.UNIT_TYPES[u["unit_type"]].default_level
        attrs["sector"] = voc.UNIT_TYPES[u["unit_type"]].sector
        G.add_node(u["unit_id"], kind="unit", bipartite=0, **_present(attrs))
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
    Units are written by their ``unit_id`` attribute and tasks by their code,
    so relabelled graphs write the same tables.

    Parameters
    ----------
    graphs : mapping of str to networkx.Graph
        ``municipality_id`` → organisation graph. A graph without a
        ``municipality_id`` graph attribute gets its key.

    Returns
    -------
    dict of str to list of dict
        ``"municipalities"``, ``"units"``, ``"responsibilities"`` and
        ``"coordination"`` → one record per row, with the columns of
        :data:`orggraph.core.schema.TABLES` (a missing text value as ``""``).

    Raises
    ------
    GraphError
        If a coordination tie points at a unit the graph does not hold (from
        :func:`coordination_edges`).

    See Also
    --------
    from_tables : The inverse.
    orggraph.write_dataset : Write the tables as CSV files.

    Examples
    --------
    >>> import orggraph
    >>> tables = to_tables({"porsgrunn": orggraph.load_dataset("nova2008")["porsgrunn"]})
    >>> {name: len(rows) for name, rows in tables.items()}
    {'municipalities': 1, 'units': 5, 'responsibilities': 13, 'coordination': 3}
    >>> tables["units"][0]["unit_id"], tables["units"][0]["unit_type"]
    ('be', 'be')
    """
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    for mid, G in graphs.items():
        row = {c: G.graph.get(c) for c in columns("municipalities")}
        row["municipality_id"] = row["municipality_id"] or mid
        out["municipalities"].append(row)
        uid = {n: G.nodes[n].get("unit_id", n) for n in unit_nodes(G)}
        for n in unit_nodes(G):
            d = G.nodes[n]
            out["units"].append({c: d.get(c) for c in columns("units")}
                                | {"municipality_id": mid, "unit_id": uid[n]})
        for unit, task, d in responsibility_edges(G):
            out["responsibilities"].append(
                {"municipality_id": mid, "unit_id": uid[unit], "task": G.nodes[task].get("task", task),
                 "role": d["role"]}
                | {p: d.get(p, "") for p in _PROV})
        for a, b, d in coordination_edges(G):
            out["coordination"].append(
                {"municipality_id": mid, "from_unit": uid[a], "to_unit": uid[b], "kind": d["kind"],
                 "team_role": d.get("team_role", "")}
                | {p: d.get(p, "") for p in _PROV})
    for name, rows in out.items():
        for row in rows:
            for col in TABLES[name]:
                if row.get(col.name) is None and col.dtype == "str":
                    row[col.name] = ""
    return out


def keyed_graphs(graphs: object, *, caller: str = "orggraph") -> dict[str, nx.Graph]:
    """Return ``municipality_id`` → graph from a mapping, an iterable of graphs or one graph.

    Every function that takes a collection of municipalities reads it through
    this, so each accepts the same inputs and refuses the rest with the same
    words.

    Parameters
    ----------
    graphs : mapping, iterable of networkx.Graph, or networkx.Graph
        A mapping ``municipality_id`` → graph, any iterable of graphs (keyed
        by their ``municipality_id`` graph attribute) or a single graph.
    caller : str, default "orggraph"
        The function's name, which starts every message.

    Returns
    -------
    dict of str to networkx.Graph
        ``municipality_id`` → graph, in the order given. The graphs are not
        checked or copied.

    Raises
    ------
    TypeError
        `graphs` is none of the above, or holds something that is not a graph.
    OrgGraphError
        No graph, or a graph without (or with a repeated) ``municipality_id``.

    Examples
    --------
    >>> import orggraph
    >>> graphs = orggraph.load_dataset("nova2008")
    >>> list(keyed_graphs(graphs.values()))[:2]
    ['hamar', 'haugesund']
    """
    if isinstance(graphs, nx.Graph):
        graphs = [graphs]
    if isinstance(graphs, Mapping):
        out = dict(graphs.items())
    elif isinstance(graphs, Iterable) and not isinstance(graphs, str | bytes):
        out = {}
        for i, G in enumerate(graphs):
            if not isinstance(G, nx.Graph):
                msg = f"{caller}: item {i} of `graphs` is a {type(G).__name__}, expected an organisation graph"
                raise TypeError(msg)
            mid = G.graph.get("municipality_id")
            if mid is None or mid == "":
                msg = (f"{caller}: graph {i} has no `municipality_id` graph attribute, which keys its row; "
                       "pass a mapping municipality_id -> graph instead")
                raise OrgGraphError(msg)
            if mid in out:
                msg = f"{caller}: two graphs have municipality_id `{mid}`; each row needs its own"
                raise OrgGraphError(msg)
            out[mid] = G
    else:
        msg = (f"{caller}: `graphs` must be a mapping of graphs, an iterable of graphs or a graph, "
               f"got {type(graphs).__name__}")
        raise TypeError(msg)
    for mid, G in out.items():
        if not isinstance(G, nx.Graph):
            msg = f"{caller}: `graphs[{mid!r}]` is a {type(G).__name__}, expected an organisation graph"
            raise TypeError(msg)
    if not out:
        msg = f"{caller}: no graphs given (`graphs` is empty)"
        raise OrgGraphError(msg)
    return out
