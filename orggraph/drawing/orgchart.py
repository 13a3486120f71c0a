"""Org charts of one municipality, drawn with Graphviz.

:func:`draw_orgchart` lays out units on the left (strategic units on top),
teams and forums beside them and tasks on the right, grouped by instrument in
the same order in every chart; units are filled by sector; responsibility ties
are styled by role and coordination ties by kind (:mod:`orggraph.drawing.styles`:
every category is told apart in greyscale too); the centre-type housing
office (:func:`orggraph.find_centre`), if any, has a thick double outline; a
legend lists exactly the styles the chart uses. Labels are English or
Norwegian. Every label is escaped for Graphviz, so names with quotes,
brackets, ``<``, ``&``, backslashes, newlines or æøå are drawn as written and
never read as HTML labels or escape sequences.

Graphviz runs as a separate ``dot`` process with a time limit, so that a
failure inside Graphviz (it aborts on some very large graphs) can never take
the Python process or the Jupyter kernel down: it becomes an
:class:`~orggraph.OrgGraphError`. Charts of more than :data:`MAX_UNITS` units
are refused at once (they cannot be read on a page; draw the matrix or a
part of the graph instead), so any chart either renders or gets an error
within `timeout` seconds.

In the drawing layer (:mod:`orggraph.drawing`) this module draws one
municipality: it takes its colours and line styles from
:mod:`~orggraph.drawing.styles`, the centre from the analysis layer
(:func:`orggraph.find_centre`) and its words from the vocabulary
(:mod:`orggraph.core.vocabulary`); :mod:`~orggraph.drawing.diffchart`,
:mod:`~orggraph.drawing.plot` (the small multiples, through
:func:`orgchart_layout` and :func:`draw_layout`) and
:mod:`~orggraph.drawing.report` build on it. pygraphviz and matplotlib are
imported only inside the functions that need them.

Examples
--------
>>> import orggraph
>>> A = draw_orgchart(orggraph.load_dataset("nova2008")["porsgrunn"])
>>> A.get_node("boliggruppe").attr["penwidth"]
'3.5'
"""

from __future__ import annotations

import functools
import itertools
import json
import operator
import os
import shutil
import subprocess
import tempfile
import textwrap
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import networkx as nx

from orggraph._errors import OrgGraphError
from orggraph._files import atomic_write, refuse_overwrite
from orggraph._png import graphviz_png, graphviz_raster
from orggraph.analysis.centre import find_centre
from orggraph.core import vocabulary as voc
from orggraph.core.graph import check_graph, coordination_edges, responsibility_edges, task_nodes, unit_nodes
from orggraph.drawing.styles import CENTRE_COLOUR, KIND_STYLES, ROLE_STYLES, SECTOR_STYLES

if TYPE_CHECKING:
    import pygraphviz as pgv
    from matplotlib.axes import Axes

__all__ = ["BATCH", "FORMATS", "MAX_UNITS", "MIN_DPI", "PAD", "TIMEOUT", "draw_orgchart", "draw_orgcharts",
           "escape_label", "orgchart_layout", "orgchart_svg"]

#: File formats :func:`draw_orgchart` writes.
FORMATS = ("svg", "pdf", "png")
#: Charts with more units than this are refused up front (unreadable on a page, and slow in Graphviz).
MAX_UNITS = 400
#: Default time limit (seconds) for one Graphviz run.
TIMEOUT = 60.0
#: Charts :func:`draw_orgcharts` renders as PNG in one Graphviz process (whose pictures are then read one
#: at a time).
BATCH = 12
#: Margin around a chart (Graphviz's ``pad``, inches).
PAD = 0.1
#: Lowest resolution of a PNG chart: its margin is then 3 pixels wide, so that the outermost row and
#: column hold no part of the drawing (:func:`orggraph._png.graphviz_png` writes them white). Graphviz
#: rounds the canvas to whole pixels; at 10 and 15 dpi the drawing reached into them, from 20 dpi on it did
#: not (all 22 charts, 20 to 150 dpi).
MIN_DPI = 30
_FONT = "Helvetica"
_TEXT = {
    "en": {"legend": "Legend", "centre": "Centre of the social-housing field"},
    "no": {"legend": "Tegnforklaring", "centre": "Senter for det boligsosiale arbeidet"},
}
_INSTRUMENT_NODE = "instrument:"  # ids of the instrument boxes (":" is never in a unit id)
# DOT source → Graphviz JSON layout and the SVG of the same run (most recent 64)
_LAYOUTS: OrderedDict[str, tuple[dict, bytes]] = OrderedDict()


