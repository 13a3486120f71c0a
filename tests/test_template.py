"""The org-chart workbook: written empty, filled in code as a user would, read back."""

from __future__ import annotations

import openpyxl
import pytest
from conftest import TINY_TABLES, assert_same_graph

import orggraph
from orggraph import cli


def fill(path, tables):
    wb = openpyxl.load_workbook(path)
    for sheet, rows in (("municipality", tables["municipalities"]), ("units", tables["units"]),
                        ("responsibilities", tables["responsibilities"]),
                        ("coordination", tables["coordination"])):
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        for r, rec in enumerate(rows, start=2):
            for c, name in enumerate(header, start=1):
                value = rec.get(name)
                if value not in (None, ""):
                    ws.cell(row=r, column=c, value=value)
    wb.save(path)


def test_template_has_sheets_dropdowns_and_instructions(tmp_path):
    out = tmp_path / "t.xlsx"
    assert cli.main(["template", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["instructions", "municipality", "units", "responsibilities",
                             "coordination", "vocabulary"]
    text = " ".join(str(c.value) for row in wb["instructions"].iter_rows() for c in row)
    assert "Fyll inn" in text and "Fill in" in text
    dv = wb["units"].data_validations.dataValidation
    assert any("vocabulary!" in d.formula1 for d in dv)
    codes = {c.value for c in wb["vocabulary"]["B"]}
    assert {"housing_office", "allocate_dwelling", "team_membership", "secretary"} <= codes


def test_filled_template_reads_back(tmp_path, tiny):
    out = tmp_path / "filled.xlsx"
    orggraph.write_template(out)
    fill(out, TINY_TABLES)
    assert_same_graph(orggraph.read_orgchart(out), tiny)


def test_empty_template_reports_the_missing_municipality(tmp_path):
    out = tmp_path / "empty.xlsx"
    orggraph.write_template(out)
    problems = orggraph.validate(out)
    assert [str(p) for p in problems] == [  # the empty tables, and nothing that follows from them
        f"{out} [municipality]: no municipality: the table is empty",
        f"{out} [units]: no unit: the table is empty",
        f"{out} [responsibilities]: no responsibility: the table is empty (which unit holds which task is what "
        "orggraph measures)"]


def test_errors_in_a_workbook_name_sheet_row_and_field(tmp_path):
    out = tmp_path / "bad.xlsx"
    orggraph.write_template(out)
    bad = {k: [dict(r) for r in v] for k, v in TINY_TABLES.items()}
    bad["units"][2]["unit_type"] = "sosial"
    fill(out, bad)
    problems = orggraph.validate(out)
    assert [str(p) for p in problems] == [
        f"{out} [units] row 4, field `unit_type`: unknown unit type `sosial`; did you mean `social`?"]


def test_formulas_are_not_executed(tmp_path):
    out = tmp_path / "f.xlsx"
    orggraph.write_template(out)
    fill(out, TINY_TABLES)
    wb = openpyxl.load_workbook(out)
    header = [c.value for c in wb["units"][1]]
    wb["units"].cell(row=2, column=header.index("name") + 1, value='=HYPERLINK("http://example.invalid","x")')
    wb.save(out)
    # openpyxl reads the cached value of a formula (none: never computed), never the formula
    with pytest.raises(orggraph.ValidationError, match="row 2, field `name`: is empty but required"):
        orggraph.read_orgchart(out)


def test_template_refuses_other_extensions(tmp_path):
    with pytest.raises(ValueError, match="the template is an .xlsx workbook"):
        orggraph.write_template(tmp_path / "t.csv")
