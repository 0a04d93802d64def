"""numba kernels of the permanent (Glynn's formula in Gray-code order).

Every kernel trusts its arguments: C-contiguous float64 arrays, validated by
:func:`qinternet.optics.permanent.permanent`. Complex matrices come as separate real and
imaginary parts (structure of arrays) and transposed, ``at[j, i] = a[i, j]``, so that the
column a Gray-code step adds is one contiguous row.

Design, for the vector units:

- Lanes: ``LANES`` aligned blocks of the Gray-code sequence run side by side, one per
  SIMD lane. Aligned blocks flip the same column at the same local step; only the signs
  differ, so every row update is one vector fused multiply-add over the lanes.
- Registers: the running products of the lanes live in buffers on the stack
  (:func:`_lane_buffer`), which LLVM promotes to vector registers over the loop on the
  rows; buffers on the heap could alias the row sums and would go through memory on
  every row.
- Step pairs: odd Gray-code steps always flip column 1, so steps ``2k`` and ``2k + 1``
  share one pass over the rows: ``x = v + c a[:, col]``, ``y = x + c' a[:, 1]``, the row
  sums ``v`` are stored once and both products ``prod x`` and ``prod y`` accumulate in
  registers. Their signs are opposite, and the sign of every even step equals that of
  the block's first step, so a block sums ``s0 (prod x - prod y)``. Blocks start at
  multiples of 4, so sign 1 is the same in every lane and ``c' a[:, 1]`` is one number
  per row.
- Threads: the parallel kernels cut the sequence into ``num_groups`` fixed groups of
  lanes and add the groups' sums in order, so the result does not depend on the thread
  count; the groups are handed out one at a time, so a thread slowed by other processes
  takes fewer of them.
- Vector width: LLVM's tuning for most AVX-512 CPUs prefers 256-bit vectors, and numba
  compiles for that tuning; the block kernels call :func:`prefer_wide_vectors`, which asks
  LLVM for 512-bit vectors in them alone (on CPUs without AVX-512 it changes nothing).
  Measured on the benchmark machine (AVX-512 Xeon, 2 cores), one thread, ``n = 22``,
  median CPU time: complex 9-10 ms with 256-bit vectors, 6.2-6.7 ms with 512-bit ones
  (15.6 ms for the kernel this design replaced, one step per pass with the products in
  memory); real 3.7-4.6 ms and 2.1-2.8 ms (7.6 ms before).
- Arithmetic: ``fastmath`` only lets LLVM contract ``a * b + c`` into one FMA (one
  rounding instead of two); nothing is reassociated.
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np
from numpy.typing import NDArray

from qinternet.core._kernels import prefer_wide_vectors, stack_doubles

njit: Any = numba.njit
prange: Any = numba.prange

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
ComplexArray = NDArray[np.complex128]

LANES = 32
"""Gray-code blocks side by side in the complex kernels: four AVX-512 float64 vectors per
component, enough independent products to cover the FMA latency (32 measured faster than
16 with 512-bit vectors; 16 is best with 256-bit ones)."""

REAL_LANES = 64
"""Gray-code blocks side by side in the real kernels (a shorter loop body, more lanes)."""

MIN_STEPS_PER_BLOCK = 4
"""A block holds at least two step pairs, so every block starts at a multiple of 4 and
sign 1 is the same in all lanes; a kernel needs ``2**(n-1) >= 4 lanes``."""

_FAST = {"contract"}


@njit(inline="always")
def _lane_buffer() -> FloatArray:
    """An uninitialised array of ``LANES`` float64 on the stack of the inlining kernel."""
    return numba.carray(stack_doubles(LANES), LANES)


@njit(inline="always")
def _real_lane_buffer() -> FloatArray:
    """An uninitialised array of ``REAL_LANES`` float64 on the stack of the inlining kernel."""
    return numba.carray(stack_doubles(REAL_LANES), REAL_LANES)


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
def _start_signs(
    n: int, first_block: int, steps_per_block: int, delta: FloatArray, first_sign: FloatArray
) -> None:
    """Column signs ``delta[:, lane]`` at the first step of block ``first_block + lane``,
    and their product ``first_sign[lane]``."""
    for lane in range(delta.shape[1]):
        start = (first_block + lane) * steps_per_block
        gray = start ^ (start >> 1)
        delta[0, lane] = 1.0
        first_sign[lane] = 1.0
        for j in range(1, n):
            delta[j, lane] = -1.0 if (gray >> (j - 1)) & 1 else 1.0
            first_sign[lane] *= delta[j, lane]


@njit(cache=True)
def _signed_row_sums(at: FloatArray, delta: FloatArray, out: FloatArray) -> None:
    """``out[i, lane] = sum_j delta[j, lane] at[j, i]``."""
    n = at.shape[0]
    for i in range(n):
        for lane in range(delta.shape[1]):
            total = 0.0
            for j in range(n):
                total += delta[j, lane] * at[j, i]
            out[i, lane] = total


@njit(inline="always")
def _pair_coefficients(pair: int, delta: FloatArray, kc: FloatArray) -> int:
    """Flip the even step's sign of step pair ``pair``; ``kc`` gets its row-sum update
    factors ``-2 delta``. Returns the flipped column (step 0 of a block flips nothing:
    ``kc = 0``). Sign 1, flipped by the odd step, is tracked by the caller."""
    column = 1
    if pair > 0:
        column = _gray_flip_index(2 * pair)
        for lane in range(kc.shape[0]):
            kc[lane] = -2.0 * delta[column, lane]
            delta[column, lane] = -delta[column, lane]
    else:
        for lane in range(kc.shape[0]):
            kc[lane] = 0.0
    return column


@njit(cache=True, fastmath=_FAST)
def _glynn_blocks_complex(
    at_re: FloatArray, at_im: FloatArray, first_block: int, steps_per_block: int
) -> tuple[float, float]:
    """Unscaled Glynn sum over blocks ``first_block .. first_block + LANES - 1`` of
    ``steps_per_block`` (even) Gray-code steps each."""
    prefer_wide_vectors()
    n = at_re.shape[0]
    delta = np.empty((n, LANES))
    first_sign = np.empty(LANES)
    _start_signs(n, first_block, steps_per_block, delta, first_sign)
    sums = np.empty((n, 2, LANES))  # row sums: real parts [:, 0], imaginary parts [:, 1]
    _signed_row_sums(at_re, delta, sums[:, 0])
    _signed_row_sums(at_im, delta, sums[:, 1])
    kc = _lane_buffer()
    sign_1 = delta[1, 0]
    px_re = _lane_buffer()
    px_im = _lane_buffer()
    py_re = _lane_buffer()
    py_im = _lane_buffer()
    acc_re = _lane_buffer()
    acc_im = _lane_buffer()
    for lane in range(LANES):
        acc_re[lane] = 0.0
        acc_im[lane] = 0.0
    for pair in range(steps_per_block // 2):
        column = _pair_coefficients(pair, delta, kc)
        k1 = -2.0 * sign_1
        sign_1 = -sign_1
        # Entries are read as at[column, i], not through row views, which numba would
        # reference-count on every pair.
        e_re = k1 * at_re[1, 0]
        e_im = k1 * at_im[1, 0]
        ce_re = at_re[column, 0]
        ce_im = at_im[column, 0]
        for lane in range(LANES):
            x_re = sums[0, 0, lane] + kc[lane] * ce_re
            x_im = sums[0, 1, lane] + kc[lane] * ce_im
            y_re = x_re + e_re
            y_im = x_im + e_im
            sums[0, 0, lane] = y_re
            sums[0, 1, lane] = y_im
            px_re[lane] = x_re
            px_im[lane] = x_im
            py_re[lane] = y_re
            py_im[lane] = y_im
        for i in range(1, n):
            ce_re = at_re[column, i]
            ce_im = at_im[column, i]
            e_re = k1 * at_re[1, i]
            e_im = k1 * at_im[1, i]
            for lane in range(LANES):
                x_re = sums[i, 0, lane] + kc[lane] * ce_re
                x_im = sums[i, 1, lane] + kc[lane] * ce_im
                y_re = x_re + e_re
                y_im = x_im + e_im
                sums[i, 0, lane] = y_re
                sums[i, 1, lane] = y_im
                q_re = px_re[lane]
                q_im = px_im[lane]
                px_re[lane] = q_re * x_re - q_im * x_im
                px_im[lane] = q_re * x_im + q_im * x_re
                q_re = py_re[lane]
                q_im = py_im[lane]
                py_re[lane] = q_re * y_re - q_im * y_im
                py_im[lane] = q_re * y_im + q_im * y_re
        for lane in range(LANES):
            acc_re[lane] += px_re[lane] - py_re[lane]
            acc_im[lane] += px_im[lane] - py_im[lane]
    total_re = 0.0
    total_im = 0.0
    for lane in range(LANES):
        total_re += first_sign[lane] * acc_re[lane]
        total_im += first_sign[lane] * acc_im[lane]
    return total_re, total_im


@njit(cache=True, fastmath=_FAST)
def _glynn_blocks_real(at: FloatArray, first_block: int, steps_per_block: int) -> float:
    """Real-matrix version of :func:`_glynn_blocks_complex` over ``REAL_LANES`` blocks; two
    rows per pass, so the loop body is long enough to be vectorised rather than unrolled."""
    prefer_wide_vectors()
    n = at.shape[0]
    delta = np.empty((n, REAL_LANES))
    first_sign = np.empty(REAL_LANES)
    _start_signs(n, first_block, steps_per_block, delta, first_sign)
    sums = np.empty((n, REAL_LANES))
    _signed_row_sums(at, delta, sums)
    kc = _real_lane_buffer()
    sign_1 = delta[1, 0]
    px = _real_lane_buffer()
    py = _real_lane_buffer()
    acc = _real_lane_buffer()
    for lane in range(REAL_LANES):
        acc[lane] = 0.0
    for pair in range(steps_per_block // 2):
        column = _pair_coefficients(pair, delta, kc)
        k1 = -2.0 * sign_1
        sign_1 = -sign_1
        e = k1 * at[1, 0]
        ce = at[column, 0]
        for lane in range(REAL_LANES):
            x = sums[0, lane] + kc[lane] * ce
            y = x + e
            sums[0, lane] = y
            px[lane] = x
            py[lane] = y
        i = 1
        while i + 1 < n:
            ce = at[column, i]
            e = k1 * at[1, i]
            cf = at[column, i + 1]
            e_next = k1 * at[1, i + 1]
            for lane in range(REAL_LANES):
                x = sums[i, lane] + kc[lane] * ce
                y = x + e
                sums[i, lane] = y
                x_next = sums[i + 1, lane] + kc[lane] * cf
                y_next = x_next + e_next
                sums[i + 1, lane] = y_next
                px[lane] *= x * x_next
                py[lane] *= y * y_next
            i += 2
        if i < n:
            ce = at[column, i]
            e = k1 * at[1, i]
            for lane in range(REAL_LANES):
                x = sums[i, lane] + kc[lane] * ce
                y = x + e
                sums[i, lane] = y
                px[lane] *= x
                py[lane] *= y
        for lane in range(REAL_LANES):
            acc[lane] += px[lane] - py[lane]
    total = 0.0
    for lane in range(REAL_LANES):
        total += first_sign[lane] * acc[lane]
    return total


@njit(cache=True)
def glynn_permanent_complex(at_re: FloatArray, at_im: FloatArray) -> complex:
    """Permanent of an ``n x n`` complex matrix (given transposed), one thread.

    Needs ``2**(n-1) >= 4 LANES`` (``n >= 8``).
    """
    n = at_re.shape[0]
    total_steps = 1 << (n - 1)
    s_re, s_im = _glynn_blocks_complex(at_re, at_im, 0, total_steps // LANES)
    return complex(s_re / total_steps, s_im / total_steps)


@njit(cache=True, parallel=True)
def _glynn_permanent_complex_parallel(
    at_re: FloatArray, at_im: FloatArray, num_groups: int
) -> complex:
    n = at_re.shape[0]
    total_steps = 1 << (n - 1)
    steps_per_block = total_steps // (num_groups * LANES)
    sums_re = np.zeros(num_groups)
    sums_im = np.zeros(num_groups)
    for group in prange(num_groups):
        s_re, s_im = _glynn_blocks_complex(at_re, at_im, group * LANES, steps_per_block)
        sums_re[group] = s_re
        sums_im[group] = s_im
    total_re = 0.0
    total_im = 0.0
    for group in range(num_groups):
        total_re += sums_re[group]
        total_im += sums_im[group]
    return complex(total_re / total_steps, total_im / total_steps)


@njit(cache=True)
def glynn_permanent_real(at: FloatArray) -> float:
    """Permanent of an ``n x n`` real matrix (given transposed), one thread, ``n >= 9``."""
    n = at.shape[0]
    total_steps = 1 << (n - 1)
    return _glynn_blocks_real(at, 0, total_steps // REAL_LANES) / total_steps


@njit(cache=True, parallel=True)
def _glynn_permanent_real_parallel(at: FloatArray, num_groups: int) -> float:
    n = at.shape[0]
    total_steps = 1 << (n - 1)
    steps_per_block = total_steps // (num_groups * REAL_LANES)
    sums = np.zeros(num_groups)
    for group in prange(num_groups):
        sums[group] = _glynn_blocks_real(at, group * REAL_LANES, steps_per_block)
    total = 0.0
    for group in range(num_groups):
        total += sums[group]
    return total / total_steps


def glynn_permanent_complex_parallel(
    at_re: FloatArray, at_im: FloatArray, num_groups: int
) -> complex:
    """Permanent of an ``n x n`` complex matrix over ``num_groups`` groups of lanes.

    ``num_groups * LANES * MIN_STEPS_PER_BLOCK`` must be a power of two dividing
    ``2**(n-1)``; the result does not depend on the number of threads.
    """
    with numba.parallel_chunksize(1):
        return complex(_glynn_permanent_complex_parallel(at_re, at_im, num_groups))


def glynn_permanent_real_parallel(at: FloatArray, num_groups: int) -> float:
    """Permanent of an ``n x n`` real matrix over ``num_groups`` groups of ``REAL_LANES``
    lanes (``num_groups * REAL_LANES * MIN_STEPS_PER_BLOCK`` dividing ``2**(n-1)``)."""
    with numba.parallel_chunksize(1):
        return float(_glynn_permanent_real_parallel(at, num_groups))
