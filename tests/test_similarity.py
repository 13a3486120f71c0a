"""Structural distance, named differences, peers, the diff chart and the structural map."""

from __future__ import annotations

import copy
import math

import matplotlib
import numpy as np
import pandas as pd
import pytest
from conftest import TINY_TABLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import orggraph
from orggraph.analysis import scenario, similarity
from orggraph.core.graph import responsibility_edges
from orggraph.drawing.diffchart import DIFF_MARKS, diff_graph, draw_diff
from orggraph.drawing.structure_map import classical_mds, plot_map

matplotlib.use("Agg")


def build(tables):
    checked, problems = orggraph.core.schema.check_tables(tables, file="test")
    assert [p for p in problems if p.severity == "error"] == []
    return orggraph.from_tables(checked)


def relabelled(G, rng, *, prefix="x"):
    """`G` with every unit id and name replaced and every table's rows shuffled."""
    tables = orggraph.to_tables({"m": G})
    units = [r["unit_id"] for r in tables["units"]]
    new = {u: f"{prefix}{i}_{rng.integers(10**6)}" for i, u in enumerate(rng.permutation(units))}
    for r in tables["units"]:
        r["unit_id"], r["name"], r["name_en"] = new[r["unit_id"]], f"Unit {rng.integers(10**6)}", ""
    for r in tables["responsibilities"]:
        r["unit_id"] = new[r["unit_id"]]
    for r in tables["coordination"]:
        r["from_unit"], r["to_unit"] = new[r["from_unit"]], new[r["to_unit"]]
    for r in tables["municipalities"]:
        r["name"] = f"Somewhere {rng.integers(10**6)}"
    for name in ("municipalities", "units", "responsibilities", "coordination"):
        tables[name] = [tables[name][i] | {"municipality_id": "m"} for i in rng.permutation(len(tables[name]))]
    return build(tables)["m"]


# --- distance ---------------------------------------------------------------------------------------------


def test_distance_is_a_distance_on_the_22(nova):
    d = similarity.distances(nova)
    assert d.shape == (22, 22) and list(d.index) == list(nova) == list(d.columns)
    assert np.allclose(d, d.T) and np.allclose(np.diag(d), 0)
    off = d.to_numpy()[~np.eye(22, dtype=bool)]
    assert (off > 0).all() and (off <= math.sqrt(2) + 1e-12).all()
    # the triangle inequality holds: the WL distance is a Euclidean distance between feature vectors
    a = d.to_numpy()
    assert (a[:, None, :] <= a[:, :, None] + a[None, :, :] + 1e-9).all()
    assert similarity.distance(nova["ski"], nova["tromso"]) == pytest.approx(d.loc["ski", "tromso"])


def test_distances_do_not_depend_on_the_order_of_the_inputs(nova):
    ids = list(nova)
    d = similarity.distances(nova)
    rev = similarity.distances({i: nova[i] for i in reversed(ids)})
    pd.testing.assert_frame_equal(rev.loc[ids, ids], d, check_names=False)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), pair=st.sampled_from([("hamar", "skaun"), ("lierne", "ski"),
                                                              ("tonsberg", "lorenskog"), ("moss", "moss")]))
def test_relabelling_ids_and_names_changes_no_distance(nova, seed, pair):
    rng = np.random.default_rng(seed)
    a, b = nova[pair[0]], nova[pair[1]]
    ra, rb = relabelled(a, rng, prefix="p"), relabelled(b, rng, prefix="q")
    assert similarity.distance(ra, rb) == pytest.approx(similarity.distance(a, b), abs=1e-12)
    assert similarity.distance(ra, a) == pytest.approx(0, abs=1e-12)
    pd.testing.assert_frame_equal(similarity.diff(ra, rb, names=("A", "B")), similarity.diff(a, b, names=("A", "B")))


