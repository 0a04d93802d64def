"""The driver: retries, failures, progress, resume."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from qinternet.core.errors import InvalidParameterError, ScenarioError
from qinternet.sweep import SweepSpec
from qinternet.sweep._testing import echo_point
from qinternet.sweep.run import SerialExecutor, SweepProgress, run_sweep
from qinternet.sweep.spec import SweepPoint
from qinternet.sweep.store import SweepStore
from qinternet.sweep.worker import ResultValue

SpecFactory = Callable[..., SweepSpec]
StoreFactory = Callable[[Path, SweepSpec], SweepStore]


class FlakyEvaluator:
    """Raises a transient error on the first ``failures`` calls of each point."""

    def __init__(self, failures: int, error: Exception) -> None:
        self.failures = failures
        self.error = error
        self.calls: dict[str, int] = {}

    def __call__(self, point: SweepPoint) -> dict[str, ResultValue]:
        self.calls[point.point_id] = self.calls.get(point.point_id, 0) + 1
        if self.calls[point.point_id] <= self.failures:
            raise self.error
        return echo_point(point)


def test_transient_errors_are_retried(
    tmp_path: Path, small_spec: SpecFactory, open_store: StoreFactory
) -> None:
    spec = small_spec()
    flaky = FlakyEvaluator(2, RuntimeError("network blip"))
    with open_store(tmp_path, spec) as store:
        summary = run_sweep(spec.validated_points(), store, SerialExecutor(), evaluator=flaky)
        frame = store.load()
    assert (summary.num_done, summary.num_failed) == (3, 0)
    assert frame["attempts"].tolist() == [3, 3, 3]


def test_bounded_retries_then_failed_with_error(
    tmp_path: Path, small_spec: SpecFactory, open_store: StoreFactory
) -> None:
    spec = small_spec()
    flaky = FlakyEvaluator(10, RuntimeError("always"))
    with open_store(tmp_path, spec) as store:
        summary = run_sweep(
            spec.validated_points(), store, SerialExecutor(), evaluator=flaky, max_attempts=2
        )
        frame = store.load()
    assert (summary.num_done, summary.num_failed) == (0, 3)
    assert set(frame["error"]) == {"RuntimeError: always"}
    assert frame["attempts"].tolist() == [2, 2, 2]
    assert set(flaky.calls.values()) == {2}


def test_scenario_errors_are_not_retried(
    tmp_path: Path, small_spec: SpecFactory, open_store: StoreFactory
) -> None:
    spec = small_spec()
    flaky = FlakyEvaluator(10, ScenarioError("impossible hardware"))
    with open_store(tmp_path, spec) as store:
        run_sweep(spec.validated_points(), store, SerialExecutor(), evaluator=flaky)
        frame = store.load()
    assert frame["attempts"].tolist() == [1, 1, 1]
    assert frame["error"].str.startswith("ScenarioError: impossible hardware").all()


def test_resume_skips_done_points_and_retries_failed(
    tmp_path: Path, small_spec: SpecFactory, open_store: StoreFactory
) -> None:
    spec = small_spec("distance_km=1,2,3,4")
    points = spec.validated_points()
    with open_store(tmp_path, spec) as store:
        run_sweep(points[:2], store, SerialExecutor(), evaluator=echo_point)
        failing = FlakyEvaluator(10, RuntimeError("down"))
        run_sweep(points[2:3], store, SerialExecutor(), evaluator=failing, max_attempts=1)
        counting = FlakyEvaluator(0, RuntimeError())
        summary = run_sweep(points, store, SerialExecutor(), evaluator=counting)
        frame = store.load()
    assert summary.num_skipped == 2
    assert sorted(counting.calls) == sorted(p.point_id for p in points[2:])
    assert frame["status"].tolist() == ["done"] * 4
    assert frame["echo"].tolist() == [1, 2, 3, 4]


def test_progress_reports_counts_and_eta(
    tmp_path: Path, small_spec: SpecFactory, open_store: StoreFactory
) -> None:
    spec = small_spec()
    reports: list[SweepProgress] = []
    with open_store(tmp_path, spec) as store:
        run_sweep(
            spec.validated_points(),
            store,
            SerialExecutor(),
            evaluator=echo_point,
            on_progress=reports.append,
        )
    assert [r.num_done for r in reports] == [0, 1, 2, 3, 3]
    assert reports[0].eta_s is None
    assert all(r.eta_s is not None and r.eta_s >= 0 for r in reports[1:])
    assert reports[-1].eta_s == 0.0
    assert reports[-1].num_left == 0


def test_max_attempts_must_be_positive(
    tmp_path: Path, small_spec: SpecFactory, open_store: StoreFactory
) -> None:
    spec = small_spec()
    with open_store(tmp_path, spec) as store, pytest.raises(InvalidParameterError):
        run_sweep(spec.validated_points(), store, SerialExecutor(), max_attempts=0)


def test_real_scenario_results(
    tmp_path: Path, small_spec: SpecFactory, serial_results: Callable[..., pd.DataFrame]
) -> None:
    frame = serial_results(tmp_path, small_spec())
    assert frame["status"].tolist() == ["done"] * 3
    rates = frame["rate_hz"].tolist()
    assert rates == sorted(rates, reverse=True)  # longer fibre, fewer pairs
    assert (frame["plob_bound_hz"] > frame["rate_hz"]).all()
    assert (frame["rate_stderr_hz"] == frame["links.0.rate_stderr_hz"]).all()
    assert frame["pairs"].tolist() == (frame["rate_hz"] * 0.05).round().astype(int).tolist()
