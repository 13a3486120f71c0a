"""PNG writing (``orggraph._png``): the pixels and the resolution come back as written, from matplotlib and Graphviz."""

from __future__ import annotations

import io
import shutil

import numpy as np
import pytest
from PIL import Image

import orggraph
from orggraph._png import _bmp_pixels, encode_png, graphviz_png, graphviz_raster
from orggraph.drawing import orgchart


def _read(data: bytes) -> tuple[np.ndarray, dict]:
    with Image.open(io.BytesIO(data)) as im:
        im.verify()  # every chunk's checksum
    with Image.open(io.BytesIO(data)) as im:
        return np.asarray(im), dict(im.info)


@pytest.fixture(scope="module")
def noise() -> np.ndarray:
    return np.random.default_rng(7).integers(0, 256, size=(37, 53, 4), dtype=np.uint8)


@pytest.mark.parametrize("channels", [3, 4])
def test_encode_png_gives_back_every_pixel_and_the_resolution(noise, channels):
    pixels = np.ascontiguousarray(noise[:, :, :channels])
    back, info = _read(encode_png(pixels, dpi=300, text={"Software": "orggraph test"}))
    assert back.shape == pixels.shape and np.array_equal(back, pixels)
    assert info["dpi"] == pytest.approx((300, 300), rel=1e-4)
    assert info["Software"] == "orggraph test"


def test_encode_png_takes_views_that_are_not_contiguous(noise):
    """The RGB channels of an RGBA array, rows upside down: what the writers hand over without copying."""
    view = noise[::-1, :, :3]
    assert not view.flags.c_contiguous
    back, _ = _read(encode_png(view, dpi=72))
    assert np.array_equal(back, view)


@pytest.mark.parametrize("bad", [np.zeros((4, 4), np.uint8), np.zeros((4, 4, 2), np.uint8),
                                 np.zeros((4, 4, 3), np.uint16), np.zeros((0, 4, 3), np.uint8)])
def test_encode_png_refuses_what_is_not_8_bit_rgb_or_rgba(bad):
    with pytest.raises(ValueError, match="RGB or RGBA pixels of 8 bits were expected"):
        encode_png(bad, dpi=300)


def _bmp(pixels: np.ndarray, *, top_down: bool = False) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="BMP")  # Pillow writes 24-bit RGB bottom-up, as gdk does
    data = bytearray(buf.getvalue())
    if top_down:  # the same image stored from the top: negative height, rows in the other order
        height = len(pixels)
        offset = int.from_bytes(data[10:14], "little")
        stride = (len(data) - offset) // height
        rows = [data[offset + i * stride: offset + (i + 1) * stride] for i in range(height)]
        data[offset:] = b"".join(reversed(rows))
        data[22:26] = (-height).to_bytes(4, "little", signed=True)
    return bytes(data)


@pytest.mark.parametrize("top_down", [False, True])
@pytest.mark.parametrize("width", [5, 6, 7, 8])  # every row padding, 0 to 3 bytes
def test_bmp_pixels_reads_rows_and_channels_in_order(noise, top_down, width):
    pixels = np.ascontiguousarray(noise[:9, :width, :3])
    assert np.array_equal(_bmp_pixels(_bmp(pixels, top_down=top_down)), pixels)


def test_a_bmp_of_another_kind_is_refused_saying_what_it_is(noise):
    buf = io.BytesIO()
    Image.fromarray(noise).save(buf, format="BMP")  # RGBA: 32 bits per pixel
    with pytest.raises(ValueError, match="BMP of 32 bits per pixel.*a 24-bit uncompressed BMP was expected"):
        graphviz_png(buf.getvalue(), 300)
    with pytest.raises(ValueError, match="neither signature"):
        graphviz_png(b"<svg/>", 300)
    with pytest.raises(ValueError, match="24-bit uncompressed BMP was expected"):
        graphviz_png(_bmp(np.ascontiguousarray(noise[:, :, :3]))[:200], 300)  # cut short


