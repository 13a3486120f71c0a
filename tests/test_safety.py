"""Nothing lost, nothing executed, nothing hangs (issue 11).

All-or-nothing dataset writes under SIGKILL and on a full disk; formula-safe
spreadsheets read back exactly; mixed encodings, big integers and unclean text
reported; hostile files refused at once with bounded memory; wrong argument
types named; reference checks linear in the number of rows.

`ORGGRAPH_KILL_RUNS` sets how many times the writer is killed (default 40).
"""

from __future__ import annotations

import contextlib
import csv
import difflib
import errno
import hashlib
import importlib
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import unicodedata
import zipfile
from pathlib import Path

import networkx as nx
import openpyxl
import pandas as pd
import pytest
from conftest import TINY_TABLES, assert_same_graph
from test_validation import write_folder

import orggraph
from orggraph import cli
from orggraph.analysis import scenario
from orggraph.core.schema import TABLES
from orggraph.replication.synthetic import population

KILL_RUNS = int(os.environ.get("ORGGRAPH_KILL_RUNS", "40"))
TABLE_FILES = [f"{t}.csv" for t in TABLES]


@contextlib.contextmanager
def deadline(seconds: int):
    """Fail (instead of hanging the suite) when the block takes longer than `seconds`."""
    def alarm(*_args):
        raise TimeoutError(f"did not finish within {seconds} s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def survey_graphs(n: int, seed: int, tag: str) -> dict[str, nx.MultiGraph]:
    """`n` municipalities with named units: a large dataset to write."""
    from orggraph.io import survey

    graphs = survey.to_graphs(population(n, seed=seed))
    for mid, G in graphs.items():
        G.graph["name"] = f"{tag} {mid}"
        G.graph.setdefault("kommunenr", None)
    return graphs


def digests(folder: Path) -> dict[str, str]:
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
            for name in TABLE_FILES if (folder / name).exists()}


# ------------------------------------------------------------------ finding 1: all-or-nothing writes


def test_killed_writer_leaves_the_complete_old_or_new_dataset(tmp_path):
    """SIGKILL a process writing a large dataset at random moments: never a mix, never a leftover."""
    old = survey_graphs(1500, 1, "Old")
    new = survey_graphs(1500, 2, "New")
    target = tmp_path / "data"
    for graphs, name in ((old, "ref_old"), (new, "ref_new")):
        orggraph.write_dataset(graphs, tmp_path / name, overwrite=True)
    want = {"old": digests(tmp_path / "ref_old"), "new": digests(tmp_path / "ref_new")}
    assert want["old"] != want["new"]
    orggraph.write_dataset(old, target, overwrite=True)
    (target / "README.txt").write_text("kept beside the tables")
    start = time.perf_counter()
    orggraph.write_dataset(new, target, overwrite=True)
    write_seconds = time.perf_counter() - start
    orggraph.write_dataset(old, target, overwrite=True)
    rng = random.Random(11)
    seen = {"old": 0, "new": 0}
    mixes = leftovers = 0
    for run in range(KILL_RUNS):
        pid = os.fork()
        if pid == 0:  # the writer: writes the other dataset for ever, until killed
            try:
                while True:
                    orggraph.write_dataset(new if run % 2 == 0 else old, target, overwrite=True)
                    orggraph.write_dataset(old if run % 2 == 0 else new, target, overwrite=True)
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0, 2.2 * write_seconds))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        found = digests(target)
        kind = next((k for k, v in want.items() if found == v), None)
        if kind is None:
            mixes += 1
        else:
            seen[kind] += 1
        extra = {p.name for p in target.iterdir()} - set(TABLE_FILES) - {"README.txt"}
        leftovers += bool(extra)
        assert (target / "README.txt").read_text() == "kept beside the tables"
    print(f"\nkill test: {KILL_RUNS} runs, {mixes} mixes, {leftovers} leftovers in the folder, "
          f"old {seen['old']} / new {seen['new']} (one write takes {write_seconds:.2f} s)")
    assert mixes == 0 and leftovers == 0
    assert seen["old"] and seen["new"], "the kills should land both before and after swaps"
    # what a killed writer left beside the folder is cleared by the next write
    orggraph.write_dataset(new, target, overwrite=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "ref_new", "ref_old"]
    graphs = orggraph.read_dataset(target)
    assert len(graphs) == len(new) and all(G.graph["name"].startswith("New") for G in graphs.values())


