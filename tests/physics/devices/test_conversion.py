"""Tests of qinternet.physics.devices.conversion: converter noise at a heralding station."""

from __future__ import annotations

import math

import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.physics.devices import Detector, Emitter
from qinternet.physics.devices.conversion import (
    CONVERTERS,
    FrequencyConverter,
    background_click_probability,
)
from qinternet.physics.links import single_click_link


def test_background_equals_poisson_light_on_a_detector() -> None:
    """Oracle: Detector.click_probability of Poissonian light of mean
    tau (n_0 T_0 + n_1 T_1) / 2 (half of each arm's noise behind the 50/50 splitter)."""
    window, dark, eta = 25e-9, 20.0, 0.6
    arms = [(3e4, 0.3), (1e5, 0.08)]
    mean_photons = window * sum(rate * t for rate, t in arms) / 2
    detector = Detector(efficiency=eta, dark_count_rate_hz=dark, window_s=window)
    expected = detector.click_probability(mean_photons)
    assert background_click_probability(dark, window, eta, arms) == pytest.approx(
        expected, rel=1e-12
    )


def test_noise_heralds_closed_form() -> None:
    """Only noise (alpha -> 0 photons): a threshold detector A clicks alone with
    q (1 - q) per window, so p_success = 2 q (1 - q); derived here."""
    q = background_click_probability(0.0, 1e-6, 1.0, [(1e4, 1.0), (1e4, 1.0)])
    assert q == pytest.approx(1 - math.exp(-1e-2), rel=1e-12)
    link = single_click_link(1e-12, 1e-12, dark_count_probability=q)
    assert link.success_probability == pytest.approx(2 * q * (1 - q), rel=1e-6)
    assert link.fidelity < 1e-9  # noise heralds leave both spins in |00>, orthogonal to psi+


def test_presets_carry_sources() -> None:
    for name, (converter, source) in CONVERTERS.items():
        assert 0 < converter.efficiency <= 1, name
        assert converter.output_wavelength_nm > converter.input_wavelength_nm, name
        assert "not found" in source  # no noise rate was read: labelled, and swept by tests


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: FrequencyConverter(0.5, noise_rate_hz=-1.0), "noise_rate_hz"),
        (lambda: FrequencyConverter(1.5), "efficiency"),
        (lambda: Emitter(conversion_noise_rate_hz=-3.0), "conversion_noise_rate_hz"),
        (lambda: Emitter(duty_cycle=1.2), "duty_cycle"),
        (lambda: Emitter(duty_cycle=0.0), "duty_cycle"),
        (lambda: Emitter(duty_cycle=-0.1), "duty_cycle"),
        (lambda: background_click_probability(1.0, 1e-9, 0.5, [(-2.0, 0.5)]), "noise_rate_hz"),
    ],
)
def test_bad_input_names_the_field(build: object, field: str) -> None:
    with pytest.raises(InvalidParameterError, match=field):
        build()  # type: ignore[operator]