def test_typed_changes_move_the_distance(tiny):
    # the same units, but the allocation of dwellings decided by the housing office instead of the team
    moved = scenario.move_task(tiny, "allocate_dwelling", source="team", target="bk")
    assert similarity.distance(tiny, moved) > 0
    # a tie's direction counts: the housing office ordering from B&E is not B&E ordering from it
    tables = copy.deepcopy(TINY_TABLES)
    for r in tables["coordination"]:
        if r["kind"] == "ordering":
            r["from_unit"], r["to_unit"] = r["to_unit"], r["from_unit"]
    assert similarity.distance(tiny, build(tables)["testby"]) > 0
    # two ties between the same pair are both seen
    tables = copy.deepcopy(TINY_TABLES)
    tables["coordination"] = [r for r in tables["coordination"] if r["kind"] != "ordering"]
    assert similarity.distance(tiny, build(tables)["testby"]) > 0


def test_features_count_the_typed_ties(tiny):
    f = similarity.features(tiny, iterations=0)
    assert f["0:role:decides"] == 7 and f["0:role:secretary"] == 1
    assert f["0:unit:housing_office:housing"] == 1 and f["0:tie:team_membership:secretary"] == 1
    assert f["0:task:allocate_dwelling"] == 1


def test_a_graph_without_units_is_an_error():
    # built past check_tables, which refuses an empty units table
    G = orggraph.from_tables({"municipalities": [{"municipality_id": "empty", "name": "Empty", "source": "test"}],
                              "units": [], "responsibilities": [], "coordination": []})["empty"]
    with pytest.raises(ValueError, match="Empty has no units"):
        similarity.features(G)


# --- agreement ----------------------------------------------------------------------------------------------


def test_nearest_agreement_by_hand():
    d = pd.DataFrame([[0, 1, 1, 4], [1, 0, 2, 4], [1, 2, 0, 4], [4, 4, 4, 0]],
                     index=list("abcd"), columns=list("abcd"), dtype=float)
    out = similarity.nearest_agreement(d, {"a": 1, "b": 1, "c": 2, "d": 2})
    # a's two nearest (b, c) are tied: half agree; b's and c's nearest is a; d's are a, b, c
    assert out.agree.tolist() == [0.5, 1.0, 0.0, pytest.approx(1 / 3)]
    assert out.attrs["chance"] == pytest.approx((2 + 2) / 12)
    with pytest.raises(ValueError, match="not in the distance matrix"):
        similarity.nearest_agreement(d, {"z": 1, "a": 1})


def test_metric_distances_name_a_missing_column():
    with pytest.raises(ValueError, match="no column"):
        similarity.metric_distances(pd.DataFrame({"x": [1.0]}), ["x", "y"])


def report_models():
    j = orggraph.load_judgements()
    m = j[j.judgement == "model"].set_index("municipality_id").value
    plain = {k: v for k, v in m.items() if ":" not in v}
    hedged = {k: v.split(":")[-1] for k, v in m.items()}
    return plain, hedged


def test_nearest_neighbour_shares_the_report_model_more_often_than_chance(nova):
    """Leave-one-out on the 22 cases: structural distance vs Euclidean distance on metric z-scores."""
    from orggraph.drawing.plot import COMPARISON_METRICS

    structural = similarity.distances(nova)
    metric = similarity.metric_distances(orggraph.compare(nova), COMPARISON_METRICS)
    for name, labels in zip(("plain §3.5 examples", "incl. hedged"), report_models(), strict=True):
        s = similarity.nearest_agreement(structural, labels)
        m = similarity.nearest_agreement(metric, labels)
        print(f"{name} (n={len(s)}): structural {s.agree.mean():.3f}, metric z-scores {m.agree.mean():.3f}, "
              f"chance {s.attrs['chance']:.3f}")
        # the goal: a structural peer says more about the model than a random one
        assert s.agree.mean() > s.attrs["chance"]


# --- named differences and peers --------------------------------------------------------------------------


