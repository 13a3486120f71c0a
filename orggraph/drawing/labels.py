"""Words for the figures: every metric, model and result in English and Norwegian.

Figures never show a code name (``top_share``, ``fragmented``): axis labels,
column heads and legends take their words from here. A code without a label
is an error, never drawn as the code.

Part of the drawing layer (:mod:`orggraph.drawing`), beside
:mod:`~orggraph.drawing.styles`: it holds words only (no drawing library) and
builds on the vocabulary of the data model (:mod:`orggraph.core.vocabulary`),
whose :class:`~orggraph.core.vocabulary.Term` gives each code its English and
Norwegian label. The matplotlib figures (:mod:`~orggraph.drawing.plot`,
:mod:`~orggraph.drawing.structure_map`) take their axis labels, titles and
legend entries from here.

Examples
--------
>>> metric_label("coordination_coverage", "no")
'Samordningsdekning'
>>> model_label("fragmented", "no")
'Fragmentert'
>>> model_label(3)
'Model 3'
"""

from __future__ import annotations

from orggraph._errors import OrgGraphError
from orggraph.core.vocabulary import Term

__all__ = ["METRICS", "MODELS", "TEXT", "metric_label", "model_code", "model_label", "text"]


def _index(terms: list[Term]) -> dict[str, Term]:
    return {t.code: t for t in terms}


#: A label for every numeric column of :func:`orggraph.compare` (and the centre's score).
METRICS: dict[str, Term] = _index([
    Term("population_2007", "Population 2007", "Innbyggere 2007"),
    Term("start_loan_per_capita", "Start loans per capita", "Startlån per innbygger"),
    Term("allowance_per_capita", "Housing allowance per capita", "Bostøtte per innbygger"),
    Term("municipal_dwellings_per_1000", "Municipal dwellings per 1,000 inhabitants",
         "Kommunale boliger per 1000 innbyggere"),
    Term("municipal_dwellings_total", "Municipal dwellings", "Kommunale boliger"),
    Term("nav_established", "NAV office established", "NAV-kontor etablert"),
    Term("size_class", "Size class", "Kommunestørrelse"),
    Term("units", "Units", "Enheter"),
    Term("responsibilities", "Responsibilities", "Ansvarsforhold"),
    Term("operative_units", "Operative units", "Operative enheter"),
    Term("strategic_units", "Strategic units", "Strategiske enheter"),
    Term("tasks", "Tasks", "Oppgaver"),
    Term("teams", "Teams and forums", "Team og fora"),
    Term("coordination_ties", "Coordination ties", "Samordningsbånd"),
    Term("hhi", "Concentration of core tasks (HHI)", "Konsentrasjon av kjerneoppgaver (HHI)"),
    Term("fragmentation", "Fragmentation (1 − HHI of core tasks)", "Fragmentering (1 − HHI for kjerneoppgaver)"),
    Term("entropy", "Spread of core tasks (entropy)", "Spredning av kjerneoppgaver (entropi)"),
    Term("top_share", "Share of core tasks in the largest unit", "Andel kjerneoppgaver i største enhet"),
    Term("units_per_task", "Units per core task", "Enheter per kjerneoppgave"),
    Term("alone_share", "Share of core tasks held by one unit alone", "Andel kjerneoppgaver hos én enhet alene"),
    Term("dwelling_split", "Dwellings split (allocator ≠ provider)", "Boliger delt (tildeler ≠ tilbyder)"),
    Term("dwelling_bridged", "Dwelling split bridged", "Boligdeling samordnet"),
    Term("follow_up_split", "Follow-up split", "Booppfølging delt"),
    Term("follow_up_bridged", "Follow-up split bridged", "Delt booppfølging samordnet"),
    Term("strategy_detached", "Strategy detached from operation", "Strategi løsrevet fra drift"),
    Term("operative_in_strategy", "Operative units in strategy work", "Operative enheter i strategiarbeidet"),
    Term("coordination_coverage", "Coordination coverage", "Samordningsdekning"),
    Term("components", "Separate parts (components)", "Adskilte deler (komponenter)"),
    Term("coordination_components", "Parts joined by coordination", "Deler bundet av samordning"),
    Term("articulation_units", "Units holding the network together", "Enheter som holder nettverket sammen"),
    Term("max_betweenness", "Highest betweenness", "Høyeste mellomliggenhet"),
    Term("liaison_brokerage", "Liaison brokerage", "Megling mellom andre"),
    Term("min_constraint", "Lowest constraint (Burt)", "Laveste begrensning (Burt)"),
    Term("bridges", "Bridging ties", "Brobånd"),
    Term("connectance", "Connectance", "Tetthet (konnektans)"),
    Term("compartments", "Compartments", "Avdelinger (kompartmenter)"),
    Term("compartment_diversity", "Compartment diversity", "Mangfold av kompartmenter"),
    Term("nodf", "Nestedness (NODF)", "Nøsting (NODF)"),
    Term("modules", "Modules", "Moduler"),
    Term("modularity", "Modularity", "Modularitet"),
    Term("connector_units", "Connector units", "Bindeleddsenheter"),
    Term("niche_overlap", "Task overlap between units", "Oppgaveoverlapp mellom enheter"),
    Term("robustness", "Robustness to losing a unit", "Robusthet mot tap av enhet"),
    Term("robustness_worst", "Robustness, worst case", "Robusthet, verste tilfelle"),
    Term("centre_score", "Centre score", "Senterskår"),
])

