"""Tests of loss, detectors and partial distinguishability."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from qinternet.core.errors import DimensionMismatchError, InvalidParameterError
from qinternet.optics.components import haar_random_unitary
from qinternet.optics.imperfections import (
    detect,
    hom_coincidence_probability,
    lossy_unitary,
    to_threshold,
    two_photon_probability,
)

# Closed forms evaluated with a handful of floating-point operations: 1e-12.
ATOL = 1e-12
FIFTY_FIFTY = np.array([[1j, 1], [1, 1j]]) / np.sqrt(2)


@pytest.mark.parametrize("overlap", [1.0, 0.0, 0.5, 0.3 + 0.4j, np.exp(0.7j)])
def test_hom_dip(overlap: complex) -> None:
    assert hom_coincidence_probability(overlap) == pytest.approx(
        (1 - abs(overlap) ** 2) / 2, abs=ATOL
    )


def test_two_photon_probabilities_sum_to_one_and_interpolate() -> None:
    unitary = haar_random_unitary(4, np.random.default_rng(12))
    outcomes = [
        tuple(int(k == a) + int(k == b) for k in range(4))
        for a, b in itertools.combinations_with_replacement(range(4), 2)
    ]
    for overlap in (0.0, 0.6j, 1.0):
        total = sum(two_photon_probability(unitary, (1, 3), t, overlap) for t in outcomes)
        assert total == pytest.approx(1.0, abs=ATOL)
    # Distinguishable photons: classical probabilities |U_a1|^2 |U_b3|^2 + |U_b1|^2 |U_a3|^2.
    weights = np.abs(unitary) ** 2
    expected = weights[0, 1] * weights[2, 3] + weights[2, 1] * weights[0, 3]
    assert two_photon_probability(unitary, (1, 3), (1, 0, 1, 0), 0.0) == pytest.approx(
        expected, abs=ATOL
    )
    # Mixture: linear in |overlap|^2.
    ind = two_photon_probability(unitary, (1, 3), (1, 0, 1, 0), 1.0)
    mid = two_photon_probability(unitary, (1, 3), (1, 0, 1, 0), math.sqrt(0.3))
    assert mid == pytest.approx(0.3 * ind + 0.7 * expected, abs=ATOL)
    assert two_photon_probability(unitary, (1, 3), (1, 0, 0, 0), 1.0) == 0.0


@pytest.mark.parametrize("efficiency", [0.0, 0.25, 0.9, 1.0])
def test_single_photon_click_probability_is_efficiency(efficiency: float) -> None:
    counts = detect([0.0, 1.0], efficiency)
    assert to_threshold(counts)[1] == pytest.approx(efficiency, abs=ATOL)


@pytest.mark.parametrize(("efficiency", "dark"), [(0.5, 0.01), (0.9, 0.2), (0.0, 0.3)])
def test_dark_counts_combine(efficiency: float, dark: float) -> None:
    counts = detect([0.0, 1.0], efficiency, dark)
    assert counts.sum() == pytest.approx(1.0, abs=1e-15)
    no_click, click = to_threshold(counts)
    assert click == pytest.approx(1 - (1 - efficiency) * (1 - dark), abs=ATOL)
    assert no_click == pytest.approx((1 - efficiency) * (1 - dark), abs=ATOL)


def test_binomial_thinning_of_a_fock_state() -> None:
    # |3> at efficiency 0.6: Binomial(3, 0.6), mean 1.8.
    counts = detect([0.0, 0.0, 0.0, 1.0], 0.6)
    expected = [math.comb(3, k) * 0.6**k * 0.4 ** (3 - k) for k in range(4)]
    np.testing.assert_allclose(counts, expected, atol=ATOL)
    assert np.dot(np.arange(4), counts) == pytest.approx(1.8, abs=ATOL)


def test_loss_embedding_is_unitary_and_transmits_t() -> None:
    unitary = haar_random_unitary(3, np.random.default_rng(4))
    transmissions = np.array([0.9, 0.5, 0.2])
    for position in ("output", "input"):
        lossy = lossy_unitary(unitary, transmissions, position=position)
        np.testing.assert_allclose(lossy.conj().T @ lossy, np.eye(6), atol=ATOL)
    # Loss at the outputs: a photon from input j reaches system output k with
    # probability eta_k |U_kj|^2; uniform loss t leaves P(detected) = t.
    uniform = lossy_unitary(unitary, 0.35)
    for j in range(3):
        assert np.sum(np.abs(uniform[:3, j]) ** 2) == pytest.approx(0.35, abs=ATOL)
    lossy = lossy_unitary(unitary, transmissions)
    np.testing.assert_allclose(
        np.abs(lossy[:3, :3]) ** 2, transmissions[:, None] * np.abs(unitary) ** 2, atol=ATOL
    )


def test_uniform_loss_commutes_with_the_interferometer() -> None:
    unitary = haar_random_unitary(2, np.random.default_rng(5))
    np.testing.assert_allclose(
        lossy_unitary(unitary, 0.7)[:2, :2],
        lossy_unitary(unitary, 0.7, position="input")[:2, :2],
        atol=ATOL,
    )


def test_rejects_bad_parameters() -> None:
    with pytest.raises(InvalidParameterError, match=r"^efficiency="):
        detect([0.0, 1.0], 1.2)
    with pytest.raises(InvalidParameterError, match=r"^dark_count_probability="):
        detect([0.0, 1.0], 0.5, 1.0)
    with pytest.raises(InvalidParameterError, match=r"^photon_number_probabilities="):
        detect([0.5, 0.7], 0.5)
    with pytest.raises(InvalidParameterError, match=r"^photon_number_probabilities="):
        detect([-0.1, 1.0], 0.5)
    with pytest.raises(DimensionMismatchError, match=r"^count_probabilities="):
        to_threshold([])
    with pytest.raises(InvalidParameterError, match=r"^overlap="):
        hom_coincidence_probability(1.1)
    with pytest.raises(InvalidParameterError, match=r"^input_modes="):
        two_photon_probability(FIFTY_FIFTY, (0, 0), (1, 1), 1.0)
    with pytest.raises(InvalidParameterError, match=r"^transmissions="):
        lossy_unitary(np.eye(2), [0.5, 1.5])
    with pytest.raises(DimensionMismatchError, match=r"^transmissions="):
        lossy_unitary(np.eye(2), [0.5, 0.5, 0.5])
    with pytest.raises(InvalidParameterError, match=r"^position="):
        lossy_unitary(np.eye(2), 0.5, position="middle")  # type: ignore[arg-type]
