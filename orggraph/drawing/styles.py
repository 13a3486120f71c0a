"""Colours, marker shapes and line styles of every figure, made for print and colour-vision deficiency.

One place for the look of each category, so that the org charts (Graphviz),
the matplotlib figures and later views draw a category the same way. Every
category differs from the others of its figure *without* colour too:

- **Models** (:data:`MODEL_STYLES`): colours from the Okabe–Ito palette
  (Okabe and Ito 2008, "Color Universal Design" [1]_), chosen so that their
  greyscale luminance differs by at least 32 of 255, and a different
  marker shape for each model.
- **Sectors** (:data:`SECTOR_STYLES`): fills with the hues of Paul Tol's
  "light" scheme (Tol 2021, *Colour Schemes*, SRON/EPS/TN/09-002 [2]_), set to
  CIELAB lightness steps of 8–9 so that they also differ in greyscale;
  the two sectors whose lightness is close to another's get a dashed or
  dotted border instead.
- **Roles and coordination ties** (:data:`ROLE_STYLES`, :data:`KIND_STYLES`):
  each one a different combination of line pattern, weight and arrowhead,
  so that colour only repeats what the line already says.

``tests/test_styles.py`` checks these values: greyscale luminance (ITU-R
BT.601, as PIL and most printers convert) and, under simulated
deuteranopia and protanopia (Machado, Oliveira and Fernandes 2009 [3]_, via
colour-science), CIEDE2000 colour differences between every two categories
drawn alike otherwise.

This is the bottom of the drawing layer (:mod:`orggraph.drawing`), beside
:mod:`~orggraph.drawing.labels`: plain values and small dataclasses, no
import of matplotlib or pygraphviz, read by the org charts
(:mod:`~orggraph.drawing.orgchart`, :mod:`~orggraph.drawing.diffchart`) and
the matplotlib figures (:mod:`~orggraph.drawing.plot`,
:mod:`~orggraph.drawing.structure_map`).

References
----------
.. [1] Okabe, M., & Ito, K. (2008). *Color Universal Design (CUD): How to make figures and presentations
   that are friendly to colorblind people*. https://jfly.uni-koeln.de/color/ (no DOI)
.. [2] Tol, P. (2021). *Colour Schemes*. SRON Technical Note SRON/EPS/TN/09-002.
   https://personal.sron.nl/~pault/data/colourschemes.pdf (no DOI)
.. [3] Machado, G. M., Oliveira, M. M., & Fernandes, L. A. F. (2009). A physiologically-based model for
   simulation of color vision deficiency. *IEEE Transactions on Visualization and Computer Graphics*
   15(6), 1291–1298. https://doi.org/10.1109/TVCG.2009.113

Examples
--------
>>> MODEL_STYLES["fragmented"].marker
'X'
>>> round(luminance(SECTOR_STYLES["housing"].fill))
231
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "CENTRE_COLOUR",
    "INK",
    "KIND_STYLES",
    "MODEL_STYLES",
    "ROLE_STYLES",
    "SECTOR_STYLES",
    "LineStyle",
    "ModelStyle",
    "SectorStyle",
    "luminance",
]

#: Colour of text, marks and outlines.
INK = "#000000"
#: Outline of the centre-type housing office (Okabe–Ito vermillion, drawn thick and doubled).
CENTRE_COLOUR = "#D55E00"


@dataclass(frozen=True)
class ModelStyle:
    """How a model is marked: fill colour and matplotlib marker (always with a black edge).

    The values of :data:`MODEL_STYLES`: Okabe–Ito colours [1]_ whose greyscale
    values lie at least 32 of 255 apart, each with its own marker shape, so a
    model is told apart by shape alone in print.

    Parameters
    ----------
    colour : str
        Fill colour, ``#RRGGBB``.
    marker : str
        A matplotlib marker code (``"s"``, ``"^"``, ``"D"``, ``"o"``, ``"X"``, ``"h"``).

    See Also
    --------
    orggraph.drawing.plot.model_handles : Legend entries drawn with these styles.

    References
    ----------
    .. [1] Okabe, M., & Ito, K. (2008). *Color Universal Design (CUD): How to make figures and
       presentations that are friendly to colorblind people*. https://jfly.uni-koeln.de/color/ (no DOI)

    Examples
    --------
    >>> MODEL_STYLES["2"]
    ModelStyle(colour='#D55E00', marker='^')
    >>> sorted(round(luminance(m.colour)) for m in MODEL_STYLES.values())
    [0, 87, 119, 162, 213, 255]
    """
    # the fields are the parameters; numpydoc's AST lint sees no __init__ in a dataclass
    # numpydoc ignore=PR02

    colour: str
    marker: str


@dataclass(frozen=True)
class SectorStyle:
    """How a unit of a sector is filled and outlined (``border``: solid, dashed or dotted).

    The values of :data:`SECTOR_STYLES`: hues of Paul Tol's "light" scheme [1]_
    at CIELAB lightness steps, so that the fills also differ in greyscale; two
    sectors of nearly equal lightness get a dashed or dotted border instead.

    Parameters
    ----------
    fill : str
        Fill colour, ``#RRGGBB``.
    border : {"solid", "dashed", "dotted"}, default "solid"
        Line pattern of the outline (a Graphviz node style).

    References
    ----------
    .. [1] Tol, P. (2021). *Colour Schemes*. SRON Technical Note SRON/EPS/TN/09-002.
       https://personal.sron.nl/~pault/data/colourschemes.pdf (no DOI)

    Examples
    --------
    >>> SECTOR_STYLES["cross_sector"]
    SectorStyle(fill='#A8D8F2', border='dotted')
    """
    # the fields are the parameters; numpydoc's AST lint sees no __init__ in a dataclass
    # numpydoc ignore=PR02

    fill: str
    border: str = "solid"

    @property
    def mpl_linestyle(self) -> Literal["-", "--", ":"]:
        """The border as a matplotlib line style.

        Returns
        -------
        str
            ``"-"``, ``"--"`` or ``":"`` for a solid, dashed or dotted border.

        Examples
        --------
        >>> SECTOR_STYLES["service"].mpl_linestyle, SECTOR_STYLES["cross_sector"].mpl_linestyle
        ('--', ':')
        """
        styles: dict[str, Literal["-", "--", ":"]] = {"solid": "-", "dashed": "--", "dotted": ":"}
        return styles[self.border]


@dataclass(frozen=True)
class LineStyle:
    """How a tie is drawn: Graphviz style, width (pt), colour, arrowhead and legend glyph.

    The values of :data:`ROLE_STYLES` (responsibility ties) and :data:`KIND_STYLES`
    (coordination ties): each differs from the others of its table by pattern,
    width or arrowhead, so that the colour only repeats what the line says.

    Parameters
    ----------
    style : {"solid", "dashed", "dotted"}
        Graphviz edge style.
    width : float
        Line width in points (Graphviz ``penwidth``).
    colour : str
        Line colour, ``#RRGGBB``.
    arrowhead : str, default "none"
        Graphviz arrowhead shape (``"normal"``, ``"empty"``, ``"box"``, ``"dot"``, ...); ``"none"`` for
        an undirected line.
    glyph : str, default ""
        The line as drawn in the org chart's legend (text or Graphviz HTML-like markup).

    Examples
    --------
    >>> KIND_STYLES["ordering"]
    LineStyle(style='solid', width=1.4, colour='#D55E00', arrowhead='normal', glyph='───▶')
    """
    # the fields are the parameters; numpydoc's AST lint sees no __init__ in a dataclass
    # numpydoc ignore=PR02

    style: str
    width: float
    colour: str
    arrowhead: str = "none"
    glyph: str = ""

    def graphviz(self) -> dict[str, str]:
        """Return the Graphviz edge attributes of this style.

        Returns
        -------
        dict of str to str
            ``style``, ``penwidth`` and ``color``; with an arrowhead also ``dir="forward"``,
            ``arrowhead`` and ``arrowsize``, without one ``dir="none"``.

        Examples
        --------
        >>> ROLE_STYLES["decides"].graphviz()
        {'style': 'solid', 'penwidth': '2.4', 'color': '#000000', 'dir': 'none'}
        >>> KIND_STYLES["ordering"].graphviz()["arrowhead"]
        'normal'
        """
        attrs = {"style": self.style, "penwidth": f"{self.width:g}", "color": self.colour}
        if self.arrowhead != "none":
            attrs |= {"dir": "forward", "arrowhead": self.arrowhead, "arrowsize": "0.8"}
        else:
            attrs |= {"dir": "none"}
        return attrs


#: Okabe–Ito colours with one marker shape per model (black edges keep yellow and white visible).
MODEL_STYLES: dict[str, ModelStyle] = {
    "1": ModelStyle("#0072B2", "s"),  # blue, square
    "2": ModelStyle("#D55E00", "^"),  # vermillion, triangle
    "3": ModelStyle("#E69F00", "D"),  # orange, diamond
    "4": ModelStyle("#F0E442", "o"),  # yellow, circle
    "fragmented": ModelStyle("#000000", "X"),  # black, cross
    "insufficient information": ModelStyle("#FFFFFF", "h"),  # white, hexagon
}

#: Sector fills: Paul Tol "light" hues at CIELAB lightness 57, 66, 75, 84, 93, 100.
SECTOR_STYLES: dict[str, SectorStyle] = {
    "technical": SectorStyle("#78A4D2"),  # light blue, L* 66
    "housing": SectorStyle("#FAEC9F"),  # light yellow, L* 93
    "social": SectorStyle("#4A967F"),  # mint, L* 57
    "health_care": SectorStyle("#E9A7B4"),  # pink, L* 75
    "service": SectorStyle("#B8BF69", "dashed"),  # pear, L* 75
    "strategic": SectorStyle("#D1D1D1"),  # pale grey, L* 84
    "cross_sector": SectorStyle("#A8D8F2", "dotted"),  # light cyan, L* 84
    "other": SectorStyle("#FFFFFF"),  # white
}

#: Responsibility ties (unit → task): black or grey, told apart by pattern, weight and arrowhead.
ROLE_STYLES: dict[str, LineStyle] = {
    "decides": LineStyle("solid", 2.4, "#000000", glyph="<B>━━━━</B>"),
    "recommends": LineStyle("dashed", 1.6, "#000000", glyph="– – – –"),
    "secretary": LineStyle("dotted", 2.4, "#000000", glyph="<B>• • • •</B>"),
    "participates": LineStyle("solid", 0.8, "#7F7F7F", glyph="────"),
    "executes": LineStyle("solid", 1.2, "#000000", "box", glyph="───■"),
}

#: Coordination ties (unit → unit): Okabe–Ito colours, each also with its own pattern or arrowhead.
KIND_STYLES: dict[str, LineStyle] = {
    "team_membership": LineStyle("dashed", 1.4, "#0072B2", "dot", glyph="– – –●"),
    "forum_membership": LineStyle("dashed", 1.4, "#CC79A7", "odot", glyph="– – –○"),
    "consultation": LineStyle("dotted", 1.6, "#009E73", "tee", glyph="<B>· · · ·</B>┤"),
    "informal": LineStyle("dotted", 1.0, "#7F7F7F", glyph="· · · ·"),
    "ordering": LineStyle("solid", 1.4, "#D55E00", "normal", glyph="───▶"),
    "reporting": LineStyle("solid", 1.4, "#000000", "empty", glyph="───▷"),
    "part_of": LineStyle("solid", 1.0, "#7F7F7F", "odiamond", glyph="───◇"),
}


def luminance(colour: str) -> float:
    """Return the greyscale value (0–255, ITU-R BT.601 luma) of a ``#RRGGBB`` colour.

    This is what ``PIL.Image.convert("L")`` and most printers make of the colour.

    Parameters
    ----------
    colour : str
        A colour ``#RRGGBB`` (the ``#`` may be left out).

    Returns
    -------
    float
        :math:`0.299 R + 0.587 G + 0.114 B` (ITU-R BT.601 [1]_), rounded to 6 decimals.

    References
    ----------
    .. [1] ITU-R (2011). *Recommendation BT.601-7: Studio encoding parameters of digital television for
       standard 4:3 and wide-screen 16:9 aspect ratios*. International Telecommunication Union. (no DOI)

    Examples
    --------
    >>> luminance("#FFFFFF"), luminance("#000000")
    (255.0, 0.0)
    """
    h = colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return round(0.299 * r + 0.587 * g + 0.114 * b, 6)
