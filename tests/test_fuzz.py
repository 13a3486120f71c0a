"""Fuzzing every reader and `validate` with generated malformed tables and files (hypothesis).

The property: reading anything either succeeds or raises orggraph's
`ValidationError`; `validate` never raises; every problem names its file, and a
problem about a cell names its row and field. Hostile inputs are among the
cases: files mixing UTF-8 and Windows-1252, workbooks with cells or merged
ranges far past the cell limit. A second property: for every writer/reader
pair, what was read equals what was written (text with formula prefixes, the
escape character, big integers), or the writer refuses text no format can
store. The budget per reader is
`ORGGRAPH_FUZZ_EXAMPLES` (default 60 in `make test`; `make fuzz` runs 10 000).
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import re
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
import yaml
from conftest import TINY_TABLES, assert_same_graph
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

import orggraph
from orggraph.core.schema import TABLES, columns

EXAMPLES = int(os.environ.get("ORGGRAPH_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 100,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
#: message shapes seen, for the README's reliability figures (printed by `make fuzz`)
KINDS: Counter[str] = Counter()

cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", " ", "0104", "25,2", "1e309", "nan", "-1", "true", "ja", "team", "be", "decides",
                     "team_membership", "=1+1", "\ufeff", "\x00", "æøå", '"', "\\N", "<b>x</b>"]),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


@st.composite
def mutated_tables(draw) -> dict[str, list[dict]]:
    """Valid tiny tables with random cells replaced, rows duplicated or dropped, columns renamed."""
    raw = copy.deepcopy(TINY_TABLES)
    for _ in range(draw(st.integers(0, 6))):
        table = draw(st.sampled_from(list(TABLES)))
        rows = raw[table]
        action = draw(st.sampled_from(["cell", "cell", "cell", "dup", "drop", "rename", "extra"]))
        if not rows:
            continue
        i = draw(st.integers(0, len(rows) - 1))
        col = draw(st.sampled_from(columns(table)))
        if action == "cell":
            rows[i][col] = draw(cell)
        elif action == "dup":
            rows.append(dict(rows[i]))
        elif action == "drop":
            del rows[i]
        elif action == "rename":
            for r in rows:
                if col in r:
                    r[col + draw(st.sampled_from(["x", " ", "_2"]))] = r.pop(col)
        else:
            rows[i][draw(st.text(min_size=1, max_size=6))] = draw(cell)
    return raw


def check(path: Path) -> None:
    """The fuzz property, for one path."""
    problems = orggraph.validate(path)
    for p in problems:
        assert p.file and str(path) in p.file, p
        if p.row is not None and p.table not in ("", None):
            assert p.field, p
        KINDS[re.sub(r"`[^`]*`|\([^)]*\)|\d+", "…", p.message)[:70]] += 1
    try:
        orggraph.read_dataset(path)
    except orggraph.ValidationError as err:
        assert err.problems
        assert [p for p in err.problems if p.severity == "error"]


def write_csv_folder(folder: Path, raw: dict, *, delimiter: str = ",", encoding: str = "utf-8") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in raw.items():
        header = list(dict.fromkeys(k for r in rows for k in r)) or columns(name)
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=header, delimiter=delimiter)
        w.writeheader()
        w.writerows(rows)
        (folder / f"{name}.csv").write_bytes(buf.getvalue().encode(encoding, errors="replace"))


@FUZZ
@given(data=st.data())
def test_fuzz_csv_folder(tmp_path_factory, data):
    raw = data.draw(mutated_tables())
    folder = tmp_path_factory.mktemp("csv")
    write_csv_folder(folder, raw, delimiter=data.draw(st.sampled_from([",", ";", "\t"])),
                     encoding=data.draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"])))
    if data.draw(st.booleans()):
        victim = folder / f"{data.draw(st.sampled_from(list(TABLES)))}.csv"
        victim.write_bytes(data.draw(st.binary(max_size=200)))
    elif data.draw(st.booleans()):  # two editors, two encodings: UTF-8 and Windows-1252 in one file
        victim = folder / f"{data.draw(st.sampled_from(list(TABLES)))}.csv"
        victim.write_bytes(victim.read_bytes() + "på,Jeløy\n".encode() + "ø,Rådmann\n".encode("cp1252"))
    check(folder)


def single(raw: dict) -> dict:
    out = {"municipality": raw["municipalities"][0] if raw["municipalities"] else None}
    for name in ("units", "responsibilities", "coordination"):
        out[name] = raw[name]
    return out


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=20)


@FUZZ
@given(data=st.data())
def test_fuzz_yaml_and_json(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("single")
    kind = data.draw(st.sampled_from(["mutated", "structure", "text"]))
    ext = data.draw(st.sampled_from([".yaml", ".json"]))
    path = folder / f"m{ext}"
    if kind == "mutated":
        doc = single(data.draw(mutated_tables()))
        text = yaml.safe_dump(doc, allow_unicode=True) if ext == ".yaml" else json.dumps(doc)
    elif kind == "structure":
        doc = data.draw(json_values)
        text = yaml.safe_dump(doc, allow_unicode=True) if ext == ".yaml" else json.dumps(doc)
    else:
        text = data.draw(st.text(max_size=300))
    path.write_text(text, encoding="utf-8")
    check(path)


@settings(max_examples=EXAMPLES if EXAMPLES > 100 else max(10, EXAMPLES // 4), deadline=None,
          derandomize=EXAMPLES <= 100,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_fuzz_xlsx(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("xlsx")
    path = folder / "m.xlsx"
    if data.draw(st.booleans()):
        orggraph.write_template(path)
        raw = single(data.draw(mutated_tables()))
        wb = openpyxl.load_workbook(path)
        for sheet, rows in raw.items():
            rows = [rows] if isinstance(rows, dict) else rows or []
            ws = wb[sheet]
            header = [c.value for c in ws[1]]
            for r, rec in enumerate(rows, start=2):
                for k, v in rec.items():
                    if isinstance(v, str):
                        v = ILLEGAL_CHARACTERS_RE.sub("", v)  # what Excel itself cannot store
                    if k in header:
                        ws.cell(row=r, column=header.index(k) + 1, value=v)
                    else:
                        ws.cell(row=1, column=len(header) + 1, value=ILLEGAL_CHARACTERS_RE.sub("", k))
        if data.draw(st.booleans()):
            ws = wb["units"]
            ws.merge_cells("A2:A3")
        if data.draw(st.booleans()):  # cells far out, or merged ranges, past the cell limit (or not)
            ws = wb[data.draw(st.sampled_from(["units", "coordination", "municipality"]))]
            row, col = data.draw(st.sampled_from([(1048576, 16384), (2000, 2000), (60, 30)]))
            if data.draw(st.booleans()) or row > 60:  # openpyxl itself is slow to write large merges
                ws.cell(row=row, column=col, value="x")
            else:
                ws.merge_cells(start_row=2, start_column=1, end_row=row, end_column=col)
        wb.save(path)
    else:
        path.write_bytes(data.draw(st.binary(max_size=400)))
    check(path)


# ---------------------------------------------------------------- what was read equals what was written

#: text a user may type, with every spreadsheet-formula prefix and the escape character itself
free_text = st.one_of(
    st.text(max_size=30),
    st.builds(lambda p, t: p + t, st.sampled_from(["=", "+", "-", "@", "'", "''", "'=", "'-", "\t", "=cmd|"]),
              st.text(max_size=12)),
    st.sampled_from(["=1+1", "=HYPERLINK(\"http://x\",\"y\")", "@SUM(A1:A2)", "-", "'", "0104", "1e5",
                     "true", "Ã¥", "på Jeløy", "a\nb", "x\x00y", "bad\x1b[2J", "\x85", "\u2028x"]),
)
whole = st.one_of(st.integers(min_value=0, max_value=10**25), st.none())


@FUZZ
@given(data=st.data())
def test_fuzz_round_trip_every_writer_and_reader(tmp_path_factory, data):
    """Every writer/reader pair gives back exactly what was written, or the writer refuses the text."""
    from orggraph._files import bad_character

    tables, problems = orggraph.core.schema.check_tables(TINY_TABLES, file="tiny")
    assert problems == []
    G = orggraph.from_tables(tables)["testby"]
    texts = []
    clean = data.draw(st.booleans())  # half the cases hold only storable text: a real round trip
    for attrs in [G.graph, *(d for _n, d in G.nodes(data=True) if d.get("kind") == "unit")]:
        for key in ("name", "note", "quote", "source") if attrs is G.graph else ("name", "name_en", "note"):
            text = data.draw(free_text)
            if clean:
                text = re.sub("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]", "", text)
            text = text.strip()
            attrs[key] = text
            texts.append(text)
    for key in ("population_2007", "municipal_dwellings_total"):
        value = data.draw(whole)
        if value is None:
            G.graph.pop(key, None)  # an empty cell is an absent attribute: a graph carries no None
        else:
            G.graph[key] = value
    G.graph["name"] = G.graph["name"] or "x"  # required
    for _n, d in G.nodes(data=True):
        if d.get("kind") == "unit":
            d["name"] = d["name"] or "x"
    folder = tmp_path_factory.mktemp("rt")
    writers = [("csv", lambda: orggraph.write_dataset({"testby": G}, folder / "csv", overwrite=True), folder / "csv")]
    for fmt in ("xlsx", "yaml", "json"):
        path = folder / f"m.{fmt}"
        writers.append((fmt, lambda path=path: orggraph.write_orgchart(G, path, overwrite=True), path))
    unwritable = any(bad_character(t) for t in texts)
    for fmt, write, path in writers:
        if unwritable:
            with pytest.raises(orggraph.ValidationError):
                write()
            assert not path.exists()
            continue
        write()
        back = orggraph.read_orgchart(path)
        assert_same_graph(back, G), fmt
    KINDS["round trip: " + ("refused unwritable text" if unwritable else "read equals written")] += 1


@pytest.mark.skipif(EXAMPLES <= 100, reason="report only on the dedicated fuzz run")
def test_zz_report_kinds():
    print(f"\nfuzz: {EXAMPLES} examples per reader; {len(KINDS)} distinct problem kinds")
    for kind, n in KINDS.most_common():
        print(f"{n:8d}  {kind}")
