"""The front door: ``qinternet.__all__`` is the README's table, and importing it is cheap."""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import qinternet

README = Path(__file__).resolve().parents[1] / "README.md"
HEAVY = ("numpy", "scipy", "simpy", "pydantic", "numba", "matplotlib", "pandas", "dask")


def readme_table() -> list[str]:
    """The names in the first column of the table under ``## Python API``."""
    text = README.read_text()
    section = text[text.index("## Python API\n") :]
    section = section[: section.index("\n## ", 1)]
    return re.findall(r"^\| `(\w+)` \|", section, flags=re.MULTILINE)


def imported_after(statement: str) -> set[str]:
    """Top-level modules of ``HEAVY`` (and qinternet's subpackages) that a fresh
    interpreter has imported after running ``statement``."""
    code = (
        "import json, sys\n"
        f"{statement}\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} | "
        "{m for m in sys.modules if m.startswith('qinternet.')})))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout))


def test_all_is_the_readme_table() -> None:
    table = readme_table()
    assert len(table) == len(set(table)) == 12
    assert sorted(table) == sorted(qinternet.__all__)


def test_every_name_resolves_to_its_home() -> None:
    for name in qinternet.__all__:
        home = importlib.import_module(qinternet._HOMES[name])
        assert getattr(qinternet, name) is getattr(home, name)
    assert set(qinternet._HOMES) == set(qinternet.__all__)
    assert set(qinternet.__all__) <= set(dir(qinternet))


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'fidelty'"):
        _ = qinternet.fidelty


def test_import_qinternet_imports_no_numerical_library() -> None:
    loaded = imported_after("import qinternet")
    assert not loaded & set(HEAVY)
    # Only the lazy-import helper (standard library alone) comes along.
    assert {m for m in loaded if m.startswith("qinternet.")} <= {
        "qinternet.core",
        "qinternet.core.lazy",
    }


@pytest.mark.parametrize(
    ("statement", "needed", "not_needed"),
    [
        ("from qinternet import QinternetError", set(), set(HEAVY)),
        ("import qinternet; qinternet.fidelity", {"numpy"}, {"simpy", "pydantic", "pandas"}),
        ("from qinternet import preset", {"numpy"}, {"simpy", "pydantic", "pandas"}),
        ("from qinternet import load_scenario", {"pydantic"}, {"pandas", "matplotlib", "dask"}),
    ],
)
def test_one_name_imports_only_what_it_needs(
    statement: str, needed: set[str], not_needed: set[str]
) -> None:
    loaded = imported_after(statement)
    assert needed <= loaded
    assert not loaded & not_needed
