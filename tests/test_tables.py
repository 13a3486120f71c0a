from __future__ import annotations

import pandas as pd
import pytest

import orggraph
from orggraph.replication.tables import case_table, parse_cell


def test_case_tables_of_a_tiny_municipality(tiny):
    t33 = case_table({"testby": tiny}, "3.3").loc["testby"]
    assert t33.to_dict() == {"name": "Testby «Ø»", "provide_manage": "B&E", "allocate_dwelling": "Bk+Team",
                             "economic_support": "Bk", "allocate_follow_up": "Sos",
                             "nav_established": True}
    t35 = case_table({"testby": tiny}, "3.5").loc["testby"]
    assert t35["lead"] == "Rådm"


def test_case_table_keeps_municipalities_of_the_same_name(tiny):
    twin = tiny.copy()
    table = case_table({"testby": tiny, "testby_2": twin}, "3.5")
    assert list(table.index) == ["testby", "testby_2"] and list(table["name"]) == ["Testby «Ø»"] * 2


def test_exception_mark_from_holders_and_from_the_graph_attribute(tiny):
    tiny.add_node("allocate_care_housing", kind="task", bipartite=1)
    tiny.add_edge("sos", "allocate_care_housing", key="decides", relation="responsibility", role="decides")
    assert case_table({"t": tiny}).iloc[0]["allocate_dwelling"] == "Bk+Team**"
    tiny.graph["allowance_elsewhere"] = True
    assert case_table({"t": tiny}).iloc[0]["economic_support"] == "Bk**"


@pytest.mark.parametrize(("cell", "types", "flag"), [
    ("Team+Bk**", {"team", "housing_office"}, True),
    ("Sos,H&O,Rus", {"social", "health_care"}, False),
    ("Rus, psyk", {"health_care"}, False),
    ("Utvalg+rådm", {"forum", "admin"}, False),
    ("BkSos**", {"housing_office@social"}, True),
    ("", set(), False),
])
def test_parse_cell(cell, types, flag):
    assert parse_cell(cell) == (frozenset(types), flag)


def test_unknown_abbreviation_and_table():
    with pytest.raises(ValueError, match="unknown abbreviation `xyz`"):
        parse_cell("Team+XYZ")
    with pytest.raises(ValueError, match="unknown table `4.1`"):
        case_table({}, "4.1")


def test_published_row_with_an_unknown_column_is_named():
    from orggraph.io.datasets import dataset_path
    from orggraph.replication.tables import compare_published

    published = pd.read_csv(dataset_path("nova2008") / "published_tables.csv")
    bad = published.copy()
    bad.loc[3, "column"] = "alocate_dwelling"
    with pytest.raises(ValueError, match=r"published row 4 \(.*\): unknown column `alocate_dwelling` of Table 3"):
        compare_published(orggraph.load_dataset("nova2008"), bad)
    bad = published.copy()
    bad.loc[0, "table"] = "Table 9.9"
    with pytest.raises(ValueError, match="published row 1 .*unknown table `Table 9.9`"):
        compare_published(orggraph.load_dataset("nova2008"), bad)
