"""Running a simulation in steps, so a caller can report progress or stop early."""

from __future__ import annotations

import math
from collections.abc import Callable

import simpy

from qinternet.core.errors import InvalidParameterError


def run_in_steps(
    env: simpy.Environment,
    *,
    until_s: float,
    num_steps: int = 100,
    on_step: Callable[[float], bool | None] | None = None,
) -> float:
    """Advance ``env`` to ``until_s`` in ``num_steps`` equal steps.

    After each step ``on_step(now_s)`` is called; returning True stops the run early
    (for example when enough pairs were delivered). The engine itself prints nothing.

    Returns:
        The simulation time reached, in seconds.

    Raises:
        InvalidParameterError: if ``until_s`` is not after the current time or
            ``num_steps`` < 1.

    Examples:
        >>> env = simpy.Environment()
        >>> seen = []
        >>> run_in_steps(env, until_s=1.0, num_steps=4, on_step=seen.append)
        1.0
        >>> seen
        [0.25, 0.5, 0.75, 1.0]
    """
    if not math.isfinite(until_s) or until_s <= env.now:
        raise InvalidParameterError(
            "until_s", until_s, f"must be a finite time after now={env.now}"
        )
    if num_steps < 1:
        raise InvalidParameterError("num_steps", num_steps, "must be >= 1")
    start_s = float(env.now)
    for step in range(1, num_steps + 1):
        target_s = start_s + (until_s - start_s) * step / num_steps
        env.run(until=target_s)
        if on_step is not None and on_step(float(env.now)):
            break
    return float(env.now)
