"""Architecture rules of docs/DESIGN.md that import-linter does not check."""

from __future__ import annotations

import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "qinternet"
NUMBA_IMPORT = re.compile(r"^\s*(import numba|from numba)", re.MULTILINE)
GLOBAL_SEED = re.compile(r"np\.random\.seed\(|random\.seed\(")


def python_files() -> list[Path]:
    return sorted(SOURCE.rglob("*.py"))


def test_numba_only_in_private_kernel_modules() -> None:
    offenders = [
        str(path.relative_to(SOURCE))
        for path in python_files()
        if NUMBA_IMPORT.search(path.read_text()) and not path.name.startswith("_kernels")
    ]
    assert offenders == []


def test_no_global_seeds() -> None:
    offenders = [
        str(path.relative_to(SOURCE))
        for path in python_files()
        if GLOBAL_SEED.search(path.read_text())
    ]
    assert offenders == []


def test_modules_stay_small() -> None:
    long_modules = {
        str(path.relative_to(SOURCE)): n
        for path in python_files()
        if (n := len(path.read_text().splitlines())) > 400
    }
    assert long_modules == {}
