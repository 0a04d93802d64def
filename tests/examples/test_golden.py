"""Every example gives the JSON numbers it gave before the restructuring (same seed).

``golden_outputs.json`` holds what ``qinternet run FILE --json`` printed for every
example (wall time left out) with the code before the layout of docs/DESIGN.md
changed; a refactoring must leave every number where it was. Fields that the result
record added later (a schema version, say) are ignored; every field of the golden file
must still be there, under its own name or the one in ``RENAMED``.

Rewrite the golden file only when a change is *meant* to alter simulated numbers:

    .venv/bin/python tests/examples/test_golden.py
"""

from __future__ import annotations

import contextlib
import io
import json
import math
from pathlib import Path
from typing import Any

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
GOLDEN = Path(__file__).with_name("golden_outputs.json")

# Long examples are cut short so the test stays quick; the seed is the file's own.
DURATION_S = {
    "humphreys_2018_nv.yaml": 5.0,
    "knaut_2024_siv_loop.yaml": 200.0,
    "stolk_2024_metropolitan_nv.yaml": 2000.0,
    "pan_1000km_projection.yaml": 10.0,
}


def without_wall_time(data: Any) -> Any:
    """``data`` with every ``wall_s`` entry dropped (the one number a rerun changes)."""
    if isinstance(data, dict):
        return {key: without_wall_time(value) for key, value in data.items() if key != "wall_s"}
    if isinstance(data, list):
        return [without_wall_time(value) for value in data]
    return data


def example_outputs() -> dict[str, Any]:
    """The JSON result of every example, as ``qinternet run FILE --json`` prints it."""
    from qinternet.cli.main import main

    outputs = {}
    for path in sorted(EXAMPLES.glob("*.yaml")):
        args = ["run", str(path), "--json"]
        if path.name in DURATION_S:
            args += ["--duration-s", str(DURATION_S[path.name])]
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            code = main(args)
        assert code == 0, path
        result = json.loads(buffer.getvalue())
        outputs[path.name] = {"args": args[2:], "result": without_wall_time(result)}
    return outputs


RENAMED: dict[str, str] = {}
"""Old top-level JSON field -> new name, for fields the result record renamed."""


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """``{"a.b[0].c": leaf}`` for every leaf of nested dicts and lists."""
    if isinstance(data, dict):
        items: dict[str, Any] = {}
        for key, value in data.items():
            items.update(flatten(value, f"{prefix}.{RENAMED.get(key, key)}" if prefix else key))
        return items
    if isinstance(data, list):
        items = {}
        for i, value in enumerate(data):
            items.update(flatten(value, f"{prefix}[{i}]"))
        return items
    return {prefix: data}


GOLDEN_OUTPUTS = json.loads(GOLDEN.read_text())


def test_the_golden_file_covers_every_example() -> None:
    assert sorted(GOLDEN_OUTPUTS) == sorted(path.name for path in EXAMPLES.glob("*.yaml"))
    assert set(DURATION_S) <= set(GOLDEN_OUTPUTS)


@pytest.fixture(scope="module")
def outputs_now() -> dict[str, Any]:
    return example_outputs()


@pytest.mark.parametrize("name", sorted(GOLDEN_OUTPUTS))
def test_example_gives_its_golden_numbers(name: str, outputs_now: dict[str, Any]) -> None:
    before = flatten(GOLDEN_OUTPUTS[name]["result"])
    now = flatten(outputs_now[name]["result"])
    assert outputs_now[name]["args"] == GOLDEN_OUTPUTS[name]["args"]
    missing = sorted(set(before) - set(now))
    assert not missing, f"{name}: fields gone from the result: {missing}"
    for path, old in before.items():
        new = now[path]
        if isinstance(old, float) and isinstance(new, float):
            # Summing in another order may move the last bits, nothing more.
            assert math.isclose(new, old, rel_tol=1e-12, abs_tol=1e-15), f"{name}: {path}"
        else:
            assert new == old, f"{name}: {path}"


if __name__ == "__main__":
    GOLDEN.write_text(json.dumps(example_outputs(), indent=1, sort_keys=True) + "\n")
