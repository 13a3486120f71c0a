"""Classify a municipality into the report's four models (§3.5), each rule the report's definition.

Part of the analysis layer (:mod:`orggraph.analysis`): it reads organisation
graphs of the data model (:mod:`orggraph.core.graph`) through
:mod:`~orggraph.analysis.centre` and :mod:`~orggraph.analysis.metrics`, and is
read by :mod:`~orggraph.analysis.summary` (the ``model`` column of
:func:`orggraph.compare`), :mod:`~orggraph.analysis.scenario` and the
replication layer (:mod:`orggraph.replication`), which measures its agreement
with the report's own judgements.

:func:`classify` returns model 1, 2, 3, 4, ``"fragmented"`` or
``"insufficient information"`` with the criteria met and failed, in words a
researcher can quote. It reads the graph's nodes and edges only: never
graph-level attributes (the municipality's name and data), never the report's
judgements, and no rule mentions a municipality. Line numbers refer to the
report's text (``shared/sources``); «…» quotes it.

The rules, in order (the first that holds decides):

1. **Model 1**, «Samforvaltning og samordning i regi av boligkontor/
   boligavdeling» (lines 2372–2386): «de fleste virkemidler [forvaltes] på
   det operative nivået av et boligkontor organisert som egen resultatenhet,
   eller av en boligavdeling/et boligkontor plassert i bygge- og
   eiendomsenheten. I sistnevnte tilfelle er kontorets reelle rolle gjerne
   sterkere enn det formelt ser ut til. Boligavdelingen/kontoret har ansvaret
   for å bygge, kjøpe og forvalte boliger, og er vanligvis
   saksbehandler/sekretær for et tverretatlig tildelingsteam […] Det legger
   tilrette for en høy grad av samordning av arbeidet med de strategiske og
   operative oppgavene i regi av dette boligkontoret».
   On the graph: a housing office that is its own unit or part of a
   technical unit (*placement*), administers more than half of the
   instruments present (*most instruments*), builds, buys or manages
   dwellings itself or, inside B&E, through that unit (*builds and
   manages*), and takes part in a strategic task (*strategic*). Being the
   team's secretary is «vanligvis» (usually): reported, not required.
2. **Model 2**, «Samforvaltning i regi av boligkontor/boligavdeling utenfor
   teknisk sektor» (lines 2393–2414): «et boligkontor/en avdeling plassert i
   enhet for helse/sosiale tjenester, eventuelt i NAV. Her har boligkontoret
   rollen som bestiller, og er gitt ansvaret for tildeling av alle tjenester
   overfor publikum, inkludert boliger. Ansvaret for boligbygging og
   forvaltning av boligmassen ivaretas av bygge- og eiendomskontoret, eller
   gjerne også av et KF eller en stiftelse. […] med ansvar også for (en del
   av) de strategiske oppgavene. En variant av denne modellen er at dette
   kontoret er plassert i serviceenheten.»
   On the graph: a housing office part of a health/social unit, NAV or a
   service unit (*placement*) that orders from another unit (*orderer*),
   allocates dwellings and more than half of the allocation instruments
   present, itself or as leader/secretary of the allocating team
   (*allocates*), does not build or manage dwellings while another unit does
   (*builds elsewhere*), and takes part in a strategic task (*strategic*).
3. **Model 3**, «Samordnet virkemiddelbruk på operativt nivå» (lines
   2416–2428): «alle, eller de fleste av virkemidlene rettet mot
   boligsøkere [er] samordnet i en avdeling/et kontor, vanligvis i helse/
   sosial-sektoren. Avdelingen fordeler økonomiske støtteordninger og er
   sekretær og saksbehandler for boligtildelingen som foretas av et
   tverretatlig team. […] Avdelingen/kontoret har ikke ansvar for bygging og
   forvaltning, og er lite involvert i det strategiske arbeidet».
   On the graph: a department (an operative unit that is not a team, forum or
   central administration, with the units it is part of or that are part of
   it) that is secretary or case handler of an inter-agency team's
   allocation of dwellings: it leads or is secretary of a team that allocates
   dwellings, or holds that allocation as secretary or as case preparer
   (``recommends``) while a team allocates (*team's case handler*); that
   distributes an economic support scheme (start loan, grant, allowance),
   itself or through that team (*economic support*); whose reach covers
   more than half of the allocation instruments present (*most applicant
   instruments*); that neither builds nor manages dwellings (*no building*);
   and that decides no strategic task (*little strategy*).
4. **Model 4**, «Uformell samordning av virkemidlene» (lines 2435–2444):
   «virkemidlene [er] fordelt på forskjellige enheter […] Samordningen skjer
   først og fremst ved konsultasjoner, basert på personlige relasjoner […]
   Noen kommuner benytter for eksempel egne utvalg». On the graph: none of
   the above, and the pairs of units that must coordinate are tied by
   coordination (part-of is hierarchy, not coordination) at least
   `min_coverage` of the time (:func:`orggraph.analysis.metrics.coordination_coverage`),
   or a team or forum exists.
5. **fragmented**: «Kommuner som faller utenfor disse fire modellene har en
   fragmentert organisering og enda mindre samordning enn i modell 4» (lines
   2446–2447): coordination ties are recorded, but fewer than model 4 needs
   and no team or forum exists.
6. **insufficient information**: none of models 1–3, and the graph records no
   coordination tie at all (besides part-of) and no team or forum. The report
   describes informal coordination mostly in general terms (§3.3, §6.2E), so
   the absence of ties in the data is not evidence of their absence in the
   municipality: model 4 and fragmented cannot be told apart.

Examples
--------
>>> import orggraph
>>> graphs = orggraph.load_dataset("nova2008")
>>> classify(graphs["ski"]).model
1
>>> classify(graphs["kristiansand"]).model
2
>>> classify(graphs["drammen"]).model
3
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import cast

import networkx as nx

from orggraph.analysis.centre import Centre, find_centre, instruments_of, parents, placement
from orggraph.analysis.metrics import COORDINATING_KINDS, STRATEGIC_TASKS, coordination_coverage, holders
from orggraph.core import vocabulary as voc
from orggraph.core.graph import check_graph, coordination_edges, responsibility_edges, unit_nodes

__all__ = ["MODELS", "Classification", "classify"]

#: Every result :func:`classify` can return, in the report's order.
MODELS: tuple[int | str, ...] = (1, 2, 3, 4, "fragmented", "insufficient information")

_BUILD = ("provide_dwellings", "manage_dwellings")
_ECONOMIC = ("allocate_start_loan", "allocate_grant", "process_allowance", "allocate_municipal_allowance")
_ALLOCATION = tuple(t for t, v in voc.TASKS.items() if v.level == "allocation")
_SECTOR_M2 = ("social", "health_care", "service")


@dataclass(frozen=True)
class Classification:  # numpydoc ignore=PR02
    """The result of :func:`classify`: the model and the criteria met and failed.

    Parameters
    ----------
    model : int or str
        One of :data:`MODELS`: 1, 2, 3, 4, ``"fragmented"`` or
        ``"insufficient information"``.
    centre : Centre
        The centre found by :func:`orggraph.find_centre`, reported alongside
        (no model rule uses it).
    met : list of str
        The criteria met, as sentences (one, naming the model that holds, or
        none).
    failed : list of str
        For every model tried before the one that holds, why it failed.

    Examples
    --------
    >>> import orggraph
    >>> c = classify(orggraph.load_dataset("nova2008")["ski"])
    >>> c.model, len(c.met), c.failed
    (1, 1, [])
    """

    model: int | str
    centre: Centre
    met: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def explain(self) -> str:
        """Return the classification in quotable sentences.

        Returns
        -------
        str
            The model (``"Model 1."`` …, ``"Fragmented (outside the four models)."``
            or ``"Insufficient information: …"``), then ``"Met: …."`` for each
            criterion met and ``"Not met: …."`` for each that failed.

        Examples
        --------
        >>> import orggraph
        >>> print(classify(orggraph.load_dataset("nova2008")["ski"]).explain())  # doctest: +NORMALIZE_WHITESPACE
        Model 1. Met: Boligkontoret, a housing office (independent office), administers most instruments,
        builds, buys or manages the dwellings and takes part in strategic work (model 1).
        """
        head = {"fragmented": "Fragmented (outside the four models).",
                "insufficient information": "Insufficient information: model 4 and fragmented cannot be "
                                            "told apart."}.get(str(self.model), f"Model {self.model}.")
        return " ".join([head, *(f"Met: {m}." for m in self.met), *(f"Not met: {f}." for f in self.failed)])


def _names(G: nx.Graph, units: Iterable[Hashable]) -> str:
    return " and ".join(sorted(str(G.nodes[u].get("name") or u) for u in units))


def _tasks(G: nx.Graph, units: list[Hashable]) -> dict[Hashable, dict[str, str]]:
    """unit → task → role (the strongest when a unit holds a task twice)."""
    order = {r: i for i, r in enumerate(voc.ROLES)}
    out: dict[Hashable, dict[str, str]] = {u: {} for u in units}
    for u, node, d in responsibility_edges(G):
        t = cast(str, node)  # task nodes are keyed by their task code
        if t not in out[u] or order[d["role"]] < order[out[u][t]]:
            out[u][t] = d["role"]
    return out


def _teams_led(units: list[Hashable], coordination: list[tuple[Hashable, Hashable, dict]],
               ) -> dict[Hashable, set[Hashable]]:
    """unit → the teams and forums it leads or is secretary of."""
    out: dict[Hashable, set[Hashable]] = {u: set() for u in units}
    for a, b, d in coordination:
        if d["kind"] in ("team_membership", "forum_membership") and d["team_role"] in ("leader", "secretary"):
            out[a].add(b)
    return out


@dataclass(frozen=True)
class _Facts:
    """What every rule reads from one graph, computed once."""

    units: list[Hashable]
    coordination: list[tuple[Hashable, Hashable, dict]]
    tasks: dict[Hashable, dict[str, str]]
    inst: dict[Hashable, set[str]]
    total: set[str]
    builders: set[Hashable]
    led: dict[Hashable, set[Hashable]]
    share_min: float


def _share(held: set[str], present: set[str]) -> float:
    return len(held & present) / len(present) if present else 0.0


def _instr(tasks: Iterable[str]) -> set[str]:
    return {voc.TASKS[t].instrument for t in tasks}


def _model1(G: nx.Graph, f: _Facts) -> tuple[list[Hashable], list[str]]:
    """Return the housing offices that meet model 1 and, for the others, the criteria they fail."""
    tasks, inst, total, builders, share_min = f.tasks, f.inst, f.total, f.builders, f.share_min
    found: list[Hashable] = []
    notes: list[str] = []
    for h in f.units:
        if G.nodes[h]["unit_type"] != "housing_office":
            continue
        name = G.nodes[h]["name"]
        ps = parents(G, h)
        tests = {
            "placement": not ps or any(G.nodes[p]["sector"] == "technical" for p in ps),
            "most instruments": _share(inst[h], total) > share_min,
            "builds and manages": bool(({h} | {p for p in ps if G.nodes[p]["sector"] == "technical"})
                                       & builders),
            "strategic": bool(set(tasks[h]) & set(STRATEGIC_TASKS)),
        }
        if all(tests.values()):
            found.append(h)
        else:
            notes.append(f"{name} ({placement(G, h)}): " + ", ".join(k for k, v in tests.items() if not v))
    return found, notes


def _model2(G: nx.Graph, f: _Facts) -> tuple[list[Hashable], list[str]]:
    """Return the housing offices that meet model 2 and, for the others, the criteria they fail."""
    tasks, builders, led, share_min = f.tasks, f.builders, f.led, f.share_min
    found: list[Hashable] = []
    notes: list[str] = []
    alloc_present = _instr(t for t in _ALLOCATION if t in G)
    orders = {a for a, _, d in f.coordination if d["kind"] == "ordering"}
    for h in f.units:
        if G.nodes[h]["unit_type"] != "housing_office":
            continue
        ps = parents(G, h)
        via = set(tasks[h]) | {t for team in led[h] for t in tasks.get(team, {})}
        allocates = _instr(t for t in via if t in _ALLOCATION)
        tests = {
            "placement": any(G.nodes[p]["sector"] in _SECTOR_M2 for p in ps),
            "orderer": h in orders,
            "allocates": "allocate_dwelling" in via and _share(allocates, alloc_present) > share_min,
            "builds elsewhere": h not in builders and bool(builders - {h}),
            "strategic": bool(set(tasks[h]) & set(STRATEGIC_TASKS)),
        }
        if all(tests.values()):
            found.append(h)
        else:
            notes.append(f"{G.nodes[h]['name']} ({placement(G, h)}): "
                         + ", ".join(k for k, v in tests.items() if not v))
    return found, notes


def _departments(f: _Facts) -> dict[Hashable, set[Hashable]]:
    """unit → the unit with the units it is part of and that are part of it."""
    out: dict[Hashable, set[Hashable]] = {u: {u} for u in f.units}
    for a, b, d in f.coordination:
        if d["kind"] == "part_of":
            out[a].add(b)
            out[b].add(a)
    return out


def _model3(G: nx.Graph, f: _Facts) -> tuple[list[list[Hashable]], list[str]]:
    """Return the departments that meet model 3 (their units) and, for the others, what they fail."""
    tasks, builders, led, share_min = f.tasks, f.builders, f.led, f.share_min
    teams = {u for u in f.units if G.nodes[u]["unit_type"] == "team"}
    allocating_teams = {t for t in teams if "allocate_dwelling" in tasks[t]}
    alloc_present = _instr(t for t in _ALLOCATION if t in G)
    found: dict[frozenset[Hashable], list[Hashable]] = {}
    notes: dict[frozenset[Hashable], str] = {}
    departments = _departments(f)
    for u in f.units:
        if G.nodes[u]["unit_type"] in ("team", "forum", "admin") or G.nodes[u].get("level") != "operative":
            continue
        dept = frozenset(departments[u])
        if dept in found or dept in notes:
            continue
        served = {t for m in dept for t in led[m] if t in allocating_teams}
        handles = served or (allocating_teams and any(
            tasks[m].get("allocate_dwelling") in ("secretary", "recommends") for m in dept))
        own = {t for m in dept for t in tasks[m]}
        via = own | {t for team in served for t in tasks[team]}
        tests = {
            "team's case handler": bool(handles),
            "economic support": bool(via & set(_ECONOMIC)),
            "most applicant instruments": _share(_instr(t for t in via if t in _ALLOCATION), alloc_present)
                                          > share_min,
            "no building": not dept & builders,
            "little strategy": not any(tasks[m].get(t) == "decides" for m in dept for t in STRATEGIC_TASKS),
        }
        holders_ = sorted((m for m in dept if tasks[m] or led[m]), key=lambda m: str(G.nodes[m]["name"]))
        if all(tests.values()):
            found[dept] = holders_
        elif tests["team's case handler"] or tests["economic support"]:
            notes[dept] = (f"{_names(G, holders_ or dept)}: " + ", ".join(k for k, v in tests.items() if not v))
    return list(found.values()), sorted(notes.values())


def classify(G: nx.Graph, *, min_instrument_share: float = 0.5, min_coverage: float = 0.25) -> Classification:
    """Return the report's organisation model of `G` (see the module docstring for each rule).

    Parameters
    ----------
    G : networkx.MultiGraph
        An organisation graph (:mod:`orggraph.core.graph`).
    min_instrument_share : float, default 0.5
        "Most" (de fleste): a share *above* this of the instruments present.
    min_coverage : float, default 0.25
        Model 4 needs at least this coordination coverage, or a team or forum.

    Returns
    -------
    Classification
        ``model`` (one of :data:`MODELS`), the ``centre`` found by
        :func:`orggraph.find_centre` (reported alongside; no model rule uses
        it), and the criteria ``met`` and ``failed``.

    Raises
    ------
    GraphError
        If `G` is not an organisation graph (:func:`orggraph.check_graph`).

    See Also
    --------
    orggraph.find_centre : The centre, reported alongside the model.
    orggraph.analysis.metrics.coordination_coverage : The coverage model 4 reads.

    Notes
    -----
    The rules are tried in the report's order (§3.5, report text lines
    2372–2447) and the first that holds decides; each is quoted, with its line
    numbers, in the module docstring. "Most" is a share :math:`s` of the
    instruments present with :math:`s >` `min_instrument_share`; model 4 needs
    instruments spread over at least two units and a team or forum, or
    :math:`\\text{coverage} \\ge` `min_coverage`
    (:func:`~orggraph.analysis.metrics.coordination_coverage`). Source: the
    report, Langsether, Hansen & Sørvoll (2008), NOVA Rapport 18/2008 (no DOI).

    Examples
    --------
    >>> import orggraph
    >>> c = classify(orggraph.load_dataset("nova2008")["ralingen"])
    >>> c.model
    'insufficient information'
    """
    G = check_graph(G)
    centre = find_centre(G, min_instrument_share=min_instrument_share)
    met: list[str] = []
    failed: list[str] = []
    inst = instruments_of(G)
    units, coordination = unit_nodes(G), coordination_edges(G)
    facts = _Facts(units=units, coordination=coordination, tasks=_tasks(G, units), inst=inst,
                   total=set().union(*inst.values()) if inst else set(),
                   builders={u for t in _BUILD for u in holders(G, t)}, led=_teams_led(units, coordination),
                   share_min=min_instrument_share)

    found, notes = _model1(G, facts)
    if found:
        met.append(f"{_names(G, found)}, a housing office ({', '.join(sorted({placement(G, h) for h in found}))}), "
                   "administers most instruments, builds, buys or manages the dwellings and takes part in "
                   "strategic work (model 1)")
        return Classification(1, centre, met, failed)
    failed.append("model 1: " + ("; ".join(notes) if notes else "no housing office"))

    found, notes = _model2(G, facts)
    if found:
        met.append(f"{_names(G, found)}, a housing office outside the technical sector, orders from the "
                   "builder or manager, allocates dwellings and most allocation instruments, and takes part "
                   "in strategic work (model 2)")
        return Classification(2, centre, met, failed)
    failed.append("model 2: " + ("; ".join(notes) if notes else "no housing office"))

    depts, notes3 = _model3(G, facts)
    if depts:
        met.append(f"{'; '.join(_names(G, d) for d in depts)} is case handler of the inter-agency team's "
                   "allocation of dwellings, distributes economic support and most applicant instruments, "
                   "neither builds nor manages dwellings and decides no strategic task (model 3)")
        return Classification(3, centre, met, failed)
    failed.append("model 3: " + ("; ".join(notes3) if notes3 else
                                 "no department is case handler of a team's allocation or distributes "
                                 "economic support"))

    coverage = coordination_coverage(G)
    bodies = [u for u in units if G.nodes[u]["unit_type"] in ("team", "forum")]
    ties = [d for _, _, d in coordination if d["kind"] in COORDINATING_KINDS]
    spread = sum(bool(inst[u]) for u in units) >= 2
    if spread and (bodies or (not math.isnan(coverage) and coverage >= min_coverage)):
        what = f"{len(bodies)} team(s) or forum(s)" if bodies else f"coordination coverage {coverage:.2f}"
        met.append(f"instruments spread over units, coordinated through {what} (model 4)")
        return Classification(4, centre, met, failed)
    if spread and ties:
        failed.append(f"model 4: no team or forum and coordination coverage {coverage:.2f} < {min_coverage}")
        return Classification("fragmented", centre, met, failed)
    if spread:
        failed.append("model 4 or fragmented: the graph records no coordination tie (other than part-of) and "
                      "no team or forum, so the coordination the models turn on is unknown")
    else:
        failed.append("model 4 or fragmented: fewer than two units hold operative tasks, so there is no "
                      "spread of instruments to coordinate")
    return Classification("insufficient information", centre, met, failed)
