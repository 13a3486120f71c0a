"""Safe file handling shared by the readers and writers (private module).

What is here, and why
    :func:`replace_folder` replaces a dataset folder as a whole: the new tables
    are written to a sibling folder which is then swapped in, so that a
    killed process or a full disk leaves the complete old folder or the
    complete new one, never a mix. :func:`read_regular` reads a file only if it
    is a regular file within a size limit (FIFOs and devices are refused at
    once, without blocking). :func:`check_xlsx` bounds what a workbook unpacks
    to before any XML is parsed. :func:`excel_text` / :func:`plain_text` write
    text that would start a spreadsheet formula so that Excel shows it as text,
    and give it back exactly. :func:`bad_character` finds characters no writer
    can store. :func:`terminal_safe` escapes control sequences before printing.
    :func:`atomic_write` writes a file through a temporary sibling, and
    :func:`refuse_overwrite` stops every writer from replacing a user's file
    unless asked. :func:`read_input` and :func:`decode_input` read the bytes of
    an input file within the size limits and decode its text.

Examples
--------
>>> excel_text("=1+1"), plain_text(excel_text("=1+1"))
("'=1+1", '=1+1')
>>> terminal_safe("a\\x1b[2Jb")
'a\\\\x1b[2Jb'
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import io
import os
import re
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from orggraph._errors import OverwriteError

__all__ = ["MAX_FILE_BYTES", "MAX_XLSX_CELLS", "MAX_XLSX_UNPACKED_BYTES", "atomic_write", "bad_character",
           "check_xlsx", "decode_input", "decode_text", "excel_text", "inert_frame", "inert_workbook",
           "interrupted_write", "plain_text", "read_input", "read_regular", "refuse_overwrite", "replace_folder",
           "terminal_safe", "utf8_cell"]

# ------------------------------------------------------------------ spreadsheet formulas

#: Characters that make Excel (and LibreOffice) read a cell as a formula, or start a DDE payload.
FORMULA_START = frozenset("=+-@\t\r")
_ESCAPED = FORMULA_START | {"'"}


def excel_text(text: str) -> str:
    """Return `text` as written to a CSV cell: a leading ``'`` when it would start a formula.

    OWASP's advice for CSV injection. A text that already starts with ``'``
    followed by a character that would be unescaped gets one more ``'``, so
    that :func:`plain_text` gives back exactly `text`.
    """
    if text and (text[0] in FORMULA_START or (text[0] == "'" and text[1:2] and text[1] in _ESCAPED)):
        return "'" + text
    return text


def plain_text(text: str) -> str:
    """Undo :func:`excel_text`."""
    if len(text) > 1 and text[0] == "'" and text[1] in _ESCAPED:
        return text[1:]
    return text


def inert_frame(frame: Any) -> Any:
    """Return a copy of a DataFrame whose text cells, index and column labels are formula-safe."""
    import pandas as pd

    def fix(value: Any) -> Any:
        return excel_text(value) if isinstance(value, str) else value

    def risky(values: Any) -> Any:
        """Which values are text starting like a formula (vectorised where the values are all text)."""
        series = pd.Series(values, dtype=object) if not isinstance(values, pd.Series) else values
        try:
            first = series.str[:1]
        except AttributeError:  # no text at all (numbers, booleans): pandas refuses .str
            return series.map(lambda v: isinstance(v, str) and v[:1] in _ESCAPED).astype(bool)
        return first.isin(list(_ESCAPED)).fillna(False).astype(bool)

    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            mask = risky(out[col])  # only the cells that may need it are touched
            if mask.any():
                out[col] = out[col].astype(object)
                out.loc[mask, col] = out.loc[mask, col].map(fix)
    if isinstance(out.index, pd.MultiIndex):
        out.index = out.index.map(lambda t: tuple(fix(v) for v in t))
    elif risky(out.index).any():  # else nothing to change
        out.index = out.index.map(fix)
    out.columns = [fix(c) if not isinstance(c, tuple) else tuple(fix(v) for v in c) for c in out.columns]
    return out


#: Integers beyond this are not exact in Excel's numbers (IEEE doubles).
EXACT_INT = 2**53


def inert_workbook(wb: Any) -> None:
    """Make every cell of an openpyxl workbook inert: text never a formula, big integers exact.

    A text starting with ``=`` is stored as text (openpyxl would store it as a
    formula) and every text that Excel would read as a formula when edited is
    marked with Excel's own "quote prefix", which shows it as text. Integers
    beyond 2^53, which Excel would round, are stored as text.
    """
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str):
                    if value[:1] in FORMULA_START:
                        cell.data_type = "s"
                        cell.quotePrefix = True
                elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > EXACT_INT:
                    cell.value = str(value)
                    cell.data_type = "s"


# ------------------------------------------------------------------ text

_BAD = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")


def bad_character(text: str) -> str | None:
    """Describe the first character of `text` that no writer can store, or return None.

    Lone surrogates, NUL, C0 control characters other than tab and newline,
    and U+FFFE/U+FFFF cannot be written to UTF-8 or XLSX (XML).

    Examples
    --------
    >>> bad_character("ok\\tfine\\n") is None
    True
    >>> bad_character("a\\x00b")
    'holds the control character U+0000 at position 2; remove it'
    """
    m = _BAD.search(text)
    if m is None:
        return None
    ch = m.group()
    kind = "a lone surrogate" if "\ud800" <= ch <= "\udfff" else (
        "the non-character" if ch in "\ufffe\uffff" else "the control character")
    return f"holds {kind} U+{ord(ch):04X} at position {m.start() + 1}; remove it"


_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def terminal_safe(text: str) -> str:
    """Escape control characters (ESC, CSI, BEL …) so printed text cannot drive the terminal."""
    return _TERMINAL.sub(lambda m: repr(m.group())[1:-1] if m.group() < "\ud800" else
                         f"\\u{ord(m.group()):04x}", text)


_UTF8_LEAD = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")
_NON_ASCII = re.compile(rb"[\x80-\xff]+")


def decode_text(data: bytes) -> tuple[str, bool]:
    """Decode a text file: UTF-16 or UTF-8 (BOM optional), else Windows-1252.

    Returns the text and whether the Windows-1252 fallback was used (then
    :func:`utf8_cell` finds cells that were UTF-8 after all, and U+FFFD marks
    bytes that decode to nothing).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), False
    try:
        return data.decode("utf-8-sig"), False
    except UnicodeDecodeError:
        return data.removeprefix(b"\xef\xbb\xbf").decode("cp1252", errors="replace"), True


