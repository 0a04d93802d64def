"""Checks the scenario tests share: a refusal of ``qinternet validate`` is one line naming
the field, and ``qinternet run --json`` prints strict JSON (RFC 8259) with finite numbers."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from qinternet.cli.main import main

Refusal = Callable[[dict[str, Any]], str]
"""``qinternet validate`` of a scenario given as data: its one-line error after the file."""

StrictJson = Callable[[str], Any]
"""The object a command printed, parsed as strict JSON with every number finite."""


def _numbers(data: Any) -> list[float]:
    if isinstance(data, dict):
        return [n for value in data.values() for n in _numbers(value)]
    if isinstance(data, list):
        return [n for value in data for n in _numbers(value)]
    return [float(data)] if isinstance(data, int | float) and not isinstance(data, bool) else []


@pytest.fixture
def refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Refusal:
    def check(data: dict[str, Any]) -> str:
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps(data))
        assert main(["validate", str(bad)]) == 2
        (line,) = capsys.readouterr().err.strip().splitlines()
        prefix = f"qinternet validate: error: {bad}: "
        assert line.startswith(prefix)
        return line.removeprefix(prefix)

    return check


@pytest.fixture(scope="session")
def strict_json() -> StrictJson:
    def parse(text: str) -> Any:
        def refuse(name: str) -> None:
            raise ValueError(f"not strict JSON: {name}")

        result = json.loads(text, parse_constant=refuse)
        assert all(math.isfinite(n) for n in _numbers(result))
        return result

    return parse
