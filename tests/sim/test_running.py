"""One progress mechanism: stepping never changes the numbers; a stop event ends a run."""

from __future__ import annotations

import math

import numpy as np
import pytest
import simpy

from qinternet.core.errors import InvalidParameterError
from qinternet.physics.devices import Memory
from qinternet.physics.links import LinkOutcome
from qinternet.sim.chain import ChainConfig
from qinternet.sim.link_process import HeraldedLinkConfig
from qinternet.sim.repeater import simulate_chain
from qinternet.sim.requests import simulate_requests
from qinternet.sim.running import run_in_steps
from qinternet.states import bell_state, werner


def link(a: str, b: str) -> HeraldedLinkConfig:
    outcome = LinkOutcome(0.2, werner(0.95), bell_state("phi+"), "phi+", 1e-3)
    return HeraldedLinkConfig(a, b, outcome, herald_delay_s=(2e-4, 2e-4))


def run_requests(num_steps: int, seen: list[float] | None) -> tuple[object, ...]:
    chains = [ChainConfig((link("A", "S"), link("S", "B"))), ChainConfig((link("C", "S"),))]
    return simulate_requests(
        chains,
        memories=dict.fromkeys("ABCS", Memory(t2_s=0.05)),
        num_memories={"A": 1, "B": 1, "C": 1, "S": 3},
        duration_s=0.5,
        rngs=[np.random.default_rng(1), np.random.default_rng(2)],
        max_pairs=[20, None],
        on_progress=None if seen is None else seen.append,
        num_progress_steps=num_steps,
    )


def test_progress_steps_do_not_change_the_numbers() -> None:
    seen: list[float] = []
    stepped = run_requests(37, seen)
    assert stepped == run_requests(1, None)
    assert seen == pytest.approx([0.5 * k / 37 for k in range(1, 38)])


def test_a_stop_event_ends_the_run_when_it_happens() -> None:
    env = simpy.Environment()
    stop = env.timeout(0.35)
    seen: list[float] = []
    assert run_in_steps(env, until_s=1.0, num_steps=10, on_step=seen.append, stop=stop) == 0.35
    assert seen == pytest.approx([0.1, 0.2, 0.3, 0.35])
    with pytest.raises(InvalidParameterError, match="until_s"):
        run_in_steps(simpy.Environment(), until_s=math.inf)


def test_one_nested_channel_waits_exactly_one_interval() -> None:
    # One channel starts each round at the previous delivery (the first at 0), so the
    # time from a round's start to its delivery is the interval between deliveries.
    config = ChainConfig((link("A", "B"), link("B", "C")))
    stats = simulate_chain(
        config, memories=dict.fromkeys("ABC", Memory()), rng=np.random.default_rng(3), max_pairs=40
    )
    assert stats.num_pairs == 40
    assert stats.waiting_time_s.mean == pytest.approx(stats.delivery_interval_s.mean, rel=1e-12)
    # and the intervals add up to the time of the last delivery, which ended the run
    total_s = stats.delivery_interval_s.mean * stats.num_pairs
    assert total_s == pytest.approx(stats.sim_time_s, rel=1e-12)
