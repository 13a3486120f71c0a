"""Read and write organisation graphs.

Formats
    A *collection* of municipalities is a folder with one CSV file per table
    (``municipalities.csv``, ``units.csv``, ``responsibilities.csv``,
    ``coordination.csv``): :func:`read_dataset`, :func:`write_dataset`.

    A *single* municipality is one XLSX workbook (sheets ``municipality``,
    ``units``, ``responsibilities``, ``coordination``), one YAML file or one
    JSON file (the same tables as lists of records):
    :func:`read_orgchart`, :func:`write_orgchart`; the format follows the
    file extension. In these files the ``municipality_id`` column of the
    unit, responsibility and coordination tables may be left out.

    GraphML and GEXF (for Gephi) are export formats: :func:`write_graphml`,
    :func:`write_gexf`.

Accepted spreadsheet variation: UTF-8 with or without BOM, UTF-16 with BOM,
and Windows-1252 (read when a file is not valid UTF-8); ``,``, ``;`` or tab
as the CSV separator (detected from the header line); decimal commas in
number columns (``25,2``) and spaces as thousands separators (``33 977``);
header case and spacing; blank rows and blank trailing columns; numbers
stored as text; in XLSX, formulas are never evaluated (the value Excel last
saved is read) and a merged cell's value fills the whole merged range.

Limits: a file larger than :data:`MAX_FILE_BYTES` is refused; YAML aliases
(``*name``, the "billion laughs" expansion) are refused; nesting deeper than
Python can parse is reported as a problem; XLSX is parsed with defusedxml
installed, which openpyxl uses against XML entity attacks.

Every reader checks its input with :func:`orggraph.core.schema.check_tables` and
raises :class:`orggraph.ValidationError` listing every problem with file,
table, row and field. Nothing is skipped quietly: a sheet, top-level key or
CSV file that is not one of the four tables is an error with a suggestion
(``responsibility`` → ``responsibilities``); the Norwegian names of the
tables (``kommune``/``kommuner``, ``enheter``, ``ansvar``, ``samarbeid``) are
accepted; an empty municipalities, units or responsibilities table is an
error, reported before anything that follows from it; the template's
``instructions`` and ``vocabulary`` sheets, and the bundled dataset's
companion tables (:data:`COMPANION_FILES`), are not read. YAML is read with
``yaml.safe_load`` only. Only regular files are read (FIFOs and devices are
refused at once); an XLSX workbook is also refused, before parsing, when it
unpacks to more than :data:`MAX_XLSX_UNPACKED_BYTES` or spans more than
:data:`MAX_XLSX_CELLS` cells.

Every writer refuses to replace an existing file unless called with
``overwrite=True`` (:func:`refuse_overwrite`), and writes to a temporary file
first and moves it into place, so a failed write leaves an existing file
intact; :func:`write_dataset` replaces the whole folder in one step. Text that would start a spreadsheet
formula is written so that Excel shows it as text, and read back unchanged.

This module is the centre of the reading-and-writing layer (:mod:`orggraph.io`):
it parses files into raw rows, leaves every check to the data-model layer
(:func:`orggraph.core.schema.check_tables`, :func:`orggraph.core.graph.check_graph`)
and builds graphs with :func:`orggraph.core.graph.from_tables`; the workbook
layout comes from :mod:`orggraph.io.template` and the file handling shared with
other modules (bounded reading, decoding, atomic writes, refusing to overwrite)
from the private module ``orggraph._files``. Its readers and writers are
importable from :mod:`orggraph.io` and :mod:`orggraph`; the analysis,
replication and drawing layers sit above it.

Examples
--------
>>> import tempfile, pathlib, orggraph
>>> graphs = orggraph.load_dataset("nova2008")
>>> out = pathlib.Path(tempfile.mkdtemp()) / "moss.yaml"
>>> orggraph.write_orgchart(graphs["moss"], out)
>>> orggraph.read_orgchart(out).graph["kommunenr"]
'0104'
"""

from __future__ import annotations

import csv
import difflib
import io as _io
import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, cast

import networkx as nx
import yaml

from orggraph import _files
from orggraph._errors import Problem, ValidationError
from orggraph._files import refuse_overwrite
from orggraph.core.graph import Municipality, check_graph, from_tables, to_tables
from orggraph.core.schema import TABLES, check_tables, columns