def escape_label(text: object, *, width: int = 22) -> str:
    r"""Return `text` wrapped at `width` characters and escaped as a plain Graphviz label.

    Backslashes are doubled (so ``\N`` or ``\l`` stay literal), line breaks
    become Graphviz ``\n``, and a label that would start with ``<`` and end
    with ``>`` (an HTML label to Graphviz) gets a trailing space so that it is
    drawn as text.

    Parameters
    ----------
    text : object
        The label; anything, turned into text with ``str``. Its own line breaks are kept.
    width : int, default 22
        Wrap lines at this many characters (:func:`textwrap.wrap`; longer words are broken).

    Returns
    -------
    str
        The label to give Graphviz as a plain (quoted) string, never read as HTML or as an escape.

    Examples
    --------
    >>> print(escape_label("Boligkontor for vanskeligstilte og rusavhengige"))
    Boligkontor for\nvanskeligstilte og\nrusavhengige
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


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _html_lines(text: str, width: int) -> str:
    return "<BR/>".join(_html(line) for line in textwrap.wrap(text, width)) or " "


def _unit_label(G: nx.Graph, u: Hashable, lang: str) -> str:
    d = G.nodes[u]
    name = d.get("name_en") if lang == "en" and d.get("name_en") else d.get("name") or u
    # teams and forums are hexagons and octagons, wider than their text: narrower lines keep them small
    return escape_label(name, width=14 if d.get("unit_type") in ("team", "forum") else 18)


def _task_order(t: str) -> tuple[int, int]:
    return list(voc.INSTRUMENTS).index(voc.TASKS[t].instrument), list(voc.TASKS).index(t)


def _chart(G: nx.Graph, *, lang: str, centre: bool, legend: bool, title: bool, timeout: float,
           task_boxes: bool = True) -> tuple[pgv.AGraph, dict[str, Any], bytes]:
    """Return the chart as a Graphviz graph, its layout and its SVG, with the legend no wider than the chart.

    The legend has two columns; where that makes it wider than the chart, it is laid out in one.
    """
    return _charts([G], lang=lang, centre=centre, legend=legend, title=title, timeout=timeout,
                   task_boxes=task_boxes)[0]


def _charts(graphs: Sequence[nx.Graph], *, lang: str, centre: bool, legend: bool, title: bool, timeout: float,
            task_boxes: bool = True) -> list[tuple[pgv.AGraph, dict[str, Any], bytes]]:
    """:func:`_chart` for many graphs, laid out together (one ``dot`` run for those not laid out before)."""
    whats = [_what(G) for G in graphs]
    charts = [_build(G, lang=lang, centre=centre, legend=legend, title=title, task_boxes=task_boxes)
              for G in graphs]
    layouts = _layouts([A.to_string() for A in charts], timeout=timeout, whats=whats)
    def too_wide(layout: dict[str, Any]) -> bool:
        x0, _, x1, _ = chart_extent(layout, label=False)
        return legend and "lwidth" in layout and float(layout["lwidth"]) * 72 > x1 - x0

    wide = [i for i, (layout, _) in enumerate(layouts) if too_wide(layout)]
    for i in wide:
        charts[i] = _build(graphs[i], lang=lang, centre=centre, legend=legend, title=title, legend_columns=1,
                           task_boxes=task_boxes)
    for i, entry in zip(wide, _layouts([charts[i].to_string() for i in wide], timeout=timeout,
                                       whats=[whats[i] for i in wide]), strict=True):
        layouts[i] = entry
    return [(A, layout, svg) for A, (layout, svg) in zip(charts, layouts, strict=True)]


def _build(G: nx.Graph, *, lang: str, centre: bool, legend: bool, title: bool,
           legend_columns: int = 2, task_boxes: bool = True) -> pgv.AGraph:
    """Return the chart as a Graphviz graph, not yet laid out."""
    try:
        import pygraphviz as pgv
    except ImportError as err:
        msg = ("drawing org charts needs pygraphviz and the Graphviz system packages: install Graphviz "
               "(Debian/Ubuntu: apt-get install graphviz libgraphviz-dev; macOS: brew install graphviz; "
               "Windows/conda: conda install -c conda-forge pygraphviz), then pip install pygraphviz. "
               "Everything else in orggraph works without it.")
        raise OrgGraphError(msg) from err

    text = _TEXT[lang]
    A = pgv.AGraph(strict=False, directed=True)
    A.graph_attr.update(rankdir="LR", fontname=_FONT, fontsize="10", nodesep="0.4", ranksep="0.45",
                        newrank="true", pad=str(PAD))
    A.node_attr.update(fontname=_FONT, fontsize="10", style="filled", shape="box")
    A.edge_attr.update(arrowhead="none", fontname=_FONT, fontsize="10")

    centre_unit = find_centre(G).unit if centre else None
    units = unit_nodes(G)
    for u in units:
        d = G.nodes[u]
        sector = SECTOR_STYLES.get(d.get("sector", "other"), SECTOR_STYLES["other"])
        body = d.get("unit_type") in ("team", "forum")
        styles = ["filled"] + ([] if body else ["rounded"]) + ([sector.border] if sector.border != "solid" else [])
        attrs = {"label": _unit_label(G, u, lang), "fillcolor": sector.fill,
                 "shape": {"team": "hexagon", "forum": "octagon"}.get(d.get("unit_type", ""), "box"),
                 "style": ",".join(styles), "penwidth": "1" if sector.border == "solid" else "1.4"}
        if u == centre_unit:
            attrs |= {"penwidth": "3.5", "color": CENTRE_COLOUR, "peripheries": "2"}
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
    tasks = sorted(cast(list[str], task_nodes(G)), key=_task_order)  # task nodes are keyed by their code
    if task_boxes:
        _add_instrument_boxes(A, G, tasks, lang)
    else:
        _add_task_nodes(A, G, tasks, lang)
    for a, b, d in coordination_edges(G):
        style = KIND_STYLES[d["kind"]].graphviz()
        if d["kind"] in ("team_membership", "forum_membership") and d.get("team_role") in ("leader", "secretary"):
            style["xlabel"] = escape_label(voc.TEAM_ROLES[d["team_role"]].label(lang), width=12)
            style["penwidth"] = "2.2"
        A.add_edge(a, b, key=f"c:{d['kind']}", constraint="false" if d["kind"] != "part_of" else "true", **style)
    name = str(G.graph.get("name") or G.graph.get("municipality_id") or "") if title else ""
    if legend or name:
        # title and legend form the graph's own label, so they never collide with the layout
        rows = [f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="16">{_html(name)}</FONT></TD></TR>'] if name else []
        if legend:
            rows.append(f"<TR><TD>{_legend_table(G, lang, text, centre_unit, columns=legend_columns)}</TD></TR>")
        A.graph_attr.update(label='<<TABLE BORDER="0" CELLSPACING="2">' + "".join(rows) + "</TABLE>>",
                            labelloc="t", labeljust="l")
    return A


def _add_instrument_boxes(A: pgv.AGraph, G: nx.Graph, tasks: list[str], lang: str) -> None:
    """Tasks as rows of one box per instrument; the boxes keep the vocabulary's order in every chart."""
    # one node per instrument, a table of its tasks: instruments keep the vocabulary's order top to bottom
    # in every chart (an invisible chain, as for the units), which Graphviz clusters would not
    groups = [(inst, list(ts)) for inst, ts in itertools.groupby(tasks, key=lambda t: voc.TASKS[t].instrument)]
    boxes = []
    for inst, group in groups:
        rows = [f'<TR><TD BORDER="0" ALIGN="LEFT" BALIGN="LEFT"><I>{_html_lines(voc.INSTRUMENTS[inst].label(lang), 30)}'
                "</I></TD></TR>"]
        for t in group:
            fill = "#EEEEEE" if voc.TASKS[t].level == "strategic" else "#FFFFFF"
            rows.append(f'<TR><TD PORT="{t}" BGCOLOR="{fill}" BORDER="1" ALIGN="LEFT" BALIGN="LEFT" CELLPADDING="4">'
                        f"{_html_lines(voc.TASKS[t].label(lang), 20)}</TD></TR>")
        box = _INSTRUMENT_NODE + inst
        A.add_node(box, shape="plain", style="", label='<<TABLE BORDER="1" STYLE="rounded" COLOR="#7F7F7F" '
                   'CELLBORDER="0" CELLSPACING="3" CELLPADDING="2">' + "".join(rows) + "</TABLE>>")
        boxes.append(box)
    if boxes:
        A.add_subgraph(boxes, name="rank_tasks", rank="same")
        for a, b in itertools.pairwise(boxes):
            A.add_edge(a, b, key="order", style="invis")
    for u, t, d in cast(list[tuple[Hashable, str, dict]], responsibility_edges(G)):  # tasks keyed by code
        A.add_edge(u, _INSTRUMENT_NODE + voc.TASKS[t].instrument, key=f"r:{d['role']}:{t}", headport=f"{t}:w",
                   **ROLE_STYLES[d["role"]].graphviz())


