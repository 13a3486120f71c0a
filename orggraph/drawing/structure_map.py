"""A map of municipalities placed by their structural distances (classical MDS), marked by model.

:func:`classical_mds` embeds a distance matrix in the plane (Torgerson 1952 [1]_;
Gower 1966 [2]_): double-centre the squared distances and keep the two leading
eigenvectors. :func:`plot_map` draws the result with one marker *shape* per
model (and a word in the legend), so that the map reads in greyscale.

In the drawing layer (:mod:`orggraph.drawing`) this module draws what the
analysis layer computes: the structural distances of
:func:`orggraph.analysis.similarity.distances` and the models of
:func:`orggraph.classify`, with the marks and legend entries of
:mod:`~orggraph.drawing.styles` and :func:`orggraph.drawing.plot.model_handles`.
matplotlib is imported only inside :func:`plot_map`;
:func:`classical_mds` needs numpy and pandas only.

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
from typing import TYPE_CHECKING, cast

import networkx as nx
import numpy as np
import pandas as pd

from orggraph._files import atomic_write, refuse_overwrite
from orggraph.core.graph import keyed_graphs

if TYPE_CHECKING:  # matplotlib is imported only when drawing
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["classical_mds", "plot_map"]
_TEXT = {
    "en": {"title": "Municipalities placed by structural distance (classical MDS)",
           "axis": "MDS dimension {i} ({share:.0%} of the spread)", "highlight": "this municipality"},
    "no": {"title": "Kommuner plassert etter strukturell avstand (klassisk MDS)",
           "axis": "MDS-dimensjon {i} ({share:.0%} av spredningen)", "highlight": "denne kommunen"},
}


def classical_mds(dist: pd.DataFrame, *, dims: int = 2) -> pd.DataFrame:
    r"""Return coordinates whose Euclidean distances best match `dist` (classical, Torgerson–Gower MDS).

    Parameters
    ----------
    dist : pandas.DataFrame
        A symmetric distance matrix with the same index and columns.
    dims : int, default 2
        Number of dimensions.

    Returns
    -------
    pandas.DataFrame
        One row per item, columns ``x1`` … ``x<dims>``; ``attrs["explained"]``
        holds each dimension's share of the positive eigenvalues. Signs are
        fixed so that each axis's largest coordinate is positive.

    Raises
    ------
    ValueError
        If the index and columns of `dist` differ, or `dist` is not symmetric.

    See Also
    --------
    plot_map : The map of municipalities drawn from these coordinates.

    Notes
    -----
    With :math:`D^{(2)}` the squared distances and :math:`J = I - \tfrac{1}{n} \mathbf{1}\mathbf{1}^\top`
    the centring matrix, :math:`B = -\tfrac{1}{2} J D^{(2)} J` is double-centred, and the
    coordinates are :math:`X = V_k \Lambda_k^{1/2}` from the `dims` largest eigenvalues
    :math:`\Lambda_k` of :math:`B` and their eigenvectors :math:`V_k` (negative eigenvalues count
    as 0) [1]_ [2]_ [3]_. When the distances are Euclidean in `dims` dimensions they are
    reproduced exactly.

    References
    ----------
    .. [1] Torgerson, W. S. (1952). Multidimensional scaling: I. Theory and method. *Psychometrika*
       17(4), 401–419. https://doi.org/10.1007/BF02288916
    .. [2] Gower, J. C. (1966). Some distance properties of latent root and vector methods used in
       multivariate analysis. *Biometrika* 53(3–4), 325–338. https://doi.org/10.1093/biomet/53.3-4.325
    .. [3] Borg, I., & Groenen, P. J. F. (2005). *Modern Multidimensional Scaling* (2nd ed.), ch. 12.
       Springer. https://doi.org/10.1007/0-387-28981-X

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


