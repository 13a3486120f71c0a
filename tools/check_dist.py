"""Build the sdist and the wheel, check them as PyPI would, and run tests from the sdist (``make dist``).

1. ``python -m build`` makes the sdist from this checkout and the wheel from
   that sdist, so a file missing from the sdist breaks the wheel here, not on
   a user's machine.
2. ``twine check --strict`` on both (metadata, README rendering).
3. The wheel holds only the package, its data and its metadata: no script,
   no test, no notebook.
4. The sdist holds what its tests need (``tests/conftest.py``, the notebooks,
   the datasets), and a part of its test suite runs from the unpacked sdist
   against the wheel installed into a private folder.

Usage: ``python tools/check_dist.py [--keep DIR]``; exits non-zero with the
reason on the first failure.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Test files run from the unpacked sdist (quick ones that touch the data, the readers and the layers).
SDIST_TESTS = ["tests/test_layers.py", "tests/test_nova2008.py", "tests/test_io.py", "tests/test_models.py"]
#: What the sdist must hold for its tests and its data provenance.
SDIST_NEEDS = ["tests/conftest.py", "notebooks/01-quick-start.ipynb", "datasets/nova2008/units.csv",
               "datasets/nova2008_aggregates/table_3_2.csv", "tools/check_quotes.py", "Makefile",
               "figures/plane.png", "CITATION.cff", "LICENSE"]


def run(*cmd: str | os.PathLike, **kwargs) -> None:
    print("$", " ".join(map(str, cmd)), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def fail(msg: str) -> None:
    sys.exit(f"check_dist: {msg}")


def wheel_problems(names: list[str]) -> list[str]:
    """Files in the wheel that are not the package, its data or its metadata."""
    bad = []
    for name in names:
        if name.endswith("/") or ".dist-info/" in name:
            continue
        script = name.startswith("orggraph/_data/") and name.endswith(".py") and name != "orggraph/_data/__init__.py"
        if not name.startswith("orggraph/") or script or not name.endswith((".py", ".csv", ".md", "py.typed")):
            bad.append(name)
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", help="build into this folder and keep it (default: a temporary folder)")
    args = parser.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="orggraph-dist-"))
    dist = work / "dist"
    run(sys.executable, "-m", "build", "--outdir", dist, ROOT, stdout=subprocess.DEVNULL)
    sdists, wheels = sorted(dist.glob("*.tar.gz")), sorted(dist.glob("*.whl"))
    if len(sdists) != 1 or len(wheels) != 1:
        fail(f"expected one sdist and one wheel in {dist}, found {[p.name for p in dist.iterdir()]}")
    run(sys.executable, "-m", "twine", "check", "--strict", sdists[0], wheels[0])

    with zipfile.ZipFile(wheels[0]) as zf:
        names = zf.namelist()
    if bad := wheel_problems(names):
        fail(f"the wheel holds files that are not the package or its data: {bad}")
    for needed in ("orggraph/_data/nova2008/units.csv", "orggraph/_data/nova2008_aggregates/table_3_2.csv",
                   "orggraph/py.typed", "orggraph/analysis/models.py"):
        if needed not in names:
            fail(f"the wheel lacks {needed}")
    print(f"wheel: {len(names)} files, only the package and its data")

    with tarfile.open(sdists[0]) as tf:
        top = tf.getnames()[0].split("/")[0]
        tf.extractall(work / "sdist", filter="data")
    src = work / "sdist" / top
    if missing := [n for n in SDIST_NEEDS if not (src / n).exists()]:
        fail(f"the sdist lacks {missing}")
    print(f"sdist: holds {', '.join(SDIST_NEEDS)}")

    site = work / "site"
    run(sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", site, wheels[0])
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = subprocess.run([sys.executable, "-c", "import orggraph; print(orggraph.__file__)"], env=env, cwd=work,
                           capture_output=True, text=True, check=True).stdout.strip()
    if not probe.startswith(str(site)):
        fail(f"the tests would import orggraph from {probe}, not from the wheel")
    # `pytest` (not `python -m pytest`, which would put the sdist's own orggraph/ first on sys.path)
    pytest = Path(sys.executable).with_name("pytest")
    run(pytest, "-q", "-p", "no:cacheprovider", *SDIST_TESTS, cwd=src, env=env)
    print(f"dist: {sdists[0].name} and {wheels[0].name} pass")


if __name__ == "__main__":
    main()