def utf8_cell(text: str) -> str | None:
    """For text decoded as Windows-1252: what is wrong with it, if it is UTF-8 or undecodable.

    Examples
    --------
    >>> utf8_cell("Boligkontoret pÃ¥ JelÃ¸y")[:40]
    'is UTF-8 text (`Boligkontoret på Jeløy`)'
    >>> utf8_cell("Testby «Ø»") is None
    True
    """
    if "\ufffd" in text:
        return "holds bytes that are not text in UTF-8 or Windows-1252; save the file as UTF-8"
    raw = text.encode("cp1252", errors="replace")
    if raw.isascii() or not _UTF8_LEAD.search(raw):
        return None
    for run in _NON_ASCII.findall(raw):
        with contextlib.suppress(UnicodeDecodeError):
            run.decode("utf-8")
            as_utf8 = raw.decode("utf-8", errors="replace")
            return (f"is UTF-8 text (`{as_utf8}`) in a file that is Windows-1252 elsewhere: the file "
                    "mixes encodings; save it as UTF-8")
    return None


# ------------------------------------------------------------------ reading within limits


def read_regular(path: Path, limit: int) -> bytes:
    """Return the bytes of a regular file of at most `limit` bytes; raise ValueError otherwise.

    FIFOs, devices, sockets and folders are refused at once (the file is opened
    without blocking and checked before any read); at most ``limit + 1`` bytes
    are ever read, whatever the file claims its size is.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(st.st_mode) else
                    "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else
                    "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file")
            msg = f"it is {kind}, not a regular file"
            raise ValueError(msg)
        if st.st_size > limit:
            msg = f"the file is {st.st_size / 1e6:.1f} MB, larger than the limit of {limit / 1e6:.0f} MB"
            raise ValueError(msg)
        chunks, total = [], 0
        while chunk := os.read(fd, min(1 << 20, limit + 1 - total) or 1):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                msg = f"the file grew past the limit of {limit / 1e6:.0f} MB while being read"
                raise ValueError(msg)
        return b"".join(chunks)
    finally:
        os.close(fd)


_CELL_REF = re.compile(rb'\br="([A-Z]{1,4})([0-9]{1,8})"')
_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,4})([0-9]{1,8}):([A-Z]{1,4})([0-9]{1,8})"')


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def check_xlsx(data: bytes, *, max_unpacked: int, max_cells: int) -> None:
    """Refuse a workbook that would unpack or expand beyond the limits, before parsing any of it.

    Checks, from the zip archive alone: the total unpacked size (declared sizes;
    zipfile never inflates an entry past its declared size), then, streaming
    each worksheet's XML, the cell area the sheet spans (its last row × last
    column) and the area of its merged ranges. Raise ValueError saying which.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as err:
        msg = f"not a readable XLSX workbook (not a zip archive: {err})"
        raise ValueError(msg) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > 10_000:
            msg = f"not a readable XLSX workbook: the archive holds {len(infos)} files"
            raise ValueError(msg)
        unpacked = sum(i.file_size for i in infos)
        if unpacked > max_unpacked:
            msg = (f"the workbook unpacks to {unpacked / 1e6:.0f} MB, more than the limit of "
                   f"{max_unpacked / 1e6:.0f} MB")
            raise ValueError(msg)
        area = merged = 0
        for info in infos:
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            last_row = last_col = 0
            tail = b""
            try:
                with zf.open(info) as fh:
                    while chunk := fh.read(1 << 20):
                        block = tail + chunk
                        for m in _CELL_REF.finditer(block):
                            last_col = max(last_col, _column_number(m.group(1)))
                            last_row = max(last_row, int(m.group(2)))
                        for m in _MERGE_REF.finditer(block):
                            rows = abs(int(m.group(4)) - int(m.group(2))) + 1
                            cols = abs(_column_number(m.group(3)) - _column_number(m.group(1))) + 1
                            merged += rows * cols
                        tail = block[-64:]
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as err:
                msg = f"not a readable XLSX workbook ({type(err).__name__}: {err})"
                raise ValueError(msg) from None
            area += last_row * last_col
            sheet = info.filename.rsplit("/", 1)[-1]
            if area > max_cells or merged > max_cells:
                what = (f"merged ranges covering {merged:,} cells" if merged > max_cells else
                        f"cells spanning {last_row:,} rows x {last_col:,} columns in {sheet}")
                msg = f"the workbook has {what}, more than the limit of {max_cells:,} cells"
                raise ValueError(msg)


