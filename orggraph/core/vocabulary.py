"""Controlled vocabularies of the organisation graph.

Every code used in a dataset (instrument, task, unit type, responsibility
role, coordination kind, team role, unit level) is defined here once, with an
English and a Norwegian label so that figures can be drawn in either language.
The categories follow NOVA Rapport 18/2008 (Langsether, Hansen and Sørvoll,
*Fragmentert og koordinert*): instruments §2.2, tasks §2.3, §3.1 and §7.1,
unit types §2.4 and the legend of Table 3.2, coordination methods §6.2 and
§7.2.

This module is the bottom of the data-model layer (:mod:`orggraph.core`): it
imports nothing from orggraph. :mod:`orggraph.core.schema` checks table cells
against these codes, :mod:`orggraph.core.graph` copies the task and unit-type
attributes from them into every graph, and the layers above (reading, analysis,
replication, drawing) read the labels and levels from here rather than
repeating them. Each vocabulary is a dict code → :class:`Term` (or its
subclasses :class:`Task` and :class:`UnitType`) in definition order;
:func:`codes`, :func:`label` and :func:`suggest` look them up by vocabulary name
(``"unit_types"``, ``"tasks"``, ``"roles"``, ``"coordination_kinds"``,
``"team_roles"``, ``"unit_levels"``, ``"task_levels"``, ``"instruments"``,
``"sectors"``).

Examples
--------
>>> from orggraph.core import vocabulary as v
>>> v.TASKS["allocate_dwelling"].label("no")
'Tildele kommunale boliger'
>>> v.TASKS["allocate_dwelling"].level
'allocation'
>>> v.UNIT_TYPES["be"].sector
'technical'
>>> sorted(v.codes("roles"))
['decides', 'executes', 'participates', 'recommends', 'secretary']
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "COORDINATION_KINDS",
    "CORE_TASKS",
    "INSTRUMENTS",
    "LANGUAGES",
    "ROLES",
    "SECTORS",
    "TASKS",
    "TASK_LEVELS",
    "TEAM_ROLES",
    "UNIT_LEVELS",
    "UNIT_TYPES",
    "Task",
    "Term",
    "UnitType",
    "codes",
    "label",
    "suggest",
]

LANGUAGES = ("en", "no")


@dataclass(frozen=True)
class Term:  # numpydoc ignore=PR02
    """A vocabulary entry: a code with an English and a Norwegian label.

    Parameters
    ----------
    code : str
        The code used in datasets (``"decides"``, ``"team_membership"`` …).
    en : str
        The English label.
    no : str
        The Norwegian label, as in the report.

    Examples
    --------
    >>> from orggraph.core.vocabulary import ROLES
    >>> ROLES["decides"]
    Term(code='decides', en='Decides / allocates', no='Vedtar / tildeler')
    """

    code: str
    en: str
    no: str

    def label(self, lang: str = "en") -> str:
        """Return the label in language `lang`.

        Parameters
        ----------
        lang : {"en", "no"}, default "en"
            English or Norwegian.

        Returns
        -------
        str
            The attribute ``en`` or ``no``.

        Raises
        ------
        ValueError
            If `lang` is neither ``"en"`` nor ``"no"``.

        Examples
        --------
        >>> from orggraph.core.vocabulary import ROLES
        >>> ROLES["decides"].label("no")
        'Vedtar / tildeler'
        """
        if lang not in LANGUAGES:
            msg = f"unknown language `{lang}`; use one of {LANGUAGES}"
            raise ValueError(msg)
        return self.en if lang == "en" else self.no


@dataclass(frozen=True)
class Task(Term):  # numpydoc ignore=PR02
    """An administrative task: belongs to one instrument, has one level.

    The tasks are those of the report's Tables 3.1, 3.3 and 3.5 (§2.3, §3.1,
    §7.1); their codes key the task nodes of every organisation graph. The
    fields are also the instance's attributes.

    Parameters
    ----------
    code : str
        The task code (``"allocate_dwelling"`` …).
    en : str
        The English label.
    no : str
        The Norwegian label.
    instrument : str
        The code of the instrument (:data:`INSTRUMENTS`) the task belongs to.
    level : {"strategic", "allocation", "execution"}
        The task's level (:data:`TASK_LEVELS`).

    Examples
    --------
    >>> from orggraph.core.vocabulary import TASKS
    >>> TASKS["allocate_start_loan"]
    Task(code='allocate_start_loan', en='Allocate start loans', no='Tildele startlån', \
instrument='start_loan', level='allocation')
    """

    instrument: str = ""
    level: str = ""


@dataclass(frozen=True)
class UnitType(Term):  # numpydoc ignore=PR02
    """A type of administrative unit with its sector and report abbreviation.

    The fields are also the instance's attributes.

    Parameters
    ----------
    code : str
        The unit-type code (``"housing_office"`` …).
    en : str
        The English label.
    no : str
        The Norwegian label.
    sector : str
        The code of the sector (:data:`SECTORS`) the type belongs to.
    abbrev : str
        The report's abbreviation (Table 3.2 legend, Tables 3.3 and 3.5), e.g. ``"Bk"``.
    default_level : {"operative", "strategic"}, default "operative"
        The unit level (:data:`UNIT_LEVELS`) a unit of this type gets when its
        row leaves ``level`` empty.

    Examples
    --------
    >>> from orggraph.core.vocabulary import UNIT_TYPES
    >>> t = UNIT_TYPES["housing_office"]
    >>> t.sector, t.abbrev, t.default_level
    ('housing', 'Bk', 'operative')
    """

    sector: str = ""
    abbrev: str = ""
    default_level: str = "operative"


def _index(terms: list[Term]) -> dict:
    return {t.code: t for t in terms}


INSTRUMENTS: dict[str, Term] = _index([
    Term("housing_allowance", "State housing allowance", "Bostøtte"),
    Term("municipal_allowance", "Municipal housing allowance", "Kommunal bostøtte"),
    Term("start_loan", "Start loan", "Startlån"),
    Term("grant", "Housing grant", "Boligtilskudd"),
    Term("social_assistance", "Social assistance for housing", "Sosialhjelp til boligformål"),
    Term("rental_housing", "Municipal rental dwellings", "Kommunale utleieboliger"),
    Term("care_housing", "Care housing", "Omsorgs- og trygdeboliger"),
    Term("temporary_housing", "Temporary housing", "Midlertidig bolig"),
    Term("follow_up", "Housing follow-up services", "Boligsosial oppfølging"),
    Term("strategy", "Strategy and leadership", "Strategi og ledelse"),
])

TASK_LEVELS: dict[str, Term] = _index([
    Term("strategic", "Strategic", "Strategisk"),
    Term("allocation", "Operative: allocation", "Operativ: tildeling"),
    Term("execution", "Operative: execution", "Operativ: utførelse"),
])

TASKS: dict[str, Task] = _index([
    Task("lead", "Plan and lead the field", "Plan og ledelse", "strategy", "strategic"),
    Task("action_plan", "Prepare the housing action plan", "Utarbeide boligsosial handlingsplan",
         "strategy", "strategic"),
    Task("needs_assessment", "Assess housing needs", "Kartlegge boligbehov", "strategy", "strategic"),
    Task("provide_dwellings", "Build or buy dwellings", "Bygge/kjøpe boliger",
         "rental_housing", "execution"),
    Task("manage_dwellings", "Let and manage dwellings", "Forvalte og leie ut boliger",
         "rental_housing", "execution"),
    Task("allocate_dwelling", "Allocate municipal dwellings", "Tildele kommunale boliger",
         "rental_housing", "allocation"),
    Task("allocate_care_housing", "Allocate care housing", "Tildele omsorgsboliger",
         "care_housing", "allocation"),
    Task("allocate_temporary", "Allocate temporary housing", "Tildele midlertidig bolig",
         "temporary_housing", "allocation"),
    Task("allocate_start_loan", "Allocate start loans", "Tildele startlån", "start_loan", "allocation"),
    Task("allocate_grant", "Allocate housing grants", "Tildele boligtilskudd", "grant", "allocation"),
    Task("process_allowance", "Process housing allowance", "Saksbehandle bostøtte",
         "housing_allowance", "allocation"),
    Task("allocate_municipal_allowance", "Allocate municipal allowance", "Tildele kommunal bostøtte",
         "municipal_allowance", "allocation"),
    Task("social_assistance_housing", "Social assistance for housing costs",
         "Sosialhjelp til boutgifter", "social_assistance", "allocation"),
    Task("allocate_follow_up", "Allocate follow-up services", "Tildele booppfølging",
         "follow_up", "allocation"),
    Task("deliver_follow_up", "Deliver follow-up services", "Utføre booppfølging",
         "follow_up", "execution"),
])

#: The report's core operative tasks (§3.1, Table 3.3; Table 5.4 adds the grant,
#: delivery of follow-up and temporary housing).
CORE_TASKS: tuple[str, ...] = (
    "provide_dwellings",
    "manage_dwellings",
    "allocate_dwelling",
    "allocate_start_loan",
    "process_allowance",
    "allocate_follow_up",
)

SECTORS: dict[str, Term] = _index([
    Term("technical", "Technical / property", "Teknisk / eiendom"),
    Term("housing", "Housing", "Bolig"),
    Term("social", "Social / NAV", "Sosial / NAV"),
    Term("health_care", "Health and care", "Helse og omsorg"),
    Term("service", "Service office", "Servicekontor"),
    Term("strategic", "Central administration", "Sentraladministrasjon"),
    Term("cross_sector", "Cross-sector", "Tverrsektoriell"),
    Term("other", "Other", "Annet"),
])

UNIT_LEVELS: dict[str, Term] = _index([
    Term("strategic", "Strategic", "Strategisk"),
    Term("operative", "Operative", "Operativ"),
])

UNIT_TYPES: dict[str, UnitType] = _index([
    UnitType("be", "Building and property / technical", "Bygg og eiendom / teknisk",
             "technical", "B&E"),
    UnitType("kf", "Municipal company (KF)", "Kommunalt foretak (KF)", "technical", "KF"),
    UnitType("foundation", "Municipal foundation / housing co-op",
             "Kommunal stiftelse / boligbyggelag", "technical", "Stiftelse"),
    UnitType("housing_office", "Housing office / department / officer",
             "Boligkontor / boligavdeling / boligkonsulent", "housing", "Bk"),
    UnitType("social", "Social services office", "Sosialkontor", "social", "Sos"),
    UnitType("health_care", "Health and care (incl. substance abuse, psychiatry)",
             "Helse og omsorg (inkl. rus, psykiatri)", "health_care", "H&O"),
    UnitType("nav", "NAV office", "NAV-kontor", "social", "NAV"),
    UnitType("admin", "Chief executive / central administration, planning",
             "Rådmann / sentraladministrasjon, plan", "strategic", "Rådm", "strategic"),
    UnitType("team", "Inter-agency team", "Tverretatlig team", "cross_sector", "Team"),
    UnitType("service", "Service office", "Servicekontor / servicetorg", "service", "Serv"),
    UnitType("forum", "Housing forum / council", "Boligforum / boligutvalg / boligråd",
             "cross_sector", "Utvalg", "strategic"),
    UnitType("other", "Other (incl. voluntary organisations)", "Annet (inkl. frivillige)",
             "other", "Annet"),
])

ROLES: dict[str, Term] = _index([
    Term("decides", "Decides / allocates", "Vedtar / tildeler"),
    Term("recommends", "Recommends / prepares", "Innstiller / saksforbereder"),
    Term("secretary", "Secretary or leader for the team that handles the task",
         "Sekretær eller leder for teamet som har oppgaven"),
    Term("participates", "Participates", "Medvirker"),
    Term("executes", "Executes on behalf of another unit", "Utfører"),
])

COORDINATION_KINDS: dict[str, Term] = _index([
    Term("team_membership", "Team membership", "Medlem av team"),
    Term("forum_membership", "Forum membership", "Medlem av boligforum/-utvalg"),
    Term("consultation", "Consultation routine", "Rutine for konsultasjon og varsling"),
    Term("informal", "Informal contact", "Uformell kontakt"),
    Term("ordering", "Orders from (orderer to provider)", "Bestiller fra (bestiller til utfører)"),
    Term("reporting", "Reporting", "Rapportering"),
    Term("part_of", "Part of", "Del av"),
])

TEAM_ROLES: dict[str, Term] = _index([
    Term("member", "Member", "Medlem"),
    Term("leader", "Leader", "Leder"),
    Term("secretary", "Secretary / case handler", "Sekretær / saksbehandler"),
])

_VOCABULARIES: dict[str, dict] = {
    "instruments": INSTRUMENTS,
    "tasks": TASKS,
    "task_levels": TASK_LEVELS,
    "sectors": SECTORS,
    "unit_levels": UNIT_LEVELS,
    "unit_types": UNIT_TYPES,
    "roles": ROLES,
    "coordination_kinds": COORDINATION_KINDS,
    "team_roles": TEAM_ROLES,
}


def codes(vocabulary: str) -> list[str]:
    """Return the codes of the vocabulary named `vocabulary`, in definition order.

    Parameters
    ----------
    vocabulary : str
        The vocabulary's name: ``"instruments"``, ``"tasks"``, ``"task_levels"``,
        ``"sectors"``, ``"unit_levels"``, ``"unit_types"``, ``"roles"``,
        ``"coordination_kinds"`` or ``"team_roles"``.

    Returns
    -------
    list of str
        The codes.

    Raises
    ------
    ValueError
        If there is no vocabulary of that name.

    Examples
    --------
    >>> codes("team_roles")
    ['member', 'leader', 'secretary']
    """
    return list(_vocabulary(vocabulary))


def _vocabulary(name: str) -> dict:
    if name not in _VOCABULARIES:
        msg = f"unknown vocabulary `{name}`; use one of {sorted(_VOCABULARIES)}"
        raise ValueError(msg)
    return _VOCABULARIES[name]


def label(vocabulary: str, code: str, lang: str = "en") -> str:
    """Return the label of `code` in `vocabulary` in language `lang`.

    Parameters
    ----------
    vocabulary : str
        The vocabulary's name (see :func:`codes`).
    code : str
        A code of that vocabulary.
    lang : {"en", "no"}, default "en"
        English or Norwegian.

    Returns
    -------
    str
        The label.

    Raises
    ------
    ValueError
        If there is no vocabulary named `vocabulary`, `code` is not in it, or `lang` is not a language.

    Examples
    --------
    >>> label("unit_types", "nav", "no")
    'NAV-kontor'
    """
    table = _vocabulary(vocabulary)
    if code not in table:
        msg = f"unknown {vocabulary} code `{code}`"
        raise ValueError(msg)
    return table[code].label(lang)


def suggest(vocabulary: str, text: str) -> str | None:
    """Return the code of `vocabulary` that `text` most likely means, or None.

    `text` may be a mistyped code, or a label in English or Norwegian as the
    template's vocabulary sheet shows it (whole, one of its ``/``-separated
    parts, or a mistyped word of it). The readers use it for the "did you
    mean …" of a problem; it never replaces a value the user wrote.

    Parameters
    ----------
    vocabulary : str
        The vocabulary's name (see :func:`codes`).
    text : str
        What the user wrote.

    Returns
    -------
    str or None
        The first match, tried in this order: a whole label or ``/``-part of
        one (case and spacing ignored); the closest code (:func:`difflib.get_close_matches`,
        cutoff 0.5); the closest label (cutoff 0.75); the closest word of a
        label, for each word of `text` (cutoff 0.75). None if nothing is close.

    Raises
    ------
    ValueError
        If there is no vocabulary named `vocabulary`.

    Examples
    --------
    >>> suggest("roles", "Vedtar / tildeler")
    'decides'
    >>> suggest("coordination_kinds", "Del av")
    'part_of'
    >>> suggest("unit_types", "boligkontor")
    'housing_office'
    >>> suggest("unit_types", "sosial")
    'social'
    >>> suggest("roles", "zzz") is None
    True
    """
    import difflib
    import re

    table = _vocabulary(vocabulary)
    value = " ".join(str(text).casefold().split())
    labels: dict[str, str] = {}
    words: dict[str, str] = {}
    for code, term in table.items():
        for lang in LANGUAGES:
            full = " ".join(term.label(lang).casefold().split())
            labels.setdefault(full, code)
            for part in re.split(r"\s*/\s*", full):
                labels.setdefault(part, code)
            for word in re.split(r"[ /(),-]+", full):
                if len(word) > 2:
                    words.setdefault(word, code)
    if value in labels:
        return labels[value]
    close = difflib.get_close_matches(value, list(table), n=1, cutoff=0.5)
    if close:
        return close[0]
    close = difflib.get_close_matches(value, list(labels), n=1, cutoff=0.75)
    if close:
        return labels[close[0]]
    for word in re.split(r"[ /(),-]+", value):
        close = difflib.get_close_matches(word, list(words), n=1, cutoff=0.75)
        if len(word) > 2 and close:
            return words[close[0]]
    return None
