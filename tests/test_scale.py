"""Survey format, the report's tabulations, synthetic populations, the batch path and Dask."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import orggraph
from orggraph.analysis import batch, summary
from orggraph.io import survey
from orggraph.io.datasets import load_aggregate
from orggraph.replication import synthetic


def survey_rows_from_table_3_2() -> pd.DataFrame:
    """One survey row per municipality counted in Table 3.2 (combinations kept as printed)."""
    cells = load_aggregate("table_3_2")
    rows = []
    for rec in cells.itertuples():
        alloc = {"other_unknown": "other", "other_combinations": "kf+service+nav"}.get(rec.allocate_types,
                                                                                       rec.allocate_types)
        build = {"other_unknown": "other", "other_combinations": "be+foundation"}.get(rec.build_type,
                                                                                     rec.build_type)
        for _ in range(int(rec.count)):
            rows.append({"municipality_id": f"m{len(rows)}", "allocate_dwelling": alloc, "provide_dwellings": build})
    return pd.DataFrame(rows)


def test_crosstab_reproduces_table_3_2_from_graphs():
    table = survey.tabulate(survey.to_graphs(survey_rows_from_table_3_2()), "crosstab")
    cells = load_aggregate("table_3_2")
    alloc_key = {"other_unknown": "other_unknown", "other_combinations": "kf+nav+service"}
    for rec in cells.itertuples():
        row = alloc_key.get(rec.allocate_types, "+".join(sorted(rec.allocate_types.split("+"))))
        assert table.loc[row, rec.build_type] == rec.count, (row, rec.build_type)
    assert table.loc["Sum", "Sum"] == 292


def test_survey_csv_with_semicolons_and_several_units_in_a_cell(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_bytes("Municipality_ID;Name;Population;Size_class;allocate_dwelling;provide_dwellings\n"
                     "0104;Moss;28 633;larger;Team / B&E;KF\n"
                     "1738;Lierne;1485;small;team+sos;B&E\n".encode("cp1252"))
    frame = survey.read_survey(path)
    assert frame.loc[0, "allocate_dwelling"] == "be+team"
    assert frame.loc[0, "population"] == 28633
    graphs = survey.to_graphs(frame)
    G = graphs["0104"]
    assert G.graph["size_class"] == "larger"
    assert {d["role"] for *_, d in orggraph.core.graph.responsibility_edges(G)} == {"decides", "participates"}
    # survey graphs follow the case schema: they write and read back
    orggraph.write_dataset(graphs, tmp_path / "out")
    assert set(orggraph.read_dataset(tmp_path / "out")) == {"0104", "1738"}


def test_survey_errors_name_file_row_and_column(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("municipality_id,size_class,allocate_dwelling,colour\na,tiny,team+boss,red\n")
    with pytest.raises(orggraph.ValidationError) as info:
        survey.read_survey(path)
    text = [str(p) for p in info.value.problems]
    assert f"{path} [survey], field `colour`: unknown column: not an attribute or a task code" in text
    assert f"{path} [survey] row 2, field `allocate_dwelling`: unknown unit type `boss`" in text
    assert any("row 2, field `size_class`: unknown size class `tiny`" in t for t in text)


def test_tabulate_layouts_by_hand():
    frame = pd.DataFrame({"municipality_id": list("abcd"), "size_class": ["small", "small", "large", "large"],
                          "allocate_dwelling": ["team", "team+be", "social", "team"],
                          "allocate_start_loan": ["social", "social", "", "nav"]})
    g = survey.to_graphs(frame)
    t = survey.tabulate(g)
    assert t.loc[("team", "alone"), "small"] == 50.0 and t.loc[("team", "alone"), "all"] == 50.0
    assert t.loc[("team", "participates"), "small"] == 50.0 and t.loc[("be", "participates"), "all"] == 25.0
    assert t.loc[("n", ""), "all"] == 4
    tasks = survey.tabulate(g, "tasks")
    assert tasks.loc[("social", "alone"), "allocate_start_loan"] == 50.0
    with pytest.raises(ValueError, match="unknown layout"):
        survey.tabulate(g, "pie")


def test_synthetic_is_reproducible_and_well_formed():
    a, b = synthetic.population(200, seed=5), synthetic.population(200, seed=5)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(synthetic.population(200, seed=6))
    assert set(a.size_class) <= set(survey.SIZE_CLASSES)
    graphs = survey.to_graphs(a)
    nav_units = {mid for mid, G in graphs.items() if "nav" in G}
    assert nav_units <= set(a.municipality_id[a.nav_established])


def _published_alone(table: str, size: str) -> pd.Series:
    pub = load_aggregate("table_4_alone_participates")
    pub = pub[(pub.table.astype(str) == table) & (pub.size_class == size) & (pub.measure == "alone")]
    return pub.set_index("unit_type").percent


def test_calibration_292_within_sampling_error():
    """A population of 292 reproduces the published marginals within sampling error (fixed seeds)."""
    cells = load_aggregate("table_3_2")
    failures = 0
    for seed in range(5):
        frame = synthetic.population(292, seed=seed)
        graphs = survey.to_graphs(frame)
        # Table 3.2 margins: chi-square goodness of fit on the build/buy column categories
        cross = survey.tabulate(graphs, "crosstab")
        expected = cells.groupby("build_type")["count"].sum()
        observed = cross.loc["Sum"].drop("Sum").reindex(expected.index, fill_value=0)
        p = stats.chisquare(observed.to_numpy(), expected.to_numpy() * observed.sum() / expected.sum()).pvalue
        failures += p < 0.01
        # Tables 4.1-4.3, "alone" shares of all municipalities: within 3 standard errors (+1 for rounding)
        for task, table in (("provide_dwellings", "4.1"), ("allocate_dwelling", "4.2"),
                            ("allocate_start_loan", "4.3")):
            got = survey.tabulate(graphs, task=task)["all"]
            for unit_type, pct in _published_alone(table, "all").items():
                if unit_type not in survey.voc.UNIT_TYPES:
                    continue
                se = 100 * np.sqrt(pct / 100 * (1 - pct / 100) / 292)
                assert abs(got[(unit_type, "alone")] - pct) <= 3 * se + 1, (seed, table, unit_type)
    assert failures <= 1  # at most one of five seeds below p = 0.01


def test_large_population_converges():
    graphs = survey.to_graphs(synthetic.population(20_000, seed=11))
    for task, table in (("provide_dwellings", "4.1"), ("allocate_dwelling", "4.2"), ("allocate_start_loan", "4.3")):
        tab = survey.tabulate(graphs, task=task)
        for size in ("all", "small", "large"):
            pub = _published_alone(table, size)
            diffs = [abs(tab.loc[(u, "alone"), size] - pct) for u, pct in pub.items() if u in survey.voc.UNIT_TYPES]
            # size-class shares come from reweighting Table 3.2 (approximate); all-municipality shares are close
            assert max(diffs) <= (2.0 if size == "all" else 6.0), (table, size, max(diffs))
    nav = sum(bool(G.graph["nav_established"]) for G in graphs.values()) / len(graphs)
    assert abs(nav - synthetic.NAV_SHARE) < 0.02


def _close(a: pd.DataFrame, b: pd.DataFrame) -> None:
    cols = list(batch.CORE_METRICS)
    assert list(a.index) == list(b.index)
    np.testing.assert_allclose(a[cols].astype(float).to_numpy(), b[cols].astype(float).to_numpy(),
                               rtol=1e-12, atol=1e-12)


def _per_graph(graphs) -> pd.DataFrame:
    """The reference: summarize and classify graph by graph."""
    rows = {}
    for mid, G in graphs.items():
        c = orggraph.classify(G)
        rows[mid] = {**orggraph.summarize(G).to_dict(), "model": str(c.model), "centre": c.centre.unit or ""}
    return pd.DataFrame.from_dict(rows, orient="index")


def _same_metrics(table: pd.DataFrame, ref: pd.DataFrame) -> None:
    assert list(table.index) == list(ref.index)
    for col in summary.METRICS:
        np.testing.assert_allclose(table[col].astype(float).to_numpy(), ref[col].astype(float).to_numpy(),
                                   rtol=0, atol=1e-9, err_msg=col)
    assert table["model"].tolist() == ref["model"].tolist()
    assert table["centre"].tolist() == ref["centre"].tolist()


def test_compare_equals_summarize_and_classify_graph_by_graph_on_the_22_cases(nova):
    _same_metrics(orggraph.compare(nova), _per_graph(nova))


def test_compare_of_a_frame_equals_compare_of_its_graphs_and_the_per_graph_reference():
    frame = synthetic.population(400, seed=21)
    graphs = survey.to_graphs(frame)
    table = orggraph.compare(frame)
    pd.testing.assert_frame_equal(table, orggraph.compare(graphs))
    _same_metrics(table, _per_graph(graphs))


def test_compare_has_one_schema_whatever_the_size_order_and_path():
    graphs = survey.to_graphs(synthetic.population(1001, seed=31))
    ids = list(graphs)
    small = orggraph.compare({m: graphs[m] for m in ids[:1000]})
    rng = np.random.default_rng(0)
    shuffled = [ids[i] for i in rng.permutation(len(ids))]
    large = orggraph.compare({m: graphs[m] for m in shuffled})
    assert list(small.columns) == list(large.columns) == summary.columns()
    assert list(small.dtypes) == list(large.dtypes)
    pd.testing.assert_frame_equal(small, large.loc[ids[:1000]])
    # one table per option on every path: the frame path and full=False give the same columns in the same order
    frame = synthetic.population(1001, seed=31)
    pd.testing.assert_frame_equal(orggraph.compare(frame), large.loc[ids])
    core = orggraph.compare({m: graphs[m] for m in shuffled}, full=False)
    assert list(core.columns) == summary.columns(full=False)
    pd.testing.assert_frame_equal(core, large[summary.columns(full=False)])
    pd.testing.assert_frame_equal(orggraph.compare(frame, full=False), core.loc[ids])
    # workers give the same table
    pd.testing.assert_frame_equal(orggraph.compare(frame.iloc[:300], workers=2), large.loc[ids[:300]])


def test_compare_of_graphs_with_workers_equals_one_process():
    """Forked workers receive the graphs by inheritance and only chunk bounds; the table is the same."""
    graphs = survey.to_graphs(synthetic.population(300, seed=41))
    one = orggraph.compare(graphs)
    pd.testing.assert_frame_equal(orggraph.compare(graphs, workers=2), one)
    pd.testing.assert_frame_equal(orggraph.compare(graphs, workers=3, progress=True), one)


def test_compare_accepts_an_iterable_of_graphs_or_one_graph(nova):
    table = orggraph.compare(nova)
    pd.testing.assert_frame_equal(orggraph.compare(list(nova.values())), table)
    pd.testing.assert_frame_equal(orggraph.compare(nova.values()), table)
    pd.testing.assert_frame_equal(orggraph.compare(G for G in nova.values()), table)
    pd.testing.assert_frame_equal(orggraph.compare(nova["ski"]), table.loc[["ski"]])
    nameless = nova["ski"].copy()
    del nameless.graph["municipality_id"]
    with pytest.raises(orggraph.OrgGraphError, match="no `municipality_id`"):
        orggraph.compare([nova["moss"], nameless])
    with pytest.raises(orggraph.OrgGraphError, match="two graphs have municipality_id `ski`"):
        orggraph.compare([nova["ski"], nova["ski"].copy()])
    with pytest.raises(TypeError, match="item 1 of `graphs` is a str"):
        orggraph.compare([nova["ski"], "moss"])
    with pytest.raises(TypeError, match="got str"):
        orggraph.compare("nova2008")
    with pytest.raises(orggraph.OrgGraphError, match="no graphs"):
        orggraph.compare([])


def test_plot_plane_takes_the_compare_table(nova, tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    from orggraph.drawing import plot

    table = orggraph.compare(nova)
    assert set(table["model"]) <= {"1", "2", "3", "4", "fragmented", "insufficient information"}
    _, ax = plot.plot_plane(table, filepath=tmp_path / "plane.png", close=True)
    assert (tmp_path / "plane.png").stat().st_size > 0
    assert len(ax.get_legend().get_texts()) == table["model"].nunique()


def test_fast_search_metrics_equal_networkx_to_1e9(nova):
    """igraph/numpy implementations against networkx on the same unit graphs (cases and survey graphs)."""
    import networkx as nx

    from orggraph.analysis import brokerage, metrics

    graphs = [*nova.values(), *survey.to_graphs(synthetic.population(150, seed=41)).values()]
    for G in graphs:
        H = nx.Graph()  # the unit graph built the plain way: coordination ties (not part_of) and shared tasks
        H.add_nodes_from(orggraph.unit_nodes(G))
        H.add_edges_from((a, b) for a, b, d in orggraph.core.graph.coordination_edges(G)
                         if d["kind"] in metrics.COORDINATING_KINDS)
        for t in orggraph.task_nodes(G):
            hs = metrics.holders(G, t)
            H.add_edges_from((a, b) for i, a in enumerate(hs) for b in hs[i + 1:])
        ref = {u: dict.fromkeys(brokerage.ROLES, 0) for u in H}
        for b in H:  # Gould-Fernandez by enumeration
            nbrs = sorted(H[b])
            for i, a in enumerate(nbrs):
                for c in nbrs[i + 1:]:
                    if H.has_edge(a, c):
                        continue
                    ga, gb, gc = (G.nodes[x].get("sector") for x in (a, b, c))
                    role = ("coordinator" if ga == gb == gc else "consultant" if ga == gc else
                            "gatekeeper_representative" if gb in (ga, gc) else "liaison")
                    ref[b][role] += 1
        roles = brokerage.brokerage_roles(G)
        assert roles.to_dict(orient="index") == ref
        con = brokerage.constraint(G)
        want = pd.Series(nx.constraint(H), dtype=float).reindex(con.index)
        np.testing.assert_allclose(con.to_numpy(), want.to_numpy(), atol=1e-9, rtol=0)
        assert brokerage.bridges(G) == sorted(tuple(sorted(e)) for e in nx.bridges(H))
        comp = metrics.components(G)
        assert comp["articulation_units"] == len(list(nx.articulation_points(H)))
        assert comp["components"] == (nx.number_connected_components(H) if len(H) else 0)
        units = orggraph.unit_nodes(G)
        if not units or not orggraph.task_nodes(G):
            continue
        two = nx.Graph()
        two.add_nodes_from(G.nodes)
        two.add_edges_from((u, t) for u, t, _ in orggraph.core.graph.responsibility_edges(G))
        cen = metrics.centrality(G)
        try:
            btw = nx.bipartite.betweenness_centrality(two, units)
        except ZeroDivisionError:
            btw = nx.betweenness_centrality(two)
        np.testing.assert_allclose(cen["betweenness"].to_numpy(), [btw[u] for u in units], atol=1e-9, rtol=0)
        deg = nx.bipartite.degree_centrality(two, units)
        np.testing.assert_allclose(cen["degree"].to_numpy(), [deg[u] for u in units], atol=1e-9, rtol=0)


def _nodf_reference(m: np.ndarray) -> float:
    scores = []
    for mat in (m, m.T):
        fill = mat.sum(axis=1)
        for i in range(len(mat)):
            for j in range(i + 1, len(mat)):
                hi, lo = (i, j) if fill[i] >= fill[j] else (j, i)
                scores.append(0.0 if fill[hi] == fill[lo] or fill[lo] == 0
                              else 100 * float((mat[hi] & mat[lo]).sum()) / fill[lo])
    return float(np.mean(scores)) if scores else 0.0


def _brim_reference(m: np.ndarray, starts: int = 20, seed: int = 0) -> float:
    """BRIM start by start, as first written (one start, one loop), returning the best modularity."""
    import math
    import random

    a = m.astype(float)
    edges = a.sum()
    b = a - np.outer(a.sum(axis=1), a.sum(axis=0)) / edges
    rng = random.Random(seed)
    best_q = -math.inf
    for c in range(1, len(a) + 1):
        for _ in range(starts):
            gu = np.array([rng.randrange(c) for _ in range(len(a))])
            for _ in range(50):
                gt = np.argmax(b.T @ np.eye(c)[gu], axis=1)
                new_gu = np.argmax(b @ np.eye(c)[gt], axis=1)
                if (new_gu == gu).all():
                    break
                gu = new_gu
            q = float((b * (gu[:, None] == gt[None, :])).sum() / edges)
            best_q = max(best_q, q) if q > best_q + 1e-12 else best_q
    return best_q


def test_vectorised_ecology_equals_the_loops(nova):
    from orggraph.analysis import ecology

    graphs = [*nova.values(), *survey.to_graphs(synthetic.population(100, seed=42)).values()]
    for G in graphs:
        m = ecology.incidence(G).to_numpy()
        if not m.size:
            continue
        got = ecology.summarize_ecology(G)
        assert got["nodf"] == pytest.approx(_nodf_reference(m), abs=1e-9)
        # never below the random-start BRIM loop; above it where a Louvain start finds a better partition
        assert got["modularity"] >= _brim_reference(m) - 1e-9
        sets = [set(np.flatnonzero(r)) for r in m]
        pairs = [len(x & y) / len(x | y) for i, x in enumerate(sets) for y in sets[i + 1:]]
        assert got["niche_overlap"] == pytest.approx(float(np.mean(pairs)) if pairs else float("nan"),
                                                     abs=1e-9, nan_ok=True)


def test_bootstrap_interval_covers_the_published_share():
    graphs = survey.to_graphs(synthetic.population(2000, seed=3))
    ci = survey.bootstrap_share(graphs, task="allocate_dwelling", unit_type="team", n_resamples=500)
    assert ci["low"] < ci["estimate"] < ci["high"] and ci["high"] - ci["low"] < 5
    assert ci["low"] - 1 <= _published_alone("4.2", "all")["team"] <= ci["high"] + 1


def test_dask_on_a_local_cluster_gives_the_same_table():
    dask = pytest.importorskip("dask")
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    frame = synthetic.population(1200, seed=8)
    # Dask's own option to store text as pyarrow strings (on by default under pandas 2) is not orggraph's to test
    with dask.config.set({"dataframe.convert-string": False}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                     dashboard_address=":0") as cluster, distributed.Client(cluster):
        result = orggraph.compare(dd.from_pandas(frame, npartitions=3), full=False)
        assert type(result).__module__.startswith("dask")
        got = result.compute()
    pd.testing.assert_frame_equal(got, orggraph.compare(frame, full=False))


def test_the_advised_worker_environment_reaches_worker_processes(tmp_path):
    """compare's Notes advise a Dask setting: it must reach the workers' processes, and the table stay the same."""
    dask = pytest.importorskip("dask")
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    key, value = "distributed.nanny.pre-spawn-environ.MALLOC_MMAP_THRESHOLD_", 16 * 2**20
    assert f'"{key}": 16 * 2**20' in orggraph.compare.__doc__  # the advice is the setting tested here
    frame = synthetic.population(1200, seed=8)
    frame.iloc[:600].to_parquet(tmp_path / "a.parquet", index=False)
    frame.iloc[600:].to_parquet(tmp_path / "b.parquet", index=False)
    with dask.config.set({key: value}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                     dashboard_address=":0") as cluster, distributed.Client(cluster) as client:
        seen = client.run(lambda: os.environ.get("MALLOC_MMAP_THRESHOLD_"))
        orggraph.compare(dd.read_parquet(sorted(map(str, tmp_path.glob("*.parquet")))),
                         full=False).to_parquet(tmp_path / "out")
    assert sorted(seen.values()) == [str(value)] * 2
    got = pd.read_parquet(tmp_path / "out")
    want = orggraph.compare(frame, full=False)
    assert got.index.tolist() == want.index.tolist()
    pd.testing.assert_frame_equal(_pandas_text(got, want), want, check_index_type=False)


def _pandas_text(got: pd.DataFrame, like: pd.DataFrame) -> pd.DataFrame:
    """`got` with Dask's text (pyarrow strings, NA) as the pandas table `like` holds it (object, None)."""
    text = [c for c in like.columns if like[c].dtype == object]
    back = got.astype({c: object for c in text})
    for c in text:
        back[c] = back[c].where(back[c].notna(), None)
    return back


