"""Tests of qinternet.physics.devices.photon_modes: mode overlaps and HOM visibility.

The oracle writes each mode's amplitude on a dense time grid (its own definition of the
normalised Gaussian and exponential wave packets) and integrates <psi_a|psi_b> with the
trapezoidal rule, from the latest excitation on (so no jump lies inside the grid); the
closed forms of the module must agree with it.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.typing import NDArray

from qinternet.core.errors import InvalidParameterError
from qinternet.optics.imperfections import two_photon_probability
from qinternet.physics.devices.photon_modes import (
    ExponentialMode,
    GaussianMode,
    hom_visibility,
    mode_overlap,
)
from qinternet.physics.links import barrett_kok_link, single_click_link

NS = 1e-9
TWO_PI = 2 * math.pi


def _gaussian(
    t: NDArray[np.float64], sigma: float, t0: float, omega: float
) -> NDArray[np.complex128]:
    norm = (2 * math.pi * sigma**2) ** -0.25
    return norm * np.exp(-((t - t0) ** 2) / (4 * sigma**2) - 1j * omega * t)


def _exponential(
    t: NDArray[np.float64], rate: float, start: float, omega: float
) -> NDArray[np.complex128]:
    amplitude = np.sqrt(rate) * np.exp(-0.5 * rate * (t - start) - 1j * omega * t)
    return np.where(t >= start, amplitude, 0.0)


def _grid_overlap(
    a: NDArray[np.complex128], b: NDArray[np.complex128], t: NDArray[np.float64]
) -> float:
    inner = np.trapezoid(np.conj(a) * b, t)
    return float(abs(inner) ** 2)


@pytest.mark.parametrize(
    ("sa", "sb", "dt", "dw"),
    [
        (1.0, 1.0, 0.0, 0.0),
        (1.0, 2.0, 0.0, 0.0),
        (1.0, 1.5, 0.7, 0.0),
        (2.0, 0.5, -1.0, 0.8),
        (1.2, 1.2, 0.0, 1.5),
    ],
)
def test_gaussian_overlap_closed_form_against_quadrature(
    sa: float, sb: float, dt: float, dw: float
) -> None:
    a = GaussianMode(sa * NS, 0.0, 0.0)
    b = GaussianMode(sb * NS, dt * NS, dw / NS)
    t = np.linspace(-30 * NS, 30 * NS, 200_001)
    expected = _grid_overlap(
        _gaussian(t, sa * NS, 0.0, 0.0), _gaussian(t, sb * NS, dt * NS, dw / NS), t
    )
    assert mode_overlap(a, b) == pytest.approx(expected, rel=1e-8, abs=1e-12)


@pytest.mark.parametrize(
    ("lifetime_a", "lifetime_b", "delay", "detuning_mhz"),
    [
        (12.0, 12.0, 0.0, 0.0),
        (12.0, 1.7, 0.0, 0.0),
        (12.0, 12.0, 0.0, 10.0),
        (5.0, 8.0, 2.0, 30.0),
    ],
)
def test_exponential_overlap_closed_form_against_quadrature(
    lifetime_a: float, lifetime_b: float, delay: float, detuning_mhz: float
) -> None:
    ga, gb = 1 / (lifetime_a * NS), 1 / (lifetime_b * NS)
    omega = TWO_PI * detuning_mhz * 1e6
    a = ExponentialMode(ga)
    b = ExponentialMode(gb, start_s=delay * NS, centre_frequency_rad_per_s=omega)
    # The product vanishes before the later excitation: integrate from there (no jump).
    t = np.linspace(delay * NS, 800 * NS, 800_001)
    expected = _grid_overlap(
        _exponential(t, ga, 0.0, 0.0), _exponential(t, gb, delay * NS, omega), t
    )
    assert mode_overlap(a, b) == pytest.approx(expected, rel=1e-5)
    if delay == 0.0 and detuning_mhz == 0.0:
        # The closed form for emitters of different lifetimes.
        assert mode_overlap(a, b) == pytest.approx(4 * ga * gb / (ga + gb) ** 2, rel=1e-12)


def test_gaussian_and_exponential_modes_overlap_by_quadrature() -> None:
    a = GaussianMode(1.5 * NS, centre_time_s=3 * NS)
    b = ExponentialMode(1 / (4 * NS), centre_frequency_rad_per_s=TWO_PI * 20e6)
    t = np.linspace(0.0, 400 * NS, 800_001)  # the exponential mode starts at 0
    expected = _grid_overlap(
        _gaussian(t, 1.5 * NS, 3 * NS, 0.0), _exponential(t, 1 / (4 * NS), 0.0, TWO_PI * 20e6), t
    )
    assert mode_overlap(a, b) == pytest.approx(expected, rel=1e-5)
    assert mode_overlap(b, a) == pytest.approx(expected, rel=1e-5)


def test_frequency_conversion_restores_the_overlap() -> None:
    # Two emitters 5 GHz apart: distinguishable; converting one onto the other's
    # frequency leaves only the lifetime mismatch.
    a = ExponentialMode(1 / (12 * NS))
    b = ExponentialMode(1 / (6 * NS), centre_frequency_rad_per_s=TWO_PI * 5e9)
    ga, gb = a.decay_rate_hz, b.decay_rate_hz
    assert hom_visibility(a, b) < 1e-4
    converted = b.converted(a.centre_frequency_rad_per_s)
    assert hom_visibility(a, converted) == pytest.approx(4 * ga * gb / (ga + gb) ** 2, rel=1e-12)


def test_visibility_feeds_the_barrett_kok_fidelity() -> None:
    # Barrett-Kok with number-resolving detectors: F = (1 + V) / 2, V = 4 g1 g2 / (g1 + g2)^2.
    a, b = ExponentialMode(1 / (12 * NS)), ExponentialMode(1 / (3 * NS))
    visibility = 4 * (1 / 12) * (1 / 3) / (1 / 12 + 1 / 3) ** 2
    link = barrett_kok_link(0.3, detector="number_resolving", visibility=hom_visibility(a, b))
    assert link.fidelity == pytest.approx((1 + visibility) / 2, rel=1e-12)


def test_identical_modes_are_indistinguishable() -> None:
    for mode in (GaussianMode(2 * NS, 1 * NS, 3e9), ExponentialMode(1e8, 1 * NS, -2e9)):
        assert hom_visibility(mode, mode) == pytest.approx(1.0, rel=1e-12)


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: GaussianMode(0.0), "duration_s"),
        (lambda: GaussianMode(1e-9, centre_time_s=math.nan), "centre_time_s"),
        (lambda: ExponentialMode(0.0), "decay_rate_hz"),
        (lambda: mode_overlap(GaussianMode(1e-9), "photon"), "mode_b"),  # type: ignore[arg-type]
    ],
)
def test_bad_modes_name_the_field(build: object, field: str) -> None:
    with pytest.raises(InvalidParameterError, match=f"^{field}="):
        build()  # type: ignore[operator]


def test_hom_dip_through_the_beam_splitter_gives_the_overlap() -> None:
    # Coincidences of two photons at a balanced splitter (permanents of the optics
    # library, amplitude overlap integrated on the grid): V = 1 - 2 P(1, 1).
    sa, sb, dt = 1.0 * NS, 1.8 * NS, 0.6 * NS
    t = np.linspace(-30 * NS, 30 * NS, 200_001)
    amplitude = np.trapezoid(np.conj(_gaussian(t, sa, 0.0, 0.0)) * _gaussian(t, sb, dt, 0.0), t)
    splitter = np.array([[1.0, 1.0], [1.0, -1.0]]) / math.sqrt(2)
    coincidence = two_photon_probability(splitter, (0, 1), (1, 1), complex(amplitude))
    visibility = hom_visibility(GaussianMode(sa), GaussianMode(sb, centre_time_s=dt))
    assert 1 - 2 * coincidence == pytest.approx(visibility, rel=1e-8)


def test_visibility_feeds_the_single_click_fidelity() -> None:
    # Single-click with number-resolving detectors: the spin coherence carries the
    # photons' amplitude overlap sqrt(V), so F = (1 - a) / (1 - a eta) (1 + sqrt(V)) / 2;
    # two Gaussian photons of widths 1 and 3 ns: V = 2 * 1 * 3 / (1 + 9) = 0.6.
    a, b = GaussianMode(1 * NS), GaussianMode(3 * NS)
    alpha, eta = 0.1, 0.05
    link = single_click_link(
        alpha, eta, detector="number_resolving", visibility=hom_visibility(a, b)
    )
    expected = (1 - alpha) / (1 - alpha * eta) * (1 + math.sqrt(0.6)) / 2
    assert link.fidelity == pytest.approx(expected, rel=1e-9)
