"""Benchmark: every row of issue 13's table, each against its floor or peer measured in the same run.

Every measurement runs in a fresh process (``python -c`` or the ``orggraph``
command), ``--repeats`` times (a command and its peer process alternately,
so that both meet the same drift of this machine's speed); the table gives
the median with min–max and the
peak resident memory of that process (``wait4``'s ``ru_maxrss``, the largest
of the repeats). Inputs (synthetic populations written as CSV and Parquet) are
made before timing starts, with ``orggraph.replication.synthetic.population``.

Rows
----
* ``orggraph survey`` on 100k, 50k and 10k rows (whole process, ``--out``
  CSV) against a process that only runs ``pandas.read_csv`` on the same file.
* ``orggraph synthetic`` 100k and 1M rows (whole process).
* ``compare(frame, full=False)`` on 10k, 100k and 1M rows (the call alone),
  microseconds per municipality.
* ``compare(graphs)``, all columns, 10k survey graphs with 2 workers, against
  the graph-by-graph loop (``summarize`` + ``classify``) on 1k of them,
  scaled per municipality.
* Dask: ``compare`` of 100k rows from 8 Parquet files and of 1M rows from 8
  and from 64 on a local cluster of 2 worker processes started with the
  README's advice (``MALLOC_MMAP_THRESHOLD_`` in the workers' environment; 1M
  rows from 8 files also with Dask's default environment), cluster start excluded, both
  workers warm, every process's kept core metrics emptied before each timed
  run), the result either gathered into the client (``.compute()``) or
  written by the workers (``.to_parquet()``), against one process reading the
  same files (and writing one Parquet file); next to it the same process
  computing file by file, two plain forked processes file by file (what this
  machine gives two processes at the time, without Dask), and the CPU seconds
  of the workers and of the client process (which also runs the scheduler);
  the serial fraction of Amdahl's law and what it predicts for 16 and 64
  workers.
* ``orggraph figures`` for the 22 in SVG and PNG (whole process; peak memory
  of the main process), against the same command drawing in one process
  (``--workers 1``; Graphviz still runs alongside).
* One municipality of 5,000 units: ``summarize`` and ``compare``.

Usage: python benchmarks/bench.py [--repeats 3] [--quick] [--out FILE.md]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PY = sys.executable
BIN = Path(PY).parent / "orggraph"


TIMEOUT = 600.0


def run_rss(cmd: list[str]) -> tuple[float, float, str]:
    """Run `cmd` in a fresh process, reaped with ``os.wait4``: wall seconds, its own peak RSS (MiB), stdout."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
        timer = threading.Timer(TIMEOUT, proc.kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
        wall = time.perf_counter() - start
        if wall >= TIMEOUT:
            return float("inf"), usage.ru_maxrss / 1024, '{"seconds": Infinity, "columns": 0}'
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode:
            msg = f"{' '.join(cmd)} failed ({proc.returncode}):\n{err.read()[-2000:]}"
            raise RuntimeError(msg)
        return wall, usage.ru_maxrss / 1024, out.read()


def measure(cmd: list[str], repeats: int, *, inner: bool = False) -> dict:
    """Median, min and max over `repeats` fresh processes; `inner`: the process prints its own seconds (JSON)."""
    times, peaks, last = [], [], ""
    for _ in range(repeats):
        wall, peak, last = run_rss(cmd)
        times.append(json.loads(last.strip().splitlines()[-1])["seconds"] if inner else wall)
        peaks.append(peak)
    return stats(times, max(peaks), out=last)


def stats(times: list[float], peak: float, *, out: str = "") -> dict:
    """The row of one measurement: median, min and max of `times`, the peak memory, the last output."""
    return {"median": statistics.median(times), "min": min(times), "max": max(times), "peak": peak, "out": out}


def measure_pair(cmd: list[str], peer: list[str], repeats: int) -> tuple[dict, dict]:
    """:func:`measure` of `cmd` and of its `peer`, run alternately (peer, cmd, peer, cmd, ...).

    This machine's speed drifts from minute to minute: measured one after the other, a whole block of
    `cmd` could fall in a slow minute and its peer's in a fast one. Alternating puts both in the same ones.
    """
    runs: dict[int, list[tuple[float, float, str]]] = {0: [], 1: []}
    for _ in range(repeats):
        for which, c in ((1, peer), (0, cmd)):
            runs[which].append(run_rss(c))
    cmd_stats, peer_stats = (stats([wall for wall, _, _ in got], max(peak for _, peak, _ in got), out=got[-1][2])
                             for got in (runs[0], runs[1]))
    return cmd_stats, peer_stats


# the same calls on the code before issue 13 (no `full`/`workers`; all columns only with batch=False)
COMPAT = """
import inspect, pandas, orggraph
def compare(x, **kw):
    if 'full' not in inspect.signature(orggraph.compare).parameters:
        kw = {} if isinstance(x, pandas.DataFrame) or kw.get('full') is False else {'batch': False}
    return orggraph.compare(x, **kw)
"""


def snippet(body: str, *, compat: bool = True) -> list[str]:
    """A fresh python process that runs `body`; `body` sets `seconds` (the timed part) and may set `extra`."""
    code = ("import json, time\nextra = {}\n" + (COMPAT if compat else "") + body +
            "\nprint(json.dumps({'seconds': seconds, **extra}))")
    return [PY, "-c", code]


def fmt(m: dict, unit: str = "s") -> str:
    return f"{m['median']:.3g} {unit} ({m['min']:.3g}–{m['max']:.3g})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="smaller sizes (a check that the bench runs)")
    parser.add_argument("--out", help="also write the table (Markdown) to this file")
    parser.add_argument("--only", default="survey,synthetic,batch,columns,dask,figures,large",
                        help="comma-separated sections to run")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds before a process is stopped")
    args = parser.parse_args()
    r = args.repeats
    only = set(args.only.split(","))
    global TIMEOUT  # noqa: PLW0603 - one setting for the whole run
    TIMEOUT = args.timeout
    big, half, small = (20_000, 10_000, 2_000) if args.quick else (100_000, 50_000, 10_000)
    million = 100_000 if args.quick else 1_000_000
    # Dask: 8 files of 12,500 rows, 8 of 125,000 and 64 of 15,625 (the 16-core machine's layout)
    dask_sets = [(big, 8), (million, 8), (million, 64)]
    graphs_n, loop_n = (1_000, 200) if args.quick else (10_000, 1_000)
    rows: list[tuple[str, str, str, str, str]] = []

    def add(what: str, m: dict, peer: str, ratio: str) -> None:
        rows.append((what, fmt(m), f"{m['peak']:.0f}", peer, ratio))
        print(f"{what}: {fmt(m)}, {m['peak']:.0f} MiB | {peer} | {ratio}", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        # inputs are made in a child process: this one stays small, so that the processes it starts report
        # their own peak memory (a forked child's peak counts its parent's pages)
        make = (f"from pathlib import Path\nfrom orggraph.replication import synthetic\ntmpd = Path({str(tmpd)!r})\n"
                f"frame = synthetic.population({big}, seed=1)\n"
                f"for n in ({big}, {half}, {small}):\n"
                "    frame.iloc[:n].to_csv(tmpd / f'survey_{n}.csv', index=False)\n"
                f"for size, files in {dask_sets if 'dask' in only else []}:\n"
                "    source = frame if size == len(frame) else synthetic.population(size, seed=1)\n"
                "    frame = source  # the next set of the same size reuses it\n"
                "    folder = tmpd / f'parquet_{size}_{files}'\n"
                "    folder.mkdir()\n"
                "    for i in range(files):\n"
                "        part = source.iloc[i * (size // files):(i + 1) * (size // files)]\n"
                "        part.to_parquet(folder / f'part_{i:03d}.parquet', index=False)\n")
        subprocess.run([PY, "-c", make], check=True)
        parquet_sets = {(size, files): tmpd / f"parquet_{size}_{files}"  # the Dask rows' folders of Parquet files
                        for size, files in dask_sets if "dask" in only}

        # 1. the survey command against read_csv alone
        survey_times = {}
        for n in (big, half, small) if "survey" in only else ():
            path = tmpd / f"survey_{n}.csv"
            cmd, read = measure_pair(
                [str(BIN), "survey", str(path), "--out", str(tmpd / f"metrics_{n}.csv"), "--force"],
                snippet(f"import pandas as pd\nt = time.perf_counter()\n"
                        f"pd.read_csv({str(path)!r}, dtype=str, keep_default_na=False)\n"
                        "seconds = time.perf_counter() - t", compat=False), r)
            survey_times[n] = cmd["median"]
            add(f"`orggraph survey`, {n:,} rows", cmd, f"a read_csv-only process: {fmt(read)}",
                f"{cmd['median'] / read['median']:.2f}× the read")
        if survey_times:
            rows.append(("survey: fewer rows never slower", "", "", f"{half:,}: {survey_times[half]:.2f} s, "
                         f"{small:,}: {survey_times[small]:.2f} s", f"vs {big:,}: {survey_times[big]:.2f} s"))

        # 2. synthetic populations
        for n in (big, million) if "synthetic" in only else ():
            m = measure(snippet(f"from orggraph.replication.synthetic import population\nt = time.perf_counter()\n"
                                f"population({n}, seed=1)\nseconds = time.perf_counter() - t"), r, inner=True)
            whole = measure([str(BIN), "synthetic", str(n), "--out", str(tmpd / f"synth_{n}.csv"), "--force"], 1)
            add(f"`population({n:,})`", m, f"whole `orggraph synthetic {n}` with CSV: {fmt(whole)}",
                f"goal ≤ {2 * n / 100_000:g} s")

        # 3. the batch path, per municipality
        for n in (small, big, million) if "batch" in only else ():
            m = measure(snippet(f"import orggraph\nfrom orggraph.replication.synthetic import population\n"
                                f"f = population({n}, seed=2)\nt = time.perf_counter()\n"
                                f"compare(f, full=False)\nseconds = time.perf_counter() - t"),
                        r, inner=True)
            add(f"`compare(frame, full=False)`, {n:,} rows", m, f"{m['median'] / n * 1e6:.1f} µs per municipality",
                "")

        # 4. every column for 10k graphs, against the graph-by-graph loop
        if "columns" in only:
            setup = ("import orggraph\nfrom orggraph.io import survey\n"
                     "from orggraph.replication.synthetic import population\n"
                     f"g = survey.to_graphs(population({graphs_n}, seed=3))\n")
            allcols = measure(snippet(setup + "t = time.perf_counter()\ntable = compare(g, workers=2)\n"
                                      "seconds = time.perf_counter() - t\nextra = {'columns': table.shape[1]}"),
                              r, inner=True)
            loop = measure(snippet(setup + f"gs = list(g.values())[:{loop_n}]\nt = time.perf_counter()\n"
                                   "for G in gs:\n    orggraph.summarize(G); orggraph.classify(G)\n"
                                   f"seconds = (time.perf_counter() - t) * {graphs_n / loop_n}"), r, inner=True)
            cols = json.loads(allcols["out"].strip().splitlines()[-1])["columns"]
            add(f"`compare(graphs, workers=2)`, all {cols} columns, {graphs_n:,} graphs", allcols,
                f"summarize+classify graph by graph, {loop_n:,} graphs scaled to {graphs_n:,}: {fmt(loop)}",
                f"{loop['median'] / allcols['median']:.1f}× faster; goal ≤ 10 s")

        # 5. Dask from Parquet files on 2 worker processes, against one process on the same files. Every timed
        # run starts with the core-metric memo of every process empty (the warm-up runs filled it).
        # Each layout runs with the worker environment the README advises (MALLOC_MMAP_THRESHOLD_, so that
        # Dask's MALLOC_TRIM_THRESHOLD_ does not turn every array above 128 KiB into an mmap and page faults);
        # the million rows in 8 files also with Dask's default environment, to show what the advice changes.
        dask_runs_of = [(size, files, folder, True) for (size, files), folder in parquet_sets.items()]
        dask_runs_of += [(size, files, folder, False) for (size, files), folder in parquet_sets.items()
                         if (size, files) == (million, 8)]
        for size, files, folder, advised in dask_runs_of:
            out_dir = tmpd / f"dask_out_{size}_{files}_{advised}"
            dask_body = (
                "import glob, resource, shutil\nimport pandas as pd\nimport dask\nimport dask.dataframe as dd\n"
                "import orggraph\nfrom orggraph.analysis import summary\n"
                + ("dask.config.set({'distributed.nanny.pre-spawn-environ.MALLOC_MMAP_THRESHOLD_': 16 * 2**20})\n"
                   if advised else "") +
                "from distributed import Client, LocalCluster\n"
                f"files = sorted(glob.glob({str(folder)!r} + '/*.parquet'))\nout = {str(out_dir)!r}\n"
                "def cpu():\n    u = resource.getrusage(resource.RUSAGE_SELF)\n    return u.ru_utime + u.ru_stime\n"
                "def forget():\n    summary._CORE_MEMO.clear()\n"
                "def single_process():\n"
                "    return compare(pd.concat([pd.read_parquet(f) for f in files], ignore_index=True), full=False)\n"
                "def timed(fn):\n    forget()\n    t = time.perf_counter()\n    fn()\n"
                "    return time.perf_counter() - t\n"
                "single_process()  # warm, as the workers will be\n"
                "one = timed(single_process)\n"
                "one_pq = timed(lambda: single_process().to_parquet(out + '.parquet'))\n"
                "by_file = timed(lambda: [compare(pd.read_parquet(f), full=False) for f in files])\n"
                "import multiprocessing\nfrom concurrent.futures import ProcessPoolExecutor\n"
                "def by_file_in(f):\n    return len(compare(pd.read_parquet(f), full=False))\n"
                "forget()  # the forked processes start with nothing kept\n"
                "with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context('fork')) as pool:\n"
                "    plain_pool = timed(lambda: list(pool.map(by_file_in, files)))\n"
                "with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c, "
                "Client(c) as client:\n"
                "    compare(dd.read_parquet(files[:4]), full=False).compute()  # warm both workers\n"
                "    def on_dask(fn):  # seconds, CPU seconds of the workers, of this process (client, scheduler)\n"
                "        client.run(forget)\n        w0, c0 = client.run(cpu), cpu()\n"
                "        t = time.perf_counter()\n        fn()  # a new graph each time: nothing reused\n"
                "        seconds = time.perf_counter() - t\n"
                "        return seconds, sum(v - w0[k] for k, v in client.run(cpu).items()), cpu() - c0\n"
                "    got = []\n"
                "    seconds, workers_cpu, client_cpu = on_dask(lambda: got.append("
                "compare(dd.read_parquet(files), full=False).compute()))\n"
                "    shutil.rmtree(out, ignore_errors=True)\n"
                "    pq, pq_workers_cpu, pq_client_cpu = on_dask(lambda: "
                "compare(dd.read_parquet(files), full=False).to_parquet(out))\n"
                "single = single_process()\n"
                "text = [c for c in single.columns if single[c].dtype == object]\n"
                "back = got[0].astype({c: object for c in text})\n"
                "for c in text:\n    back[c] = back[c].where(back[c].notna(), None)\n"
                "back.index = back.index.astype(single.index.dtype)\n"
                "pd.testing.assert_frame_equal(back.sort_index(), single.sort_index())\n"
                "assert len(pd.read_parquet(out)) == len(single)\n"
                "extra = {'single': one, 'single_pq': one_pq, 'by_file': by_file, 'pool': plain_pool, 'pq': pq,\n"
                "         'workers_cpu': workers_cpu, 'client_cpu': client_cpu, 'pq_workers_cpu': pq_workers_cpu,\n"
                "         'pq_client_cpu': pq_client_cpu}\n")
            dask_runs = [measure(snippet(dask_body), 1, inner=True) for _ in range(r)]
            got = [json.loads(d["out"].strip().splitlines()[-1]) for d in dask_runs]
            peak = max(d["peak"] for d in dask_runs)

            def stat(key: str, got: list[dict] = got, peak: float = peak) -> dict:
                return stats([g[key] for g in got], peak)

            sm, fm, pm = stat("single"), stat("by_file"), stat("pool")
            for how, key, base, cpu_keys in (("`.compute()` into the client", "seconds", sm,
                                              ("workers_cpu", "client_cpu")),
                                             ("`.to_parquet()` by the workers", "pq", stat("single_pq"),
                                              ("pq_workers_cpu", "pq_client_cpu"))):
                dm = stat(key)
                speedup = base["median"] / dm["median"]
                serial = max(0.0, min(1.0, 2 / speedup - 1))  # Amdahl: S(2) = 1 / (f + (1 - f) / 2)
                predict = {p: 1 / (serial + (1 - serial) / p) for p in (16, 64)}
                w_cpu, c_cpu = (statistics.median(g[k] for g in got) for k in cpu_keys)
                peer = (f"one process, same files{', writing one Parquet file' if key == 'pq' else ''}: "
                        f"{fmt(base)}; CPU s: workers {w_cpu:.2f}, client and scheduler {c_cpu:.2f}")
                if key == "seconds":
                    peer += (f"; one process file by file: {fmt(fm)}; 2 plain processes file by file (no Dask): "
                             f"{fmt(pm)}, {sm['median'] / pm['median']:.2f}×")
                env = "" if advised else " (Dask's default worker environment)"
                add(f"Dask, 2 worker processes, {size:,} rows from {files} Parquet files, {how}{env}", dm, peer,
                    f"{speedup:.2f}× (goal ≥ 1.8×); serial fraction {serial:.2f} → {predict[16]:.1f}× on 16, "
                    f"{predict[64]:.1f}× on 64")

        # 6. figures for the 22: the command as `make figures` runs it, and the same in one process
        if "figures" in only:
            cmd = [str(BIN), "figures", "--dataset", "nova2008", "--out", str(tmpd / "figures"), "--format", "svg,png",
                   "--force"]
            fig, one = measure_pair(cmd, [*cmd, "--workers", "1"], r)
            add("`orggraph figures` (the 22, SVG and PNG)", fig, f"the same with `--workers 1`: {fmt(one)}",
                f"{one['median'] / fig['median']:.2f}× faster; goal ≤ 8 s")

        # 7. one municipality of 5,000 units
        if "large" in only:
            big_setup = ("import numpy as np\nimport orggraph\nfrom orggraph.core import vocabulary as voc\n"
                         "from orggraph.core.graph import Municipality\nrng = np.random.default_rng(5)\n"
                         "G = Municipality(municipality_id='big', name='Big')\ntasks = list(voc.TASKS)\n"
                         "for i in range(5000):\n    u = f'u{i}'\n"
                         "    G.add_node(u, kind='unit', bipartite=0, name=u, name_en=u, unit_type='other', "
                         "sector='other', level='operative', source='', quote='', note='')\n"
                         "    for t in rng.choice(tasks, size=2, replace=False):\n"
                         "        if t not in G:\n"
                         "            G.add_node(t, kind='task', bipartite=1, label=t, label_no=t, "
                         "instrument=voc.TASKS[t].instrument, level=voc.TASKS[t].level)\n"
                         "        G.add_edge(u, t, key='executes', relation='responsibility', role='executes', "
                         "source='', quote='', note='')\n")
            for name, call in (("summarize", "orggraph.summarize(G)"),
                               ("compare, full=False", "compare({'big': G}, full=False)"),
                               ("compare", "compare({'big': G})")):
                m = measure(snippet(big_setup + f"t = time.perf_counter()\n{call}\nseconds = time.perf_counter() - t"),
                            1, inner=True)
                add(f"`{name}` of one municipality, 5,000 units", m, "", f"bound: {TIMEOUT:.0f} s (then stopped)")

    header = "| what | median (min–max) | peak MiB | floor / peer in the same run | ratio / goal |"
    lines = [header, "|---|---|---|---|---|", *("| " + " | ".join(row) + " |" for row in rows)]
    text = "\n".join(lines)
    print("\n" + text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
