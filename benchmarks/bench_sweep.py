"""Benchmark: overhead of the sweep machinery on 1,000 trivial points.

Each point is evaluated by ``echo_point`` (one random draw from the point's seed, no
simulation), so the wall time is all overhead: building and validating the points,
pickling them to workers, one SQLite transaction per point, progress bookkeeping.

- ``sweep_local_1000_trivial``: local worker processes (all cores) in a fresh process,
  so worker start-up (importing the simulator once in the forkserver) is included;
  the second run reuses the started forkserver. Goal: total overhead under 2 s.
- ``sweep_dask_1000_trivial``: a local Dask cluster of 2 single-threaded workers; points
  travel in batches sized from their run time (Dask's per-task scheduling costs
  milliseconds). Goal: per point, once the workers run, within 2x of local processes.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from qinternet.sweep import Axis, DaskExecutor, Executor, LocalExecutor, SweepSpec
from qinternet.sweep._testing import echo_point
from qinternet.sweep.executors import available_cores
from qinternet.sweep.run import run_sweep
from qinternet.sweep.store import SweepStore

SCENARIO = Path(__file__).resolve().parents[1] / "examples" / "barrett_kok_link.yaml"
NUM_POINTS = 1000
GOAL_LOCAL_OVERHEAD_S = 2.0
DASK_WORKERS = 2


def _sweep(executor: Executor, spec: SweepSpec, folder: str) -> tuple[float, float, float]:
    """(seconds to build and validate the points, seconds to run them, s to first point)."""
    start = time.perf_counter()
    points = spec.validated_points()
    built = time.perf_counter()
    first: list[float] = []

    def on_progress(progress: object) -> None:
        if not first and getattr(progress, "num_done", 0) >= 1:
            first.append(time.perf_counter() - built)

    description = {"parameters": list(spec.parameters)}
    with SweepStore.create(folder, sweep_id=spec.sweep_id, description=description) as store:
        summary = run_sweep(points, store, executor, evaluator=echo_point, on_progress=on_progress)
    assert summary.num_done == NUM_POINTS
    return built - start, time.perf_counter() - built, first[0]


def main() -> None:
    spec = SweepSpec.from_file(SCENARIO, [Axis.parse(f"distance_km=1:100:{NUM_POINTS}")])
    with tempfile.TemporaryDirectory() as folder:
        with LocalExecutor() as executor:
            points_s, cold_s, first_s = _sweep(executor, spec, f"{folder}/cold")
            _, warm_s, _ = _sweep(executor, spec, f"{folder}/warm")
        print(
            json.dumps(
                {
                    "benchmark": "sweep_local_1000_trivial",
                    "num_points": NUM_POINTS,
                    "num_processes": available_cores(),
                    "build_points_s": points_s,
                    "run_s": cold_s,
                    "total_overhead_s": points_s + cold_s,
                    "first_point_s": first_s,
                    "run_s_workers_started": warm_s,
                    "overhead_per_point_ms": 1e3 * warm_s / NUM_POINTS,
                    "goal_total_overhead_s": GOAL_LOCAL_OVERHEAD_S,
                }
            )
        )
        start = time.perf_counter()
        with DaskExecutor(num_workers=DASK_WORKERS) as executor:
            started_s = time.perf_counter() - start
            points_s, run_s, first_s = _sweep(executor, spec, f"{folder}/dask")
        print(
            json.dumps(
                {
                    "benchmark": "sweep_dask_1000_trivial",
                    "num_points": NUM_POINTS,
                    "num_workers": DASK_WORKERS,
                    "cluster_start_s": started_s,
                    "build_points_s": points_s,
                    "run_s": run_s,
                    "first_point_s": first_s,
                    "total_overhead_s": started_s + points_s + run_s,
                    "overhead_per_point_ms": 1e3 * run_s / NUM_POINTS,
                    "per_point_ms_workers_started": 1e3 * (run_s - first_s) / NUM_POINTS,
                    "times_local_per_point": (run_s - first_s) / warm_s,
                    "goal_times_local_per_point": 2.0,
                }
            )
        )


if __name__ == "__main__":
    main()