__all__ = [
    "read_dataset",
    "read_orgchart",
    "refuse_overwrite",
    "validate",
    "write_dataset",
    "write_gexf",
    "write_graphml",
    "write_orgchart",
]

SINGLE_FORMATS = (".xlsx", ".yaml", ".yml", ".json")
#: Other names a table may have (sheet, top-level key or CSV file stem), in Norwegian as the template is bilingual.
TABLE_ALIASES = {"municipalities": ("municipality", "kommune", "kommuner"), "units": ("enheter",),
                 "responsibilities": ("ansvar",), "coordination": ("samarbeid",)}
#: Files a dataset folder may hold besides its four tables: the bundled dataset's companion tables
#: (read by :mod:`orggraph.io.datasets`, :mod:`orggraph.replication.agreement` and :mod:`orggraph.replication.tables`).
COMPANION_FILES = ("judgements.csv", "judgement_sourced.csv", "nav_planned.csv", "disagreements.csv",
                   "published_tables.csv", "table_deviations.csv")
#: A CSV file with more cells than this is refused while it is read (memory stays bounded).
MAX_CSV_CELLS = 5_000_000
#: Sheet (or top-level key) names of a single-municipality file.
SINGLE_SHEETS = {"municipalities": "municipality", "units": "units",
                 "responsibilities": "responsibilities", "coordination": "coordination"}


def _header(name: Any) -> str:
    return "_".join(str(name).strip().casefold().split())


