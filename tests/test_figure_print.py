"""Figures for print: no overlapping or clipped text, text large enough at print width, words not codes
in both languages, legends that match the drawing, and org charts that cannot crash the caller."""

from __future__ import annotations

import copy
import html
import itertools
import re
import stat

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.text import Text

import orggraph
from orggraph.core import vocabulary as voc
from orggraph.drawing import labels, orgchart, plot
from orggraph.drawing.styles import KIND_STYLES, ROLE_STYLES

MIN_PT = plot.MIN_FONT_SIZE


@pytest.fixture(scope="module")
def table(nova):
    return plot._comparison_table(nova)


def drawn_texts(fig) -> list[Text]:
    """The text artists matplotlib actually draws (ticks outside the view and empty strings excluded)."""
    seen: list[Text] = []
    original = Text.draw

    def record(self, renderer):
        if self.get_visible() and self.get_text().strip():
            seen.append(self)
        return original(self, renderer)

    Text.draw = record
    try:
        fig.canvas.draw()
    finally:
        Text.draw = original
    return seen


def check_print(fig, *, print_width: float, min_pt: float = MIN_PT) -> dict:
    """No two text boxes overlap, no text leaves the figure, no text under `min_pt` at `print_width` inches.

    Boxes are matplotlib's own (font ascent to descent); boxes that meet by less than 1 pt (the leading
    between two lines of one label set by Graphviz) count as touching, not overlapping.
    """
    texts = drawn_texts(fig)
    renderer = fig.canvas.get_renderer()
    frame = fig.bbox
    boxes = [t.get_window_extent(renderer) for t in texts]
    shrink = min(1.0, print_width / fig.get_figwidth())
    problems = []
    for t, b in zip(texts, boxes, strict=True):
        if b.x0 < frame.x0 - 0.5 or b.y0 < frame.y0 - 0.5 or b.x1 > frame.x1 + 0.5 or b.y1 > frame.y1 + 0.5:
            problems.append(f"outside the figure: {t.get_text()!r}")
        if t.get_fontsize() * shrink < min_pt - 1e-6:
            problems.append(f"{t.get_fontsize() * shrink:.1f} pt at {print_width} in: {t.get_text()!r}")
    arr = np.array([[b.x0, b.y0, b.x1, b.y1] for b in boxes])
    touch = fig.dpi / 72
    for i, j in itertools.combinations(range(len(texts)), 2):
        w = min(arr[i, 2], arr[j, 2]) - max(arr[i, 0], arr[j, 0])
        h = min(arr[i, 3], arr[j, 3]) - max(arr[i, 1], arr[j, 1])
        if w > touch and h > touch:
            problems.append(f"overlap: {texts[i].get_text()!r} / {texts[j].get_text()!r}")
    assert not problems, problems[:10]
    return {"texts": len(texts), "smallest_pt": min(t.get_fontsize() for t in texts) * shrink}


COMPARISON = {
    "plane": lambda t, lang: plot.plot_plane(t, lang=lang),
    "heatmap": lambda t, lang: plot.plot_heatmap(t, lang=lang),
    "dendrogram": lambda t, lang: plot.plot_dendrogram(t, lang=lang),
    "population_fragmentation": lambda t, lang: plot.plot_vs_population(t, "fragmentation", lang=lang),
    "population_coverage": lambda t, lang: plot.plot_vs_population(t, "coordination_coverage", lang=lang),
}


@pytest.mark.parametrize("lang", ["en", "no"])
@pytest.mark.parametrize("name", list(COMPARISON))
def test_comparison_figures_print(table, name, lang):
    fig, _ = COMPARISON[name](table, lang)
    check_print(fig, print_width=plot.A4_TEXT_WIDTH)
    plt.close(fig)


@pytest.mark.parametrize("lang", ["en", "no"])
def test_matrices_print(nova, lang):
    for mid, G in nova.items():
        fig, _ = plot.plot_matrix(G, lang=lang)
        try:
            check_print(fig, print_width=plot.A4_TEXT_WIDTH)
        except AssertionError as err:
            raise AssertionError(mid) from err
        plt.close(fig)