def _add_task_nodes(A: pgv.AGraph, G: nx.Graph, tasks: list[str], lang: str) -> None:
    """Tasks as nodes of their own (in a cluster per instrument), so that callers can restyle single tasks."""
    for inst, group in itertools.groupby(tasks, key=lambda t: voc.TASKS[t].instrument):
        sub = A.add_subgraph(name=f"cluster_{inst}", label=escape_label(voc.INSTRUMENTS[inst].label(lang), width=30),
                             style="rounded,dashed", color="#7F7F7F", fontsize="10")
        for t in group:
            fill = "#EEEEEE" if voc.TASKS[t].level == "strategic" else "#FFFFFF"
            sub.add_node(t, label=escape_label(voc.TASKS[t].label(lang), width=20), shape="note", fillcolor=fill)
    for u, t, d in cast(list[tuple[Hashable, str, dict]], responsibility_edges(G)):  # tasks keyed by code
        A.add_edge(u, t, key=f"r:{d['role']}", **ROLE_STYLES[d["role"]].graphviz())


def _legend_table(G: nx.Graph, lang: str, text: dict, centre_unit: Hashable | None, *, columns: int = 2) -> str:
    """Return the legend as an HTML table: one entry per style the chart uses, words from the vocabulary."""
    sectors = sorted({G.nodes[u].get("sector") or "other" for u in unit_nodes(G)}, key=list(voc.SECTORS).index)
    cells = []
    for sec in sectors:
        st = SECTOR_STYLES[sec]
        style = "rounded" if st.border == "solid" else f"rounded,{st.border}"
        cells.append((f'<TD BGCOLOR="{st.fill}" BORDER="1" STYLE="{style}" WIDTH="26"> </TD>',
                      voc.SECTORS[sec].label(lang)))
    if centre_unit:
        cells.append((f'<TD BORDER="3" COLOR="{CENTRE_COLOUR}" STYLE="rounded" WIDTH="26"> </TD>', text["centre"]))
    for r in sorted({d["role"] for *_, d in responsibility_edges(G)}, key=list(voc.ROLES).index):
        line = ROLE_STYLES[r]
        cells.append((f'<TD><FONT COLOR="{line.colour}">{line.glyph}</FONT></TD>', voc.ROLES[r].label(lang)))
    for k in sorted({d["kind"] for *_, d in coordination_edges(G)}, key=list(voc.COORDINATION_KINDS).index):
        line = KIND_STYLES[k]
        cells.append((f'<TD><FONT COLOR="{line.colour}">{line.glyph}</FONT></TD>',
                      voc.COORDINATION_KINDS[k].label(lang)))
    rows = []
    for start in range(0, len(cells), columns):
        chunk = cells[start:start + columns]
        rows.append("<TR>" + "".join(
            f'{mark}<TD ALIGN="LEFT" BALIGN="LEFT">{_html_lines(label, 26)}</TD>'
            for mark, label in chunk) + "</TR>")
    return ('<TABLE BORDER="1" COLOR="#7F7F7F" STYLE="rounded" CELLBORDER="0" CELLSPACING="1" CELLPADDING="2">'
            f'<TR><TD COLSPAN="{2 * columns}" ALIGN="LEFT"><B>{_html(text["legend"])}</B></TD></TR>'
            + "".join(rows) + "</TABLE>")


def _dot(source: str, formats: tuple[str, ...], *, dpi: int, timeout: float, what: str) -> list[bytes]:
    """Run Graphviz ``dot`` on `source` in its own process, laying it out once; return the output in each format.

    `dpi` is given to Graphviz only for a PNG (it scales every output of the run, SVG and JSON too). A PNG
    is rendered as :func:`orggraph._png.graphviz_raster` says and written by :func:`orggraph._png.graphviz_png`,
    with its resolution.
    """
    return _dot_many([source], formats, dpi=dpi, timeout=timeout, whats=[what])[0]


