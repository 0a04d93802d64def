"""Drive a sweep: submit points, retry failures a bounded number of times, store outcomes.

:func:`run_sweep` skips the points the store already has as done, keeps the
executor's capacity of points in flight, commits each final outcome as soon as it
arrives, and reports progress (done, failed, estimated time left) through a callback.

Examples:
    >>> import tempfile
    >>> from qinternet.sweep._testing import echo_point
    >>> from qinternet.sweep.spec import Axis, SweepSpec
    >>> from qinternet.sweep.store import SweepStore
    >>> base = {"name": "demo", "duration_s": 0.1, "nodes": [{"name": "A"}, {"name": "B"}],
    ...         "links": [{"nodes": ["A", "B"], "length_m": 1.0, "scheme": {"kind": "barrett_kok"}}]}
    >>> spec = SweepSpec.from_data(base, [Axis.parse("distance_km=1,2,3")])
    >>> store = SweepStore.create(tempfile.mkdtemp(), sweep_id=spec.sweep_id,
    ...                           description={"parameters": list(spec.parameters)})
    >>> summary = run_sweep(spec.validated_points(), store, SerialExecutor(), evaluator=echo_point)
    >>> summary.num_done, summary.num_failed, list(store.load()["echo"])
    (3, 0, [1, 2, 3])
    >>> store.close()
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from qinternet.core.errors import InvalidParameterError
from qinternet.sweep.executors import Executor
from qinternet.sweep.spec import SweepPoint
from qinternet.sweep.store import SweepStore
from qinternet.sweep.worker import Evaluator, Outcome, evaluate_scenario, execute

DEFAULT_MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class SweepProgress:
    """Where a running sweep stands.

    Args:
        num_points: points in the sweep.
        num_done: points done (including those skipped as already stored).
        num_failed: points that failed after their retries.
        num_skipped: points found done in the store at the start.
        elapsed_s: wall time since the start.
        eta_s: estimated wall time left (``None`` until a point finished in this run).

    Raises:
        InvalidParameterError: for negative counts or more points finished than exist.
    """

    num_points: int
    num_done: int
    num_failed: int
    num_skipped: int
    elapsed_s: float
    eta_s: float | None

    def __post_init__(self) -> None:
        for name in ("num_points", "num_done", "num_failed", "num_skipped"):
            if getattr(self, name) < 0:
                raise InvalidParameterError(name, getattr(self, name), "must be >= 0")
        if self.num_done + self.num_failed > self.num_points:
            raise InvalidParameterError(
                "num_done", self.num_done, f"done + failed exceeds {self.num_points} points"
            )

    @property
    def num_left(self) -> int:
        """Points neither done nor failed."""
        return self.num_points - self.num_done - self.num_failed


SweepSummary = SweepProgress
"""The final progress report is the summary of the run."""


class SerialExecutor(Executor):
    """Evaluate points one by one in this process (for doctests and debugging; a
    point that kills its process kills the sweep)."""

    def __init__(self) -> None:
        self._finished: deque[tuple[SweepPoint, Outcome]] = deque()

    @property
    def capacity(self) -> int:
        return 1

    def submit(self, evaluator: Evaluator, point: SweepPoint) -> None:
        self._finished.append((point, execute(evaluator, point)))

    def next_outcome(self) -> tuple[SweepPoint, Outcome]:
        return self._finished.popleft()

    def close(self) -> None:
        self._finished.clear()


def run_sweep(
    points: Sequence[SweepPoint],
    store: SweepStore,
    executor: Executor,
    *,
    evaluator: Evaluator = evaluate_scenario,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    on_progress: Callable[[SweepProgress], None] | None = None,
) -> SweepSummary:
    """Evaluate every point not yet done in ``store`` and store each outcome.

    Args:
        points: the sweep's points (from :meth:`SweepSpec.validated_points`).
        store: the open store of the sweep.
        executor: where to run them.
        evaluator: the picklable function from point to results.
        max_attempts: attempts per point (>= 1) before a retryable failure (an
            exception other than a ``QinternetError``, a dead worker) is stored as failed.
        on_progress: called after each stored point (and once at the start).

    Returns:
        The final progress (done counts the skipped points too).

    Raises:
        InvalidParameterError: for ``max_attempts`` < 1.
        ExecutorError: if the executor loses its workers for good.
    """
    if isinstance(max_attempts, bool) or not isinstance(max_attempts, int) or max_attempts < 1:
        raise InvalidParameterError("max_attempts", max_attempts, "must be an int >= 1")
    start = time.perf_counter()
    done_ids = store.done_ids()
    queue = deque(point for point in points if point.point_id not in done_ids)
    num_skipped = len(points) - len(queue)
    num_done, num_failed, num_finished_here = num_skipped, 0, 0
    attempts: dict[str, int] = {}

    def report() -> SweepProgress:
        elapsed_s = time.perf_counter() - start
        left = len(points) - num_done - num_failed
        eta_s = elapsed_s / num_finished_here * left if num_finished_here else None
        progress = SweepProgress(
            len(points), num_done, num_failed, num_skipped, elapsed_s, 0.0 if not left else eta_s
        )
        if on_progress is not None:
            on_progress(progress)
        return progress

    report()
    in_flight = 0
    while queue or in_flight:
        while queue and in_flight < executor.capacity:
            point = queue.popleft()
            attempts[point.point_id] = attempts.get(point.point_id, 0) + 1
            executor.submit(evaluator, point)
            in_flight += 1
        point, outcome = executor.next_outcome()
        in_flight -= 1
        if not outcome.ok and outcome.retryable and attempts[point.point_id] < max_attempts:
            queue.appendleft(point)
            continue
        store.record(point, outcome, attempts=attempts[point.point_id])
        num_finished_here += 1
        if outcome.ok:
            num_done += 1
        else:
            num_failed += 1
        report()
    return report()
