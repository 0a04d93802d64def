"""Running a simulation in steps: the one place that advances time and reports progress.

Every runner of this package (links, both chain policies, requests) ends its run here,
so a caller can follow the simulated time or stop early in the same way everywhere.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import simpy
from simpy.core import StopSimulation

from qinternet.core.errors import InvalidParameterError


def run_in_steps(
    env: simpy.Environment,
    *,
    until_s: float,
    num_steps: int = 100,
    on_step: Callable[[float], bool | None] | None = None,
    stop: simpy.Event | None = None,
) -> float:
    """Advance ``env`` to ``until_s`` in ``num_steps`` equal steps.

    After each step ``on_step(now_s)`` is called; returning True stops the run early
    (for example when enough pairs were delivered). With ``stop``, the run also ends
    the moment that event is processed (or, at ``until_s``, once the events queued
    before the deadline are), and ``until_s`` may be infinite (one step). Steps never
    reorder events, so the simulated numbers do not depend on ``num_steps``. The engine
    itself prints nothing.

    Returns:
        The simulation time reached, in seconds.

    Raises:
        InvalidParameterError: if ``until_s`` is not after the current time (or is
            infinite without ``stop``), or ``num_steps`` < 1.

    Examples:
        >>> env = simpy.Environment()
        >>> seen = []
        >>> run_in_steps(env, until_s=1.0, num_steps=4, on_step=seen.append)
        1.0
        >>> seen
        [0.25, 0.5, 0.75, 1.0]
        >>> done = env.timeout(0.3)
        >>> run_in_steps(env, until_s=math.inf, stop=done)
        1.3
    """
    finite = math.isfinite(until_s)
    if math.isnan(until_s) or until_s <= env.now or (not finite and stop is None):
        raise InvalidParameterError(
            "until_s", until_s, f"must be a finite time after now={env.now}"
        )
    if num_steps < 1:
        raise InvalidParameterError("num_steps", num_steps, "must be >= 1")
    end = None
    ended: list[bool] = []

    def finish(_: simpy.Event) -> None:
        ended.append(True)  # (SimPy leaves an event unprocessed when its callback stops)
        raise StopSimulation(None)

    if stop is not None:
        end = env.any_of([stop, env.timeout(until_s - env.now)]) if finite else stop
        end.callbacks.append(finish)  # ends whichever step is running
    start_s = float(env.now)
    steps = num_steps if finite else 1
    for step in range(1, steps + 1):
        if end is not None and step == steps:
            env.run(until=end)
        else:
            env.run(until=start_s + (until_s - start_s) * step / num_steps)
        if (on_step is not None and on_step(float(env.now))) or ended:
            break
    return float(env.now)
