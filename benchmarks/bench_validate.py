"""Benchmark: validation time against the number of rows, with and without dangling references.

For each size n, two sets of tables are built (not timed):

* the baseline: one municipality with n units, n responsibilities and n
  coordination ties, every reference resolving;
* the hostile case of issue 11: the same n units, n responsibilities naming
  n distinct missing units, and n/4 units naming n/4 distinct missing
  municipalities (the old checker was quadratic in these: 10,000 dangling
  units took 76 s, 2,500 dangling municipality references 175 s).

Both are validated with ``orggraph.core.schema.check_tables`` ``--repeats`` times
in the same run; the median is reported, with microseconds per row, the
ratio hostile / baseline, and how the time grows from the smallest to the
largest size compared with the growth in rows (linear: the two match).

Usage: python benchmarks/bench_validate.py [--sizes 1000,4000,16000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

from orggraph.core.schema import check_tables


def tables(n: int, *, dangling: bool) -> dict[str, list[dict]]:
    units = [{"municipality_id": "m", "unit_id": f"u{i}", "name": f"Unit {i}", "unit_type": "be"}
             for i in range(n)]
    if dangling:
        units += [{"municipality_id": f"gone{i}", "unit_id": f"g{i}", "name": "Unit", "unit_type": "be"}
                  for i in range(n // 4)]
    resp = [{"municipality_id": "m", "unit_id": f"missing{i}" if dangling else f"u{i}", "task": "lead",
             "role": "decides"} for i in range(n)]
    coord = [{"municipality_id": "m", "from_unit": f"u{i}", "to_unit": f"u{(i + 1) % n}", "kind": "informal"}
             for i in range(n)]
    return {"municipalities": [{"municipality_id": "m", "name": "M"}], "units": units,
            "responsibilities": resp, "coordination": coord}


def median_seconds(raw: dict, repeats: int) -> tuple[float, int]:
    runs, found = [], 0
    for _ in range(repeats):
        start = time.perf_counter()
        _tables, problems = check_tables(raw, file="bench")
        runs.append(time.perf_counter() - start)
        found = len(problems)
    return statistics.median(runs), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,4000,16000")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'n':>7} {'rows':>7} {'clean s':>9} {'dangling s':>11} {'problems':>9} "
          f"{'us/row clean':>13} {'us/row dangling':>16} {'ratio':>6}")
    results = []
    for n in sizes:
        clean, dangling = tables(n, dangling=False), tables(n, dangling=True)
        rows = sum(len(v) for v in dangling.values())
        t_clean, _ = median_seconds(clean, args.repeats)
        t_dangling, found = median_seconds(dangling, args.repeats)
        results.append((n, t_clean, t_dangling))
        print(f"{n:7d} {rows:7d} {t_clean:9.3f} {t_dangling:11.3f} {found:9d} "
              f"{1e6 * t_clean / rows:13.1f} {1e6 * t_dangling / rows:16.1f} {t_dangling / t_clean:6.2f}")
    (n0, c0, d0), (n1, c1, d1) = results[0], results[-1]
    print(f"growth from n={n0} to n={n1}: rows x{n1 / n0:.0f}, clean time x{c1 / c0:.1f}, "
          f"dangling time x{d1 / d0:.1f} (linear: about x{n1 / n0:.0f})")


if __name__ == "__main__":
    main()
