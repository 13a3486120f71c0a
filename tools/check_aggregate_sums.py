"""Recompute every printed sum of Tables 3.2 and 4.1-4.3 from the transcribed cells.

Run:  python3 tools/check_aggregate_sums.py   (standard library only; reads datasets/nova2008_aggregates)

Sections
  A  Table 3.2: each printed row sum, column sum and the grand total vs the cells.
  B  Tables 4.x: each printed Sum row value vs the sum of all percentages in the
     column; the printed "Antall kommuner" total vs the sum over size classes.
  C  Tables 4.x: the all-municipalities column vs the n-weighted mean of the
     five size classes (rounding tolerance 1 point: 0.5 from rounding the
     classes, 0.5 from rounding the total).
  D  Tables 4.x: integer feasibility. Each class percentage must equal
     100*k/n for some whole number of municipalities k (within 0.5), and the
     implied total sum(k) must reproduce the printed all-column percentage.
  D2 Tables 4.x: the printed Sum row recomputed from those whole-number counts
     (the Sum is computed from unrounded shares, so B is not expected to be exact).
  E  Cross-checks between tables and against numbers quoted in the text.
Empty cells (not in the CSVs) count as 0.
"""

from __future__ import annotations

import csv
import itertools
from collections import defaultdict
from pathlib import Path

#: The folder of the aggregate tables, in the repository's datasets/ folder.
HERE = Path(__file__).resolve().parents[1] / "datasets" / "nova2008_aggregates"
SIZES = ["small", "smaller", "medium", "larger", "large"]


