"""Tests of qinternet.physics.links.satellite_downlink: coincidences and the pass average.

The coincidence oracle sums over the number of pairs in a window (Poisson) and, for each,
the probability that no photon of them clicks at a station (generating function
E[x^N]); background counts are independent Poisson counts. The pass average is checked
against a dense midpoint sum over the visible window.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import poisson

from qinternet.core.errors import InvalidParameterError, PhysicalConstraintError
from qinternet.physics.applications import chsh_value
from qinternet.physics.devices.free_space import FreeSpaceChannel
from qinternet.physics.links import (
    DoubleDownlink,
    coincidence_probabilities,
    downlink_state,
    satellite_downlink_link,
)
from qinternet.states import bell_state, fidelity


def _poisson_generating(mean: float, x: float) -> float:
    """E[x^N] for N ~ Poisson(mean), summed term by term."""
    n = np.arange(0, 60)
    return float(np.sum(poisson.pmf(n, mean) * x**n))


@pytest.mark.parametrize(
    ("pairs", "eta_a", "eta_b", "b_a", "b_b"),
    [(0.2, 0.3, 0.5, 0.0, 0.0), (1.5, 0.1, 0.2, 0.05, 0.02), (0.01, 0.9, 0.8, 0.3, 0.0)],
)
def test_coincidences_against_a_poisson_sum(
    pairs: float, eta_a: float, eta_b: float, b_a: float, b_b: float
) -> None:
    window = 1e-9
    no_a = _poisson_generating(pairs, 1 - eta_a) * math.exp(-b_a)
    no_b = _poisson_generating(pairs, 1 - eta_b) * math.exp(-b_b)
    neither = _poisson_generating(pairs, (1 - eta_a) * (1 - eta_b)) * math.exp(-b_a - b_b)
    coincidence = 1 - no_a - no_b + neither
    true = 1 - _poisson_generating(pairs, 1 - eta_a * eta_b)
    got_c, got_t = coincidence_probabilities(
        pairs / window, (eta_a, eta_b), (b_a / window, b_b / window), window
    )
    assert float(got_c) == pytest.approx(coincidence, rel=1e-10)
    assert float(got_t) == pytest.approx(true, rel=1e-10)


def test_state_mixes_the_source_with_white_noise() -> None:
    rho = downlink_state(0.8, 0.95)
    # F = w F_src + (1 - w) / 4; CHSH of a Werner-like state: 2 sqrt2 (4F - 1) / 3.
    expected_f = 0.8 * 0.95 + 0.2 / 4
    assert fidelity(rho, bell_state("phi+")) == pytest.approx(expected_f, rel=1e-12)
    assert chsh_value(rho) == pytest.approx(2 * math.sqrt(2) * (4 * expected_f - 1) / 3, rel=1e-9)


def _downlink(jitter_rad: float = 5e-6) -> DoubleDownlink:
    channel = FreeSpaceChannel(
        810.0, 0.15, 0.6, zenith_transmission=0.8, turbulence_jitter_rad=jitter_rad
    )
    return DoubleDownlink.symmetric(
        altitude_m=500e3,
        ground_distance_m=1203e3,
        channels=(channel, channel),
        min_elevation_rad=math.radians(15.0),
    )


def test_pass_average_against_a_midpoint_sum() -> None:
    downlink = _downlink()
    start, stop = downlink.window_s
    steps = 20_000
    times = start + (np.arange(steps) + 0.5) * (stop - start) / steps
    eta_a, eta_b = downlink.transmissions(times)
    rate, window, background = 5e6, 2e-9, (300.0, 800.0)
    coincidence, true = coincidence_probabilities(rate, (eta_a, eta_b), background, window)
    outcome = satellite_downlink_link(
        downlink,
        pair_rate_hz=rate,
        source_fidelity=0.93,
        coincidence_window_s=window,
        background_rate_hz=background,
    )
    assert outcome.success_probability == pytest.approx(float(np.mean(coincidence)), rel=1e-6)
    weight = float(np.sum(true) / np.sum(coincidence))
    expected_f = weight * 0.93 + (1 - weight) / 4
    assert outcome.fidelity == pytest.approx(expected_f, rel=1e-6)
    assert outcome.attempt_duration_s == window


def test_window_is_where_both_stations_see_the_satellite() -> None:
    downlink = _downlink()
    start, stop = downlink.window_s
    a, b = downlink.stations
    # Symmetric pass: the window ends when the far station's elevation reaches 15 deg.
    assert float(a.elevation_rad(stop)) == pytest.approx(math.radians(15.0), abs=1e-9)
    assert float(b.elevation_rad(start)) == pytest.approx(math.radians(15.0), abs=1e-9)
    assert start == pytest.approx(-stop, rel=1e-12)


def test_stations_too_far_apart_never_share_a_pass() -> None:
    channel = FreeSpaceChannel(810.0, 0.15, 0.6)
    with pytest.raises(PhysicalConstraintError, match="min_elevation_rad"):
        DoubleDownlink.symmetric(
            altitude_m=500e3,
            ground_distance_m=5000e3,
            channels=(channel, channel),
            min_elevation_rad=math.radians(10.0),
        )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"source_fidelity": 1.1}, "source_fidelity"),
        ({"pair_rate_hz": -1.0}, "pair_rate_hz"),
        ({"coincidence_window_s": 0.0}, "coincidence_window_s"),
        ({"background_rate_hz": (-1.0, 0.0)}, "background_rate_hz"),
    ],
)
def test_bad_inputs_name_the_field(kwargs: dict[str, object], field: str) -> None:
    arguments: dict[str, object] = {
        "pair_rate_hz": 1e6,
        "source_fidelity": 0.9,
        "coincidence_window_s": 1e-9,
    }
    arguments.update(kwargs)
    with pytest.raises(InvalidParameterError, match=field):
        satellite_downlink_link(_downlink(), **arguments)  # type: ignore[arg-type]
