"""Evaluators for the test suite and the benchmarks only; never used by the command line.

- :func:`echo_point`: a trivial evaluator (one draw from the point's seed), to measure
  the sweep machinery without simulation and to check seeding cheaply.
- :class:`ExitOnceEvaluator`: the first evaluation anywhere kills its own worker
  process (``os._exit``, as a crash would), so tests can check that a point whose
  worker dies is retried; every later evaluation is delegated.

Examples:
    >>> from qinternet.sweep.spec import SweepPoint
    >>> point = SweepPoint(0, (("x", 1),), "{}", "0" * 32, 5)
    >>> echo_point(point) == echo_point(point)
    True
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from qinternet.core.errors import InvalidParameterError
from qinternet.sweep.spec import SweepPoint
from qinternet.sweep.worker import Evaluator, ResultValue

CRASH_EXIT_STATUS = 70


def echo_point(point: SweepPoint) -> dict[str, ResultValue]:
    """The point's first parameter and one uniform draw from its seed."""
    first = point.params[0][1] if point.params else None
    return {"echo": first, "draw": float(np.random.default_rng(point.seed).random())}


@dataclass(frozen=True)
class ExitOnceEvaluator:
    """Kill the worker process the first time any point is evaluated; delegate after.

    The first caller creates ``marker_path`` atomically (``O_EXCL``) and exits the
    process; once the marker exists, every call runs ``inner``. Only for tests.

    Args:
        marker_path: a file that must not exist when the sweep starts.
        inner: the evaluator to delegate to.

    Raises:
        InvalidParameterError: for an empty marker path.
    """

    marker_path: str
    inner: Evaluator = echo_point

    def __post_init__(self) -> None:
        if not self.marker_path:
            raise InvalidParameterError("marker_path", self.marker_path, "must be a file path")

    def __call__(self, point: SweepPoint) -> dict[str, ResultValue]:
        """Exit the process on the very first call, else evaluate with ``inner``."""
        try:
            descriptor = os.open(self.marker_path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return dict(self.inner(point))
        os.write(descriptor, f"{point.point_id}\n".encode())
        os.close(descriptor)
        os._exit(CRASH_EXIT_STATUS)
