"""Tests of qinternet.optics.fock_space against a brute-force permanent oracle."""

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
from qinternet.optics.fock_space import (
    fock_basis,
    fock_blocks,
    fock_product_unitary,
    fock_space_unitary,
    truncated_fock_basis,
)


def haar_unitary(num_modes: int, rng: np.random.Generator) -> np.ndarray:
    z = rng.normal(size=(num_modes, num_modes)) + 1j * rng.normal(size=(num_modes, num_modes))
    q, r = np.linalg.qr(z)
    return q * (np.diag(r) / np.abs(np.diag(r)))


def brute_permanent(matrix: np.ndarray) -> complex:
    n = matrix.shape[0]
    return sum(
        (
            math.prod(matrix[i, sigma[i]] for i in range(n))
            for sigma in itertools.permutations(range(n))
        ),
        start=0j,
    )


def permanent_amplitude(u: np.ndarray, t: tuple[int, ...], s: tuple[int, ...]) -> complex:
    """<t|U|s> = perm(U[t, s]) / sqrt(prod s! prod t!), rows repeated by t, columns by s."""
    rows = [k for k, count in enumerate(t) for _ in range(count)]
    cols = [j for j, count in enumerate(s) for _ in range(count)]
    if not rows:
        return 1.0 + 0j
    norm = math.prod(math.factorial(x) for x in s) * math.prod(math.factorial(x) for x in t)
    return brute_permanent(u[np.ix_(rows, cols)]) / math.sqrt(norm)


def test_blocks_match_permanent_formula() -> None:
    rng = np.random.default_rng(2024)
    u = haar_unitary(3, rng)
    blocks = fock_blocks(u, 3)
    for n, block in enumerate(blocks):
        basis = fock_basis(3, n)
        expected = np.array([[permanent_amplitude(u, t, s) for s in basis] for t in basis])
        np.testing.assert_allclose(block, expected, atol=1e-12)


def test_blocks_are_unitary_and_a_representation() -> None:
    rng = np.random.default_rng(7)
    u, v = haar_unitary(4, rng), haar_unitary(4, rng)
    for bu, bv, buv in zip(
        fock_blocks(u, 3), fock_blocks(v, 3), fock_blocks(u @ v, 3), strict=True
    ):
        np.testing.assert_allclose(bu.conj().T @ bu, np.eye(bu.shape[0]), atol=1e-12)
        np.testing.assert_allclose(bu @ bv, buv, atol=1e-12)


def test_hong_ou_mandel_dip_and_two_photon_output() -> None:
    splitter = np.array([[1, 1], [1, -1]]) / np.sqrt(2)
    block = fock_blocks(splitter, 2)[2]  # basis (2,0), (1,1), (0,2)
    assert abs(block[1, 1]) < 1e-15
    np.testing.assert_allclose(np.abs(block[:, 1]) ** 2, [0.5, 0.0, 0.5], atol=1e-15)


def test_basis_sizes_and_order() -> None:
    for m, n in [(1, 3), (2, 4), (3, 3), (4, 2)]:
        assert len(fock_basis(m, n)) == math.comb(n + m - 1, n)
        assert all(sum(occ) == n for occ in fock_basis(m, n))
    assert fock_basis(2, 1) == ((1, 0), (0, 1))
    assert len(truncated_fock_basis(3, 2)) == 1 + 3 + 6


def test_fock_space_unitary_is_block_diagonal_unitary() -> None:
    u = haar_unitary(3, np.random.default_rng(3))
    big = fock_space_unitary(u, 2)
    np.testing.assert_allclose(big.conj().T @ big, np.eye(10), atol=1e-12)
    assert np.all(big[0, 1:] == 0)
    assert np.all(big[1:4, 4:] == 0)


def test_product_unitary_exact_below_cutoff_zero_above() -> None:
    u = haar_unitary(2, np.random.default_rng(11))
    cutoff = 3
    matrix = fock_product_unitary(u, cutoff)
    dim = cutoff + 1
    for s in itertools.product(range(dim), repeat=2):
        column = matrix[:, s[0] * dim + s[1]]
        if sum(s) > cutoff:
            assert not column.any()
            continue
        for t in itertools.product(range(dim), repeat=2):
            expected = permanent_amplitude(u, t, s) if sum(t) == sum(s) else 0.0
            assert abs(column[t[0] * dim + t[1]] - expected) < 1e-12


def test_agrees_with_two_port_module() -> None:
    from qinternet.optics.two_port import two_port_amplitude

    u = haar_unitary(3, np.random.default_rng(5))
    block = fock_blocks(u, 3)[3]
    basis = fock_basis(3, 3)
    s = basis.index((2, 1, 0))
    for i, t in enumerate(basis):
        assert abs(block[i, s] - two_port_amplitude(u, (0, 1), (2, 1), t)) < 1e-12


def test_non_unitary_rejected() -> None:
    with pytest.raises(NonUnitaryError, match="unitary="):
        fock_blocks(np.array([[1.0, 1.0], [0.0, 1.0]]), 2)


def test_non_square_rejected() -> None:
    with pytest.raises(DimensionMismatchError, match="square"):
        fock_blocks(np.ones((2, 3)), 1)


def test_negative_photon_number_rejected() -> None:
    with pytest.raises(InvalidParameterError, match="max_photons=-1: must be >= 0"):
        fock_blocks(np.eye(2), -1)


def test_bool_photon_number_rejected() -> None:
    with pytest.raises(InvalidParameterError, match="num_photons=True"):
        fock_basis(2, True)


def test_memory_limit_refuses_before_allocating() -> None:
    with pytest.raises(ResourceLimitError, match="max_memory_bytes=1000"):
        fock_product_unitary(np.eye(4), 5, max_memory_bytes=1000)
