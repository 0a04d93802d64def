"""Worker side: outcomes never raise; the summary of a run is flat and complete."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.sweep import SweepSpec
from qinternet.sweep.spec import SweepPoint
from qinternet.sweep.worker import Outcome, evaluate_scenario, execute

SpecFactory = Callable[..., SweepSpec]


def test_evaluate_scenario_is_flat_and_seeded(small_spec: SpecFactory) -> None:
    point = small_spec("distance_km=5").points()[0]
    first, again = evaluate_scenario(point), evaluate_scenario(point)
    assert first == again
    assert {"pairs", "rate_hz", "rate_stderr_hz", "fidelity_mean", "plob_bound_hz"} <= set(first)
    assert "links.0.predicted_rate_hz" in first
    assert all(isinstance(v, int | float | str | bool | None) for v in first.values())


def test_other_seed_other_numbers(small_spec: SpecFactory) -> None:
    one = evaluate_scenario(small_spec("distance_km=5", base_seed=1).points()[0])
    two = evaluate_scenario(small_spec("distance_km=5", base_seed=2).points()[0])
    assert one["pairs"] != two["pairs"]


@pytest.mark.parametrize(
    ("result", "retryable"),
    [(ValueError("x"), True), (InvalidParameterError("a", 1, "b"), False), ([1, 2], True)],
)
def test_execute_reports_instead_of_raising(result: Any, retryable: bool) -> None:
    def evaluator(point: SweepPoint) -> Any:
        if isinstance(result, Exception):
            raise result
        return result

    outcome = execute(evaluator, SweepPoint(0, (), "{}", "0" * 32, 1))
    assert not outcome.ok
    assert outcome.retryable is retryable
    assert outcome.error


def test_outcome_validation() -> None:
    with pytest.raises(InvalidParameterError, match="error"):
        Outcome("0" * 32, False)
    with pytest.raises(InvalidParameterError, match="wall_s"):
        Outcome("0" * 32, True, wall_s=-1.0)
