"""Every problem kind the validator reports, triggered and its message checked."""

from __future__ import annotations

import copy
import csv
from pathlib import Path

import pytest
from conftest import TINY_TABLES

import orggraph
from orggraph import cli
from orggraph.core.schema import check_tables, columns


def problems_of(mutate) -> list[str]:
    raw = copy.deepcopy(TINY_TABLES)
    mutate(raw)
    _, problems = check_tables(raw, file="f.csv")
    return [str(p) for p in problems]


def one(mutate) -> str:
    found = problems_of(mutate)
    assert len(found) == 1, found
    return found[0]


def test_tiny_is_clean():
    assert problems_of(lambda raw: None) == []


def test_unknown_code_suggests():
    def bad(raw):
        raw["responsibilities"][0]["task"] = "allocate_startloan"
    assert one(bad) == ("f.csv [responsibilities] row 2, field `task`: unknown task "
                        "`allocate_startloan`; did you mean `allocate_start_loan`?")


def test_unknown_code_suggests_from_norwegian_label():
    def bad(raw):
        raw["units"][1]["unit_type"] = "boligkontor"
    assert one(bad).endswith("unknown unit type `boligkontor`; did you mean `housing_office`?")


def test_dangling_unit_reference():
    def bad(raw):
        raw["responsibilities"][2]["unit_id"] = "teem"
    assert one(bad) == ("f.csv [responsibilities] row 4, field `unit_id`: unit `teem` is not in the "
                        "units of municipality `testby`; did you mean `team`?")


def test_dangling_municipality():
    def bad(raw):
        raw["units"][4]["municipality_id"] = "tstby"
    found = problems_of(bad)
    assert found[0] == ("f.csv [units] row 6, field `municipality_id`: municipality `tstby` is not in "
                        "the municipalities table; did you mean `testby`?")


def test_duplicate_ids():
    def bad(raw):
        raw["units"].append(dict(raw["units"][0]))
    assert one(bad) == "f.csv [units] row 7, field `unit_id`: duplicate of row 2 (testby, be)"


def test_duplicate_tie():
    def bad(raw):
        raw["coordination"].append(dict(raw["coordination"][2]))
    assert "duplicate of row 4 (testby, bk, be, part_of)" in one(bad)


def test_team_without_members_is_a_warning():
    def bad(raw):
        raw["coordination"] = [c for c in raw["coordination"] if c["kind"] != "team_membership"]
    _, problems = check_tables(copy.deepcopy(TINY_TABLES) | {"coordination": []}, file="f.csv")
    assert [p.severity for p in problems] == ["warning"]
    assert "team `team` has no members" in one(bad)


def test_missing_required_column():
    def bad(raw):
        for r in raw["responsibilities"]:
            del r["role"]
    assert one(bad) == "f.csv [responsibilities], field `role`: required column is missing"


def test_unknown_column():
    def bad(raw):
        raw["units"][0]["unit_typ"] = "be"
    assert one(bad) == "f.csv [units], field `unit_typ`: unknown column; did you mean `unit_type`?"


def test_wrong_types():
    def bad(raw):
        raw["municipalities"][0]["population_2007"] = "about 1000"
        raw["municipalities"][0]["nav_established"] = "maybe"
        raw["municipalities"][0]["kommunenr"] = "104"
    assert problems_of(bad) == [
        "f.csv [municipalities] row 2, field `kommunenr`: `104` does not match the pattern ^\\d{4}$; did the "
        "kommunenummer lose its leading zero (`0104`)? Excel drops it from a number cell: format the column as "
        "text and type it again",
        "f.csv [municipalities] row 2, field `population_2007`: expected a number, got `about 1000`",
        "f.csv [municipalities] row 2, field `nav_established`: expected true or false, got `maybe`",
    ]


def test_empty_required_cell():
    def bad(raw):
        raw["units"][2]["name"] = "  "
    assert one(bad) == "f.csv [units] row 4, field `name`: is empty but required"


def test_empty_and_missing_tables():
    _, problems = check_tables({"municipalities": []}, file="f")
    text = [str(p) for p in problems]
    assert "f [municipalities]: no municipality: the table is empty" in text
    assert "f [units]: table is missing" in text


