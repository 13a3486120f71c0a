"""Real-world spreadsheet variation accepted; hostile input refused without executing or hanging."""

from __future__ import annotations

import json

import openpyxl
import pytest
from conftest import TINY_TABLES, assert_same_graph
from test_validation import write_folder

import orggraph
from orggraph.io import MAX_FILE_BYTES


def norwegian_excel_export(folder, raw):
    """What Norwegian Excel writes: ';' separators, decimal commas, Windows-1252, blank rows/columns."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in raw.items():
        cols = orggraph.core.schema.columns(name)
        lines = [";".join(c.upper() for c in cols) + ";;"]
        for r in rows:
            cells = []
            for c in cols:
                v = str(r.get(c, "") or "")
                cells.append(f'"{v}"' if ";" in v or '"' in v or "\n" in v else v)
            lines.append(";".join(cells) + ";;")
        lines += [";;;", ""]
        (folder / f"{name}.csv").write_bytes("\r\n".join(lines).encode("cp1252"))


def test_semicolon_decimal_comma_windows_1252(tmp_path, tiny):
    raw = {k: [dict(r) for r in v] for k, v in TINY_TABLES.items()}
    raw["municipalities"][0]["note"] = "æøå ÆØÅ"
    raw["municipalities"][0]["population_2007"] = "1 000"
    norwegian_excel_export(tmp_path / "nor", raw)
    G = orggraph.read_orgchart(tmp_path / "nor")
    assert G.graph["note"] == "æøå ÆØÅ" and G.graph["population_2007"] == 1000
    raw["municipalities"][0]["population_2007"] = "1000"
    norwegian_excel_export(tmp_path / "nor2", raw)
    tiny.graph["note"] = "æøå ÆØÅ"
    assert_same_graph(orggraph.read_orgchart(tmp_path / "nor2"), tiny)


def test_decimal_comma_in_number_columns(tmp_path):
    raw = {k: [dict(r) for r in v] for k, v in TINY_TABLES.items()}
    raw["municipalities"][0]["municipal_dwellings_per_1000"] = "25,2"
    write_folder(tmp_path, raw)
    assert orggraph.read_orgchart(tmp_path).graph["municipal_dwellings_per_1000"] == 25.2


def test_merged_cells_fill_their_range(tmp_path, tiny):
    path = tmp_path / "m.xlsx"
    orggraph.write_orgchart(tiny, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["responsibilities"]
    header = [c.value for c in ws[1]]
    col = header.index("unit_id") + 1
    values = [ws.cell(row=r, column=col).value for r in range(2, ws.max_row + 1)]
    r = next(i for i in range(len(values) - 1) if values[i] == values[i + 1]) + 2  # two rows, one unit
    ws.cell(row=r + 1, column=col).value = None
    ws.merge_cells(start_row=r, start_column=col, end_row=r + 1, end_column=col)
    wb.save(path)
    assert_same_graph(orggraph.read_orgchart(path), tiny)


def test_yaml_alias_bomb_is_refused_quickly(tmp_path):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    lines.append("municipality: *a9")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines))
    problems = orggraph.validate(path)
    assert len(problems) == 1 and "YAML aliases (*name) are not accepted" in problems[0].message


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['touch PWNED']",
                                 "!!python/name:os.system", "!!binary aGk="])
def test_yaml_tags_construct_nothing(tmp_path, tag, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "evil.yaml"
    path.write_text(f"municipality: {tag}\n")
    problems = orggraph.validate(path)
    assert problems and not (tmp_path / "PWNED").exists()


def test_deeply_nested_json_and_yaml(tmp_path):
    for name, text in (("deep.json", "[" * 200_000 + "]" * 200_000),
                       ("deep.yaml", "[" * 50_000 + "]" * 50_000)):
        path = tmp_path / name
        path.write_text(text)
        problems = orggraph.validate(path)
        assert len(problems) == 1 and "cannot be read" in problems[0].message


def test_huge_file_is_refused_without_reading(tmp_path):
    path = tmp_path / "huge.json"
    with path.open("wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    problems = orggraph.validate(path)
    assert "larger than the limit" in problems[0].message
    folder = tmp_path / "csv"
    write_folder(folder, TINY_TABLES)
    with (folder / "units.csv").open("r+b") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)
    assert any("larger than the limit" in p.message for p in orggraph.validate(folder))


def test_binary_and_nul_files(tmp_path):
    write_folder(tmp_path, TINY_TABLES)
    (tmp_path / "units.csv").write_bytes(b"\x00\x01\x02binary")
    problems = orggraph.validate(tmp_path)
    assert any("NUL bytes" in p.message and p.file.endswith("units.csv") for p in problems)
    (tmp_path / "x.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    assert "not a readable XLSX workbook" in orggraph.validate(tmp_path / "x.xlsx")[0].message


def test_path_like_ids_cannot_leave_the_output_folder(tmp_path):
    doc = {"municipality": {"municipality_id": "../../etc/passwd", "name": "x"},
           "units": [{"unit_id": "../u", "name": "u", "unit_type": "be"}]}
    path = tmp_path / "p.json"
    path.write_text(json.dumps(doc))
    fields = {(p.table, p.field) for p in orggraph.validate(path)}
    assert ("municipality", "municipality_id") in fields and ("units", "unit_id") in fields


def test_values_of_the_wrong_shape(tmp_path):
    doc = {"municipality": {"municipality_id": "x", "name": ["a", "list"], "population_2007": {"a": 1}},
           "units": "not a list"}
    path = tmp_path / "shape.yaml"
    path.write_text(json.dumps(doc))
    text = [str(p) for p in orggraph.validate(path)]
    assert any("field `name`: expected text, got list" in t for t in text)
    assert any("field `population_2007`: expected a number" in t for t in text)
    assert any("[units]: expected a list of records" in t for t in text)
