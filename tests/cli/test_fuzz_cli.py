"""No input makes ``qinternet run`` or ``validate`` print a traceback.

Hypothesis (derandomized: the same examples on every run) mutates the example scenario
files: values become booleans, text, NaN, infinities, huge or negative numbers, null,
lists or mappings; keys are deleted, misspelt or added; values are nested deeply; the
whole document is replaced. Both commands run in-process (``main(argv)``), ``run`` with
a short ``--duration-s`` so the budget guard and the duration bound the work. For every
file: exit status 0 or 2, no exception escapes ``main`` (warnings are errors under
pytest, so a warning fails too), on status 2 exactly one line on standard error, on
status 0 from ``run --json`` one strict JSON object whose numbers are all finite, and
``validate`` refusing exactly what ``run`` refuses, but for refusals that depend on the
duration (the file's against ``run``'s short one): the budget's, and a ``delivery``
scenario shorter than one clock cycle.

In the suite: 80 derandomized examples. ``FUZZ_EXAMPLES=3000 FUZZ_RANDOM=1`` runs a longer
random search by hand (such runs found the overflows fixed alongside this test).

The mutations of ``test_validate_matches_run.py`` are reused (loaded by path, since the
tests are not a package), with its memoized link functions.
"""

from __future__ import annotations

import contextlib
import copy
import importlib.util
import io
import json
import math
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from qinternet.cli.main import main

_SPEC = importlib.util.spec_from_file_location(
    "_validate_matches_run", Path(__file__).with_name("test_validate_matches_run.py")
)
assert _SPEC is not None
assert _SPEC.loader is not None
_SIBLING = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(_SIBLING)
fast_links = _SIBLING.fast_links  # the fixture, under its name in this module

EXAMPLES = _SIBLING.EXAMPLES
DATA = {path.name: yaml.safe_load(path.read_text()) for path in EXAMPLES}
SHORT_DURATION_S = "1e-3"
BUDGET_REFUSALS = ("over the budget", "the run would not end", "shorter than one clock cycle")
NUM_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "80"))

ODD_VALUES: list[Any] = [
    True,
    False,
    None,
    "fast",
    "1e6",
    "",
    math.nan,
    math.inf,
    -math.inf,
    1e300,
    -1e300,
    10**30,
    2**63,
    -1,
    -1e-12,
    0,
    0.0,
    1e-300,
    [],
    {},
    [1, 2, 3],
    {"kind": "x"},
]


# Weighted by repetition: most mutations keep a file that may still run.
ACTIONS = ["scale"] * 4 + ["odd"] * 2 + ["sibling"] * 3 + ["drop", "add", "nest", "root"]


def _nest(value: Any, depth: int) -> Any:
    for level in range(depth):
        value = [value] if level % 2 else {"x": value}
    return value


@st.composite
def mutated_files(draw: st.DrawFn) -> tuple[str, Any]:
    """An example's data with one to three mutations."""
    name = draw(st.sampled_from(sorted(DATA)))
    data: Any = copy.deepcopy(DATA[name])
    nested = False
    for step in range(draw(st.sampled_from([1, 1, 1, 2, 3]))):
        places = list(_SIBLING._places(data))
        if not places:
            break
        container, key = places[draw(st.integers(0, len(places) - 1))]
        action = draw(st.sampled_from(ACTIONS))
        if action == "odd":
            container[key] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))
        elif action == "scale":
            value = container[key]
            if isinstance(value, int | float) and not isinstance(value, bool):
                container[key] = value * draw(st.sampled_from([-1, 1e6, 1e-6, 1e100, -1e100]))
        elif action == "sibling" and step == 0:  # its mutate() wants the file's own values
            data = _SIBLING.mutate(data, np.random.default_rng(draw(st.integers(0, 2**32 - 1))))
        elif action == "drop":
            del container[key]
        elif action == "add" and isinstance(container, dict):
            container[draw(st.sampled_from(["zzz", "t2", "kind", "nodes", "topology"]))] = 1
        elif action == "nest" and not nested:  # once: deeper would overflow yaml.dump's stack
            nested = True
            container[key] = _nest(container[key], draw(st.sampled_from([3, 40, 200])))
        elif action == "root":
            data = copy.deepcopy(draw(st.sampled_from([[], "text", 3, None, [data]])))
    return name, data


def _call(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    return status, out.getvalue(), err.getvalue()


def _refuse_constant(name: str) -> Any:
    raise AssertionError(f"non-standard JSON constant {name}")


def _finite_numbers(value: Any) -> Iterator[float]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _finite_numbers(item)
    elif isinstance(value, list):
        for item in value:
            yield from _finite_numbers(item)
    elif isinstance(value, float):
        yield value


def _check_one_line(command: str, status: int, err: str, text: str) -> None:
    assert status in (0, 2), (command, status, text)
    assert "Traceback" not in err, (command, err, text)
    if status == 2:
        assert err.startswith(f"qinternet {command}: error: "), (err, text)
        assert err.endswith("\n"), (err, text)
        assert err.count("\n") == 1, (err, text)


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


@pytest.mark.usefixtures("fast_links")
@settings(
    max_examples=NUM_EXAMPLES,
    derandomize=os.environ.get("FUZZ_RANDOM") is None,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(case=mutated_files())
def test_no_input_makes_a_traceback(folder: Path, case: tuple[str, Any]) -> None:
    name, data = case
    file = folder / name
    text = yaml.dump(data, Dumper=yaml.CSafeDumper)
    file.write_text(text)

    validated, _, validate_err = _call(["validate", str(file)])
    _check_one_line("validate", validated, validate_err, text)

    ran, out, run_err = _call(["run", str(file), "--json", "--duration-s", SHORT_DURATION_S])
    _check_one_line("run", ran, run_err, text)
    if ran == 0:
        assert run_err == "", (run_err, text)
        result = json.loads(out, parse_constant=_refuse_constant)
        assert isinstance(result, dict)
        assert all(math.isfinite(number) for number in _finite_numbers(result)), out
        assert out.count("\n") == 1

    event(f"validate {validated}, run {ran}")
    if validated != ran:
        refusal = validate_err if validated == 2 else run_err
        assert any(reason in refusal for reason in BUDGET_REFUSALS), (refusal, text)