def test_small_multiples_print_on_one_scale(nova):
    fig, axes = plot.plot_small_multiples(nova)
    got = check_print(fig, print_width=plot.A4_WIDTH)
    assert got["smallest_pt"] >= MIN_PT
    # one scale: points of layout per inch of paper are the same in every panel
    scales = []
    for ax in axes.ravel():
        if not ax.has_data() and not ax.patches:
            continue
        x0, x1 = ax.get_xlim()
        scales.append(ax.get_window_extent().width / (x1 - x0))
    assert len(scales) == len(nova)
    assert max(scales) - min(scales) < 1e-6 * max(scales)
    with pytest.raises(orggraph.OrgGraphError, match="pt"):
        plot.plot_small_multiples(nova, ncols=4)
    plt.close("all")


def test_small_multiples_are_vector(nova, tmp_path):
    small = {k: nova[k] for k in ("ski", "lunner")}
    plot.plot_small_multiples(small, filepath=tmp_path / "sm.svg", close=True)
    svg = (tmp_path / "sm.svg").read_text()
    assert "<image" not in svg and "<path" in svg


# --- words, not codes -------------------------------------------------------------------------------------------

CODES = sorted({*labels.METRICS, *(m for m in labels.MODELS if not m.isdigit()), *voc.ROLES,
                *voc.COORDINATION_KINDS, *voc.SECTORS, *voc.TASKS, *voc.INSTRUMENTS, *voc.TEAM_ROLES,
                *(c for c in voc.UNIT_TYPES if c not in ("nav", "team", "forum"))},  # also Norwegian words
               key=len, reverse=True)
CODE_RE = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, CODES)) + r")(?![\w-])")


def codes_in(text: str) -> list[str]:
    return CODE_RE.findall(text)


def test_code_finder_finds_codes():
    assert codes_in("Fragmentering og coordination_coverage") == ["coordination_coverage"]
    assert codes_in("Model fragmented") == ["fragmented"]
    assert codes_in("Nøsting (NODF), Servicekontor, NAV-kontor") == []


@pytest.mark.parametrize("name", list(COMPARISON))
def test_norwegian_comparison_figures_have_no_code_names(table, name):
    fig, _ = COMPARISON[name](table, "no")
    text = " | ".join(t.get_text() for t in drawn_texts(fig))
    plt.close(fig)
    assert not codes_in(text), codes_in(text)
    assert "Model " not in text and "Fragmented" not in text


