"""One org chart of two municipalities (or a scenario's before and after) with the differences marked.

:func:`draw_diff` merges two organisation graphs into one: units are matched by
unit type and the tasks and roles they hold (:func:`orggraph.analysis.similarity.match_units`),
tasks by code, ties by their matched ends and role or kind; never by id. The
merged graph is drawn by :func:`orggraph.draw_orgchart`, so the chart looks
like every other org chart, and the differences are then marked so that they
survive greyscale printing and colour-vision deficiency, by line style and
words, never by colour alone:

* only in B (added): double outline and ``[+ only in B]`` on units and tasks;
  thick black lines with a ``+`` on ties;
* only in A (removed): dashed outline and ``[− only in A]`` on units and
  tasks; thin grey dashed lines with a ``−`` on ties;
* in both but held or tied differently (changed): corner diagonals and
  ``[changed]`` on units and tasks.

In the drawing layer (:mod:`orggraph.drawing`) this module builds on
:mod:`~orggraph.drawing.orgchart`, and on the analysis layer for the matching
of units (:mod:`orggraph.analysis.similarity`) and the data model for the
merged graph (:func:`orggraph.core.graph.from_tables`);
:mod:`~orggraph.drawing.report` puts its chart on the report's third page.

Examples
--------
>>> import orggraph
>>> g = orggraph.load_dataset("nova2008")
>>> A = draw_diff(g["hamar"], g["skaun"])
>>> "[+ only in Skaun]" in A.get_node("allocate_temporary").attr["label"]
True
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import networkx as nx

from orggraph._files import atomic_write, refuse_overwrite
from orggraph._png import graphviz_png
from orggraph.analysis.similarity import match_units
from orggraph.core import vocabulary as voc
from orggraph.core.graph import (
    check_graph,
    coordination_edges,
    display_name,
    from_tables,
    responsibility_edges,
    task_nodes,
    unit_nodes,
)
from orggraph.drawing.orgchart import FORMATS, check_dpi, draw_orgchart, escape_label

if TYPE_CHECKING:
    import pygraphviz as pgv

__all__ = ["DIFF_MARKS", "diff_graph", "draw_diff"]

#: How each change is drawn: node attributes, edge attributes, and the word added to labels.
DIFF_MARKS = {
    "only_b": {"node": {"peripheries": "2", "penwidth": "2.2"},
               "edge": {"penwidth": "4", "color": "#000000", "style": "solid", "label": "+", "fontsize": "14"},
               "mark": {"en": "+ only in {b}", "no": "+ bare i {b}"}},
    "only_a": {"node": {"style": "dashed,rounded", "fillcolor": "#ffffff", "penwidth": "1.6",
                        "color": "#737373", "fontcolor": "#525252"},
               "edge": {"penwidth": "1.2", "color": "#a0a0a0", "style": "dashed", "label": "−",
                        "fontsize": "14", "fontcolor": "#525252"},
               "mark": {"en": "− only in {a}", "no": "− bare i {a}"}},
    "changed": {"node": {"style": "filled,diagonals", "penwidth": "1.6"},
                "edge": {},
                "mark": {"en": "changed", "no": "endret"}},
}
_TEXT = {
    "en": {"title": "{a} (A) and {b} (B): differences", "changes": "Differences",
           "only_b": "double outline, thick line, +: only in {b}",
           "only_a": "dashed outline, grey dashed line, −: only in {a}",
           "changed": "corner diagonals: held or tied differently"},
    "no": {"title": "{a} (A) og {b} (B): forskjeller", "changes": "Forskjeller",
           "only_b": "dobbel ramme, tykk linje, +: bare i {b}",
           "only_a": "stiplet ramme, grå stiplet linje, −: bare i {a}",
           "changed": "diagonaler i hjørnene: holdt eller bundet ulikt"},
}



def diff_graph(G1: nx.Graph, G2: nx.Graph) -> tuple[nx.Graph, dict]:
    """Return the merged graph of `G1` and `G2` and the change of each of its parts.

    Units are matched by :func:`orggraph.analysis.similarity.match_units` (same unit type, most
    (task, role) holdings shared), never by id; a matched unit keeps `G1`'s id and both names
    (``"<name in A> / <name in B>"``) where they differ. A tie is the same in both when its
    matched ends and its role (responsibility) or kind (coordination) are; a coordination tie whose
    team role differs is ``changed``. A task is ``changed`` when it is held in both but by other
    (unit, role) pairs; a unit in both is ``changed`` when any of its ties is not the same.

    Parameters
    ----------
    G1 : networkx.MultiGraph
        The first organisation graph (A): a municipality, or a scenario's before.
    G2 : networkx.MultiGraph
        The second (B): another municipality, or the scenario's after.

    Returns
    -------
    merged : networkx.MultiGraph
        The merged organisation graph (``municipality_id`` ``"diff"``, name ``"<A> / <B>"``; unit ids
        ``a:…`` from `G1`, ``b:…`` for units only in `G2`; tasks keyed by code, as always), holding
        every unit, task and tie of either graph.
    changes : dict
        ``"nodes"``: node → change; ``"ties"``: ``(from, to, role_or_kind)`` → change; changes
        being ``"same"``, ``"only_a"``, ``"only_b"`` or ``"changed"``.

    Raises
    ------
    GraphError
        If `G1` or `G2` is not an organisation graph (:func:`orggraph.check_graph`).

    See Also
    --------
    draw_diff : Draw the merged graph with the changes marked.

    Examples
    --------
    >>> from collections import Counter
    >>> import orggraph
    >>> g = orggraph.load_dataset("nova2008")
    >>> merged, changes = diff_graph(g["hamar"], g["skaun"])
    >>> merged.graph["name"], changes["nodes"]["allocate_temporary"]
    ('Hamar / Skaun', 'only_b')
    >>> sorted(Counter(changes["nodes"].values()).items())
    [('changed', 9), ('only_a', 5), ('only_b', 4)]
    >>> set(diff_graph(g["ski"], g["ski"])[1]["nodes"].values())
    {'same'}
    """
    G1, G2 = check_graph(G1), check_graph(G2)
    match = match_units(G1, G2)
    back = {v: u for u, v in match.items()}
    node_of_a = {u: f"a:{u}" for u in unit_nodes(G1)}
    node_of_b = {v: (f"a:{back[v]}" if v in back else f"b:{v}") for v in unit_nodes(G2)}
    units, changes = [], {}
    for u in unit_nodes(G1):
        d = G1.nodes[u]
        name = d.get("name") or u
        name_en = d.get("name_en") or ""
        if u in match:
            other = G2.nodes[match[u]]
            if (other.get("name") or match[u]) != name:
                name = f"{name} / {other.get('name') or match[u]}"
            if other.get("name_en") and other.get("name_en") != name_en:
                name_en = f"{name_en or d.get('name') or u} / {other['name_en']}"
        units.append({"municipality_id": "diff", "unit_id": node_of_a[u], "name": name, "name_en": name_en,
                      "unit_type": d["unit_type"], "level": d.get("level") or ""})
        changes[node_of_a[u]] = "same" if u in match else "only_a"
    for v in unit_nodes(G2):
        if v not in back:
            d = G2.nodes[v]
            units.append({"municipality_id": "diff", "unit_id": node_of_b[v], "name": d.get("name") or v,
                          "name_en": d.get("name_en") or "", "unit_type": d["unit_type"],
                          "level": d.get("level") or ""})
            changes[node_of_b[v]] = "only_b"

    resp_a = {(node_of_a[u], t, d["role"]) for u, t, d in responsibility_edges(G1)}
    resp_b = {(node_of_b[u], t, d["role"]) for u, t, d in responsibility_edges(G2)}
    coord_a = {(node_of_a[a], node_of_a[b], d["kind"]): d.get("team_role") or "" for a, b, d in coordination_edges(G1)}
    coord_b = {(node_of_b[a], node_of_b[b], d["kind"]): d.get("team_role") or "" for a, b, d in coordination_edges(G2)}
    ties: dict[tuple[str, Hashable, str], str] = {}
    for key in resp_a | resp_b:
        ties[key] = _side(key in resp_a, key in resp_b)
    for key in coord_a.keys() | coord_b.keys():
        ties[key] = _side(key in coord_a, key in coord_b)
        if ties[key] == "same" and coord_a[key] != coord_b[key]:
            ties[key] = "changed"
    for t in sorted(cast(set[str], set(task_nodes(G1)) | set(task_nodes(G2))), key=list(voc.TASKS).index):  # by code
        ha = {k for k in resp_a if k[1] == t}
        hb = {k for k in resp_b if k[1] == t}
        changes[t] = (_side(bool(ha), bool(hb)) if not (ha and hb) else
                                "same" if ha == hb else "changed")
    for unit, change in list(changes.items()):
        if change == "same" and any(c != "same" and unit in k[:2] for k, c in ties.items()):
            changes[unit] = "changed"

    tables = {
        "municipalities": [{"municipality_id": "diff", "name": f"{display_name(G1, 'A')} / {display_name(G2, 'B')}"}],
        "units": units,
        "responsibilities": [{"municipality_id": "diff", "unit_id": u, "task": t, "role": r}
                             for u, t, r in sorted(resp_a | resp_b)],
        "coordination": [{"municipality_id": "diff", "from_unit": a, "to_unit": b, "kind": k,
                          "team_role": coord_b.get((a, b, k), "") or coord_a.get((a, b, k), "")}
                         for a, b, k in sorted(coord_a.keys() | coord_b.keys())],
    }
    return from_tables(tables)["diff"], {"nodes": changes, "ties": ties}


def _side(in_a: bool, in_b: bool) -> str:
    return "same" if in_a and in_b else "only_a" if in_a else "only_b"


def _edge_change(ties: dict, u: str, v: str, key: object) -> str:
    """The change of a drawn edge, found by its ends and the role or kind named in its key."""
    candidates = {k[2]: c for k, c in ties.items() if k[:2] == (u, v)}
    for what, change in candidates.items():
        if what in str(key):
            return change
    return next(iter(candidates.values())) if len(candidates) == 1 else "same"


def _append_label(attr: Mapping[str, Any], text: str) -> str:
    old = str(attr.get("label") or "")
    return f"{old}\\n{escape_label(f'[{text}]', width=40)}"


def draw_diff(
    G1: nx.Graph,
    G2: nx.Graph,
    path: str | os.PathLike | None = None,
    *,
    format: str | None = None,
    lang: str = "en",
    names: tuple[str, str] | None = None,
    legend: bool = True,
    dpi: int = 300,
    overwrite: bool = False,
) -> pgv.AGraph:
    r"""Draw one org chart of `G1` (A) and `G2` (B) with what is only in A, only in B, or changed marked.

    Parameters
    ----------
    G1 : networkx.MultiGraph
        The first organisation graph (A): a municipality, or a scenario's before.
    G2 : networkx.MultiGraph
        The second (B): another municipality, or the scenario's after.
    path : str or os.PathLike, optional
        Where to write the figure; None to only return the graph. The file is written whole or
        not at all.
    format : {"svg", "pdf", "png"}, optional
        Default from `path`'s extension, else svg.
    lang : {"en", "no"}, default "en"
        English or Norwegian labels.
    names : tuple of (str, str), optional
        What to call A and B; default the municipalities' names (``A``/``B``
        when they are missing or the same, as for a scenario).
    legend : bool, default True
        Draw the marks' legend and the org-chart legend.
    dpi : int, default 300
        Resolution of a PNG (300 for print; at least :data:`~orggraph.drawing.orgchart.MIN_DPI`), also
        written into the file, as in :func:`orggraph.draw_orgchart`.
    overwrite : bool, default False
        Replace a file already at `path` (else :class:`~orggraph.OverwriteError`, before anything is drawn).

    Returns
    -------
    pygraphviz.AGraph
        The laid-out chart. Node names are those of :func:`diff_graph`; each task is a node of
        its own (``task_boxes=False`` in :func:`orggraph.draw_orgchart`).

    Raises
    ------
    OverwriteError
        If `path` exists and `overwrite` is false.
    ValueError
        If `format` or `lang` is unknown, or `dpi` too low (as in :func:`orggraph.draw_orgchart`).
    GraphError
        If `G1` or `G2` is not an organisation graph (:func:`orggraph.check_graph`).
    OrgGraphError
        If the merged chart cannot be drawn (too many units, Graphviz missing or failing; see
        :func:`orggraph.draw_orgchart`).

    See Also
    --------
    diff_graph : The merged graph and the change of each part.

    Examples
    --------
    >>> import os, tempfile
    >>> import orggraph
    >>> g = orggraph.load_dataset("nova2008")
    >>> A = draw_diff(g["hamar"], g["skaun"], names=("before", "after"))
    >>> print(A.get_node("allocate_temporary").attr["label"])
    Allocate temporary\nhousing\n[+ only in after]
    >>> folder = tempfile.mkdtemp()
    >>> A = draw_diff(g["hamar"], g["skaun"], os.path.join(folder, "hamar_skaun.svg"), lang="no")
    >>> os.listdir(folder)
    ['hamar_skaun.svg']
    """
    if path is not None and format is None:
        format = Path(path).suffix.lstrip(".").casefold() or "svg"
    format = format or "svg"
    if format not in FORMATS:
        msg = f"unknown format `{format}`; use one of {FORMATS}"
        raise ValueError(msg)
    check_dpi(dpi)
    if path is not None:
        refuse_overwrite(path, overwrite=overwrite)
    G1, G2 = check_graph(G1), check_graph(G2)
    a_name, b_name = names or (display_name(G1, "A"), display_name(G2, "B"))
    if a_name == b_name:
        a_name, b_name = "A", "B"
    merged, changes = diff_graph(G1, G2)
    A = draw_orgchart(merged, lang=lang, centre=False, legend=legend, title=False, task_boxes=False)
    for node, change in changes["nodes"].items():
        if change == "same":
            continue
        n = A.get_node(node)
        marks = DIFF_MARKS[change]
        n.attr.update(marks["node"])
        n.attr["label"] = _append_label(n.attr, marks["mark"][lang].format(a=a_name, b=b_name))
    for u, v, key in A.edges(keys=True):
        change = _edge_change(changes["ties"], u, v, key)
        if change in ("only_a", "only_b"):
            A.get_edge(u, v, key).attr.update(DIFF_MARKS[change]["edge"])
    _label(A, lang, a_name, b_name, legend)
    A.layout(prog="dot")
    if path is not None:
        if format == "png":  # Graphviz's `dpi` scales every output: set for the PNG alone
            A.graph_attr["dpi"] = str(dpi)
            try:
                data = graphviz_png(A.draw(format="png"), dpi)  # in-process Graphviz: its own PNG
            finally:
                A.graph_attr["dpi"] = ""
        else:
            data = A.draw(format=format)
        with atomic_write(Path(path), "wb") as fh:
            fh.write(data)
    return A


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _label(A: pgv.AGraph, lang: str, a: str, b: str, legend: bool) -> None:
    """Put the title and the marks' legend above the org chart's own legend (all text escaped)."""
    text = _TEXT[lang]
    rows = [f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="16">{_html(text["title"].format(a=a, b=b))}</FONT></TD></TR>']
    if legend:
        cells: Iterable[str] = (
            f'<TR><TD><B>━━━ +</B></TD><TD ALIGN="LEFT">{_html(text["only_b"].format(b=b))}</TD></TR>',
            f'<TR><TD><FONT COLOR="#737373">- - - −</FONT></TD><TD ALIGN="LEFT">'
            f'{_html(text["only_a"].format(a=a))}</TD></TR>',
            f'<TR><TD>◸ ◹</TD><TD ALIGN="LEFT">{_html(text["changed"])}</TD></TR>',
        )
        rows.append('<TR><TD><TABLE BORDER="1" COLOR="#bdbdbd" CELLBORDER="0" CELLSPACING="2" CELLPADDING="2">'
                    f'<TR><TD COLSPAN="2" ALIGN="LEFT"><B>{_html(text["changes"])}</B></TD></TR>'
                    + "".join(cells) + "</TABLE></TD></TR>")
        old = str(A.graph_attr.get("label") or "")  # pygraphviz gives an HTML label without its outer <>
        if old.startswith("<<") and old.endswith(">>"):
            old = old[1:-1]
        if old.startswith("<TABLE"):
            rows.append(f"<TR><TD>{old}</TD></TR>")
    A.graph_attr["label"] = '<<TABLE BORDER="0" CELLSPACING="4">' + "".join(rows) + "</TABLE>>"