def test_self_tie_and_misplaced_team_role():
    def bad(raw):
        raw["coordination"][2]["to_unit"] = "bk"
        raw["coordination"][3]["team_role"] = "member"
    assert problems_of(bad) == [
        "f.csv [coordination] row 4, field `to_unit`: a unit cannot be tied to itself",
        "f.csv [coordination] row 5, field `team_role`: a team role belongs only on team_membership or "
        "forum_membership, not on ordering",
    ]


def test_membership_of_a_non_team_and_missing_team_role():
    def bad(raw):
        raw["coordination"][0]["to_unit"] = "be"
        raw["coordination"][1]["team_role"] = ""
    found = problems_of(bad)
    assert "f.csv [coordination] row 2, field `to_unit`: `be` is a be, not a team" in found
    assert ("f.csv [coordination] row 3, field `team_role`: team membership needs a team role "
            "(member, leader or secretary)") in found


def test_membership_of_a_unit_with_a_bad_type_reports_only_the_type():
    """Found by fuzzing: an unknown unit type used to add a second, confusing 'is a None' message."""
    def bad(raw):
        raw["units"][3]["unit_type"] = "tema"
    assert problems_of(bad) == ["f.csv [units] row 5, field `unit_type`: unknown unit type `tema`; "
                                "did you mean `team`?"]


def test_forum_membership_needs_a_forum():
    def bad(raw):
        raw["coordination"].append({"municipality_id": "testby", "from_unit": "be", "to_unit": "sos",
                                    "kind": "forum_membership"})
    assert one(bad) == "f.csv [coordination] row 6, field `to_unit`: `sos` is a social, not a forum"


def test_unit_id_that_is_a_task_code():
    def bad(raw):
        raw["units"][4]["unit_id"] = "lead"
        raw["responsibilities"][7]["unit_id"] = "lead"
    assert one(bad) == "f.csv [units] row 6, field `unit_id`: `lead` is a task code; choose another unit id"


def write_folder(folder: Path, raw: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in raw.items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=columns(name), extrasaction="raise")
            w.writeheader()
            w.writerows(rows)


def test_validate_command_lists_every_problem_with_file_row_field(tmp_path, capsys):
    raw = copy.deepcopy(TINY_TABLES)
    raw["units"][1]["unit_type"] = "boligkontor"
    raw["responsibilities"][2]["unit_id"] = "teem"
    raw["coordination"][0]["kind"] = "team"
    write_folder(tmp_path / "broken", raw)
    status = cli.main(["validate", str(tmp_path / "broken")])
    out = capsys.readouterr().out
    assert status == 1
    assert "3 error(s)" in out
    assert f"{tmp_path / 'broken' / 'units.csv'} [units] row 3, field `unit_type`" in out
    assert f"{tmp_path / 'broken' / 'responsibilities.csv'} [responsibilities] row 4, field `unit_id`" in out
    assert f"{tmp_path / 'broken' / 'coordination.csv'} [coordination] row 2, field `kind`" in out


def test_reader_raises_with_every_problem(tmp_path):
    raw = copy.deepcopy(TINY_TABLES)
    raw["units"][0]["unit_type"] = "xx"
    raw["responsibilities"][0]["role"] = "boss"
    write_folder(tmp_path / "d", raw)
    with pytest.raises(orggraph.ValidationError, match="2 problem") as info:
        orggraph.read_dataset(tmp_path / "d")
    assert [p.field for p in info.value.problems] == ["unit_type", "role"]


def test_validate_clean_folder_and_strict_warnings(tmp_path, capsys):
    write_folder(tmp_path / "ok", TINY_TABLES)
    assert cli.main(["validate", str(tmp_path / "ok")]) == 0
    raw = copy.deepcopy(TINY_TABLES)
    raw["coordination"] = raw["coordination"][2:]
    write_folder(tmp_path / "warn", raw)
    assert cli.main(["validate", str(tmp_path / "warn")]) == 0
    assert cli.main(["validate", "--strict", str(tmp_path / "warn")]) == 1
    assert "(warning): team `team` has no members" in capsys.readouterr().out


def test_missing_path():
    problems = orggraph.validate("/nonexistent/folder.yaml")
    assert [str(p) for p in problems] == ["/nonexistent/folder.yaml: no such file or folder"]


def test_validate_takes_a_bundled_dataset_name(capsys):
    """PATH takes a bundled dataset's name, as `orggraph --help` says (and as every other command does)."""
    assert cli.main(["validate", "nova2008"]) == 0
    assert "nova2008: 0 error(s)" in capsys.readouterr().out