#: A label for every result of :func:`orggraph.classify`.
MODELS: dict[str, Term] = _index([
    Term("1", "Model 1", "Modell 1"),
    Term("2", "Model 2", "Modell 2"),
    Term("3", "Model 3", "Modell 3"),
    Term("4", "Model 4", "Modell 4"),
    Term("fragmented", "Fragmented", "Fragmentert"),
    Term("insufficient information", "Insufficient information", "Utilstrekkelig informasjon"),
])

#: Other words the figures use (titles, axis and legend heads).
TEXT: dict[str, Term] = _index([
    Term("plane", "Fragmentation and coordination", "Fragmentering og samordning"),
    Term("model", "Model", "Modell"),
    Term("heatmap", "Metrics, standardised (z-score)", "Mål, standardisert (z-verdi)"),
    Term("z", "Standard deviations from the mean (z)", "Standardavvik fra gjennomsnittet (z)"),
    Term("dendrogram", "Municipalities clustered by metrics (Ward)", "Kommuner gruppert etter mål (Ward)"),
    Term("ward_distance", "Ward distance", "Ward-avstand"),
    Term("population_log", "Population 2007 (log scale)", "Innbyggere 2007 (logaritmisk skala)"),
    Term("sector", "Sector", "Sektor"),
    Term("role", "Role", "Rolle"),
    Term("spearman", "Spearman's ρ", "Spearmans ρ"),
    Term("orgcharts", "Org charts on one scale", "Organisasjonskart i samme målestokk"),
])

_MODEL_ALIASES = {"insufficient": "insufficient information", "insufficient_information": "insufficient information"}


def _lookup(table: dict[str, Term], code: str, what: str, lang: str) -> str:
    try:
        return table[code].label(lang)
    except KeyError:
        msg = f"no {what} label for `{code}`; known: {', '.join(table)}"
        raise OrgGraphError(msg) from None


def metric_label(metric: str, lang: str = "en") -> str:
    """Return the words for metric `metric` (a column of :func:`orggraph.compare`).

    Parameters
    ----------
    metric : str
        A metric's code: a numeric column of :func:`orggraph.compare`, or ``"centre_score"``
        (the keys of :data:`METRICS`).
    lang : {"en", "no"}, default "en"
        English or Norwegian.

    Returns
    -------
    str
        The label, as axis labels and column heads show it.

    Raises
    ------
    OrgGraphError
        If the metric has no label (it would otherwise be drawn as its code).
    ValueError
        If `lang` is neither ``"en"`` nor ``"no"``.

    See Also
    --------
    text : The other words of the figures.

    Examples
    --------
    >>> metric_label("fragmentation")
    'Fragmentation (1 − HHI of core tasks)'
    >>> metric_label("nodf", "no")
    'Nøsting (NODF)'

    Every numeric column of :func:`orggraph.compare` has a label:

    >>> import orggraph
    >>> g = orggraph.load_dataset("nova2008")
    >>> table = orggraph.compare({k: g[k] for k in ["ski", "hamar"]})
    >>> [c for c in table.select_dtypes("number") if c not in METRICS]
    []
    """
    return _lookup(METRICS, metric, "metric", lang)


def model_code(model: object) -> str:
    """Return the code of a :func:`orggraph.classify` result (``1`` → ``"1"``).

    Parameters
    ----------
    model : object
        A model as :func:`orggraph.classify` gives it (``Classification.model``), or as a table
        holds it: an int or str 1–4, ``"fragmented"``, ``"insufficient information"`` (also
        ``"insufficient"`` or ``"insufficient_information"``), in any case and with spaces around.

    Returns
    -------
    str
        One of the keys of :data:`MODELS`: ``"1"`` … ``"4"``, ``"fragmented"``, ``"insufficient information"``.

    Raises
    ------
    OrgGraphError
        If `model` is none of these.

    Examples
    --------
    >>> model_code(2), model_code("insufficient")
    ('2', 'insufficient information')
    >>> model_code(" Fragmented ")
    'fragmented'
    """
    code = str(model).strip().casefold()
    code = _MODEL_ALIASES.get(code, code)
    if code not in MODELS:
        msg = f"unknown model `{model}`; expected one of {', '.join(MODELS)}"
        raise OrgGraphError(msg)
    return code


def model_label(model: object, lang: str = "en") -> str:
    """Return the words for a model (1–4, ``"fragmented"``, ``"insufficient information"``).

    Parameters
    ----------
    model : object
        A model, in any form :func:`model_code` reads.
    lang : {"en", "no"}, default "en"
        English or Norwegian.

    Returns
    -------
    str
        The label, as legends show it.

    Raises
    ------
    OrgGraphError
        If `model` is not a model (see :func:`model_code`).
    ValueError
        If `lang` is neither ``"en"`` nor ``"no"``.

    Examples
    --------
    >>> model_label(4, "no"), model_label("insufficient")
    ('Modell 4', 'Insufficient information')
    """
    return MODELS[model_code(model)].label(lang)


def text(key: str, lang: str = "en") -> str:
    """Return a figure word (title, axis or legend head) from :data:`TEXT`.

    Parameters
    ----------
    key : str
        A key of :data:`TEXT` (``"plane"``, ``"heatmap"``, ``"z"``, ``"model"``, ...).
    lang : {"en", "no"}, default "en"
        English or Norwegian.

    Returns
    -------
    str
        The words.

    Raises
    ------
    OrgGraphError
        If `key` is not in :data:`TEXT`.
    ValueError
        If `lang` is neither ``"en"`` nor ``"no"``.

    Examples
    --------
    >>> text("plane"), text("plane", "no")
    ('Fragmentation and coordination', 'Fragmentering og samordning')
    """
    return _lookup(TEXT, key, "figure text", lang)
