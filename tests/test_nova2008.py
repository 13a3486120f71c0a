"""The bundled 22 case municipalities: coverage, provenance, and the report's tables regenerated."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import report_path

import orggraph
from orggraph.core.graph import coordination_edges, responsibility_edges, unit_nodes
from orggraph.io.datasets import dataset_path, load_judgements, load_planned_nav
from orggraph.replication.tables import compare_published

FOLDER = dataset_path("nova2008")


def test_22_municipalities_with_table_v1(nova):
    assert len(nova) == 22
    pops = {G.graph["name"]: G.graph["population_2007"] for G in nova.values()}
    assert min(pops, key=pops.get) == "Lierne"
    assert max(pops, key=pops.get) == "Kristiansand"
    assert all(len(G.graph["kommunenr"]) == 4 for G in nova.values())
    assert sum(bool(G.graph["nav_established"]) for G in nova.values()) == 8  # Table 5.4 has 8 rows


def test_every_row_cites_a_source(nova):
    for G in nova.values():
        assert G.graph["source"]
        for u in unit_nodes(G):
            assert G.nodes[u]["source"], u
        for *_, d in responsibility_edges(G) + coordination_edges(G):
            assert d["source"]


def test_every_team_but_the_unnamed_ones_has_members(nova):
    problems = orggraph.validate(FOLDER)
    assert all(p.severity == "warning" for p in problems)
    assert all("has no members" in p.message for p in problems)
    assert len(problems) <= 4


@pytest.mark.skipif(report_path() is None, reason="the report's text (../shared) is not beside this checkout")
def test_every_quote_stands_in_the_report():
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    from check_quotes import missing_quotes

    assert missing_quotes(FOLDER, report_path()) == []


def test_tables_regenerate_except_the_documented_deviations(nova):
    published = pd.read_csv(FOLDER / "published_tables.csv", dtype=str, keep_default_na=False)
    assert len(published) == 22 * 5 + 22 * 4
    cmp = compare_published(nova, published)
    assert len(cmp) == len(published)
    wrong = cmp[~cmp.match]
    found = set(zip(wrong.table, wrong.municipality, wrong.column, wrong.regenerated, strict=True))
    known = pd.read_csv(FOLDER / "table_deviations.csv", dtype=str, keep_default_na=False)
    listed = set(zip(known.table, known.municipality, known.column, known.regenerated, strict=True))
    assert found == listed
    assert (known.explanation.str.len() > 20).all()
    # the transcription and the listed published values agree
    pub = dict(zip(zip(published.table, published.municipality, published.column, strict=True),
                   published.published, strict=True))
    for rec in known.itertuples():
        assert pub[(rec.table, rec.municipality, rec.column)] == rec.published


def test_judgements_are_separate_and_cover_the_named_municipalities(nova):
    j = load_judgements()
    assert set(j.municipality_id) <= set(nova)
    models = j[j.judgement == "model"]
    named = set(models.municipality_id)
    # §3.5 names 7 model-1, 2 model-2, 4+3 model-3 and Hamar for model 4; Fjell resembles model 1
    assert {"tromso", "ski", "porsgrunn", "randaberg", "lorenskog", "skaun", "vefsn"} <= named
    assert {"kristiansand", "tonsberg", "asker", "drammen", "grimstad", "molde", "hamar"} <= named
    own = set(j[(j.judgement == "own_leadership") & (j.value == "true")].municipality_id)
    assert own == {"porsgrunn", "ski", "tromso", "randaberg", "skaun", "kristiansand", "vefsn"}
    for G in nova.values():  # graph-level attributes never carry a judgement
        assert not {"model", "judgement"} & set(G.graph)


def test_planned_nav_transfers_table_5_5():
    planned = load_planned_nav()
    counts = planned.groupby("municipality_id").size().to_dict()
    assert counts == {"drammen": 5, "grimstad": 1, "lorenskog": 3, "molde": 5, "moss": 5,
                      "ralingen": 3, "tromso": 1}
    assert set(planned.task) <= set(orggraph.core.vocabulary.TASKS)


def test_companion_tables_of_a_dataset_without_them_are_refused_by_name():
    from orggraph.io.datasets import load_judgements, load_planned_nav

    for load, file in ((load_judgements, "judgements.csv"), (load_planned_nav, "nav_planned.csv")):
        with pytest.raises(ValueError, match=f"`nova2008_aggregates` has no {file}; nova2008 has one"):
            load("nova2008_aggregates")


def test_confusion_refuses_a_comparison_the_table_lacks():
    from orggraph.replication.agreement import agreement, confusion

    table = agreement(orggraph.load_dataset("nova2008"))
    with pytest.raises(ValueError, match="no comparison `modle` in the agreement table"):
        confusion(table, "modle")
    with pytest.raises(ValueError, match="no rows `everything`"):
        confusion(table, "model", rows="everything")