def plot_map(graphs: Mapping[str, nx.Graph], *, highlight: str | None = None, ax: Axes | None = None,
             lang: str = "en", filepath: str | os.PathLike | None = None, close: bool = False,
             overwrite: bool = False) -> tuple[Figure, Axes]:
    """Place municipalities by structural distance (:func:`orggraph.analysis.similarity.distances`), marked by model.

    The coordinates are the classical MDS (:func:`classical_mds`) of the Weisfeiler–Lehman
    structural distances [1]_; each axis says its share of the spread. Names are placed clear of
    the marks by :func:`orggraph.drawing.plot.label_points`, as in the other figures.

    Parameters
    ----------
    graphs : mapping of str to networkx.MultiGraph, or iterable of graphs
        ``municipality_id`` → organisation graph (read by :func:`orggraph.core.graph.keyed_graphs`).
    highlight : str, optional
        A municipality id to ring and name in the legend (e.g. your own).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; default a new figure (7 × 6 inches).
    lang : {"en", "no"}, default "en"
        English or Norwegian labels.
    filepath : str or os.PathLike, optional
        Write the figure here (format from the extension, PNG at 150 dpi, cropped to what is
        drawn); written whole or not at all, replacing a file already there.
    close : bool, default False
        Close the figure afterwards (batch use).
    overwrite : bool, default False
        Replace a file already at `filepath` (else :class:`~orggraph.OverwriteError`; nothing is written).

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
        If `graphs` is not a mapping or iterable of graphs.
    ValueError
        If `highlight` is not one of the ids of `graphs`, or `lang` is neither ``"en"`` nor ``"no"``.
    OrgGraphError
        If `graphs` is empty or an id is missing or repeated.

    See Also
    --------
    orggraph.analysis.similarity.peers : The nearest municipalities, with their differences.

    References
    ----------
    .. [1] Shervashidze, N., Schweitzer, P., van Leeuwen, E. J., Mehlhorn, K., & Borgwardt, K. M. (2011).
       Weisfeiler–Lehman graph kernels. *Journal of Machine Learning Research* 12, 2539–2561.
       https://jmlr.org/papers/v12/shervashidze11a.html (no DOI)

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import orggraph
    >>> g = orggraph.load_dataset("nova2008")
    >>> fig, ax = plot_map({k: g[k] for k in ["asker", "hamar", "lierne", "moss", "ski", "skaun", "tromso"]},
    ...                    highlight="ski")
    >>> ax.get_xlabel(), [h.get_label() for h in ax.get_legend().legend_handles]
    ('MDS dimension 1 (26% of the spread)', ['Model 1', 'Model 4', 'this municipality'])
    >>> plt.close(fig)
    """
    graphs = keyed_graphs(graphs, caller="plot_map")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from orggraph.analysis.models import classify
    from orggraph.analysis.similarity import distances
    from orggraph.drawing.plot import label_points, model_handles
    from orggraph.drawing.styles import INK, MODEL_STYLES

    if highlight is not None and highlight not in graphs:
        msg = f"`highlight` {highlight!r} is not one of the graphs"
        raise ValueError(msg)
    if lang not in _TEXT:
        msg = f"unknown language `{lang}`; use one of {tuple(_TEXT)}"
        raise ValueError(msg)
    text = _TEXT[lang]
    xy = classical_mds(distances(graphs))
    models = pd.Series({mid: str(classify(G).model) for mid, G in graphs.items()})
    if ax is None:
        fig, ax = plt.subplots(figsize=(7, 6), layout="constrained")
    else:
        fig = ax.figure.figure  # the root Figure: a SubFigure cannot be saved
    for model in [m for m in MODEL_STYLES if m in set(models)]:
        style = MODEL_STYLES[model]
        ids = models.index[models == model]
        ax.scatter(xy.loc[ids, "x1"], xy.loc[ids, "x2"], marker=style.marker, s=70, facecolors=style.colour,
                   edgecolors=INK, linewidths=1.0, zorder=3)
    if highlight is not None:  # (casts: xy holds coordinates, floats only)
        ax.scatter(cast(float, xy.loc[highlight, "x1"]), cast(float, xy.loc[highlight, "x2"]), s=420, facecolors="none",
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
    order = list(graphs)
    ring = []
    if highlight is not None:
        hx, hy = xy.loc[highlight, "x1"], xy.loc[highlight, "x2"]
        ring = [(hx, hy, 7 * np.cos(a), 7 * np.sin(a)) for a in np.linspace(0, 2 * np.pi, 8, endpoint=False)]
    label_points(ax, xy.loc[order, "x1"].tolist(), xy.loc[order, "x2"].tolist(),
                 [str(graphs[mid].graph.get("name") or mid) for mid in order], marker_pt=9.0, fontsize=7.5, marks=ring,
                 bold=[order.index(highlight)] if highlight is not None else [])
    if filepath is not None:
        path = Path(filepath)
        refuse_overwrite(path, overwrite=overwrite)
        buf = io.BytesIO()
        fig.savefig(buf, format=path.suffix.lstrip(".") or "png", dpi=150, bbox_inches="tight")
        with atomic_write(path, "wb") as fh:
            fh.write(buf.getvalue())
    if close:
        plt.close(fig)
    return fig, ax
