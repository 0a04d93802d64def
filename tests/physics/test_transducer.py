"""Transduction vs a cryogenic microwave line, against closed forms derived here.

* The transfer with noise: the four Kraus operators of the module, applied to half of
  phi+, give the fidelity; they must also be trace preserving.
* Thermal photons: for h f << k T the Bose-Einstein occupation is k T / (h f) - 1/2 +
  (h f) / (12 k T) + O((h f / k T)^3).
* Without noise both links are amplitude damping, so they tie when their efficiencies do:
  eta_t^2 T_f(L) = T_mw(L), i.e. eta_t = sqrt(T_mw / T_f), and for a given eta_t the
  lengths cross at L = -20 log10(eta_t) / (a_mw - a_f) (losses in dB/m).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.constants import Boltzmann, Planck
from scipy.optimize import brentq

from qinternet.core.errors import InvalidParameterError
from qinternet.physics.devices import Fibre
from qinternet.physics.devices.transducer import (
    MicrowaveLine,
    Transducer,
    crossover_length_m,
    max_added_noise_photons,
    microwave_link,
    noisy_transfer_fidelity,
    optical_link,
    required_efficiency,
)
from qinternet.states import apply_kraus, bell_state, fidelity

FIBRE_DB_PER_M = 0.2e-3  # Fibre's default 0.2 dB/km
LINE = MicrowaveLine(attenuation_db_per_m=0.1, temperature_k=0.0)


@pytest.mark.parametrize(("eta", "n"), [(0.7, 0.0), (0.5, 0.05), (0.95, 0.2)])
def test_noisy_transfer_fidelity_follows_from_its_kraus_operators(eta: float, n: float) -> None:
    kraus = [
        math.sqrt(1 - n) * np.diag([1.0, math.sqrt(eta)]),
        math.sqrt((1 - n) * (1 - eta)) * np.array([[0.0, 1.0], [0.0, 0.0]]),
        math.sqrt(n) * np.array([[0.0, 0.0], [1.0, 0.0]]),
        math.sqrt(n) * np.array([[0.0, 0.0], [0.0, 1.0]]),
    ]
    total = sum(k.conj().T @ k for k in kraus)
    assert np.allclose(total, np.eye(2), atol=1e-12)
    pair = bell_state("phi+")
    state = apply_kraus(pair, [k.astype(complex) for k in kraus], [1])
    assert noisy_transfer_fidelity(eta, n) == pytest.approx(fidelity(state, pair), abs=1e-12)


def test_thermal_photons_approach_the_classical_limit() -> None:
    line = MicrowaveLine(attenuation_db_per_m=0.0, temperature_k=300.0, frequency_hz=6e9)
    x = Planck * 6e9 / (Boltzmann * 300.0)
    assert line.thermal_photons == pytest.approx(1 / x - 0.5 + x / 12, abs=x**3)
    assert MicrowaveLine(0.0, 0.0).thermal_photons == 0.0


def test_line_adds_thermal_photons_in_proportion_to_its_loss() -> None:
    warm = MicrowaveLine(attenuation_db_per_m=0.05, temperature_k=0.1)
    link = microwave_link(warm, 40.0)
    transmission = 10 ** (-0.05 * 40 / 10)
    assert link.efficiency == pytest.approx(transmission, rel=1e-12)
    assert link.noise_photons == pytest.approx((1 - transmission) * warm.thermal_photons, rel=1e-12)
    assert link.cycle_s == pytest.approx(180e-9 + 2 * 40.0 / 2e8)


def test_optical_link_carries_each_converter_noise_through_the_rest_of_the_path() -> None:
    converter = Transducer(efficiency=0.6, added_noise_photons=0.1, bandwidth_hz=2e6)
    link = optical_link(converter, 10e3)
    fibre = 10 ** (-FIBRE_DB_PER_M * 10e3 / 10)
    first = 0.6 * 0.1  # converter 1's noise at its output
    assert link.efficiency == pytest.approx(0.36 * fibre, rel=1e-12)
    assert link.noise_photons == pytest.approx(first * fibre * 0.6 + 0.6 * 0.1, rel=1e-12)
    # A sech photon of Gamma = 2 pi B in a window of 10 / Gamma, plus the round trip.
    assert link.cycle_s == pytest.approx(10 / (2 * math.pi * 2e6) + 2 * 10e3 / 2e8)
    assert link.rate_hz == pytest.approx(1 / link.cycle_s)


@pytest.mark.parametrize("length_m", [50.0, 200.0, 400.0])
def test_required_efficiency_without_noise_is_the_square_root_of_the_loss_ratio(
    length_m: float,
) -> None:
    expected = math.sqrt(10 ** (-(0.1 - FIBRE_DB_PER_M) * length_m / 10))
    assert required_efficiency(0.0, length_m, LINE) == pytest.approx(expected, rel=1e-9)


def test_noise_raises_the_required_efficiency_and_can_make_it_impossible() -> None:
    quiet = required_efficiency(0.0, 100.0, LINE)
    noisy = required_efficiency(0.05, 100.0, LINE)
    assert quiet is not None
    assert noisy is not None
    assert noisy > quiet
    # At 10 m the line keeps 79%: no converter adding 0.5 photons matches it.
    assert required_efficiency(0.5, 10.0, LINE) is None


@pytest.mark.parametrize("efficiency", [0.3, 0.7])
def test_crossover_without_noise_is_the_closed_form(efficiency: float) -> None:
    converter = Transducer(efficiency, 0.0, 1e6)
    expected = -20 * math.log10(efficiency) / (0.1 - FIBRE_DB_PER_M)
    assert crossover_length_m(converter, LINE) == pytest.approx(expected, rel=1e-7)


def test_max_added_noise_is_where_the_fidelities_tie() -> None:
    warm = MicrowaveLine(attenuation_db_per_m=0.1, temperature_k=0.05)
    bound = max_added_noise_photons(0.8, 300.0, warm)
    target = microwave_link(warm, 300.0).fidelity

    def gap(noise: float) -> float:
        return optical_link(Transducer(0.8, noise, 1e6), 300.0).fidelity - target

    brute = brentq(gap, 0.0, 1.0, xtol=1e-14)
    assert bound == pytest.approx(brute, abs=1e-10)
    assert max_added_noise_photons(0.05, 10.0, warm) == 0.0


def test_a_too_noisy_converter_never_wins_within_the_range() -> None:
    converter = Transducer(0.5, 2.0, 1e6)
    assert crossover_length_m(converter, LINE, max_length_m=200.0) is None
    assert crossover_length_m(Transducer(1.0, 0.0, 1e6), LINE, fibre=Fibre(0.0)) == pytest.approx(
        0.0, abs=1e-6
    )


def test_bad_input_names_the_field() -> None:
    with pytest.raises(InvalidParameterError, match="efficiency"):
        Transducer(1.2, 0.0, 1e6)
    with pytest.raises(InvalidParameterError, match="added_noise_photons"):
        Transducer(0.5, -0.1, 1e6)
    with pytest.raises(InvalidParameterError, match="bandwidth_hz"):
        Transducer(0.5, 0.1, 0.0)
    with pytest.raises(InvalidParameterError, match="attenuation_db_per_m"):
        MicrowaveLine(-0.1, 0.02)
    with pytest.raises(InvalidParameterError, match="temperature_k"):
        MicrowaveLine(0.1, math.nan)
    with pytest.raises(InvalidParameterError, match="added_noise_photons"):
        required_efficiency(-1.0, 10.0, LINE)
