"""Local worker processes: the same numbers with 1, 2 and 4 workers; a dying worker."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.sweep import LocalExecutor, SweepSpec
from qinternet.sweep._testing import ExitOnceEvaluator, echo_point
from qinternet.sweep.run import run_sweep
from qinternet.sweep.spec import SweepPoint
from qinternet.sweep.store import SweepStore
from qinternet.sweep.worker import Outcome

SpecFactory = Callable[..., SweepSpec]
StoreFactory = Callable[[Path, SweepSpec], SweepStore]


def test_same_results_with_1_2_and_4_processes(
    tmp_path: Path,
    small_spec: SpecFactory,
    open_store: StoreFactory,
    serial_results: Callable[..., pd.DataFrame],
    comparable: Callable[[pd.DataFrame], pd.DataFrame],
) -> None:
    spec = small_spec("distance_km=1,5,20;nodes.*.memory.t2_s=0.01,0.1")
    reference = comparable(serial_results(tmp_path / "serial", spec))
    assert len(reference) == 6
    assert (reference["pairs"] > 0).all()
    for num_processes in (1, 2, 4):
        with open_store(tmp_path / f"p{num_processes}", spec) as store:
            with LocalExecutor(num_processes) as executor:
                run_sweep(spec.validated_points(), store, executor)
            frame = comparable(store.load())
        pd.testing.assert_frame_equal(frame, reference, check_exact=True)


def test_a_worker_that_dies_mid_point_is_retried(
    tmp_path: Path, small_spec: SpecFactory, open_store: StoreFactory
) -> None:
    spec = small_spec("distance_km=1,2,3,4,5")
    marker = tmp_path / "crashed"
    with open_store(tmp_path / "out", spec) as store:
        with LocalExecutor(2) as executor:
            summary = run_sweep(
                spec.validated_points(), store, executor, evaluator=ExitOnceEvaluator(str(marker))
            )
        frame = store.load()
    crashed_id = marker.read_text().strip()
    assert (summary.num_done, summary.num_failed) == (5, 0)
    assert frame.set_index("point_id").loc[crashed_id, "attempts"] == 2
    expected = [echo_point(p)["draw"] for p in spec.points()]
    assert frame["draw"].tolist() == expected


def test_a_submission_after_a_worker_died_starts_a_new_pool(
    tmp_path: Path, small_spec: SpecFactory
) -> None:
    first, second = small_spec("distance_km=1,2").validated_points()
    marker = tmp_path / "crashed"
    evaluator = ExitOnceEvaluator(str(marker))
    with LocalExecutor(1) as executor:
        executor.submit(evaluator, first)
        for _ in range(200):  # the pool notices the dead worker within a fraction of a second
            if marker.exists() and getattr(executor._pool, "_broken", False):
                break
            time.sleep(0.05)
        assert getattr(executor._pool, "_broken", False), "the worker did not die"
        executor.submit(evaluator, second)
        outcomes = {point.point_id: outcome for point, outcome in _drain(executor, 2)}
    assert not outcomes[first.point_id].ok
    assert outcomes[first.point_id].retryable
    assert outcomes[second.point_id].ok


def _drain(executor: LocalExecutor, count: int) -> list[tuple[SweepPoint, Outcome]]:
    return [executor.next_outcome() for _ in range(count)]


def test_bad_process_count() -> None:
    with pytest.raises(InvalidParameterError, match="num_processes"):
        LocalExecutor(0)
