"""Tests of the permanent: brute force, The Walrus, algebraic identities, bad input."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from qinternet.core.errors import DimensionMismatchError, InvalidParameterError, ResourceLimitError
from qinternet.optics.permanent import PARALLEL_MIN_SIZE, permanent

# Glynn's sum adds 2**(n-1) products of n numbers of order sqrt(n); the rounding error
# relative to |perm| measured for Gaussian matrices up to n = 20 is below 1e-11, so 1e-10
# is the stated accuracy with margin.
RELATIVE_TOLERANCE = 1e-10


def _gaussian(size: int, seed: int, *, real: bool = False) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if real:
        return rng.normal(size=(size, size))
    return (rng.normal(size=(size, size)) + 1j * rng.normal(size=(size, size))) / np.sqrt(2)


def _brute_force(matrix: np.ndarray) -> complex:
    size = matrix.shape[0]
    permutations = np.array(list(itertools.permutations(range(size))), dtype=np.int64)
    return complex(matrix[np.arange(size), permutations].prod(axis=1).sum())


@pytest.mark.parametrize("size", range(1, 9))
@pytest.mark.parametrize("real", [False, True])
def test_matches_sum_over_permutations(size: int, real: bool) -> None:
    matrix = _gaussian(size, seed=100 + size, real=real)
    expected = _brute_force(matrix)
    assert permanent(matrix) == pytest.approx(expected, rel=RELATIVE_TOLERANCE, abs=1e-13)


@pytest.mark.parametrize("size", [4, 9, 13, PARALLEL_MIN_SIZE - 1, PARALLEL_MIN_SIZE, 18, 20])
@pytest.mark.parametrize("real", [False, True])
def test_matches_thewalrus(size: int, real: bool) -> None:
    thewalrus = pytest.importorskip("thewalrus")
    matrix = _gaussian(size, seed=200 + size, real=real)
    expected = complex(thewalrus.perm(matrix))
    assert abs(permanent(matrix) - expected) <= RELATIVE_TOLERANCE * abs(expected)


@pytest.mark.parametrize("size", [0, 1, 2, 3, 4, 7, 12, PARALLEL_MIN_SIZE + 1])
def test_all_ones_matrix_has_permanent_n_factorial(size: int) -> None:
    value = permanent(np.ones((size, size)))
    assert value.real == pytest.approx(math.factorial(size), rel=RELATIVE_TOLERANCE)
    assert value.imag == 0.0


@pytest.mark.parametrize("size", [10, PARALLEL_MIN_SIZE + 2])
def test_rank_one_matrix_has_permanent_n_factorial_times_products(size: int) -> None:
    """perm(u v^T) = n! prod(u) prod(v): Glynn's terms cancel almost completely here."""
    rng = np.random.default_rng(400 + size)
    u = rng.normal(size=size) + 1j * rng.normal(size=size)
    v = rng.normal(size=size) + 1j * rng.normal(size=size)
    expected = math.factorial(size) * np.prod(u) * np.prod(v)
    assert permanent(np.outer(u, v)) == pytest.approx(expected, rel=RELATIVE_TOLERANCE)


def test_complex_all_ones_takes_the_complex_path() -> None:
    phase = np.exp(0.3j)
    assert permanent(phase * np.ones((6, 6))) == pytest.approx(720 * phase**6, rel=1e-12)


@pytest.mark.parametrize("size", [5, 10, PARALLEL_MIN_SIZE + 1])
def test_invariant_under_row_and_column_permutations(size: int) -> None:
    rng = np.random.default_rng(300 + size)
    matrix = _gaussian(size, seed=300 + size)
    shuffled = matrix[rng.permutation(size)][:, rng.permutation(size)]
    assert permanent(shuffled) == pytest.approx(permanent(matrix), rel=RELATIVE_TOLERANCE)


def test_transpose_and_row_scaling() -> None:
    matrix = _gaussian(9, seed=7)
    value = permanent(matrix)
    assert permanent(matrix.T) == pytest.approx(value, rel=RELATIVE_TOLERANCE)
    scaled = matrix.copy()
    scaled[3] *= 2.5 - 1j
    assert permanent(scaled) == pytest.approx((2.5 - 1j) * value, rel=RELATIVE_TOLERANCE)


def test_closed_forms_for_small_matrices() -> None:
    assert permanent(np.zeros((0, 0))) == 1
    assert permanent([[3 - 2j]]) == 3 - 2j
    assert permanent([[1, 2], [3, 4]]) == 1 * 4 + 2 * 3
    a = np.arange(1, 10).reshape(3, 3)
    # 1(5*9+6*8) + 2(4*9+6*7) + 3(4*8+5*7) = 93 + 156 + 201
    assert permanent(a) == 450


def test_identity_and_permutation_matrices_have_permanent_one() -> None:
    assert permanent(np.eye(11)) == pytest.approx(1.0)
    assert permanent(np.eye(17)[::-1]) == pytest.approx(1.0)


def test_matrix_with_zero_row_has_permanent_zero() -> None:
    matrix = _gaussian(8, seed=3)
    matrix[5] = 0
    assert permanent(matrix) == 0


@pytest.mark.parametrize(
    "matrix",
    [np.ones((2, 3)), np.ones(4), np.ones((2, 2, 2))],
    ids=["rectangular", "vector", "three-d"],
)
def test_non_square_matrix_is_rejected(matrix: np.ndarray) -> None:
    with pytest.raises(DimensionMismatchError, match="matrix="):
        permanent(matrix)


@pytest.mark.parametrize("bad", [np.nan, np.inf, complex(0, np.inf)])
def test_non_finite_entries_are_rejected(bad: complex) -> None:
    matrix = np.ones((4, 4), dtype=complex)
    matrix[1, 2] = bad
    with pytest.raises(InvalidParameterError, match=r"matrix=.*finite"):
        permanent(matrix)


def test_non_numeric_matrix_is_rejected() -> None:
    with pytest.raises(InvalidParameterError, match="matrix="):
        permanent([["a", "b"], ["c", "d"]])


def test_matrix_too_large_for_the_gray_code_index_is_refused() -> None:
    with pytest.raises(ResourceLimitError, match=r"matrix=.*2\*\*63 Gray-code terms"):
        permanent(np.ones((64, 64)))