# ------------------------------------------------------------------ issue 13: the survey path at speed


def test_survey_reader_checks_each_cell_as_written(tmp_path):
    """The vectorised checks read every cell as the definitions say: formula escapes undone, spaces in numbers."""
    path = tmp_path / "s.csv"
    path.write_text("municipality_id,name,population,allocate_dwelling\n"
                    "a,'=SUM(A1),28 633,team\n"
                    "b,'plain,1\u00a0234,Sos\n"
                    "c,C,12.5,\n"
                    "d,D,,be\n", encoding="utf-8")
    frame = survey.read_survey(path)
    assert frame["name"].tolist() == ["=SUM(A1)", "'plain", "C", "D"]
    assert frame["population"].tolist()[:3] == [28633.0, 1234.0, 12.5] and np.isnan(frame["population"][3])
    path.write_text("municipality_id,population\na,1e999\nb," + "9" * 400 + "\nc,12\n", encoding="utf-8")
    with pytest.raises(orggraph.ValidationError) as err:
        survey.read_survey(path)  # numbers too large for a float are infinite: refused, with their rows
    assert [(p.row, p.field) for p in err.value.problems] == [(2, "population"), (3, "population")]
    path.write_text("municipality_id,population\na,many\nb,7\n", encoding="utf-8")
    with pytest.raises(orggraph.ValidationError, match=r"row 2, field `population`: expected a number"):
        survey.read_survey(path)


