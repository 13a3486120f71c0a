import pytest

from orggraph.core import vocabulary as v


@pytest.mark.parametrize("name", ["instruments", "tasks", "unit_types", "roles", "coordination_kinds",
                                  "team_roles", "sectors", "task_levels", "unit_levels"])
def test_every_entry_has_both_labels(name):
    for code in v.codes(name):
        term = v._VOCABULARIES[name][code]
        assert term.code == code
        assert term.label("en").strip() and term.label("no").strip()


def test_tasks_and_unit_types_refer_to_known_codes():
    for t in v.TASKS.values():
        assert t.instrument in v.INSTRUMENTS
        assert t.level in v.TASK_LEVELS
    for u in v.UNIT_TYPES.values():
        assert u.sector in v.SECTORS
        assert u.default_level in v.UNIT_LEVELS
    assert set(v.CORE_TASKS) <= set(v.TASKS)


def test_every_instrument_has_a_task():
    assert {t.instrument for t in v.TASKS.values()} == set(v.INSTRUMENTS)


def test_unknown_language_and_code_raise():
    with pytest.raises(ValueError, match="unknown language `de`"):
        v.TASKS["lead"].label("de")
    with pytest.raises(ValueError, match="unknown unit_types code `x`"):
        v.label("unit_types", "x")
    with pytest.raises(ValueError, match="unknown vocabulary"):
        v.codes("colours")
