"""Where points run: local worker processes (the default) or a Dask cluster.

An :class:`Executor` takes points (:meth:`~Executor.submit`) and hands back one
:class:`~qinternet.sweep.worker.Outcome` per submission (:meth:`~Executor.next_outcome`).
A worker process that dies comes back as a retryable outcome; the driver
(:func:`qinternet.sweep.run.run_sweep`) decides on retries.

- :class:`LocalExecutor`: a :class:`concurrent.futures.ProcessPoolExecutor` (forkserver
  start method where available, else spawn; the evaluator's module is preloaded) with
  as many points in flight as processes, so a crash implicates only running points.
  The pool is rebuilt after a crash; workers exit when the sweep process is killed.
- :class:`DaskExecutor`: ``dask.distributed``, on an existing scheduler
  (``tcp://HOST:PORT``) or on a local cluster it starts. Dask itself re-runs the task
  of a worker that died. A scheduler address is checked before any client exists: its
  form (:func:`scheduler_address`; TLS and other schemes are refused, as are missing
  ports), then, within ``connect_timeout_s`` in all, that it answers Dask's ``identity``
  as a scheduler. Whatever else is at the address (nothing, a closed port, a firewall
  that drops packets, a server speaking another protocol) is one :class:`ExecutorError`.
  Points travel in batches, one task each, sized from the points' measured run time so
  that a task lasts about ``DASK_TASK_TARGET_S`` (Dask spends milliseconds on each task):
  slow points go one by one, trivial ones up to ``DASK_MAX_BATCH`` at a time. Each point
  keeps its own seed, so batching changes no number.

Examples:
    >>> LocalExecutor(num_processes=2).capacity
    2
    >>> scheduler_address("tcp://10.0.0.5:8786"), scheduler_address("[::1]:8786")
    ('tcp://10.0.0.5:8786', 'tcp://[::1]:8786')
    >>> scheduler_address("tls://10.0.0.5:8786")
    Traceback (most recent call last):
    ...
    qinternet.core.errors.InvalidParameterError: scheduler='tls://10.0.0.5:8786': only tcp://HOST:PORT is supported (TLS needs certificates the sweep does not take)
    >>> DaskExecutor(scheduler="tcp://127.0.0.1:8786", num_workers=2)
    Traceback (most recent call last):
    ...
    qinternet.core.errors.InvalidParameterError: num_workers=2: give a scheduler address or a number of workers, not both
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing
import os
import threading
import uuid
from abc import ABC, abstractmethod
from collections import deque
from typing import Any

from qinternet.core.errors import ExecutorError, InvalidParameterError
from qinternet.core.validation import check_positive
from qinternet.sweep.scheduler import check_scheduler, scheduler_address
from qinternet.sweep.spec import SweepPoint
from qinternet.sweep.worker import Evaluator, Outcome, execute, execute_batch

DEFAULT_CONNECT_TIMEOUT_S = 5.0
"""How long a scheduler has to accept the connection and answer, in all."""
DASK_BATCHES_PER_THREAD = 4
DASK_MIN_IN_FLIGHT = 64
DASK_TASK_TARGET_S = 0.05
DASK_MAX_BATCH = 64


def available_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Executor(ABC):
    """Runs :func:`~qinternet.sweep.worker.execute` on points, somewhere."""

    @property
    @abstractmethod
    def capacity(self) -> int:
        """How many points the driver should keep in flight."""

    @abstractmethod
    def submit(self, evaluator: Evaluator, point: SweepPoint) -> None:
        """Start one attempt at ``point``."""

    @abstractmethod
    def next_outcome(self) -> tuple[SweepPoint, Outcome]:
        """Wait for any submitted attempt to finish and return it."""

    @abstractmethod
    def close(self) -> None:
        """Stop the workers this executor started."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _exit_with_parent() -> None:
    """Pool initializer: end this worker when the process that owns the pool dies."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(1)

    threading.Thread(target=watch, name="qinternet-parent-watch", daemon=True).start()


def _crash(point: SweepPoint, error: BaseException) -> Outcome:
    return Outcome(
        point.point_id,
        False,
        error=f"worker process died ({type(error).__name__}: {error})",
        retryable=True,
    )


class LocalExecutor(Executor):
    """Worker processes on this machine (see the module docstring).

    Args:
        num_processes: number of worker processes (default: all available cores).

    Raises:
        InvalidParameterError: for fewer than one process.
    """

    def __init__(self, num_processes: int | None = None) -> None:
        count = available_cores() if num_processes is None else num_processes
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise InvalidParameterError("num_processes", num_processes, "must be an int >= 1")
        self.num_processes = count
        self._pool: cf.ProcessPoolExecutor | None = None
        self._running: dict[cf.Future[Outcome], SweepPoint] = {}
        self._finished: deque[tuple[SweepPoint, Outcome]] = deque()

    @property
    def capacity(self) -> int:
        return self.num_processes

    def _start(self, evaluator: Evaluator) -> cf.ProcessPoolExecutor:
        context: multiprocessing.context.BaseContext
        if "forkserver" in multiprocessing.get_all_start_methods():
            forkserver = multiprocessing.get_context("forkserver")
            module = getattr(evaluator, "__module__", None) or type(evaluator).__module__
            preload = ["qinternet.sweep.worker"]
            if module not in {"__main__", "__mp_main__"}:
                preload.append(module)
            forkserver.set_forkserver_preload(preload)  # a hint: used if not yet started
            context = forkserver
        else:
            context = multiprocessing.get_context("spawn")
        return cf.ProcessPoolExecutor(
            self.num_processes, mp_context=context, initializer=_exit_with_parent
        )

    def submit(self, evaluator: Evaluator, point: SweepPoint) -> None:
        if self._pool is None:
            self._pool = self._start(evaluator)
        try:
            future = self._pool.submit(execute, evaluator, point)
        except cf.process.BrokenProcessPool:
            # A worker died since the last submission: its points become crashes, then a new pool.
            self._discard_pool()
            self._pool = self._start(evaluator)
            future = self._pool.submit(execute, evaluator, point)
        self._running[future] = point

    def next_outcome(self) -> tuple[SweepPoint, Outcome]:
        while not self._finished:
            if not self._running:
                raise RuntimeError("next_outcome() with nothing submitted")
            done, _ = cf.wait(list(self._running), return_when=cf.FIRST_COMPLETED)
            broken = False
            for future in done:
                point = self._running.pop(future)
                try:
                    self._finished.append((point, future.result()))
                except cf.process.BrokenProcessPool as error:
                    broken = True
                    self._finished.append((point, _crash(point, error)))
            if broken:
                self._discard_pool()
        return self._finished.popleft()

    def _discard_pool(self) -> None:
        """After a crash every running future fails; collect them and drop the pool."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        for future, point in list(self._running.items()):
            error = future.exception() if future.done() else None
            if error is None and future.done():
                self._finished.append((point, future.result()))
            else:
                self._finished.append((point, _crash(point, error or RuntimeError("pool lost"))))
        self._running.clear()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._running.clear()