def test_survey_command_does_not_depend_on_row_order(tmp_path, capsys):
    from orggraph import cli

    frame = synthetic.population(3000, seed=12)
    frame["population"] = np.random.default_rng(1).integers(500, 600_000, len(frame))
    frame.to_csv(tmp_path / "a.csv", index=False)
    frame.sample(frac=1, random_state=2).to_csv(tmp_path / "b.csv", index=False)
    printed = []
    for name in ("a", "b"):
        assert cli.main(["survey", str(tmp_path / f"{name}.csv"), "--out", str(tmp_path / f"{name}.out.csv")]) == 0
        printed.append(capsys.readouterr().out.replace(f"{name}.out.csv", ""))
    assert printed[0] == printed[1]  # the report's tables
    a, b = (pd.read_csv(tmp_path / f"{n}.out.csv", dtype=str, keep_default_na=False) for n in "ab")
    assert a["municipality_id"].tolist() == frame["municipality_id"].tolist()  # rows in the order given
    pd.testing.assert_frame_equal(a.sort_values("municipality_id", ignore_index=True),
                                  b.sort_values("municipality_id", ignore_index=True))


def test_tables_from_the_frame_equal_the_tables_from_graphs():
    frame = synthetic.population(2500, seed=14).sample(frac=1, random_state=3)
    graphs = survey.to_graphs(frame)
    for layout, options in (("alone_participates", {"task": "allocate_start_loan"}), ("tasks", {}),
                            ("crosstab", {})):
        pd.testing.assert_frame_equal(survey.tabulate(frame, layout, **options),
                                      survey.tabulate(graphs, layout, **options))


