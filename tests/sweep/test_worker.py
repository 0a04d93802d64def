"""Worker side: outcomes never raise; the summary of a run is flat and complete."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.sweep import Axis, SweepSpec
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


def test_a_chain_bound_counts_every_memory_pair_of_its_links() -> None:
    # PLOB at the attempt rate: -log2(1 - eta) per channel use, and a link with K memory
    # pairs makes K channel uses per attempt period, whether it runs alone or in a chain.
    from qinternet.network import build_scenario, load_scenario
    from qinternet.sweep.worker import _plob_bound_hz

    example = Path(__file__).resolve().parents[2] / "examples" / "barrett_kok_chain_3_nodes.yaml"
    scenario = load_scenario(example)
    bounds = {}
    for pairs in (1, 10):
        nodes = [
            node.model_copy(update={"num_memories": pairs * (2 if node.name == "R" else 1)})
            for node in scenario.nodes
        ]
        built = build_scenario(scenario.model_copy(update={"nodes": nodes}))
        bounds[pairs] = _plob_bound_hz(built)
        period_s = max(cfg.period_s for cfg in built.links)
        eta = 10 ** (-0.2 * 20.0 / 10)  # 20 km of 0.2 dB/km fibre between the ends
        assert bounds[pairs] == pytest.approx(-math.log2(1 - eta) * pairs / period_s, rel=1e-9)


def test_a_point_beyond_the_run_budget_fails_at_once_without_retry(
    small_spec: SpecFactory,
) -> None:
    point = small_spec("duration_s=1e300").validated_points()[0]
    outcome = execute(evaluate_scenario, point)
    assert not outcome.ok
    assert not outcome.retryable
    assert "ResourceLimitError" in outcome.error
    assert "qinternet run --force" in outcome.error


def test_an_application_s_figures_are_columns_of_the_sweep() -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "transduced_transmon_link.yaml"
    spec = SweepSpec.from_file(example, [Axis.parse("distance_km=0.1")])
    values = evaluate_scenario(spec.validated_points()[0])
    process = values["application.process_fidelity"]
    average = values["application.average_gate_fidelity"]
    assert isinstance(process, float)
    assert average == pytest.approx((4 * process + 1) / 5)  # d = 4 (Nielsen 2002)
