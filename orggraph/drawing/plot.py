"""Matplotlib figures for print: the org-chart matrix and comparisons of many municipalities.

Every function takes ``ax=None`` (or draws its own figure), returns
``(fig, ax)`` and saves with ``filepath=`` (format from the extension, PNG at
``dpi``, 300 by default, RGB when opaque) and ``close=True`` (for batch use). Figures are made
for print: sized for A4 (text of at least 6 pt at :data:`A4_TEXT_WIDTH`),
every category told apart in greyscale and with colour-vision deficiency
(marker shapes, fills and line styles from :mod:`orggraph.drawing.styles`), words
instead of code names in English or Norwegian (:mod:`orggraph.drawing.labels`), point
labels kept inside the frame and apart, with leader lines where moved. The
org chart itself is drawn with Graphviz: :func:`orggraph.draw_orgchart`.

In the drawing layer (:mod:`orggraph.drawing`) this module sits on
:mod:`~orggraph.drawing.styles`, :mod:`~orggraph.drawing.labels` and
:mod:`~orggraph.drawing.orgchart` (whose Graphviz layouts the small multiples
reuse), and reads the tables of the analysis layer (:func:`orggraph.compare`,
:func:`orggraph.classify`). :func:`write_figures` draws them all; it is what
``orggraph figures`` runs. matplotlib is imported with this module, which
``import orggraph`` does not import.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import orggraph
>>> fig, ax = plot_matrix(orggraph.load_dataset("nova2008")["ski"])
>>> ax.get_title()
'Ski'
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import textwrap
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any, cast

import matplotlib as mpl
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter, NullLocator
from matplotlib.transforms import offset_copy

from orggraph._errors import OrgGraphError
from orggraph._files import atomic_write, refuse_overwrite
from orggraph._png import encode_png
from orggraph.core import vocabulary as voc
from orggraph.core.graph import check_graph, keyed_graphs, responsibility_edges, task_nodes, unit_nodes
from orggraph.drawing import labels
from orggraph.drawing.orgchart import chart_extent, draw_layout, orgchart_layout
from orggraph.drawing.styles import INK, MODEL_STYLES, SECTOR_STYLES

__all__ = [
    "A4_TEXT_WIDTH",
    "A4_WIDTH",
    "COMPARISON_METRICS",
    "MAX_MATRIX_UNITS",
    "MIN_FONT_SIZE",
    "ROLE_MARKERS",
    "label_points",
    "model_handles",
    "plot_dendrogram",
    "plot_heatmap",
    "plot_matrix",
    "plot_plane",
    "plot_small_multiples",
    "plot_vs_population",
    "write_figures",
]

#: Metrics shown by default in the heatmap and used for clustering.
COMPARISON_METRICS = ("fragmentation", "top_share", "alone_share", "coordination_coverage",
                      "operative_in_strategy", "components", "connectance", "nodf", "modularity",
                      "robustness")
#: Width of the text block of an A4 page (inches, 2.5 cm margins): the comparison figures are drawn this wide.
A4_TEXT_WIDTH = 6.3
#: Printable width of an A4 page (inches, 1.35 cm margins): the small multiples are drawn this wide.
A4_WIDTH = 7.2
#: Smallest text (points) any figure prints at its intended width.
MIN_FONT_SIZE = 6.0
#: The matrix is drawn for at most this many units (one column each).
MAX_MATRIX_UNITS = 60
#: Matrix marks by role: (marker, size in points², filled); all black, told apart by shape and fill.
ROLE_MARKERS = {"decides": ("o", 50, True), "recommends": ("o", 50, False), "secretary": ("D", 36, True),
                "participates": ("P", 40, True), "executes": ("^", 42, False)}
_FONT = 7.0


# Titles are set with y=1.0: where the x axis is at the bottom matplotlib would put them there too, but it
# measures every tick label of the axes again at each draw to find that out.


def _no_axis_labels(ax: Axes) -> None:
    """Fix the place of the (empty) axis labels, which matplotlib would otherwise find at each draw by
    measuring every tick label again."""
    ax.xaxis.set_label_coords(0.5, 0.0)
    ax.yaxis.set_label_coords(0.0, 0.5)


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize, layout="constrained")
        return fig, ax
    return ax.figure.figure, ax  # the root Figure: a SubFigure cannot be saved


def _finish(fig: Figure, filepath: str | os.PathLike | None, close: bool, *, dpi: int = 300,
            overwrite: bool = False) -> None:
    """Save `fig` to `filepath` (atomically; an existing file only if `overwrite`) and close it if asked."""
    if filepath is not None:
        path = Path(filepath)
        refuse_overwrite(path, overwrite=overwrite)
        fmt = path.suffix.lstrip(".").casefold() or "png"
        # the same figure gives the same file: no date, fixed ids (figures/ is kept in git)
        metadata = {"Date": None} if fmt == "svg" else {"CreationDate": None} if fmt == "pdf" else None
        buf = io.BytesIO()
        if fmt == "png":
            _save_png(fig, buf, dpi)
        else:
            with plt.rc_context({"svg.hashsalt": "orggraph"}):
                fig.savefig(buf, format=fmt, dpi=dpi, metadata=metadata)
        with atomic_write(path, "wb") as fh:
            fh.write(buf.getvalue())
    if close:
        plt.close(fig)


def _save_png(fig: Figure, buf: io.BytesIO, dpi: int) -> None:
    """Write `fig` as a PNG at `dpi`: RGB where every pixel is opaque (as the figures are), else RGBA.

    matplotlib writes RGBA through Pillow; an opaque figure's alpha channel says nothing, and
    :func:`orggraph._png.encode_png` writes the same pixels in a third of Pillow's time.
    """
    raw = io.BytesIO()
    fig.savefig(raw, format="rgba", dpi=dpi)  # the pixels savefig's PNG holds, unencoded
    renderer = getattr(fig.canvas, "renderer", None)  # the Agg renderer savefig drew with, which has the size
    width, height = (int(renderer.width), int(renderer.height)) if renderer is not None else (0, 0)
    pixels = np.frombuffer(raw.getbuffer(), dtype=np.uint8)
    if pixels.size != width * height * 4 or pixels.size == 0:  # pragma: no cover - not an Agg canvas
        fig.savefig(buf, format="png", dpi=dpi)
        return
    pixels = pixels.reshape(height, width, 4)
    if pixels[:, :, 3].min() == 255:
        pixels = pixels[:, :, :3]
    buf.write(encode_png(pixels, dpi=dpi, text={"Software": f"Matplotlib version{mpl.__version__}, https://matplotlib.org/"}))


def _require_table(table: object, caller: str) -> None:
    """Refuse a `table` that is not the DataFrame :func:`orggraph.compare` returns."""
    if not isinstance(table, pd.DataFrame):
        msg = (f"{caller}: `table` must be a pandas DataFrame such as orggraph.compare(graphs) returns, "
               f"got {type(table).__name__}")
        raise TypeError(msg)


def _check_lang(lang: str) -> None:
    if lang not in voc.LANGUAGES:
        msg = f"unknown language `{lang}`; use one of {voc.LANGUAGES}"
        raise ValueError(msg)


def _names(table: pd.DataFrame) -> pd.Series:
    if "name" in table:
        return table["name"].astype(str)
    return pd.Series(table.index.astype(str), index=table.index)


def _models(table: pd.DataFrame, column: str = "model") -> pd.Series:
    """Return the model codes of `table` (``"1"`` … ``"4"``, ``"fragmented"``, ``"insufficient information"``)."""
    if column not in table:
        msg = (f"the table has no `{column}` column (found: {', '.join(map(str, table.columns))}); "
               "use orggraph.compare(graphs), or add each graph's orggraph.classify(G).model by its id")
        raise OrgGraphError(msg)
    return table[column].map(labels.model_code)


def model_handles(models: Iterable[str], lang: str = "en", *, size: float = 7) -> list[Line2D]:
    """Return one legend handle per model code in `models` (marker shape and colour as drawn), in model order.

    Parameters
    ----------
    models : sequence of str
        Model codes (:func:`orggraph.drawing.labels.model_code`), repeats allowed: the models present.
    lang : {"en", "no"}, default "en"
        English or Norwegian words.
    size : float, default 7
        Marker size in points.

    Returns
    -------
    list of matplotlib.lines.Line2D
        One handle per model present, in the order of :data:`orggraph.drawing.labels.MODELS`
        (1–4, fragmented, insufficient information), labelled in words.

    Examples
    --------
    >>> [h.get_label() for h in model_handles(["fragmented", "2"], "no")]
    ['Modell 2', 'Fragmentert']
    """
    present = [m for m in labels.MODELS if m in set(models)]
    return [Line2D([], [], linestyle="", marker=MODEL_STYLES[m].marker, markersize=size,
                   markerfacecolor=MODEL_STYLES[m].colour, markeredgecolor=INK, markeredgewidth=0.8,
                   label=labels.model_label(m, lang)) for m in present]


# --- point labels -------------------------------------------------------------------------------------------

_DIRECTIONS = [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1),
               (2, 1), (-2, 1), (2, -1), (-2, -1), (1, 2), (-1, 2), (1, -2), (-1, -2)]
_RADII = (5, 9, 14, 20, 27, 35, 45, 58)
_MARGIN = 3.0  # points between a label and any mark other than its own
_CLEAR = 2.0  # a label without leader line is this many times nearer its own mark than any other


def _overlap(a: tuple, b: tuple) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _distance(box: tuple, point: tuple) -> float:
    """Distance from a point to the nearest edge of a box (0 inside)."""
    dx = max(box[0] - point[0], 0.0, point[0] - box[2])
    dy = max(box[1] - point[1], 0.0, point[1] - box[3])
    return math.hypot(dx, dy)


def label_points(ax: Axes, xs: Sequence[float], ys: Sequence[float], texts: Sequence[str], *,
                 marker_pt: float = 7.0, fontsize: float = _FONT, marks: Sequence[tuple] = (),
                 bold: Sequence[int] = ()) -> list:
    """Label points so that no label overlaps another label or a mark and every label stays inside the axes.

    Each label tries positions around its point, nearest first (16 directions at growing distance, in
    points, so they survive later resizing), keeping a margin from every other mark; a label placed
    away from its point, or not twice as near its own mark as any other, gets a leader line. Deterministic and
    fast: the candidates are boxes computed from each text's measured size. Call it last: it lays the
    figure out to place the labels.

    Parameters
    ----------
    ax
        The axes the points are drawn in (data coordinates).
    xs, ys, texts
        One label per point.
    marker_pt
        Width of a point's mark (points).
    fontsize
        Size of the labels (points).
    marks
        Further marks to keep labels off, as ``(x, y, dx, dy)``: data coordinates and an offset in points.
    bold
        Indices of labels set in bold.

    Returns
    -------
    list of matplotlib.text.Annotation
        The labels, in the order of `texts`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1], [0, 1], "o")
    >>> [a.get_text() for a in label_points(ax, [0, 1], [0, 1], ["a", "b"])]
    ['a', 'b']
    >>> plt.close(fig)
    """
    fig = ax.figure
    _fix_layout(fig)  # positions below are final
    # Agg and every interactive canvas have get_renderer; matplotlib's stub lists only the base class
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    px = fig.dpi / 72.0
    frame = ax.get_window_extent(renderer)
    centres = ax.transData.transform(np.column_stack([xs, ys]))
    half = marker_pt * px / 2 + 1
    # a label keeps a margin from every mark but its own, so that it is never read as another mark's
    far = half + _MARGIN * px
    points = [(cx, cy) for cx, cy in centres]
    for mx, my, ox, oy in marks:  # marks set off their place (on a ring): keep labels off them too
        (cx, cy), = ax.transData.transform([(mx, my)])
        points.append((cx + ox * px, cy + oy * px))
    marked = [(cx - half, cy - half, cx + half, cy + half) for cx, cy in points]
    others = [(cx - far, cy - far, cx + far, cy + far) for cx, cy in points]
    boxes: list[tuple] = []  # the labels placed so far
    placed: dict[int, object] = {}
    order = sorted(range(len(texts)), key=lambda i: (centres[i][0], centres[i][1]))
    for i in order:
        weight = "bold" if i in bold else "normal"
        probe = ax.text(0, 0, texts[i], fontsize=fontsize, fontweight=weight)
        ext = probe.get_window_extent(renderer)
        probe.remove()
        w, h = ext.width, ext.height
        cx, cy = centres[i]
        own = (cx - half, cy - half, cx + half, cy + half)
        best = None
        for r in _RADII:
            for dx, dy in _DIRECTIONS:
                norm = math.hypot(dx, dy)
                ox, oy = r * dx / norm * px, r * dy / norm * px
                x0 = cx + ox if dx > 0 else (cx + ox - w if dx < 0 else cx - w / 2)
                y0 = cy + oy if dy > 0 else (cy + oy - h if dy < 0 else cy - h / 2)
                box = (x0, y0, x0 + w, y0 + h)
                inside = box[0] >= frame.x0 + 2 and box[2] <= frame.x1 - 2 and box[1] >= frame.y0 + 2 \
                    and box[3] <= frame.y1 - 2
                if not inside:
                    continue
                # a leader line where the label is away from its mark or nearer another mark than its own;
                # label and leader line together keep clear of the other labels
                mine = _distance(box, (cx, cy))
                nearer = any(_distance(box, c) < _CLEAR * mine for k, c in enumerate(points) if k != i)
                leader = r > _RADII[1] or nearer
                span = (min(box[0], cx), min(box[1], cy), max(box[2], cx), max(box[3], cy)) if leader else box
                # first no overlap with a label or a mark; then the margin to other marks, and no leader line
                # needed for being nearer another mark
                overlap = _overlap(box, own) + sum(_overlap(span, b) for b in boxes) \
                    + sum(_overlap(box, b) for k, b in enumerate(marked) if k != i)
                near = sum(_overlap(box, b) for k, b in enumerate(others) if k != i) + (w * h if nearer else 0.0)
                cost = (overlap, near)
                if best is None or cost < best[0]:
                    best = (cost, box, span, leader)
                if cost == (0, 0):
                    break
            if best is not None and best[0] == (0, 0):
                break
        if best is None:  # no position inside the frame at all: put it on the point, centred
            box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            best = ((0, 0), box, box, False)
        _, box, span, leader = best
        boxes.append(span)
        offset = ((box[0] + box[2]) / 2 - cx) / px, ((box[1] + box[3]) / 2 - cy) / px
        arrow = {"arrowstyle": "-", "color": "#555555", "lw": 0.6, "shrinkA": 0, "shrinkB": half / px} \
            if leader else None
        placed[i] = ax.annotate(texts[i], xy=(xs[i], ys[i]), xytext=offset, textcoords="offset points", ha="center",
                                va="center", fontsize=fontsize, fontweight=weight, arrowprops=arrow, zorder=4)
    return [placed[i] for i in range(len(texts))]


def _fix_layout(fig: Figure | SubFigure) -> None:
    """Lay the figure out now, as drawing it would (its layout engine, if any), so that display positions are final."""
    root = fig if isinstance(fig, Figure) else fig.figure
    engine = root.get_layout_engine()
    if engine is not None:
        engine.execute(root)


def _scatter_groups(ax: Axes, x: np.ndarray, y: np.ndarray, *, size_pt: float) -> tuple[list[list[int]], list]:
    """Group points drawn on top of each other; return the groups and each point's display offset (points)."""
    fig = ax.figure
    _fix_layout(fig)
    px = fig.dpi / 72.0
    xy = ax.transData.transform(np.column_stack([x, y]))
    groups: list[list[int]] = []
    for i in range(len(x)):
        for g in groups:
            if np.hypot(*(xy[i] - xy[g[0]])) < 0.6 * size_pt * px:
                g.append(i)
                break
        else:
            groups.append([i])
    offsets: list = [(0.0, 0.0)] * len(x)
    for g in groups:
        if len(g) > 1:  # set the marks of one place on a small ring around it, so that none is hidden
            for k, i in enumerate(g):
                angle = 2 * math.pi * k / len(g) + math.pi
                offsets[i] = (0.75 * size_pt * math.cos(angle), 0.75 * size_pt * math.sin(angle))
    return groups, offsets