def test_one_decoder_of_task_cells_refuses_what_is_not_normalised():
    codes, types = survey.decode_cells(pd.Series(["be+team", "nav", "be+team"], name="allocate_dwelling"))
    assert [types[c] for c in codes] == [("be", "team"), ("nav",), ("be", "team")]
    raw = pd.DataFrame({"municipality_id": ["a"], "allocate_dwelling": ["Team / B&E"]})
    with pytest.raises(ValueError, match=r"pack_survey: `allocate_dwelling` holds `Team / B&E`.*normalise first"):
        batch.pack_survey(raw)
    pd.testing.assert_frame_equal(batch.core_metrics(batch.pack_survey(survey.normalise(raw))),
                                  batch.core_metrics(batch.pack_survey(survey.normalise(raw.iloc[:, ::-1]))))


def test_compare_of_a_frame_has_its_schema_with_no_rows():
    frame = synthetic.population(50, seed=15)
    for full in (False, True):
        some, none = orggraph.compare(frame.iloc[:5], full=full), orggraph.compare(frame.iloc[:0], full=full)
        assert none.empty and list(none.columns) == list(some.columns) == summary.columns(full=full)
        assert none.dtypes.equals(some.dtypes) and none.index.dtype == some.index.dtype


def test_dask_schema_reads_no_partition_and_matches_what_is_computed():
    dask = pytest.importorskip("dask")
    dd = pytest.importorskip("dask.dataframe")
    frame = synthetic.population(900, seed=16)
    read = []

    def partition(i: int) -> pd.DataFrame:
        read.append(i)
        return frame.iloc[300 * i:300 * (i + 1)]

    # Dask's own option to store text as pyarrow strings (on by default under pandas 2) is not orggraph's to test
    with dask.config.set({"dataframe.convert-string": False}):
        parts = dd.from_map(partition, range(3), meta=frame.iloc[:0])
        result = orggraph.compare(parts, full=False)
        assert read == []  # the output schema came from the meta alone
        got = result.compute(scheduler="sync")
    assert sorted(read) == [0, 1, 2]
    assert list(result.columns) == list(got.columns) and result.dtypes.equals(got.dtypes)
    pd.testing.assert_frame_equal(got, orggraph.compare(frame, full=False))
    with pytest.raises(orggraph.ValidationError, match="colour"):  # refused before any partition is read
        orggraph.compare(dd.from_map(partition, range(3), meta=frame.iloc[:0].assign(colour="")), full=False)