def _dot_many(sources: list[str], formats: tuple[str, ...], *, dpi: int, timeout: float,
              whats: list[str]) -> list[list[bytes]]:
    """:func:`_dot` for many charts. The PNGs of many charts come from one ``dot`` process (`timeout` for each
    chart), whose pictures are read back one at a time (:func:`_pictures`): a process for each chart cost
    about 20 ms of starting and a fresh canvas of page faults, for the 22 charts of the report about 0.7 of
    the 1.2 CPU seconds their 300-dpi pictures took. Other formats, and a run that fails or whose pictures
    cannot be told apart, take a process for each chart (which names the one that fails)."""
    exe = shutil.which("dot")
    if exe is None:
        msg = "the Graphviz `dot` program was not found on PATH; install Graphviz (apt-get install graphviz)"
        raise OrgGraphError(msg)
    asked = [graphviz_raster(exe) if fmt == "png" else fmt for fmt in formats]
    if len(sources) > 1 and formats == ("png",):
        try:
            def read(path: Path) -> list[bytes]:  # each picture encoded as it is read
                return [graphviz_png(picture, dpi) for picture in _pictures(path, asked[0], len(sources))]

            pngs = _run_dot(exe, "\n".join(sources), asked, dpi=dpi, timeout=timeout * len(sources),
                            what=f"the org charts of {len(sources)} municipalities", read=read)[0]
        except _Timeout:
            raise
        except (_BatchError, OrgGraphError):
            pass  # each on its own below
        else:
            return [[png] for png in pngs]
    return [[graphviz_png(data, dpi) if fmt == "png" else data
             for fmt, data in zip(formats, _run_dot(exe, source, asked, dpi=dpi, timeout=timeout,
                                                    what=f"the org chart of {what}"), strict=True)]
            for source, what in zip(sources, whats, strict=True)]


class _BatchError(Exception):
    """The pictures of one run over many charts could not be told apart."""


class _Timeout(OrgGraphError):
    """Graphviz ran past its time limit."""


def _run_dot(exe: str, source: str, asked: list[str], *, dpi: int, timeout: float, what: str,
             read: Callable[[Path], Any] = Path.read_bytes) -> list[Any]:
    """One ``dot`` process over `source` (one or more graphs); its output in each of the `asked` formats,
    each file given to `read`.

    One format comes from the standard output, where Graphviz writes the output of every graph in turn
    (into a file, read once: a pipe's pieces would be joined, twice the memory); several go to files of
    their own (``-o``, which keeps the last graph's output only)."""
    with tempfile.TemporaryDirectory(prefix="orggraph-dot-") as tmp:
        outs = [Path(tmp) / f"chart.{fmt}" for fmt in asked]
        cmd = ([exe, *(arg for fmt, out in zip(asked, outs, strict=True) for arg in (f"-T{fmt}", f"-o{out}"))]
               if len(asked) > 1 else [exe, f"-T{asked[0]}"])
        cmd += [f"-Gdpi={dpi}"] if any(fmt in ("png", "bmp") for fmt in asked) else []
        try:
            with open(outs[0] if len(asked) == 1 else os.devnull, "wb") as stdout:
                proc = subprocess.run(cmd, input=source.encode("utf-8"), stdout=stdout, stderr=subprocess.PIPE,
                                      timeout=timeout, check=False, cwd=tmp)
        except subprocess.TimeoutExpired:
            msg = f"Graphviz did not finish {what} within {timeout:g} s; draw a part of it instead"
            raise _Timeout(msg) from None
        errors = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        errors = [e for e in errors if "Fontconfig" not in e]
        if proc.returncode != 0 or not all(out.exists() and out.stat().st_size for out in outs):
            code = proc.returncode
            how = f"was killed by signal {-code}" if code < 0 else f"exited with {code}"
            msg = (f"Graphviz failed on {what}: dot {how}"
                   + (f" ({errors[-1]})" if errors else "") + "; nothing was written")
            raise OrgGraphError(msg)
        return [read(out) for out in outs]


def _pictures(path: Path, fmt: str, n: int) -> Iterator[bytes]:
    """The BMPs or PNGs one ``dot`` run wrote one after the other for `n` graphs, read one at a time (the
    pixels of one chart in memory, however many there are)."""
    with open(path, "rb") as fh:
        count = 0
        while head := fh.read(8):
            if fmt == "bmp" and head[:2] == b"BM" and len(head) == 8:
                size = int.from_bytes(head[2:6], "little")
                picture = head + fh.read(size - 8)
            elif fmt == "png" and head[1:4] == b"PNG":
                parts, kind = [head], b""
                while kind != b"IEND" and len(chunk := fh.read(8)) == 8:
                    kind = chunk[4:]
                    parts += [chunk, fh.read(int.from_bytes(chunk[:4], "big") + 4)]
                picture = b"".join(parts)
                size = len(picture) if kind == b"IEND" else -1
            else:
                raise _BatchError(fmt)
            if len(picture) != size or count == n:
                raise _BatchError(fmt)
            count += 1
            yield picture
    if count != n:
        raise _BatchError(fmt)


def check_dpi(dpi: object) -> None:
    """Refuse a PNG resolution that is not a whole number of at least :data:`MIN_DPI`.

    Parameters
    ----------
    dpi : object
        The resolution asked for: an int or a numpy integer.

    Raises
    ------
    ValueError
        If `dpi` is not a whole number (a float, a bool, a string) or is below :data:`MIN_DPI`.

    Examples
    --------
    >>> check_dpi(300)
    >>> check_dpi(12)
    Traceback (most recent call last):
    ...
    ValueError: `dpi` (a PNG's resolution) must be a whole number of at least 30, got 12
    """
    try:
        whole = operator.index(dpi)  # type: ignore[arg-type]  # int, numpy integers; else TypeError
    except TypeError:
        whole = None
    if whole is None or isinstance(dpi, bool) or whole < MIN_DPI:
        msg = f"`dpi` (a PNG's resolution) must be a whole number of at least {MIN_DPI}, got {dpi!r}"
        raise ValueError(msg)