def _points(ax: Axes, frame: pd.DataFrame, x: str, y: str, models: pd.Series | None, *,
            size_pt: float = 7.0) -> None:
    """Draw one mark per row (shape and colour by model, if given), none hidden, and label them."""
    data = frame.sort_index()  # the drawing does not depend on row order
    xs, ys = data[x].to_numpy(float), data[y].to_numpy(float)
    names = _names(data).to_numpy()
    groups, offsets = _scatter_groups(ax, xs, ys, size_pt=size_pt)
    for i, mid in enumerate(data.index):
        style = MODEL_STYLES[models[mid]] if models is not None else MODEL_STYLES["1"]
        transform = offset_copy(ax.transData, fig=ax.figure.figure, x=offsets[i][0], y=offsets[i][1], units="points")
        ax.plot([xs[i]], [ys[i]], linestyle="", marker=style.marker, markersize=size_pt, markerfacecolor=style.colour,
                markeredgecolor=INK, markeredgewidth=0.8, transform=transform, zorder=3, clip_on=False)
    texts = [", ".join(sorted(names[i] for i in g)) for g in groups]
    marks = [(xs[i], ys[i], *offsets[i]) for g in groups if len(g) > 1 for i in g]
    label_points(ax, [xs[g[0]] for g in groups], [ys[g[0]] for g in groups], texts, marker_pt=size_pt * 1.4,
                  marks=marks)


