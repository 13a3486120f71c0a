"""Matplotlib figures: the org-chart matrix and comparisons of many municipalities.

Every function takes ``ax=None`` (or draws its own figure), returns
``(fig, ax)`` and shares :func:`_finish` for saving: ``filepath`` writes the
figure (format from the extension), ``close`` closes it afterwards (for batch
use). The org chart itself is drawn with Graphviz: :func:`orggraph.draw_orgchart`.

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

import io
import os
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, NullFormatter
from scipy import stats
from scipy.cluster import hierarchy

from orggraph import vocabulary as voc
from orggraph.graph import responsibility_edges, task_nodes, unit_nodes
from orggraph.orgchart import SECTOR_COLOURS, draw_orgchart

__all__ = [
    "COMPARISON_METRICS",
    "plot_dendrogram",
    "plot_heatmap",
    "plot_matrix",
    "plot_plane",
    "plot_small_multiples",
    "plot_vs_population",
]

#: Metrics shown by default in the heatmap and used for clustering.
COMPARISON_METRICS = ("fragmentation", "top_share", "alone_share", "coordination_coverage",
                      "operative_in_strategy", "components", "connectance", "nodf", "modularity",
                      "robustness")
MODEL_COLOURS = {"1": "#1b9e77", "2": "#d95f02", "3": "#7570b3", "4": "#e7298a", "fragmented": "#666666"}
_ROLE_MARKERS = {"decides": ("o", 90, True), "recommends": ("o", 90, False), "secretary": ("D", 60, True),
                 "participates": (".", 60, True), "executes": ("^", 60, True)}
_TITLES = {
    "en": {"plane": "Fragmentation and coordination", "x": "Fragmentation (1 − HHI of core tasks)",
           "y": "Coordination coverage", "model": "Model", "heat": "Metrics, standardised (z)",
           "dendro": "Municipalities clustered by metrics (Ward)", "pop": "Population 2007 (log)"},
    "no": {"plane": "Fragmentering og samordning", "x": "Fragmentering (1 − HHI for kjerneoppgaver)",
           "y": "Samordningsdekning", "model": "Modell", "heat": "Mål, standardisert (z)",
           "dendro": "Kommuner gruppert etter mål (Ward)", "pop": "Innbyggere 2007 (log)"},
}


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize, layout="constrained")
        return fig, ax
    return ax.figure, ax


def _finish(fig: Figure, filepath: str | os.PathLike | None, close: bool, *, dpi: int = 150) -> None:
    """Save `fig` to `filepath` (atomically) and close it if asked."""
    if filepath is not None:
        from orggraph.io import _atomic

        path = Path(filepath)
        buf = io.BytesIO()
        fig.savefig(buf, format=path.suffix.lstrip(".") or "png", dpi=dpi, bbox_inches="tight")
        with _atomic(path, "wb") as fh:
            fh.write(buf.getvalue())
    if close:
        plt.close(fig)


def plot_matrix(G: nx.Graph, *, ax: Axes | None = None, lang: str = "en",
                filepath: str | os.PathLike | None = None, close: bool = False) -> tuple[Figure, Axes]:
    """Draw the org-chart matrix: tasks (rows, by instrument) × units (columns), marks by role.

    This is the report's "Organisasjonskart" as a table (Vedlegg 1 §3).
    """
    from orggraph.graph import check_graph

    G = check_graph(G)
    units = unit_nodes(G)
    tasks = sorted(task_nodes(G), key=lambda t: (list(voc.INSTRUMENTS).index(voc.TASKS[t].instrument),
                                                 list(voc.TASKS).index(t)))
    fig, ax = _axes(ax, (5.5 + 0.8 * len(units), 2.8 + 0.38 * len(tasks)))
    for u, t, d in responsibility_edges(G):
        marker, size, filled = _ROLE_MARKERS[d["role"]]
        x, y = units.index(u), tasks.index(t)
        off = {"decides": 0, "recommends": 0, "secretary": 0.18, "participates": 0, "executes": -0.18}[d["role"]]
        ax.scatter(x + off, y, marker=marker, s=size, facecolors="#252525" if filled else "none",
                   edgecolors="#252525", zorder=3)
    ax.set_xticks(range(len(units)))
    names = [G.nodes[u].get("name_en") if lang == "en" and G.nodes[u].get("name_en") else G.nodes[u].get("name", u)
             for u in units]
    ax.set_xticklabels([textwrap.fill(str(n), 22) for n in names], rotation=40, ha="right", fontsize=8)
    for tick, u in zip(ax.get_xticklabels(), units, strict=True):
        tick.set_bbox({"facecolor": SECTOR_COLOURS.get(G.nodes[u].get("sector"), "#fff"), "edgecolor": "none",
                       "pad": 1.5})
    ax.set_yticks(range(len(tasks)))
    ax.set_yticklabels([voc.TASKS[t].label(lang) for t in tasks], fontsize=8)
    ax.set_xlim(-0.6, len(units) - 0.4)
    ax.set_ylim(len(tasks) - 0.5, -0.5)
    ax.grid(True, color="#e0e0e0", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_title(str(G.graph.get("name") or ""))
    handles = [Line2D([], [], linestyle="", marker=_ROLE_MARKERS[r][0], markersize=7,
                      markerfacecolor="#252525" if _ROLE_MARKERS[r][2] else "none", markeredgecolor="#252525",
                      label=voc.ROLES[r].label(lang)) for r in voc.ROLES]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7, frameon=False)
    _finish(fig, filepath, close)
    return fig, ax


def _label_points(ax: Axes, table: pd.DataFrame, x: str, y: str) -> None:
    """Label every point with the municipality's name, moved apart so that no labels overlap (adjustText)."""
    from adjustText import adjust_text

    texts = [ax.text(row[x], row[y], str(row.get("name", mid)), fontsize=7)
             for mid, row in table.iterrows() if pd.notna(row[x]) and pd.notna(row[y])]
    adjust_text(texts, ax=ax, expand=(1.15, 1.3), arrowprops={"arrowstyle": "-", "color": "#999999", "lw": 0.5})