def test_diff_names_differences_in_the_reports_terms(nova):
    d = similarity.diff(nova["hamar"], nova["ski"])
    row = d.set_index("item").loc["allocate_start_loan"]
    assert row.change == "changed"
    assert row.text == ("Allocate start loans: in Hamar decided by the service office; "
                        "in Ski decided by the housing office")
    assert "Hamar has 1 housing forum, Ski has none" in d.text.tolist()
    no = similarity.diff(nova["hamar"], nova["ski"], lang="no")
    assert "Hamar har 1 boligforum, Ski har ingen" in no.text.tolist()
    assert similarity.diff(nova["ski"], nova["ski"]).empty


def test_diff_is_antisymmetric(nova):
    ab = similarity.diff(nova["lierne"], nova["moss"])
    ba = similarity.diff(nova["moss"], nova["lierne"])
    flip = {"only_a": "only_b", "only_b": "only_a", "changed": "changed"}
    assert sorted(zip(ab.item, ab.change.map(flip), strict=True)) == sorted(zip(ba.item, ba.change, strict=True))
    assert (ab.a.tolist(), ab.b.tolist()) == (ba.set_index("item").loc[ab.item].b.tolist(),
                                              ba.set_index("item").loc[ab.item].a.tolist())


def test_diff_of_a_scenario_names_the_new_team(tiny):
    after = scenario.add_team(tiny, "forum2", ["bk", "sos"], name="Nytt team")
    d = similarity.diff(tiny, after)
    assert "A has 1 inter-agency team, B has 2 inter-agency teams" in d.text.tolist()


def test_peers(nova):
    p = similarity.peers(nova["ski"], nova, k=3)
    assert len(p) == 3 and "ski" not in p.index
    assert p.distance.is_monotonic_increasing
    d = similarity.distances(nova).loc["ski"].drop("ski").sort_values()
    assert p.distance.tolist() == pytest.approx(d.head(3).tolist())
    assert all(1 <= len(x) <= 3 and all(isinstance(s, str) for s in x) for x in p.differences)
    assert p.model.tolist() == [str(orggraph.classify(nova[m]).model) for m in p.index]
    assert "tromso" not in similarity.peers(nova["ski"], nova, k=3, exclude=["tromso"]).index
    with pytest.raises(ValueError, match="at least 1"):
        similarity.peers(nova["ski"], nova, k=0)
    with pytest.raises(ValueError, match="no municipality to compare"):
        similarity.peers(nova["ski"], {"ski": nova["ski"]})


def test_peers_keep_every_municipality_as_near_as_the_kth(nova):
    twins = {"a": nova["ski"], "b": nova["ski"].copy(), "c": nova["hamar"]}
    p = similarity.peers(nova["tromso"], twins, k=1)
    assert list(p.index) == ["a", "b"] and p.distance.nunique() == 1


def test_match_units_pairs_by_type_and_holdings_not_ids(tiny):
    rng = np.random.default_rng(1)
    other = relabelled(tiny, rng)
    m = similarity.match_units(tiny, other)
    assert len(m) == 5
    for u, v in m.items():
        assert tiny.nodes[u]["unit_type"] == other.nodes[v]["unit_type"]
    def held(G, unit):
        return {(t, d["role"]) for u, t, d in responsibility_edges(G) if u == unit}

    assert all(held(other, v) == held(tiny, u) for u, v in m.items())


# --- diff chart and map ---------------------------------------------------------------------------------------


def test_draw_diff_marks_with_lines_and_words(tiny, tmp_path):
    after = scenario.recommend_joint_team(scenario.move_task(tiny, "allocate_start_loan", source="bk",
                                                             target="sos"))
    _, changes = diff_graph(tiny, after)
    assert changes["nodes"]["a:sos"] == "changed" and changes["nodes"]["b:tildelingsteam"] == "only_b"
    A = draw_diff(tiny, after, tmp_path / "d.png", names=("before", "after"))
    assert (tmp_path / "d.png").stat().st_size > 10_000
    team = A.get_node("b:tildelingsteam")
    assert team.attr["peripheries"] == "2" and "[+ only in after]" in team.attr["label"]
    edges = {(u, v): A.get_edge(u, v, k).attr for u, v, k in A.edges(keys=True)}
    removed = edges[("a:bk", "allocate_start_loan")]
    assert removed["style"] == "dashed" and removed["label"] == "−"
    added = edges[("a:sos", "allocate_start_loan")]
    assert added["penwidth"] == DIFF_MARKS["only_b"]["edge"]["penwidth"] and added["label"] == "+"
    # the legend explains the marks in words
    assert "only in after" in A.graph_attr["label"] and "only in before" in A.graph_attr["label"]


