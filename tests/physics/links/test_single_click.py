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

from qinternet.core.errors import InvalidParameterError
from qinternet.physics.links import single_click_link
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


def general_closed_form(
    alpha: float,
    etas: tuple[float, float],
    *,
    flips: tuple[float, float] = (0.0, 0.0),
    doubles: tuple[float, float] = (0.0, 0.0),
    visibility: float = 1.0,
    sigma: float = 0.0,
) -> tuple[float, float]:
    """(P_A, F) for threshold detectors without dark counts, from each node's prepared
    spin state alone: bright population b_j and coherence c_j (derivation in the module
    docstring; the heralded state is linear in rho_0 (x) rho_1, so the flip patterns
    enter only through b_j = alpha + e_j (1 - 2 alpha), c_j = (1 - 2 e_j) sqrt(alpha (1 -
    alpha)), and double excitation only through c_j -> c_j sqrt(1 - p_2,j))."""
    b = [alpha + e * (1 - 2 * alpha) for e in flips]
    c = [
        (1 - 2 * e) * math.sqrt(alpha * (1 - alpha)) * math.sqrt(1 - p2)
        for e, p2 in zip(flips, doubles, strict=True)
    ]
    c[1] *= math.exp(-(sigma**2) / 2)
    e0, e1 = etas
    single = (1 - b[0]) * b[1] * e1 + b[0] * (1 - b[1]) * e0
    both = b[0] * b[1] * (e0 * e1 * (1 + visibility) / 4 + (e0 * (1 - e1) + e1 * (1 - e0)) / 2)
    p_a = single / 2 + both
    overlap = single / 4 + c[0] * c[1] * math.sqrt(visibility * e0 * e1) / 2
    return p_a, overlap / p_a


def test_general_closed_form_reduces_to_the_existing_ones() -> None:
    p_a, fid = general_closed_form(0.1, (0.4, 0.4))
    assert abs(fid - 0.9 / (1 - 0.1 * 0.4 / 2)) < 1e-14
    assert abs(2 * p_a - (2 * 0.1 * 0.4 - 0.01 * 0.16)) < 1e-15


@pytest.mark.parametrize(
    ("alpha", "etas", "flips"),
    [
        (0.05, (1e-3, 1e-3), (0.01, 0.01)),
        (0.3, (0.2, 0.6), (0.02, 0.0)),
        (0.1, (0.5, 0.5), (0.5, 0.1)),
        (0.2, (0.9, 0.3), (1.0, 0.0)),
    ],
)
def test_initialisation_error_closed_form(
    alpha: float, etas: tuple[float, float], flips: tuple[float, float]
) -> None:
    link = single_click_link(alpha, etas, initialisation_error=flips)
    p_a, fid = general_closed_form(alpha, etas, flips=flips)
    assert abs(link.branches[0].probability - p_a) < 1e-14
    assert abs(link.success_probability - 2 * p_a) < 1e-14
    assert abs(link.fidelity - fid) < 1e-12
    assert abs(link.branches[1].fidelity - fid) < 1e-12


def test_initialisation_error_is_the_mixture_of_flip_patterns() -> None:
    """A flipped reset prepares the orthogonal state sqrt(alpha)|0> - sqrt(1-alpha)|1>,
    i.e. bright population 1 - alpha: at e = 1 on both nodes the link equals the ideal
    link with alpha -> 1 - alpha (the coherence sign cancels between the two nodes)."""
    alpha, eta = 0.2, 0.3
    flipped = single_click_link(alpha, eta, initialisation_error=1.0)
    swapped = single_click_link(1 - alpha, eta)
    assert abs(flipped.success_probability - swapped.success_probability) < 1e-14
    assert np.allclose(flipped.heralded_state.matrix, swapped.heralded_state.matrix, atol=1e-13)


