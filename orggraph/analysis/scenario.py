"""Reorganisation scenarios: changed copies of a municipality, and what changed.

Part of the analysis layer (:mod:`orggraph.analysis`), at its top: it builds
changed organisation graphs (:mod:`orggraph.core.graph`) and measures them
with :mod:`~orggraph.analysis.summary` and :mod:`~orggraph.analysis.models`;
nothing else in the package imports it.

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
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

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


def _require_unit(G: nx.MultiGraph, unit: Hashable) -> None:
    if unit not in G or G.nodes[unit].get("kind") != "unit":
        known = ", ".join(map(str, unit_nodes(G)))
        msg = f"no unit `{unit}` in {G.graph.get('name', 'the graph')}; units: {known}"
        raise ValueError(msg)


def _require_task(task: str) -> None:
    if task not in voc.TASKS:
        msg = f"unknown task `{task}`"
        raise ValueError(msg)


def _add_unit(G: nx.MultiGraph, unit: str, unit_type: str, name: str, *, why: str) -> None:
    if not isinstance(unit, str) or not re.fullmatch(r"[a-z0-9_]+", unit) or unit in voc.TASKS:
        msg = (f"the new unit id {unit!r} must be text of lower-case letters a-z, digits and _ "
               "(as in the units table) and not a task code")
        raise ValidationError([Problem("<scenario>", "units", None, "unit_id", msg)])
    if unit_type not in voc.UNIT_TYPES:
        hint = voc.suggest("unit_types", str(unit_type))
        msg = (f"unknown unit type `{unit_type}`" + (f"; did you mean `{hint}`?" if hint else "")
               + f" (one of {', '.join(voc.UNIT_TYPES)})")
        raise ValueError(msg)
    t = voc.UNIT_TYPES[unit_type]
    G.add_node(unit, kind="unit", bipartite=0, unit_id=unit, name=name, name_en=name, unit_type=unit_type,
               sector=t.sector, level=t.default_level, source=f"scenario: {why}", quote="", note="")


def _give(G: nx.MultiGraph, unit: Hashable, task: str, role: str, *, why: str) -> None:
    if task not in G:
        spec = voc.TASKS[task]
        G.add_node(task, kind="task", bipartite=1, task=task, label=spec.en, label_no=spec.no,
                   instrument=spec.instrument, level=spec.level)
    if not G.has_edge(unit, task, key=role):
        G.add_edge(unit, task, key=role, relation="responsibility", role=role, source=f"scenario: {why}",
                   quote="", note="")


def _tie(G: nx.MultiGraph, a: Hashable, b: Hashable, kind: str, *, team_role: str = "", why: str) -> None:
    if not G.has_edge(a, b, key=kind):
        G.add_edge(a, b, key=kind, relation="coordination", kind=kind, team_role=team_role,
                   from_unit=G.nodes[a].get("unit_id", a), to_unit=G.nodes[b].get("unit_id", b),
                   source=f"scenario: {why}", quote="", note="")


def _strip(G: nx.MultiGraph, task: str, *, keep: Iterable[Hashable] = ()) -> None:
    keep = set(keep)
    for u, _t, d in [e for e in responsibility_edges(G) if e[1] == task and e[0] not in keep]:
        G.remove_edge(u, task, key=d["role"])


def move_task(G: nx.MultiGraph, task: str, *, source: Hashable, target: Hashable,
              role: str = "decides") -> nx.MultiGraph:
    """Return a copy where `task` moves from unit `source` to unit `target` (in `role`).

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`); not changed.
    task : str
        A task code.
    source : str
        The unit that loses `task` (every role it holds it in).
    target : str
        The unit that gains it.
    role : str, default "decides"
        The role `target` holds `task` in (:data:`orggraph.core.vocabulary.ROLES`).

    Returns
    -------
    networkx.MultiGraph
        The changed copy; other holders of `task` keep it.

    Raises
    ------
    ValueError
        If a unit named is not a unit of `G`, or `task` is not a task code.

    Examples
    --------
    >>> import orggraph
    >>> from orggraph.analysis.metrics import holders
    >>> G = orggraph.load_dataset("nova2008")["grimstad"]
    >>> H = move_task(G, "allocate_start_loan", source="service", target="sosial")
    >>> holders(G, "allocate_start_loan"), holders(H, "allocate_start_loan")
    (['service'], ['sosial'])
    """
    _require_task(task)
    _require_unit(G, source)
    _require_unit(G, target)
    H = G.copy()
    why = f"{task} moved from {source} to {target}"
    for _u, _t, d in [e for e in responsibility_edges(H) if e[0] == source and e[1] == task]:
        H.remove_edge(source, task, key=d["role"])
    _give(H, target, task, role, why=why)
    return H


def merge_units(G: nx.MultiGraph, units: Sequence[Hashable], *, into: str, name: str | None = None,
                unit_type: str | None = None) -> nx.MultiGraph:
    """Return a copy where `units` become one unit `into` that keeps all their tasks and ties.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`); not changed.
    units : sequence of str
        The units to merge.
    into : str
        The merged unit: one of `units`, another existing unit, or a new unit id
        (lower-case letters, digits and ``_``).
    name : str, optional
        Name of a new `into`; default `into`.
    unit_type : str, optional
        Unit type of a new `into`; default that of the first of `units`.

    Returns
    -------
    networkx.MultiGraph
        The changed copy: `into` holds every task (in every role) and every
        coordination tie of `units` (ties between two merged units are dropped),
        and the other merged units are removed.

    Raises
    ------
    ValueError
        If a unit named is not a unit of `G`.
    ValidationError
        If a new `into` is not a valid unit id.

    Examples
    --------
    >>> import orggraph
    >>> from orggraph.analysis.metrics import holders
    >>> G = orggraph.load_dataset("nova2008")["grimstad"]
    >>> H = merge_units(G, ["service", "sosial"], into="nav", unit_type="nav", name="NAV")
    >>> orggraph.unit_nodes(H), holders(H, "allocate_start_loan")
    (['be', 'team', 'radmann', 'boligkonsulent', 'nav'], ['nav'])
    """
    for u in units:
        _require_unit(G, u)
    H = G.copy()
    why = f"{', '.join(map(str, units))} merged into {into}"
    if into not in H:
        first = G.nodes[units[0]]
        _add_unit(H, into, unit_type or first["unit_type"], name or into, why=why)
    for u in units:
        if u == into:
            continue
        for _, task, d in [e for e in responsibility_edges(H) if e[0] == u]:
            _give(H, into, cast(str, task), d["role"], why=why)  # task nodes are keyed by their code
        for a, b, d in [e for e in coordination_edges(H) if u in e[:2]]:
            a2, b2 = (into if a == u else a), (into if b == u else b)
            if a2 != b2 and a2 in H and b2 in H:
                _tie(H, a2, b2, d["kind"], team_role=d.get("team_role", ""), why=why)
        H.remove_node(u)
    return H


def create_housing_office(G: nx.MultiGraph, tasks: Iterable[str], *, unit_id: str = "boligkontor",
                          name: str = "Boligkontoret", parent: Hashable | None = None,
                          lead: bool = True) -> nx.MultiGraph:
    """Return a copy with a housing office that takes over `tasks` (their other holders lose them).

    With `lead`, it also leads the field (``lead``) beside whoever led before;
    with `parent`, it is part of that unit (e.g. B&E).

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`); not changed.
    tasks : iterable of str
        Task codes the office decides; every other holder loses them.
    unit_id : str, default "boligkontor"
        Id of the office (an existing unit is reused).
    name : str, default "Boligkontoret"
        Name of a new office.
    parent : str, optional
        A unit the office is ``part_of``.
    lead : bool, default True
        Also give the office the task ``lead``: it takes part (``participates``)
        where `G` already has a ``lead``, else it decides it.

    Returns
    -------
    networkx.MultiGraph
        The changed copy.

    Raises
    ------
    ValueError
        If a code of `tasks` is not a task code, or `parent` is not a unit of `G`.
    ValidationError
        If a new `unit_id` is not a valid unit id.

    Examples
    --------
    >>> import orggraph
    >>> from orggraph.analysis.metrics import holders
    >>> G = orggraph.load_dataset("nova2008")["grimstad"]
    >>> H = create_housing_office(G, ["allocate_dwelling", "allocate_start_loan"])
    >>> holders(H, "allocate_dwelling"), holders(H, "lead")
    (['boligkontor'], ['radmann', 'boligkontor'])
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


def add_team(G: nx.MultiGraph, team: str, members: Sequence[Hashable], *, tasks: Iterable[str] = (),
             secretary: Hashable | None = None, name: str = "Tverretatlig team") -> nx.MultiGraph:
    """Return a copy with an inter-agency team of `members` that decides `tasks` (others keep theirs).

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`); not changed.
    team : str
        Id of the team (an existing unit is reused).
    members : sequence of str
        The member units.
    tasks : iterable of str, default ()
        Task codes the team decides.
    secretary : str, optional
        The member that is the team's secretary (the others are members).
    name : str, default "Tverretatlig team"
        Name of a new team.

    Returns
    -------
    networkx.MultiGraph
        The changed copy, with a ``team_membership`` tie from each member to the team.

    Raises
    ------
    TypeError
        If `members` is a string or not a sequence.
    ValueError
        If a unit named is not a unit of `G`, or a code of `tasks` is not a task code.
    ValidationError
        If a new `team` is not a valid unit id.

    Examples
    --------
    >>> import orggraph
    >>> from orggraph.analysis.metrics import holders
    >>> G = orggraph.load_dataset("nova2008")["grimstad"]
    >>> H = add_team(G, "boligteam", ["be", "sosial"], tasks=["allocate_follow_up"], secretary="sosial")
    >>> holders(H, "allocate_follow_up")
    ['sosial', 'boligteam']
    """
    if isinstance(members, str) or not isinstance(members, Sequence):
        msg = f"`members` must be a list of unit ids, not {type(members).__name__}"
        raise TypeError(msg)
    for m in members:
        _require_unit(G, m)
    H = G.copy()
    why = f"team {team} of {', '.join(map(str, members))}"
    if team not in H:
        _add_unit(H, team, "team", name, why=why)
    for m in members:
        _tie(H, m, team, "team_membership", team_role="secretary" if m == secretary else "member", why=why)
    for t in tasks:
        _require_task(t)
        _give(H, team, t, "decides", why=why)
    return H


def add_routine(G: nx.MultiGraph, a: Hashable, b: Hashable, *, kind: str = "consultation") -> nx.MultiGraph:
    """Return a copy with a coordination tie of `kind` (consultation, informal, reporting, ...) from `a` to `b`.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`); not changed.
    a : str
        The unit the tie goes from.
    b : str
        The unit it goes to.
    kind : str, default "consultation"
        A coordination kind of :data:`orggraph.core.vocabulary.COORDINATION_KINDS`
        other than the memberships.

    Returns
    -------
    networkx.MultiGraph
        The changed copy; a plain copy when `a` and `b` already have a tie of `kind`
        (in either direction).

    Raises
    ------
    ValueError
        If a unit named is not a unit of `G`, or `kind` is not a routine (unknown, or a
        membership: use :func:`add_team`).

    Examples
    --------
    >>> import orggraph
    >>> from orggraph.analysis.metrics import holders
    >>> G = orggraph.load_dataset("nova2008")["grimstad"]
    >>> from orggraph.core.graph import coordination_edges
    >>> H = add_routine(G, "be", "sosial")
    >>> [(a, b, d["kind"], d["source"]) for a, b, d in coordination_edges(H)]
    [('be', 'sosial', 'consultation', 'scenario: consultation between be and sosial')]
    """
    _require_unit(G, a)
    _require_unit(G, b)
    if kind not in voc.COORDINATION_KINDS or kind in ("team_membership", "forum_membership"):
        msg = f"`{kind}` is not a routine; use add_team for memberships"
        raise ValueError(msg)
    H = G.copy()
    _tie(H, a, b, kind, why=f"{kind} between {a} and {b}")
    return H


def transfer_to_nav(G: nx.MultiGraph, tasks: Iterable[str], *, nav: str = "nav") -> nx.MultiGraph:
    """Return a copy where NAV (created if missing) takes over `tasks` from their current holders.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`); not changed.
    tasks : iterable of str
        Task codes NAV decides; every other holder loses them.
    nav : str, default "nav"
        Id of the NAV office (an existing unit is reused, else one of type
        ``nav`` is added).

    Returns
    -------
    networkx.MultiGraph
        The changed copy, with ``nav_established`` set to True.

    Raises
    ------
    ValueError
        If a code of `tasks` is not a task code.

    Examples
    --------
    >>> import orggraph
    >>> from orggraph.analysis.metrics import holders
    >>> G = orggraph.load_dataset("nova2008")["grimstad"]
    >>> H = transfer_to_nav(G, ["allocate_start_loan"])
    >>> holders(H, "allocate_start_loan"), H.graph["nav_established"]
    (['nav'], True)
    """
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


def apply_planned_nav(graphs: Mapping[str, nx.MultiGraph], planned: pd.DataFrame) -> dict[str, nx.MultiGraph]:
    """Return the municipalities of `planned` (Table 5.5) with their planned transfers to NAV applied.

    Parameters
    ----------
    graphs : mapping of {str : networkx.MultiGraph}
        ``municipality_id`` → organisation graph; not changed.
    planned : pandas.DataFrame
        One row per planned transfer, with ``municipality_id`` and ``task``
        (as :func:`orggraph.io.datasets.load_planned_nav` returns Table 5.5).

    Returns
    -------
    dict of {str: networkx.MultiGraph}
        ``municipality_id`` → the copy after :func:`transfer_to_nav`, for the
        municipalities of `planned` that are in `graphs` (others are skipped).

    Raises
    ------
    ValueError
        If a task of `planned` is not a task code.

    Examples
    --------
    >>> import orggraph
    >>> from orggraph.io.datasets import load_planned_nav
    >>> sorted(apply_planned_nav(orggraph.load_dataset("nova2008"), load_planned_nav()))
    ['drammen', 'grimstad', 'lorenskog', 'molde', 'moss', 'ralingen', 'tromso']
    """
    out = {}
    mid: Any  # a municipality_id of `planned`: its type is known only at run time
    for mid, group in planned.groupby("municipality_id"):
        if mid in graphs:
            out[mid] = transfer_to_nav(graphs[mid], list(group.task))
    return out


def recommend_co_administration(G: nx.MultiGraph, *, unit_id: str = "boligkontor") -> nx.MultiGraph:
    """Apply §8's first recommendation: one housing office co-administers most instruments and coordinates.

    The office takes over the allocation of dwellings, start loans, grants and
    the allowance; it is given the coordinating responsibility for the whole
    field («pålagt et samordningsansvar for den samlede virksomheten», §8),
    which the data record as deciding Table 3.5's «Plan og ledelse» (whoever
    decided it before takes part); it is secretary of every team and has a
    consultation routine with every other unit that still holds an operative
    task.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`); not changed.
    unit_id : str, default "boligkontor"
        Id of the housing office (an existing unit is reused).

    Returns
    -------
    networkx.MultiGraph
        The changed copy.

    Raises
    ------
    ValidationError
        If a new `unit_id` is not a valid unit id.

    See Also
    --------
    create_housing_office : The step that moves the tasks.

    Examples
    --------
    >>> import orggraph
    >>> G = orggraph.load_dataset("nova2008")["moss"]
    >>> orggraph.find_centre(G).unit, orggraph.find_centre(recommend_co_administration(G)).unit
    (None, 'boligkontor')
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
    operative = {u for u, t, _ in responsibility_edges(H) if voc.TASKS[cast(str, t)].level != "strategic"}
    for u in sorted(operative - {unit_id}, key=str):  # node keys need not be comparable with each other
        if H.nodes[u]["unit_type"] not in ("team", "forum"):
            _tie(H, unit_id, u, "consultation", why=why)
    return H


def recommend_joint_team(G: nx.MultiGraph, *, team: str = "tildelingsteam") -> nx.MultiGraph:
    """Apply §8's second recommendation: an allocation team in which allocators and providers sit together.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`); not changed.
    team : str, default "tildelingsteam"
        Id of the team (an existing unit is reused).

    Returns
    -------
    networkx.MultiGraph
        The changed copy: a team (:func:`add_team`) whose members are the units
        (other than teams) that allocate or provide dwellings or follow-up, the
        first of them secretary, and that decides ``allocate_dwelling`` and
        ``allocate_follow_up``.

    Raises
    ------
    ValidationError
        If a new `team` is not a valid unit id.

    Examples
    --------
    >>> import orggraph
    >>> G = orggraph.load_dataset("nova2008")["moss"]
    >>> orggraph.classify(G).model, orggraph.classify(recommend_joint_team(G)).model
    (4, 3)
    """
    alloc = [u for u, t, _ in responsibility_edges(G) if t in ("allocate_dwelling", "allocate_follow_up")]
    prov = [u for u, t, _ in responsibility_edges(G) if t in ("manage_dwellings", "deliver_follow_up")]
    members = list(dict.fromkeys(u for u in alloc + prov if G.nodes[u]["unit_type"] != "team"))
    return add_team(G, team, members, tasks=["allocate_dwelling", "allocate_follow_up"],
                    secretary=members[0] if members else None, name="Tildelingsteam")


@dataclass
class ScenarioComparison:  # numpydoc ignore=PR02
    """What changed between two versions of a municipality.

    Parameters
    ----------
    metrics : pandas.DataFrame
        Indexed by :data:`orggraph.analysis.summary.METRICS`: ``before``,
        ``after`` and ``changed`` (bool; two NaN count as equal).
    centre : tuple of (str, str)
        The centre unit before and after (``""`` for none).
    model : tuple of (str, str)
        The model before and after, as text (``"1"`` … ``"4"``, ``"fragmented"``,
        ``"insufficient information"``).
    diff : pandas.DataFrame
        The ties removed, then added: ``change`` (``removed`` or ``added``),
        ``relation``, ``from``, ``to`` and ``role_or_kind``.

    See Also
    --------
    compare : The function that returns it.

    Examples
    --------
    >>> import orggraph
    >>> G = orggraph.load_dataset("nova2008")["grimstad"]
    >>> c = compare(G, transfer_to_nav(G, ["allocate_temporary"]))
    >>> c.model, c.diff[["change", "from", "to"]].values.tolist()
    (('4', '4'), [['added', 'nav', 'allocate_temporary']])
    """

    metrics: pd.DataFrame
    centre: tuple[Hashable, Hashable]
    model: tuple[str, str]
    diff: pd.DataFrame

    def __str__(self) -> str:
        """Return a one-line summary: model and centre before and after, and how many ties and metrics changed.

        Returns
        -------
        str
            ``"model <before> -> <after>; centre <before> -> <after>; <n> tie(s)
            changed; <m> metric(s) changed"``, with ``none`` for no centre.

        Examples
        --------
        >>> import orggraph
        >>> G = orggraph.load_dataset("nova2008")["grimstad"]
        >>> print(compare(G, transfer_to_nav(G, ["allocate_temporary"])))
        model 4 -> 4; centre none -> none; 1 tie(s) changed; 15 metric(s) changed
        """
        changed = self.metrics[self.metrics.changed]
        return (f"model {self.model[0]} -> {self.model[1]}; centre {self.centre[0] or 'none'} -> "
                f"{self.centre[1] or 'none'}; {len(self.diff)} tie(s) changed; "
                f"{len(changed)} metric(s) changed")


def _ties(G: nx.MultiGraph) -> set[tuple[str, Hashable, Hashable, str]]:
    out = {("responsibility", u, t, d["role"]) for u, t, d in responsibility_edges(G)}
    out |= {("coordination", a, b, d["kind"]) for a, b, d in coordination_edges(G)}
    return out


def compare(G: nx.MultiGraph, G2: nx.MultiGraph) -> ScenarioComparison:
    """Return metrics, centre and model before and after, and the ties added or removed.

    Not to be confused with :func:`orggraph.compare`, which tabulates many
    municipalities.

    Parameters
    ----------
    G : networkx.MultiGraph
        The municipality before.
    G2 : networkx.MultiGraph
        The municipality after (e.g. a scenario of this module applied to `G`).

    Returns
    -------
    ScenarioComparison
        The metrics of :func:`orggraph.summarize` of both, their centres and
        models (:func:`orggraph.classify`), and the ties that differ (matched by
        unit, task or unit, and role or kind).

    Raises
    ------
    GraphError
        If `G` or `G2` is not an organisation graph (:func:`orggraph.check_graph`).

    Examples
    --------
    >>> import orggraph
    >>> G = orggraph.load_dataset("nova2008")["moss"]
    >>> c = compare(G, recommend_co_administration(G))
    >>> c.centre, c.model
    (('', 'boligkontor'), ('4', '4'))
    """
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