def test_graphviz_png_whitens_the_outermost_row_and_column_of_a_bmp(noise):
    back, info = _read(graphviz_png(_bmp(np.ascontiguousarray(noise[:, :, :3])), 150))
    assert (back[-1] == 255).all() and (back[:, -1] == 255).all()
    assert np.array_equal(back[:-1, :-1], noise[:-1, :-1, :3])
    assert info["dpi"] == pytest.approx((150, 150), rel=1e-4)


@pytest.fixture(scope="module")
def dot() -> str:
    exe = shutil.which("dot")
    if exe is None:  # pragma: no cover - the set-up installs Graphviz
        pytest.skip("Graphviz is not installed")
    return exe


def test_this_graphviz_writes_bmp(dot):
    """The set-up installs Graphviz with its gdk plugin (libgraphviz-dev): the fast way is the one tested here."""
    assert graphviz_raster(dot) == "bmp"
    assert graphviz_raster("/nonexistent/dot") == "png"


@pytest.mark.parametrize(("mid", "dpi"), [("ski", 300), ("hamar", 150), ("moss", 30), ("fjell", 31)])
@pytest.mark.usefixtures("dot")
def test_an_org_chart_png_has_graphviz_pixels_as_printed_on_white(nova, tmp_path, monkeypatch, mid, dpi):
    """Through the BMP, every pixel is Graphviz's own PNG's pixel laid on white paper; both say their dpi."""
    orggraph.draw_orgchart(nova[mid], tmp_path / "bmp.png", dpi=dpi)
    monkeypatch.setattr(orgchart, "graphviz_raster", lambda exe: "png")  # Graphviz without its gdk plugin
    orggraph.draw_orgchart(nova[mid], tmp_path / "own.png", dpi=dpi)
    fast, fast_info = _read((tmp_path / "bmp.png").read_bytes())
    own, own_info = _read((tmp_path / "own.png").read_bytes())
    own = np.dstack([own, np.full(own.shape[:2], 255, np.uint8)]) if own.shape[2] == 3 else own
    assert fast_info["dpi"] == own_info["dpi"] == pytest.approx((dpi, dpi), rel=1e-3)
    assert fast.shape[2] == 3 and fast.shape[:2] == own.shape[:2]
    alpha = own[:, :, 3:].astype(float) / 255
    on_white = np.round(own[:, :, :3] * alpha + 255 * (1 - alpha)).astype(np.uint8)
    assert np.abs(fast.astype(int) - on_white).max() <= 1  # rounding of the partly covered margin
    assert np.array_equal(fast[:-1, :-1], on_white[:-1, :-1])
    assert (own[:-1, :-1, 3] == 255).all()  # transparency only in the last row and column


@pytest.mark.parametrize("dpi", [29, 10, 0, -300, 300.0, True, "300"])
def test_a_dpi_that_leaves_no_margin_is_refused(nova, tmp_path, dpi):
    msg = rf"`dpi` \(a PNG's resolution\) must be a whole number of at least {orgchart.MIN_DPI}"
    with pytest.raises(ValueError, match=msg):
        orggraph.draw_orgchart(nova["ski"], tmp_path / "x.png", dpi=dpi)
    assert not (tmp_path / "x.png").exists()


def test_a_numpy_integer_dpi_is_a_whole_number(nova, tmp_path):
    orggraph.draw_orgchart(nova["ski"], tmp_path / "x.png", dpi=np.int64(40))
    _, info = _read((tmp_path / "x.png").read_bytes())
    assert info["dpi"] == pytest.approx((40, 40), rel=1e-3)


@pytest.mark.parametrize("opaque", [True, False])
def test_matplotlib_pngs_hold_the_pixels_matplotlib_draws(tmp_path, opaque):
    """orggraph's encoder in place of Pillow's: the pixels of matplotlib's own PNG, RGB where all are opaque."""
    import matplotlib.pyplot as plt

    from orggraph.drawing import plot

    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1, 2], [2, 0, 1], marker="o")
    ax.set_title("Bustadkontor – Ålesund")
    fig.patch.set_alpha(1 if opaque else 0.4)
    plot._finish(fig, tmp_path / "ours.png", False, dpi=120)
    fig.savefig(tmp_path / "theirs.png", dpi=120)
    plt.close(fig)
    ours, info = _read((tmp_path / "ours.png").read_bytes())
    theirs, _ = _read((tmp_path / "theirs.png").read_bytes())
    assert ours.shape[2] == (3 if opaque else 4)
    assert np.array_equal(ours, theirs[:, :, :ours.shape[2]])
    assert info["dpi"] == pytest.approx((120, 120), rel=1e-3) and info["Software"].startswith("Matplotlib version")


