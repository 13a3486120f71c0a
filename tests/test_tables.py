from __future__ import annotations

import pytest

from orggraph.replication.tables import case_table, parse_cell


def test_case_tables_of_a_tiny_municipality(tiny):
    t33 = case_table({"testby": tiny}, "3.3").iloc[0]
    assert t33.to_dict() == {"provide_manage": "B&E", "allocate_dwelling": "Bk+Team",
                             "economic_support": "Bk", "allocate_follow_up": "Sos",
                             "nav_established": True}
    t35 = case_table({"testby": tiny}, "3.5").iloc[0]
    assert t35["lead"] == "Rådm"


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
