"""Benchmark: survey frame -> metrics table, batch path vs a per-graph networkx baseline.

For each size, a synthetic population is generated (not timed). Then, in the
same run and on the same frame:

* ``orggraph.compare(frame)``: the batch path (the one entry point);
* the baseline: recode every row into a networkx graph (``survey.to_graphs``)
  and compute the same core metrics graph by graph with the per-graph
  functions of ``orggraph.metrics`` and ``orggraph.ecology``.

Each is run ``--repeats`` times; the median is reported, with municipalities
per second and the ratio baseline / batch. Peak memory is the maximum resident
set size of a child process that generates the frame and runs the batch path
once. The two paths' tables are checked equal on every run.

Usage: python benchmarks/bench_compare.py [--sizes 1000,10000,100000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import statistics
import time

import numpy as np
import pandas as pd

import orggraph
from orggraph import batch, ecology, metrics, survey, synthetic


def baseline(frame: pd.DataFrame) -> pd.DataFrame:
    """The straightforward path: one networkx graph per row, metrics graph by graph."""
    rows = {}
    for mid, G in survey.to_graphs(frame).items():
        row = {}
        row |= metrics.size(G)
        row |= metrics.concentration(G)
        row |= metrics.sharing(G)
        row |= metrics.splits(G)
        row |= metrics.vertical(G)
        row["coordination_coverage"] = metrics.coordination_coverage(G)
        comp = metrics.components(G)
        row["components"], row["coordination_components"] = comp["components"], comp["coordination_components"]
        row["connectance"] = ecology.connectance(G)
        row["niche_overlap"] = ecology.niche_overlap(G)
        rows[mid] = row
    return pd.DataFrame.from_dict(rows, orient="index")[list(batch.CORE_METRICS)]


def timed(func, *args) -> tuple[float, object]:
    start = time.perf_counter()
    result = func(*args)
    return time.perf_counter() - start, result


def _peak(n: int, queue: mp.Queue) -> None:
    frame = synthetic.population(n, seed=n)
    orggraph.compare(frame)
    queue.put(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)  # MiB (Linux reports KiB)


def peak_memory_mib(n: int) -> float:
    queue: mp.Queue = mp.get_context("fork").Queue()
    proc = mp.get_context("fork").Process(target=_peak, args=(n, queue))
    proc.start()
    value = queue.get()
    proc.join()
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        frame = synthetic.population(n, seed=n)
        fast, slow = [], []
        for _ in range(args.repeats):
            t_fast, table = timed(orggraph.compare, frame)
            t_slow, base = timed(baseline, frame)
            got = table[list(batch.CORE_METRICS)].astype(float).to_numpy()
            assert np.allclose(got, base.astype(float).to_numpy(), equal_nan=True), "batch != baseline"
            fast.append(t_fast)
            slow.append(t_slow)
        med_fast, med_slow = statistics.median(fast), statistics.median(slow)
        rows.append({"municipalities": n, "batch_s": round(med_fast, 3), "baseline_s": round(med_slow, 3),
                     "batch_per_s": round(n / med_fast), "baseline_per_s": round(n / med_slow),
                     "speedup": round(med_slow / med_fast, 1), "peak_mib": round(peak_memory_mib(n))})
        print(pd.DataFrame(rows[-1:]).to_string(index=False, header=len(rows) == 1), flush=True)
    table = pd.DataFrame(rows)
    if len(table) > 1:
        growth = table.batch_s.iloc[-1] / table.batch_s.iloc[-2]
        print(f"\ngrowth {table.municipalities.iloc[-2]} -> {table.municipalities.iloc[-1]}: {growth:.1f}x")
    header = "| " + " | ".join(table.columns) + " |"
    lines = [header, "|" + "---|" * len(table.columns)]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in table.itertuples(index=False)]
    print("\n" + "\n".join(lines))


if __name__ == "__main__":
    main()