def test_initialisation_error_costs_about_e_over_two_alpha() -> None:
    """Small eta: a flipped node is bright with probability 1 - alpha, so flipped
    patterns make a fraction ~ e / alpha of the heralds, each with F ~ 1/2 instead of
    ~1: the fidelity drops by ~ e / (2 alpha) (derived here)."""
    alpha, e = 0.05, 1e-3
    ideal = single_click_link(alpha, 1e-6).fidelity
    noisy = single_click_link(alpha, 1e-6, initialisation_error=e).fidelity
    assert 0.9 < (ideal - noisy) / (e / (2 * alpha)) < 1.2


def test_initialisation_error_with_phase_noise_visibility_and_dark_counts() -> None:
    alpha, etas, flips, v, sigma = 0.25, (0.1, 0.3), (0.03, 0.01), 0.81, 0.4
    link = single_click_link(
        alpha, etas, initialisation_error=flips, visibility=v, phase_std_rad=sigma
    )
    p_a, fid = general_closed_form(alpha, etas, flips=flips, visibility=v, sigma=sigma)
    assert abs(link.branches[0].probability - p_a) < 1e-14
    assert abs(link.fidelity - fid) < 1e-12
    noisy = single_click_link(alpha, etas, initialisation_error=flips, dark_count_probability=0.01)
    assert noisy.fidelity < single_click_link(alpha, etas, initialisation_error=flips).fidelity


@pytest.mark.parametrize("doubles", [(0.04, 0.04), (0.1, 0.0), (1.0, 0.2)])
def test_double_excitation_closed_form(doubles: tuple[float, float]) -> None:
    alpha, etas = 0.1, (0.05, 0.2)
    link = single_click_link(alpha, etas, double_excitation_probability=doubles)
    p_a, fid = general_closed_form(alpha, etas, doubles=doubles)
    assert abs(link.branches[0].probability - p_a) < 1e-14
    assert abs(link.fidelity - fid) < 1e-12


def test_double_excitation_is_a_phase_flip_of_the_pair_with_probability_p_over_2() -> None:
    """Equal nodes: coherence factor (1 - p2) on the heralded pair, the same as optical
    phase noise with exp(-sigma^2/2) = 1 - p2; populations and rate unchanged."""
    alpha, eta, p2 = 0.2, 0.1, 0.04
    double = single_click_link(alpha, eta, double_excitation_probability=p2)
    phase = single_click_link(alpha, eta, phase_std_rad=math.sqrt(-2 * math.log(1 - p2)))
    assert abs(double.success_probability - single_click_link(alpha, eta).success_probability) < (
        1e-15
    )
    assert np.allclose(double.heralded_state.matrix, phase.heralded_state.matrix, atol=1e-14)
    coherent = alpha * (1 - alpha) * eta / 2  # <01|rho|10> of one click, unnormalised
    drop = single_click_link(alpha, eta).fidelity - double.fidelity
    assert abs(drop - p2 * coherent / double.branches[0].probability) < 1e-13


def test_defaults_unchanged_by_explicit_zero_errors() -> None:
    plain = single_click_link(0.3, (0.2, 0.6), phase_std_rad=0.5, visibility=0.9)
    explicit = single_click_link(
        0.3,
        (0.2, 0.6),
        phase_std_rad=0.5,
        visibility=0.9,
        initialisation_error=0.0,
        double_excitation_probability=(0.0, 0.0),
    )
    assert np.array_equal(plain.heralded_state.matrix, explicit.heralded_state.matrix)
    assert plain.success_probability == explicit.success_probability


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("initialisation_error", 1.5),
        ("initialisation_error", -0.1),
        ("double_excitation_probability", 1.01),
        ("double_excitation_probability", (0.1, -0.2)),
    ],
)
def test_new_error_parameters_validated(name: str, value: object) -> None:
    with pytest.raises(InvalidParameterError, match=rf"{name}=.*must lie in \[0, 1\]"):
        single_click_link(0.1, 0.1, **{name: value})  # type: ignore[arg-type]


def test_nan_initialisation_error_rejected() -> None:
    with pytest.raises(InvalidParameterError, match="initialisation_error=nan: must be finite"):
        single_click_link(0.1, 0.1, initialisation_error=float("nan"))
