"""Shared pieces of the sweep tests: a small, fast scenario and serial runs of it."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from qinternet.sweep import Axis, SweepSpec
from qinternet.sweep.run import SerialExecutor, run_sweep
from qinternet.sweep.store import SweepStore
from qinternet.sweep.worker import Evaluator, evaluate_scenario

LINK_SCENARIO: dict[str, Any] = {
    "name": "sweep test link",
    "seed": 11,
    "duration_s": 0.05,
    "nodes": [
        {"name": "A", "num_memories": 2, "emitter": {"max_attempt_rate_hz": 2000.0}},
        {"name": "B", "num_memories": 2, "emitter": {"max_attempt_rate_hz": 2000.0}},
    ],
    "links": [{"nodes": ["A", "B"], "length_m": 1000.0, "scheme": {"kind": "barrett_kok"}}],
}
"""A Barrett-Kok link that runs in milliseconds per point."""

RESULT_TIMING_COLUMNS = ("wall_s", "attempts")
"""Columns that may differ between runs of the same sweep (timing, retries)."""


@pytest.fixture
def link_data() -> dict[str, Any]:
    return copy.deepcopy(LINK_SCENARIO)


def _small_spec(axes: str = "distance_km=1,20,60", *, base_seed: int = 5) -> SweepSpec:
    """Three distances by default (``;`` separates axes, a leading ``+`` zips)."""
    parsed = [
        Axis.parse(text.removeprefix("+"), zipped=text.startswith("+")) for text in axes.split(";")
    ]
    return SweepSpec.from_data(copy.deepcopy(LINK_SCENARIO), parsed, base_seed=base_seed)


def _open_store(folder: Path, spec: SweepSpec) -> SweepStore:
    return SweepStore.create(
        folder,
        sweep_id=spec.sweep_id,
        description={"scenario": spec.scenario_name, "parameters": list(spec.parameters)},
    )


def _serial_results(
    folder: Path, spec: SweepSpec, evaluator: Evaluator = evaluate_scenario
) -> pd.DataFrame:
    """The sweep run in this process, one point after another (the reference)."""
    with _open_store(folder, spec) as store:
        run_sweep(spec.validated_points(), store, SerialExecutor(), evaluator=evaluator)
        return store.load()


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` without timing columns, rows in point order."""
    kept = frame.drop(columns=list(RESULT_TIMING_COLUMNS))
    return kept.sort_values("point_id").reset_index(drop=True)


@pytest.fixture
def small_spec() -> Callable[..., SweepSpec]:
    """``small_spec(axes, base_seed=5)``: a sweep of the test link (``;`` separates
    axes, a leading ``+`` zips an axis onto the one before)."""
    return _small_spec


@pytest.fixture
def open_store() -> Callable[[Path, SweepSpec], SweepStore]:
    """``open_store(folder, spec)``: a new store for ``spec``."""
    return _open_store


@pytest.fixture
def serial_results() -> Callable[..., pd.DataFrame]:
    """``serial_results(folder, spec, evaluator)``: the reference run, in this process."""
    return _serial_results


@pytest.fixture
def comparable() -> Callable[[pd.DataFrame], pd.DataFrame]:
    """``comparable(frame)``: results without timing columns, in point-id order."""
    return _comparable
