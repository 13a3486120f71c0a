"""Shared fixtures: the bundled dataset, a tiny hand-made municipality, graph equality."""

from __future__ import annotations

import os
from pathlib import Path

import networkx as nx
import pytest

import orggraph

REPO = Path(__file__).resolve().parent.parent


def report_path() -> Path | None:
    """The report's text, if this checkout has ../shared beside it (as CI does)."""
    env = os.environ.get("ORGGRAPH_REPORT")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared" / "sources" / "000_96ec96c732c94406.txt")
    return next((p for p in candidates if p.is_file()), None)


def edge_set(G: nx.Graph) -> set:
    return {(frozenset((u, v)), k, tuple(sorted(d.items()))) for u, v, k, d in G.edges(keys=True, data=True)}


def assert_same_graph(G: nx.Graph, H: nx.Graph) -> None:
    assert G.graph == H.graph
    assert dict(G.nodes(data=True)) == dict(H.nodes(data=True))
    assert edge_set(G) == edge_set(H)
    assert type(G) is type(H)


@pytest.fixture(scope="session")
def nova() -> dict[str, nx.MultiGraph]:
    return orggraph.load_dataset("nova2008")


TINY_TABLES = {
    "municipalities": [{"municipality_id": "testby", "name": "Testby «Ø»", "kommunenr": "0104",
                        "population_2007": "1000", "nav_established": "true",
                        "source": "made up for tests", "quote": "", "note": 'a "quoted", note\nwith a newline'}],
    "units": [
        {"municipality_id": "testby", "unit_id": "be", "name": "Bygg & eiendom <teknisk>",
         "unit_type": "be", "level": "operative"},
        {"municipality_id": "testby", "unit_id": "bk", "name": "Boligkontoret", "unit_type": "housing_office"},
        {"municipality_id": "testby", "unit_id": "sos", "name": "Sosialkontoret", "unit_type": "social"},
        {"municipality_id": "testby", "unit_id": "team", "name": "Tildelingsteam", "unit_type": "team"},
        {"municipality_id": "testby", "unit_id": "radm", "name": "Rådmannen", "unit_type": "admin"},
    ],
    "responsibilities": [
        {"municipality_id": "testby", "unit_id": "bk", "task": "allocate_start_loan", "role": "decides"},
        {"municipality_id": "testby", "unit_id": "bk", "task": "process_allowance", "role": "decides"},
        {"municipality_id": "testby", "unit_id": "team", "task": "allocate_dwelling", "role": "decides"},
        {"municipality_id": "testby", "unit_id": "bk", "task": "allocate_dwelling", "role": "secretary"},
        {"municipality_id": "testby", "unit_id": "be", "task": "manage_dwellings", "role": "decides"},
        {"municipality_id": "testby", "unit_id": "be", "task": "provide_dwellings", "role": "decides"},
        {"municipality_id": "testby", "unit_id": "sos", "task": "allocate_follow_up", "role": "decides"},
        {"municipality_id": "testby", "unit_id": "radm", "task": "lead", "role": "decides"},
    ],
    "coordination": [
        {"municipality_id": "testby", "from_unit": "bk", "to_unit": "team", "kind": "team_membership",
         "team_role": "secretary"},
        {"municipality_id": "testby", "from_unit": "sos", "to_unit": "team", "kind": "team_membership",
         "team_role": "member"},
        {"municipality_id": "testby", "from_unit": "bk", "to_unit": "be", "kind": "part_of"},
        {"municipality_id": "testby", "from_unit": "bk", "to_unit": "be", "kind": "ordering"},
    ],
}


@pytest.fixture
def tiny() -> nx.MultiGraph:
    tables, problems = orggraph.core.schema.check_tables(TINY_TABLES, file="tiny")
    assert problems == []
    return orggraph.from_tables(tables)["testby"]