def _pad_limits(ax: Axes, values: np.ndarray, axis: str, *, frac: float = 0.08, log: bool = False) -> None:
    lo, hi = float(np.nanmin(values)), float(np.nanmax(values))
    if log:
        lo, hi = math.log10(lo), math.log10(hi)
    span = hi - lo or 1.0
    lo, hi = lo - frac * span, hi + frac * span
    if log:
        lo, hi = 10 ** lo, 10 ** hi
    (ax.set_xlim if axis == "x" else ax.set_ylim)(lo, hi)


def _legend_below(ax: Axes, handles: list, *, ncols: int = 3, title: str | None = None) -> None:
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncols=min(ncols, len(handles)),
              fontsize=_FONT, title=title, title_fontsize=_FONT, frameon=False, borderaxespad=0)


# --- comparison figures ---------------------------------------------------------------------------------------

def plot_plane(table: pd.DataFrame, *, x: str = "fragmentation", y: str = "coordination_coverage",
               hue: str = "model", ax: Axes | None = None, lang: str = "en",
               filepath: str | os.PathLike | None = None, close: bool = False,
               dpi: int = 300, overwrite: bool = False) -> tuple[Figure, Axes]:
    """Place municipalities on the report's title plane: fragmented vs coordinated, marked by model.

    Each model has its own marker shape and colour (:data:`orggraph.drawing.styles.MODEL_STYLES`); marks that
    fall on one place are set on a small ring around it with one combined label; labels stay inside the
    frame and get a leader line when moved away from their mark.

    Rows where `x` or `y` is missing are left out.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per municipality (index: its id) with columns `x`, `y`, `hue` and ``name``,
        as :func:`orggraph.compare` returns it (or with a ``model`` column added).
    x : str, default "fragmentation"
        Column on the horizontal axis (a metric with a label, :data:`orggraph.drawing.labels.METRICS`).
    y : str, default "coordination_coverage"
        Column on the vertical axis.
    hue : str, default "model"
        Column of model codes that sets each mark's shape and colour.
    ax : matplotlib.axes.Axes, optional
        The axes to draw on; default a new figure of the intended print size.
    lang : {"en", "no"}, default "en"
        English or Norwegian words.
    filepath : str or os.PathLike, optional
        Save the figure here, format from the extension (PNG at `dpi`); written whole or not at all.
    overwrite : bool, default False
        Replace a file already at `filepath` (else :class:`~orggraph.OverwriteError` and nothing is written).
    close : bool, default False
        Close the figure after saving (batch use).
    dpi : int, default 300
        Resolution of a PNG.

    Returns
    -------
    fig : matplotlib.figure.Figure
        The figure (that of `ax`, if given).
    ax : matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    OverwriteError
        If `filepath` exists and `overwrite` is false.
    TypeError
        If `table` is not a DataFrame.
    ValueError
        If `lang` is neither ``"en"`` nor ``"no"``.
    OrgGraphError
        If `table` has no `hue`, `x` or `y` column, a value there is not a model, or `x` or `y` has no label.

    See Also
    --------
    plot_vs_population : A metric against population.

    Notes
    -----
    The two axes are the two words of the report's title, *Fragmentert og koordinert* [1]_.

    References
    ----------
    .. [1] Langsether, Å., Hansen, T., & Sørvoll, J. (2008). *Fragmentert og koordinert. Organisering av
       boligsosialt arbeid i norske kommuner*. NOVA Rapport 18/2008. Oslo: NOVA. (no DOI)

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import orggraph
    >>> g = orggraph.load_dataset("nova2008")
    >>> table = orggraph.compare({k: g[k] for k in ["asker", "hamar", "lierne", "moss", "ski", "skaun", "tromso"]})
    >>> fig, ax = plot_plane(table)
    >>> ax.get_xlabel(), [h.get_label() for h in ax.get_legend().legend_handles]
    ('Fragmentation (1 − HHI of core tasks)', ['Model 1', 'Model 4'])
    >>> plt.close(fig)
    """
    _require_table(table, "plot_plane")
    _check_lang(lang)
    models = _models(table, hue)
    if missing := [c for c in (x, y) if c not in table]:
        msg = f"the table has no column(s) {', '.join(missing)}; use orggraph.compare(graphs)"
        raise OrgGraphError(msg)
    data = table[[x, y]].astype(float).dropna()
    fig, ax = _axes(ax, (A4_TEXT_WIDTH, 4.6))
    _pad_limits(ax, data[x].to_numpy(), "x", frac=0.12)
    _pad_limits(ax, data[y].to_numpy(), "y", frac=0.12)
    ax.set_xlabel(labels.metric_label(x, lang), fontsize=_FONT + 1)
    ax.set_ylabel(labels.metric_label(y, lang), fontsize=_FONT + 1)
    ax.set_title(labels.text("plane", lang), fontsize=_FONT + 2, y=1.0)
    ax.tick_params(labelsize=_FONT)
    ax.grid(True, color="#DDDDDD", linewidth=0.5)
    ax.set_axisbelow(True)
    _legend_below(ax, model_handles(models.loc[data.index], lang), ncols=6)
    _points(ax, table.loc[data.index].assign(**{x: data[x], y: data[y]}), x, y, models)
    _finish(fig, filepath, close, dpi=dpi, overwrite=overwrite)
    return fig, ax


def _zscores(table: pd.DataFrame, metrics: Sequence[str]) -> pd.DataFrame:
    missing = [m for m in metrics if m not in table]
    if missing:
        msg = f"the table has no column(s) {', '.join(missing)}; use orggraph.compare(graphs)"
        raise OrgGraphError(msg)
    data = table[list(metrics)].astype(float)
    sd = data.std(ddof=0).replace(0, 1)
    z = (data - data.mean()) / sd
    return z.fillna(0.0)


