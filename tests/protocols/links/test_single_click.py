"""Single-click heralding against closed forms derived by hand (see the module docstring).

Derivation (threshold detectors, ideal photons, click at A): the unnormalised heralded
spin state is alpha(1-alpha)eta |psi+><psi+| (one photon from either node) plus
|11><11| with weight alpha^2 eta^2/2 (both photons survive and bunch at A) +
alpha^2 eta (1-eta) (one of two photons survives and goes to A). Its trace is
alpha eta - alpha^2 eta^2/2 per detector, 2 alpha eta - alpha^2 eta^2 in total.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from qinternet.errors import InvalidParameterError
from qinternet.protocols.links import single_click_link
from qinternet.states import bell_state, fidelity


def test_acceptance_probability_threshold_detectors() -> None:
    alpha, eta = 0.1, 1e-3
    link = single_click_link(alpha, eta)
    assert abs(link.success_probability - (2 * alpha * eta - alpha**2 * eta**2)) < 1e-9
    assert abs(link.success_probability - 1.9999e-4) < 1e-15


@pytest.mark.parametrize(("alpha", "eta"), [(0.1, 1e-3), (0.05, 0.3), (0.4, 0.9)])
def test_threshold_fidelity_closed_form(alpha: float, eta: float) -> None:
    link = single_click_link(alpha, eta)
    assert abs(link.fidelity - (1 - alpha) / (1 - alpha * eta / 2)) < 1e-12
    assert abs(link.success_probability - (2 * alpha * eta - alpha**2 * eta**2)) < 1e-12


def test_fidelity_tends_to_one_minus_alpha() -> None:
    link = single_click_link(0.2, 1e-10)
    assert abs(link.fidelity - 0.8) < 1e-9


def test_number_resolving_closed_form() -> None:
    alpha, eta = 0.1, 0.5
    link = single_click_link(alpha, eta, detector="number_resolving")
    assert abs(link.success_probability - 2 * alpha * eta * (1 - alpha * eta)) < 1e-12
    assert abs(link.fidelity - (1 - alpha) / (1 - alpha * eta)) < 1e-12


def test_branches_psi_plus_and_psi_minus() -> None:
    link = single_click_link(0.1, 0.2)
    (a, b) = link.branches
    assert (a.pattern, a.target_name, b.pattern, b.target_name) == ("A", "psi+", "B", "psi-")
    assert abs(a.probability - b.probability) < 1e-15
    assert abs(fidelity(b.state, bell_state("psi-")) - a.fidelity) < 1e-12
    assert abs(link.mean_fidelity - link.fidelity) < 1e-12


def test_unequal_arms_probability() -> None:
    alpha, e0, e1 = 0.1, 0.2, 0.6
    link = single_click_link(alpha, (e0, e1))
    assert abs(link.success_probability - (1 - (1 - alpha * e0) * (1 - alpha * e1))) < 1e-12


def test_phase_noise_and_visibility_closed_form() -> None:
    alpha, eta, sigma, v = 0.1, 0.4, 0.5, 0.81
    link = single_click_link(alpha, eta, phase_std_rad=sigma, visibility=v)
    coherence = math.exp(-(sigma**2) / 2) * math.sqrt(v)
    both_at_a = alpha**2 * eta**2 * (1 + v) / 4  # distinguishable photons may split
    per_detector = alpha * (1 - alpha) * eta + alpha**2 * eta * (1 - eta) + both_at_a
    expected = alpha * (1 - alpha) * eta * (1 + coherence) / 2 / per_detector
    assert abs(link.fidelity - expected) < 1e-12
    assert abs(link.success_probability - 2 * per_detector) < 1e-12


def test_dark_counts_closed_form() -> None:
    alpha, eta, q = 0.1, 0.05, 0.01
    link = single_click_link(alpha, eta, dark_count_probability=q)
    ideal = alpha * eta - alpha**2 * eta**2 / 2
    no_photon = (1 - alpha * eta) ** 2
    probability = (1 - q) * ideal + q * (1 - q) * no_photon
    overlap = (1 - q) * alpha * (1 - alpha) * eta + q * (1 - q) * alpha * (1 - alpha) * (1 - eta)
    assert abs(link.branches[0].probability - probability) < 1e-14
    assert abs(link.fidelity - overlap / probability) < 1e-12


def test_heralded_state_is_a_density_matrix() -> None:
    rho = single_click_link(0.3, 0.7, dark_count_probability=0.1).heralded_state.matrix
    assert abs(np.trace(rho) - 1) < 1e-12
    assert np.linalg.eigvalsh(rho).min() > -1e-12


def test_attempt_duration() -> None:
    link = single_click_link(0.1, 0.1, arm_length_m=10_000.0, preparation_time_s=5e-6)
    assert abs(link.attempt_duration_s - (5e-6 + 2 * 10_000.0 / 2e8)) < 1e-18


def test_alpha_out_of_range() -> None:
    with pytest.raises(InvalidParameterError, match=r"alpha=1\.0: must lie in the open interval"):
        single_click_link(1.0, 0.1)


def test_efficiency_above_one() -> None:
    with pytest.raises(InvalidParameterError, match=r"efficiency=1\.5: must lie in \[0, 1\]"):
        single_click_link(0.1, 1.5)


def test_nan_efficiency() -> None:
    with pytest.raises(InvalidParameterError, match="efficiency=nan: must be finite"):
        single_click_link(0.1, float("nan"))


def test_negative_length() -> None:
    with pytest.raises(InvalidParameterError, match=r"arm_length_m=-1\.0: must be >= 0"):
        single_click_link(0.1, 0.1, arm_length_m=-1.0)


def test_unknown_detector() -> None:
    with pytest.raises(InvalidParameterError, match="detector='pnr'"):
        single_click_link(0.1, 0.1, detector="pnr")