def test_norwegian_matrices_small_multiples_and_orgcharts_have_no_code_names(nova):
    for G in nova.values():
        fig, _ = plot.plot_matrix(G, lang="no")
        text = " | ".join(t.get_text() for t in drawn_texts(fig))
        plt.close(fig)
        assert not codes_in(text), (G.graph["name"], codes_in(text))
        svg = orgchart.orgchart_svg(G, lang="no")
        text = html.unescape(" ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg)))
        assert not codes_in(text), (G.graph["name"], codes_in(text))
    fig, _ = plot.plot_small_multiples(nova, lang="no")
    text = " | ".join(t.get_text() for t in drawn_texts(fig))
    plt.close(fig)
    assert not codes_in(text), codes_in(text)


def test_every_metric_and_result_has_words_in_both_languages(table):
    numeric = [c for c in table.columns if c not in ("name", "kommunenr", "model", "centre", "centre_placement")]
    for col in numeric:
        assert labels.metric_label(col, "en") and labels.metric_label(col, "no")
    assert labels.model_label("insufficient information", "no") == "Utilstrekkelig informasjon"
    with pytest.raises(orggraph.OrgGraphError, match="no metric label"):
        labels.metric_label("made_up")
    with pytest.raises(orggraph.OrgGraphError, match="unknown model"):
        labels.model_code("5")


def test_plane_draws_every_result_including_insufficient_information(table):
    t = table.copy()
    t.loc[t.index[0], "model"] = "insufficient information"
    t.loc[t.index[1], "model"] = "fragmented"
    fig, ax = plot.plot_plane(t, lang="no")
    legend = [x.get_text() for x in ax.get_legend().get_texts()]
    assert "Utilstrekkelig informasjon" in legend and "Fragmentert" in legend
    plt.close(fig)
    with pytest.raises(orggraph.OrgGraphError, match="no `model` column"):
        plot.plot_plane(table.drop(columns="model"))


def test_plane_hides_no_point(table):
    fig, ax = plot.plot_plane(table)
    fig.canvas.draw()
    centres = []
    for line in ax.lines:
        (x, y), = line.get_xydata()
        centres.append(line.get_transform().transform((x, y)))
    assert len(centres) == len(table)
    dist = min(np.hypot(*(a - b)) for a, b in itertools.combinations(centres, 2))
    assert dist >= 5 * fig.dpi / 72  # marks are 7 pt wide: no mark lies on top of another
    plt.close(fig)


def test_population_axis_has_readable_ticks(table):
    fig, ax = plot.plot_vs_population(table)
    fig.canvas.draw()
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert len(ticks) >= 3, ticks
    plt.close(fig)


def test_matrix_marks_sit_in_the_centre_of_their_cells(nova):
    fig, ax = plot.plot_matrix(nova["porsgrunn"])
    for coll in ax.collections:
        for x, y in coll.get_offsets():
            assert x == round(x) and y == round(y)
    labels_drawn = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Housing" in labels_drawn and "Technical / property" in labels_drawn  # the sector key
    plt.close(fig)


def test_dpi_option(nova, tmp_path):
    G = nova["ski"]
    plot.plot_matrix(G, filepath=tmp_path / "a.png", dpi=100, close=True)
    plot.plot_matrix(G, filepath=tmp_path / "b.png", dpi=300, close=True)
    orggraph.draw_orgchart(G, tmp_path / "c.png", dpi=100)
    orggraph.draw_orgchart(G, tmp_path / "d.png", dpi=300)
    from PIL import Image

    for low, high in (("a", "b"), ("c", "d")):
        with Image.open(tmp_path / f"{low}.png") as a, Image.open(tmp_path / f"{high}.png") as b:
            w1, w3 = a.size[0], b.size[0]
        assert abs(w3 / w1 - 3) < 0.1, (low, w1, w3)


# --- org charts ---------------------------------------------------------------------------------------------------

def test_instruments_in_the_same_order_in_every_chart(nova):
    order = list(voc.INSTRUMENTS)
    for mid, G in nova.items():
        layout = orgchart.orgchart_layout(G)
        boxes = {o["name"].split(":", 1)[1]: float(o["pos"].split(",")[1]) for o in layout["objects"]
                 if o.get("name", "").startswith("instrument:")}
        top_down = sorted(boxes, key=lambda k: -boxes[k])
        assert top_down == sorted(boxes, key=order.index), mid


def test_legend_no_wider_than_its_chart(nova):
    for mid, G in nova.items():
        layout = orgchart.orgchart_layout(G)
        x0, _, x1, _ = orgchart.chart_extent(layout, label=False)
        assert float(layout["lwidth"]) * 72 <= x1 - x0, mid


def _legend_entries(A) -> set[str]:
    label = A.graph_attr["label"]
    return {html.unescape(m) for m in re.findall(r'<TD ALIGN="LEFT" BALIGN="LEFT">(.*?)</TD>', label)}


def test_org_chart_legend_matches_the_drawing(nova):
    """One legend entry per style drawn, and no entry for a style not drawn."""
    role_by_style = {tuple(sorted(s.graphviz().items())): r for r, s in ROLE_STYLES.items()}
    kind_by_style = {tuple(sorted(s.graphviz().items())): k for k, s in KIND_STYLES.items()}
    for mid, G in nova.items():
        A = orgchart.draw_orgchart(G)
        drawn = set()
        for e in A.edges():
            attrs = {k: v for k, v in e.attr.items() if k in ("style", "penwidth", "color", "dir", "arrowhead",
                                                                 "arrowsize")}
            if attrs.get("style") == "invis":
                continue
            key = tuple(sorted(attrs.items()))
            if key in role_by_style:
                drawn.add(voc.ROLES[role_by_style[key]].label("en"))
            else:
                # team leaders' and secretaries' ties are drawn heavier, with the same pattern and head
                base = tuple(sorted((attrs | {"penwidth": KIND_STYLES["team_membership"].graphviz()["penwidth"]})
                                    .items()))
                kind = kind_by_style.get(key) or kind_by_style.get(base) or kind_by_style.get(
                    tuple(sorted((attrs | {"penwidth": KIND_STYLES["forum_membership"].graphviz()["penwidth"]})
                                 .items())))
                assert kind, (mid, attrs)
                drawn.add(voc.COORDINATION_KINDS[kind].label("en"))
        entries = " ".join(_legend_entries(A)).replace("<BR/>", " ")
        styles_in_legend = {lab for lab in [*(voc.ROLES[r].label("en") for r in voc.ROLES),
                                            *(voc.COORDINATION_KINDS[k].label("en") for k in voc.COORDINATION_KINDS)]
                            if lab in entries}
        assert styles_in_legend == drawn, (mid, styles_in_legend ^ drawn)


def test_draw_orgchart_into_an_axes(nova):
    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 5), layout="constrained")
    A = orggraph.draw_orgchart(nova["porsgrunn"], ax=left, lang="no")
    right.plot([0, 1], [0, 1])
    texts = [t.get_text() for t in drawn_texts(fig)]
    assert "Porsgrunn" in texts and "Tegnforklaring" in texts
    assert any("Boliggruppen" in t for t in texts)
    assert left.patches and A.get_node("boliggruppe").attr["pos"]
    plt.close(fig)