def test_draw_diff_of_identical_graphs_marks_nothing(nova):
    A = draw_diff(nova["ski"], nova["ski"])
    assert all("only in" not in n.attr["label"] for n in A.nodes())
    assert all(e.attr.get("label") not in ("+", "−") for e in A.edges())


def test_draw_diff_norwegian_and_bad_format(nova, tmp_path):
    A = draw_diff(nova["hamar"], nova["skaun"], lang="no")
    assert "bare i Skaun" in A.graph_attr["label"]
    with pytest.raises(ValueError, match="unknown format"):
        draw_diff(nova["hamar"], nova["skaun"], tmp_path / "x.gif")


def test_classical_mds_recovers_planar_points():
    pts = np.array([[0, 0], [3, 0], [0, 4], [1, 1]], dtype=float)
    d = pd.DataFrame(np.linalg.norm(pts[:, None] - pts[None], axis=2), index=list("abcd"), columns=list("abcd"))
    xy = classical_mds(d).to_numpy()
    assert np.allclose(np.linalg.norm(xy[:, None] - xy[None], axis=2), d.to_numpy())
    assert sum(classical_mds(d).attrs["explained"]) == pytest.approx(1)
    with pytest.raises(ValueError, match="not symmetric"):
        classical_mds(pd.DataFrame([[0, 1], [2, 0]], index=list("ab"), columns=list("ab")))


def test_plot_map_marks_models_by_shape(nova, tmp_path):
    _, ax = plot_map(nova, highlight="lierne", filepath=tmp_path / "map.png", close=True)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert {"Model 1", "Model 3", "this municipality"} <= set(labels)
    # the same marker per model as every other figure (orggraph.drawing.styles)
    from orggraph.drawing.styles import MODEL_STYLES

    drawn = {c.get_paths()[0].vertices.tobytes() for c in ax.collections if len(c.get_offsets())}
    assert len(drawn) >= 3 and len({s.marker for s in MODEL_STYLES.values()}) == len(MODEL_STYLES)
    assert (tmp_path / "map.png").stat().st_size > 10_000
    with pytest.raises(ValueError, match="highlight"):
        plot_map(nova, highlight="nowhere")


def test_draw_diff_escapes_hostile_names(tiny, tmp_path):
    other = tiny.copy()
    other.graph["name"] = '<b>"Q" & \\N</b>'
    other.nodes["bk"]["name"] = "<<TABLE>> \\l \n x"
    after = scenario.add_team(other, "t2", ["bk", "sos"], name="</TD> & <br/>")
    A = draw_diff(tiny, after, tmp_path / "hostile.svg")
    svg = (tmp_path / "hostile.svg").read_text(encoding="utf-8")
    assert "&lt;/TD&gt; &amp; &lt;br/&gt;" in svg  # drawn as text, not read as HTML
    assert "[+ only in &lt;b&gt;&quot;Q&quot; &amp; \\N&lt;/b&gt;]" in svg  # backslash kept literal
    assert A.get_node("b:t2").attr["peripheries"] == "2"


def test_diff_chart_names_a_wrong_argument():
    from orggraph.drawing.diffchart import diff_graph, draw_diff

    G = orggraph.load_dataset("nova2008")["ski"]
    for call in (lambda: diff_graph(G, None), lambda: draw_diff(42, G), lambda: diff_graph({}, G)):
        with pytest.raises(orggraph.GraphError, match="must be an organisation graph"):
            call()
