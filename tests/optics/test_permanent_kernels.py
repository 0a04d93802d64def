"""Tests of the vector permanent kernels: Glynn's sum written out, The Walrus, closed forms,
exact integer cases, thread-count independence."""

from __future__ import annotations

import itertools
import math
import re

import numba
import numpy as np
import pytest

from qinternet.optics import _kernels
from qinternet.optics.permanent import (
    KERNEL_MIN_SIZE,
    PARALLEL_GROUPS,
    PARALLEL_MIN_SIZE,
    permanent,
)

# Rounding of Glynn's sum relative to |perm| for Gaussian matrices up to n = 20 stays
# below 1e-11 (see test_permanent.py); 1e-10 leaves a margin.
RELATIVE_TOLERANCE = 1e-10


def _gaussian(size: int, seed: int, *, real: bool) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if real:
        return rng.normal(size=(size, size))
    return (rng.normal(size=(size, size)) + 1j * rng.normal(size=(size, size))) / np.sqrt(2)


def _glynn_terms(matrix: np.ndarray) -> np.ndarray:
    """The ``2**(n-1)`` terms ``prod(delta) prod_i (A delta)_i / 2**(n-1)`` of Glynn's
    formula, one per sign vector with ``delta_0 = +1`` (no Gray code, no lanes)."""
    size = matrix.shape[0]
    signs = np.array(list(itertools.product((1.0, -1.0), repeat=size - 1)))
    deltas = np.hstack([np.ones((signs.shape[0], 1)), signs])
    return deltas.prod(axis=1) * (deltas @ matrix.T).prod(axis=1) / 2 ** (size - 1)


def _glynn_written_out(matrix: np.ndarray) -> complex:
    return complex(_glynn_terms(matrix).sum())


def _brute_force(matrix: np.ndarray) -> complex:
    size = matrix.shape[0]
    permutations = np.array(list(itertools.permutations(range(size))), dtype=np.int64)
    return complex(matrix[np.arange(size), permutations].prod(axis=1).sum())


def _derangements(size: int) -> int:
    """D_n = (n - 1)(D_{n-1} + D_{n-2}), D_0 = 1, D_1 = 0: the permanent of J - I."""
    previous, current = 1, 0
    for k in range(2, size + 1):
        previous, current = current, (k - 1) * (current + previous)
    return current if size >= 1 else previous


def test_every_block_of_every_kernel_holds_a_step_pair() -> None:
    """The serial kernels from KERNEL_MIN_SIZE on and the parallel ones from
    PARALLEL_MIN_SIZE on cut 2**(n-1) steps into blocks of at least one step pair."""
    pair = _kernels.MIN_STEPS_PER_BLOCK
    for lanes in (_kernels.LANES, _kernels.REAL_LANES):
        assert 2 ** (KERNEL_MIN_SIZE - 1) % (lanes * pair) == 0
        assert 2 ** (PARALLEL_MIN_SIZE - 1) % (PARALLEL_GROUPS * lanes * pair) == 0


@pytest.mark.parametrize("size", [KERNEL_MIN_SIZE, KERNEL_MIN_SIZE + 1, 9])
@pytest.mark.parametrize("real", [False, True])
def test_kernels_match_the_sum_over_permutations(size: int, real: bool) -> None:
    matrix = _gaussian(size, seed=500 + size, real=real)
    expected = _brute_force(matrix)
    assert abs(permanent(matrix) - expected) <= RELATIVE_TOLERANCE * abs(expected)


@pytest.mark.parametrize("size", range(4, 15))
@pytest.mark.parametrize("real", [False, True])
def test_kernels_match_glynn_written_out(size: int, real: bool) -> None:
    matrix = _gaussian(size, seed=600 + size, real=real)
    expected = _glynn_written_out(matrix)
    assert abs(permanent(matrix) - expected) <= RELATIVE_TOLERANCE * abs(expected)


@pytest.mark.parametrize("size", range(4, 13))
@pytest.mark.parametrize("real", [False, True])
def test_kernels_match_thewalrus(size: int, real: bool) -> None:
    thewalrus = pytest.importorskip("thewalrus")
    matrix = _gaussian(size, seed=700 + size, real=real)
    expected = complex(thewalrus.perm(matrix))
    assert abs(permanent(matrix) - expected) <= RELATIVE_TOLERANCE * abs(expected)


