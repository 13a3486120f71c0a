"""Reorganisation scenarios: changed copies of a municipality, and what changed.

Every function returns a new graph and leaves its input untouched; new ties
carry ``source="scenario: …"`` so that they are never mistaken for facts of
the report. :func:`compare` shows metrics, centre and model before and after
and the responsibilities and ties that differ.

Examples
--------
>>> import orggraph
>>> G = orggraph.load_dataset("nova2008")["grimstad"]
>>> H = transfer_to_nav(G, ["allocate_temporary"])
>>> "allocate_temporary" in H["nav"]
True
>>> compare(G, H).model
('4', '4')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from orggraph._errors import Problem, ValidationError
from orggraph.analysis.models import classify
from orggraph.analysis.summary import summarize
from orggraph.core import vocabulary as voc
from orggraph.core.graph import coordination_edges, responsibility_edges, unit_nodes

__all__ = [
    "ScenarioComparison",
    "add_routine",
    "add_team",
    "apply_planned_nav",
    "compare",
    "create_housing_office",
    "merge_units",
    "move_task",
    "recommend_co_administration",
    "recommend_joint_team",
    "transfer_to_nav",
]


def _require_unit(G: nx.Graph, unit: str) -> None:
    if unit not in G or G.nodes[unit].get("kind") != "unit":
        known = ", ".join(unit_nodes(G))
        msg = f"no unit `{unit}` in {G.graph.get('name', 'the graph')}; units: {known}"
        raise ValueError(msg)


def _require_task(task: str) -> None:
    if task not in voc.TASKS:
        msg = f"unknown task `{task}`"
        raise ValueError(msg)


def _add_unit(G: nx.Graph, unit: str, unit_type: str, name: str, *, why: str) -> None:
    if not isinstance(unit, str) or not re.fullmatch(r"[a-z0-9_]+", unit) or unit in voc.TASKS:
        msg = (f"the new unit id {unit!r} must be text of lower-case letters a-z, digits and _ "
               "(as in the units table) and not a task code")
        raise ValidationError([Problem("<scenario>", "units", None, "unit_id", msg)])
    t = voc.UNIT_TYPES[unit_type]
    G.add_node(unit, kind="unit", bipartite=0, unit_id=unit, name=name, name_en=name, unit_type=unit_type,
               sector=t.sector, level=t.default_level, source=f"scenario: {why}", quote="", note="")


def _give(G: nx.Graph, unit: str, task: str, role: str, *, why: str) -> None:
    if task not in G:
        spec = voc.TASKS[task]
        G.add_node(task, kind="task", bipartite=1, task=task, label=spec.en, label_no=spec.no,
                   instrument=spec.instrument, level=spec.level)
    if not G.has_edge(unit, task, key=role):
        G.add_edge(unit, task, key=role, relation="responsibility", role=role, source=f"scenario: {why}",
                   quote="", note="")


def _tie(G: nx.Graph, a: str, b: str, kind: str, *, team_role: str = "", why: str) -> None:
    if not G.has_edge(a, b, key=kind):
        G.add_edge(a, b, key=kind, relation="coordination", kind=kind, team_role=team_role,
                   from_unit=G.nodes[a].get("unit_id", a), to_unit=G.nodes[b].get("unit_id", b),
                   source=f"scenario: {why}", quote="", note="")


def _strip(G: nx.Graph, task: str, *, keep: Iterable[str] = ()) -> None:
    keep = set(keep)
    for u, _t, d in [e for e in responsibility_edges(G) if e[1] == task and e[0] not in keep]:
        G.remove_edge(u, task, key=d["role"])


def move_task(G: nx.Graph, task: str, *, source: str, target: str, role: str = "decides") -> nx.Graph:
    """Return a copy where `task` moves from unit `source` to unit `target` (in `role`)."""
    _require_task(task)
    _require_unit(G, source)
    _require_unit(G, target)
    H = G.copy()
    why = f"{task} moved from {source} to {target}"
    for _u, _t, d in [e for e in responsibility_edges(H) if e[0] == source and e[1] == task]:
        H.remove_edge(source, task, key=d["role"])
    _give(H, target, task, role, why=why)
    return H


def merge_units(G: nx.Graph, units: Sequence[str], *, into: str, name: str | None = None,
                unit_type: str | None = None) -> nx.Graph:
    """Return a copy where `units` become one unit `into` that keeps all their tasks and ties."""
    for u in units:
        _require_unit(G, u)
    H = G.copy()
    why = f"{', '.join(units)} merged into {into}"
    if into not in H:
        first = G.nodes[units[0]]
        _add_unit(H, into, unit_type or first["unit_type"], name or into, why=why)
    for u in units:
        if u == into:
            continue
        for _, task, d in [e for e in responsibility_edges(H) if e[0] == u]:
            _give(H, into, task, d["role"], why=why)
        for a, b, d in [e for e in coordination_edges(H) if u in e[:2]]:
            a2, b2 = (into if a == u else a), (into if b == u else b)
            if a2 != b2 and a2 in H and b2 in H:
                _tie(H, a2, b2, d["kind"], team_role=d.get("team_role", ""), why=why)
        H.remove_node(u)
    return H


def create_housing_office(G: nx.Graph, tasks: Iterable[str], *, unit_id: str = "boligkontor",
                          name: str = "Boligkontoret", parent: str | None = None,
                          lead: bool = True) -> nx.Graph:
    """Return a copy with a housing office that takes over `tasks` (their other holders lose them).

    With `lead`, it also leads the field (``lead``) beside whoever led before;
    with `parent`, it is part of that unit (e.g. B&E).
    """
    H = G.copy()
    why = "a housing office takes over " + ", ".join(tasks)
    if unit_id not in H:
        _add_unit(H, unit_id, "housing_office", name, why=why)
    for t in tasks:
        _require_task(t)
        _strip(H, t)
        _give(H, unit_id, t, "decides", why=why)
    if lead:
        _give(H, unit_id, "lead", "participates" if "lead" in G else "decides", why=why)
    if parent is not None:
        _require_unit(H, parent)
        _tie(H, unit_id, parent, "part_of", why=why)
    return H


def add_team(G: nx.Graph, team: str, members: Sequence[str], *, tasks: Iterable[str] = (),
             secretary: str | None = None, name: str = "Tverretatlig team") -> nx.Graph:
    """Return a copy with an inter-agency team of `members` that decides `tasks` (others keep theirs)."""
    if isinstance(members, str) or not isinstance(members, Sequence):
        msg = f"`members` must be a list of unit ids, not {type(members).__name__}"
        raise TypeError(msg)
    for m in members:
        _require_unit(G, m)
    H = G.copy()
    why = f"team {team} of {', '.join(members)}"
    if team not in H:
        _add_unit(H, team, "team", name, why=why)
    for m in members:
        _tie(H, m, team, "team_membership", team_role="secretary" if m == secretary else "member", why=why)
    for t in tasks:
        _require_task(t)
        _give(H, team, t, "decides", why=why)
    return H


def add_routine(G: nx.Graph, a: str, b: str, *, kind: str = "consultation") -> nx.Graph:
    """Return a copy with a coordination tie of `kind` (consultation, informal, reporting, ...) from `a` to `b`."""
    _require_unit(G, a)
    _require_unit(G, b)
    if kind not in voc.COORDINATION_KINDS or kind in ("team_membership", "forum_membership"):
        msg = f"`{kind}` is not a routine; use add_team for memberships"
        raise ValueError(msg)
    H = G.copy()
    _tie(H, a, b, kind, why=f"{kind} between {a} and {b}")
    return H


def transfer_to_nav(G: nx.Graph, tasks: Iterable[str], *, nav: str = "nav") -> nx.Graph:
    """Return a copy where NAV (created if missing) takes over `tasks` from their current holders."""
    H = G.copy()
    tasks = list(tasks)
    why = "NAV takes over " + ", ".join(tasks)
    if nav not in H:
        _add_unit(H, nav, "nav", "NAV-kontoret", why=why)
    for t in tasks:
        _require_task(t)
        _strip(H, t)
        _give(H, nav, t, "decides", why=why)
    H.graph["nav_established"] = True
    return H


def apply_planned_nav(graphs: Mapping[str, nx.Graph], planned: pd.DataFrame) -> dict[str, nx.Graph]:
    """Return the municipalities of `planned` (Table 5.5) with their planned transfers to NAV applied."""
    out = {}
    for mid, group in planned.groupby("municipality_id"):
        if mid in graphs:
            out[mid] = transfer_to_nav(graphs[mid], list(group.task))
    return out


def recommend_co_administration(G: nx.Graph, *, unit_id: str = "boligkontor") -> nx.Graph:
    """Apply §8's first recommendation: one housing office co-administers most instruments and coordinates.

    The office takes over the allocation of dwellings, start loans, grants and
    the allowance; it is given the coordinating responsibility for the whole
    field («pålagt et samordningsansvar for den samlede virksomheten», §8),
    which the data record as deciding Table 3.5's «Plan og ledelse» (whoever
    decided it before takes part); it is secretary of every team and has a
    consultation routine with every other unit that still holds an operative
    task.
    """
    tasks = ["allocate_dwelling", "allocate_start_loan", "allocate_grant", "process_allowance"]
    H = create_housing_office(G, tasks, unit_id=unit_id, lead=False)
    why = "the housing office's coordinating mandate (§8)"
    for u, _t, _d in [e for e in responsibility_edges(H) if e[1] == "lead" and e[2]["role"] == "decides"]:
        H.remove_edge(u, "lead", key="decides")
        _give(H, u, "lead", "participates", why=why)
    _give(H, unit_id, "lead", "decides", why=why)
    for team in [u for u in unit_nodes(H) if H.nodes[u]["unit_type"] == "team"]:
        _tie(H, unit_id, team, "team_membership", team_role="secretary", why=why)
    operative = {u for u, t, _ in responsibility_edges(H) if voc.TASKS[t].level != "strategic"}
    for u in sorted(operative - {unit_id}):
        if H.nodes[u]["unit_type"] not in ("team", "forum"):
            _tie(H, unit_id, u, "consultation", why=why)
    return H


def recommend_joint_team(G: nx.Graph, *, team: str = "tildelingsteam") -> nx.Graph:
    """Apply §8's second recommendation: an allocation team in which allocators and providers sit together."""
    alloc = [u for u, t, _ in responsibility_edges(G) if t in ("allocate_dwelling", "allocate_follow_up")]
    prov = [u for u, t, _ in responsibility_edges(G) if t in ("manage_dwellings", "deliver_follow_up")]
    members = list(dict.fromkeys(u for u in alloc + prov if G.nodes[u]["unit_type"] != "team"))
    return add_team(G, team, members, tasks=["allocate_dwelling", "allocate_follow_up"],
                    secretary=members[0] if members else None, name="Tildelingsteam")