def plot_heatmap(table: pd.DataFrame, *, metrics: Sequence[str] = COMPARISON_METRICS, ax: Axes | None = None,
                 lang: str = "en", filepath: str | os.PathLike | None = None, close: bool = False,
                 dpi: int = 300, overwrite: bool = False) -> tuple[Figure, Axes]:
    r"""Draw a heatmap of standardised metrics (z-scores), municipalities in rows, metrics named in words.

    The colour map is cividis (Nuñez, Anderton and Renslow 2018 [1]_): made for colour-vision deficiency
    and monotone in lightness, so the values read the same in greyscale.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per municipality (index: its id) with the metric columns and ``name``, as
        :func:`orggraph.compare` returns it.
    metrics : sequence of str, default :data:`COMPARISON_METRICS`
        The columns, left to right.
    ax : matplotlib.axes.Axes, optional
        The axes to draw on; default a new figure of the intended print size.
    lang : {"en", "no"}, default "en"
        English or Norwegian words.
    filepath : str or os.PathLike, optional
        Save the figure here, format from the extension (PNG at `dpi`); written whole or not at all.
    overwrite : bool, default False
        Replace a file already at `filepath` (else :class:`~orggraph.OverwriteError` and nothing is written).
    close : bool, default False
        Close the figure after saving (batch use).
    dpi : int, default 300
        Resolution of a PNG.

    Returns
    -------
    fig : matplotlib.figure.Figure
        The figure (that of `ax`, if given).
    ax : matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    OverwriteError
        If `filepath` exists and `overwrite` is false.
    TypeError
        If `table` is not a DataFrame.
    ValueError
        If `lang` is neither ``"en"`` nor ``"no"``.
    OrgGraphError
        If a column of `metrics` is missing from `table`, or has no label.

    See Also
    --------
    plot_dendrogram : The municipalities clustered on the same z-scores.

    Notes
    -----
    Rows are sorted by id and named by ``name``. Each metric is standardised over the rows,
    :math:`z = (x - \bar{x}) / s` with the population standard deviation :math:`s`
    (a metric with no spread gets :math:`s = 1`); missing values count as the mean
    (:math:`z = 0`). The colour scale runs from −2.5 to 2.5.

    References
    ----------
    .. [1] Nuñez, J. R., Anderton, C. R., & Renslow, R. S. (2018). Optimizing colormaps with
       consideration for color vision deficiency to enable accurate interpretation of scientific data.
       *PLoS ONE* 13(7), e0199239. https://doi.org/10.1371/journal.pone.0199239

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import orggraph
    >>> g = orggraph.load_dataset("nova2008")
    >>> table = orggraph.compare({k: g[k] for k in ["asker", "hamar", "lierne", "moss", "ski", "skaun", "tromso"]})
    >>> fig, ax = plot_heatmap(table, lang="no")
    >>> ax.get_title(), [t.get_text() for t in ax.get_yticklabels()][:3]
    ('Mål, standardisert (z-verdi)', ['Asker', 'Hamar', 'Lierne'])
    >>> plt.close(fig)
    """
    _require_table(table, "plot_heatmap")
    _check_lang(lang)
    z = _zscores(table.sort_index(), metrics)
    names = _names(table.sort_index())
    fig, ax = _axes(ax, (A4_TEXT_WIDTH, 1.9 + 0.15 * len(z)))
    im = ax.imshow(z.to_numpy(), cmap="cividis", vmin=-2.5, vmax=2.5, aspect="auto")
    ax.set_xticks(range(len(metrics)))
    ax.set_xticklabels([textwrap.fill(labels.metric_label(m, lang), 22) for m in metrics], rotation=90,
                       fontsize=_FONT - 0.5)
    ax.set_yticks(range(len(z)))
    ax.set_yticklabels(names.loc[z.index], fontsize=_FONT)
    bar = fig.colorbar(im, ax=ax, shrink=0.7)
    bar.set_label(textwrap.fill(labels.text("z", lang), 24), fontsize=_FONT)
    bar.ax.tick_params(labelsize=_FONT)
    ax.set_title(labels.text("heatmap", lang), fontsize=_FONT + 2, y=1.0)
    _no_axis_labels(ax)
    _finish(fig, filepath, close, dpi=dpi, overwrite=overwrite)
    return fig, ax


def plot_dendrogram(table: pd.DataFrame, *, metrics: Sequence[str] = COMPARISON_METRICS, ax: Axes | None = None,
                    lang: str = "en", filepath: str | os.PathLike | None = None, close: bool = False,
                    dpi: int = 300, overwrite: bool = False) -> tuple[Figure, Axes]:
    """Cluster municipalities on standardised metrics (Ward linkage, scipy) and draw the dendrogram.

    One colour scheme: the tree in black, and under each leaf the municipality's model mark (shape and
    colour as on the plane) when the table has a ``model`` column, explained in the legend.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per municipality (index: its id) with the metric columns and ``name``, as
        :func:`orggraph.compare` returns it.
    metrics : sequence of str, default :data:`COMPARISON_METRICS`
        The columns to cluster on.
    ax : matplotlib.axes.Axes, optional
        The axes to draw on; default a new figure of the intended print size.
    lang : {"en", "no"}, default "en"
        English or Norwegian words.
    filepath : str or os.PathLike, optional
        Save the figure here, format from the extension (PNG at `dpi`); written whole or not at all.
    overwrite : bool, default False
        Replace a file already at `filepath` (else :class:`~orggraph.OverwriteError` and nothing is written).
    close : bool, default False
        Close the figure after saving (batch use).
    dpi : int, default 300
        Resolution of a PNG.

    Returns
    -------
    fig : matplotlib.figure.Figure
        The figure (that of `ax`, if given).
    ax : matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    OverwriteError
        If `filepath` exists and `overwrite` is false.
    TypeError
        If `table` is not a DataFrame.
    ValueError
        If `lang` is neither ``"en"`` nor ``"no"``.
    OrgGraphError
        If a column of `metrics` is missing, the table has fewer than 2 rows, or its ``model``
        column holds something that is not a model.

    See Also
    --------
    plot_heatmap : The z-scores themselves.

    Notes
    -----
    The metrics are standardised as in :func:`plot_heatmap` and the rows joined by Ward's
    minimum-variance linkage [1]_ (:func:`scipy.cluster.hierarchy.linkage`), Euclidean distances.

    References
    ----------
    .. [1] Ward, J. H. (1963). Hierarchical grouping to optimize an objective function. *Journal of the
       American Statistical Association* 58(301), 236–244. https://doi.org/10.1080/01621459.1963.10500845

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import orggraph
    >>> g = orggraph.load_dataset("nova2008")
    >>> table = orggraph.compare({k: g[k] for k in ["asker", "hamar", "lierne", "moss", "ski", "skaun", "tromso"]})
    >>> fig, ax = plot_dendrogram(table)
    >>> ax.get_ylabel(), len(ax.get_xticklabels())
    ('Ward distance', 7)
    >>> plt.close(fig)
    """
    _require_table(table, "plot_dendrogram")
    _check_lang(lang)
    data = table.sort_index()
    z = _zscores(data, metrics)
    if len(z) < 2:
        msg = f"a dendrogram needs at least 2 municipalities, got {len(z)}"
        raise OrgGraphError(msg)
    from scipy.cluster import hierarchy

    link = hierarchy.linkage(z.to_numpy(), method="ward")
    fig, ax = _axes(ax, (A4_TEXT_WIDTH, 3.8))
    names = _names(data).loc[z.index].tolist()
    tree = hierarchy.dendrogram(link, labels=names, ax=ax, leaf_rotation=90, leaf_font_size=_FONT,
                                link_color_func=lambda _k: INK)
    for line in ax.collections:
        line.set_linewidth(0.8)
    if "model" in data:
        models = _models(data).loc[z.index].tolist()
        order = cast(list[int], tree["leaves"])  # None only with get_leaves=False
        leaf_x = 5 + 10 * np.arange(len(order))
        for xpos, leaf in zip(leaf_x, order, strict=True):
            st = MODEL_STYLES[models[leaf]]
            ax.plot([xpos], [0], linestyle="", marker=st.marker, markersize=6, markerfacecolor=st.colour,
                    markeredgecolor=INK, markeredgewidth=0.7, clip_on=False, zorder=3)
        ax.legend(handles=model_handles(models, lang, size=6), loc="upper right", fontsize=_FONT, frameon=False,
                  title=labels.text("model", lang), title_fontsize=_FONT)
    ax.set_title(labels.text("dendrogram", lang), fontsize=_FONT + 2, y=1.0)
    ax.set_ylabel(labels.text("ward_distance", lang), fontsize=_FONT + 1)
    ax.tick_params(axis="y", labelsize=_FONT)
    ax.spines[["top", "right"]].set_visible(False)
    _finish(fig, filepath, close, dpi=dpi, overwrite=overwrite)
    return fig, ax


