"""Shared helpers of the benchmark scripts (timing, random unitaries)."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from qinternet.optics import haar_random_unitary


def best_time(function: Callable[[], object], repeats: int = 3) -> float:
    """Best wall time of ``repeats`` calls after one warm-up call, in seconds."""
    function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def haar_unitary(size: int, seed: int) -> NDArray[np.complex128]:
    """A Haar-random ``size x size`` unitary from the seeded generator ``seed``."""
    return haar_random_unitary(size, np.random.default_rng(seed))
