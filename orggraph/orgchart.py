"""Org charts of one municipality, drawn with Graphviz (pygraphviz).

:func:`draw_orgchart` lays out strategic units on top, operative units below
them and tasks at the bottom grouped by instrument; units are coloured by
sector; responsibility ties are styled by role and coordination ties by kind;
the centre-type housing office (:func:`orggraph.find_centre`), if any, has a
thick outline; a legend explains it all. Labels are English or Norwegian.
Every label is escaped for Graphviz, so names with quotes, brackets, ``<``,
``&``, backslashes, newlines or æøå are drawn as written and never read as
HTML labels or escape sequences.

Examples
--------
>>> import orggraph
>>> A = draw_orgchart(orggraph.load_dataset("nova2008")["porsgrunn"])
>>> A.get_node("boliggruppe").attr["penwidth"]
'3.5'
"""

from __future__ import annotations

import itertools
import os
import textwrap
from pathlib import Path

import networkx as nx
import pygraphviz as pgv

from orggraph import vocabulary as voc
from orggraph.centre import find_centre
from orggraph.graph import coordination_edges, responsibility_edges, task_nodes, unit_nodes

__all__ = ["FORMATS", "SECTOR_COLOURS", "draw_orgchart", "escape_label", "orgchart_svg"]

FORMATS = ("svg", "pdf", "png")

SECTOR_COLOURS = {
    "technical": "#9ecae1", "housing": "#fdae6b", "social": "#fc9272", "health_care": "#a1d99b",
    "service": "#fee391", "strategic": "#bcbddc", "cross_sector": "#e0e0e0", "other": "#f0f0f0",
}
ROLE_STYLES = {
    "decides": {"style": "solid", "penwidth": "2.2", "color": "#252525"},
    "recommends": {"style": "dashed", "penwidth": "1.6", "color": "#252525"},
    "secretary": {"style": "bold,dotted", "penwidth": "2.0", "color": "#252525"},
    "participates": {"style": "solid", "penwidth": "0.9", "color": "#969696"},
    "executes": {"style": "solid", "penwidth": "1.2", "color": "#6a51a3"},
}
KIND_STYLES = {
    "team_membership": {"style": "dashed", "color": "#2171b5", "dir": "forward", "arrowhead": "dot"},
    "forum_membership": {"style": "dashed", "color": "#807dba", "dir": "forward", "arrowhead": "dot"},
    "consultation": {"style": "dotted", "color": "#238b45", "dir": "both", "arrowhead": "none",
                     "arrowtail": "none", "penwidth": "1.6"},
    "informal": {"style": "dotted", "color": "#969696", "dir": "none"},
    "ordering": {"style": "solid", "color": "#d94801", "dir": "forward", "arrowhead": "normal"},
    "reporting": {"style": "solid", "color": "#41ab5d", "dir": "forward", "arrowhead": "vee"},
    "part_of": {"style": "solid", "color": "#737373", "dir": "forward", "arrowhead": "odiamond"},
}
_TEXT = {
    "en": {"legend": "Legend", "centre": "centre of the social-housing field"},
    "no": {"legend": "Tegnforklaring", "centre": "senter for det boligsosiale arbeidet"},
}


def escape_label(text: object, *, width: int = 22) -> str:
    r"""Return `text` wrapped at `width` characters and escaped as a plain Graphviz label.

    Backslashes are doubled (so ``\N`` or ``\l`` stay literal), line breaks
    become Graphviz ``\n``, and a label that would start with ``<`` and end
    with ``>`` (an HTML label to Graphviz) gets a trailing space so that it is
    drawn as text.

    Examples
    --------
    >>> escape_label('<b>"x" & y</b>')
    '<b>"x" & y</b> '
    >>> print(escape_label("a\\N b"))
    a\\N b
    >>> print(escape_label("two\nlines"))
    two\nlines
    """
    lines = []
    for para in str(text).splitlines() or [""]:
        lines.extend(textwrap.wrap(para, width=width, break_long_words=True) or [""])
    out = "\\n".join(line.replace("\\", "\\\\") for line in lines)
    if out.startswith("<") and out.endswith(">"):
        out += " "
    return out


