"""Tests of coherent and squeezed inputs against a truncated Fock-space simulation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import sparse
from scipy.linalg import logm
from scipy.sparse.linalg import expm_multiply

from qinternet.core.errors import DimensionMismatchError, InvalidParameterError, InvalidStateError
from qinternet.optics.components import haar_random_unitary
from qinternet.optics.gaussian import (
    coherent_output,
    coherent_photon_probabilities,
    mean_photon_numbers,
    squeezed_output_covariance,
    symplectic_matrix,
)

CUTOFF = 30  # photons 0..29 per mode
# The inputs below (|alpha| <= 1.5, r <= 0.4) put less than 1e-13 of their weight
# (checked in the test) at or beyond the cutoff; the interferometer conserves photon
# number, so the truncated simulation is exact up to that weight: compare to 1e-8.
FOCK_TOLERANCE = 1e-8


def _annihilation(cutoff: int) -> sparse.csr_matrix:
    return sparse.diags(np.sqrt(np.arange(1, cutoff)), offsets=1, format="csr", dtype=complex)


def _two_mode_operators() -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    a = _annihilation(CUTOFF)
    identity = sparse.identity(CUTOFF, format="csr")
    return sparse.kron(a, identity, format="csr"), sparse.kron(identity, a, format="csr")


def _apply_interferometer(unitary: np.ndarray, state: np.ndarray) -> np.ndarray:
    """exp(i sum_kl h_kl a_k^dagger a_l) |state> with U = exp(i h).

    Exact on states below the cutoff: the generator conserves the photon number and
    the truncated operators act exactly on sectors of fewer than CUTOFF photons.
    """
    generator = -1j * logm(unitary)
    ops = _two_mode_operators()
    hamiltonian = sum(
        generator[k, j] * (ops[k].conj().T @ ops[j]) for k in range(2) for j in range(2)
    )
    return np.asarray(expm_multiply(1j * hamiltonian, state))


def _coherent(alpha: complex) -> np.ndarray:
    n = np.arange(CUTOFF)
    log_norm = np.array([0.5 * math.lgamma(k + 1) for k in n])
    return np.exp(-(abs(alpha) ** 2) / 2) * alpha**n / np.exp(log_norm)


def _squeezed_vacuum(r: float) -> np.ndarray:
    """S(r)|0> = sum_n (-tanh r)^n sqrt((2n)!) / (2^n n!) |2n> / sqrt(cosh r)."""
    state = np.zeros(CUTOFF, dtype=complex)
    for n in range(CUTOFF // 2):
        log_size = 0.5 * math.lgamma(2 * n + 1) - n * math.log(2) - math.lgamma(n + 1)
        state[2 * n] = (-math.tanh(r)) ** n * math.exp(log_size)
    return state / math.sqrt(math.cosh(r))


def _check_truncation(single_mode: np.ndarray) -> None:
    assert abs(1 - np.vdot(single_mode, single_mode).real) < 1e-13


def test_coherent_photon_statistics_match_fock_simulation() -> None:
    unitary = haar_random_unitary(2, np.random.default_rng(1))
    alphas = np.array([1.2 - 0.5j, 0.7j])
    for alpha in alphas:
        _check_truncation(_coherent(alpha))
    state = _apply_interferometer(unitary, np.kron(_coherent(alphas[0]), _coherent(alphas[1])))
    joint = (np.abs(state) ** 2).reshape(CUTOFF, CUTOFF)
    expected = coherent_photon_probabilities(unitary, alphas, 12)
    np.testing.assert_allclose(joint.sum(axis=1)[:13], expected[0], atol=FOCK_TOLERANCE)
    np.testing.assert_allclose(joint.sum(axis=0)[:13], expected[1], atol=FOCK_TOLERANCE)
    # Independent detectors: the joint distribution is the product of the marginals.
    np.testing.assert_allclose(
        joint[:13, :13], np.outer(expected[0], expected[1]), atol=FOCK_TOLERANCE
    )
    np.testing.assert_allclose(
        np.abs(coherent_output(unitary, alphas)) ** 2,
        [
            np.sum(np.arange(CUTOFF) * joint.sum(axis=1)),
            np.sum(np.arange(CUTOFF) * joint.sum(axis=0)),
        ],
        atol=FOCK_TOLERANCE,
    )


def test_squeezed_covariance_matches_fock_simulation() -> None:
    unitary = haar_random_unitary(2, np.random.default_rng(7))
    squeezing = np.array([0.4, -0.25])
    inputs = [_squeezed_vacuum(r) for r in squeezing]
    for single in inputs:
        _check_truncation(single)
    state = _apply_interferometer(unitary, np.kron(inputs[0], inputs[1]))
    a1, a2 = _two_mode_operators()
    quadratures = [a1 + a1.conj().T, a2 + a2.conj().T, -1j * (a1 - a1.conj().T)]
    quadratures.append(-1j * (a2 - a2.conj().T))
    # R_i |state> once; <R_i R_j> = <R_i state | R_j state> for Hermitian R_i.
    images = [quadrature @ state for quadrature in quadratures]
    means = np.array([np.vdot(state, image).real for image in images])
    second_moments = np.array([[np.vdot(x, y) for y in images] for x in images])
    fock_covariance = second_moments.real - np.outer(means, means)
    covariance = squeezed_output_covariance(unitary, squeezing)
    np.testing.assert_allclose(covariance, fock_covariance, atol=FOCK_TOLERANCE)
    photon_numbers = [np.vdot(a @ state, a @ state).real for a in (a1, a2)]
    np.testing.assert_allclose(mean_photon_numbers(covariance), photon_numbers, atol=FOCK_TOLERANCE)
    # Photon number is conserved: the total is sum_j sinh^2 r_j.
    assert mean_photon_numbers(covariance).sum() == pytest.approx(
        np.sum(np.sinh(squeezing) ** 2), abs=1e-12
    )


def test_symplectic_matrix_matches_the_walrus() -> None:
    symplectic = pytest.importorskip("thewalrus.symplectic")
    unitary = haar_random_unitary(3, np.random.default_rng(3))
    np.testing.assert_allclose(
        symplectic_matrix(unitary), symplectic.interferometer(unitary), atol=1e-14
    )
    # Same squeezing convention (xxpp, hbar = 2): V = S S^T for S = squeezing(r).
    squeezer = symplectic.squeezing(0.3)
    np.testing.assert_allclose(
        squeezed_output_covariance(np.eye(1), [0.3]), squeezer @ squeezer.T, atol=1e-14
    )


def test_coherent_state_mean_photon_number_from_covariance() -> None:
    alpha = 0.8 - 0.3j
    means = [2 * alpha.real, 2 * alpha.imag]  # <x> = 2 Re(alpha), <p> = 2 Im(alpha)
    n = mean_photon_numbers(np.eye(2), means)
    assert n[0] == pytest.approx(abs(alpha) ** 2, abs=1e-15)


def test_dark_mode_has_no_photons() -> None:
    probabilities = coherent_photon_probabilities(np.eye(2), [1.0, 0.0], 3)
    np.testing.assert_array_equal(probabilities[1], [1.0, 0.0, 0.0, 0.0])


def test_rejects_bad_inputs() -> None:
    with pytest.raises(DimensionMismatchError, match=r"^input_amplitudes="):
        coherent_output(np.eye(2), [1.0])
    with pytest.raises(InvalidParameterError, match=r"^input_amplitudes="):
        coherent_output(np.eye(1), [math.nan])
    with pytest.raises(InvalidParameterError, match=r"^max_photons="):
        coherent_photon_probabilities(np.eye(1), [1.0], -1)
    with pytest.raises(InvalidParameterError, match=r"^squeezing_r="):
        squeezed_output_covariance(np.eye(1), [math.inf])
    with pytest.raises(DimensionMismatchError, match=r"^covariance="):
        mean_photon_numbers(np.eye(3))
    with pytest.raises(InvalidStateError, match=r"^covariance="):
        mean_photon_numbers([[1.0, 0.5], [0.0, 1.0]])
    with pytest.raises(InvalidStateError, match=r"^covariance="):
        mean_photon_numbers(0.5 * np.eye(2))
    with pytest.raises(DimensionMismatchError, match=r"^means="):
        mean_photon_numbers(np.eye(2), [0.0])
