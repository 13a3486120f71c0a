"""Detect a centre for the social-housing field: the report's definition made operational.

Part of the analysis layer (:mod:`orggraph.analysis`): it reads organisation
graphs of the data model (:mod:`orggraph.core.graph`) and is read by
:mod:`~orggraph.analysis.models` (which reports the centre beside the model),
:mod:`~orggraph.analysis.summary` (the ``centre`` column of
:func:`orggraph.compare`) and the replication layer (:mod:`orggraph.replication`),
which compares it with the report's own judgements.

The report defines the centre twice in the same words. Summary (report text
lines 236–243) and §8 (lines 4547–4557):

    «I noen kommuner er den nødvendige samordningen ivaretatt gjennom et
    senter for det boligsosiale arbeidet. Foruten at de ofte også forestår
    forvaltningen av de fleste virkemidlene, er sentrene pålagt et
    samordningsansvar for den samlede virksomheten på det boligsosiale
    feltet. […] Disse sentrene kan være selvstendige boligkontor,
    avdelinger i en bygg- teknisk- eller eiendomsetat, avdelinger/kontor i
    en helse-/sosialetat, eller også en del av et servicekontor.»

§8 adds how the responsibility is exercised: «Dette ansvaret utøves gjerne ved
at alle henvendelser om boligsosiale spørsmål kanaliseres inn til disse
sentrene, som deretter formidler henvendelsene til rette vedkommende.»

Made operational (:func:`find_centre`):

*candidate*
    an office on the operative level (the list of placements above names only
    offices and departments): a unit whose level is operative and that is not
    a team or forum (bodies of members, not offices).
*coordinating* (required: «er sentrene pålagt et samordningsansvar for den samlede virksomheten»)
    the responsibility must be *assigned* and cover the *whole* field. On the
    graph: (a) the unit decides the field's leadership and coordination, the
    task ``lead`` («Plan og ledelse», the column of Table 3.5 that the report
    introduces as «hvordan ansvaret for ledelse og koordinering er plassert»,
    lines 2279–2280); or (b) it holds assigned coordinating roles (leader or
    secretary of a team, secretary for a task, orderer of another unit's
    services, leader of a forum) whose reach, the instruments it administers
    or coordinates through those roles, is every instrument present («den
    samlede virksomheten»: the whole). The channelling of all enquiries (§8)
    is not recorded in the data and cannot be tested; (b) is its proxy: a
    unit through which every instrument passes.
*instruments* (reported, not required: «de *ofte* også forestår forvaltningen av de fleste virkemidlene»)
    the unit administers (any role) operative tasks of more than half of the
    instruments present.

Strategic work is not part of this definition; it belongs to the definitions
of models 1 and 2 (:mod:`orggraph.analysis.models`). :func:`find_centre` reads the
graph's nodes and edges only: never graph-level attributes (the
municipality's name and data), never the report's judgements, never ids or
names except to report them.

Examples
--------
>>> import orggraph
>>> c = find_centre(orggraph.load_dataset("nova2008")["porsgrunn"])
>>> c.unit, c.placement
('boliggruppe', 'inside technical (B&E)')
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import cast

import networkx as nx
import pandas as pd

from orggraph.core import vocabulary as voc
from orggraph.core.graph import check_graph, coordination_edges, responsibility_edges, unit_nodes

__all__ = [
    "SECTION_62C_TASKS",
    "Centre",
    "coordinating_roles",
    "find_centre",
    "housing_offices",
    "instruments_of",
    "parents",
    "placement",
    "reach",
]

#: §6.2C's «mest sentrale boligsosiale virkemidlene: Bostøtte, startlån, boligtilskudd,
#: tildelingen av kommunale boliger og oppfølgingstjenester» (report text lines 3826-3829).
SECTION_62C_TASKS = ("process_allowance", "allocate_start_loan", "allocate_grant", "allocate_dwelling",
                     "allocate_follow_up")

_NOT_CANDIDATES = ("team", "forum")


@dataclass(frozen=True)
class Centre:  # numpydoc ignore=PR02
    """The result of :func:`find_centre`.

    ``unit`` is None when no unit meets the required criterion; ``candidate``
    is then the best-ranked unit (or None when the graph has no candidate).
    ``evidence`` maps each criterion (``coordinating``, ``instruments``) to
    whether it held for ``candidate`` and ``details`` says why, in words.
    ``tied`` lists the units ranked exactly equal at the top, when more than
    one is: then no single unit is the centre, and ``unit``, ``candidate``
    and ``placement`` are None (so the answer never depends on row order).

    Parameters
    ----------
    unit : str or None
        The centre: the best-ranked candidate when it meets the required
        *coordinating* criterion, else None.
    candidate : str or None
        The best-ranked candidate, centre or not.
    placement : str or None
        Where ``candidate`` sits (:func:`placement`).
    score : float
        :math:`(|I_u|/|I| + [\\text{coordinating}]) / 2` of the best-ranked
        candidate, rounded to 4 decimals (0 when there is no candidate).
    evidence : dict of {str : bool}, optional
        ``coordinating`` and ``instruments``: whether each criterion held.
    details : dict of {str : str}, optional
        The same keys, saying why in words; with ``tie`` naming the units ranked
        equal when there is a tie.
    tied : tuple of str, optional
        The units ranked exactly equal at the top, when more than one; then
        ``evidence``, ``details`` and ``score`` are those of the first of them
        in the ranking.

    See Also
    --------
    find_centre : The function that returns it.

    Examples
    --------
    >>> import orggraph
    >>> c = find_centre(orggraph.load_dataset("nova2008")["porsgrunn"])
    >>> c.unit, c.score, c.evidence
    ('boliggruppe', 0.8, {'coordinating': True, 'instruments': True})
    """

    unit: Hashable | None
    candidate: Hashable | None
    placement: str | None
    score: float
    evidence: dict[str, bool] = field(default_factory=dict)
    details: dict[str, str] = field(default_factory=dict)
    tied: tuple[Hashable, ...] = ()


def instruments_of(G: nx.Graph) -> dict[Hashable, set[str]]:
    """Return unit → the instruments of the operative tasks it holds (any role).

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).

    Returns
    -------
    dict of {str: set of str}
        Every unit of `G` (graph order) → the instruments
        (:data:`orggraph.core.vocabulary.INSTRUMENTS`) of the allocation and
        execution tasks it holds; strategic tasks are left out. Empty set for a
        unit without an operative task.

    Examples
    --------
    >>> import orggraph
    >>> sorted(instruments_of(orggraph.load_dataset("nova2008")["ski"])["sosial"])
    ['follow_up', 'rental_housing']
    """
    out: dict[Hashable, set[str]] = {u: set() for u in unit_nodes(G)}
    for u, t, _ in responsibility_edges(G):
        task = voc.TASKS[cast(str, t)]  # task nodes are keyed by their task code
        if task.level != "strategic":
            out[u].add(task.instrument)
    return out


def parents(G: nx.Graph, unit: Hashable) -> list[Hashable]:
    """Return the units `unit` is ``part_of``, sorted by their unit type and name.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).
    unit : str
        A unit node of `G`.

    Returns
    -------
    list of str
        The targets of `unit`'s ``part_of`` ties; empty when it is part of no
        unit.

    Examples
    --------
    >>> import orggraph
    >>> parents(orggraph.load_dataset("nova2008")["porsgrunn"], "boliggruppe")
    ['be']
    """
    found = {b for a, b, d in coordination_edges(G) if d["kind"] == "part_of" and a == unit}
    return sorted(found, key=lambda p: (G.nodes[p]["unit_type"], str(G.nodes[p].get("name", "")), str(p)))


def placement(G: nx.Graph, unit: Hashable) -> str:
    """Return where `unit` sits: independent office, or inside technical, health/social or service.

    A unit that is ``part_of`` another is placed by its parent's sector (the
    report's placements: «selvstendige boligkontor, avdelinger i en bygg-
    teknisk- eller eiendomsetat, avdelinger/kontor i en helse-/sosialetat,
    eller også en del av et servicekontor»); a unit with no parent is
    "independent" if it is a housing office, else it is named by its own type.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).
    unit : str
        A unit node of `G`.

    Returns
    -------
    str
        ``"inside technical (…)"``, ``"inside health/social (…)"``,
        ``"inside service office (…)"`` (or ``"inside <sector> (…)"`` for
        another sector), with the abbreviation of the first parent's unit type
        (:func:`parents`) in brackets; ``"independent office"`` for a housing
        office with no parent; else the English name of `unit`'s own type.

    Examples
    --------
    >>> import orggraph
    >>> placement(orggraph.load_dataset("nova2008")["kristiansand"], "boligtjenesten")
    'inside health/social (Sos)'
    """
    ps = parents(G, unit)
    utype = G.nodes[unit]["unit_type"]
    if ps:
        sector = G.nodes[ps[0]]["sector"]
        ptype = voc.UNIT_TYPES[G.nodes[ps[0]]["unit_type"]].abbrev
        where = {"technical": "technical", "social": "health/social", "health_care": "health/social",
                 "service": "service office"}.get(sector, sector)
        return f"inside {where} ({ptype})"
    if utype == "housing_office":
        return "independent office"
    return voc.UNIT_TYPES[utype].en


def coordinating_roles(G: nx.Graph) -> dict[Hashable, list[tuple[str, Hashable]]]:
    """Return unit → its assigned coordinating roles, as ``(role, other node)`` pairs.

    The roles: ``leads_field`` (decides the task ``lead``, Table 3.5's
    «Plan og ledelse»), ``team_leader`` / ``team_secretary`` (of a team),
    ``forum_leader``, ``task_secretary`` (secretary for a task) and
    ``orders_from`` (orders another unit's services). Betweenness or other
    positions that are not assigned are not roles.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).

    Returns
    -------
    dict of {str: list of tuple of (str, str)}
        Every unit of `G` (graph order) → its roles, each with the node it is
        held towards (the task ``lead``, the team or forum, the task, or the
        unit ordered from), sorted by role and node; empty list for a unit
        without an assigned role.

    Examples
    --------
    >>> import orggraph
    >>> coordinating_roles(orggraph.load_dataset("nova2008")["drammen"])["bk"]
    [('orders_from', 'kf'), ('task_secretary', 'allocate_dwelling'), ('team_leader', 'team')]
    """
    out: dict[Hashable, set[tuple[str, Hashable]]] = {u: set() for u in unit_nodes(G)}
    for u, t, d in responsibility_edges(G):
        if t == "lead" and d["role"] == "decides":
            out[u].add(("leads_field", t))
        elif d["role"] == "secretary":
            out[u].add(("task_secretary", t))
    for a, b, d in coordination_edges(G):
        if d["kind"] == "team_membership" and d["team_role"] in ("leader", "secretary"):
            out[a].add((f"team_{d['team_role']}", b))
        elif d["kind"] == "forum_membership" and d["team_role"] == "leader":
            out[a].add(("forum_leader", b))
        elif d["kind"] == "ordering":
            out[a].add(("orders_from", b))
    return {u: sorted(r, key=lambda x: (x[0], str(x[1]))) for u, r in out.items()}


def reach(G: nx.Graph, unit: Hashable, roles: Iterable[tuple[str, Hashable]] | None = None, *,
          instruments: dict[Hashable, set[str]] | None = None) -> set[str]:
    """Return the instruments `unit` administers or coordinates through its assigned roles.

    Its own operative tasks (any role), the operative tasks of the teams it
    leads or is secretary of and of the forums it leads, and those of the units
    it orders from.
    `roles` and `instruments` (:func:`coordinating_roles` and
    :func:`instruments_of` of `G`) may be passed when already computed.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).
    unit : str
        A unit node of `G`.
    roles : iterable of tuple of (str, str), optional
        `unit`'s coordinating roles, as :func:`coordinating_roles` gives them;
        computed from `G` when omitted.
    instruments : dict of {str : set of str}, optional
        :func:`instruments_of` of `G`; computed when omitted.

    Returns
    -------
    set of str
        :math:`R_u = I_u \\cup \\bigcup_{v} I_v` over the teams and forums
        :math:`v` that `unit` leads (or is secretary of, for teams) and the
        units it orders from, with :math:`I_v` the instruments of
        :func:`instruments_of`.

    Examples
    --------
    >>> import orggraph
    >>> sorted(reach(orggraph.load_dataset("nova2008")["drammen"], "bk"))
    ['follow_up', 'rental_housing']
    """
    inst = instruments_of(G) if instruments is None else instruments
    out = set(inst.get(unit, set()))
    for role, other in (coordinating_roles(G)[unit] if roles is None else roles):
        if role in ("team_leader", "team_secretary", "forum_leader", "orders_from") and other in inst:
            out |= inst[other]
    return out


def find_centre(G: nx.Graph, *, min_instrument_share: float = 0.5) -> Centre:
    """Return the unit with an assigned responsibility for coordinating the whole field, if any.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).
    min_instrument_share : float, default 0.5
        "Most" instruments (de fleste): a share *above* this (default 0.5,
        more than half) of the instruments present, for the reported
        *instruments* criterion.

    Returns
    -------
    Centre
        The centre (or None) with its placement, score and evidence.

    Raises
    ------
    GraphError
        If `G` is not an organisation graph (:func:`orggraph.check_graph`).

    See Also
    --------
    housing_offices : §6.2C's housing offices and the instruments they hold.
    orggraph.classify : The report's models, which report the centre alongside.

    Notes
    -----
    For every candidate :math:`u` (an operative unit that is not a team or
    forum), with :math:`I_u` the instruments of the operative tasks it holds,
    :math:`R_u \\supseteq I_u` its :func:`reach` and :math:`I` the instruments
    of the graph:

    1. *coordinating* (required): :math:`u` decides ``lead``, or :math:`u` has
       an assigned coordinating role (:func:`coordinating_roles`) and
       :math:`R_u = I`.
    2. *instruments* (reported): :math:`|I_u|/|I| >` `min_instrument_share`.

    Candidates are ranked by (coordinating, decides ``lead``,
    :math:`|I_u|/|I|`, :math:`|R_u|/|I|`, number of roles); the first meeting
    criterion 1 is the centre. Units ranked exactly equal at the top are
    reported in ``tied`` and then none is the centre, so the answer never
    depends on row order or ids. The score is :math:`(|I_u|/|I| + [1]) / 2`,
    where :math:`[1]` is 1 when criterion 1 holds, else 0.

    The definition is the report's (Langsether, Hansen & Sørvoll 2008, NOVA
    Rapport 18/2008; no DOI): Summary, report text lines 236–243, and §8, lines
    4547–4557, quoted in the module docstring; Table 3.5's «Plan og ledelse»,
    lines 2279–2280.

    Examples
    --------
    >>> import orggraph
    >>> graphs = orggraph.load_dataset("nova2008")
    >>> find_centre(graphs["kristiansand"]).unit
    'boligtjenesten'
    >>> find_centre(graphs["asker"]).unit is None
    True
    """
    G = check_graph(G)
    inst = instruments_of(G)
    total = set().union(*inst.values()) if inst else set()
    cands = [u for u in unit_nodes(G)
             if G.nodes[u]["unit_type"] not in _NOT_CANDIDATES and G.nodes[u].get("level") == "operative"]
    if not cands or not total:
        return Centre(None, None, None, 0.0)
    roles = coordinating_roles(G)
    ranked = []
    for u in cands:
        share = len(inst[u]) / len(total)
        reached = reach(G, u, roles[u], instruments=inst)
        rshare = len(reached) / len(total)
        leads = any(r == "leads_field" for r, _ in roles[u])
        assigned = [r for r in roles[u] if r[0] != "leads_field"]
        coord = leads or (bool(assigned) and reached >= total)
        if leads:
            why = "decides the field's leadership and coordination (Plan og ledelse)"
        elif assigned:
            names = ", ".join(f"{r.replace('_', ' ')} {G.nodes[o].get('name', o) if o in G else o}"
                              for r, o in assigned)
            why = (f"assigned coordinating roles ({names}) reaching {len(reached)} of {len(total)} "
                   f"instruments ({rshare:.0%})")
            why += "" if coord else ", not the whole field"
        else:
            why = "no assigned coordinating role"
        details = {
            "coordinating": why,
            "instruments": f"administers {len(inst[u])} of {len(total)} instruments ({share:.0%})",
        }
        evidence = {"coordinating": coord, "instruments": share > min_instrument_share}
        key = (coord, leads, round(share, 12), round(rshare, 12), len(roles[u]))
        ranked.append((key, u, evidence, details, share))
    ranked.sort(key=lambda r: r[0], reverse=True)
    best_key, u, evidence, details, share = ranked[0]
    tied = tuple(sorted((r[1] for r in ranked if r[0] == best_key), key=str))  # node keys may be integers
    if len(tied) > 1:
        tied_names = sorted(str(G.nodes[t].get("name", t)) for t in tied)
        return Centre(None, None, None, round((share + evidence["coordinating"]) / 2, 4), evidence,
                      {**details, "tie": "no single unit: ranked equal are " + ", ".join(tied_names)}, tied)
    score = round((share + evidence["coordinating"]) / 2, 4)
    unit = u if evidence["coordinating"] else None
    return Centre(unit, u, placement(G, u), score, evidence, details)


def housing_offices(G: nx.Graph, *, min_share: float = 0.5) -> pd.DataFrame:
    """Return every housing office with the share of §6.2C's instruments it administers or coordinates.

    §6.2C (report text lines 3825–3835) names «boligkontor, boligavdelinger
    eller boligkonsulentstillinger som forvalter eller koordinerer de mest
    sentrale boligsosiale virkemidlene: Bostøtte, startlån, boligtilskudd,
    tildelingen av kommunale boliger og oppfølgingstjenester» and lists
    municipalities «hvor en boligavdeling eller et boligkontor forvalter alle
    eller de fleste av disse virkemidlene». A housing office (unit type
    ``housing_office``) *administers or coordinates* a task when it holds it
    in any role, or leads or is secretary of a team (or leads a forum) that holds it.

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).
    min_share : float, default 0.5
        "Most" (de fleste): a share above this of those of the
        :data:`SECTION_62C_TASKS` present in the graph.

    Returns
    -------
    pandas.DataFrame
        Indexed by unit, with ``placement``, ``tasks`` (the §6.2C tasks it
        administers or coordinates, comma-separated), ``share`` and ``most``.
        One row per housing office in graph order; empty (with those columns)
        when `G` has none.

    Notes
    -----
    With :math:`P` the §6.2C tasks present in `G` and :math:`V_h` the tasks
    office :math:`h` administers or coordinates,
    :math:`\\text{share} = |V_h \\cap P| / |P|` (0 when :math:`P` is empty) and
    :math:`\\text{most} = \\text{share} >` `min_share`.

    Examples
    --------
    >>> import orggraph
    >>> bool(housing_offices(orggraph.load_dataset("nova2008")["tromso"]).loc["boligkontor", "most"])
    True
    """
    present = [t for t in SECTION_62C_TASKS if t in G]
    held: dict[Hashable, set[Hashable]] = {u: set() for u in unit_nodes(G)}
    for u, t, _ in responsibility_edges(G):
        held[u].add(t)
    roles = coordinating_roles(G)
    rows = []
    for u in unit_nodes(G):
        if G.nodes[u]["unit_type"] != "housing_office":
            continue
        via = set(held[u])
        for role, other in roles[u]:
            if role in ("team_leader", "team_secretary", "forum_leader") and other in held:
                via |= held[other]
        mine = [t for t in present if t in via]
        share = len(mine) / len(present) if present else 0.0
        rows.append({"unit": u, "placement": placement(G, u), "tasks": ", ".join(mine), "share": share,
                     "most": share > min_share})
    return pd.DataFrame(rows, columns=["unit", "placement", "tasks", "share", "most"]).set_index("unit")