def _log_ticks(lo: float, hi: float) -> list[float]:
    """Ticks at 1, 2 and 5 × powers of ten inside [lo, hi]; at least two."""
    ticks = [m * 10 ** e for e in range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1)
             for m in (1, 2, 5) if lo <= m * 10 ** e <= hi]
    if len(ticks) < 2:
        ticks = sorted({float(f"{lo:.2g}"), float(f"{hi:.2g}")})
    return ticks


def plot_vs_population(table: pd.DataFrame, metric: str = "fragmentation", *, ax: Axes | None = None,
                       lang: str = "en", filepath: str | os.PathLike | None = None, close: bool = False,
                       dpi: int = 300, overwrite: bool = False) -> tuple[Figure, Axes]:
    """Scatter a metric against population (log scale, ticks at 1–2–5) with Spearman's ρ and p in the legend.

    Marks are shaped by model when the table has a ``model`` column. Rows without a population (or
    with none above 0) or without a value of `metric` are left out.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per municipality (index: its id) with ``population_2007``, `metric` and ``name``
        (and ``model``), as :func:`orggraph.compare` returns it.
    metric : str, default "fragmentation"
        The column on the vertical axis (a metric with a label).
    ax : matplotlib.axes.Axes, optional
        The axes to draw on; default a new figure of the intended print size.
    lang : {"en", "no"}, default "en"
        English or Norwegian words.
    filepath : str or os.PathLike, optional
        Save the figure here, format from the extension (PNG at `dpi`); written whole or not at all.
    overwrite : bool, default False
        Replace a file already at `filepath` (else :class:`~orggraph.OverwriteError` and nothing is written).
    close : bool, default False
        Close the figure after saving (batch use).
    dpi : int, default 300
        Resolution of a PNG.

    Returns
    -------
    fig : matplotlib.figure.Figure
        The figure (that of `ax`, if given).
    ax : matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    OverwriteError
        If `filepath` exists and `overwrite` is false.
    TypeError
        If `table` is not a DataFrame.
    ValueError
        If `lang` is neither ``"en"`` nor ``"no"``.
    OrgGraphError
        If `metric` has no label, or the ``model`` column holds something that is not a model.

    See Also
    --------
    plot_plane : Two metrics against each other.

    Notes
    -----
    Spearman's rank correlation [1]_ (:func:`scipy.stats.spearmanr`), with its two-sided p-value and
    the number of municipalities, is the legend's title.

    References
    ----------
    .. [1] Spearman, C. (1904). The proof and measurement of association between two things.
       *The American Journal of Psychology* 15(1), 72–101. https://doi.org/10.2307/1412159

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import orggraph
    >>> g = orggraph.load_dataset("nova2008")
    >>> table = orggraph.compare({k: g[k] for k in ["asker", "hamar", "lierne", "moss", "ski", "skaun", "tromso"]})
    >>> fig, ax = plot_vs_population(table, "coordination_coverage")
    >>> ax.get_legend().get_title().get_text()
    "Spearman's ρ = 0.54, p = 0.21, n = 7"
    >>> plt.close(fig)
    """
    _require_table(table, "plot_vs_population")
    _check_lang(lang)
    data = table[["population_2007", metric]].astype(float).dropna()
    data = data[data["population_2007"] > 0]
    from scipy import stats

    res = stats.spearmanr(data["population_2007"], data[metric])
    fig, ax = _axes(ax, (A4_TEXT_WIDTH, 4.4))
    ax.set_xscale("log")
    _pad_limits(ax, data["population_2007"].to_numpy(), "x", frac=0.1, log=True)
    _pad_limits(ax, data[metric].to_numpy(), "y", frac=0.12)
    lo, hi = ax.get_xlim()
    ax.xaxis.set_major_locator(FixedLocator(_log_ticks(lo, hi)))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}".replace(",", "\u2009")))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(labels.text("population_log", lang), fontsize=_FONT + 1)
    ax.set_ylabel(labels.metric_label(metric, lang), fontsize=_FONT + 1)
    ax.tick_params(labelsize=_FONT)
    ax.grid(True, color="#DDDDDD", linewidth=0.5)
    ax.set_axisbelow(True)
    models = _models(table) if "model" in table else None
    rho = (f"{labels.text('spearman', lang)} = {res.statistic:.2f}, p = {res.pvalue:.2f}, n = {len(data)}")
    if models is not None:
        _legend_below(ax, model_handles(models.loc[data.index], lang), ncols=6, title=rho)
    else:
        ax.legend(handles=[], title=rho, title_fontsize=_FONT, loc="upper center", bbox_to_anchor=(0.5, -0.13),
                  frameon=False, borderaxespad=0)
    _points(ax, table.loc[data.index].assign(population_2007=data["population_2007"], **{metric: data[metric]}),
            "population_2007", metric, models)
    _finish(fig, filepath, close, dpi=dpi, overwrite=overwrite)
    return fig, ax


# --- one municipality ----------------------------------------------------------------------------------------