class DaskExecutor(Executor):
    """Points as ``dask.distributed`` tasks (see the module docstring).

    Args:
        scheduler: address of a running scheduler, ``tcp://HOST:PORT`` (:func:`scheduler_address`).
        num_workers: start a local cluster of this many single-threaded worker processes.
        connect_timeout_s: how long the scheduler has to answer, in all (finite, > 0).

    Raises:
        InvalidParameterError: for both or neither of ``scheduler`` and ``num_workers``,
            fewer than one worker, a malformed address, or a timeout that is not finite
            and positive.
        ExecutorError: if the scheduler does not answer within ``connect_timeout_s``.
    """

    def __init__(
        self,
        *,
        scheduler: str | None = None,
        num_workers: int | None = None,
        connect_timeout_s: float = DEFAULT_CONNECT_TIMEOUT_S,
    ) -> None:
        if (scheduler is None) == (num_workers is None):
            raise InvalidParameterError(
                "num_workers",
                num_workers,
                "give a scheduler address or a number of workers, not both",
            )
        if num_workers is not None and num_workers < 1:
            raise InvalidParameterError("num_workers", num_workers, "must be >= 1")
        check_positive(connect_timeout_s, "connect_timeout_s", "s")
        address = None if scheduler is None else scheduler_address(scheduler)
        if address is not None:
            check_scheduler(address, connect_timeout_s)
        from distributed import Client, LocalCluster  # only sweeps on Dask pay for the import

        self._cluster: Any = None
        if address is not None:
            try:
                self._client: Any = Client(address, timeout=connect_timeout_s, set_as_default=False)
            except (OSError, TimeoutError, ValueError) as error:
                detail = str(error).splitlines()[0] if str(error) else type(error).__name__
                if "timed out" in detail.lower():
                    detail = "is it running, and is the address reachable from here?"
                raise ExecutorError(
                    f"scheduler {scheduler}: no answer within {connect_timeout_s:g} s; {detail}"
                ) from None
        else:
            self._cluster = LocalCluster(
                n_workers=num_workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                # The scheduler serves HTTP even without a dashboard: on a free port, so a
                # cluster already holding the default port 8787 does not get in the way.
                scheduler_kwargs={"dashboard_address": ":0"},
                silence_logs=logging.ERROR,
            )
            self._client = Client(self._cluster, set_as_default=False)
        from distributed import as_completed

        self._as_completed: Any = as_completed([], loop=self._client.loop)
        self._batches: dict[str, tuple[SweepPoint, ...]] = {}
        self._pending: list[SweepPoint] = []
        self._evaluator: Evaluator | None = None
        self._finished: deque[tuple[SweepPoint, Outcome]] = deque()
        self._threads = max(1, sum(self._client.nthreads().values()))
        self._points_run = 0
        self._seconds_run = 0.0

    @property
    def batch_size(self) -> int:
        """Points per task: one until a point has run, then about ``DASK_TASK_TARGET_S``
        of their mean run time, at most ``DASK_MAX_BATCH``."""
        if self._points_run == 0:
            return 1
        mean_s = self._seconds_run / self._points_run
        if mean_s <= 0.0:
            return DASK_MAX_BATCH
        return max(1, min(DASK_MAX_BATCH, int(DASK_TASK_TARGET_S / mean_s)))

    @property
    def capacity(self) -> int:
        return max(DASK_MIN_IN_FLIGHT, DASK_BATCHES_PER_THREAD * self._threads * self.batch_size)

    def submit(self, evaluator: Evaluator, point: SweepPoint) -> None:
        if self._evaluator is not None and evaluator is not self._evaluator:
            self._flush()
        self._evaluator = evaluator
        self._pending.append(point)
        if len(self._pending) >= self.batch_size:
            self._flush()

    def _flush(self) -> None:
        if not self._pending or self._evaluator is None:
            return
        batch, self._pending = tuple(self._pending), []
        key = f"qinternet-points-{batch[0].point_id}-{len(batch)}-{uuid.uuid4().hex[:8]}"
        future = self._client.submit(execute_batch, self._evaluator, batch, key=key, pure=False)
        self._batches[key] = batch
        self._as_completed.add(future)

    def next_outcome(self) -> tuple[SweepPoint, Outcome]:
        while not self._finished:
            self._flush()
            if not self._batches:
                raise RuntimeError("next_outcome() with nothing submitted")
            future = next(self._as_completed)
            batch = self._batches.pop(future.key)
            if future.status == "finished":
                outcomes: list[Outcome] = future.result()
                for outcome in outcomes:
                    self._points_run += 1
                    self._seconds_run += outcome.wall_s
                self._finished.extend(zip(batch, outcomes, strict=True))
            elif future.status == "cancelled":
                raise ExecutorError(
                    "the Dask scheduler cancelled the sweep's tasks (cluster lost?)"
                )
            else:
                error = future.exception()
                self._finished.extend((point, _crash(point, error)) for point in batch)
        return self._finished.popleft()

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()
