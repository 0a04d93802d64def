"""Tests of exact boson sampling against the exact output distribution."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from scipy import stats

from qinternet.core.errors import (
    DimensionMismatchError,
    InvalidParameterError,
    NonUnitaryError,
    ResourceLimitError,
)
from qinternet.optics import _kernels_sampling
from qinternet.optics.fock import output_distribution
from qinternet.optics.sampling import sample

# A correct sampler fails a goodness-of-fit test at most with this probability.
FALSE_FAILURE_PROBABILITY = 1e-6
MIN_EXPECTED_COUNT = 5.0
SPLITTER = np.array([[1, 1], [1, -1]]) / np.sqrt(2)


def _haar_unitary(size: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    gaussian = rng.normal(size=(size, size)) + 1j * rng.normal(size=(size, size))
    q, r = np.linalg.qr(gaussian)
    return q * (np.diag(r) / np.abs(np.diag(r)))


def _chi_square_statistic(
    samples: np.ndarray, unitary: np.ndarray, inputs: tuple[int, ...]
) -> tuple[float, int]:
    """Pearson statistic and degrees of freedom; bins expected below 5 are pooled."""
    distribution = output_distribution(unitary, inputs)
    tally = Counter(map(tuple, samples.tolist()))
    assert all(occupation in distribution for occupation in tally)
    observed = np.array([tally.get(occupation, 0) for occupation in distribution], dtype=float)
    expected = distribution.probabilities * len(samples)
    large = expected >= MIN_EXPECTED_COUNT
    observed_bins = np.append(observed[large], observed[~large].sum())
    expected_bins = np.append(expected[large], expected[~large].sum())
    statistic = float(np.sum((observed_bins - expected_bins) ** 2 / expected_bins))
    return statistic, len(expected_bins) - 1


@pytest.mark.parametrize(
    ("num_modes", "inputs", "num_samples", "seed"),
    [
        (8, (1, 1, 1, 1, 0, 0, 0, 0), 100_000, 1),
        (5, (2, 0, 1, 1, 0), 30_000, 2),
    ],
)
def test_samples_follow_the_exact_distribution(
    num_modes: int, inputs: tuple[int, ...], num_samples: int, seed: int
) -> None:
    unitary = _haar_unitary(num_modes, seed)
    samples = sample(unitary, inputs, num_samples, np.random.default_rng(seed))
    statistic, dof = _chi_square_statistic(samples, unitary, inputs)
    # Under the null hypothesis the statistic is chi-square with `dof` degrees of freedom
    # (bins of expected count >= 5, the rest pooled), so this threshold makes a false
    # failure of a correct sampler rarer than 1e-6.
    threshold = stats.chi2.isf(FALSE_FAILURE_PROBABILITY, dof)
    assert statistic < threshold, (statistic, dof, threshold)


def test_hong_ou_mandel_samples_never_show_coincidences() -> None:
    samples = sample(SPLITTER, (1, 1), 5_000, np.random.default_rng(3))
    assert not np.any(samples[:, 0] == 1)
    # P(2, 0) = 1/2: 5 standard deviations of a binomial(5000, 1/2) count
    assert abs(np.sum(samples[:, 0] == 2) - 2_500) < 5 * np.sqrt(5_000 * 0.25)


def test_same_seed_gives_identical_samples() -> None:
    unitary = _haar_unitary(9, seed=4)
    inputs = (1, 1, 0, 2, 0, 1, 0, 0, 0)
    first = sample(unitary, inputs, 333, np.random.default_rng(99))
    second = sample(unitary, inputs, 333, np.random.default_rng(99))
    other = sample(unitary, inputs, 333, np.random.default_rng(100))
    np.testing.assert_array_equal(first, second)
    assert not np.array_equal(first, other)


def test_samples_conserve_photons() -> None:
    samples = sample(_haar_unitary(6, seed=5), (1, 0, 2, 0, 0, 0), 50, np.random.default_rng(8))
    assert samples.shape == (50, 6)
    assert samples.dtype == np.int64
    assert np.all(samples.sum(axis=1) == 3)
    assert np.all(samples >= 0)


def test_samples_do_not_depend_on_the_number_of_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    numba = pytest.importorskip("numba")
    monkeypatch.setattr(_kernels_sampling, "SERIAL_MAX_STEPS", 0)  # the parallel kernel
    unitary = _haar_unitary(7, seed=9)
    inputs = (1, 1, 1, 1, 0, 0, 0)
    threads = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        serial = sample(unitary, inputs, 100, np.random.default_rng(5))
    finally:
        numba.set_num_threads(threads)
    np.testing.assert_array_equal(serial, sample(unitary, inputs, 100, np.random.default_rng(5)))


def test_small_batches_in_one_thread_equal_the_parallel_kernel(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    unitary = _haar_unitary(10, seed=10)
    inputs = (1, 0, 2, 1, 1, 0, 1, 0, 0, 1)
    small = sample(unitary, inputs, 40, np.random.default_rng(6))
    assert 40 << sum(inputs) <= _kernels_sampling.SERIAL_MAX_STEPS
    monkeypatch.setattr(_kernels_sampling, "SERIAL_MAX_STEPS", 0)
    np.testing.assert_array_equal(small, sample(unitary, inputs, 40, np.random.default_rng(6)))


def test_shapes_of_trivial_requests() -> None:
    rng = np.random.default_rng(6)
    assert sample(SPLITTER, (1, 1), 0, rng).shape == (0, 2)
    np.testing.assert_array_equal(sample(SPLITTER, (0, 0), 3, rng), np.zeros((3, 2)))
    np.testing.assert_array_equal(sample(np.eye(3), (0, 2, 1), 4, rng), [[0, 2, 1]] * 4)


@pytest.mark.parametrize("num_samples", [-1, 2.0, True])
def test_bad_num_samples_is_rejected(num_samples: object) -> None:
    with pytest.raises(InvalidParameterError, match="num_samples="):
        sample(SPLITTER, (1, 1), num_samples, np.random.default_rng(0))  # type: ignore[arg-type]


def test_bad_rng_is_rejected() -> None:
    with pytest.raises(InvalidParameterError, match="rng="):
        sample(SPLITTER, (1, 1), 3, 42)  # type: ignore[arg-type]


def test_bad_unitary_and_occupation_are_rejected() -> None:
    rng = np.random.default_rng(0)
    with pytest.raises(NonUnitaryError, match="unitary="):
        sample([[1, 1], [0, 1]], (1, 1), 3, rng)
    with pytest.raises(DimensionMismatchError, match="input_occupation="):
        sample(SPLITTER, (1, 1, 0), 3, rng)
    with pytest.raises(InvalidParameterError, match="input_occupation="):
        sample(SPLITTER, (1, -2), 3, rng)


def test_memory_limit_is_checked_before_allocating() -> None:
    with pytest.raises(ResourceLimitError, match="estimated"):
        sample(np.eye(400), (1,) * 20 + (0,) * 380, 10**9, np.random.default_rng(0))


def test_too_many_photons_for_the_gray_code_index_are_refused() -> None:
    with pytest.raises(ResourceLimitError, match="input_occupation="):
        sample(np.eye(70), (1,) * 63 + (0,) * 7, 1, np.random.default_rng(0))