@dataclass
class ScenarioComparison:
    """What changed between two versions of a municipality."""

    metrics: pd.DataFrame
    centre: tuple[str, str]
    model: tuple[str, str]
    diff: pd.DataFrame

    def __str__(self) -> str:
        changed = self.metrics[self.metrics.changed]
        return (f"model {self.model[0]} -> {self.model[1]}; centre {self.centre[0] or 'none'} -> "
                f"{self.centre[1] or 'none'}; {len(self.diff)} tie(s) changed; "
                f"{len(changed)} metric(s) changed")


def _ties(G: nx.Graph) -> set[tuple[str, str, str, str]]:
    out = {("responsibility", u, t, d["role"]) for u, t, d in responsibility_edges(G)}
    out |= {("coordination", a, b, d["kind"]) for a, b, d in coordination_edges(G)}
    return out


def compare(G: nx.Graph, G2: nx.Graph) -> ScenarioComparison:
    """Return metrics, centre and model before and after, and the ties added or removed."""
    before, after = summarize(G), summarize(G2)
    metrics = pd.DataFrame({"before": before, "after": after})
    changed = []
    for b, a in zip(before, after, strict=True):
        same = (pd.isna(b) and pd.isna(a)) or b == a
        changed.append(not same)
    metrics["changed"] = changed
    old, new = _ties(G), _ties(G2)
    rows = [("removed", *t) for t in sorted(old - new)] + [("added", *t) for t in sorted(new - old)]
    diff = pd.DataFrame(rows, columns=["change", "relation", "from", "to", "role_or_kind"])
    c1, c2 = classify(G), classify(G2)
    return ScenarioComparison(metrics, (c1.centre.unit or "", c2.centre.unit or ""),
                              (str(c1.model), str(c2.model)), diff)
