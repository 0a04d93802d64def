"""The event-driven link agrees with its pure function (rates and fidelities within 5 sigma).

The bounds are 5 standard errors of the simulated estimate (rate: Poisson sqrt(n)/T;
fidelity: sample standard error), with a seeded local rng, so a false failure has
probability below 1e-6.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.noise import dephasing
from qinternet.physics.devices import Memory
from qinternet.physics.links import (
    LinkOutcome,
    barrett_kok_link,
    dlcz_link,
    photonic_server_link,
    sequential_link,
    single_click_link,
    transfer_link,
)
from qinternet.sim.link_process import HeraldedLinkConfig, simulate_link
from qinternet.states import bell_state, fidelity

NUM_SIGMA = 5.0


def test_barrett_kok_rate_and_fidelity_match_the_pure_function() -> None:
    outcome = barrett_kok_link(0.4, visibility=0.9, arm_length_m=2e3, preparation_time_s=2e-4)
    config = HeraldedLinkConfig("A", "B", outcome, herald_delay_s=(2e-5, 2e-5), num_channels=4)
    stats = simulate_link(
        config, memory_a=Memory(), memory_b=Memory(), duration_s=2.0, rng=np.random.default_rng(5)
    )
    assert abs(stats.rate_hz - config.expected_rate_hz) <= NUM_SIGMA * stats.rate_stderr_hz
    # Every pattern has F = (1 + V)/2 against its own target (Barrett & Kok 2005).
    assert stats.fidelity_mean == pytest.approx((1 + 0.9) / 2, abs=1e-12)
    assert stats.num_attempts.agrees_with(1 / outcome.success_probability, num_sigma=NUM_SIGMA)


def test_single_click_fidelity_includes_decoherence_while_the_herald_travels() -> None:
    # The pair decoheres from emission until both nodes know of it (herald delay d):
    # expected state = dephasing of both qubits for d applied to the heralded state.
    t2_s, delay_s = 1e-3, 2e-4
    outcome = single_click_link(0.1, 0.05, arm_length_m=2e4)
    config = HeraldedLinkConfig("A", "B", outcome, herald_delay_s=(delay_s, delay_s))
    memory = Memory(t2_s=t2_s)
    stats = simulate_link(
        config, memory_a=memory, memory_b=memory, duration_s=1.0, rng=np.random.default_rng(9)
    )
    flip = (1 - math.exp(-delay_s / t2_s)) / 2
    expected = 0.0
    for branch in outcome.branches:
        decohered = dephasing(flip).apply(branch.state, [0, 1])
        expected += branch.probability * fidelity(decohered, branch.target)
    expected /= sum(b.probability for b in outcome.branches)
    assert stats.fidelity_mean == pytest.approx(expected, abs=1e-12)
    assert abs(stats.rate_hz - config.expected_rate_hz) <= NUM_SIGMA * stats.rate_stderr_hz


def test_multiplexing_multiplies_the_rate() -> None:
    outcome = barrett_kok_link(0.3, preparation_time_s=1e-4)
    rates = []
    for channels in (1, 8):
        config = HeraldedLinkConfig("A", "B", outcome, num_channels=channels)
        stats = simulate_link(
            config,
            memory_a=Memory(),
            memory_b=Memory(),
            duration_s=3.0,
            rng=np.random.default_rng(3),
        )
        assert abs(stats.rate_hz - config.expected_rate_hz) <= NUM_SIGMA * stats.rate_stderr_hz
        rates.append(stats.rate_hz)
    assert rates[1] > 6 * rates[0]


def test_same_seed_same_result() -> None:
    outcome = barrett_kok_link(0.3, preparation_time_s=1e-4)
    config = HeraldedLinkConfig("A", "B", outcome, num_channels=3)
    runs = [
        simulate_link(
            config,
            memory_a=Memory(t2_s=1e-2),
            memory_b=Memory(),
            duration_s=0.5,
            rng=np.random.default_rng(42),
        )
        for _ in range(2)
    ]
    assert runs[0] == runs[1]


def test_bad_config() -> None:
    outcome = barrett_kok_link(0.3, preparation_time_s=1e-4)
    with pytest.raises(InvalidParameterError, match="num_channels=0"):
        HeraldedLinkConfig("A", "B", outcome, num_channels=0)
    with pytest.raises(InvalidParameterError, match="node_b='A'"):
        HeraldedLinkConfig("A", "A", outcome)
    with pytest.raises(InvalidParameterError, match="herald_delay_s="):
        HeraldedLinkConfig("A", "B", outcome, herald_delay_s=(-1.0, 0.0))
    with pytest.raises(InvalidParameterError, match=r"success_probability=0\.0"):
        HeraldedLinkConfig("A", "B", barrett_kok_link(0.0, preparation_time_s=1e-4))
    with pytest.raises(InvalidParameterError, match="duration_s=0"):
        simulate_link(
            HeraldedLinkConfig("A", "B", outcome),
            memory_a=Memory(),
            memory_b=Memory(),
            duration_s=0,
            rng=np.random.default_rng(1),
        )


def test_bell_state_target_is_reported() -> None:
    outcome = barrett_kok_link(1.0, preparation_time_s=1e-4)
    assert {b.target_name for b in outcome.branches} == {"psi+", "psi-"}
    for branch in outcome.branches:
        assert fidelity(branch.target, bell_state(branch.target_name)) == pytest.approx(
            1, abs=1e-12
        )


@pytest.mark.parametrize(
    "outcome",
    [
        dlcz_link(0.02, 0.3, arm_length_m=1e3, preparation_time_s=1e-5),
        sequential_link(0.6, 20.0, loop_transmission=0.5, loop_length_m=1e3),
        transfer_link(0.8, length_m=10.0, protocol_time_s=1e-6),
        photonic_server_link((0.3, 0.2, 0.25), (0, 2), arm_lengths_m=(1e3, 2e3, 1.5e3)),
    ],
    ids=["dlcz", "sequential", "state_transfer", "photonic_server"],
)
def test_every_scheme_agrees_with_its_pure_function(outcome: LinkOutcome) -> None:
    config = HeraldedLinkConfig("A", "B", outcome, herald_delay_s=(1e-5, 1e-5), num_channels=2)
    stats = simulate_link(
        config,
        memory_a=Memory(),
        memory_b=Memory(),
        duration_s=2000 / config.expected_rate_hz,  # about 2,000 pairs
        rng=np.random.default_rng(17),
    )
    assert abs(stats.rate_hz - config.expected_rate_hz) <= NUM_SIGMA * stats.rate_stderr_hz
    # Each pair's fidelity is computed from its own state; their mean estimates the
    # branch-weighted fidelity of the pure function.
    floor = 1e-12
    assert stats.fidelity.agrees_with(outcome.mean_fidelity, num_sigma=NUM_SIGMA, floor=floor)