def _check(G: object, lang: str) -> nx.MultiGraph:
    """Refuse what cannot be drawn; return the organisation graph to draw (:func:`orggraph.check_graph`)."""
    if not isinstance(G, nx.Graph):
        msg = f"draw_orgchart: `G` must be an organisation graph (networkx MultiGraph), got {type(G).__name__}"
        raise TypeError(msg)
    if lang not in voc.LANGUAGES:
        msg = f"unknown language `{lang}`; use one of {voc.LANGUAGES}"
        raise ValueError(msg)
    n = len(unit_nodes(G))
    if n > MAX_UNITS:
        msg = (f"{G.graph.get('name') or 'this municipality'} has {n} units; org charts are drawn for at most "
               f"{MAX_UNITS} (larger ones cannot be read on a page): draw a part of the graph "
               "(G.subgraph(...)) or the matrix (orggraph.drawing.plot.plot_matrix)")
        raise OrgGraphError(msg)
    return check_graph(G)


def _what(G: nx.Graph) -> str:
    return f"{G.graph.get('name') or G.graph.get('municipality_id') or 'the graph'} ({len(G)} nodes)"


def orgchart_layout(G: nx.Graph, *, lang: str = "en", centre: bool = True, legend: bool = True,
                    title: bool = True, timeout: float = TIMEOUT) -> dict[str, Any]:
    """Return Graphviz's layout of the org chart (its JSON output, with xdot drawing operations).

    Used to draw the chart with matplotlib (:func:`draw_orgchart` with ``ax=``,
    :func:`orggraph.drawing.plot.plot_small_multiples`); the layouts of recent charts
    are kept, so drawing the same chart again does not run Graphviz again.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (at most :data:`MAX_UNITS` units).
    lang : {"en", "no"}, default "en"
        English or Norwegian labels.
    centre : bool, default True
        Outline the centre-type housing office found by :func:`orggraph.find_centre`.
    legend : bool, default True
        Lay out the legend (part of the graph's label).
    title : bool, default True
        Lay out the municipality's name (part of the graph's label).
    timeout : float, default :data:`TIMEOUT`
        Seconds Graphviz may take before it is stopped with an error.

    Returns
    -------
    dict
        Graphviz's ``-Tjson`` output: graph attributes (``bb``, the bounding box in points, as
        ``"x0,y0,x1,y1"``), ``objects`` (subgraphs, then nodes) and ``edges``, each with its
        xdot drawing operations (``_draw_``, ``_ldraw_``, ...). The same dict is returned for
        the same chart, so do not change it.

    Raises
    ------
    TypeError
        If `G` is not a networkx graph.
    ValueError
        If `lang` is neither ``"en"`` nor ``"no"``.
    GraphError
        If `G` is not an organisation graph (:func:`orggraph.check_graph`).
    OrgGraphError
        If `G` has more than :data:`MAX_UNITS` units, pygraphviz or Graphviz is missing, or
        Graphviz fails or runs past `timeout`.

    See Also
    --------
    draw_layout : Draw the layout with matplotlib.
    chart_extent : The layout's extent, with or without title and legend.

    Examples
    --------
    >>> import orggraph
    >>> layout = orgchart_layout(orggraph.load_dataset("nova2008")["ski"])
    >>> layout["bb"], len(layout["edges"])
    ('0,0,290,708.5', 15)
    """
    G = _check(G, lang)
    return _chart(G, lang=lang, centre=centre, legend=legend, title=title, timeout=timeout)[1]


def _layouts(sources: list[str], *, timeout: float, whats: list[str]) -> list[tuple[dict[str, Any], bytes]]:
    """Graphviz's JSON layout of each of `sources` and its SVG, from one ``dot`` run for those not laid out
    before (kept for the next call)."""
    found = {source: entry for source in sources if (entry := _LAYOUTS.get(source)) is not None}
    todo = list(dict.fromkeys(source for source in sources if source not in found))
    if todo:
        what = dict(zip(sources, whats, strict=True))
        done = _dot_many(todo, ("json", "svg"), dpi=72, timeout=timeout, whats=[what[source] for source in todo])
        found |= {source: (json.loads(layout), svg) for source, (layout, svg) in zip(todo, done, strict=True)}
    for source in sources:
        # the most recent last; not move_to_end, which raises if another thread has just evicted it
        _LAYOUTS.pop(source, None)
        _LAYOUTS[source] = found[source]
    while len(_LAYOUTS) > 64:
        _LAYOUTS.popitem(last=False)
    return [found[source] for source in sources]


