"""Org charts (Graphviz) and matplotlib figures: contracts, escaping, the figures command."""

from __future__ import annotations

import html
import os
import re
import tempfile
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt

import orggraph
from orggraph import cli
from orggraph.drawing import plot
from orggraph.drawing.orgchart import draw_orgchart, escape_label, orgchart_svg

HOSTILE = [
    'Bygg "og" eiendom',
    "<b>bold</b>",
    "<<TABLE><TR><TD>x</TD></TR></TABLE>>",
    'a"; label="injected',
    "back\\slash \\N \\G \\l",
    "line one\nline two",
    "Æ Ø Å æ ø å & < > [ ] { }",
    "x -> y; node [shape=star]",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_labels_are_drawn_as_text(tiny, name):
    tiny.nodes["be"]["name"] = name
    tiny.graph["name"] = name
    svg = orgchart_svg(tiny, lang="no")
    text = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    text = html.unescape(text)
    # every word of the label is drawn as text (labels wrap, so compare word by word)
    for word in name.replace("\n", " ").split():
        assert word in text, (word, text)
    # no HTML label was interpreted: no bold font element came from the data
    assert "font-weight=\"bold\">bold" not in svg
    assert 'fill="star"' not in svg and "star" not in re.findall(r"<polygon[^>]*>", svg)


def test_escape_label_blocks_html_and_escapes():
    assert escape_label("<x>").endswith(" ")
    assert escape_label("a\\b") == "a\\\\b"
    assert escape_label("one\ntwo") == "one\\ntwo"


@pytest.mark.parametrize("fmt", ["svg", "pdf", "png"])
def test_orgchart_formats(nova, tmp_path, fmt):
    path = tmp_path / f"p.{fmt}"
    draw_orgchart(nova["porsgrunn"], path)
    head = path.read_bytes()[:8]
    assert {"svg": b"<?xml", "pdf": b"%PDF", "png": b"\x89PNG"}[fmt] in head


def test_orgchart_content_and_language(nova):
    A = draw_orgchart(nova["tromso"], lang="no")
    labels = " ".join(n.attr["label"] for n in A.nodes())
    assert "Tildele startlån" in labels
    assert A.get_node("boligkontor").attr["penwidth"] == "3.5"  # the centre
    assert "Tegnforklaring" in A.graph_attr["label"]
    with pytest.raises(ValueError, match="unknown format `gif`"):
        draw_orgchart(nova["tromso"], format="gif")
    with pytest.raises(ValueError, match="unknown language `de`"):
        draw_orgchart(nova["tromso"], lang="de")


def test_every_municipality_draws(nova):
    for G in nova.values():
        svg = orgchart_svg(G)
        instruments = {orggraph.core.vocabulary.TASKS[t].instrument for t in orggraph.task_nodes(G)}
        assert svg.count("<g id=\"node") >= len(orggraph.unit_nodes(G)) + len(instruments)
        text = html.unescape(" ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))).split()
        for t in orggraph.task_nodes(G):  # every task is drawn (wrapped), in its instrument's box
            words = orggraph.core.vocabulary.TASKS[t].label("en").split()
            assert any(text[i:i + len(words)] == words for i in range(len(text))), t


RICH_DISPLAY = """
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()  # a kernel's shell exists before the notebook imports orggraph
import networkx as nx
import orggraph
G = orggraph.load_dataset("nova2008")["ski"]
data, _ = shell.display_formatter.format(G)
print(data["image/svg+xml"] if "image/svg+xml" in data else "NO SVG")
data, _ = shell.display_formatter.format(nx.MultiGraph(G))
print("plain MultiGraph:", "image/svg+xml" in data)
"""


def test_rich_display():
    """In IPython, a municipality left at the end of a cell shows as its org chart (other graphs do not)."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", RICH_DISPLAY], capture_output=True, text=True, check=True,
                         env={**os.environ, "IPYTHONDIR": str(Path(tempfile.mkdtemp()))}).stdout
    assert out.lstrip().startswith("<?xml") and "Ski" in out
    assert "plain MultiGraph: False" in out


@pytest.fixture(scope="module")
def table(nova):
    """The comparison table with a `model` column keyed by id (from classify, not by row order)."""
    return plot._comparison_table(nova)


@pytest.mark.parametrize("func", ["plot_plane", "plot_heatmap", "plot_dendrogram", "plot_vs_population"])
def test_comparison_plots_follow_the_ax_contract(table, func):
    fig, ax = plt.subplots()
    got_fig, got_ax = getattr(plot, func)(table, ax=ax)
    assert got_fig is fig and got_ax is ax
    plt.close(fig)
    fig2, ax2 = getattr(plot, func)(table, lang="no")
    assert ax2.figure is fig2
    plt.close(fig2)


def test_plane_legend_and_population_rho(table):
    fig, ax = plot.plot_plane(table)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(lab.startswith("Model") for lab in labels)
    # one label per place: marks drawn on one place share a label
    drawn = " , ".join(t.get_text() for t in ax.texts)
    for name in table["name"]:
        assert name in drawn
    plt.close(fig)
    fig, ax = plot.plot_vs_population(table, "coordination_coverage")
    assert ax.get_legend().get_title().get_text().startswith("Spearman's ρ = ")
    plt.close(fig)


def test_matrix_marks_every_tie(nova, tmp_path):
    G = nova["porsgrunn"]
    _, ax = plot.plot_matrix(G, filepath=tmp_path / "m.png", close=True)
    from matplotlib.collections import PathCollection  # the marks (the cell borders are line collections)

    n_marks = sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection))
    assert n_marks == len(orggraph.core.graph.responsibility_edges(G))
    assert (tmp_path / "m.png").stat().st_size > 10_000


def test_figures_command(nova, tmp_path, capsys):
    small = {k: nova[k] for k in ("ski", "hamar", "fjell")}
    orggraph.write_dataset(small, tmp_path / "data")
    assert cli.main(["figures", "--dataset", str(tmp_path / "data"), "--out", str(tmp_path / "fig"),
                     "--format", "svg", "--lang", "no"]) == 0
    out = tmp_path / "fig"
    assert sorted(p.name for p in (out / "orgcharts").iterdir()) == ["fjell_no.svg", "hamar_no.svg", "ski_no.svg"]
    for name in ("plane_no.svg", "heatmap_no.svg", "dendrogram_no.svg", "small_multiples_no.svg"):
        assert (out / name).exists(), name
    assert "wrote" in capsys.readouterr().out
    assert cli.main(["figures", "--format", "gif", "--out", str(out)]) == 1


def test_figures_do_not_depend_on_the_number_of_workers(nova, tmp_path):
    """Forked workers draw the same files as one process; each figure is written once, PNG and SVG alike."""
    small = {k: nova[k] for k in ("ski", "hamar", "fjell", "tromso")}
    one, _ = plot.write_figures(small, tmp_path / "one", formats=["svg", "png"], dpi=72, workers=1)
    two, _ = plot.write_figures(small, tmp_path / "two", formats=["svg", "png"], dpi=72, workers=2)
    assert [p.relative_to(tmp_path / "one") for p in one] == [p.relative_to(tmp_path / "two") for p in two]
    assert len(one) == 2 * (2 * len(small) + 1 + 5)
    for a, b in zip(one, two, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    with pytest.raises(ValueError, match="workers"):
        plot.write_figures(small, tmp_path / "x", workers=0)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_figure_that_fails_fails_write_figures(nova, tmp_path, monkeypatch, workers):
    """Whichever process draws it (a forked worker or this one), a failing figure is an error, not a gap."""
    real = plot.plot_matrix

    def failing(G, **kw):
        if G.graph.get("municipality_id") == "hamar":
            raise RuntimeError("matrix of hamar failed")
        return real(G, **kw)

    monkeypatch.setattr(plot, "plot_matrix", failing)
    small = {k: nova[k] for k in ("ski", "hamar", "fjell", "tromso")}
    with pytest.raises(RuntimeError, match="matrix of hamar failed"):
        plot.write_figures(small, tmp_path / "out", formats=["svg"], dpi=72, workers=workers)


def test_orgchart_svg_is_at_72_dpi(nova, tmp_path):
    """The SVG comes from the Graphviz run that lays the chart out: unscaled, the same from every entry point."""
    G = nova["ski"]
    draw_orgchart(G, tmp_path / "ski.svg", dpi=300)  # dpi is for a PNG only
    draw_orgchart(G, tmp_path / "ski.png", dpi=300)
    svg = (tmp_path / "ski.svg").read_text(encoding="utf-8")
    assert svg == orgchart_svg(G)
    x0, y0, x1, y1 = (float(v) for v in orggraph.drawing.orgchart.orgchart_layout(G)["bb"].split(","))
    width, height = (float(v) for v in re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups())
    pad = 0.1 * 72  # the chart's pad, on every side
    assert (width, height) == (round(x1 - x0 + 2 * pad), round(y1 - y0 + 2 * pad))
    assert 'transform="scale(1 1)' in svg
    from PIL import Image

    with Image.open(tmp_path / "ski.png") as png:  # the PNG from its own run, at 300 dpi
        assert png.size[0] == pytest.approx((x1 - x0 + 2 * pad) * 300 / 72, abs=1)


@pytest.mark.parametrize("dpi", [300, 150])
def test_orgchart_png_says_its_resolution(nova, tmp_path, dpi):
    """A document places the PNG at its printed size: the file says its dpi (Graphviz's own PNG says none)."""
    from PIL import Image

    draw_orgchart(nova["ski"], tmp_path / "ski.png", dpi=dpi)
    with Image.open(tmp_path / "ski.png") as png:
        png.verify()  # every chunk's checksum, the added one included
    with Image.open(tmp_path / "ski.png") as png:
        assert png.info["dpi"] == pytest.approx((dpi, dpi), rel=1e-4)  # stored in whole pixels per metre
        assert png.size[0] == pytest.approx(orggraph.drawing.orgchart.chart_extent(
            orggraph.drawing.orgchart.orgchart_layout(nova["ski"]))[2] * dpi / 72, rel=0.05)
        png.load()
    from orggraph._png import graphviz_png

    again = graphviz_png((tmp_path / "ski.png").read_bytes(), 72)
    assert again == (tmp_path / "ski.png").read_bytes()  # one resolution: a PNG that has one keeps it


def test_diff_chart_png_is_at_its_dpi_and_leaves_the_svg_alone(nova, tmp_path):
    from PIL import Image

    from orggraph.drawing.diffchart import draw_diff

    A = draw_diff(nova["ski"], nova["hamar"], tmp_path / "d.png", dpi=300)
    with Image.open(tmp_path / "d.png") as png:
        assert png.info["dpi"] == pytest.approx((300, 300), rel=1e-4)
        bb = [float(v) for v in re.split(r"[ ,]", A.graph_attr["bb"])]
        assert png.size[0] == pytest.approx((bb[2] - bb[0]) * 300 / 72, rel=0.05)
    draw_diff(nova["ski"], nova["hamar"], tmp_path / "d.svg")
    svg = (tmp_path / "d.svg").read_text(encoding="utf-8")
    assert 'transform="scale(1 1)' in svg  # the SVG keeps Graphviz's 72 dpi
    assert A.graph_attr["dpi"] in ("", None)


def test_map_labels_keep_off_the_marks(nova):
    from orggraph.drawing.structure_map import plot_map

    fig, ax = plot_map(nova, highlight="haugesund")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    marks = [ax.transData.transform(xy) for coll in ax.collections for xy in coll.get_offsets()]
    for label in ax.texts:
        box = label.get_window_extent(renderer)
        for x, y in marks:  # 9-pt marks: no label box reaches into one
            assert not (box.x0 - 4 < x < box.x1 + 4 and box.y0 - 4 < y < box.y1 + 4), label.get_text()
    assert ax.texts[[t.get_text() for t in ax.texts].index("Haugesund")].get_fontweight() == "bold"
    plt.close(fig)


def test_every_chart_entry_point_checks_the_graph(nova):
    """orgchart_svg and orgchart_layout take what draw_orgchart takes: here, relabelled task nodes."""
    import networkx as nx

    from orggraph.drawing.orgchart import orgchart_layout, orgchart_svg

    G = nova["ski"]
    H = nx.relabel_nodes(G, {t: f"T-{t}" for t in orggraph.task_nodes(G)})
    assert orgchart_svg(H) == orgchart_svg(G)
    assert orgchart_layout(H)["bb"] == orgchart_layout(G)["bb"]


def test_every_drawing_writer_refuses_an_existing_file(nova, tmp_path):
    """No writer replaces a user's file unless asked: the drawing functions as the command line."""
    from orggraph.drawing.diffchart import draw_diff
    from orggraph.drawing.structure_map import plot_map

    few = {k: nova[k] for k in ("ski", "moss", "hamar")}
    writers = {
        "chart.svg": lambda p, **kw: orggraph.draw_orgchart(nova["ski"], p, **kw),
        "diff.svg": lambda p, **kw: draw_diff(nova["ski"], nova["moss"], p, **kw),
        "plane.png": lambda p, **kw: plot.plot_plane(plot._comparison_table(few), filepath=p, close=True, **kw),
        "matrix.png": lambda p, **kw: plot.plot_matrix(nova["ski"], filepath=p, close=True, dpi=50, **kw),
        "map.png": lambda p, **kw: plot_map(few, filepath=p, close=True, **kw),
    }
    for name, write in writers.items():
        path = tmp_path / name
        path.write_bytes(b"the user's work")
        with pytest.raises(orggraph.OverwriteError, match="exists; nothing was written"):
            write(path)
        assert path.read_bytes() == b"the user's work", name
        write(path, overwrite=True)
        assert path.read_bytes() != b"the user's work", name
    plt.close("all")

    out = tmp_path / "figures"
    (out / "orgcharts").mkdir(parents=True)
    (out / "orgcharts" / "ski.svg").write_bytes(b"mine")
    # a PNG-only run writes no SVG (not even to lay the charts out): the user's SVG beside it is kept
    written, _ = plot.write_figures({"ski": nova["ski"]}, out, formats=["png"], dpi=72)
    assert (out / "orgcharts" / "ski.svg").read_bytes() == b"mine"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == sorted(
        ["orgcharts/ski.svg", *(p.relative_to(out).as_posix() for p in written)])
    assert all(p.suffix == ".png" for p in written)


def test_plane_and_map_name_a_wrong_column_or_language(nova, table):
    from orggraph.drawing.structure_map import plot_map

    with pytest.raises(orggraph.OrgGraphError, match="no column\\(s\\) nope"):
        plot.plot_plane(table, x="nope")
    with pytest.raises(ValueError, match="unknown language `de`"):
        plot_map({k: nova[k] for k in ("ski", "moss", "hamar")}, lang="de")
    plt.close("all")