def test_the_survey_command_loads_only_what_it_uses(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "s.csv"
    synthetic.population(50, seed=17).to_csv(path, index=False)
    code = ("import sys, contextlib, io\nfrom orggraph.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    assert main(['survey', {str(path)!r}]) == 0\n"
            "print(sorted(m for m in ('openpyxl', 'matplotlib', 'pygraphviz', 'scipy', 'igraph') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_tabulate_and_bootstrap_refuse_what_would_give_zeros():
    """A mistyped task, grouping, measure or unit type is an error, not a table or share of zeros."""
    frame = synthetic.population(200, seed=1)
    graphs = survey.to_graphs(frame)
    for data in (frame, graphs):
        with pytest.raises(ValueError, match="unknown task `allocate_dwellng`; did you mean `allocate_dwelling`"):
            survey.tabulate(data, task="allocate_dwellng")
        with pytest.raises(ValueError, match="no municipality has `sizeclass`"):
            survey.tabulate(data, by="sizeclass")
    with pytest.raises(ValueError, match="nothing to tabulate"):
        survey.tabulate(frame.iloc[:0])
    with pytest.raises(ValueError, match="unknown measure `participate`"):
        survey.bootstrap_share(graphs, task="allocate_dwelling", unit_type="team", measure="participate")
    with pytest.raises(ValueError, match="unknown unit type `teams`"):
        survey.bootstrap_share(graphs, task="allocate_dwelling", unit_type="teams")
    with pytest.raises(ValueError, match="unknown task `allocate`"):
        survey.bootstrap_share(graphs, task="allocate", unit_type="team")


def test_core_metrics_kept_between_calls_change_no_result(monkeypatch):
    """The frame path keeps each task-cell combination's core metrics for later calls (Dask partitions):
    whatever was computed before, in whatever order, on however many threads, the table is the same."""
    from concurrent.futures import ThreadPoolExecutor

    frame = synthetic.population(3000, seed=21)
    # two cells naming the same units ("" and missing) are one combination
    frame.loc[frame.index[:40], "allocate_grant"] = ""
    frame.loc[frame.index[40:80], "allocate_grant"] = None
    summary._CORE_MEMO.clear()
    cold = orggraph.compare(frame, full=False)
    parts = [frame.iloc[i::7] for i in range(7)]
    monkeypatch.setattr(summary._CoreMemo, "LIMIT", 300)  # emptied many times on the way
    for order in (range(7), reversed(range(7))):
        summary._CORE_MEMO.clear()
        got = pd.concat([orggraph.compare(parts[i], full=False) for i in order])
        pd.testing.assert_frame_equal(got.loc[cold.index], cold)
    monkeypatch.undo()
    summary._CORE_MEMO.clear()
    with ThreadPoolExecutor(4) as pool:
        tables = list(pool.map(lambda p: orggraph.compare(p, full=False), parts * 3))
    for k in range(3):
        pd.testing.assert_frame_equal(pd.concat(tables[7 * k:7 * k + 7]).loc[cold.index], cold)
    pd.testing.assert_frame_equal(orggraph.compare(frame, full=False), cold)  # now every lookup is a hit


@pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.set_index")  # Dask's to_parquet, pandas 3.1
def test_dask_text_follows_dask_string_option_and_writes_parquet(tmp_path):
    dask = pytest.importorskip("dask")
    dd = pytest.importorskip("dask.dataframe")
    frame = synthetic.population(600, seed=22).assign(size_class="")  # a text column with nothing in it
    expected = orggraph.compare(frame, full=False)
    text = [c for c in expected.columns if expected[c].dtype == object]
    for setting, dtype in ((None, pd.StringDtype("pyarrow")), (True, pd.StringDtype("pyarrow")), (False, object)):
        with dask.config.set({"dataframe.convert-string": setting}):
            result = orggraph.compare(dd.from_pandas(frame, npartitions=3, sort=False), full=False)
            got = result.compute(scheduler="sync")
            assert result.dtypes.equals(got.dtypes) and all(got[c].dtype == dtype for c in text)
            back = _pandas_text(got, expected)
            back.index = back.index.astype(expected.index.dtype)
            pd.testing.assert_frame_equal(back, expected)
            if setting is None:  # straight to Parquet: the schema comes from the dtypes, not from guessing
                result.to_parquet(tmp_path / "out", compute_kwargs={"scheduler": "sync"})
                written = pd.read_parquet(tmp_path / "out")
                assert len(written) == len(frame) and written["size_class"].isna().all()


def test_compare_full_names_the_survey_rows_that_name_no_unit():
    frame = pd.DataFrame({"municipality_id": ["a", "b", "c"], "allocate_dwelling": ["nav", "", None],
                          "manage_dwellings": ["be", "", ""]})
    assert orggraph.compare(frame, full=False)["units"].tolist() == [2, 0, 0]
    with pytest.raises(orggraph.ValidationError) as err:
        orggraph.compare(frame)
    assert [(p.row, p.field) for p in err.value.problems] == [(3, None), (4, None)]
    assert "`b` names no unit in any task cell" in str(err.value) and "full=False" in str(err.value)


def test_compare_of_a_frame_reads_missing_text_alike_in_every_string_dtype():
    """A missing or empty name is the id, a missing or empty size class is missing: None, NaN or NA alike."""
    frame = synthetic.population(30, seed=23)
    frame.loc[frame.index[:3], "name"] = [None, "", "Named"]
    frame.loc[frame.index[:3], "size_class"] = [None, "", "small"]
    tables = []
    dtypes = [object, pd.StringDtype("python"), pd.StringDtype("pyarrow")]
    if int(pd.__version__.split(".")[0]) >= 3:  # pandas 3's default "str" (NaN for missing); pandas 2 writes "None"
        dtypes.append("str")
    for dtype in dtypes:
        typed = frame.astype({c: dtype for c in ("municipality_id", "name", "size_class")})
        tables.append(orggraph.compare(typed, full=False))
    for table in tables[1:]:
        pd.testing.assert_frame_equal(table, tables[0])
    first = tables[0].iloc[:3]
    assert first["name"].tolist() == [frame["municipality_id"].iloc[0], frame["municipality_id"].iloc[1], "Named"]
    assert first["size_class"].tolist() == [None, None, "small"]
