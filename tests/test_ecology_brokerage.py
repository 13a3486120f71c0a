"""Two-mode ecological indices and brokerage on the tiny municipality, computed by hand."""

from __future__ import annotations

import functools
import itertools
import math

import numpy as np
import pytest

import orggraph
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


def _louvain_partitions(G, seeds):
    """Every partition Louvain finds: scikit-network's bipartite Louvain (Barber's null model) and networkx's."""
    import networkx as nx
    from scipy import sparse
    from sknetwork.clustering import Louvain

    m = ecology.incidence(G)
    for rs in seeds:
        louvain = Louvain(random_state=rs)
        louvain.fit(sparse.csr_matrix(m.to_numpy(dtype=float)), force_bipartite=True)
        part = dict(zip(m.index, louvain.labels_row_.tolist(), strict=True))
        yield part | dict(zip(m.columns, louvain.labels_col_.tolist(), strict=True))
    two = nx.Graph((u, t) for u in m.index for t in m.columns if m.loc[u, t])
    for rs in seeds:
        yield {n: i for i, c in enumerate(nx.community.louvain_communities(two, seed=rs)) for n in c}


def test_modules_never_worse_than_louvain(nova):
    """BRIM's random starts used to miss the best partition (Asker, Fjell, Porsgrunn, Skaun); never again."""
    for mid, G in nova.items():
        best = max(ecology.barber_modularity(G, part) for part in _louvain_partitions(G, range(100, 120)))
        assert ecology.barber_modularity(G, ecology.modules(G)) >= best - 1e-12, mid


@functools.cache
def _every_partition(n: int) -> np.ndarray:
    """Every partition of n labelled items, as labels (an item's label is at most one more than those before)."""
    out: list[list[int]] = [[]]
    for _ in range(n):
        out = [[*p, lab] for p in out for lab in range(max(p, default=-1) + 2)]
    return np.array(out)


def test_modules_is_the_best_of_every_partition_of_units_and_tasks(nova):
    """Exhaustive reference: Q_B of every partition of the units and tasks together, for graphs of at most 10."""
    from orggraph.io import survey
    from orggraph.replication import synthetic

    graphs = {**nova, **survey.to_graphs(synthetic.population(300, seed=7))}
    seen, shapes = set(), set()
    for mid, G in graphs.items():
        m = ecology.incidence(G)
        a = m.to_numpy(dtype=float)
        if a.size > 0 and len(m.index) + len(m.columns) <= 10 and (a.shape, a.tobytes()) not in seen:
            seen.add((a.shape, a.tobytes()))
            shapes.add(a.shape)
            b = a - np.outer(a.sum(axis=1), a.sum(axis=0)) / a.sum()
            labels = _every_partition(len(m.index) + len(m.columns))
            gu, gt = labels[:, :len(m.index)], labels[:, len(m.index):]
            q = (b[None] * (gu[:, :, None] == gt[:, None, :])).sum(axis=(1, 2)) / a.sum()
            part = ecology.modules(G)
            assert ecology.barber_modularity(G, part) == pytest.approx(q.max(), abs=1e-12), mid
            fewest = (labels[q >= q.max() - 1e-12].max(axis=1) + 1).min()
            assert len(set(part.values())) == fewest, mid  # ties go to the fewest modules
    assert len(seen) > 30
    assert any(u > t for u, t in shapes) and any(u < t for u, t in shapes)  # both sides enumerated


def test_modules_do_not_depend_on_row_order_or_names(nova):
    import networkx as nx

    for mid, G in nova.items():
        H = nx.MultiGraph()
        H.graph.update(G.graph)
        H.add_nodes_from(reversed(list(G.nodes(data=True))))
        H.add_edges_from(reversed(list(G.edges(keys=True, data=True))))
        assert ecology.summarize_ecology(H) == pytest.approx(ecology.summarize_ecology(G), nan_ok=True), mid
        q = ecology.barber_modularity(G, ecology.modules(G))
        assert ecology.barber_modularity(H, ecology.modules(H)) == pytest.approx(q, abs=1e-12), mid


def test_barber_modularity_equals_networkx():
    """networkx 3.7 has Barber's bipartite modularity (it needs Python 3.12 or later)."""
    import networkx as nx

    if not hasattr(nx.bipartite, "modularity"):
        pytest.skip(f"nx.bipartite.modularity needs networkx >= 3.7 (Python >= 3.12); this is {nx.__version__}")
    nova = orggraph.load_dataset("nova2008")
    rng = np.random.default_rng(0)
    for mid, G in nova.items():
        m = ecology.incidence(G)
        two = nx.Graph()
        two.add_nodes_from(m.index, bipartite=0)
        two.add_nodes_from(m.columns, bipartite=1)
        two.add_edges_from((u, t) for u in m.index for t in m.columns if m.loc[u, t])
        nodes = [*m.index, *m.columns]
        for part in (ecology.modules(G), dict(zip(nodes, rng.integers(0, 4, len(nodes)).tolist(), strict=True)),
                     dict.fromkeys(nodes, 0)):
            communities = [{n for n in nodes if part[n] == c} for c in set(part.values())]
            expected = nx.bipartite.modularity(two, communities, set(m.index))
            assert ecology.barber_modularity(G, part) == pytest.approx(expected, abs=1e-12), mid