def plot_plane(table: pd.DataFrame, *, x: str = "fragmentation", y: str = "coordination_coverage",
               hue: str = "model", ax: Axes | None = None, lang: str = "en",
               filepath: str | os.PathLike | None = None, close: bool = False) -> tuple[Figure, Axes]:
    """Place municipalities on the report's title plane: fragmented vs coordinated, coloured by model.

    Parameters
    ----------
    table
        One row per municipality with columns `x`, `y`, `hue` and ``name``
        (as from ``orggraph metrics``).
    """
    t = _TITLES[lang]
    fig, ax = _axes(ax, (7, 5.5))
    for value, group in table.groupby(table[hue].astype(str)):
        ax.scatter(group[x], group[y], s=40, color=MODEL_COLOURS.get(value, "#999999"),
                   label=f"{t['model']} {value}" if value in "1234" else value, zorder=3)
    _label_points(ax, table, x, y)
    ax.set_xlabel(t["x"] if x == "fragmentation" else x)
    ax.set_ylabel(t["y"] if y == "coordination_coverage" else y)
    ax.set_title(t["plane"])
    ax.grid(True, color="#eeeeee")
    ax.legend(fontsize=8, frameon=False)
    _finish(fig, filepath, close)
    return fig, ax


def _zscores(table: pd.DataFrame, metrics: Sequence[str]) -> pd.DataFrame:
    data = table[list(metrics)].astype(float)
    sd = data.std(ddof=0).replace(0, 1)
    z = (data - data.mean()) / sd
    return z.fillna(0.0)


