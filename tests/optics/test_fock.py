"""Tests of Fock amplitudes, probabilities and full output distributions."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from qinternet.core.errors import (
    DimensionMismatchError,
    InvalidParameterError,
    NonUnitaryError,
    ResourceLimitError,
)
from qinternet.optics.fock import (
    FockDistribution,
    fock_amplitude,
    fock_probability,
    hilbert_dimension,
    output_distribution,
)

# Probabilities are sums of a few thousand products of unitary entries at most: rounding
# stays below 1e-14, so 1e-12 is a safe absolute tolerance.
TOLERANCE = 1e-12
SPLITTER = np.array([[1, 1], [1, -1]]) / np.sqrt(2)


def _haar_unitary(size: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    gaussian = rng.normal(size=(size, size)) + 1j * rng.normal(size=(size, size))
    q, r = np.linalg.qr(gaussian)
    return q * (np.diag(r) / np.abs(np.diag(r)))


def _fourier(size: int) -> np.ndarray:
    indices = np.arange(size)
    return np.exp(2j * np.pi * np.outer(indices, indices) / size) / np.sqrt(size)


def _occupations(num_photons: int, num_modes: int) -> list[tuple[int, ...]]:
    return [
        counts
        for counts in itertools.product(range(num_photons + 1), repeat=num_modes)
        if sum(counts) == num_photons
    ]


def test_hong_ou_mandel_dip() -> None:
    assert fock_probability(SPLITTER, (1, 1), (1, 1)) == pytest.approx(0.0, abs=TOLERANCE)
    assert fock_probability(SPLITTER, (1, 1), (2, 0)) == pytest.approx(0.5, abs=TOLERANCE)
    assert fock_probability(SPLITTER, (1, 1), (0, 2)) == pytest.approx(0.5, abs=TOLERANCE)


def test_single_photon_amplitude_is_the_matrix_entry() -> None:
    unitary = _haar_unitary(5, seed=1)
    amplitude = fock_amplitude(unitary, (0, 0, 1, 0, 0), (0, 0, 0, 1, 0))
    assert amplitude == pytest.approx(unitary[3, 2], abs=TOLERANCE)


def test_mismatched_photon_numbers_give_zero() -> None:
    assert fock_amplitude(SPLITTER, (1, 1), (1, 0)) == 0
    assert fock_probability(SPLITTER, (2, 0), (2, 1)) == 0.0


def test_vacuum_goes_to_vacuum() -> None:
    assert fock_amplitude(_haar_unitary(3, seed=2), (0, 0, 0), (0, 0, 0)) == 1


@pytest.mark.parametrize("size", [4, 6])
def test_zero_transmission_law_of_the_fourier_multiport(size: int) -> None:
    """Tichy et al., PRL 104, 220405 (2010): with one photon in each input of the
    Fourier multiport, outputs whose mode-index sum is not 0 mod n are suppressed."""
    inputs = (1,) * size
    distribution = output_distribution(_fourier(size), inputs)
    suppressed = [t for t in distribution if sum(k * c for k, c in enumerate(t)) % size != 0]
    assert suppressed
    assert max(distribution[t] for t in suppressed) < TOLERANCE
    for output in suppressed[:: max(1, len(suppressed) // 10)]:
        assert fock_probability(_fourier(size), inputs, output) < TOLERANCE
    assert distribution.total() == pytest.approx(1.0, abs=TOLERANCE)


@pytest.mark.parametrize(
    ("num_modes", "inputs", "seed"),
    [
        (2, (1, 1), 10),
        (3, (1, 1, 1), 11),
        (4, (2, 0, 1, 1), 12),
        (5, (0, 3, 0, 1, 0), 13),
        (6, (2, 2, 0, 0, 0, 0), 14),
        (1, (4,), 15),
        (7, (0, 0, 0, 0, 0, 0, 1), 16),
    ],
)
def test_output_distribution_matches_permanents(
    num_modes: int, inputs: tuple[int, ...], seed: int
) -> None:
    unitary = _haar_unitary(num_modes, seed)
    distribution = output_distribution(unitary, inputs)
    num_photons = sum(inputs)
    outputs = _occupations(num_photons, num_modes)
    assert len(distribution) == hilbert_dimension(num_photons, num_modes) == len(outputs)
    assert sorted(distribution) == sorted(outputs)
    for output in outputs:
        expected = fock_probability(unitary, inputs, output)
        assert distribution[output] == pytest.approx(expected, abs=TOLERANCE)
    assert distribution.total() == pytest.approx(1.0, abs=TOLERANCE)


@pytest.mark.parametrize("n", [1, 7, 40])
def test_twin_fock_state_on_a_fifty_fifty_splitter(n: int) -> None:
    """|n, n> on a 50/50 splitter: P(2k, 2n-2k) = C(2k, k) C(2n-2k, n-k) / 4^n, odd splits
    vanish (Campos, Saleh, Teich, PRA 40, 1371 (1989)); a worst case for cancellation."""
    distribution = output_distribution(np.array([[1j, 1], [1, 1j]]) / np.sqrt(2), (n, n))
    for first in range(2 * n + 1):
        k, odd = divmod(first, 2)
        expected = 0.0 if odd else math.comb(2 * k, k) * math.comb(2 * n - 2 * k, n - k) / 4**n
        assert distribution[(first, 2 * n - first)] == pytest.approx(expected, abs=TOLERANCE)


def test_output_distribution_of_vacuum_and_identity() -> None:
    vacuum = output_distribution(np.eye(3), (0, 0, 0))
    assert dict(vacuum) == {(0, 0, 0): 1.0}
    identity = output_distribution(np.eye(4), (1, 0, 2, 0))
    assert identity[(1, 0, 2, 0)] == pytest.approx(1.0, abs=TOLERANCE)
    assert identity.most_likely(1)[0][0] == (1, 0, 2, 0)


def test_distribution_indexing_and_mapping_protocol() -> None:
    distribution = output_distribution(_haar_unitary(4, seed=20), (1, 1, 1, 0))
    for position, occupation in enumerate(distribution):
        assert distribution.index(occupation) == position
        assert distribution.occupation(position) == occupation
        assert distribution[occupation] == distribution.probabilities[position]
    assert (0, 0, 0, 3) in distribution
    assert (0, 0, 0, 2) not in distribution
    assert (1, 1, 1) not in distribution
    assert distribution.get((0, 0, 1), 0.0) == 0.0
    with pytest.raises(KeyError):
        distribution[(3, 0, 0, 1)]
    assert not distribution.probabilities.flags.writeable
    assert distribution.num_photons == 3
    assert distribution.num_modes == 4


def test_most_likely_is_sorted_and_consistent() -> None:
    distribution = output_distribution(_haar_unitary(5, seed=21), (1, 0, 2, 0, 1))
    top = distribution.most_likely(7)
    probabilities = [probability for _, probability in top]
    assert probabilities == sorted(probabilities, reverse=True)
    assert probabilities[0] == distribution.probabilities.max()
    assert all(distribution[occupation] == p for occupation, p in top)
    assert len(distribution.most_likely(10**6)) == len(distribution)
    assert distribution.most_likely(0) == []


def test_distribution_equality_and_repr() -> None:
    unitary = _haar_unitary(3, seed=22)
    first = output_distribution(unitary, (1, 1, 0))
    assert first == output_distribution(unitary, (1, 1, 0))
    assert first != output_distribution(unitary, (1, 0, 1))
    assert repr(first) == "FockDistribution(num_photons=2, num_modes=3, len=6)"


def test_fock_distribution_rejects_wrong_length() -> None:
    with pytest.raises(DimensionMismatchError, match="probabilities="):
        FockDistribution(np.ones(4), 2, 2)


@pytest.mark.parametrize(
    ("num_photons", "num_modes", "expected"),
    [(0, 1, 1), (2, 2, 3), (2, 6, 21), (10, 20, 20_030_010), (137, 138, math.comb(274, 137))],
)
def test_hilbert_dimension(num_photons: int, num_modes: int, expected: int) -> None:
    assert hilbert_dimension(num_photons, num_modes) == expected


@pytest.mark.parametrize(
    ("num_photons", "num_modes", "name"),
    [(-1, 2, "num_photons"), (2, 0, "num_modes"), (1.5, 2, "num_photons"), (2, True, "num_modes")],
)
def test_hilbert_dimension_rejects_bad_arguments(
    num_photons: int, num_modes: int, name: str
) -> None:
    with pytest.raises(InvalidParameterError, match=f"{name}="):
        hilbert_dimension(num_photons, num_modes)


def test_memory_limit_is_checked_before_allocating() -> None:
    with pytest.raises(ResourceLimitError, match=r"max_memory_bytes=.*estimated \d+ bytes"):
        output_distribution(np.eye(20), (1,) * 10 + (0,) * 10, max_memory_bytes=10**6)
    with pytest.raises(ResourceLimitError, match="GiB"):
        output_distribution(np.eye(60), (1,) * 30 + (0,) * 30)


def test_non_unitary_matrix_is_rejected() -> None:
    with pytest.raises(NonUnitaryError, match="unitary="):
        fock_probability(np.diag([1, 1.001]), (1, 0), (1, 0))
    with pytest.raises(NonUnitaryError, match="unitary="):
        output_distribution(2 * np.eye(2), (1, 0))


@pytest.mark.parametrize(
    ("inputs", "error", "name"),
    [
        ((1, 0, 0), DimensionMismatchError, "input_occupation"),
        ((1, -1), InvalidParameterError, "input_occupation"),
        ((1.5, 0), InvalidParameterError, "input_occupation"),
        (np.array([[1, 0]]), DimensionMismatchError, "input_occupation"),
        ("11", InvalidParameterError, "input_occupation"),
    ],
)
def test_bad_occupations_are_rejected(inputs: object, error: type, name: str) -> None:
    with pytest.raises(error, match=f"{name}="):
        output_distribution(SPLITTER, inputs)  # type: ignore[arg-type]
    with pytest.raises(error, match=f"{name}="):
        fock_probability(SPLITTER, inputs, (1, 1))  # type: ignore[arg-type]


def test_bad_output_occupation_names_its_parameter() -> None:
    with pytest.raises(DimensionMismatchError, match="output_occupation="):
        fock_amplitude(SPLITTER, (1, 1), (2,))


def test_non_finite_unitary_is_rejected() -> None:
    with pytest.raises(InvalidParameterError, match=r"(?s)unitary=.*finite"):
        output_distribution(np.array([[np.nan, 0], [0, 1]]), (1, 0))


@pytest.mark.parametrize("limit", [0, -5, 2.5, True])
def test_bad_memory_limit_is_rejected(limit: object) -> None:
    with pytest.raises(InvalidParameterError, match="max_memory_bytes="):
        output_distribution(SPLITTER, (1, 1), max_memory_bytes=limit)  # type: ignore[arg-type]
