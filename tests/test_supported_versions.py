"""The supported range in pyproject.toml is the range `make test-oldest` runs, and text survives every pandas.

`make test-oldest` installs the releases pinned in .ci/constraints-oldest.txt; these tests keep that file in
step with the lower bounds in pyproject.toml, so raising a bound without re-pinning it (or the reverse) fails.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from orggraph.io import survey
from orggraph.replication.synthetic import population

ROOT = Path(__file__).resolve().parent.parent


def _requirements(*, runtime_only: bool = False) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    names = project["dependencies"] if runtime_only else [*project["dependencies"], *extras["draw"], *extras["test"]]
    return [Requirement(r) for r in names]


def _pins() -> dict[str, Version]:
    pins = {}
    for line in (ROOT / ".ci" / "constraints-oldest.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"constraints-oldest.txt: `{line}` is not pinned with =="
            pins[canonicalize_name(name)] = Version(version)
    return pins


def test_every_lower_bound_is_pinned_in_the_oldest_constraints():
    pins = _pins()
    runtime = {r.name for r in _requirements(runtime_only=True)}
    for req in _requirements():
        lower = [Version(s.version) for s in req.specifier if s.operator == ">="]
        if not req.specifier and req.name not in runtime:
            continue  # an unbounded tool of the test extra (type stubs): make test-oldest takes its newest
        assert len(lower) == 1, f"pyproject.toml: {req} needs one lower bound (>=) for make test-oldest"
        pin = pins.get(canonicalize_name(req.name))
        assert pin is not None, f"{req.name} is not pinned in .ci/constraints-oldest.txt"
        assert pin in req.specifier, f"{req.name}=={pin} is outside pyproject.toml's {req.specifier}"
        # the pin is the bound itself, or its first release (e.g. >=1.11 -> 1.11.1 where 1.11.0 has no wheel)
        assert pin.release[:len(lower[0].release)] == lower[0].release, (
            f"{req.name}=={pin} in .ci/constraints-oldest.txt is not the oldest release of >={lower[0]}")


def test_the_readme_states_the_tested_range():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for req in _requirements(runtime_only=True):
        lower = next(s.version for s in req.specifier if s.operator == ">=")
        assert re.search(rf"{re.escape(req.name)}\s*(≥|>=)\s*{re.escape(lower)}\b", readme), (
            f"README.md does not state the lower bound {req.name} >= {lower}")


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u202f", ""])
def test_survey_population_with_thousands_separators(tmp_path, space):
    # Norwegian spreadsheets separate thousands with a space or a (narrow) no-break space; under pandas 3 the
    # text is a pyarrow string, and under pandas 3.0 a `.str` regex goes to RE2, which rejects Python's `\u`
    frame = population(3, seed=0).astype({"population": object})
    frame["population"] = [f"12{space}345", f"1{space}234{space}567", "800"]
    path = tmp_path / "s.csv"
    frame.to_csv(path, index=False)
    got = survey.read_survey(path)
    assert got["population"].tolist() == [12345.0, 1234567.0, 800.0]
    assert pd.api.types.is_float_dtype(got["population"])
