"""The org-chart workbook: an XLSX file a municipality fills in.

The report's own method sent an organisation chart to informants to check and
complete (Vedlegg 1 §3). :func:`write_template` writes the orggraph
equivalent: one sheet per table, the vocabularies as drop-down lists, and an
instruction sheet in Norwegian and English. A filled workbook reads back with
:func:`orggraph.read_orgchart`.

This module belongs to the reading-and-writing layer (:mod:`orggraph.io`): it
holds the workbook layout on both sides, :func:`workbook` for the writers
(the template, and :func:`orggraph.write_orgchart` for an ``.xlsx`` file) and
:func:`read_workbook` for the reader (:mod:`orggraph.io.municipality`, which
checks what it returns). The columns and drop-down lists come from the
data-model layer (:mod:`orggraph.core.schema`, :mod:`orggraph.core.vocabulary`);
openpyxl is the only library it needs.

Examples
--------
>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "my_municipality.xlsx"
>>> write_template(out)
>>> import openpyxl
>>> openpyxl.load_workbook(out).sheetnames[:3]
['instructions', 'municipality', 'units']
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any, cast

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from orggraph._files import atomic_write, refuse_overwrite
from orggraph.core import vocabulary as voc
from orggraph.core.schema import TABLES, columns

__all__ = ["read_workbook", "workbook", "write_template"]

_INSTRUCTIONS = [
    ("Organisasjonskart for boligsosialt arbeid", "Org chart of social-housing work"),
    ("Fyll inn én rad per enhet, ansvar og samarbeidsrelasjon.",
     "Fill in one row per unit, responsibility and coordination tie."),
    ("Arket «municipality»: kommunens id (små bokstaver, uten æøå), navn og kommunenummer "
     "(fire siffer, f.eks. 0104).",
     "Sheet 'municipality': the municipality's id (lower case, no æøå), name and "
     "kommunenummer (four digits, e.g. 0104)."),
    ("Arket «units»: hver forvaltningsenhet (kontor, avdeling, foretak, team) med en kort id.",
     "Sheet 'units': every administrative unit (office, department, company, team) with a short id."),
    ("Arket «responsibilities»: hvilken enhet har hvilken oppgave, og i hvilken rolle.",
     "Sheet 'responsibilities': which unit holds which task, in which role."),
    ("Arket «coordination»: samarbeid mellom enheter (teammedlemskap, rutiner, del av).",
     "Sheet 'coordination': ties between units (team membership, routines, part of)."),
    ("Koder velges fra nedtrekkslistene; arket «vocabulary» forklarer dem på norsk og engelsk.",
     "Pick codes from the drop-down lists; the 'vocabulary' sheet explains them in "
     "Norwegian and English."),
    ("Et team må ha minst ett medlem (en rad i «coordination» med kind = team_membership).",
     "A team needs at least one member (a row in 'coordination' with kind = team_membership)."),
    ("Oppgi kilde (source) for hver rad: dokument, intervju eller nettside.",
     "Give a source for every row: a document, an interview or a web page."),
    ("Kontroller filen med: orggraph validate FIL.xlsx", "Check the file with: orggraph validate FILE.xlsx"),
]

_SHEET_OF = {"municipalities": "municipality", "units": "units",
             "responsibilities": "responsibilities", "coordination": "coordination"}
#: Sheets the template writes for the reader's eyes only.
_TEMPLATE_ONLY = ("instructions", "vocabulary")
_BOLD = Font(bold=True)
_HEAD = PatternFill("solid", fgColor="DDE7F0")


def _columns(table: str, *, single: bool) -> list[str]:
    cols = columns(table)
    if single and table != "municipalities":
        cols = [c for c in cols if c != "municipality_id"]
    return cols


def workbook(tables: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
             *, max_rows: int = 200) -> Workbook:
    """Return an org-chart workbook, empty or filled with one municipality's `tables`.

    The sheets are ``instructions`` (Norwegian and English), ``municipality``,
    ``units``, ``responsibilities``, ``coordination`` (a bold header row, then
    the data) and ``vocabulary`` (every code with both labels). Every coded
    column has a drop-down list of the vocabulary's codes, and text columns
    are formatted as text so that Excel keeps a kommunenummer's leading zero.
    The workbook is returned, not saved.

    Parameters
    ----------
    tables : mapping of str to sequence of mapping, optional
        The four tables of one municipality (as from :func:`orggraph.core.graph.to_tables`,
        without ``municipality_id`` in the unit, responsibility and coordination
        rows), or None for an empty template.
    max_rows : int, default 200
        How many rows the drop-down lists cover below the data.

    Returns
    -------
    openpyxl.Workbook
        The workbook, ready to ``save``.

    See Also
    --------
    write_template : Save the empty workbook.
    orggraph.write_orgchart : Save a filled one.

    Examples
    --------
    >>> wb = workbook()
    >>> wb.sheetnames
    ['instructions', 'municipality', 'units', 'responsibilities', 'coordination', 'vocabulary']
    >>> [c.value for c in wb["responsibilities"][1]][:4]
    ['unit_id', 'task', 'role', 'source']
    """
    wb = Workbook()
    ws = cast(Worksheet, wb.active)  # a new workbook always holds one worksheet
    ws.title = "instructions"
    ws.append(["Norsk", "English"])
    for cell in ws[1]:
        cell.font = _BOLD
    for no, en in _INSTRUCTIONS:
        ws.append([no, en])
    ws.column_dimensions["A"].width = 80
    ws.column_dimensions["B"].width = 80

    vocab = wb.create_sheet("vocabulary")
    vocab.append(["vocabulary", "code", "norsk", "english"])
    ranges: dict[str, str] = {}
    row = 2
    for name in ("unit_types", "unit_levels", "tasks", "roles", "coordination_kinds", "team_roles"):
        start = row
        for code in voc.codes(name):
            vocab.append([name, code, voc.label(name, code, "no"), voc.label(name, code, "en")])
            row += 1
        ranges[name] = f"vocabulary!$B${start}:$B${row - 1}"
    for cell in vocab[1]:
        cell.font = _BOLD
    for col, width in zip("ABCD", (20, 28, 50, 50), strict=True):
        vocab.column_dimensions[col].width = width

    for table in TABLES:
        sheet = wb.create_sheet(_SHEET_OF[table], index=len(wb.sheetnames) - 1)
        cols = _columns(table, single=True)
        sheet.append(cols)
        for cell in sheet[1]:
            cell.font = _BOLD
            cell.fill = _HEAD
        rows = (tables or {}).get(table, [])
        for rec in rows:
            sheet.append(["" if rec.get(c) is None else rec.get(c) for c in cols])
        for i, c in enumerate(cols, start=1):
            letter = sheet.cell(row=1, column=i).column_letter
            sheet.column_dimensions[letter].width = max(14, len(c) + 4)
            spec = next(x for x in TABLES[table] if x.name == c)
            if spec.vocabulary:
                dv = DataValidation(type="list", formula1=ranges[spec.vocabulary], allow_blank=True)
                dv.error = f"Choose a code from the list ({spec.vocabulary})"
                dv.showErrorMessage = True
                sheet.add_data_validation(dv)
                dv.add(f"{letter}2:{letter}{len(rows) + max_rows + 1}")
            # text cells keep a kommunenummer's leading zero (0301, not 301), also in rows yet to be filled
            last = len(rows) + (max_rows if spec.name == "kommunenr" else 0) + 1
            if spec.name == "kommunenr" or spec.dtype == "str":
                for r in range(2, last + 1):
                    sheet.cell(row=r, column=i).number_format = "@"
        sheet.freeze_panes = "A2"
    return wb


def write_template(path: str | os.PathLike, *, overwrite: bool = False) -> None:
    """Write an empty org-chart workbook to `path` (an ``.xlsx`` file).

    An existing file (perhaps a filled-in workbook) is replaced only with
    ``overwrite=True``; else :class:`~orggraph.OverwriteError` and nothing is
    written. The workbook is written to a temporary file first and then moved
    into place. It is :func:`workbook` with no data; ``orggraph template`` on
    the command line does the same.

    Parameters
    ----------
    path : str or os.PathLike
        The ``.xlsx`` file to write.
    overwrite : bool, default False
        Replace an existing file.

    Raises
    ------
    ValueError
        If `path` does not end in ``.xlsx``.
    OverwriteError
        If the file exists and `overwrite` is false.

    See Also
    --------
    orggraph.read_orgchart : Read the filled-in workbook.
    orggraph.validate : Check it, listing every problem.

    Examples
    --------
    >>> import pathlib, tempfile, orggraph
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "kommune.xlsx"
    >>> write_template(out)
    >>> [p.message for p in orggraph.validate(out)][:1]
    ['no municipality: the table is empty']
    """
    target = Path(path)
    if target.suffix.casefold() != ".xlsx":
        msg = f"the template is an .xlsx workbook, not `{target.name}`"
        raise ValueError(msg)
    refuse_overwrite(target, overwrite=overwrite)
    with atomic_write(target, "wb") as fh:
        workbook().save(fh)


def read_workbook(source: str | os.PathLike | IO[bytes]) -> dict[str, Any]:
    """Return the raw records of an org-chart workbook (values, never formulas).

    Each record carries its sheet row number under ``_row``; empty rows are
    skipped; a merged cell's value fills its whole range. The result has one
    key per sheet, named as in the workbook (the template's ``instructions``
    and ``vocabulary`` sheets left out), each a list of records: the reader
    (:func:`orggraph.read_orgchart`) decides which sheet is which table, and
    reports any it does not know.

    Parameters
    ----------
    source : str, os.PathLike or binary file object
        The workbook.

    Returns
    -------
    dict of str to list of dict
        Sheet name → records (column header, lower-cased with spaces as
        ``_``, → cell value, plus ``_row``). A sheet without a header row
        gives an empty list.

    Raises
    ------
    ValueError
        If `source` is not a readable XLSX workbook (including a missing file).

    See Also
    --------
    orggraph.read_orgchart : Read and check a workbook.

    Examples
    --------
    >>> import pathlib, tempfile, orggraph
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "moss.xlsx"
    >>> orggraph.write_orgchart(orggraph.load_dataset("nova2008")["moss"], out)
    >>> sheets = read_workbook(out)
    >>> list(sheets)
    ['municipality', 'units', 'responsibilities', 'coordination']
    >>> {k: sheets["units"][0][k] for k in ("unit_id", "unit_type", "_row")}
    {'unit_id': 'radmann', 'unit_type': 'admin', '_row': 2}
    """
    try:
        wb = load_workbook(source, data_only=True)
    except Exception as err:  # zip, XML and openpyxl errors alike: not a workbook we can read
        msg = f"not a readable XLSX workbook ({type(err).__name__}: {err})"
        raise ValueError(msg) from None
    try:
        out: dict[str, Any] = {}
        for sheet_name in wb.sheetnames:
            if "_".join(sheet_name.casefold().split()) in _TEMPLATE_ONLY:
                continue
            ws = wb[sheet_name]
            for merged in list(ws.merged_cells.ranges):
                value = ws.cell(row=merged.min_row, column=merged.min_col).value
                ws.unmerge_cells(str(merged))
                for row in ws.iter_rows(min_row=merged.min_row, max_row=merged.max_row,
                                        min_col=merged.min_col, max_col=merged.max_col):
                    for c in row:
                        c.value = value
            rows = ws.iter_rows(values_only=True)
            header = next(rows, None)
            if header is None:
                out[sheet_name] = []
                continue
            names = ["_".join(str(h).strip().casefold().split()) if h is not None else "" for h in header]
            records = []
            for row_no, values in enumerate(rows, start=2):
                rec = {n: v for n, v in zip(names, values, strict=False) if n}
                if all(v is None or (isinstance(v, str) and not v.strip()) for v in rec.values()):
                    continue
                rec["_row"] = row_no
                records.append(rec)
            out[sheet_name] = records
        return out
    finally:
        wb.close()