def _fake_dot(tmp_path, body: str):
    exe = tmp_path / "dot"
    exe.write_text("#!/bin/sh\n" + body + "\n")
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    return str(exe)


def test_a_graphviz_crash_is_an_error_not_a_dead_process(nova, tmp_path, monkeypatch):
    # Graphviz aborts (SIGABRT) on some large graphs; in a separate process that is an error for the caller
    exe = _fake_dot(tmp_path, 'echo "dot: mincross.c:275: fixLabelOrder: Assertion failed." >&2; kill -ABRT $$')
    monkeypatch.setattr(orgchart.shutil, "which", lambda _name: exe)
    orgchart._LAYOUTS.clear()
    with pytest.raises(orggraph.OrgGraphError, match=r"killed by signal 6 \(dot: mincross.c:275"):
        orggraph.draw_orgchart(nova["ski"], tmp_path / "x.svg")
    assert not (tmp_path / "x.svg").exists()
    monkeypatch.setattr(orgchart.shutil, "which", lambda _name: None)
    with pytest.raises(orggraph.OrgGraphError, match="`dot` program was not found"):
        orggraph.draw_orgchart(nova["ski"])


def test_a_graphviz_run_past_the_time_limit_is_stopped(nova, tmp_path, monkeypatch):
    exe = _fake_dot(tmp_path, "exec sleep 30")
    monkeypatch.setattr(orgchart.shutil, "which", lambda _name: exe)
    orgchart._LAYOUTS.clear()
    with pytest.raises(orggraph.OrgGraphError, match="within 0.5 s"):
        orggraph.draw_orgchart(nova["ski"], tmp_path / "x.png", timeout=0.5)


def _with_units(G, n):
    H = copy.deepcopy(G)
    template = dict(H.nodes[orggraph.unit_nodes(H)[0]])
    for i in range(n):
        H.add_node(f"extra_{i}", **(template | {"name": f"Unit {i}", "unit_id": f"extra_{i}"}))
    return H


def test_very_large_charts_are_refused_up_front(nova):
    big = _with_units(nova["porsgrunn"], 5000)  # the 5,000-unit municipality of issue 11
    with pytest.raises(orggraph.OrgGraphError, match=f"at most {orgchart.MAX_UNITS}"):
        orggraph.draw_orgchart(big, "never-written.svg")
    with pytest.raises(orggraph.OrgGraphError, match=f"at most {plot.MAX_MATRIX_UNITS}"):
        plot.plot_matrix(big)
    with pytest.raises(TypeError, match="must be an organisation graph"):
        orggraph.draw_orgchart(None)


def test_a_chart_at_the_size_limit_renders(nova):
    G = _with_units(nova["ski"], orgchart.MAX_UNITS - len(orggraph.unit_nodes(nova["ski"])))
    A = orggraph.draw_orgchart(G, legend=False)
    assert len(orggraph.unit_nodes(G)) == orgchart.MAX_UNITS
    assert A.get_node("extra_0").attr["pos"]