def _mount_tmpfs(folder: Path, size: str) -> bool:
    if os.geteuid() != 0:
        return False
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, check=False)
    return done.returncode == 0


def test_full_disk_leaves_the_old_dataset(tmp_path, monkeypatch, tiny):
    """A write that runs out of space raises and leaves the old dataset whole, with no leftover."""
    disk = tmp_path / "disk"
    real = _mount_tmpfs(disk, "600k")
    if not real or os.environ.get("ORGGRAPH_SIMULATE_ENOSPC"):
        # no small file system to fill: files opened for writing fail with ENOSPC past 200 kB
        disk.mkdir(exist_ok=True)
        real = False
        budget = {"left": 200_000}
        real_open = Path.open

        class Filling:
            def __init__(self, fh):
                self.fh = fh

            def write(self, text):
                budget["left"] -= len(text)
                if budget["left"] < 0:
                    raise OSError(errno.ENOSPC, "No space left on device")
                return self.fh.write(text)

            def __getattr__(self, name):
                return getattr(self.fh, name)

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return self.fh.__exit__(*exc)

        def opener(self, mode="r", *args, **kwargs):
            fh = real_open(self, mode, *args, **kwargs)
            return Filling(fh) if "w" in mode else fh

        monkeypatch.setattr(Path, "open", opener)
    try:
        target = disk / "data"
        small = {"testby": tiny}
        orggraph.write_dataset(small, target, overwrite=True)
        before = digests(target)
        big = survey_graphs(3000, 3, "Big")
        with pytest.raises(OSError) as err:
            orggraph.write_dataset(big, target, overwrite=True)
        assert err.value.errno == errno.ENOSPC
        assert digests(target) == before
        assert [p.name for p in disk.iterdir()] == ["data"]
        assert sorted(p.name for p in target.iterdir()) == sorted(TABLE_FILES)
        assert_same_graph(orggraph.read_dataset(target)["testby"], tiny)
        print(f"\nfull disk: {'a 600 kB tmpfs' if real else 'simulated ENOSPC'}")
    finally:
        if disk.is_mount():
            subprocess.run(["umount", str(disk)], check=False)


def test_interrupted_swap_is_reported_by_the_reader(tmp_path, tiny):
    """Where folders cannot be exchanged in one step, a reader finding none says where the old one is."""
    orggraph.write_dataset({"testby": tiny}, tmp_path / "data", overwrite=True)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / "data").rename(tmp_path / f".data.orggraph-old-{dead.pid}-x")
    problems = orggraph.validate(tmp_path / "data")
    assert "interrupted" in problems[0].message and ".data.orggraph-old-" in problems[0].message


def test_write_dataset_keeps_other_files_and_refuses_non_mappings(tmp_path, tiny):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "notes").mkdir()
    (folder / "notes" / "a.txt").write_text("a")
    orggraph.write_dataset({"testby": tiny}, folder, overwrite=True)
    assert (folder / "notes" / "a.txt").read_text() == "a"
    link = tmp_path / "link"
    link.symlink_to(folder)
    orggraph.write_dataset({"testby": tiny}, link, overwrite=True)
    assert link.is_symlink() and (folder / "notes" / "a.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d", "link"]
    with pytest.raises(TypeError, match="`graphs` must be a mapping"):
        orggraph.write_dataset([tiny], folder, overwrite=True)


# ------------------------------------------------------------------ findings 2, 3, 4: exact and inert