@pytest.fixture(scope="module")
def several(nova):
    return {k: nova[k] for k in ("ski", "moss", "hamar", "porsgrunn", "lierne", "fjell", "asker", "tromso")}


@pytest.mark.usefixtures("dot")
@pytest.mark.parametrize("raster", ["bmp", "png"])
def test_draw_orgcharts_writes_the_files_draw_orgchart_writes(several, tmp_path, monkeypatch, raster):
    """Many charts in a few Graphviz runs (PNGs of orgchart.BATCH at a time, split from one output): the same bytes
    as one chart at a time, with or without Graphviz's BMP, for more charts than one batch holds."""
    monkeypatch.setattr(orgchart, "graphviz_raster", lambda exe: raster)
    monkeypatch.setattr(orgchart, "BATCH", 3)  # 8 charts: batches of 3, 3 and 2
    written = orgchart.draw_orgcharts(several, tmp_path / "many", formats=["svg", "png"], lang="no", dpi=100,
                                      suffix="_no")
    assert [p.name for p in written] == [f"{mid}_no.{fmt}" for fmt in ("svg", "png") for mid in several]
    for mid, G in several.items():
        for fmt in ("svg", "png"):
            orggraph.draw_orgchart(G, tmp_path / f"{mid}.{fmt}", lang="no", dpi=100)
            assert (tmp_path / "many" / f"{mid}_no.{fmt}").read_bytes() == (tmp_path / f"{mid}.{fmt}").read_bytes()


@pytest.mark.usefixtures("dot")
def test_a_batch_that_cannot_be_split_is_run_chart_by_chart(several, tmp_path, monkeypatch):
    runs = []
    real = orgchart._run_dot

    def counting(exe, source, asked, **kw):
        runs.append(source.count("digraph"))
        return real(exe, source, asked, **kw)

    monkeypatch.setattr(orgchart, "_run_dot", counting)
    monkeypatch.setattr(orgchart, "_pictures", lambda path, fmt, n: (_ for _ in ()).throw(orgchart._BatchError(fmt)))
    two = dict(list(several.items())[:2])
    orgchart.draw_orgcharts(two, tmp_path, formats=["png"], dpi=50)
    assert runs[-3:] == [2, 1, 1]  # the batch, then each chart on its own
    for mid, G in two.items():
        orggraph.draw_orgchart(G, tmp_path / f"{mid}_one.png", dpi=50)
        assert (tmp_path / f"{mid}.png").read_bytes() == (tmp_path / f"{mid}_one.png").read_bytes()


@pytest.mark.usefixtures("dot")
def test_draw_orgcharts_refuses_before_writing_and_times_out_as_a_whole(several, tmp_path):
    (tmp_path / "moss.svg").write_text("mine")
    with pytest.raises(orggraph.OverwriteError):
        orgchart.draw_orgcharts(several, tmp_path, formats=["svg", "png"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["moss.svg"]
    assert (tmp_path / "moss.svg").read_text() == "mine"
    with pytest.raises(ValueError, match="unknown format"):
        orgchart.draw_orgcharts(several, tmp_path / "x", formats=["gif"])
    assert orgchart.draw_orgcharts(several, tmp_path / "none", formats=[]) == []  # laid out only (and kept)
    assert not (tmp_path / "none").exists()
    with pytest.raises(orggraph.OrgGraphError, match="did not finish the org charts of 2 municipalities"):
        orgchart.draw_orgcharts(dict(list(several.items())[:2]), tmp_path / "t", formats=["png"], timeout=0.001)


def test_draw_orgcharts_of_no_graph_writes_nothing(tmp_path):
    assert orgchart.draw_orgcharts({}, tmp_path / "empty", formats=["svg", "png"]) == []
    assert not (tmp_path / "empty").exists()
