"""Deterministic delivery as a process against the closed form of delivery.py.

Matching models: the closed form assumes an exponential waiting time at rate r_ent and a
pair whose fidelity decays as 1/4 + 3/4 exp(-r_dec t) towards I/4, with I/4 delivered
when nothing heralded. The process draws geometric attempts of duration T, which succeed
at the rate r_ent = -ln(1 - p)/T (sampled at the attempt starts: a bias of order
r_dec T = 1e-4 here, far below the statistical error), and stores the pair in memories
that depolarise with time constant T_dep at each node: a Bell pair's Werner parameter
decays as exp(-2 t / T_dep), so r_dec = 2 / T_dep. Bounds are 5 standard errors, seeded.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from qinternet.core.errors import DimensionMismatchError, InvalidParameterError
from qinternet.physics.devices import Memory
from qinternet.physics.links import LinkOutcome, dlcz_link, single_click_link
from qinternet.physics.maps.delivery import (
    best_delivery_fidelity,
    best_delivery_window_s,
    delivery_fidelity,
)
from qinternet.sim.delivery_process import entangling_rate_hz, simulate_delivery
from qinternet.states import bell_state

PERIOD_S = 1e-4
DECAY_HZ = 1.0
MEMORY = Memory(depolarizing_time_s=2.0 / DECAY_HZ)


def ideal_link(rate_hz: float) -> LinkOutcome:
    """Heralds psi+ exactly, with the per-attempt probability giving ``rate_hz``."""
    pair = bell_state("psi+")
    return LinkOutcome(
        success_probability=-math.expm1(-rate_hz * PERIOD_S),
        heralded_state=pair.to_density(),
        target=pair,
        target_name="psi+",
        attempt_duration_s=PERIOD_S,
    )


def test_entangling_rate_inverts_the_attempt_probability() -> None:
    link = ideal_link(7.8)
    assert abs(entangling_rate_hz(link.success_probability, PERIOD_S) - 7.8) < 1e-9


def test_best_window_reproduces_the_acceptance_number() -> None:
    """eta_link = 7.8 at its best window: F = (1 + 3 eta^(1/(1-eta)))/4 = 0.804461."""
    window_s = best_delivery_window_s(7.8, DECAY_HZ)
    stats = simulate_delivery(
        ideal_link(7.8),
        cycle_s=window_s,
        window_s=window_s,
        memory_a=MEMORY,
        memory_b=MEMORY,
        num_cycles=12_000,
        rng=np.random.default_rng(78),
    )
    assert round(best_delivery_fidelity(7.8), 6) == 0.804461
    assert stats.fidelity.agrees_with(0.804461, num_sigma=5)
    assert stats.fidelity.stderr < 0.003
    fraction = 1 - math.exp(-7.8 * PERIOD_S * math.floor(window_s / PERIOD_S))
    assert stats.heralded_fraction.agrees_with(fraction, num_sigma=5)


@pytest.mark.parametrize(("rate_hz", "window"), [(1.0, 0.5), (1.0, 2.0), (7.8, 0.1), (3.0, 1.0)])
def test_agrees_with_the_closed_form(rate_hz: float, window: float) -> None:
    window_s = window / DECAY_HZ
    stats = simulate_delivery(
        ideal_link(rate_hz),
        cycle_s=window_s,
        window_s=window_s,
        memory_a=MEMORY,
        memory_b=MEMORY,
        num_cycles=6_000,
        rng=np.random.default_rng(int(100 * rate_hz + 10 * window)),
    )
    assert stats.fidelity.agrees_with(delivery_fidelity(rate_hz / DECAY_HZ, window), num_sigma=5)


def test_storage_until_the_cycle_end_and_a_non_ideal_heralded_state() -> None:
    """Window shorter than the cycle: a pair made at t decays for cycle - t. For a
    heralded fidelity F0 the Bell-state overlap decays as 1/4 + (F0 - 1/4) e^{-r_dec t},
    so F = 1/4 + (F0 - 1/4) (4/3) [closed form for the window - 1/4] e^{-r_dec (cycle -
    window)}."""
    link = single_click_link(0.1, 0.02, preparation_time_s=PERIOD_S)
    rate_hz = entangling_rate_hz(link.success_probability, PERIOD_S)
    window_s, cycle_s = 0.3, 0.5
    stats = simulate_delivery(
        link,
        cycle_s=cycle_s,
        window_s=window_s,
        memory_a=MEMORY,
        memory_b=MEMORY,
        num_cycles=6_000,
        rng=np.random.default_rng(5),
    )
    closed = delivery_fidelity(rate_hz / DECAY_HZ, DECAY_HZ * window_s)
    stored = (4 / 3) * (closed - 0.25) * math.exp(-DECAY_HZ * (cycle_s - window_s))
    expected = 0.25 + (link.mean_fidelity - 0.25) * stored
    assert stats.fidelity.agrees_with(expected, num_sigma=5)


def test_without_memory_noise_each_delivery_is_exact() -> None:
    """Perfect memories: every heralded cycle delivers psi+ (F = 1), every other one I/4
    (F = 1/4), so the mean fidelity is 1/4 + 3/4 x heralded fraction, sample by sample."""
    stats = simulate_delivery(
        ideal_link(5.0),
        cycle_s=0.2,
        window_s=0.1,
        memory_a=Memory(),
        memory_b=Memory(),
        num_cycles=500,
        rng=np.random.default_rng(2),
    )
    assert abs(stats.fidelity.mean - (0.25 + 0.75 * stats.heralded_fraction.mean)) < 1e-12
    assert stats.delivery_rate_hz == 5.0
    assert 0.0 < stats.heralded_fraction.mean < 1.0


def test_same_seed_same_result() -> None:
    kwargs = {
        "cycle_s": 0.1,
        "window_s": 0.05,
        "memory_a": MEMORY,
        "memory_b": MEMORY,
        "num_cycles": 300,
    }
    a = simulate_delivery(ideal_link(10.0), rng=np.random.default_rng(9), **kwargs)  # type: ignore[arg-type]
    b = simulate_delivery(ideal_link(10.0), rng=np.random.default_rng(9), **kwargs)  # type: ignore[arg-type]
    assert a == b


def test_heralding_delay_must_fit_in_the_cycle() -> None:
    with pytest.raises(InvalidParameterError, match=r"window_s=0\.1: plus the heralding delay"):
        simulate_delivery(
            ideal_link(1.0),
            cycle_s=0.1,
            window_s=0.1,
            memory_a=MEMORY,
            memory_b=MEMORY,
            num_cycles=1,
            rng=np.random.default_rng(0),
            herald_delay_s=1e-3,
        )


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("cycle_s", {"cycle_s": 0.0, "window_s": 0.0}),
        ("window_s", {"cycle_s": 1.0, "window_s": -1.0}),
        ("num_cycles", {"cycle_s": 1.0, "window_s": 1.0, "num_cycles": 0}),
        ("herald_delay_s", {"cycle_s": 1.0, "window_s": 0.5, "herald_delay_s": -1.0}),
    ],
)
def test_bad_parameters(field: str, kwargs: dict[str, float]) -> None:
    arguments: dict[str, object] = {"num_cycles": 1, **kwargs}
    with pytest.raises(InvalidParameterError, match=rf"{field}="):
        simulate_delivery(
            ideal_link(1.0),
            memory_a=MEMORY,
            memory_b=MEMORY,
            rng=np.random.default_rng(0),
            **arguments,  # type: ignore[arg-type]
        )


def test_ensemble_links_rejected() -> None:
    with pytest.raises(DimensionMismatchError, match="delivery needs qubits"):
        simulate_delivery(
            dlcz_link(0.01, 0.5, cutoff=2, preparation_time_s=1e-3),
            cycle_s=1.0,
            window_s=1.0,
            memory_a=MEMORY,
            memory_b=MEMORY,
            num_cycles=1,
            rng=np.random.default_rng(0),
        )


def test_rate_helper_validates() -> None:
    with pytest.raises(InvalidParameterError, match=r"success_probability=1\.0"):
        entangling_rate_hz(1.0, 1e-3)
    with pytest.raises(InvalidParameterError, match=r"attempt_duration_s=0\.0"):
        entangling_rate_hz(0.5, 0.0)
