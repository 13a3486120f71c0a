"""PNG files from pixels and from Graphviz, with their resolution (private module).

What is here, and why
    :func:`encode_png` writes an 8-bit RGB or RGBA pixel array as a PNG that says its resolution.
    Pillow (which matplotlib uses to write PNGs) tries all five PNG row filters on every row and has no
    setting to stop it; on the figures' flat colours that costs more than deflating the rows and makes
    the files no smaller. Measured on the PNGs of ``orggraph figures`` (22 org charts at 300 dpi: 95
    million pixels; 28 matplotlib PNGs: 62 million): deflating unfiltered rows at zlib level 3 took 0.7 s
    and 0.46 s, Pillow at the same level 2.2 s and 1.4 s, with files 6 % and 1 % smaller.
    :func:`graphviz_png` turns what Graphviz rendered for a PNG into the PNG to write, and
    :func:`graphviz_raster` says which format to ask Graphviz for: its BMP (cairo's pixels, through its
    gdk plugin), where it has one, is encoded here; Graphviz's own PNG encoder (libpng trying every filter
    at zlib level 6) took 3.9 of the 4.3 CPU seconds of the 22 charts' PNGs.

Examples
--------
>>> import numpy as np
>>> from PIL import Image
>>> import io
>>> pixels = np.full((2, 3, 3), 255, dtype=np.uint8)
>>> im = Image.open(io.BytesIO(encode_png(pixels, dpi=300)))
>>> im.size, im.mode, [round(d) for d in im.info["dpi"]]
((3, 2), 'RGB', [300, 300])
"""

from __future__ import annotations

import functools
import os
import subprocess
import zlib
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: zlib level of every PNG written here (zlib's default is 6): on the figures, level 3 deflates in half
#: the time of level 6 for files 16-17 % larger
LEVEL = 3


def _chunk(kind: bytes, body: bytes) -> bytes:
    return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")


def _phys(dpi: float) -> bytes:
    per_metre = round(dpi / 0.0254).to_bytes(4, "big")
    return _chunk(b"pHYs", per_metre + per_metre + b"\x01")  # unit 1: the metre


def encode_png(pixels: np.ndarray, *, dpi: float, text: Mapping[str, str] | None = None) -> bytes:
    """Return `pixels` as a PNG that says `dpi`, with `text` as ``tEXt`` chunks.

    `pixels` is an 8-bit array of shape (height, width, 3) for RGB or (height, width, 4) for RGBA, rows
    from the top. Rows are stored unfiltered (PNG filter type 0) and deflated at zlib level :data:`LEVEL`.
    """
    import numpy as np

    if pixels.dtype != np.uint8 or pixels.ndim != 3 or pixels.shape[2] not in (3, 4) or 0 in pixels.shape:
        msg = f"RGB or RGBA pixels of 8 bits were expected, got an array of {pixels.dtype} with shape {pixels.shape}"
        raise ValueError(msg)
    height, width, channels = pixels.shape
    rows = np.empty((height, width * channels + 1), dtype=np.uint8)
    rows[:, 0] = 0  # filter type 0 (none) on every row
    into = np.ndarray(pixels.shape, dtype=np.uint8, buffer=rows, offset=1, strides=(rows.strides[0], channels, 1))
    if pixels.strides[1:] == (channels, 1):  # whole rows at a time
        into[...] = pixels
    else:  # e.g. RGB out of RGBA: a channel at a time, twice as fast as a pixel at a time
        for channel in range(channels):
            into[:, :, channel] = pixels[:, :, channel]
    colour = 2 if channels == 3 else 6  # truecolour, truecolour with alpha
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, colour, 0, 0, 0])
    texts = b"".join(_chunk(b"tEXt", k.encode("latin-1") + b"\0" + v.encode("latin-1"))
                     for k, v in (text or {}).items())
    return (_SIGNATURE + _chunk(b"IHDR", header) + _phys(dpi) + texts
            + _chunk(b"IDAT", zlib.compress(rows.data, LEVEL)) + _chunk(b"IEND", b""))


