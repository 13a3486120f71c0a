"""The palettes and styles: every category of a figure differs in greyscale and with colour-vision deficiency.

Stated amounts, checked from the palette values (orggraph.drawing.styles):

- greyscale: luminance (ITU-R BT.601 luma, as PIL's ``convert("L")`` and most printers) differs by at
  least GREY_STEP of 255 between every two categories drawn alike otherwise;
- colour-vision deficiency: after simulating deuteranopia and protanopia at full severity (Machado,
  Oliveira and Fernandes 2009, the matrices of colour-science, applied to linear sRGB) every two such
  categories still differ by at least CVD_DELTA_E (CIEDE2000; about 1–2 is just noticeable side by side).

Categories told apart by something other than colour (marker shape, border or line pattern) are checked
for that instead.
"""

from __future__ import annotations

import itertools

import colour
import matplotlib
import numpy as np
import pytest

from orggraph.core import vocabulary as voc
from orggraph.drawing import labels
from orggraph.drawing.styles import KIND_STYLES, MODEL_STYLES, ROLE_STYLES, SECTOR_STYLES, luminance

GREY_STEP = 20.0
CVD_DELTA_E = 6.0
DEFICIENCIES = ("Deuteranomaly", "Protanomaly")


def _rgb(hex_colour: str) -> np.ndarray:
    h = hex_colour.lstrip("#")
    return np.array([int(h[i:i + 2], 16) for i in (0, 2, 4)]) / 255


def simulate(hex_colour: str, deficiency: str) -> np.ndarray:
    """sRGB (0–1) of `hex_colour` as seen with `deficiency` at severity 1 (Machado et al. 2009)."""
    matrix = colour.blindness.matrix_cvd_Machado2009(deficiency, 1.0)
    linear = colour.cctf_decoding(_rgb(hex_colour), function="sRGB")
    return colour.cctf_encoding(np.clip(matrix @ linear, 0, 1), function="sRGB")


def delta_e(a: np.ndarray, b: np.ndarray) -> float:
    lab = [colour.XYZ_to_Lab(colour.sRGB_to_XYZ(c)) for c in (a, b)]
    return float(colour.delta_E(lab[0], lab[1], method="CIE 2000"))


def worst_pairs(colours: dict[str, str]) -> dict[str, float]:
    """The smallest greyscale difference and CIEDE2000 difference under each deficiency over all pairs."""
    pairs = list(itertools.combinations(colours, 2))
    out = {"grey": min(abs(luminance(colours[a]) - luminance(colours[b])) for a, b in pairs)}
    for d in DEFICIENCIES:
        out[d] = min(delta_e(simulate(colours[a], d), simulate(colours[b], d)) for a, b in pairs)
    return out


def test_simulation_is_the_published_one():
    # pure red is seen as a dark olive by a protanope and full white stays white (Machado et al. 2009)
    red = simulate("#FF0000", "Protanomaly")
    assert red[0] < 0.6 and red[1] > 0.3 and red[2] < 0.2
    assert np.allclose(simulate("#FFFFFF", "Deuteranomaly"), 1, atol=0.01)
    # and the check can fail: two reds and greens that trichromats tell apart are close for a deuteranope
    assert worst_pairs({"r": "#D62728", "g": "#8C8C00"})["Deuteranomaly"] < CVD_DELTA_E


def test_models_differ_in_greyscale_under_cvd_and_by_shape():
    from orggraph.analysis.models import MODELS  # every result classify can return has a mark and words

    assert set(MODEL_STYLES) == set(labels.MODELS) == {labels.model_code(m) for m in MODELS}
    worst = worst_pairs({m: s.colour for m, s in MODEL_STYLES.items()})
    assert worst["grey"] >= GREY_STEP, worst
    for d in DEFICIENCIES:
        assert worst[d] >= CVD_DELTA_E, worst
    assert len({s.marker for s in MODEL_STYLES.values()}) == len(MODEL_STYLES)


def test_sectors_differ_in_greyscale_and_under_cvd_or_by_border():
    assert set(SECTOR_STYLES) == set(voc.SECTORS)
    for border in {s.border for s in SECTOR_STYLES.values()}:
        group = {k: s.fill for k, s in SECTOR_STYLES.items() if s.border == border}
        if len(group) < 2:
            continue
        worst = worst_pairs(group)
        assert worst["grey"] >= GREY_STEP, (border, worst)
        for d in DEFICIENCIES:
            assert worst[d] >= CVD_DELTA_E, (border, worst)
    # fills stay light enough for black text: contrast ratio at least 4.5 (WCAG AA)
    for s in SECTOR_STYLES.values():
        y = colour.sRGB_to_XYZ(_rgb(s.fill))[1]
        assert (y + 0.05) / 0.05 >= 4.5, s


@pytest.mark.parametrize("styles", [ROLE_STYLES, KIND_STYLES], ids=["roles", "kinds"])
def test_ties_differ_without_colour(styles):
    """Each role and each kind of tie has its own line pattern / weight / arrowhead: colour only repeats it."""
    shapes = [(s.style, s.width >= 2, s.arrowhead) for s in styles.values()]
    assert len(set(shapes)) == len(shapes), shapes
    assert len({s.glyph for s in styles.values()}) == len(styles)


def test_role_and_kind_styles_do_not_repeat_each_other():
    both = [(s.style, s.width >= 2, s.arrowhead) for s in [*ROLE_STYLES.values(), *KIND_STYLES.values()]]
    assert len(set(both)) == len(both)


def test_heatmap_colour_map_is_monotone_in_greyscale():
    cmap = matplotlib.colormaps["cividis"]
    grey = [luminance(matplotlib.colors.to_hex(cmap(v))) for v in np.linspace(0, 1, 64)]
    assert all(b > a for a, b in itertools.pairwise(grey))
    assert grey[-1] - grey[0] >= 150