def draw_orgchart(
    G: nx.Graph,
    path: str | os.PathLike | None = None,
    *,
    format: str | None = None,
    lang: str = "en",
    centre: bool = True,
    legend: bool = True,
    title: bool = True,
    ax: Axes | None = None,
    dpi: int = 300,
    timeout: float = TIMEOUT,
    task_boxes: bool = True,
    overwrite: bool = False,
) -> pgv.AGraph:
    """Draw one municipality's org chart with Graphviz; write it, or place it in a matplotlib axes.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (at most :data:`MAX_UNITS` units).
    path : str or os.PathLike, optional
        Where to write the figure; None to only return the graph. The file is written whole
        or not at all (through a temporary file beside it).
    format : {"svg", "pdf", "png"}, optional
        Default from `path`'s extension, else svg.
    lang : {"en", "no"}, default "en"
        English or Norwegian labels.
    centre : bool, default True
        Outline the centre-type housing office found by :func:`orggraph.find_centre`.
    legend : bool, default True
        Draw the legend: one entry per sector, role and kind of tie the chart uses.
    title : bool, default True
        Draw the municipality's name (graph attribute ``name``, else ``municipality_id``).
    ax : matplotlib.axes.Axes, optional
        A matplotlib axes to draw the chart into as well (as vector shapes and text, at the
        axes' scale; see :func:`draw_layout`).
    dpi : int, default 300
        Resolution of a PNG (300 for print; at least :data:`MIN_DPI`), also written into the file (its
        ``pHYs`` chunk), so that a word processor places it at its printed size.
    timeout : float, default :data:`TIMEOUT`
        Seconds one Graphviz run may take before it is stopped with an error.
    task_boxes : bool, default True
        Draw the tasks as rows of one box per instrument, in the same order in every chart (default);
        False draws each task as a node of its own (id: the task code), so that a caller can restyle
        single tasks and their ties (as :func:`orggraph.drawing.diffchart.draw_diff` does), in Graphviz's order.
    overwrite : bool, default False
        Replace a file already at `path` (else :class:`~orggraph.OverwriteError`, before anything is drawn).

    Returns
    -------
    pygraphviz.AGraph
        The chart as Graphviz laid it out (``pos``, ``width`` and ``height`` of every node, ``bb``
        of the graph), for further styling or drawing. Unit nodes keep their ids; with `task_boxes`
        the tasks sit in nodes ``instrument:<instrument code>``.

    Raises
    ------
    OverwriteError
        If `path` exists and `overwrite` is false.
    TypeError
        If `G` is not a networkx graph.
    ValueError
        If `lang` or `format` is unknown, or `dpi` is not a whole number of at least :data:`MIN_DPI`.
    GraphError
        If `G` is not an organisation graph (:func:`orggraph.check_graph`).
    OrgGraphError
        If the graph has more than :data:`MAX_UNITS` units, pygraphviz or Graphviz's ``dot`` is
        missing (saying how to install them), or Graphviz fails or runs past `timeout`:
        the call returns or raises within about `timeout` seconds per output, whatever the graph.

    See Also
    --------
    orgchart_svg : The chart as an SVG string.
    orgchart_layout : Graphviz's layout of the chart.
    orggraph.drawing.diffchart.draw_diff : One chart of two municipalities.

    Notes
    -----
    The chart is laid out by Graphviz ``dot``, the layered drawing of directed graphs [1]_, with
    ranks from left to right: units, then teams and forums, then the tasks.

    References
    ----------
    .. [1] Gansner, E. R., Koutsofios, E., North, S. C., & Vo, K.-P. (1993). A technique for drawing
       directed graphs. *IEEE Transactions on Software Engineering* 19(3), 214–230.
       https://doi.org/10.1109/32.221135

    Examples
    --------
    >>> import os, tempfile
    >>> import orggraph
    >>> ski = orggraph.load_dataset("nova2008")["ski"]
    >>> A = draw_orgchart(ski)
    >>> A.get_node("boligkontor").attr["peripheries"]  # the centre: a double outline
    '2'

    Written to a file, the format taken from the extension:

    >>> folder = tempfile.mkdtemp()
    >>> A = draw_orgchart(ski, os.path.join(folder, "ski.pdf"), lang="no")
    >>> os.listdir(folder)
    ['ski.pdf']

    Or drawn into a matplotlib axes:

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(4, 8))
    >>> A = draw_orgchart(ski, ax=ax, legend=False)
    >>> len(ax.patches) > 0
    True
    >>> plt.close(fig)
    """
    G = _check(G, lang)
    if path is not None and format is None:
        format = Path(path).suffix.lstrip(".").casefold() or "svg"
    format = format or "svg"
    if format not in FORMATS:
        msg = f"unknown format `{format}`; use one of {FORMATS}"
        raise ValueError(msg)
    check_dpi(dpi)
    if path is not None:
        refuse_overwrite(path, overwrite=overwrite)

    A, layout, svg = _chart(G, lang=lang, centre=centre, legend=legend, title=title, timeout=timeout,
                            task_boxes=task_boxes)
    if path is not None:
        # the SVG comes from the run that laid the chart out; a PNG (at `dpi`) or PDF needs a run of its own
        data = svg if format == "svg" else _dot(A.to_string(), (format,), dpi=dpi, timeout=timeout,
                                                 what=_what(G))[0]
        with atomic_write(Path(path), "wb") as fh:
            fh.write(data)
    if ax is not None:
        draw_layout(layout, ax)
    A.graph_attr["bb"] = layout["bb"]
    for obj in layout.get("objects", []):
        if "pos" in obj and A.has_node(obj["name"]):
            A.get_node(obj["name"]).attr.update(pos=obj["pos"], width=obj["width"], height=obj["height"])
    return A


def draw_orgcharts(graphs: Mapping[str, nx.Graph], folder: str | os.PathLike, *,
                   formats: Sequence[str] = ("svg",), lang: str = "en", dpi: int = 300, suffix: str = "",
                   timeout: float = TIMEOUT, overwrite: bool = False) -> list[Path]:
    """Write the org chart of every graph, as :func:`draw_orgchart` does, with Graphviz laying them out together.

    Each chart goes to ``folder/<id><suffix>.<format>``, the same file :func:`draw_orgchart` writes for it.
    One Graphviz process renders the PNGs of every :data:`BATCH` charts (a process for each chart cost
    about 20 ms of starting and a fresh canvas of page faults: for the 22 charts of the report about 0.7
    of the 1.2 CPU seconds their 300-dpi PNGs took); the layout and SVG, and a PDF, take a process for each
    chart. The layouts are kept, as :func:`orgchart_layout` keeps them.

    Parameters
    ----------
    graphs : mapping of str to networkx.MultiGraph
        ``municipality_id`` → organisation graph, e.g. :func:`orggraph.load_dataset`.
    folder : str or os.PathLike
        Where to write the charts; made if missing.
    formats : sequence of {"svg", "pdf", "png"}, default ("svg",)
        Formats to write each chart in; none to lay the charts out only.
    lang : {"en", "no"}, default "en"
        English or Norwegian labels.
    dpi : int, default 300
        Resolution of the PNGs, as in :func:`draw_orgchart`.
    suffix : str, default ""
        Added to each file name before the extension (``"_no"``: ``ski_no.svg``).
    timeout : float, default :data:`TIMEOUT`
        Seconds Graphviz may take for each chart.
    overwrite : bool, default False
        Replace files already there (else :class:`~orggraph.OverwriteError`, before anything is drawn).

    Returns
    -------
    list of pathlib.Path
        The files written, format by format.

    Raises
    ------
    OverwriteError
        If a file to be written exists and `overwrite` is false.
    TypeError, ValueError, GraphError, OrgGraphError
        As :func:`draw_orgchart`, for the first graph that cannot be drawn, before anything is written.

    See Also
    --------
    draw_orgchart : One chart, to a file or into a matplotlib axes.
    orggraph.drawing.plot.write_figures : Every figure of a collection.

    Examples
    --------
    >>> import os, tempfile
    >>> import orggraph
    >>> graphs = orggraph.load_dataset("nova2008")
    >>> folder = tempfile.mkdtemp()
    >>> [p.name for p in draw_orgcharts({k: graphs[k] for k in ("ski", "moss")}, folder, formats=["svg", "png"])]
    ['ski.svg', 'moss.svg', 'ski.png', 'moss.png']
    """
    formats = list(dict.fromkeys(formats))
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        msg = f"unknown format(s) {bad}; use one of {FORMATS}"
        raise ValueError(msg)
    if "png" in formats:
        check_dpi(dpi)
    checked = [_check(G, lang) for G in graphs.values()]
    folder = Path(folder)
    paths = {fmt: [folder / f"{mid}{suffix}.{fmt}" for mid in graphs] for fmt in formats}
    refuse_overwrite(*(p for ps in paths.values() for p in ps), overwrite=overwrite)
    charts = _charts(checked, lang=lang, centre=True, legend=True, title=True, timeout=timeout)
    if formats and charts:
        folder.mkdir(parents=True, exist_ok=True)
    whats = [_what(G) for G in checked]
    written: list[Path] = []
    for fmt in formats:
        step = BATCH if fmt == "png" else max(len(charts), 1)
        for at in range(0, len(charts), step):
            part = range(at, min(at + step, len(charts)))
            datas = ([charts[i][2] for i in part] if fmt == "svg" else
                     [out[0] for out in _dot_many([charts[i][0].to_string() for i in part], (fmt,), dpi=dpi,
                                                  timeout=timeout, whats=[whats[i] for i in part])])
            for i, data in zip(part, datas, strict=True):
                with atomic_write(paths[fmt][i], "wb") as fh:
                    fh.write(data)
                written.append(paths[fmt][i])
    return written