@functools.cache
def graphviz_raster(dot: str) -> str:
    """Return the format to ask the Graphviz program `dot` for when a PNG is wanted: ``"bmp"`` or ``"png"``.

    ``"bmp"`` where Graphviz can write one (its gdk plugin: the Debian package ``libgvc6-plugins-gtk``, which
    ``libgraphviz-dev`` installs); else ``"png"``, Graphviz's own, slower encoder. Asked once per program.
    """
    try:
        proc = subprocess.run([dot, "-Tbmp", f"-o{os.devnull}"], input=b"graph {}", capture_output=True,
                              timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "png"
    return "bmp" if proc.returncode == 0 else "png"


def graphviz_png(data: bytes, dpi: float) -> bytes:
    """Return the PNG to write from Graphviz's BMP or PNG `data` of a chart rendered at `dpi`.

    A PNG is kept as it is, with a ``pHYs`` chunk added: Graphviz writes none, so a word processor would
    place a 300-dpi chart at 72 or 96 dpi, three to four times its size.

    A BMP (24-bit and uncompressed, as Graphviz's gdk plugin writes it) is encoded by :func:`encode_png`.
    Cairo draws the white background of a chart of fractional size over part of its last column and
    last row of pixels; in Graphviz's own PNG those pixels are white and partly transparent, through the
    gdk plugin they come out blended onto black (grey lines). Both lie in the chart's margin (Graphviz's
    ``pad``, which must be a few pixels wide: see :data:`orggraph.drawing.orgchart.MIN_DPI`), so they are
    set to white: the PNG's pixels as printed on white paper.
    """
    if data[:8] == _SIGNATURE and data[12:16] == b"IHDR":
        return _with_phys(data, dpi)
    pixels = _bmp_pixels(data)
    pixels[-1] = 255
    pixels[:, -1] = 255
    return encode_png(pixels, dpi=dpi)


def _bmp_pixels(data: bytes) -> np.ndarray:
    """The RGB pixels, rows from the top, of a 24-bit uncompressed BMP (the one kind Graphviz writes).

    Read with numpy rather than Pillow: Pillow decodes and copies the rows twice more, a third of the time
    of encoding them again.
    """
    import numpy as np

    def number(at: int, size: int) -> int:
        return int.from_bytes(data[at:at + size], "little", signed=True)

    if len(data) < 54 or data[:2] != b"BM":
        msg = "a BMP or PNG was expected from Graphviz but the data starts with neither signature"
        raise ValueError(msg)
    offset, width, height, bits, compression = number(10, 4), number(18, 4), number(22, 4), number(28, 2), number(30, 4)
    stride = (width * 3 + 3) // 4 * 4  # rows are padded to four bytes
    if bits != 24 or compression != 0 or width <= 0 or height == 0 or offset + stride * abs(height) > len(data):
        msg = (f"Graphviz wrote a BMP of {bits} bits per pixel, compression {compression}, {width} × {height} "
               f"pixels in {len(data)} bytes; a 24-bit uncompressed BMP was expected")
        raise ValueError(msg)
    rows = np.frombuffer(data, dtype=np.uint8, count=stride * abs(height), offset=offset)
    bgr = rows.reshape(abs(height), stride)[:, :width * 3].reshape(abs(height), width, 3)
    rgb = (bgr[::-1] if height > 0 else bgr)[:, :, ::-1]  # bottom-up unless the height is negative
    pixels = np.empty_like(rgb)
    for channel in range(3):  # a channel at a time: twice as fast as a pixel at a time
        pixels[:, :, channel] = rgb[:, :, channel]
    return pixels


def _with_phys(data: bytes, dpi: float) -> bytes:
    """The PNG `data` with a ``pHYs`` chunk after ``IHDR`` (where the specification puts it), unless it has one."""
    at = 8
    while at + 8 <= len(data):  # the chunks before the image data
        length, kind = int.from_bytes(data[at:at + 4], "big"), data[at + 4:at + 8]
        if kind == b"pHYs":
            return data
        if kind == b"IDAT":
            break
        at += 12 + length
    header_end = 8 + 12 + int.from_bytes(data[8:12], "big")
    return data[:header_end] + _phys(dpi) + data[header_end:]
