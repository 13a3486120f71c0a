"""Survey format, the report's tabulations, synthetic populations, the batch path and Dask."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import orggraph
from orggraph import batch, survey, synthetic
from orggraph.datasets import load_aggregate


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
    assert {d["role"] for *_, d in orggraph.graph.responsibility_edges(G)} == {"decides", "participates"}
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


def test_batch_path_equals_per_graph_path_on_the_22_cases(nova):
    _close(orggraph.compare(nova, batch=True), orggraph.compare(nova, batch=False))


def test_batch_path_equals_per_graph_path_on_a_synthetic_sample():
    frame = synthetic.population(400, seed=21)
    _close(orggraph.compare(frame), orggraph.compare(survey.to_graphs(frame), batch=False))


def test_bootstrap_interval_covers_the_published_share():
    graphs = survey.to_graphs(synthetic.population(2000, seed=3))
    ci = survey.bootstrap_share(graphs, task="allocate_dwelling", unit_type="team", n_resamples=500)
    assert ci["low"] < ci["estimate"] < ci["high"] and ci["high"] - ci["low"] < 5
    assert ci["low"] - 1 <= _published_alone("4.2", "all")["team"] <= ci["high"] + 1


def test_dask_on_a_local_cluster_gives_the_same_table():
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    frame = synthetic.population(1200, seed=8)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        result = orggraph.compare(dd.from_pandas(frame, npartitions=3))
        assert type(result).__module__.startswith("dask")
        got = result.compute()
    _close(got, orggraph.compare(frame))
