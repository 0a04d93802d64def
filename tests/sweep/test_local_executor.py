"""Local worker processes: the same numbers with 1, 2 and 4 workers; a dying worker."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.sweep import LocalExecutor, SweepSpec
from qinternet.sweep._testing import ExitOnceEvaluator, echo_point
from qinternet.sweep.run import run_sweep
from qinternet.sweep.store import SweepStore

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


def test_bad_process_count() -> None:
    with pytest.raises(InvalidParameterError, match="num_processes"):
        LocalExecutor(0)