def load(name: str) -> list[dict]:
    with open(HERE / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def show(label: str, printed: float, recomputed: float, width: int = 44) -> bool:
    diff = recomputed - printed
    mark = "OK" if diff == 0 else "DIFF"
    print(f"  {label:<{width}} printed={printed:>4} recomputed={recomputed:>4} "
          f"diff={diff:+} {mark}")
    return diff == 0


tally = defaultdict(lambda: [0, 0])  # section -> [exact, total]


def count(section: str, ok: bool) -> None:
    tally[section][0] += ok
    tally[section][1] += 1


# ------------------------------------------------------------------ A
print("A. Table 3.2 (counts of municipalities)")
cells = load("table_3_2.csv")
sums = load("table_3_2_printed_sums.csv")
row_tot, col_tot = defaultdict(int), defaultdict(int)
for c in cells:
    row_tot[c["allocate"]] += int(c["count"])
    col_tot[c["build"]] += int(c["count"])
for s in sums:
    p = int(s["printed_sum"])
    if s["axis"] == "row":
        count("A", show(f"row    {s['label']}", p, row_tot[s["label"]]))
    elif s["axis"] == "column":
        count("A", show(f"column {s['label']}", p, col_tot[s["label"]]))
    else:
        count("A", show("grand total (all cells)", p, sum(row_tot.values())))
        count("A", show("grand total (sum of printed row sums)", p,
                        sum(int(x["printed_sum"]) for x in sums if x["axis"] == "row")))
        count("A", show("grand total (sum of printed column sums)", p,
                        sum(int(x["printed_sum"]) for x in sums if x["axis"] == "column")))

# ------------------------------------------------------------------ B
print("\nB. Tables 4.1-4.3: printed Sum row vs sum of all printed percentages")
t4 = load("table_4_alone_participates.csv")
tot = load("table_4_printed_totals.csv")
colsum = defaultdict(int)
for r in t4:
    colsum[(r["table"], r["size_class"])] += int(r["percent"])
n = {(r["table"], r["size_class"]): int(r["n"]) for r in tot}
for r in tot:
    key = (r["table"], r["size_class"])
    count("B", show(f"Table {r['table']} Sum, {r['size_label']}", int(r["printed_sum"]),
                    colsum[key]))
print("   Antall kommuner: printed total vs sum over the five classes")
for table in ("4.1", "4.2", "4.3"):
    count("B", show(f"Table {table} n", n[(table, "all")],
                    sum(n[(table, s)] for s in SIZES)))

# ------------------------------------------------------------------ C / D
cell = defaultdict(int)
for r in t4:
    cell[(r["table"], r["unit_type"], r["measure"], r["size_class"])] = int(r["percent"])
lines = sorted({(r["table"], r["unit_type"], r["measure"]) for r in t4})
print("\nC. Tables 4.x: 'all' column vs n-weighted mean of size classes "
      "(|diff| <= 1 is consistent with rounding)")
worst = []
for key in lines:
    t = key[0]
    w = sum(n[(t, s)] * cell[(*key, s)] for s in SIZES) / n[(t, "all")]
    d = w - cell[(*key, "all")]
    ok = abs(d) <= 1
    count("C", ok)
    worst.append((abs(d), key, w, cell[(*key, "all")]))
    if abs(d) > 0.5:
        print(f"  {' '.join(key):<36} weighted={w:6.2f} printed={cell[(*key, 'all')]:>3} "
              f"diff={d:+.2f} {'within rounding' if ok else 'INCONSISTENT'}")
print(f"  {len(lines)} lines checked; largest |diff| = {max(worst)[0]:.2f}")

print("\nD. Tables 4.x: integer feasibility of every cell and of the 'all' column")
implied, class_k = {}, {}
for key in lines:
    t = key[0]
    opts = []
    for s in SIZES:
        p, nn = cell[(*key, s)], n[(t, s)]
        ks = [k for k in range(nn + 1) if abs(100 * k / nn - p) <= 0.5 + 1e-9]
        count("D", bool(ks))
        if not ks:
            print(f"  {' '.join(key)} {s}: {p}% impossible with n={nn}")
        opts.append(ks)
        class_k[(*key, s)] = ks[0] if len(ks) == 1 else None
    totals = sorted({sum(c) for c in itertools.product(*opts)})
    good = [k for k in totals
            if abs(100 * k / n[(t, "all")] - cell[(*key, "all")]) <= 0.5 + 1e-9]
    count("D", bool(good))
    implied[key] = good[0] if len(good) == 1 else (totals[0] if len(totals) == 1 else None)
    if not good:
        print(f"  {' '.join(key):<36} class counts imply {totals} municipalities = "
              f"{[round(100 * k / n[(t, 'all')], 2) for k in totals]}% of "
              f"{n[(t, 'all')]}, printed 'all' = {cell[(*key, 'all')]}%  MISMATCH")
print("  all other cells and 'all' values are feasible")

print("\nD2. Tables 4.x: printed Sum row vs 100 * (implied number of unit mentions) / n")
print("   (each class cell has exactly one feasible count k; the 'all' column uses the")
print("    sum of the five class counts; ok when the printed Sum is the rounded value)")
for r in tot:
    t, sc = r["table"], r["size_class"]
    scs = SIZES if sc == "all" else [sc]
    ks = [class_k[(*key, x)] for key in lines if key[0] == t for x in scs]
    assert None not in ks
    pct = 100 * sum(ks) / n[(t, sc)]
    ok = abs(pct - int(r["printed_sum"])) <= 0.5
    count("D2", ok)
    print(f"  Table {t} Sum, {r['size_label']:<11} mentions={sum(ks):>3} n={n[(t, sc)]:>3} "
          f"-> {pct:6.2f}%  printed={r['printed_sum']}  {'OK' if ok else 'MISMATCH'}")

# ------------------------------------------------------------------ E
print("\nE. Cross-checks")
print("   Table 4.2 'alone' (implied counts) vs Table 3.2 printed row sums of single-unit rows")
rowsum = {s["label"]: int(s["printed_sum"]) for s in sums if s["axis"] == "row"}
types = {c["allocate"]: c["allocate_types"] for c in cells}
for label, code in types.items():
    if "+" in code or code.startswith("other_"):
        continue
    count("E", show(f"allocate {label} ({code})", rowsum[label],
                    implied[("4.2", code, "alone")]))
print("   Table 4.1 'alone' (implied counts) vs Table 3.2 printed column sums")
colp = {s["label"]: int(s["printed_sum"]) for s in sums if s["axis"] == "column"}
for label in ("Team", "B&E", "Sos", "KF", "Sti", "Adm"):
    code = next(c["build_type"] for c in cells if c["build"] == label)
    count("E", show(f"build {label} ({code})", colp[label], implied[("4.1", code, "alone")]))
print("   Table 5.3 vs Table 4.2 NAV (implied counts)")
t53 = {r["task"]: r for r in load("table_5_3.csv")}
a, m = implied[("4.2", "nav", "alone")], implied[("4.2", "nav", "participates")]
count("E", show("NAV alone, allocate dwelling", int(t53["allocate_dwelling"]["nav_alone"]), a))
count("E", show("NAV involved, allocate dwelling (alone+partic.)",
                int(t53["allocate_dwelling"]["nav_involved"]), a + m))
print("   Table 5.3 vs Table 5.2 on the base of 101 NAV municipalities quoted in §5.5")
t52 = {r["task"]: int(r["percent"]) for r in load("table_5_nav.csv") if r["table"] == "5.2"}
for task in ("allocate_dwelling", "allocate_follow_up"):
    inv = int(t53[task]["nav_involved"])
    print(f"  {task:<44} {inv}/101 = {100 * inv / 101:.1f}%  Table 5.2 prints {t52[task]}%")
print("   Numbers quoted in the text under Table 3.2 (§3.3)")
cnt = {(c["allocate"], c["build"]): int(c["count"]) for c in cells}
be_col = {k[0]: v for k, v in cnt.items() if k[1] == "B&E"}
with_team = sum(v for k, v in be_col.items() if "team" in types[k].split("+"))
with_be_shared = sum(v for k, v in be_col.items()
                     if "be" in types[k].split("+") and "+" in types[k])
neither = sum(v for k, v in be_col.items()
              if not {"team", "be"} & set(types[k].split("+")) and types[k] != "other_unknown")
count("E", show("'136' B&E builds/buys", 136, colp["B&E"]))
count("E", show("'28' B&E builds, team alone allocates", 28, cnt[("Team", "B&E")]))
count("E", show("'50' B&E builds, team allocates (alone/with)", 50, with_team))
count("E", show("'35' B&E allocates together with others", 35, with_be_shared))
count("E", show("'22' B&E builds and allocates alone", 22, cnt[("B&E", "B&E")]))
count("E", show("'29' neither B&E nor team (excl. Annet/uoppg)", 29, neither))
print(f"  note: 22+50+35+29 = {22 + 50 + 35 + 29}; the 50 and the 35 overlap in "
      f"{cnt[('Team / B&E', 'B&E')] + cnt[('Team / B&E / Sos', 'B&E')]} municipalities "
      f"(Team / B&E, Team / B&E / Sos), and Annet/uoppg holds {be_col['Annet/uoppg']}")

print("\nSummary (exact or consistent / checked):")
names = {"A": "Table 3.2 printed sums", "B": "Tables 4.x printed Sum and n",
         "C": "Tables 4.x 'all' vs weighted mean (within 1 point)",
         "D": "Tables 4.x integer feasibility",
         "D2": "Tables 4.x printed Sum vs implied counts (rounded)", "E": "cross-checks"}
for k in ["A", "B", "C", "D", "D2", "E"]:
    print(f"  {names[k]:<52} {tally[k][0]}/{tally[k][1]}")