def plot_matrix(G: nx.Graph, *, ax: Axes | None = None, lang: str = "en",
                filepath: str | os.PathLike | None = None, close: bool = False,
                dpi: int = 300, overwrite: bool = False) -> tuple[Figure, Axes]:
    """Draw the org-chart matrix: tasks (rows, by instrument) × units (columns), one black mark per role.

    This is the report's "Organisasjonskart" as a table (Vedlegg 1 §3). Marks sit in the centre of
    their cell and differ by shape and fill; unit names sit in boxes filled and outlined by sector,
    with a key to the roles and, below it, a key to the sectors, each under its own heading.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph of at most :data:`MAX_MATRIX_UNITS` units.
    ax : matplotlib.axes.Axes, optional
        The axes to draw on; default a new figure of the intended print size.
    lang : {"en", "no"}, default "en"
        English or Norwegian words.
    filepath : str or os.PathLike, optional
        Save the figure here, format from the extension (PNG at `dpi`); written whole or not at all.
    overwrite : bool, default False
        Replace a file already at `filepath` (else :class:`~orggraph.OverwriteError` and nothing is written).
    close : bool, default False
        Close the figure after saving (batch use).
    dpi : int, default 300
        Resolution of a PNG.

    Returns
    -------
    fig : matplotlib.figure.Figure
        The figure (that of `ax`, if given).
    ax : matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    OverwriteError
        If `filepath` exists and `overwrite` is false.
    GraphError
        If `G` is not an organisation graph (:func:`orggraph.check_graph`).
    ValueError
        If `lang` is neither ``"en"`` nor ``"no"``.
    OrgGraphError
        If `G` has more than :data:`MAX_MATRIX_UNITS` units.

    See Also
    --------
    orggraph.draw_orgchart : The same graph as a chart.

    Notes
    -----
    The report's method sets up, for each municipality, "en oversikt (et Organisasjonskart) over de
    boligvirkemidlene kommunen bruker – og måten de er organisert på", stating for each instrument
    "hvilke etater/organer som står for henholdsvis saksbehandling og beslutningsfatting" [1]_ (lines
    4986–4993 of the report's text). Rows are the tasks, grouped by instrument in the vocabulary's
    order; columns are the units; a cell shows each role the unit holds for the task (markers in
    :data:`ROLE_MARKERS`).

    References
    ----------
    .. [1] Langsether, Å., Hansen, T., & Sørvoll, J. (2008). *Fragmentert og koordinert. Organisering av
       boligsosialt arbeid i norske kommuner*. NOVA Rapport 18/2008. Oslo: NOVA. (no DOI)

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import orggraph
    >>> fig, ax = plot_matrix(orggraph.load_dataset("nova2008")["ski"])
    >>> roles, sectors = ax.artists[0], ax.get_legend()  # two keys, each under its own heading
    >>> [(key.get_title().get_text(), [t.get_text() for t in key.get_texts()]) for key in (roles, sectors)]
    [('Role', ['Decides / allocates', 'Participates']), ('Sector', ['Housing', 'Social / NAV'])]
    >>> plt.close(fig)
    """
    G = check_graph(G)
    _check_lang(lang)
    units = unit_nodes(G)
    if len(units) > MAX_MATRIX_UNITS:
        msg = (f"{G.graph.get('name') or 'this municipality'} has {len(units)} units; the matrix is drawn for at "
               f"most {MAX_MATRIX_UNITS} (one column each): draw a part of the graph")
        raise OrgGraphError(msg)
    tasks = sorted(cast(list[str], task_nodes(G)), key=lambda t: (list(voc.INSTRUMENTS).index(voc.TASKS[t].instrument),
                                                 list(voc.TASKS).index(t)))
    fig, ax = _axes(ax, (min(A4_TEXT_WIDTH + 1.2, 3.9 + 0.34 * len(units)), 2.1 + 0.2 * len(tasks)))
    cells: dict[tuple[Hashable, str], list[str]] = {}
    for u, t, d in cast(list[tuple[Hashable, str, dict]], responsibility_edges(G)):  # tasks keyed by code
        cells.setdefault((u, t), []).append(d["role"])
    marks: dict[str, list[tuple[float, int]]] = {}
    for (u, t), roles in cells.items():
        roles = sorted(roles, key=list(voc.ROLES).index)
        for k, role in enumerate(roles):  # one mark: the centre; several: side by side around it
            off = (k - (len(roles) - 1) / 2) * 0.3
            marks.setdefault(role, []).append((units.index(u) + off, tasks.index(t)))
    for role, xy in marks.items():  # one collection per role (marks never overlap: drawn alike in any order)
        marker, size, filled = ROLE_MARKERS[role]
        x, y = zip(*xy, strict=True)
        ax.scatter(x, y, marker=marker, s=size, linewidths=1.0, facecolors=INK if filled else "none",
                   edgecolors=INK, zorder=3)
    ax.set_xticks(range(len(units)))
    names = [G.nodes[u].get("name_en") if lang == "en" and G.nodes[u].get("name_en") else G.nodes[u].get("name", u)
             for u in units]
    ax.set_xticklabels([textwrap.fill(str(n), 20) for n in names], rotation=90, fontsize=_FONT - 0.5)
    sectors = []
    for tick, u in zip(ax.get_xticklabels(), units, strict=True):
        sector = G.nodes[u].get("sector") or "other"
        sectors.append(sector)
        st = SECTOR_STYLES.get(sector, SECTOR_STYLES["other"])
        tick.set_bbox({"facecolor": st.fill, "edgecolor": INK, "linewidth": 0.6 if st.border == "solid" else 0.9,
                       "linestyle": st.mpl_linestyle, "pad": 1.2, "boxstyle": "round,pad=0.25"})
    ax.set_yticks(range(len(tasks)))
    ax.set_yticklabels([voc.TASKS[t].label(lang) for t in tasks], fontsize=_FONT)
    ax.set_xlim(-0.5, len(units) - 0.5)
    ax.set_ylim(len(tasks) - 0.5, -0.5)
    # the cell borders: two line collections below the marks (a grid of minor ticks would make and draw a
    # tick, with its lines and labels, per border)
    grid: dict[str, Any] = {"colors": "#BBBBBB", "linewidth": 0.5, "zorder": 0.5}
    ax.vlines(np.arange(len(units) + 1) - 0.5, -0.5, len(tasks) - 0.5, **grid)
    ax.hlines(np.arange(len(tasks) + 1) - 0.5, -0.5, len(units) - 0.5, **grid)
    ax.set_title(str(G.graph.get("name") or ""), fontsize=_FONT + 2, y=1.0)
    _no_axis_labels(ax)
    used_roles = {r for roles in cells.values() for r in roles}
    handles = [Line2D([], [], linestyle="", marker=ROLE_MARKERS[r][0], markersize=6, markeredgewidth=1.0,
                      markerfacecolor=INK if ROLE_MARKERS[r][2] else "none", markeredgecolor=INK,
                      label=textwrap.fill(voc.ROLES[r].label(lang), 24)) for r in voc.ROLES if r in used_roles]
    key = [Patch(facecolor=SECTOR_STYLES[s].fill, edgecolor=INK, linestyle=SECTOR_STYLES[s].mpl_linestyle,
                 linewidth=0.6 if SECTOR_STYLES[s].border == "solid" else 0.9,
                 label=textwrap.fill(voc.SECTORS[s].label(lang), 26))
           for s in voc.SECTORS if s in set(sectors)]
    # two keys, each under its own heading: the roles, and below them the sectors
    style: dict[str, Any] = {"loc": "upper left", "fontsize": _FONT - 0.5, "frameon": False, "title_fontsize": _FONT,
             "alignment": "left", "borderaxespad": 0}
    role_key = ax.legend(handles=handles, bbox_to_anchor=(1.02, 1), title=labels.text("role", lang), **style)
    ax.add_artist(role_key)
    role_key.set_clip_on(False)  # outside the axes: counted by the layout, as the last legend is
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg and every interactive canvas have it
    below = role_key.get_window_extent(renderer).height * 72 / fig.dpi + _FONT  # points
    ax.legend(handles=key, bbox_to_anchor=(1.02, 1), title=labels.text("sector", lang),
              bbox_transform=offset_copy(ax.transAxes, fig=fig, y=-below, units="points"), **style)
    _finish(fig, filepath, close, dpi=dpi, overwrite=overwrite)
    return fig, ax


