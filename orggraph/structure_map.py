"""A map of municipalities placed by their structural distances (classical MDS), marked by model.

:func:`classical_mds` embeds a distance matrix in the plane (Torgerson 1952;
Gower 1966): double-centre the squared distances and keep the two leading
eigenvectors. :func:`plot_map` draws the result with one marker *shape* per
model (and a word in the legend), so that the map reads in greyscale.

References
----------
.. [1] W. S. Torgerson, "Multidimensional scaling: I. Theory and method",
   *Psychometrika* 17 (1952) 401–419. doi:10.1007/BF02288916
.. [2] J. C. Gower, "Some distance properties of latent root and vector
   methods used in multivariate analysis", *Biometrika* 53 (1966) 325–338.
   doi:10.1093/biomet/53.3-4.325

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import orggraph
>>> fig, ax = plot_map(orggraph.load_dataset("nova2008"))
>>> len(ax.collections) >= 2
True
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from orggraph.graph import keyed_graphs

__all__ = ["classical_mds", "plot_map"]
_TEXT = {
    "en": {"title": "Municipalities placed by structural distance (classical MDS)",
           "axis": "MDS dimension {i} ({share:.0%} of the spread)", "highlight": "this municipality"},
    "no": {"title": "Kommuner plassert etter strukturell avstand (klassisk MDS)",
           "axis": "MDS-dimensjon {i} ({share:.0%} av spredningen)", "highlight": "denne kommunen"},
}


def classical_mds(dist: pd.DataFrame, *, dims: int = 2) -> pd.DataFrame:
    """Return coordinates whose Euclidean distances best match `dist` (classical, Torgerson–Gower MDS).

    Parameters
    ----------
    dist
        A symmetric distance matrix with the same index and columns.
    dims
        Number of dimensions.

    Returns
    -------
    pandas.DataFrame
        One row per item, columns ``x1`` … ``x<dims>``; ``attrs["explained"]``
        holds each dimension's share of the positive eigenvalues. Signs are
        fixed so that each axis's largest coordinate is positive.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame([[0, 3, 4], [3, 0, 5], [4, 5, 0]], index=list("abc"), columns=list("abc"))
    >>> xy = classical_mds(d)
    >>> float(((xy.loc["b"] - xy.loc["c"]) ** 2).sum() ** 0.5)  # doctest: +ELLIPSIS
    5.0...
    """
    if list(dist.index) != list(dist.columns):
        msg = "the distance matrix needs the same labels on its index and columns, in the same order"
        raise ValueError(msg)
    d = dist.to_numpy(dtype=float)
    if not np.allclose(d, d.T):
        msg = "the distance matrix is not symmetric"
        raise ValueError(msg)
    n = len(d)
    j = np.eye(n) - np.ones((n, n)) / n
    b = -0.5 * j @ (d**2) @ j
    values, vectors = np.linalg.eigh(b)
    order = np.argsort(values)[::-1]
    values, vectors = values[order], vectors[:, order]
    positive = values[values > 0]
    coords = vectors[:, :dims] * np.sqrt(np.clip(values[:dims], 0, None))
    for k in range(coords.shape[1]):
        if coords[np.argmax(np.abs(coords[:, k])), k] < 0:
            coords[:, k] *= -1
    out = pd.DataFrame(coords, index=dist.index.copy(), columns=[f"x{k + 1}" for k in range(dims)])
    total = positive.sum() if len(positive) else 1.0
    out.attrs["explained"] = [float(max(v, 0) / total) for v in values[:dims]]
    return out


def plot_map(graphs: Mapping[str, nx.Graph], *, highlight: str | None = None, ax=None, lang: str = "en",
             filepath: str | os.PathLike | None = None, close: bool = False):
    """Place municipalities by their structural distances (:func:`orggraph.similarity.distances`), marked by model.

    Parameters
    ----------
    graphs
        ``municipality_id`` → organisation graph.
    highlight
        A municipality id to ring and name in the legend (e.g. your own).
    ax
        Axes to draw on; default a new figure.
    lang
        ``en`` or ``no`` labels.
    filepath
        Write the figure here (format from the extension).
    close
        Close the figure afterwards (batch use).

    Returns
    -------
    (matplotlib.figure.Figure, matplotlib.axes.Axes)
    """
    graphs = keyed_graphs(graphs, caller="plot_map")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from orggraph.models import classify
    from orggraph.plot import label_points, model_handles
    from orggraph.similarity import distances
    from orggraph.styles import INK, MODEL_STYLES

    if highlight is not None and highlight not in graphs:
        msg = f"`highlight` {highlight!r} is not one of the graphs"
        raise ValueError(msg)
    text = _TEXT[lang]
    xy = classical_mds(distances(graphs))
    models = pd.Series({mid: str(classify(G).model) for mid, G in graphs.items()})
    if ax is None:
        fig, ax = plt.subplots(figsize=(7, 6), layout="constrained")
    else:
        fig = ax.figure
    for model in [m for m in MODEL_STYLES if m in set(models)]:
        style = MODEL_STYLES[model]
        ids = models.index[models == model]
        ax.scatter(xy.loc[ids, "x1"], xy.loc[ids, "x2"], marker=style.marker, s=70, facecolors=style.colour,
                   edgecolors=INK, linewidths=1.0, zorder=3)
    if highlight is not None:
        ax.scatter(xy.loc[highlight, "x1"], xy.loc[highlight, "x2"], s=420, facecolors="none",
                   edgecolors=INK, linewidths=2.2, zorder=2)
    share = xy.attrs["explained"]
    ax.set_xlabel(text["axis"].format(i=1, share=share[0]))
    ax.set_ylabel(text["axis"].format(i=2, share=share[1]))
    ax.set_title(text["title"])
    ax.grid(True, color="#eeeeee")
    ax.set_axisbelow(True)
    handles = model_handles(list(models), lang)
    if highlight is not None:
        handles.append(Line2D([], [], linestyle="", marker="o", markersize=14, markerfacecolor="none",
                              markeredgecolor=INK, markeredgewidth=2.2, label=text["highlight"]))
    ax.legend(handles=handles, fontsize=8, frameon=False, loc="best")
    # labels last (placed on the final layout), off every mark and the highlight's ring
    ids = list(graphs)
    ring = []
    if highlight is not None:
        hx, hy = xy.loc[highlight, "x1"], xy.loc[highlight, "x2"]
        ring = [(hx, hy, 7 * np.cos(a), 7 * np.sin(a)) for a in np.linspace(0, 2 * np.pi, 8, endpoint=False)]
    label_points(ax, xy.loc[ids, "x1"].tolist(), xy.loc[ids, "x2"].tolist(),
                 [str(graphs[mid].graph.get("name") or mid) for mid in ids], marker_pt=9.0, fontsize=7.5, marks=ring,
                 bold=[ids.index(highlight)] if highlight is not None else [])
    if filepath is not None:
        from orggraph.io import _atomic

        path = Path(filepath)
        buf = io.BytesIO()
        fig.savefig(buf, format=path.suffix.lstrip(".") or "png", dpi=150, bbox_inches="tight")
        with _atomic(path, "wb") as fh:
            fh.write(buf.getvalue())
    if close:
        plt.close(fig)
    return fig, ax