def _blank(row: Mapping[str, Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row.values())


# --------------------------------------------------------------------- writing


def _cell(value: Any) -> Any:
    """Format a value for a CSV cell: empty for None, true/false, 615 not 615.0."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        text = repr(value)
        return text.removesuffix(".0")
    if isinstance(value, str):
        return _files.excel_text(value)
    return value


def write_dataset(graphs: Mapping[str, nx.Graph], path: str | os.PathLike, *, overwrite: bool = False) -> None:
    """Write a collection of organisation graphs as a folder of CSV files.

    Text that would start a spreadsheet formula (``=``, ``+``, ``-``, ``@``)
    is written with a leading ``'`` (Excel shows it as text);
    :func:`read_dataset` removes it again. Every graph is checked with
    :func:`~orggraph.check_graph` before anything is written.

    Parameters
    ----------
    graphs : mapping of str to networkx.Graph
        ``municipality_id`` → organisation graph.
    path : str or os.PathLike
        The folder; created if missing. It is replaced as a whole: the tables
        are written to a sibling folder that is then swapped in, so a killed
        process or a full disk leaves the complete old dataset or the complete
        new one. Other files in the folder are carried over unchanged.
    overwrite : bool, default False
        Replace the table files if the folder already has them (else
        :class:`~orggraph.OverwriteError`, and nothing is written).

    Raises
    ------
    TypeError
        If `graphs` is not a mapping of networkx graphs, or `path` is not a path.
    OverwriteError
        If the folder already holds one of the four table files and `overwrite` is false.
    ValidationError
        If a graph has no ``municipality_id`` graph attribute, or holds text no
        file can store (NUL, control characters, lone surrogates).
    GraphError
        If a graph is not an organisation graph.

    See Also
    --------
    read_dataset : Read the folder back.
    write_orgchart : Write one municipality to one file.

    Examples
    --------
    >>> import pathlib, tempfile, orggraph
    >>> graphs = orggraph.load_dataset("nova2008")
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "two"
    >>> write_dataset({"moss": graphs["moss"], "ski": graphs["ski"]}, folder)
    >>> sorted(p.name for p in folder.iterdir())
    ['coordination.csv', 'municipalities.csv', 'responsibilities.csv', 'units.csv']
    >>> list(read_dataset(folder))
    ['moss', 'ski']
    """
    _need_mapping_of_graphs(graphs, "graphs")
    folder = _need_path(path, "path")
    refuse_overwrite(*(folder / f"{name}.csv" for name in TABLES), overwrite=overwrite)
    tables = to_tables({mid: check_graph(G) for mid, G in graphs.items()})
    _check_writable(tables, str(folder))

    def fill(stage: Path) -> None:  # numpydoc ignore=GL08
        for name, rows in tables.items():
            with (stage / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=columns(name), lineterminator="\n")
                writer.writeheader()
                for row in rows:
                    writer.writerow({k: _cell(row.get(k)) for k in columns(name)})
                fh.flush()
                os.fsync(fh.fileno())

    _files.replace_folder(folder, fill, replaces=[f"{name}.csv" for name in TABLES])


def _need_path(path: Any, name: str) -> Path:
    if not isinstance(path, str | os.PathLike):
        msg = f"`{name}` must be a path (str or os.PathLike), not {type(path).__name__}"
        raise TypeError(msg)
    return Path(path)


def _need_graph(G: Any, name: str) -> None:
    if not isinstance(G, nx.Graph):
        msg = f"`{name}` must be an organisation graph (networkx graph), not {type(G).__name__}"
        raise TypeError(msg)
    if not isinstance(G.graph.get("municipality_id"), str):
        msg = (f"`{name}` is not an organisation graph: it has no `municipality_id` graph attribute "
               "(read one with read_orgchart or build one with orggraph.Municipality)")
        raise ValidationError([Problem("<graph>", "municipalities", None, "municipality_id", msg)])
    if not G.is_multigraph():
        msg = (f"`{name}` must be an organisation graph (a networkx MultiGraph, as read_orgchart and "
               f"load_dataset return), not {type(G).__name__}")
        raise TypeError(msg)


def _need_mapping_of_graphs(graphs: Any, name: str) -> None:
    if not isinstance(graphs, Mapping):
        msg = (f"`{name}` must be a mapping municipality_id -> organisation graph (a dict), "
               f"not {type(graphs).__name__}")
        raise TypeError(msg)
    for key, G in graphs.items():
        _need_graph(G, f"{name}[{key!r}]")


def _check_writable(tables: Mapping[str, list[dict[str, Any]]], file: str) -> None:
    """Refuse text that no writer can store (NUL, control characters, lone surrogates)."""
    problems = []
    for table, rows in tables.items():
        for i, row in enumerate(rows, start=2):
            for field, value in row.items():
                if isinstance(value, str) and (bad := _files.bad_character(value)):
                    problems.append(Problem(file, table, i, field, bad))
    if problems:
        raise ValidationError(problems)


def _single_tables(G: nx.Graph) -> dict[str, list[dict[str, Any]]]:
    tables = to_tables({G.graph["municipality_id"]: G})
    for name in ("units", "responsibilities", "coordination"):
        for row in tables[name]:
            del row["municipality_id"]
    return tables


class _ExactDumper(yaml.SafeDumper):
    """yaml's safe dumper; text holding YAML line breaks (NEL, U+2028/9, BOM) is double-quoted,
    so that they are escaped and read back unchanged (plain or single-quoted, NEL reads as a space)."""


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    style = '"' if any(ch in text for ch in "\x85\u2028\u2029\ufeff") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_ExactDumper.add_representer(str, _represent_str)


def write_orgchart(G: nx.Graph, path: str | os.PathLike, *, overwrite: bool = False) -> None:
    """Write one municipality to an XLSX, YAML or JSON file (by extension).

    The file holds the four tables without the ``municipality_id`` column of
    the unit, responsibility and coordination tables (the XLSX file is the
    template's workbook, with its drop-down lists, filled in). It is written
    to a temporary file first and then moved into place.

    Parameters
    ----------
    G : networkx.Graph
        An organisation graph with a ``municipality_id`` graph attribute.
    path : str or os.PathLike
        The file; its extension (``.xlsx``, ``.yaml``, ``.yml`` or ``.json``)
        chooses the format.
    overwrite : bool, default False
        Replace an existing file (else :class:`~orggraph.OverwriteError`, and
        nothing is written).

    Raises
    ------
    TypeError
        If `G` is not a networkx MultiGraph or `path` is not a path.
    ValueError
        If the extension is not one of the four.
    OverwriteError
        If the file exists and `overwrite` is false.
    ValidationError
        If `G` has no ``municipality_id`` graph attribute, or holds text no
        file can store.
    GraphError
        If `G` is not an organisation graph.

    See Also
    --------
    read_orgchart : Read the file back.
    write_template : Write an empty workbook to fill in.

    Examples
    --------
    >>> import tempfile, pathlib, orggraph
    >>> G = orggraph.load_dataset("nova2008")["ski"]
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "ski.json"
    >>> write_orgchart(G, out)
    >>> read_orgchart(out).number_of_edges() == G.number_of_edges()
    True
    """
    _need_graph(G, "G")
    target = _need_path(path, "path")
    ext = target.suffix.casefold()
    if ext not in SINGLE_FORMATS:
        msg = f"cannot write `{target.name}`: use one of {', '.join(SINGLE_FORMATS)}"
        raise ValueError(msg)
    refuse_overwrite(target, overwrite=overwrite)
    tables = _single_tables(check_graph(G))
    _check_writable(tables, str(target))
    data: dict[str, Any] = {SINGLE_SHEETS[k]: v for k, v in tables.items()}
    data["municipality"] = data["municipality"][0]
    if ext in (".yaml", ".yml"):
        with _files.atomic_write(target) as fh:
            yaml.dump(data, fh, Dumper=_ExactDumper, allow_unicode=True, sort_keys=False, width=100)
    elif ext == ".json":
        with _files.atomic_write(target) as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
    else:
        from orggraph.io.template import workbook  # openpyxl: loaded only for workbooks

        wb = workbook(tables)
        _files.inert_workbook(wb)
        with _files.atomic_write(target, "wb") as fh:
            wb.save(fh)


def _export_graph(G: nx.Graph) -> nx.MultiGraph:
    H: nx.MultiGraph = nx.MultiGraph()
    H.graph.update({k: v for k, v in G.graph.items() if v is not None})
    for n, d in G.nodes(data=True):
        H.add_node(n, **{k: v for k, v in d.items() if v is not None})
    # organisation graphs are MultiGraphs (_need_graph refused anything else)
    for u, v, k, d in cast(nx.MultiGraph, G).edges(keys=True, data=True):
        H.add_edge(u, v, key=k, **{a: b for a, b in d.items() if b is not None})
    return H


def write_graphml(G: nx.Graph, path: str | os.PathLike, *, overwrite: bool = False) -> None:
    """Export one organisation graph to GraphML (every attribute kept; empty ones dropped).

    The graph is written as it is (not checked with
    :func:`~orggraph.check_graph`), as an undirected multigraph whose edge
    keys are the role or tie kind; attributes that are None are left out,
    since GraphML cannot store them. Read it back with
    ``nx.read_graphml(path, force_multigraph=True)``.

    Parameters
    ----------
    G : networkx.Graph
        An organisation graph with a ``municipality_id`` graph attribute.
    path : str or os.PathLike
        The ``.graphml`` file to write.
    overwrite : bool, default False
        Replace an existing file (else :class:`~orggraph.OverwriteError`).

    Raises
    ------
    OverwriteError
        If the file exists and `overwrite` is false.
    TypeError
        If `G` is not a networkx MultiGraph.
    ValidationError
        If `G` has no ``municipality_id`` graph attribute.

    See Also
    --------
    write_gexf : The same for Gephi's own format.

    Examples
    --------
    >>> import pathlib, tempfile, networkx as nx, orggraph
    >>> G = orggraph.load_dataset("nova2008")["moss"]
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "moss.graphml"
    >>> write_graphml(G, out)
    >>> H = nx.read_graphml(out, force_multigraph=True)
    >>> H.graph["name"], H.number_of_edges() == G.number_of_edges()
    ('Moss', True)
    """
    refuse_overwrite(path, overwrite=overwrite)
    _need_graph(G, "G")
    with _files.atomic_write(Path(path), "wb") as fh:
        nx.write_graphml(_export_graph(G), fh)


def write_gexf(G: nx.Graph, path: str | os.PathLike, *, overwrite: bool = False) -> None:
    """Export one organisation graph to GEXF for Gephi.

    As :func:`write_graphml`: the graph is written as it is, attributes that
    are None left out.

    Parameters
    ----------
    G : networkx.Graph
        An organisation graph with a ``municipality_id`` graph attribute.
    path : str or os.PathLike
        The ``.gexf`` file to write.
    overwrite : bool, default False
        Replace an existing file (else :class:`~orggraph.OverwriteError`).

    Raises
    ------
    OverwriteError
        If the file exists and `overwrite` is false.
    TypeError
        If `G` is not a networkx MultiGraph.
    ValidationError
        If `G` has no ``municipality_id`` graph attribute.

    See Also
    --------
    write_graphml : The same as GraphML.

    Examples
    --------
    >>> import pathlib, tempfile, networkx as nx, orggraph
    >>> G = orggraph.load_dataset("nova2008")["moss"]
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "moss.gexf"
    >>> write_gexf(G, out)
    >>> nx.read_gexf(out).number_of_nodes() == G.number_of_nodes()
    True
    """
    refuse_overwrite(path, overwrite=overwrite)
    _need_graph(G, "G")
    with _files.atomic_write(Path(path), "wb") as fh:
        nx.write_gexf(_export_graph(G), fh)


# --------------------------------------------------------------------- reading


def _read_csv(path: Path, problems: list[Problem] | None = None, table: str = "") -> list[dict[str, Any]]:
    data = _files.read_input(path)
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        msg = "the file holds NUL bytes: it is not a text (CSV) file"
        raise ValueError(msg)
    text, fallback = _files.decode_text(data)
    del data
    if "\x00" in text:
        msg = "the file holds NUL bytes: it is not a text (CSV) file"
        raise ValueError(msg)
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count) if first else ","
    reader = csv.reader(_io.StringIO(text), delimiter=delimiter)
    rows: list[dict[str, Any]] = []
    header: list[str] | None = None
    n_cells = 0
    for line_no, cells in enumerate(reader, start=1):
        n_cells += len(cells)
        if n_cells > MAX_CSV_CELLS:
            msg = f"the file has more than {MAX_CSV_CELLS:,} cells (limit reached at line {line_no})"
            raise ValueError(msg)
        if header is None:
            header = [_header(c) for c in cells]
            continue
        row: dict[str, Any] = {h: _files.plain_text(c) for h, c in zip(header, cells, strict=False) if h}
        if fallback and problems is not None:
            for h, c in row.items():
                if problem := _files.utf8_cell(c):
                    problems.append(Problem(str(path), table, line_no, h, problem))
        if _blank(row):
            continue
        row["_row"] = line_no
        rows.append(row)
    return rows


def _graphs_or_raise(tables: dict, problems: list[Problem]) -> dict[str, Municipality]:
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ValidationError(errors)
    return from_tables(tables)


def read_dataset(path: str | os.PathLike) -> dict[str, Municipality]:
    """Read a collection of municipalities from a folder of CSV files.

    Parameters
    ----------
    path : str or os.PathLike
        A folder holding ``municipalities.csv``, ``units.csv``,
        ``responsibilities.csv`` and ``coordination.csv`` (or their Norwegian
        names; the bundled dataset's companion tables, :data:`COMPANION_FILES`,
        are left for the modules that read them), or a single-municipality
        file (XLSX, YAML, JSON).

    Returns
    -------
    dict of str to Municipality
        ``municipality_id`` → organisation graph, in the order of the
        municipalities table.

    Raises
    ------
    TypeError
        If `path` is not a path.
    ValidationError
        Listing every problem found, each with file, table, row and field
        (warnings alone do not stop a read; :func:`validate` lists them).

    See Also
    --------
    orggraph.load_dataset : Read a bundled dataset by name.
    write_dataset : Write a folder.
    validate : Return the problems instead of raising.

    Examples
    --------
    >>> import orggraph
    >>> from orggraph.io.datasets import dataset_path
    >>> len(read_dataset(dataset_path("nova2008")))
    22
    """
    tables, problems = _check_path(_need_path(path, "path"))
    return _graphs_or_raise(tables, problems)


def _table_names(found: list[str], *, what: str, file: Callable[[str], str],
                 ignore: tuple[str, ...] = ()) -> tuple[dict[str, str], list[Problem]]:
    """Map the tables of a file to the names found in it (sheets, keys or CSV stems).

    Returns table → name as found, and a problem for every name that is no
    table (with a suggestion) and for every table found twice.
    """
    accepted = {t: t for t in TABLES} | {a: t for t, names in TABLE_ALIASES.items() for a in names}
    out: dict[str, str] = {}
    problems: list[Problem] = []
    for name in found:
        key = _header(name)
        table = accepted.get(key)
        if table is None:
            if key in ignore:
                continue
            close = difflib.get_close_matches(key, list(accepted), n=1, cutoff=0.6)
            single = what != "file"
            ext = "" if single else ".csv"
            hint = f"did you mean `{close[0]}{ext}`? " if close else ""
            expected = ", ".join((SINGLE_SHEETS[t] if single else t) + ext for t in TABLES)
            norwegian = ", ".join((a[1] if single and t == "municipalities" else a[-1]) + ext
                                  for t, a in TABLE_ALIASES.items())
            problems.append(Problem(file(name), name, None, None, f"unknown {what} `{name}{ext}`; {hint}expected "
                                    f"the {what}s {expected} (in Norwegian {norwegian})"))
        elif table in out:
            problems.append(Problem(file(name), name, None, None,
                                    f"the {what}s `{out[table]}` and `{name}` both hold the {table} table; keep one"))
        else:
            out[table] = name
    return out, problems


def _check_path(path: Path) -> tuple[dict, list[Problem]]:
    if not path.exists():
        if (old := _files.interrupted_write(path)) is not None:
            return {}, [Problem(str(path), "", None, None, "no such folder: a write_dataset was "
                                f"interrupted while swapping folders; the previous dataset is in `{old}`")]
        return {}, [Problem(str(path), "", None, None, "no such file or folder")]
    if path.is_dir():
        raw: dict[str, Any] = {}
        files = sorted(f for f in path.iterdir() if f.suffix.casefold() == ".csv" and not f.is_dir()
                       and not f.name.startswith(".") and f.name not in COMPANION_FILES)
        names, problems = _table_names([f.stem for f in files], what="file",
                                       file=lambda stem: str(path / f"{stem}.csv"))
        for name, stem in names.items():
            f = path / f"{stem}.csv"
            try:
                raw[name] = _read_csv(f, problems, name)
            except (ValueError, csv.Error, OSError) as err:
                problems.append(Problem(str(f), name, None, None, f"cannot be read: {err}"))
                raw[name] = []
        tables, found = check_tables(raw, file=lambda t: str(path / f"{names.get(t, t)}.csv"),
                                     shown={t: n for t, n in names.items()})
        return tables, problems + found
    return _check_single(path)


class _NoAliasLoader(yaml.SafeLoader):
    """yaml's safe loader, refusing aliases (and so alias-expansion bombs)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            msg = "YAML aliases (*name) are not accepted"
            raise yaml.composer.ComposerError(None, None, msg, event.start_mark)
        return super().compose_node(parent, index)


def _read_single_raw(path: Path) -> tuple[dict[str, Any], int]:
    ext = path.suffix.casefold()
    if ext not in SINGLE_FORMATS:
        msg = f"unknown format `{ext}`; use a CSV folder or one of {', '.join(SINGLE_FORMATS)}"
        raise ValueError(msg)
    data = _files.read_input(path)
    if ext == ".xlsx":
        from orggraph.io.template import read_workbook  # openpyxl: loaded only for workbooks

        return read_workbook(_io.BytesIO(data)), 2
    text = _files.decode_input(data)
    if ext in (".yaml", ".yml"):
        return yaml.load(text, Loader=_NoAliasLoader), 1
    return json.loads(text), 1


def _check_single(path: Path) -> tuple[dict, list[Problem]]:
    file = str(path)
    try:
        data, first_row = _read_single_raw(path)
    except (ValueError, yaml.YAMLError, OSError) as err:
        return {}, [Problem(file, "", None, None, f"cannot be read: {err}")]
    except RecursionError:
        return {}, [Problem(file, "", None, None, "cannot be read: nested too deeply")]
    if not isinstance(data, dict):
        return {}, [Problem(file, "", None, None, "expected a mapping with the keys "
                            + ", ".join(SINGLE_SHEETS.values()))]
    what = "sheet" if path.suffix.casefold() == ".xlsx" else "key"
    names, problems = _table_names([str(k) for k in data], what=what, file=lambda _n: file)
    shown = {t: names.get(t, SINGLE_SHEETS[t]) for t in TABLES}
    raw: dict[str, Any] = {}
    muni = data.get(names["municipalities"]) if "municipalities" in names else None
    if isinstance(muni, list) and len(muni) == 1:
        muni = muni[0]
    if "municipalities" not in names:
        muni = {}  # check_tables reports the missing table
    elif muni is None or muni == []:
        raw["municipalities"] = []  # check_tables reports the empty table
        muni = {}
    elif not isinstance(muni, dict):
        problems.append(Problem(file, shown["municipalities"], None, None,
                                "expected one municipality record"))
        raw["municipalities"] = []
        muni = {}
    else:
        raw["municipalities"] = [{_header(k) if k != "_row" else k: v for k, v in muni.items()}]
    mid = muni.get("municipality_id")
    if "coordination" not in names:
        raw["coordination"] = []  # a file without ties may leave the table out: no name is ever unknown
    for name in ("units", "responsibilities", "coordination"):
        if name not in names:
            continue  # check_tables reports the missing table
        rows = data[names[name]]
        if rows is None:
            rows = []
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            problems.append(Problem(file, shown[name], None, None, "expected a list of records"))
            rows = []
        fixed = []
        for i, row in enumerate(rows):
            row = {_header(k) if k != "_row" else k: v for k, v in row.items()}
            row.setdefault("_row", i + first_row)
            if _blank({k: v for k, v in row.items() if k != "_row"}):
                continue
            if not row.get("municipality_id"):
                row["municipality_id"] = mid
            fixed.append(row)
        raw[name] = fixed
    tables, found = check_tables(raw, file=file, first_row=first_row, shown=shown)
    return tables, problems + found


def read_orgchart(path: str | os.PathLike) -> nx.MultiGraph:
    """Read one municipality from an XLSX, YAML or JSON file (by extension).

    The file holds the tables ``municipality`` (one record), ``units``,
    ``responsibilities`` and, optionally, ``coordination`` (or their Norwegian
    names); rows may leave ``municipality_id`` out.

    Parameters
    ----------
    path : str or os.PathLike
        The file. A dataset folder holding one municipality is read too.

    Returns
    -------
    Municipality
        The organisation graph.

    Raises
    ------
    TypeError
        If `path` is not a path.
    ValidationError
        Listing every problem found, each with file, table, row and field;
        also if `path` holds more than one municipality.

    See Also
    --------
    write_orgchart : Write such a file.
    orggraph.write_template : An empty workbook to fill in.

    Examples
    --------
    >>> import pathlib, tempfile, orggraph
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "moss.xlsx"
    >>> orggraph.write_orgchart(orggraph.load_dataset("nova2008")["moss"], out)
    >>> G = read_orgchart(out)
    >>> G.graph["name"], len(G)
    ('Moss', 11)
    """
    graphs = read_dataset(path)
    if len(graphs) != 1:
        msg = f"`{path}` holds {len(graphs)} municipalities; use read_dataset"
        raise ValidationError([Problem(str(path), "municipalities", None, None, msg)])
    return next(iter(graphs.values()))


def validate(path: str | os.PathLike) -> list[Problem]:
    """Return every problem in a dataset folder or single-municipality file (empty if none).

    Errors stop a file from loading; warnings (``Problem.severity ==
    "warning"``) do not, but ``orggraph validate --strict`` fails on them too.
    It runs every check of :func:`read_dataset` without building graphs.

    Parameters
    ----------
    path : str or os.PathLike
        A dataset folder or a single-municipality file (XLSX, YAML, JSON).

    Returns
    -------
    list of Problem
        Every problem found, each with file, table, row and field; a missing
        or unreadable file is a problem too.

    Raises
    ------
    TypeError
        If `path` is not a path.

    See Also
    --------
    read_dataset : Read the same input, raising on errors.

    Examples
    --------
    >>> from orggraph.io.datasets import dataset_path
    >>> [p.severity for p in validate(dataset_path("nova2008"))].count("error")
    0
    >>> [p.message for p in validate("no_such_file.yaml")]
    ['no such file or folder']
    """
    return _check_path(_need_path(path, "path"))[1]