def plot_heatmap(table: pd.DataFrame, *, metrics: Sequence[str] = COMPARISON_METRICS, ax: Axes | None = None,
                 lang: str = "en", filepath: str | os.PathLike | None = None,
                 close: bool = False) -> tuple[Figure, Axes]:
    """Draw a heatmap of standardised metrics (z-scores), municipalities in rows."""
    z = _zscores(table, metrics)
    fig, ax = _axes(ax, (1.5 + 0.6 * len(metrics), 1 + 0.28 * len(z)))
    im = ax.imshow(z.to_numpy(), cmap="RdBu_r", vmin=-2.5, vmax=2.5, aspect="auto")
    ax.set_xticks(range(len(metrics)))
    ax.set_xticklabels(metrics, rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(len(z)))
    ax.set_yticklabels([str(table.loc[i].get("name", i)) for i in z.index], fontsize=8)
    fig.colorbar(im, ax=ax, shrink=0.6, label="z")
    ax.set_title(_TITLES[lang]["heat"])
    _finish(fig, filepath, close)
    return fig, ax


def plot_dendrogram(table: pd.DataFrame, *, metrics: Sequence[str] = COMPARISON_METRICS, ax: Axes | None = None,
                    lang: str = "en", filepath: str | os.PathLike | None = None,
                    close: bool = False) -> tuple[Figure, Axes]:
    """Cluster municipalities on standardised metrics (Ward linkage, scipy) and draw the dendrogram.

    Leaf labels are coloured by model when the table has a ``model`` column.
    """
    z = _zscores(table, metrics)
    link = hierarchy.linkage(z.to_numpy(), method="ward")
    fig, ax = _axes(ax, (8, 4.5))
    labels = [str(table.loc[i].get("name", i)) for i in z.index]
    hierarchy.dendrogram(link, labels=labels, ax=ax, leaf_rotation=90, leaf_font_size=8,
                         color_threshold=0.7 * max(link[:, 2]))
    if "model" in table:
        by_name = {str(table.loc[i].get("name", i)): str(table.loc[i, "model"]) for i in z.index}
        for tick in ax.get_xticklabels():
            tick.set_color(MODEL_COLOURS.get(by_name.get(tick.get_text(), ""), "#000000"))
    ax.set_title(_TITLES[lang]["dendro"])
    ax.set_ylabel("Ward distance")
    _finish(fig, filepath, close)
    return fig, ax


def plot_vs_population(table: pd.DataFrame, metric: str = "fragmentation", *, ax: Axes | None = None,
                       lang: str = "en", filepath: str | os.PathLike | None = None,
                       close: bool = False) -> tuple[Figure, Axes]:
    """Scatter a metric against population (log scale) with Spearman's rho and p in the legend."""
    data = table[["population_2007", metric]].astype(float).dropna()
    res = stats.spearmanr(data["population_2007"], data[metric])
    fig, ax = _axes(ax, (6, 4.5))
    ax.scatter(data["population_2007"], data[metric], s=30, color="#3182bd", zorder=3,
               label=f"Spearman ρ = {res.statistic:.2f}, p = {res.pvalue:.2f}, n = {len(data)}")
    _label_points(ax, table.loc[data.index], "population_2007", metric)
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}".replace(",", " ")))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(_TITLES[lang]["pop"])
    ax.set_ylabel(metric)
    ax.grid(True, color="#eeeeee")
    ax.legend(fontsize=8, frameon=False)
    _finish(fig, filepath, close)
    return fig, ax


def plot_small_multiples(graphs: Mapping[str, nx.Graph], *, ncols: int = 4, lang: str = "en",
                         filepath: str | os.PathLike | None = None,
                         close: bool = False) -> tuple[Figure, np.ndarray]:
    """Draw every municipality's org chart (without legend) in a grid of small panels.

    Returns ``(fig, axes)`` where `axes` is the array of panels.
    """
    n = len(graphs)
    nrows = max(1, -(-n // ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.2 * ncols, 4.2 * nrows), layout="constrained")
    flat = np.atleast_1d(axes).ravel()
    for ax, G in zip(flat, graphs.values(), strict=False):
        png = draw_orgchart(G, lang=lang, legend=False).draw(format="png")
        ax.imshow(plt.imread(io.BytesIO(png), format="png"))
        ax.set_axis_off()
    for ax in flat[n:]:
        ax.set_axis_off()
    _finish(fig, filepath, close, dpi=100)
    return fig, np.atleast_1d(axes)