# ------------------------------------------------------------------ all-or-nothing folders

_TAG = ".orggraph-"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _staged(parent: Path, name: str) -> Iterable[tuple[Path, str, int]]:
    prefix = f".{name}{_TAG}"
    with contextlib.suppress(OSError):
        for entry in parent.iterdir():
            if entry.name.startswith(prefix):
                kind, _, rest = entry.name[len(prefix):].partition("-")
                pid = rest.partition("-")[0]
                if kind in ("new", "old") and pid.isdigit():
                    yield entry, kind, int(pid)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def interrupted_write(path: Path) -> Path | None:
    """If `path` is missing because a write was killed mid-swap, the folder holding the old data."""
    for entry, kind, pid in _staged(path.parent, path.name):
        if kind == "old" and not _alive(pid):
            return entry
    return None


def replace_folder(path: Path, fill: Callable[[Path], None], *, replaces: Iterable[str]) -> None:
    """Replace folder `path` as a whole by what `fill(stage)` writes into a fresh sibling folder.

    Entries of an existing `path` not named in `replaces` are carried over
    (hard links where possible), so files kept beside the tables survive.
    Then the folders are swapped in one step (``renameat2(RENAME_EXCHANGE)``
    on Linux; elsewhere two renames, after which a reader finding no folder
    is told where the old one is, see :func:`interrupted_write`). If
    `fill` fails or the disk fills up, the sibling is removed and `path` is
    untouched. Sibling folders left by a killed writer are removed by the next
    write.
    """
    path = Path(os.path.realpath(path))  # a symlinked folder: replace what it points to
    parent = path.parent
    parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and not path.is_dir():
        msg = f"`{path}` exists and is not a folder"
        raise NotADirectoryError(msg)
    stage = Path(tempfile.mkdtemp(prefix=f".{path.name}{_TAG}new-{os.getpid()}-", dir=parent))
    aside: Path | None = None
    try:
        skip = set(replaces)
        if path.is_dir():
            os.chmod(stage, stat.S_IMODE(path.stat().st_mode))
            for entry in path.iterdir():
                if entry.name in skip:
                    continue
                if entry.is_dir() and not entry.is_symlink():
                    shutil.copytree(entry, stage / entry.name, symlinks=True, copy_function=_link_or_copy)
                elif entry.is_symlink():
                    os.symlink(os.readlink(entry), stage / entry.name)
                else:
                    _link_or_copy(str(entry), str(stage / entry.name))
        else:
            os.chmod(stage, 0o777 & ~_umask())
        fill(stage)
        _fsync_dir(stage)
        if not path.exists():
            os.rename(stage, path)
        elif _exchange(stage, path):
            aside = stage  # it now holds the old folder
        else:
            aside = Path(tempfile.mkdtemp(prefix=f".{path.name}{_TAG}old-{os.getpid()}-", dir=parent))
            os.rmdir(aside)
            os.rename(path, aside)
            os.rename(stage, path)
        _fsync_dir(parent)
    except BaseException:
        if aside is None:
            shutil.rmtree(stage, ignore_errors=True)
        raise
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)
    for entry, _kind, pid in list(_staged(parent, path.name)):
        if not _alive(pid):
            shutil.rmtree(entry, ignore_errors=True)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# ------------------------------------------------------------------ reading within limits