def test_mixed_encodings_are_a_problem_naming_row_and_field(tmp_path):
    write_folder(tmp_path, TINY_TABLES)
    units = (tmp_path / "units.csv").read_bytes()
    units = units.replace(b"Boligkontoret", "Boligkontoret på Jeløy".encode())  # UTF-8 ...
    units = units.replace("Rådmannen".encode(), "Rådmannen".encode("cp1252"))  # ... and Windows-1252
    (tmp_path / "units.csv").write_bytes(units)
    problems = orggraph.validate(tmp_path)
    hits = [p for p in problems if "mixes encodings" in p.message]
    assert len(hits) == 1 and hits[0].table == "units" and hits[0].field == "name"
    assert hits[0].row == 3 and "Boligkontoret på Jeløy" in hits[0].message
    (tmp_path / "units.csv").write_bytes(units.replace("på Jeløy".encode(), b"p\x81"))
    assert any("not text in UTF-8 or Windows-1252" in p.message for p in orggraph.validate(tmp_path))
    path = tmp_path / "m.json"
    path.write_bytes('{"a": "på", "b": "'.encode() + "ø".encode("cp1252") + b'"}')
    assert "mixes encodings" in orggraph.validate(path)[0].message


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "yaml"])
def test_big_integers_are_kept_exactly(tiny, tmp_path, fmt):
    big = 12345678901234567
    tiny.graph["population_2007"] = big
    if fmt == "csv":
        orggraph.write_dataset({"testby": tiny}, tmp_path / "d", overwrite=True)
        back = orggraph.read_orgchart(tmp_path / "d")
    else:
        orggraph.write_orgchart(tiny, tmp_path / f"m.{fmt}", overwrite=True)
        back = orggraph.read_orgchart(tmp_path / f"m.{fmt}")
    assert back.graph["population_2007"] == big
    assert_same_graph(back, tiny)
    if fmt == "xlsx":  # Excel's numbers would round it: stored as text
        ws = openpyxl.load_workbook(tmp_path / "m.xlsx")["municipality"]
        assert str(big) in [c.value for c in ws[2]]


DANGEROUS = ["=1+1", "+1", "-1", "@SUM(A1)", "=HYPERLINK(\"http://x\",\"y\")", "=cmd|' /C calc'!A0",
             "'=1+1", "'", "''", "'x", "-", "'@x", "=", "'-1"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "yaml"])
def test_formula_text_round_trips_and_is_inert(tiny, tmp_path, fmt):
    for i, text in enumerate(DANGEROUS):
        tiny.add_node(f"u{i}", **{**tiny.nodes["be"], "unit_id": f"u{i}", "name": text, "note": text})
    tiny.graph["name"] = "=1+1"
    if fmt == "csv":
        orggraph.write_dataset({"testby": tiny}, tmp_path / "d", overwrite=True)
        back = orggraph.read_orgchart(tmp_path / "d")
        with (tmp_path / "d" / "units.csv").open(encoding="utf-8", newline="") as fh:
            cells = [c for row in csv.reader(fh) for c in row]
        assert not [c for c in cells if c and c[0] in "=+-@\t"], "a CSV cell starts a formula"
    else:
        orggraph.write_orgchart(tiny, tmp_path / f"m.{fmt}", overwrite=True)
        back = orggraph.read_orgchart(tmp_path / f"m.{fmt}")
    assert_same_graph(back, tiny)
    if fmt == "xlsx":
        wb = openpyxl.load_workbook(tmp_path / "m.xlsx")
        cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"]
        assert all(c.quotePrefix for c in cells if isinstance(c.value, str) and c.value[:1] in "=+-@")


