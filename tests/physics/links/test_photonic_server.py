"""The three-node photonic server reuses the DLCZ / Barrett-Kok models per chosen pair."""

from __future__ import annotations

import itertools
import math

import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.physics.links import barrett_kok_link, dlcz_link, photonic_server_link
from qinternet.physics.links.photonic_server import two_photon_visibility

ARMS = (0.3, 0.2, 0.1)


@pytest.mark.parametrize("pair", list(itertools.permutations(range(3), 2)))
def test_two_photon_any_pair(pair: tuple[int, int]) -> None:
    link = photonic_server_link(ARMS, pair, scheme="two_photon")
    assert abs(link.success_probability - ARMS[pair[0]] * ARMS[pair[1]] / 2) < 1e-12
    assert abs(link.mean_fidelity - 1.0) < 1e-12


def test_single_photon_equals_dlcz_with_chosen_arms() -> None:
    link = photonic_server_link(ARMS, (2, 0), excitation_probability=0.02)
    direct = dlcz_link(0.02, (0.1, 0.3))
    assert abs(link.success_probability - direct.success_probability) < 1e-15
    assert abs(link.fidelity - direct.fidelity) < 1e-12


def test_two_photon_equals_barrett_kok_with_dark_counts() -> None:
    link = photonic_server_link(ARMS, (0, 1), scheme="two_photon", dark_count_probability=1e-3)
    direct = barrett_kok_link((0.3, 0.2), dark_count_probability=1e-3)
    assert abs(link.mean_fidelity - direct.mean_fidelity) < 1e-12


def test_duration_uses_longer_arm_of_pair() -> None:
    link = photonic_server_link(ARMS, (0, 2), arm_lengths_m=(1_000.0, 50_000.0, 3_000.0))
    assert abs(link.attempt_duration_s - 2 * 3_000.0 / 2e8) < 1e-18


def test_same_node_twice_rejected() -> None:
    with pytest.raises(InvalidParameterError, match=r"pair=\(1, 1\): must be two different"):
        photonic_server_link(ARMS, (1, 1))


def test_node_index_out_of_range() -> None:
    with pytest.raises(InvalidParameterError, match=r"pair=\(0, 3\)"):
        photonic_server_link(ARMS, (0, 3))


def test_unknown_scheme() -> None:
    with pytest.raises(InvalidParameterError, match="scheme='hom'"):
        photonic_server_link(ARMS, (0, 1), scheme="hom")


def test_arm_efficiency_out_of_range() -> None:
    with pytest.raises(InvalidParameterError, match=r"arm_efficiencies=1\.1"):
        photonic_server_link((0.3, 1.1, 0.2), (0, 1))


def test_phase_noise_reaches_the_single_photon_scheme_only() -> None:
    arms = (0.3, 0.2, 0.1)
    noisy = photonic_server_link(arms, (0, 1), phase_std_rad=0.4)
    direct = dlcz_link(0.01, (0.3, 0.2), phase_std_rad=0.4)
    assert abs(noisy.fidelity - direct.fidelity) < 1e-14
    assert noisy.fidelity < photonic_server_link(arms, (0, 1)).fidelity
    two_photon = photonic_server_link(arms, (0, 1), scheme="two_photon", phase_std_rad=0.4)
    assert abs(two_photon.mean_fidelity - 1.0) < 1e-12


def test_phase_noise_validated() -> None:
    with pytest.raises(InvalidParameterError, match=r"phase_std_rad=nan"):
        photonic_server_link((0.3, 0.2, 0.1), (0, 1), phase_std_rad=float("nan"))


@pytest.mark.parametrize(
    ("delay_s", "tau_s", "detuning_hz"), [(0.0, 1e-8, 0.0), (3e-8, 2e-8, 0.0), (1e-8, 2e-8, 5e6)]
)
def test_two_photon_visibility_is_the_squared_overlap(
    delay_s: float, tau_s: float, detuning_hz: float
) -> None:
    """|int psi_0*(t) psi_1(t) dt|^2 by quadrature, psi Gaussian with intensity rms tau,
    psi_1 delayed by delta_t and detuned by delta_f."""
    from scipy.integrate import quad

    def psi(t: float) -> float:
        return (2 * math.pi * tau_s**2) ** -0.25 * math.exp(-(t**2) / (4 * tau_s**2))

    omega = 2 * math.pi * detuning_hz

    def part(t: float, which: int) -> float:
        value = psi(t) * psi(t - delay_s)
        return value * (math.cos(omega * t) if which == 0 else math.sin(omega * t))

    limit = 20 * tau_s + abs(delay_s)
    real = quad(part, -limit, limit, args=(0,), epsabs=1e-14, limit=200)[0]
    imag = quad(part, -limit, limit, args=(1,), epsabs=1e-14, limit=200)[0]
    expected = real**2 + imag**2
    assert two_photon_visibility(delay_s, tau_s, detuning_hz) == pytest.approx(expected, rel=1e-8)


def test_visibility_enters_both_schemes() -> None:
    """Single photon: F = (1 - x)^3 (1 + sqrt(V)) / 2 (number-resolving, no dark counts;
    the one-excitation coherence scaled by the overlap); two photon: F = (1 + V) / 2."""
    p, eta, v = 0.02, 0.3, 0.8
    single = photonic_server_link((eta, eta, 0.1), (0, 1), excitation_probability=p, visibility=v)
    x = p * (1 - eta)
    assert single.fidelity == pytest.approx((1 - x) ** 3 * (1 + math.sqrt(v)) / 2, abs=1e-10)
    two = photonic_server_link((eta, eta, 0.1), (0, 1), scheme="two_photon", visibility=v)
    assert two.mean_fidelity == pytest.approx((1 + v) / 2, abs=1e-10)


def test_bad_visibility_inputs_name_the_field() -> None:
    with pytest.raises(InvalidParameterError, match="photon_duration_s"):
        two_photon_visibility(1e-9, 0.0)
    with pytest.raises(InvalidParameterError, match="visibility"):
        photonic_server_link((0.1, 0.1, 0.1), (0, 1), visibility=1.5)