def orgchart_svg(G: nx.Graph, *, lang: str = "en") -> str:
    """Return the org chart of `G` as an SVG string (for notebooks and web pages).

    The chart of :func:`draw_orgchart` with centre, legend and title, at 72 dpi, with the
    default :data:`TIMEOUT`. Jupyter shows an organisation graph through this.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (at most :data:`MAX_UNITS` units).
    lang : {"en", "no"}, default "en"
        English or Norwegian labels.

    Returns
    -------
    str
        The SVG document, XML prolog included.

    Raises
    ------
    TypeError
        If `G` is not a networkx graph.
    ValueError
        If `lang` is neither ``"en"`` nor ``"no"``.
    GraphError
        If `G` is not an organisation graph (:func:`orggraph.check_graph`).
    OrgGraphError
        If `G` has more than :data:`MAX_UNITS` units, pygraphviz or Graphviz is missing, or
        Graphviz fails or runs past :data:`TIMEOUT`.

    Examples
    --------
    >>> import orggraph
    >>> svg = orgchart_svg(orggraph.load_dataset("nova2008")["ski"], lang="no")
    >>> svg.count("<svg"), "Tegnforklaring" in svg
    (1, True)
    """
    G = _check(G, lang)
    return _chart(G, lang=lang, centre=True, legend=True, title=True, timeout=TIMEOUT)[2].decode("utf-8")


# --- drawing a Graphviz layout with matplotlib -------------------------------------------------------------

_MPL_STYLE = {"dashed": (0, (4, 3)), "dotted": (0, (1, 2))}


def chart_extent(layout: dict[str, Any], *, label: bool = True) -> tuple[float, float, float, float]:
    """Return (x0, y0, x1, y1) in points of the chart, with or without the graph's label (title and legend).

    Parameters
    ----------
    layout : dict
        A Graphviz JSON layout, from :func:`orgchart_layout`.
    label : bool, default True
        With the label: Graphviz's bounding box ``bb``. Without: the box around everything
        the nodes and edges draw (shapes and text), 4 points wider on every side.

    Returns
    -------
    tuple of float
        ``(x0, y0, x1, y1)``, in layout points (1/72 inch), y upwards.

    Examples
    --------
    >>> import orggraph
    >>> layout = orgchart_layout(orggraph.load_dataset("nova2008")["ski"])
    >>> chart_extent(layout)
    (0.0, 0.0, 290.0, 708.5)
    >>> chart_extent(layout, label=False)
    (5.5, -4.0, 284.5, 592.5)
    """
    if label:
        x0, y0, x1, y1 = (float(v) for v in layout["bb"].split(","))
        return x0, y0, x1, y1
    xs, ys = [], []
    for obj in [*layout.get("objects", []), *layout.get("edges", [])]:
        for key, ops in obj.items():
            if not (key.startswith("_") and key.endswith("draw_")):
                continue
            size = 10.0
            for op in ops:
                pts = list(op.get("points") or [])
                if op["op"] == "F":
                    size = float(op["size"])
                elif op["op"] == "T":
                    (x, y), w = op["pt"], float(op["width"])
                    left = {"l": x, "r": x - w}.get(op["align"], x - w / 2)
                    pts = [[left, y - 0.3 * size], [left + w, y + size]]
                elif "rect" in op:
                    x, y, w, h = op["rect"]
                    pts = [[x - w, y - h], [x + w, y + h]]
                for x, y in pts:
                    xs.append(x)
                    ys.append(y)
    pad = 4.0
    return min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad


def draw_layout(layout: dict[str, Any], ax: Axes, *, label: bool = True, scale: float | None = None) -> float:
    """Draw a Graphviz JSON layout (from :func:`orgchart_layout`) into `ax` as matplotlib shapes and text.

    The axes is given an equal aspect and the chart's extent; text and line widths are set for the
    axes' size now (`scale`: printed points per layout point, default from the axes). With
    ``label=False`` the graph's own label (title and legend) is left out. Returns the scale used.

    Parameters
    ----------
    layout : dict
        A Graphviz JSON layout, from :func:`orgchart_layout`.
    ax : matplotlib.axes.Axes
        The axes to draw into; its axis is turned off.
    label : bool, default True
        Draw the graph's label (title and legend) too.
    scale : float, optional
        Printed points per layout point, for line widths and text; default: the largest at which
        the chart fits the axes' current size. Text keeps its size relative to the chart when the
        figure is resized later.

    Returns
    -------
    float
        The scale used.

    See Also
    --------
    orggraph.drawing.plot.plot_small_multiples : Many charts on one scale.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import orggraph
    >>> layout = orgchart_layout(orggraph.load_dataset("nova2008")["ski"])
    >>> fig, ax = plt.subplots(figsize=(4, 8))
    >>> draw_layout(layout, ax, label=False, scale=0.5)
    0.5
    >>> ax.get_xlim() == chart_extent(layout, label=False)[::2]
    True
    >>> plt.close(fig)
    """
    from matplotlib.patches import Ellipse, PathPatch, Polygon
    from matplotlib.path import Path as MplPath

    x0, y0, x1, y1 = chart_extent(layout, label=label)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    if scale is None:
        fig = ax.figure.figure  # the root Figure (a SubFigure has no size of its own)
        pos = ax.get_position()
        w, h = pos.width * fig.get_figwidth() * 72, pos.height * fig.get_figheight() * 72
        scale = min(w / (x1 - x0), h / (y1 - y0))
    fonts = _font_properties()
    add = ax.add_artist  # not add_patch: the limits are set above, so no shape needs to update them
    objects = layout.get("objects", [])
    nsub = layout.get("_subgraph_cnt", 0)
    order: list[tuple[dict, tuple[str, ...]]] = [(layout, ("_draw_",))]
    order += [(o, ("_draw_", "_ldraw_")) for o in objects[:nsub]]
    order += [(e, ("_draw_", "_hdraw_", "_tdraw_", "_ldraw_", "_xldraw_")) for e in layout.get("edges", [])]
    order += [(o, ("_draw_", "_ldraw_")) for o in objects[nsub:]]
    if label:
        order.append((layout, ("_ldraw_",)))
    for obj, keys in order:
        for key in keys:
            state: dict[str, Any] = {"pen": "#000000", "fill": "#000000", "style": "solid", "width": 1.0, "size": 10.0,
                     "bold": False}
            for op in obj.get(key, []):
                kind = op["op"]
                if kind == "c":
                    state["pen"] = _colour(op["color"])
                elif kind == "C":
                    state["fill"] = _colour(op["color"])
                elif kind == "S":
                    style = op["style"]
                    if style.startswith("setlinewidth("):
                        state["width"] = float(style[13:-1])
                    else:
                        state["style"] = style
                elif kind == "F":
                    state["size"] = float(op["size"])
                elif kind == "t":
                    state["bold"] = bool(int(op["fontchar"]) & 1)
                elif kind == "T":
                    ax.add_artist(_scaled_text_class()(op["pt"][0], op["pt"][1], op["text"], state["size"], scale,
                                              ha={"l": "left", "r": "right"}.get(op["align"], "center"),
                                              va="baseline", color=state["pen"],
                                              fontproperties=fonts[state["bold"], _plain(op["text"])]))
                elif state["style"] == "invis":
                    continue
                else:
                    line = {"edgecolor": state["pen"], "linewidth": state["width"] * scale,
                            "linestyle": _MPL_STYLE.get(state["style"], "solid")}
                    if state["style"] == "bold":
                        line["linewidth"] = 2 * scale
                    if kind in ("P", "p", "L"):
                        add(Polygon(op["points"], closed=kind != "L",
                                             facecolor=state["fill"] if kind == "P" else "none", **line))
                    elif kind in ("B", "b"):
                        pts = op["points"]
                        codes = [MplPath.MOVETO] + [MplPath.CURVE4] * (len(pts) - 1)
                        add(PathPatch(MplPath(pts, codes), facecolor=state["fill"] if kind == "B" else "none",
                                               **line))
                    elif kind in ("E", "e"):
                        x, y, w, h = op["rect"]
                        add(Ellipse((x, y), 2 * w, 2 * h, facecolor=state["fill"] if kind == "E" else "none",
                                             **line))
    return scale


_MPL_FONTS = ("Liberation Sans", "Helvetica", "Arial", "Nimbus Sans")  # Helvetica's metrics, as Graphviz measures


def _plain(text: str) -> bool:
    return all(ord(c) < 0x2000 for c in text)


@functools.cache
def _font_properties() -> dict[tuple[bool, bool], Any]:
    """Fonts by (bold, plain text): the first installed font with Helvetica's metrics; DejaVu Sans
    as a fallback for the legend's line glyphs (a fallback list is slow, so plain text goes without)."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    main = next((f for f in _MPL_FONTS if f in names), "DejaVu Sans")
    return {(bold, plain): font_manager.FontProperties(family=[main] if plain else [main, "DejaVu Sans"],
                                                       weight="bold" if bold else "normal")
            for bold in (False, True) for plain in (False, True)}


def _colour(value: str) -> str:
    if value in ("transparent", "none", ""):
        return "none"
    return value


@functools.cache
def _scaled_text_class() -> type:  # made on first use: matplotlib is imported only when drawing
    from matplotlib.text import Text

    class ScaledText(Text):
        """Text whose size is given in layout points and drawn at the axes' scale."""

        def __init__(self, x: float, y: float, s: str, size: float, scale: float, **kw: Any) -> None:
            super().__init__(x, y, s, fontsize=size * scale, **kw)
            self.layout_size = size

        def draw(self, renderer: Any) -> None:
            ax = cast("Axes", self.axes)  # drawn only after ax.add_artist, so it has its axes
            (a, _), (b, _) = ax.transData.transform([(0.0, 0.0), (1.0, 0.0)])
            self.set_fontsize(self.layout_size * abs(b - a) * 72 / self.figure.dpi)
            super().draw(renderer)

    return ScaledText
