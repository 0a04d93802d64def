"""numba kernels of ``qinternet.optics`` (the only module that imports numba).

Every kernel trusts its arguments: C-contiguous arrays of the documented dtype and
shape, validated by the public function that calls it. Complex matrices are passed
as separate real and imaginary float64 arrays so that the inner loops, which run over
a short "lane" axis of independent computations, compile to SIMD instructions.

Lanes: the Glynn permanent runs ``num_lanes`` aligned blocks of its Gray-code sequence
side by side (aligned blocks flip the same column at the same local step, only the
signs differ); the boson sampler runs ``SAMPLER_LANES`` samples side by side (they
share the Gray-code sequence of each step, only the matrices differ).
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np
from numpy.typing import NDArray

njit: Any = numba.njit
prange: Any = numba.prange

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
ComplexArray = NDArray[np.complex128]

_FAST = {"contract"}  # only lets LLVM fuse a*b+c into one FMA (more, not less, accurate)


@njit(cache=True)
def _gray_flip_index(step: int) -> int:
    """One plus the number of trailing zero bits of ``step > 0``: the sign that Gray-code
    step ``step`` flips (sign 0 is never flipped)."""
    index = 1
    while (step & 1) == 0:
        step >>= 1
        index += 1
    return index


@njit(cache=True)
def _start_lanes(
    a: FloatArray, first_block: int, steps_per_block: int, delta: FloatArray, sign: FloatArray
) -> None:
    """Column signs ``delta[:, lane]`` and their product ``sign[lane]`` at the first Gray-code
    step of block ``first_block + lane``."""
    n = a.shape[0]
    for lane in range(sign.shape[0]):
        start = (first_block + lane) * steps_per_block
        gray = start ^ (start >> 1)
        sign[lane] = 1.0
        delta[0, lane] = 1.0
        for j in range(1, n):
            delta[j, lane] = -1.0 if (gray >> (j - 1)) & 1 else 1.0
            sign[lane] *= delta[j, lane]


@njit(cache=True)
def _signed_row_sums(a: FloatArray, delta: FloatArray, sums: FloatArray) -> None:
    """``sums[i, lane] = sum_j delta[j, lane] a[i, j]``."""
    n = a.shape[0]
    for i in range(n):
        for lane in range(sums.shape[1]):
            total = 0.0
            for j in range(n):
                total += delta[j, lane] * a[i, j]
            sums[i, lane] = total


@njit(cache=True)
def _flip_lanes(column: int, delta: FloatArray, sign: FloatArray, coef: FloatArray) -> None:
    """Flip sign ``column`` of every lane; ``coef`` gets the row-sum update factor."""
    for lane in range(sign.shape[0]):
        coef[lane] = -2.0 * delta[column, lane]
        delta[column, lane] = -delta[column, lane]
        sign[lane] = -sign[lane]


@njit(cache=True, fastmath=_FAST)
def _glynn_blocks_complex(
    a_re: FloatArray, a_im: FloatArray, first_block: int, num_lanes: int, steps_per_block: int
) -> tuple[float, float]:
    """Unscaled Glynn sum over Gray-code blocks ``first_block .. first_block+num_lanes-1``.

    Signs ``delta`` sit on the columns (column 0 fixed to +1); ``v`` holds the row sums
    ``sum_j delta_j a_ij`` of every lane, ``p`` their running product.
    """
    n = a_re.shape[0]
    delta = np.empty((n, num_lanes))
    sign = np.empty(num_lanes)
    _start_lanes(a_re, first_block, steps_per_block, delta, sign)
    v_re = np.empty((n, num_lanes))
    v_im = np.empty((n, num_lanes))
    _signed_row_sums(a_re, delta, v_re)
    _signed_row_sums(a_im, delta, v_im)
    coef = np.zeros(num_lanes)
    p_re = np.empty(num_lanes)
    p_im = np.empty(num_lanes)
    acc_re = np.zeros(num_lanes)
    acc_im = np.zeros(num_lanes)
    for step in range(steps_per_block):
        column = 1
        if step > 0:
            column = _gray_flip_index(step)
            _flip_lanes(column, delta, sign, coef)
        col_re = a_re[0, column]
        col_im = a_im[0, column]
        for lane in range(num_lanes):
            x_re = v_re[0, lane] + coef[lane] * col_re
            x_im = v_im[0, lane] + coef[lane] * col_im
            v_re[0, lane] = x_re
            v_im[0, lane] = x_im
            p_re[lane] = x_re
            p_im[lane] = x_im
        for i in range(1, n):
            col_re = a_re[i, column]
            col_im = a_im[i, column]
            row_re = v_re[i]
            row_im = v_im[i]
            for lane in range(num_lanes):
                x_re = row_re[lane] + coef[lane] * col_re
                x_im = row_im[lane] + coef[lane] * col_im
                row_re[lane] = x_re
                row_im[lane] = x_im
                q_re = p_re[lane]
                q_im = p_im[lane]
                p_re[lane] = q_re * x_re - q_im * x_im
                p_im[lane] = q_re * x_im + q_im * x_re
        for lane in range(num_lanes):
            acc_re[lane] += sign[lane] * p_re[lane]
            acc_im[lane] += sign[lane] * p_im[lane]
    return acc_re.sum(), acc_im.sum()


@njit(cache=True, fastmath=_FAST)
def _glynn_blocks_real(
    a: FloatArray, first_block: int, num_lanes: int, steps_per_block: int
) -> float:
    """Real-matrix version of :func:`_glynn_blocks_complex`."""
    n = a.shape[0]
    delta = np.empty((n, num_lanes))
    sign = np.empty(num_lanes)
    _start_lanes(a, first_block, steps_per_block, delta, sign)
    v = np.empty((n, num_lanes))
    _signed_row_sums(a, delta, v)
    coef = np.zeros(num_lanes)
    product = np.empty(num_lanes)
    acc = np.zeros(num_lanes)
    for step in range(steps_per_block):
        column = 1
        if step > 0:
            column = _gray_flip_index(step)
            _flip_lanes(column, delta, sign, coef)
        for lane in range(num_lanes):
            product[lane] = sign[lane]
        for i in range(n):
            entry = a[i, column]
            row = v[i]
            for lane in range(num_lanes):
                x = row[lane] + coef[lane] * entry
                row[lane] = x
                product[lane] *= x
        for lane in range(num_lanes):
            acc[lane] += product[lane]
    return acc.sum()


@njit(cache=True)
def glynn_permanent_complex(a_re: FloatArray, a_im: FloatArray, num_lanes: int) -> complex:
    """Permanent of an ``n x n`` complex matrix, ``n >= 2``, one thread.

    ``num_lanes`` must be a power of two dividing ``2**(n-1)``.
    """
    n = a_re.shape[0]
    total_steps = 1 << (n - 1)
    s_re, s_im = _glynn_blocks_complex(a_re, a_im, 0, num_lanes, total_steps // num_lanes)
    return complex(s_re / total_steps, s_im / total_steps)


@njit(cache=True, parallel=True)
def glynn_permanent_complex_parallel(
    a_re: FloatArray, a_im: FloatArray, num_groups: int, num_lanes: int
) -> complex:
    """Permanent of an ``n x n`` complex matrix over ``num_groups`` groups of lanes in parallel.

    ``num_groups * num_lanes`` must be a power of two dividing ``2**(n-1)``; the result
    does not depend on the number of threads.
    """
    n = a_re.shape[0]
    total_steps = 1 << (n - 1)
    steps_per_block = total_steps // (num_groups * num_lanes)
    sums_re = np.zeros(num_groups)
    sums_im = np.zeros(num_groups)
    for group in prange(num_groups):
        s_re, s_im = _glynn_blocks_complex(
            a_re, a_im, group * num_lanes, num_lanes, steps_per_block
        )
        sums_re[group] = s_re
        sums_im[group] = s_im
    return complex(sums_re.sum() / total_steps, sums_im.sum() / total_steps)


@njit(cache=True)
def glynn_permanent_real(a: FloatArray, num_lanes: int) -> float:
    """Permanent of an ``n x n`` real matrix, ``n >= 2``, one thread."""
    n = a.shape[0]
    total_steps = 1 << (n - 1)
    return _glynn_blocks_real(a, 0, num_lanes, total_steps // num_lanes) / total_steps


@njit(cache=True, parallel=True)
def glynn_permanent_real_parallel(a: FloatArray, num_groups: int, num_lanes: int) -> float:
    """Permanent of an ``n x n`` real matrix over ``num_groups`` groups of lanes in parallel."""
    n = a.shape[0]
    total_steps = 1 << (n - 1)
    steps_per_block = total_steps // (num_groups * num_lanes)
    sums = np.zeros(num_groups)
    for group in prange(num_groups):
        sums[group] = _glynn_blocks_real(a, group * num_lanes, num_lanes, steps_per_block)
    return sums.sum() / total_steps
