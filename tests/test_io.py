"""Round trips for every format and every municipality; atomic writes; exports."""

from __future__ import annotations

import csv
import json

import networkx as nx
import openpyxl
import pytest
import yaml
from conftest import assert_same_graph

import orggraph
from orggraph import cli
from orggraph.io.datasets import dataset_path

FORMATS = ["xlsx", "yaml", "json"]


def test_dataset_folder_round_trip(nova, tmp_path):
    orggraph.write_dataset(nova, tmp_path / "copy")
    again = orggraph.read_dataset(tmp_path / "copy")
    assert list(again) == list(nova)
    for mid in nova:
        assert_same_graph(nova[mid], again[mid])
    # and the files are stable: writing what was read gives the same bytes
    orggraph.write_dataset(again, tmp_path / "copy2")
    for name in ("municipalities", "units", "responsibilities", "coordination"):
        assert (tmp_path / "copy" / f"{name}.csv").read_bytes() == (tmp_path / "copy2" / f"{name}.csv").read_bytes()


def test_bundled_files_are_in_canonical_form(nova, tmp_path):
    """The bundled CSV files are exactly what write_dataset writes for them."""
    orggraph.write_dataset(nova, tmp_path)
    for name in ("municipalities", "units"):
        assert (tmp_path / f"{name}.csv").read_text(encoding="utf-8") == (
            dataset_path("nova2008") / f"{name}.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_single_file_round_trip_every_municipality(nova, tmp_path, fmt):
    for mid, G in nova.items():
        path = tmp_path / f"{mid}.{fmt}"
        orggraph.write_orgchart(G, path)
        assert_same_graph(G, orggraph.read_orgchart(path))


@pytest.mark.parametrize("fmt", FORMATS)
def test_awkward_text_round_trips(tiny, tmp_path, fmt):
    tiny.nodes["be"]["note"] = 'quotes " and \' , commas; <html> & æøå ÆØÅ\nnew line\ttab'
    tiny.graph["name"] = "Æ «Ø» å"
    path = tmp_path / f"t.{fmt}"
    orggraph.write_orgchart(tiny, path)
    back = orggraph.read_orgchart(path)
    assert_same_graph(tiny, back)
    assert back.graph["kommunenr"] == "0104"


def test_leading_zero_kommunenr_survives_every_format(nova, tmp_path):
    moss = nova["moss"]
    assert moss.graph["kommunenr"] == "0104"
    for fmt in FORMATS:
        orggraph.write_orgchart(moss, tmp_path / f"m.{fmt}")
        assert orggraph.read_orgchart(tmp_path / f"m.{fmt}").graph["kommunenr"] == "0104"
    assert "0104" in (tmp_path / "m.yaml").read_text(encoding="utf-8")
    ws = openpyxl.load_workbook(tmp_path / "m.xlsx")["municipality"]
    header = [c.value for c in ws[1]]
    assert ws.cell(row=2, column=header.index("kommunenr") + 1).value == "0104"


def test_failed_write_leaves_the_old_file(tiny, tmp_path, monkeypatch):
    path = tmp_path / "t.json"
    orggraph.write_orgchart(tiny, path)
    before = path.read_bytes()

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(json, "dump", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        orggraph.write_orgchart(tiny, path, overwrite=True)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["t.json"]


def test_written_files_get_ordinary_permissions(tiny, tmp_path):
    import os

    path = tmp_path / "t.yaml"
    orggraph.write_orgchart(tiny, path)
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask
    path.chmod(0o640)
    orggraph.write_orgchart(tiny, path, overwrite=True)  # an existing file keeps its mode
    assert path.stat().st_mode & 0o777 == 0o640


def test_unknown_extension(tiny, tmp_path):
    with pytest.raises(ValueError, match="cannot write `t.txt`"):
        orggraph.write_orgchart(tiny, tmp_path / "t.txt")
    (tmp_path / "t.txt").write_text("x")
    with pytest.raises(orggraph.ValidationError, match="unknown format `.txt`"):
        orggraph.read_orgchart(tmp_path / "t.txt")


def test_yaml_is_read_safely(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text("municipality: !!python/object/apply:os.system ['echo hacked']\n")
    with pytest.raises(orggraph.ValidationError, match="cannot be read"):
        orggraph.read_orgchart(path)


def test_single_file_without_municipality(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text(yaml.safe_dump({"units": []}))
    with pytest.raises(orggraph.ValidationError, match=r"\[municipality\]: table is missing"):
        orggraph.read_orgchart(path)


def test_csv_variants_bom_header_case_blank_rows(tmp_path, nova):
    src = dataset_path("nova2008")
    dst = tmp_path / "v"
    dst.mkdir()
    for name in ("municipalities", "units", "responsibilities", "coordination"):
        text = (src / f"{name}.csv").read_text(encoding="utf-8")
        head, rest = text.split("\n", 1)
        head = ",".join(f" {h.upper()} " for h in head.split(","))
        (dst / f"{name}.csv").write_text("\ufeff" + head + "\n" + rest + "\n,,,\n\n", encoding="utf-8")
    again = orggraph.read_dataset(dst)
    for mid in nova:
        assert_same_graph(nova[mid], again[mid])


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_exports_read_back_in_networkx(nova, tmp_path, fmt):
    assert cli.main(["export", "--format", fmt, "--out", str(tmp_path)]) == 0
    reader = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}[fmt]
    for mid, G in nova.items():
        H = reader(tmp_path / f"{mid}.{fmt}")
        assert set(map(str, H.nodes)) == set(G.nodes)
        assert H.number_of_edges() == G.number_of_edges()
        if fmt == "graphml":
            assert H.nodes[next(iter(G.nodes))]["kind"] == "unit"


def test_row_numbers_of_a_csv_with_blank_lines(tmp_path):
    from test_validation import TINY_TABLES, write_folder

    write_folder(tmp_path, TINY_TABLES)
    path = tmp_path / "units.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    rows.insert(2, [])  # a blank line 3
    rows[4][4] = "nonsense"  # file line 5: unit `sos`
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    problems = orggraph.validate(tmp_path)
    assert [(p.row, p.field) for p in problems] == [(5, "unit_type")]


def test_exports_refuse_a_plain_graph_by_name(tmp_path):
    G = nx.Graph(orggraph.load_dataset("nova2008")["ski"])
    for write in (orggraph.write_graphml, orggraph.write_gexf, orggraph.write_orgchart):
        with pytest.raises(TypeError, match="must be an organisation graph \\(a networkx MultiGraph"):
            write(G, tmp_path / "ski.graphml")
    assert list(tmp_path.iterdir()) == []