def _unit_label(G: nx.Graph, u: str, lang: str) -> str:
    d = G.nodes[u]
    name = d.get("name_en") if lang == "en" and d.get("name_en") else d.get("name") or u
    return escape_label(name)


def draw_orgchart(
    G: nx.Graph,
    path: str | os.PathLike | None = None,
    *,
    format: str | None = None,
    lang: str = "en",
    centre: bool = True,
    legend: bool = True,
    title: bool = True,
) -> pgv.AGraph:
    """Draw one municipality's org chart with Graphviz and optionally write it.

    Parameters
    ----------
    G
        An organisation graph.
    path
        Where to write the figure; None to only return the graph.
    format
        ``svg``, ``pdf`` or ``png``; default from `path`'s extension, else svg.
    lang
        ``en`` or ``no`` labels.
    centre
        Outline the centre-type housing office found by :func:`orggraph.find_centre`.
    legend, title
        Draw the legend and the municipality's name.

    Returns
    -------
    pygraphviz.AGraph
        The laid-out graph (``dot``), ready for further styling or drawing.
    """
    from orggraph.graph import check_graph

    G = check_graph(G)
    if lang not in voc.LANGUAGES:
        msg = f"unknown language `{lang}`; use one of {voc.LANGUAGES}"
        raise ValueError(msg)
    if path is not None and format is None:
        format = Path(path).suffix.lstrip(".").casefold() or "svg"
    format = format or "svg"
    if format not in FORMATS:
        msg = f"unknown format `{format}`; use one of {FORMATS}"
        raise ValueError(msg)
    text = _TEXT[lang]
    A = pgv.AGraph(strict=False, directed=True)
    A.graph_attr.update(rankdir="LR", fontname="Helvetica", fontsize="9", nodesep="0.18",
                        ranksep="0.9", newrank="true", size="7.5,10.5", dpi="150")
    A.node_attr.update(fontname="Helvetica", fontsize="10", style="filled", shape="box")
    A.edge_attr.update(arrowhead="none", fontname="Helvetica", fontsize="8")

    centre_unit = find_centre(G).unit if centre else None
    units = unit_nodes(G)
    for u in units:
        d = G.nodes[u]
        attrs = {"label": _unit_label(G, u, lang), "fillcolor": SECTOR_COLOURS.get(d.get("sector"), "#ffffff"),
                 "shape": {"team": "hexagon", "forum": "octagon"}.get(d.get("unit_type"), "box"),
                 "style": "filled,rounded" if d.get("unit_type") not in ("team", "forum") else "filled",
                 "penwidth": "1"}
        if u == centre_unit:
            attrs |= {"penwidth": "3.5", "color": "#b30000"}
        A.add_node(u, **attrs)
    bodies = [u for u in units if G.nodes[u].get("unit_type") in ("team", "forum")]
    plain = [u for u in units if u not in bodies]
    # strategic units first so that they are drawn on top of the unit column
    plain.sort(key=lambda u: (G.nodes[u].get("level") != "strategic", units.index(u)))
    A.add_subgraph(plain, name="rank_units", rank="same")
    for a, b in itertools.pairwise(plain):  # keeps this order top to bottom
        A.add_edge(a, b, key="order", style="invis")
    if bodies:
        A.add_subgraph(bodies, name="rank_bodies", rank="same")
    by_instrument: dict[str, list[str]] = {}
    for t in task_nodes(G):
        by_instrument.setdefault(voc.TASKS[t].instrument, []).append(t)
    for inst, tasks in by_instrument.items():
        sub = A.add_subgraph(name=f"cluster_{inst}", label=escape_label(voc.INSTRUMENTS[inst].label(lang), width=30),
                             style="rounded,dashed", color="#bdbdbd", fontsize="9", fontcolor="#636363")
        for t in tasks:
            level = voc.TASKS[t].level
            sub.add_node(t, label=escape_label(voc.TASKS[t].label(lang), width=18), shape="note",
                         fillcolor="#ffffff" if level != "strategic" else "#efedf5", fontsize="9")
    for u, t, d in responsibility_edges(G):
        style = ROLE_STYLES[d["role"]]
        A.add_edge(u, t, key=f"r:{d['role']}", **style)
    for a, b, d in coordination_edges(G):
        style = dict(KIND_STYLES[d["kind"]])
        if d["kind"] in ("team_membership", "forum_membership") and d.get("team_role") in ("leader", "secretary"):
            style["label"] = escape_label(voc.TEAM_ROLES[d["team_role"]].label(lang))
            style["penwidth"] = "2"
        A.add_edge(a, b, key=f"c:{d['kind']}", constraint="false" if d["kind"] != "part_of" else "true",
                   **style)
    name = str(G.graph.get("name") or G.graph.get("municipality_id") or "") if title else ""
    if legend or name:
        # title and legend form the graph's own label, so they never collide with the layout
        rows = [f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="18">{_html(name)}</FONT></TD></TR>'] if name else []
        if legend:
            rows.append(f"<TR><TD>{_legend_table(G, lang, text, centre_unit)}</TD></TR>")
        A.graph_attr.update(label='<<TABLE BORDER="0" CELLSPACING="4">' + "".join(rows) + "</TABLE>>",
                            labelloc="t", labeljust="l")
    A.layout(prog="dot")
    if path is not None:
        from orggraph.io import _atomic

        target = Path(path)
        data = A.draw(format=format)
        with _atomic(target, "wb") as fh:
            fh.write(data)
    return A


_ROLE_GLYPH = {"decides": ("<B>———</B>", None), "recommends": ("– – –", None),
               "secretary": ("<B>• • • •</B>", None), "participates": ("———", "#969696"),
               "executes": ("——▶", None)}
_KIND_GLYPH = {"team_membership": "– – ●", "forum_membership": "– – ●", "consultation": "· · · ·",
               "informal": "· · · ·", "ordering": "——▶", "reporting": "——▷", "part_of": "——◇"}


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _legend_table(G: nx.Graph, lang: str, text: dict, centre_unit: str | None, *, columns: int = 3) -> str:
    """Return the legend as an HTML table built from the vocabulary only (every text escaped)."""
    sectors = sorted({G.nodes[u].get("sector") for u in unit_nodes(G)} - {None},
                     key=lambda s: list(voc.SECTORS).index(s))
    cells = []
    for sec in sectors:
        cells.append((f'<TD BGCOLOR="{SECTOR_COLOURS[sec]}" STYLE="rounded" WIDTH="22"> </TD>',
                      voc.SECTORS[sec].label(lang)))
    if centre_unit:
        cells.append(('<TD BORDER="3" COLOR="#b30000" STYLE="rounded" WIDTH="22"> </TD>', text["centre"]))
    for r in sorted({d["role"] for *_, d in responsibility_edges(G)}, key=list(voc.ROLES).index):
        glyph, colour = _ROLE_GLYPH[r]
        cells.append((f'<TD><FONT COLOR="{colour or ROLE_STYLES[r]["color"]}">{glyph}</FONT></TD>',
                      voc.ROLES[r].label(lang)))
    for k in sorted({d["kind"] for *_, d in coordination_edges(G)}, key=list(voc.COORDINATION_KINDS).index):
        cells.append((f'<TD><FONT COLOR="{KIND_STYLES[k]["color"]}">{_KIND_GLYPH[k]}</FONT></TD>',
                      voc.COORDINATION_KINDS[k].label(lang)))
    rows = []
    for start in range(0, len(cells), columns):
        chunk = cells[start:start + columns]
        rows.append("<TR>" + "".join(f'{mark}<TD ALIGN="LEFT">{_html(label)}</TD>' for mark, label in chunk)
                    + "</TR>")
    return ('<TABLE BORDER="1" COLOR="#bdbdbd" STYLE="rounded" CELLBORDER="0" CELLSPACING="1" CELLPADDING="2">'
            f'<TR><TD COLSPAN="{2 * columns}" ALIGN="LEFT"><FONT POINT-SIZE="9"><B>{_html(text["legend"])}'
            f'</B></FONT></TD></TR>' + "".join(rows) + "</TABLE>")


def orgchart_svg(G: nx.Graph, *, lang: str = "en") -> str:
    """Return the org chart of `G` as an SVG string (for notebooks and web pages)."""
    return draw_orgchart(G, lang=lang).draw(format="svg").decode("utf-8")
