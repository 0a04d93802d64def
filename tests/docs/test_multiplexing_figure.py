"""docs/make_multiplexing_figure.py: its closed forms, its simulated points, its image.

The per-mode heralding probability is checked against an enumeration of which photons
reach the station and against the link the build step makes; the window's probability
against the first-success distribution summed over the modes here; the rate against
the built link's predicted rate; the renewal model's moments against a sum over the
geometric distribution. The simulated rates and gains lie within 5 standard errors of
the closed forms.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from matplotlib.image import imread

from qinternet.network.build import build_scenario

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "make_multiplexing_figure.py"
NUM_SIGMA = 5.0
# The script's link: bright population, collection, detector, dB/km, spacing, fibre v.
ALPHA, COLLECTION, DETECTOR, DB_PER_KM, SPACING_S, V_M_PER_S = 0.05, 0.3, 0.8, 0.2, 4e-7, 2e8


def heralding_probability(length_km: float) -> float:
    """Each node's photon reaches the station (emitted w.p. alpha, then transmitted) or
    not; the station heralds when at least one arrives (two bunch at one detector)."""
    eta = COLLECTION * DETECTOR * 10.0 ** (-DB_PER_KM * (length_km / 2.0) / 10.0)
    arrive = ALPHA * eta
    total = 0.0
    for a, b in itertools.product((0, 1), repeat=2):
        weight = (arrive if a else 1.0 - arrive) * (arrive if b else 1.0 - arrive)
        total += weight if a or b else 0.0
    return total


@pytest.mark.parametrize("length_km", [1.0, 37.0, 200.0])
def test_mode_probability(script: ModuleType, length_km: float) -> None:
    p = script.mode_probability(length_km)
    assert p == pytest.approx(heralding_probability(length_km), rel=1e-12)
    (link,) = build_scenario(script.scenario(length_km, 1, 1.0)).links
    assert p == pytest.approx(link.outcome.success_probability, rel=1e-12)


@pytest.mark.parametrize(("length_km", "modes"), [(1.0, 10), (2.0, 1000), (80.0, 300)])
def test_window_probability_sums_the_first_success_over_modes(
    script: ModuleType, length_km: float, modes: int
) -> None:
    p = heralding_probability(length_km)
    k = np.arange(1, modes + 1)
    first_success = np.sum((1.0 - p) ** (k - 1) * p)
    closed = script.closed_form(length_km, modes)
    assert closed.window_probability == pytest.approx(first_success, rel=1e-12)
    (link,) = build_scenario(script.scenario(length_km, modes, 1.0)).links
    assert closed.window_probability == pytest.approx(link.outcome.success_probability, rel=1e-12)


@pytest.mark.parametrize(
    ("length_km", "modes"), [(1.0, 1), (1.0, 1000), (7.5, 62), (150.0, 10), (200.0, 1000)]
)
def test_rate_equals_the_built_links_prediction(
    script: ModuleType, length_km: float, modes: int
) -> None:
    (link,) = build_scenario(script.scenario(length_km, modes, 1.0)).links
    closed = script.closed_form(length_km, modes)
    assert closed.rate_hz == pytest.approx(link.expected_rate_hz, rel=1e-12)
    window_s = length_km * 1e3 / V_M_PER_S + (modes - 1) * SPACING_S
    assert closed.window_s == pytest.approx(window_s, rel=1e-12)
    assert closed.herald_s == pytest.approx(max(link.herald_delay_s), rel=1e-12)


def test_gain_and_its_limits(script: ModuleType) -> None:
    """Gain ``(P_M / p)(T / T_M)``: near ``M`` for ``M p << 1`` and a window much shorter
    than the round trip; a full window (P_M ~ 1) gives ``T / (p T_M)``."""
    for km, modes in [(200.0, 10), (20.0, 300), (2.0, 1000)]:
        p = heralding_probability(km)
        t = km * 1e3 / V_M_PER_S
        expected = (1.0 - (1.0 - p) ** modes) / p * t / (t + (modes - 1) * SPACING_S)
        assert script.gain(km, modes) == pytest.approx(expected, rel=1e-9)
    assert script.gain(200.0, 10) == pytest.approx(10.0, rel=0.01)
    p, t = heralding_probability(1.0), 1e3 / V_M_PER_S
    assert script.gain(1.0, 1000) == pytest.approx(t / (p * (t + 999 * SPACING_S)), rel=1e-9)


def test_saturation_and_window_lengths(script: ModuleType) -> None:
    for modes in (100, 1000):
        km = script.saturation_km(modes)
        assert modes * heralding_probability(km) == pytest.approx(1.0, rel=1e-9)
        cost_km = script.window_cost_km(modes)
        assert (modes - 1) * SPACING_S == pytest.approx(cost_km * 1e3 / V_M_PER_S, rel=1e-12)
    # M p < 1 at any length for M = 10: p <= 1 - (1 - alpha x collection x detector)^2.
    assert 10 * heralding_probability(0.0) < 1.0
    assert script.saturation_km(10) is None


@pytest.mark.parametrize(("length_km", "modes"), [(2.0, 10), (20.0, 100), (5.0, 1000)])
def test_cycle_moments_sum_the_geometric_distribution(
    script: ModuleType, length_km: float, modes: int
) -> None:
    closed = script.closed_form(length_km, modes)
    big_p, window = closed.window_probability, closed.window_s
    k = np.arange(1, 200_000)
    pmf = (1.0 - big_p) ** (k - 1) * big_p
    cycle = (k - 1) * window + max(window, closed.herald_s)
    mean = np.sum(pmf * cycle)
    variance = np.sum(pmf * (cycle - mean) ** 2)
    assert closed.cycle_s == pytest.approx(mean, rel=1e-9)
    assert closed.cycle_cv2 == pytest.approx(variance / mean**2, rel=1e-6, abs=1e-15)


def test_figure_puts_runs_beside_closed_forms(script: ModuleType, tmp_path: Path) -> None:
    sizes = script.Sizes(
        lengths_km=(1.0, 20.0, 200.0),
        modes=(1, 100, 1000),
        gain_lengths_km=(20.0, 200.0),
        gain_modes=(1, 10, 100, 1000),
        pairs=2000,
        curve_points=20,
    )
    figure = script.make_figure(tmp_path, sizes)
    image = imread(tmp_path / "temporal_multiplexing.png")
    assert image.shape == (500, 1200, 4)  # 12 x 5 inches at 100 dpi
    assert float(np.ptp(image[..., :3])) > 0.5  # not blank
    assert len(figure.rates) == 3 * 3 + 2  # (20 km, 10) and (200 km, 10) added
    for point in figure.rates.values():
        assert abs(point.num_pairs - 2000) < NUM_SIGMA * math.sqrt(2000), point
        expected = script.closed_form(point.length_km, point.modes).rate_hz
        assert point.closed_form_hz == pytest.approx(expected, rel=1e-12)
        assert point.rate_hz == pytest.approx(expected, abs=NUM_SIGMA * point.stderr_hz), point
        assert point.report["pairs"] == point.num_pairs
    for g in figure.gains.values():
        assert g.gain == pytest.approx(g.closed_form, abs=NUM_SIGMA * g.stderr + 1e-12), g
    # At 200 km 1000 modes multiply the rate by hundreds; at 20 km the window costs.
    assert figure.gains[(200.0, 1000)].gain > 400.0
    assert figure.gains[(20.0, 1000)].gain < figure.gains[(20.0, 100)].gain


def test_a_run_without_a_pair_is_marked(script: ModuleType, tmp_path: Path) -> None:
    """0.1 ms at 200 km: the herald alone takes 1 ms, so no pair can be known."""
    sizes = script.Sizes(
        lengths_km=(200.0,),
        modes=(1,),
        gain_lengths_km=(200.0,),
        gain_modes=(1,),
        max_run_s=1e-4,
        curve_points=5,
    )
    figure = script.make_figure(tmp_path, sizes)
    point = figure.rates[(200.0, 1)]
    assert point.num_pairs == 0
    assert point.rate_hz is None
    assert figure.gains[(200.0, 1)].gain is None
    assert (tmp_path / "temporal_multiplexing.png").exists()