def plot_small_multiples(graphs: Mapping[str, nx.Graph], *, ncols: int = 2, lang: str = "en",
                         width: float = A4_WIDTH, filepath: str | os.PathLike | None = None, close: bool = False,
                         dpi: int = 300, overwrite: bool = False) -> tuple[Figure, np.ndarray]:
    """Draw every municipality's org chart (without legend) as vector shapes, on one shared scale.

    All panels use the same points-per-point scale, so a chart's size on the page says how large the
    organisation is; the scale is the largest at which the widest chart fits its column of a figure
    `width` inches wide (A4 printable width by default), and the text is at least
    :data:`MIN_FONT_SIZE` points at that width (an :class:`OrgGraphError` says so if `ncols` is too many).
    The Graphviz layouts are those of :func:`orggraph.draw_orgchart` (reused, not run again). Save as
    SVG or PDF for print.

    Returns ``(fig, axes)`` where `axes` is the array of panels.

    Parameters
    ----------
    graphs : mapping of str to networkx.MultiGraph, or iterable of graphs
        The municipalities (read by :func:`orggraph.core.graph.keyed_graphs`); panels are in the
        order of their names.
    ncols : int, default 2
        Panels per row.
    lang : {"en", "no"}, default "en"
        English or Norwegian words.
    width : float, default :data:`A4_WIDTH`
        Width of the figure in inches; the height follows from the charts.
    filepath : str or os.PathLike, optional
        Save the figure here, format from the extension (PNG at `dpi`); written whole or not at all.
    overwrite : bool, default False
        Replace a file already at `filepath` (else :class:`~orggraph.OverwriteError` and nothing is written).
    close : bool, default False
        Close the figure after saving (batch use).
    dpi : int, default 300
        Resolution of a PNG.

    Returns
    -------
    fig : matplotlib.figure.Figure
        The new figure (this function draws its own: there is no `ax`).
    axes : numpy.ndarray of matplotlib.axes.Axes
        The panels, shape ``(rows, ncols)``; panels after the last chart are empty and hidden.

    Raises
    ------
    OverwriteError
        If `filepath` exists and `overwrite` is false.
    TypeError
        If `graphs` is not a mapping or iterable of graphs.
    ValueError
        If `lang` is neither ``"en"`` nor ``"no"``.
    OrgGraphError
        If `graphs` is empty, the text would print under :data:`MIN_FONT_SIZE`, or a chart cannot be
        drawn (see :func:`orggraph.drawing.orgchart.orgchart_layout`).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import orggraph
    >>> g = orggraph.load_dataset("nova2008")
    >>> fig, axes = plot_small_multiples({k: g[k] for k in ["ski", "hamar", "skaun"]})
    >>> axes.shape, [t.get_text() for t in fig.texts]
    ((2, 2), ['Hamar', 'Skaun', 'Ski'])
    >>> plt.close(fig)
    """
    graphs = keyed_graphs(graphs, caller="plot_small_multiples")
    _check_lang(lang)
    if not graphs:
        msg = "plot_small_multiples needs at least one graph"
        raise OrgGraphError(msg)
    items = sorted(graphs.items(), key=lambda kv: str(kv[1].graph.get("name") or kv[0]))
    layouts = [orgchart_layout(G, lang=lang) for _, G in items]
    extents = [chart_extent(lay, label=False) for lay in layouts]
    gap, title_h = 4.0, 14.0  # points: between panels, and for each panel's title
    col_w = (width * 72 - gap * (ncols - 1)) / ncols
    scale = min(col_w / (x1 - x0) for x0, _, x1, _ in extents)
    smallest = min(_smallest_font(lay) for lay in layouts) * scale
    if smallest < MIN_FONT_SIZE:
        msg = (f"with {ncols} columns in {width:g} in the charts' text would print at {smallest:.1f} pt "
               f"(< {MIN_FONT_SIZE:g} pt); use fewer columns or a wider figure")
        raise OrgGraphError(msg)
    nrows = -(-len(items) // ncols)
    rows_h = [max((extents[i][3] - extents[i][1]) * scale for i in range(r * ncols, min(len(items), (r + 1) * ncols)))
              + title_h for r in range(nrows)]
    height = sum(rows_h) + gap * (nrows - 1)
    fig = plt.figure(figsize=(width, height / 72))
    axes = np.empty((nrows, ncols), dtype=object)
    top = height
    for r in range(nrows):
        for c in range(ncols):
            i = r * ncols + c
            x0, y0, x1, y1 = extents[i] if i < len(items) else (0, 0, 1, 1)
            w, h = ((x1 - x0) * scale, (y1 - y0) * scale) if i < len(items) else (col_w, 1)
            left = c * (col_w + gap)
            ax = fig.add_axes((left / (width * 72), (top - title_h - h) / height, w / (width * 72), h / height))
            axes[r, c] = ax
            if i >= len(items):
                ax.set_axis_off()
                continue
            mid, G = items[i]
            draw_layout(layouts[i], ax, label=False, scale=scale)
            fig.text((left + 1) / (width * 72), (top - 2) / height, str(G.graph.get("name") or mid),
                     fontsize=max(MIN_FONT_SIZE + 2, 8.0), va="top", ha="left", weight="bold")
        top -= rows_h[r] + gap
    _finish(fig, filepath, close, dpi=dpi, overwrite=overwrite)
    return fig, axes


def _smallest_font(layout: dict) -> float:
    """Return the smallest font size (layout points) of a chart drawn without its graph label."""
    sizes: list[float] = []
    for obj in [*layout.get("objects", []), *layout.get("edges", [])]:
        for key, ops in obj.items():
            if key.startswith("_") and key.endswith("draw_"):
                sizes.extend(float(op["size"]) for op in ops if op["op"] == "F")
    return min(sizes, default=10.0)


# --- every figure of a dataset ---------------------------------------------------------------------------------

def _comparison_table(graphs: Mapping[str, nx.Graph]) -> pd.DataFrame:
    """Return ``orggraph.compare(graphs)`` with a ``model`` column (added from classify, keyed by id, if absent)."""
    from orggraph.analysis.models import classify
    from orggraph.analysis.summary import compare

    table = compare(graphs)
    if "model" not in table:
        table["model"] = pd.Series({mid: str(classify(G).model) for mid, G in graphs.items()})
    return table


def write_figures(graphs: Mapping[str, nx.Graph], out: str | os.PathLike, *, formats: Sequence[str] = ("svg", "png"),
                  lang: str = "en", dpi: int = 300, workers: int | None = None,
                  overwrite: bool = False) -> tuple[list[Path], list[str]]:
    """Write every org chart, matrix and comparison figure of `graphs` into folder `out`, in every format.

    Each figure is laid out once (for the first format, PNG first) and drawn once per format; one
    Graphviz run lays out each org chart and writes its SVG, one more renders the PNGs of several charts
    (:func:`orggraph.drawing.orgchart.draw_orgcharts`), and the small multiples reuse those layouts.
    Graphviz runs in processes of its own while the matplotlib figures
    are drawn, and the matplotlib figures are shared among `workers` processes (this one and forked
    ones, given one figure at a time as they finish the last; default: one per CPU, 1 where processes
    cannot be forked).
    PNGs are at `dpi` (the small multiples' PNG, a preview of the vector file, at most 150), RGB when every
    pixel is opaque. Comparison figures need at least 3 municipalities:
    with fewer they are skipped and said so. What is written does not depend on `workers`.

    Files already in `out` are replaced only with ``overwrite=True`` (``--force`` on the command line).
    Org charts go to ``out/orgcharts/<id>.<format>``, matrices to ``out/matrices/<id>.<format>``,
    the others to ``out/<figure>.<format>``; Norwegian figures end in ``_no``.

    Parameters
    ----------
    graphs : mapping of str to networkx.MultiGraph
        ``municipality_id`` → organisation graph, e.g. :func:`orggraph.load_dataset`.
    out : str or os.PathLike
        The folder; made if missing.
    formats : sequence of {"svg", "pdf", "png"}, default ("svg", "png")
        Formats to write each figure in.
    lang : {"en", "no"}, default "en"
        English or Norwegian words.
    dpi : int, default 300
        Resolution of the PNGs.
    workers : int, optional
        Processes drawing the matplotlib figures at once, this one included (the others forked);
        default one per CPU. The files written are the same for any number.
    overwrite : bool, default False
        Replace files already in `out` (else :class:`~orggraph.OverwriteError`, before anything is drawn).

    Returns
    -------
    written : list of pathlib.Path
        The paths written.
    skipped : list of str
        One sentence per figure skipped.

    Raises
    ------
    OverwriteError
        If a file to be written exists and `overwrite` is false.
    ValueError
        If `lang` is unknown, `formats` is empty or holds an unknown format, or `workers` is not a positive
        whole number.
    OrgGraphError
        If a figure cannot be drawn (see the plot functions and :func:`orggraph.draw_orgchart`).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import orggraph
    >>> out = Path(tempfile.mkdtemp())
    >>> written, skipped = write_figures({"skaun": orggraph.load_dataset("nova2008")["skaun"]}, out, formats=["svg"])
    >>> [p.relative_to(out).as_posix() for p in written]
    ['orgcharts/skaun.svg', 'matrices/skaun.svg', 'small_multiples.svg']
    >>> skipped[0]
    'plane: needs at least 3 municipalities, got 1'
    """
    import gc
    import multiprocessing
    import threading
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

    from orggraph.drawing.orgchart import FORMATS, draw_orgcharts

    _check_lang(lang)
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        msg = f"unknown format(s) {bad or list(formats)}; use {', '.join(FORMATS)}"
        raise ValueError(msg)
    formats = list(dict.fromkeys(formats))
    if workers is None:
        workers = os.cpu_count() or 1
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        msg = f"`workers` must be a positive whole number, got {workers!r}"
        raise ValueError(msg)
    if "fork" not in multiprocessing.get_all_start_methods():
        workers = 1
    out = Path(out)
    suffix = "" if lang == "en" else f"_{lang}"
    names = [f"{folder}/{mid}" for folder in ("orgcharts", "matrices") for mid in graphs] + ["small_multiples"]
    names += list(_COMPARISONS) if len(graphs) >= 3 else []
    vector = [f for f in formats if f != "png"]
    refuse_overwrite(*(out / f"{name}{suffix}.{fmt}" for name in names for fmt in formats), overwrite=overwrite)
    (out / "orgcharts").mkdir(parents=True, exist_ok=True)
    (out / "matrices").mkdir(parents=True, exist_ok=True)
    skipped: list[str] = []
    if len(graphs) < 3:
        skipped += [f"{name}: needs at least 3 municipalities, got {len(graphs)}" for name in _COMPARISONS]
    # matplotlib figures other than the small multiples wait in `pending`: each forked worker is given the one at
    # the front whenever it has none (one at a time, so that nothing is promised to a worker that this process
    # could draw sooner); this process, once it has drawn the small multiples, takes them from the back. Two
    # matrices wait first; while the workers and Graphviz draw, the comparison table is computed; then the
    # comparison figures (the larger) are added, and the other matrices after them.
    jobs = [(f"matrices/{mid}{suffix}", "matrix", G) for mid, G in graphs.items()]
    pending: deque[tuple] = deque(jobs[:2])
    given: list[Future] = []  # every figure given to a worker
    lock = threading.Lock()
    state = {"busy": 0, "stop": False}  # workers holding a figure; nothing more is given after an error

    def _give(done: Future | None = None) -> None:  # each idle worker gets the figure at the front
        with lock:
            if done is not None:
                state["busy"] -= 1
                state["stop"] = state["stop"] or done.cancelled() or done.exception() is not None
            new = []
            while pool is not None and pending and not state["stop"] and state["busy"] < workers - 1:
                new.append(pool.submit(_draw_figure, pending.popleft(), out, formats, lang, dpi))
                state["busy"] += 1
            given.extend(new)
        for future in new:
            future.add_done_callback(_give)

    with contextlib.ExitStack() as stack:
        # the objects made before (graphs, modules: most of the heap) are left out of garbage collection while
        # drawing: the collector does not walk them again and again, nor write to them in forked workers
        # (which would copy their memory pages); they are collected as usual again afterwards
        gc.freeze()
        stack.callback(gc.unfreeze)
        pool = (stack.enter_context(ProcessPoolExecutor(workers - 1, mp_context=multiprocessing.get_context("fork")))
                if workers > 1 and len(jobs) > 1 else None)
        _give()  # the workers are forked here, before any thread starts
        stack.callback(state.__setitem__, "stop", True)  # after an error nothing more is started
        graphviz = stack.enter_context(ThreadPoolExecutor(max_workers=2))
        # the charts in two halves, one thread each; vector charts first: they also leave the layouts the
        # small multiples need (with no vector format, the layouts alone: no file is written that was not
        # asked for); each half's PNGs once it is laid out
        items = list(graphs.items())
        halves = [half for half in (dict(items[:len(items) // 2]), dict(items[len(items) // 2:])) if half]
        laid_out = [graphviz.submit(draw_orgcharts, half, out / "orgcharts", formats=vector, lang=lang,
                                    suffix=suffix, overwrite=True) for half in halves]
        charts = list(laid_out)
        if "png" in formats:
            charts += [graphviz.submit(_after, first, draw_orgcharts, half, out / "orgcharts", formats=["png"],
                                       lang=lang, dpi=dpi, suffix=suffix, overwrite=True)
                       for first, half in zip(laid_out, halves, strict=True)]
        more = []
        if len(graphs) >= 3:
            table = _comparison_table(graphs)
            more = [(f"{name}{suffix}", name, table) for name in _COMPARISONS]
        with lock:
            pending.extend(more + jobs[2:])
        _give()
        for future in laid_out:
            future.result()
        _draw_figure((f"small_multiples{suffix}", "small_multiples", graphs), out, formats, lang, min(dpi, 150))
        while True:
            with lock:
                job = pending.pop() if pending and not state["stop"] else None
            if job is None:
                break
            _draw_figure(job, out, formats, lang, dpi)
        with lock:
            workers_done = list(given)  # no figure is given after `pending` is empty
        for future in [*workers_done, *charts]:
            future.result()  # a figure that failed raises here
    names = [f"orgcharts/{mid}" for mid in graphs]
    names += [f"matrices/{mid}" for mid in graphs] + ["small_multiples"]
    names += [name for name in _COMPARISONS if len(graphs) >= 3]
    written = [out / f"{name}{suffix}.{fmt}" for name in names for fmt in formats]
    return written, skipped


def _after(first: Future, then: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call `then` once `first` has finished (raising what `first` raised)."""
    first.result()
    return then(*args, **kwargs)


#: The comparison figures of :func:`write_figures`, drawn from the table of :func:`orggraph.compare`.
_COMPARISONS = ("plane", "heatmap", "dendrogram", "population_fragmentation", "population_coverage")


def _draw_figure(job: tuple, out: Path, formats: Sequence[str], lang: str, dpi: int) -> None:
    """Draw one matplotlib figure of :func:`write_figures` and save it in every format."""
    name, what, data = job
    if what == "matrix":
        fig = plot_matrix(data, lang=lang)[0]
    elif what == "small_multiples":
        fig = plot_small_multiples(data, lang=lang)[0]
    elif what == "plane":
        fig = plot_plane(data, lang=lang)[0]
    elif what == "heatmap":
        fig = plot_heatmap(data, lang=lang)[0]
    elif what == "dendrogram":
        fig = plot_dendrogram(data, lang=lang)[0]
    elif what == "population_fragmentation":
        fig = plot_vs_population(data, "fragmentation", lang=lang)[0]
    else:
        fig = plot_vs_population(data, "coordination_coverage", lang=lang)[0]
    # PNG first: the layout is computed once, at print resolution, and kept for the other formats
    if "png" in formats:
        _lay_out(fig, dpi)
    for fmt in sorted(formats, key=lambda f: f != "png"):
        _finish(fig, out / f"{name}.{fmt}", False, dpi=dpi, overwrite=True)  # write_figures checked them all
        _lay_out(fig, None)  # after a save without PNG, keep the layout that save computed
    plt.close(fig)


def _lay_out(fig: Figure, dpi: float | None) -> None:
    """Run the figure's layout engine at `dpi` (None: not at all), then remove the engine, keeping the layout.

    Saving a figure that has a layout engine draws it twice, once without output to lay it out (with
    matplotlib's ``"none"`` engine as well); without an engine it is drawn once. A constrained layout
    measures text with the canvas' own renderer, which :meth:`~matplotlib.figure.Figure.savefig` also
    uses for a PNG at the same dpi: the layout is the one saving would compute.
    """
    engine = fig.get_layout_engine()
    if engine is None:
        return
    if dpi is not None:
        screen = fig.get_dpi()
        fig.set_dpi(dpi)
        try:
            engine.execute(fig)
        finally:
            fig.set_dpi(screen)
    with plt.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)  # None, not "none": with no engine savefig skips its layout pass
