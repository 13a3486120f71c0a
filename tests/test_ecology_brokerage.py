"""Two-mode ecological indices and brokerage on the tiny municipality, computed by hand."""

from __future__ import annotations

import itertools
import math

import pytest

from orggraph.analysis import brokerage, ecology


def test_connectance_and_compartments(tiny):
    # 5 units, 7 tasks, 8 ties
    assert ecology.connectance(tiny) == pytest.approx(8 / 35)
    comp = ecology.compartments(tiny)
    sizes = [3, 5, 2, 2]  # {be,manage,provide} {bk,team,3 tasks} {sos,follow-up} {radm,lead}
    assert comp["compartments"] == 4
    assert comp["compartment_diversity"] == pytest.approx(-sum(s / 12 * math.log(s / 12) for s in sizes))


def test_nodf_by_hand(tiny):
    # rows: only bk (3 tasks) contains team (1 task): one pair of 10 at 100;
    # columns: allocate_dwelling {bk, team} contains start loan {bk} and allowance {bk}: 2 of 21 pairs
    assert ecology.nodf(tiny) == pytest.approx(300 / 31)


def test_niche_overlap_by_hand(tiny):
    # only bk and team overlap: |{allocate_dwelling}| / |{start loan, allowance, allocate_dwelling}|
    assert ecology.niche_overlap(tiny) == pytest.approx((1 / 3) / 10)


def test_robustness_worst_case_by_hand(tiny):
    # remove bk, be, sos, team, radm: tasks left 7,5,3,2,1,0 of 7
    y = [7, 5, 3, 2, 1, 0]
    expected = sum((a + b) / 2 * 0.2 for a, b in itertools.pairwise(y)) / 7
    assert ecology.robustness(tiny, order="degree") == pytest.approx(expected)
    assert 0 < ecology.robustness(tiny) < 1
    with pytest.raises(ValueError, match="unknown order"):
        ecology.robustness(tiny, order="alphabetical")


def test_modularity(tiny):
    m = ecology.incidence(tiny)
    one = dict.fromkeys([*m.index, *m.columns], 0)
    assert ecology.barber_modularity(tiny, one) == pytest.approx(0)
    best = ecology.modules(tiny)
    by_compartment = {"be": 0, "manage_dwellings": 0, "provide_dwellings": 0, "bk": 1, "team": 1,
                      "allocate_start_loan": 1, "process_allowance": 1, "allocate_dwelling": 1,
                      "sos": 2, "allocate_follow_up": 2, "radm": 3, "lead": 3}
    q_comp = ecology.barber_modularity(tiny, by_compartment)
    assert q_comp > 0
    assert ecology.barber_modularity(tiny, best) >= q_comp - 1e-12
    roles = ecology.module_roles(tiny, best)
    assert set(roles.role) <= {"peripheral", "connector", "module hub", "network hub"}
    assert roles.c.between(0, 1).all()


def test_brokerage_and_bridges(tiny):
    roles = brokerage.brokerage_roles(tiny)
    # unit graph is the path be - bk - team - sos (+ radm alone), all four sectors differ
    assert roles.loc["bk", "liaison"] == 1 and roles.loc["team", "liaison"] == 1
    assert int(roles.to_numpy().sum()) == 2
    assert brokerage.bridges(tiny) == [("be", "bk"), ("bk", "team"), ("sos", "team")]
    con = brokerage.constraint(tiny)
    assert con["be"] == pytest.approx(1.0) and math.isnan(con["radm"])
    assert con["bk"] == pytest.approx(0.5)


def test_modules_never_worse_than_bipartite_louvain(nova):
    """BRIM's random starts used to miss the best partition (Asker, Fjell, Porsgrunn, Skaun); never again."""
    from scipy import sparse
    from sknetwork.clustering import Louvain

    for mid, G in nova.items():
        m = ecology.incidence(G)
        best = -1.0
        for rs in range(20):  # more random states than modules() itself uses
            louvain = Louvain(random_state=100 + rs)
            louvain.fit(sparse.csr_matrix(m.to_numpy(dtype=float)), force_bipartite=True)
            part = dict(zip(m.index, louvain.labels_row_.tolist(), strict=True))
            part |= dict(zip(m.columns, louvain.labels_col_.tolist(), strict=True))
            best = max(best, ecology.barber_modularity(G, part))
        assert ecology.barber_modularity(G, ecology.modules(G)) >= best - 1e-12, mid

