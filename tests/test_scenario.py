"""Reorganisation scenarios: changed copies, never the original; comparisons before and after."""

from __future__ import annotations

import pytest
from conftest import edge_set

import orggraph
from orggraph.analysis import scenario
from orggraph.core.graph import coordination_edges, responsibility_edges
from orggraph.io.datasets import load_planned_nav


def holders(G, task):
    return sorted(u for u, t, _ in responsibility_edges(G) if t == task)


def test_functions_leave_the_input_untouched(tiny):
    before = edge_set(tiny), dict(tiny.nodes(data=True))
    scenario.move_task(tiny, "allocate_follow_up", source="sos", target="bk")
    scenario.merge_units(tiny, ["bk", "sos"], into="bk")
    scenario.create_housing_office(tiny, ["allocate_follow_up"])
    scenario.add_team(tiny, "t2", ["be", "sos"], tasks=["allocate_follow_up"])
    scenario.add_routine(tiny, "be", "sos")
    scenario.transfer_to_nav(tiny, ["allocate_start_loan"])
    assert (edge_set(tiny), dict(tiny.nodes(data=True))) == before


def test_move_and_merge(tiny):
    H = scenario.move_task(tiny, "allocate_follow_up", source="sos", target="bk")
    assert holders(H, "allocate_follow_up") == ["bk"]
    M = scenario.merge_units(tiny, ["bk", "sos"], into="bk")
    assert "sos" not in M and holders(M, "allocate_follow_up") == ["bk"]
    assert ("bk", "team") in {(a, b) for a, b, _ in coordination_edges(M)}
    assert all(d["source"].startswith("scenario:") for u, t, d in responsibility_edges(M) if t == "allocate_follow_up")
    with pytest.raises(ValueError, match="no unit `xx`"):
        scenario.move_task(tiny, "lead", source="xx", target="bk")
    with pytest.raises(ValueError, match="unknown task `fly`"):
        scenario.move_task(tiny, "fly", source="bk", target="sos")


def test_housing_office_team_routine_nav(tiny):
    H = scenario.create_housing_office(tiny, ["allocate_dwelling", "allocate_follow_up"], parent="be")
    assert holders(H, "allocate_dwelling") == ["boligkontor"] and holders(H, "allocate_follow_up") == ["boligkontor"]
    # it takes part in leading (the rådmann keeps the decision), so it is not assigned the field's coordination
    assert orggraph.find_centre(H).unit is None
    T = scenario.add_team(tiny, "t2", ["be", "sos"], tasks=["allocate_follow_up"], secretary="sos")
    roles = {a: d["team_role"] for a, b, d in coordination_edges(T) if b == "t2"}
    assert roles == {"be": "member", "sos": "secretary"}
    with pytest.raises(ValueError, match="not a routine"):
        scenario.add_routine(tiny, "be", "sos", kind="team_membership")
    N = scenario.transfer_to_nav(tiny, ["allocate_start_loan", "allocate_temporary"])
    assert holders(N, "allocate_start_loan") == ["nav"] and N.graph["nav_established"] is True


def test_compare_reports_what_changed(tiny):
    H = scenario.add_routine(tiny, "team", "be")
    c = scenario.compare(tiny, H)
    assert list(c.diff.change) == ["added"] and c.diff.iloc[0]["role_or_kind"] == "consultation"
    assert c.metrics.loc["coordination_ties", "after"] == c.metrics.loc["coordination_ties", "before"] + 1
    assert c.metrics.loc["dwelling_bridged"].tolist() == [True, True, False]
    assert "1 tie(s) changed" in str(c)


def test_planned_nav_transfers_of_table_5_5(nova):
    planned = load_planned_nav()
    changed = scenario.apply_planned_nav(nova, planned)
    assert set(changed) == set(planned.municipality_id)
    for mid, H in changed.items():
        for task in planned[planned.municipality_id == mid].task:
            assert holders(H, task) == ["nav"], (mid, task)


def test_recommendations_on_model_4_municipalities(nova):
    fours = [m for m, G in nova.items()
             if orggraph.classify(G).model in (4, "fragmented", "insufficient information")]
    assert fours
    for mid in fours:
        co = scenario.compare(nova[mid], scenario.recommend_co_administration(nova[mid]))
        assert co.centre[1] == "boligkontor"  # assigned the coordination of the whole field (§8)
        assert co.model[1] != "insufficient information"  # its consultation routines are recorded
        team = scenario.compare(nova[mid], scenario.recommend_joint_team(nova[mid]))
        assert team.metrics.loc["coordination_coverage", "after"] >= team.metrics.loc["coordination_coverage", "before"]


def test_unknown_unit_type_is_named():
    G = orggraph.load_dataset("nova2008")["moss"]
    units = orggraph.unit_nodes(G)[:2]
    with pytest.raises(ValueError, match="unknown unit type `navv`; did you mean `nav`"):
        scenario.merge_units(G, units, into="merged", unit_type="navv")
