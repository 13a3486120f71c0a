"""Rebuild the CSVs of datasets/nova2008_aggregates from the plain-text extraction of NOVA Rapport 18/2008.

Run from anywhere:  python3 tools/extract_aggregates.py  (writes the CSVs of datasets/nova2008_aggregates).

Column placement rule (see README.md, "Placement of collapsed cells"): in the
extraction, a table line is "<label> <c1> <c2> ... <ck> " with exactly one
space between consecutive cells and an empty cell kept as an empty string,
so splitting the part after the label on single spaces yields exactly one
field per printed column. The script asserts that every data line yields the
expected number of fields; the resulting placement is then checked against
the printed sums by tools/check_aggregate_sums.py.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

#: The folder of the aggregate tables, in the repository's datasets/ folder.
HERE = Path(__file__).resolve().parents[1] / "datasets" / "nova2008_aggregates"
SOURCE = HERE.parents[2] / "shared" / "sources" / "000_96ec96c732c94406.txt"
LINES = SOURCE.read_text(encoding="utf-8").split("\n")


def fields(line_no: int, label: str, ncol: int) -> list[str]:
    """Split source line `line_no` (1-based) into `ncol` cells after `label`."""
    s = LINES[line_no - 1]
    assert s.lstrip().startswith(label), (line_no, label, s)
    rest = s[s.index(label) + len(label):]
    assert rest.startswith(" "), (line_no, s)
    rest = rest[1:]
    if rest.endswith(" "):
        rest = rest[:-1]
    out = rest.split(" ")
    assert len(out) == ncol, (line_no, label, out)
    assert all(re.fullmatch(r"\d*", x) for x in out), (line_no, out)
    return out


def write(name: str, header: list[str], rows: list[list]) -> None:
    with open(HERE / name, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


# --------------------------------------------------------------- Table 3.2
T32_COLS = [("Team", "team"), ("B&E", "be"), ("Sos", "social"), ("KF", "kf"),
            ("Sti", "foundation"), ("Adm", "admin"),
            ("Andre kombin", "other_combinations"), ("Annet/Uoppg", "other_unknown")]
ABBREV = {"Team": "team", "B&E": "be", "Sos": "social", "NAV": "nav", "Serv": "service",
          "KF": "kf", "Bok": "housing_office", "Adm": "admin", "Oms": "health_care",
          "Ann": "other",
          # decision, see README: the row "Sti/helse" is the foundation-alone row
          "Sti/helse": "foundation",
          "Andre kombinasj": "other_combinations", "Annet/uoppg": "other_unknown"}
T32_ROWS = [(1973, "Team"), (1975, "B&E"), (1977, "Sos"), (1979, "NAV"), (1981, "Serv"),
            (1983, "KF"), (1985, "Sti/helse"), (1987, "Bok"), (1989, "Adm"), (1991, "Oms"),
            (1993, "Team / B&E"), (1995, "Team / B&E / Sos"), (1997, "Team / Sos"),
            (1999, "Team / Sos / Ann"), (2001, "Team / Sos / Oms"), (2003, "Team / Oms"),
            (2005, "B&E / Ann"), (2007, "B&E / Oms"), (2009, "B&E / Sos"),
            (2011, "B&E / Sos / Oms"), (2013, "B&E / Adm"), (2015, "Sos / Ann"),
            (2017, "Sos / Adm"), (2019, "Sos / Oms"), (2021, "Adm / Oms"),
            (2023, "Andre kombinasj"), (2025, "Annet/uoppg")]


def alloc_types(label: str) -> str:
    if label in ABBREV:
        return ABBREV[label]
    return "+".join(ABBREV[p] for p in label.split(" / "))


cells, sums = [], []
for line_no, label in T32_ROWS:
    f = fields(line_no, label, 9)
    for (col, code), v in zip(T32_COLS, f[:8], strict=False):
        if v != "":
            cells.append([label, alloc_types(label), col, code, int(v), "Table 3.2"])
    sums.append(["row", label, int(f[8])])
f = fields(2027, "Sum", 9)
for (col, _), v in zip(T32_COLS, f[:8], strict=False):
    sums.append(["column", col, int(v)])
sums.append(["total", "SUM", int(f[8])])
write("table_3_2.csv", ["allocate", "allocate_types", "build", "build_type", "count", "source"],
      cells)
write("table_3_2_printed_sums.csv", ["axis", "label", "printed_sum"], sums)

# --------------------------------------------------------------- Tables 4.x
SIZE = ["small", "smaller", "medium", "larger", "large", "all"]
T4 = {
    "4.1": dict(task="provide_dwellings", header=2622, sum=2662, n=2667,
                labels="Liten Mindre Middels Større Stor Alle",
                rows=[(2624, "Team", "team"), (2628, "Bygg/Eiendom", "be"),
                      (2632, "Sosial", "social"), (2636, "NAV", "nav"),
                      (2640, "Servicekontor", "service"), (2644, "Komm.foretak", "kf"),
                      (2648, "Stiftelse", "foundation"), (2652, "Boligkontor", "housing_office"),
                      (2656, "Adm.ledelse", "admin"), (2660, "Annet", "other_unknown")]),
    "4.2": dict(task="allocate_dwelling", header=2689, sum=2733, n=2738,
                labels="Liten Mindre Mellomstor Større Stor Totalt",
                rows=[(2691, "Team", "team"), (2695, "Bygg/Eiendom", "be"),
                      (2699, "Sosial", "social"), (2703, "NAV", "nav"),
                      (2707, "Service", "service"), (2711, "Komm.foret", "kf"),
                      (2715, "Stiftelse", "foundation"), (2719, "Boligkontor", "housing_office"),
                      (2723, "Adm.leder", "admin"), (2727, "Omsorg", "health_care"),
                      (2731, "Annet/uoppg", "other_unknown")]),
    "4.3": dict(task="allocate_start_loan", header=2758, sum=2794, n=2799,
                labels="Liten Mindre Mellomstor Større Stor Alle",
                rows=[(2760, "Team", "team"), (2764, "Bygg/Eiendom", "be"),
                      (2768, "Sosial", "social"), (2772, "NAV", "nav"),
                      (2776, "Service", "service"), (2780, "KF", "kf"),
                      (2784, "Boligk", "housing_office"), (2788, "Adm", "admin"),
                      (2792, "Annet/uoppg", "other_unknown")]),
}
t4, t4tot, sizes = [], [], []
for table, d in T4.items():
    hdr = LINES[d["header"] - 1].split()
    labels = d["labels"].split()
    assert hdr[-6:] == labels, hdr
    for line_no, label, code in d["rows"]:
        measures = [("alone", line_no, label)]
        nxt = LINES[line_no + 1]
        if nxt.strip().startswith("medvirker"):
            measures.append(("participates", line_no + 2, "medvirker"))
        for measure, ln, lab in measures:
            for sc, sl, v in zip(SIZE, labels, fields(ln, lab, 6), strict=False):
                if v != "":
                    t4.append([table, d["task"], code, sc, measure, int(v), f"Table {table}",
                               label, sl])
    s = fields(d["sum"], "Sum", 6)
    n = LINES[d["n"] - 1].split()
    assert len(n) == 6 and all(x.isdigit() for x in n), n
    for sc, sl, sv, nv in zip(SIZE, labels, s, n, strict=False):
        t4tot.append([table, d["task"], sc, sl, int(sv), int(nv)])
        sizes.append([sc, table, sl, int(nv)])
write("table_4_alone_participates.csv",
      ["table", "task", "unit_type", "size_class", "measure", "percent", "source",
       "unit_label", "size_label"], t4)
write("table_4_printed_totals.csv",
      ["table", "task", "size_class", "size_label", "printed_sum", "n"], t4tot)

BOUNDS = "not stated in the report (classes are by folketall, §4.3; no bounds given)"
RANK = {c: i + 1 for i, c in enumerate(SIZE)}
sizes.sort(key=lambda r: (RANK[r[0]], r[1]))
write("size_classes.csv",
      ["size_class", "rank", "table", "label_printed", "n", "population_bounds_in_report"],
      [[r[0], RANK[r[0]] if r[0] != "all" else "", r[1], r[2], r[3], BOUNDS] for r in sizes])

# --------------------------------------------------------------- Tables 5.x
T5_TASKS = [("Bostøtte", "process_allowance"), ("Startlån", "allocate_start_loan"),
            ("Tilskudd", "allocate_grant"), ("Tildeling, oppfølging", "allocate_follow_up"),
            ("Gjennomføring, oppfølging", "deliver_follow_up"),
            ("Tildeling, kommunale boliger", "allocate_dwelling"),
            ("Tildeling, midlertidig bolig", "allocate_temporary")]
BASE = {
    "5.1": ("planned_transfer",
            "municipalities without a NAV office per May 2008 (caption; the text says "
            "February 2008); n not printed", 3422),
    "5.2": ("transferred",
            "municipalities where a NAV office is established (text: 101, or 35 percent, "
            "of the survey municipalities)", 3442),
}
t5 = []
for table, (measure, base, ln) in BASE.items():
    vals = re.findall(r"(\d+) %", LINES[ln - 1])
    assert len(vals) == 7, vals
    for (lab, code), v in zip(T5_TASKS, vals, strict=False):
        if table == "5.2" and code == "deliver_follow_up":
            lab = "Gjennomføring, Oppfølging"  # capital O as printed in Table 5.2
        t5.append([table, code, lab, measure, int(v), base, f"Table {table}"])
write("table_5_nav.csv",
      ["table", "task", "task_label", "measure", "percent", "base", "source"], t5)

m1 = re.match(r"(\d+) av (\d+) involverte", LINES[3450 - 1])
m2 = re.match(r"(\d+) av (\d+) involverte", LINES[3453 - 1])
assert m1 and m2
write("table_5_3.csv", ["task", "task_label", "nav_involved", "nav_alone", "source"],
      [["allocate_dwelling", "Tildele boliger", int(m1[2]), int(m1[1]), "Table 5.3"],
       ["allocate_follow_up", "Tildele oppfølgingstjenester", int(m2[2]), int(m2[1]),
        "Table 5.3"]])
print("cells 3.2:", len(cells), "| rows 4.x:", len(t4), "| rows 5.1/5.2:", len(t5))