def test_cli_csv_outputs_are_formula_safe(tmp_path, tiny, capsys):
    tiny.graph["name"] = "=HYPERLINK(\"http://evil\")"
    orggraph.write_dataset({"testby": tiny}, tmp_path / "d", overwrite=True)
    out = tmp_path / "metrics.csv"
    assert cli.main(["metrics", "--dataset", str(tmp_path / "d"), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    frame = population(5, seed=0)
    frame.loc[0, "name"] = "=1+1"
    path = tmp_path / "s.csv"
    frame.to_csv(path, index=False)
    out = tmp_path / "survey.csv"
    assert cli.main(["synthetic", "3", "--out", str(tmp_path / "syn.csv")]) == 0
    assert cli.main(["survey", str(path), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "'=1+1" in text and ",=1+1" not in text
    assert cli.main(["synthetic", "3", "--out", str(tmp_path / "syn2.csv")]) == 0


def test_survey_ids_are_nfc_and_pattern_checked(tmp_path):
    from orggraph.io import survey

    frame = population(3, seed=0)
    frame["municipality_id"] = [unicodedata.normalize("NFC", "råde"), unicodedata.normalize("NFD", "råde"),
                                "../../x"]
    path = tmp_path / "s.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(orggraph.ValidationError) as err:
        survey.read_survey(path)
    assert {p.row for p in err.value.problems} == {2, 3, 4}
    frame["municipality_id"] = ["rade", "rade", "x"]
    frame.to_csv(path, index=False)
    with pytest.raises(orggraph.ValidationError, match="duplicate id"):
        survey.read_survey(path)


# ------------------------------------------------------------------ findings 6, 7, 9: refused at once


def test_survey_repeated_header_and_infinite_population(tmp_path):
    from orggraph.io import survey

    path = tmp_path / "s.csv"
    path.write_text("municipality_id,Municipality_ID,population\na,b,1\n")
    with pytest.raises(orggraph.ValidationError, match="appears 2 times in the header"):
        survey.read_survey(path)
    path.write_text("municipality_id,population\na,inf\nb,-Infinity\n")
    with pytest.raises(orggraph.ValidationError) as err:
        survey.read_survey(path)
    assert {(p.row, p.field) for p in err.value.problems} == {(2, "population"), (3, "population")}
    assert cli.main(["survey", str(path)]) == 1


def test_fifo_and_devices_are_refused_at_once(tmp_path):
    from orggraph.io import survey

    fifo = tmp_path / "units.csv"
    os.mkfifo(fifo)
    write_folder(tmp_path / "ok", TINY_TABLES)
    with deadline(20):
        for path in (fifo, tmp_path / "pipe.json"):
            if not path.exists():
                os.mkfifo(path)
            problems = orggraph.validate(path if path.suffix == ".json" else tmp_path)
            assert any("FIFO" in p.message for p in problems), problems
        with pytest.raises(orggraph.ValidationError, match="FIFO"):
            survey.read_survey(fifo)
        devzero = tmp_path / "zero.json"
        devzero.symlink_to("/dev/zero")
        assert "a device, not a regular file" in orggraph.validate(devzero)[0].message


def _xlsx_with_sheet_xml(path: Path, tiny: nx.Graph, extra: str, *, sheet: str = "units") -> None:
    orggraph.write_orgchart(tiny, path, overwrite=True)
    with zipfile.ZipFile(path) as zf:
        files = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    wb = openpyxl.load_workbook(path)
    index = wb.sheetnames.index(sheet) + 1
    name = f"xl/worksheets/sheet{index}.xml"
    xml = files[name].decode()
    if extra.startswith("<mergeCell"):
        xml = xml.replace("</sheetData>", f"</sheetData><mergeCells count=\"1\">{extra}</mergeCells>", 1)
    elif extra.startswith("<c "):
        xml = xml.replace("</sheetData>", f"<row r=\"1048576\">{extra}</row></sheetData>", 1)
    files[name] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for fname, data in files.items():
            zf.writestr(fname, data)


def _zip_bomb(path: Path, tiny: nx.Graph) -> None:
    orggraph.write_orgchart(tiny, path, overwrite=True)
    with zipfile.ZipFile(path) as zf:
        files = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    name = "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in files else "xl/worksheets/sheet1.xml"
    files[name] = files[name] + b" " * (300 * 1024 * 1024)  # 300 MB of spaces: 300 kB zipped
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for fname, data in files.items():
            zf.writestr(fname, data)


@pytest.mark.parametrize("kind", ["merged", "far_cell", "bomb"])
def test_xlsx_bombs_are_refused_before_parsing(tmp_path, tiny, kind):
    path = tmp_path / "m.xlsx"
    if kind == "merged":
        _xlsx_with_sheet_xml(path, tiny, '<mergeCell ref="A2:XFD1048576"/>')
    elif kind == "far_cell":
        _xlsx_with_sheet_xml(path, tiny, '<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>')
    else:
        _zip_bomb(path, tiny)
    assert path.stat().st_size < 2_000_000
    with deadline(30):
        problems = orggraph.validate(path)
    assert len(problems) == 1
    expected = {"merged": "merged ranges covering", "far_cell": "1,048,576 rows x 16,384 columns",
                "bomb": "unpacks to"}[kind]
    assert expected in problems[0].message and "more than the limit" in problems[0].message, problems[0]


HOSTILE = ["random.csv", "random.json", "random.xlsx", "devzero.csv", "fifo.csv", "merged.xlsx",
           "far_cell.xlsx", "bomb.xlsx", "survey_random.csv", "wide.csv"]

_MEASURE = r"""
import json, os, resource, sys, time, pathlib
import orggraph
from orggraph.io import survey
folder = pathlib.Path(sys.argv[1])
out = {}
for name in sys.argv[2:]:
    pid = os.fork()
    if pid == 0:
        start = time.perf_counter()
        path = folder / name
        if name.startswith("survey"):
            try:
                survey.read_survey(path)
                refused = False
            except orggraph.ValidationError:
                refused = True
        elif name.endswith(".csv"):
            sub = folder / ("csv_" + name)
            refused = bool([p for p in orggraph.validate(sub) if p.severity == "error"])
        else:
            refused = bool(orggraph.validate(path))
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        with open(folder / (name + ".out"), "w") as fh:
            json.dump({"seconds": seconds, "peak_mb": peak, "refused": refused}, fh)
        os._exit(0)
    os.waitpid(pid, 0)
    out[name] = json.loads((folder / (name + ".out")).read_text())
print(json.dumps(out))
"""


def make_hostile(folder: Path, tiny: nx.Graph) -> None:
    """The refused inputs of the issue, at the largest size the file limit lets through."""
    from orggraph.io import MAX_FILE_BYTES

    rng = random.Random(0)
    noise = rng.randbytes(MAX_FILE_BYTES - 1)
    no_nul = noise.replace(b"\x00", b"\x01")
    (folder / "random.json").write_bytes(noise)
    (folder / "random.xlsx").write_bytes(b"PK\x03\x04" + noise[4:])
    (folder / "survey_random.csv").write_bytes(no_nul)
    wide = (b"a," * (MAX_FILE_BYTES // 2 - 1)) + b"\n"
    for name, content in (("random.csv", no_nul), ("devzero.csv", None), ("fifo.csv", None),
                          ("wide.csv", wide)):
        sub = folder / f"csv_{name}"
        write_folder(sub, TINY_TABLES)
        target = sub / "units.csv"
        target.unlink()
        if name == "devzero.csv":
            target.symlink_to("/dev/zero")
        elif name == "fifo.csv":
            os.mkfifo(target)
        else:
            target.write_bytes(content)
    _xlsx_with_sheet_xml(folder / "merged.xlsx", tiny, '<mergeCell ref="A2:XFD1048576"/>')
    _xlsx_with_sheet_xml(folder / "far_cell.xlsx", tiny, '<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>')
    _zip_bomb(folder / "bomb.xlsx", tiny)


def measure_hostile(folder: Path) -> dict[str, dict]:
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(folder), *HOSTILE], capture_output=True,
                          text=True, timeout=600, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_refused_inputs_stay_under_500_mb_and_a_few_seconds(tmp_path, tiny):
    """Each hostile input of the issue is refused in a fresh process; peak memory (maxrss) < 500 MB."""
    make_hostile(tmp_path, tiny)
    results = measure_hostile(tmp_path)
    print()
    for name, r in results.items():
        print(f"  {name:18s} refused={r['refused']}  {r['seconds']:6.2f} s  peak {r['peak_mb']:6.0f} MB")
    assert all(r["refused"] for r in results.values()), results
    assert max(r["peak_mb"] for r in results.values()) < 500, results
    assert max(r["seconds"] for r in results.values()) < 60, results


# ------------------------------------------------------------------ finding 7: text clean at the door


@pytest.mark.parametrize("text", ["a\x00b", "a\x1b[2Jb", "bad\ud800", "x\x07", "\x1cleading", "y\ufffe"])
def test_unwritable_text_is_a_problem_naming_row_and_field(tmp_path, text, tiny):
    doc = {"municipality": {"municipality_id": "x", "name": "X"},
           "units": [{"unit_id": "u", "name": "ok", "unit_type": "be"},
                     {"unit_id": "v", "name": text, "unit_type": "be"}],
           "responsibilities": [{"unit_id": "u", "task": "lead", "role": "decides"}]}
    path = tmp_path / "m.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    problems = orggraph.validate(path)
    assert [(p.table, p.row, p.field) for p in problems] == [("units", 2, "name")]
    assert "U+" in problems[0].message
    tiny.nodes["be"]["note"] = text
    for target in (tmp_path / "t.xlsx", tmp_path / "t.json", tmp_path / "t.yaml"):
        with pytest.raises(orggraph.ValidationError, match=r"\[units\] row \d+, field `note`"):
            orggraph.write_orgchart(tiny, target, overwrite=True)
    with pytest.raises(orggraph.ValidationError, match="field `note`"):
        orggraph.write_dataset({"testby": tiny}, tmp_path / "d", overwrite=True)
    assert not (tmp_path / "d").exists()


def test_terminal_output_escapes_control_sequences(tmp_path, capsys, tiny):
    raw = {k: [dict(r) for r in v] for k, v in TINY_TABLES.items()}
    raw["units"][0]["unit_type"] = "\x9b2J\x7f"  # C1 CSI: reaches the message (C0 is refused unechoed)
    raw["units"][1]["name"] = "\x1b[2J\x1b]0;pwned\x07"
    write_folder(tmp_path / "bad", raw)
    assert cli.main(["validate", str(tmp_path / "bad")]) == 1
    out = capsys.readouterr().out
    assert "\x9b" not in out and "\x7f" not in out and "\\x9b2J\\x7f" in out
    assert "\x1b" not in out and "\x07" not in out and "U+001B" in out
    tiny.graph["name"] = "Testby\x9b31m"  # C1 CSI
    orggraph.write_dataset({"testby": tiny}, tmp_path / "d", overwrite=True)
    assert cli.main(["metrics", "--dataset", str(tmp_path / "d")]) == 0
    assert "\x9b" not in capsys.readouterr().out


# ------------------------------------------------------------------ finding 8: wrong types


@pytest.mark.parametrize(("call", "expected"), [
    (lambda p: orggraph.write_orgchart(nx.Graph(), p / "x.json"), orggraph.OrgGraphError),
    (lambda p: orggraph.write_orgchart(None, p / "x.json"), TypeError),
    (lambda p: orggraph.write_orgchart(orggraph.load_dataset("nova2008")["moss"], 5), TypeError),
    (lambda p: orggraph.write_dataset([nx.MultiGraph()], p), TypeError),
    (lambda p: orggraph.write_dataset({"a": None}, p), TypeError),
    (lambda p: orggraph.read_dataset(None), TypeError),
    (lambda p: orggraph.validate(3), TypeError),
    (lambda p: orggraph.write_graphml("x", p / "x.graphml"), TypeError),
    (lambda p: orggraph.core.schema.check_tables([], file="x"), TypeError),
    (lambda p: importlib.import_module("orggraph.io.survey").read_survey(None), TypeError),
    (lambda p: scenario.add_team(orggraph.load_dataset("nova2008")["moss"], "Bad Id!", []),
     orggraph.OrgGraphError),
    (lambda p: scenario.add_team(orggraph.load_dataset("nova2008")["moss"], "t", "bk"), TypeError),
    # the analysis and drawing entry points
    (lambda p: orggraph.compare([]), orggraph.OrgGraphError),
    (lambda p: orggraph.compare("abc"), TypeError),
    (lambda p: orggraph.summarize(None), orggraph.OrgGraphError),
    (lambda p: orggraph.classify(None), orggraph.OrgGraphError),
    (lambda p: orggraph.find_centre(42), orggraph.OrgGraphError),
    (lambda p: orggraph.draw_orgchart(None), TypeError),
    (lambda p: importlib.import_module("orggraph.replication.synthetic").population(2.5, seed=1), TypeError),
    (lambda p: orggraph.case_table(None, "3.3"), TypeError),
    (lambda p: orggraph.agreement(None), TypeError),
    (lambda p: orggraph.distance(orggraph.load_dataset("nova2008")["moss"], None), TypeError),
    (lambda p: orggraph.peers(orggraph.load_dataset("nova2008")["moss"], None), TypeError),
    (lambda p: importlib.import_module("orggraph.drawing.plot").plot_plane(None), TypeError),
    (lambda p: importlib.import_module("orggraph.drawing.plot").plot_small_multiples([1, 2]), TypeError),
])
def test_wrong_types_name_the_argument(tmp_path, call, expected):
    with pytest.raises(expected, match=r"`[A-Za-z0-9_\[\]']+`|unit id"):
        call(tmp_path)


# ------------------------------------------------------------------ finding 10 (validate): linear


def test_reference_checks_do_linear_work(monkeypatch):
    """Dangling references cost suggestion work only for a bounded number of distinct ids."""
    work = {"candidates": 0}
    real = difflib.get_close_matches

    def counted(word, possibilities, *args, **kwargs):
        possibilities = list(possibilities)
        work["candidates"] += len(possibilities)
        return real(word, possibilities, *args, **kwargs)

    monkeypatch.setattr(difflib, "get_close_matches", counted)
    n = 2000
    raw = {"municipalities": [{"municipality_id": "m", "name": "M"}],
           "units": [{"municipality_id": "m", "unit_id": f"u{i}", "name": "U", "unit_type": "be"}
                     for i in range(n)]
           + [{"municipality_id": f"gone{i}", "unit_id": f"g{i}", "name": "U", "unit_type": "be"}
              for i in range(n)],
           "responsibilities": [{"municipality_id": "m", "unit_id": f"missing{i}", "task": "lead",
                                 "role": "decides"} for i in range(n)],
           "coordination": []}
    _tables, problems = orggraph.core.schema.check_tables(raw, file="big")
    assert len(problems) == 2 * n
    assert work["candidates"] <= 20 * (3 * n), work  # linear: a bounded amount per row
    typos = [{**r, "unit_id": f"u{i}x"} for i, r in enumerate(raw["responsibilities"][:3])]
    few = {**raw, "responsibilities": typos, "units": raw["units"][:n]}
    _tables, problems = orggraph.core.schema.check_tables(few, file="few")
    assert all("did you mean" in p.message for p in problems)


def test_threads_do_not_mix_writes(tmp_path, tiny):
    """Two writers of the same folder at once: the folder holds one complete dataset afterwards."""
    other = tiny.copy()
    other.graph["name"] = "Other"
    errors = []

    def write(G):
        try:
            for _ in range(5):
                orggraph.write_dataset({"testby": G}, tmp_path / "d", overwrite=True)
        except OSError as err:  # a lost race on the swap is an error, never a mix
            errors.append(err)

    threads = [threading.Thread(target=write, args=(G,)) for G in (tiny, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    back = orggraph.read_orgchart(tmp_path / "d")
    assert back.graph["name"] in (tiny.graph["name"], "Other")


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "yaml"])
def test_yaml_line_breaks_round_trip(tiny, tmp_path, fmt):
    """Found by the round-trip fuzz: YAML read NEL (U+0085) back as a space."""
    tiny.nodes["be"]["note"] = "a\nbc\x85def\u2028g\u2029h\ni"
    path = tmp_path / ("d" if fmt == "csv" else f"m.{fmt}")
    if fmt == "csv":
        orggraph.write_dataset({"testby": tiny}, path, overwrite=True)
    else:
        orggraph.write_orgchart(tiny, path, overwrite=True)
    assert_same_graph(orggraph.read_orgchart(path), tiny)


def test_the_main_job_writes_every_table(tmp_path, capsys):
    """`make demo`'s table commands, each with --out (a frame with an integer index, booleans, text)."""
    for command in (["tables", "--dataset", "nova2008"], ["metrics", "--dataset", "nova2008"], ["agreement"]):
        out = tmp_path / f"{command[0]}.csv"
        assert cli.main([*command, "--out", str(out)]) == 0, command
        table = pd.read_csv(out)
        assert len(table) >= 22, command
    capsys.readouterr()


def test_inert_frame_takes_any_index_and_non_text_object_columns():
    from orggraph._files import inert_frame

    frame = pd.DataFrame({"text": ["=1+1", "ok"], "flag": pd.Series([True, None], dtype=object),
                          "count": pd.Series([1, 2], dtype=object)})
    out = inert_frame(frame)
    assert out["text"].tolist() == ["'=1+1", "ok"] and out.index.tolist() == [0, 1]
    assert out["flag"].tolist() == [True, None] and out["count"].tolist() == [1, 2]
    assert inert_frame(frame.set_index("text")).index.tolist() == ["'=1+1", "ok"]
