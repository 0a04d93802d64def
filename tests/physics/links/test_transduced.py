"""The transduced link against closed forms derived here.

Half of phi+ goes through a channel with Kraus operators K_i on the second qubit; then
<phi+| (I x K) |phi+> = tr(K) / 2, so F = sum_i |tr K_i|^2 / 4. With the four operators
of the transducer module, tr K0 = sqrt(1 - n)(1 + sqrt(eta)), tr K1 = tr K2 = 0 and
tr K3 = sqrt(n): F = (1 - n)(1 + sqrt(eta))^2 / 4 + n / 4. The path: eta = eta_t^2 T_f,
n = eta_t N (1 + eta_t T_f) with T_f = 10^(-a L / 10); one transfer per photon window
10 / (2 pi B) plus the round trip 2 L / v.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.physics.devices import Fibre
from qinternet.physics.devices.transducer import Transducer
from qinternet.physics.links import noisy_transfer_kraus, transduced_link
from qinternet.states import bell_state, fidelity


def _expected(eta_t: float, noise: float, length_m: float, db_per_km: float = 0.2) -> float:
    fibre = 10 ** (-db_per_km * length_m / 1e3 / 10)
    eta = eta_t**2 * fibre
    n = min(eta_t * noise * (1 + eta_t * fibre), 1.0)
    return (1 - n) * (1 + math.sqrt(eta)) ** 2 / 4 + n / 4


@pytest.mark.parametrize(
    ("eta_t", "noise", "length_m"),
    [(0.9, 0.0, 100.0), (0.5, 0.05, 10e3), (0.3, 0.4, 50e3), (1.0, 0.0, 0.0)],
)
def test_pair_fidelity_follows_from_loss_and_added_noise(
    eta_t: float, noise: float, length_m: float
) -> None:
    link = transduced_link(Transducer(eta_t, noise, 1e6), length_m)
    assert link.success_probability == 1.0
    assert link.fidelity == pytest.approx(_expected(eta_t, noise, length_m), abs=1e-12)
    assert link.target_name == "phi+"
    assert np.trace(link.heralded_state.matrix).real == pytest.approx(1.0, abs=1e-12)


def test_the_cycle_is_the_photon_window_and_the_round_trip() -> None:
    slow = Fibre(length_m=0.0, attenuation_db_per_km=0.5, group_velocity_m_per_s=1.5e8)
    link = transduced_link(Transducer(0.5, 0.0, 2e6), 30e3, fibre=slow)
    assert link.attempt_duration_s == pytest.approx(10 / (2 * math.pi * 2e6) + 2 * 30e3 / 1.5e8)
    assert link.fidelity == pytest.approx(_expected(0.5, 0.0, 30e3, db_per_km=0.5), abs=1e-12)


def test_noise_beyond_one_photon_is_a_noise_photon_absorbed_for_certain() -> None:
    # eta_t N (1 + eta_t T_f) = 0.8 x 5 x 1.8 = 7.2 > 1: the qubit ends in |1>, F = 1/4.
    link = transduced_link(Transducer(0.8, 5.0, 1e6), 0.0)
    assert link.fidelity == pytest.approx(0.25, abs=1e-12)


def test_kraus_operators_are_trace_preserving_and_give_the_closed_form() -> None:
    for eta, n in [(0.3, 0.2), (0.0, 1.0), (1.0, 0.0)]:
        kraus = noisy_transfer_kraus(eta, n)
        total = sum(k.conj().T @ k for k in kraus)
        assert np.allclose(total, np.eye(2), atol=1e-12)
        traces = sum(abs(np.trace(k)) ** 2 for k in kraus) / 4
        assert traces == pytest.approx((1 - n) * (1 + math.sqrt(eta)) ** 2 / 4 + n / 4)


def test_bad_input_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidParameterError, match="length_m"):
        transduced_link(Transducer(0.5, 0.0, 1e6), -1.0)
    with pytest.raises(InvalidParameterError, match="added_noise_photons"):
        Transducer(0.5, -0.1, 1e6)
    with pytest.raises(InvalidParameterError, match="noise_photons"):
        noisy_transfer_kraus(0.5, 1.5)
    assert fidelity(
        transduced_link(Transducer(0.0, 0.0, 1e6), 0.0).heralded_state, bell_state("phi+")
    ) == pytest.approx(0.25)