#: Files larger than this are refused (bytes). Organisation data are small; this stops runaway input.
MAX_FILE_BYTES = 20 * 1024 * 1024
#: An XLSX workbook whose files unpack to more than this (bytes) is refused before parsing.
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024
#: An XLSX workbook whose sheets span (last row x last column) or merge more cells than this is refused.
MAX_XLSX_CELLS = 2_000_000


def read_input(path: Path) -> bytes:
    """The bytes of a regular file within the limits (XLSX also checked for what it unpacks to)."""
    data = read_regular(path, MAX_FILE_BYTES)
    if path.suffix.casefold() == ".xlsx":
        check_xlsx(data, max_unpacked=MAX_XLSX_UNPACKED_BYTES, max_cells=MAX_XLSX_CELLS)
    return data


def decode_input(data: bytes) -> str:
    """Decode a text file: UTF-16 or UTF-8 (BOM optional), else Windows-1252.

    A Windows-1252 file holding UTF-8 text too, or bytes that are text in
    neither, raises ValueError naming the line.
    """
    text, fallback = decode_text(data)
    if fallback:
        for line_no, line in enumerate(text.split("\n"), start=1):
            if problem := utf8_cell(line):
                msg = f"line {line_no} {problem}"
                raise ValueError(msg)
    return text


# ------------------------------------------------------------------ writing


@contextlib.contextmanager
def atomic_write(path: Path, mode: str = "w") -> Iterator[Any]:
    """Open a temporary file beside `path`; move it onto `path` only on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); give it the mode a plain open() would
        mode_bits = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode_bits)
        kwargs: dict[str, Any] = {"encoding": "utf-8", "newline": ""} if "b" not in mode else {}
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def refuse_overwrite(*paths: str | os.PathLike, overwrite: bool) -> None:
    """Raise :class:`~orggraph.OverwriteError` if any of `paths` exists and `overwrite` is false.

    Every writer calls this at its entry, before writing anything, so that a
    user's file is replaced only when asked (``overwrite=True``; ``--force``
    on the command line).

    Parameters
    ----------
    *paths
        The files or folders the writer is about to write.
    overwrite
        Replace existing files.

    Raises
    ------
    OverwriteError
        One of `paths` exists and `overwrite` is false.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "mine.xlsx"
    >>> _ = f.write_bytes(b"work")
    >>> refuse_overwrite(f, overwrite=False)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    orggraph._errors.OverwriteError: .../mine.xlsx exists; nothing was written. Pass overwrite=True ...
    """
    if overwrite:
        return
    existing = [str(p) for p in paths if Path(p).exists()]
    if existing:
        what = existing[0] + " exists" if len(existing) == 1 else ", ".join(existing) + " exist"
        msg = f"{what}; nothing was written. Pass overwrite=True (--force on the command line) to replace it"
        raise OverwriteError(msg)