@pytest.mark.parametrize("size", [KERNEL_MIN_SIZE, 11, PARALLEL_MIN_SIZE, 19])
@pytest.mark.parametrize("real", [False, True])
def test_rank_one_closed_form(size: int, real: bool) -> None:
    """perm(u v^T) = n! prod(u) prod(v). Glynn's terms cancel almost completely here: for
    real vectors sum |term| / |perm| is about 1e7 at n = 16, so the tolerance is the
    first-order rounding bound of the sum, 2 n eps sum |term|, where that is larger."""
    rng = np.random.default_rng(800 + size)
    u, v = rng.normal(size=size), rng.normal(size=size)
    if not real:
        u = u + 1j * rng.normal(size=size)
        v = v + 1j * rng.normal(size=size)
    matrix = np.outer(u, v)
    expected = math.factorial(size) * np.prod(u) * np.prod(v)
    rounding = 2 * size * np.finfo(float).eps * np.abs(_glynn_terms(matrix)).sum()
    tolerance = max(RELATIVE_TOLERANCE * abs(expected), rounding)
    assert abs(permanent(matrix) - expected) <= tolerance


@pytest.mark.parametrize("size", [KERNEL_MIN_SIZE, 8, 10])
def test_derangements_are_exact(size: int) -> None:
    """perm(J - I) = D_n; every row sum, product and partial sum is an integer below
    2**53, so the kernels' float64 arithmetic is exact."""
    value = permanent(np.ones((size, size)) - np.eye(size))
    assert value == _derangements(size)


@pytest.mark.parametrize("size", [PARALLEL_MIN_SIZE, PARALLEL_MIN_SIZE + 1])
def test_derangements_on_the_parallel_path(size: int) -> None:
    value = permanent(np.ones((size, size)) - np.eye(size))
    assert value.real == pytest.approx(_derangements(size), rel=RELATIVE_TOLERANCE)
    assert value.imag == 0.0


def test_complex_and_real_kernels_agree_on_a_real_matrix() -> None:
    matrix = _gaussian(PARALLEL_MIN_SIZE + 1, seed=9, real=True)
    at = np.ascontiguousarray(matrix.T)
    real = _kernels.glynn_permanent_real_parallel(at, PARALLEL_GROUPS)
    complex_ = _kernels.glynn_permanent_complex_parallel(at, np.zeros_like(at), PARALLEL_GROUPS)
    assert complex_.imag == 0.0
    assert real == pytest.approx(complex_.real, rel=RELATIVE_TOLERANCE)


@pytest.mark.parametrize("real", [False, True])
def test_serial_and_parallel_kernels_agree(real: bool) -> None:
    """Different block partitions of the same Gray-code sequence: equal up to rounding."""
    matrix = _gaussian(15, seed=10, real=real)
    at_re = np.ascontiguousarray(matrix.real.T)
    at_im = np.ascontiguousarray(matrix.imag.T)
    if real:
        serial = complex(_kernels.glynn_permanent_real(at_re))
        parallel = complex(_kernels.glynn_permanent_real_parallel(at_re, 2))
    else:
        serial = _kernels.glynn_permanent_complex(at_re, at_im)
        parallel = _kernels.glynn_permanent_complex_parallel(at_re, at_im, 8)
    assert abs(serial - parallel) <= RELATIVE_TOLERANCE * abs(serial)


@pytest.mark.skipif(numba.config.NUMBA_NUM_THREADS < 2, reason="numba runs one thread here")
@pytest.mark.parametrize("real", [False, True])
def test_result_does_not_depend_on_the_thread_count(real: bool) -> None:
    matrix = _gaussian(PARALLEL_MIN_SIZE + 2, seed=11, real=real)
    threads = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        one_thread = permanent(matrix)
        numba.set_num_threads(2)
        two_threads = permanent(matrix)
    finally:
        numba.set_num_threads(threads)
    assert one_thread == two_threads


def _host_has_avx512() -> bool:
    import llvmlite.binding as llvm

    return "+avx512f" in llvm.get_host_cpu_features().flatten().split(",")


@pytest.mark.skipif(not _host_has_avx512(), reason="the CPU has no 512-bit vectors")
def test_kernels_are_compiled_for_512_bit_vectors() -> None:
    """The block kernels ask LLVM for 512-bit vectors: a loop of FMAs over float64 gets zmm
    registers with the request (numba's default tuning may give it ymm ones without)."""

    @numba.njit(fastmath={"contract"})
    def fused(x: np.ndarray, y: np.ndarray) -> None:
        _kernels.prefer_wide_vectors()
        for i in range(x.shape[0]):
            x[i] = x[i] * y[i] + 1.0

    x, y = np.ones(256), np.full(256, 0.5)
    fused(x, y)
    assert np.all(x == 1.5)
    assembly = "\n".join(fused.inspect_asm().values())
    assert re.search(r"vfmadd\w+\s+[^\n]*zmm", assembly)
