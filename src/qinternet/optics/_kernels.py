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

SAMPLER_LANES = 16
"""Samples processed side by side (one SIMD lane each) by :func:`clifford_sample`."""

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


@njit(cache=True)
def _refresh_composition(
    bars: IntArray,
    counts: IntArray,
    removal: IntArray,
    binom: IntArray,
    top: int,
    num_photons: int,
) -> None:
    """Recompute ``counts[0..top+1]`` and ``removal[0..top]`` after ``bars[0..top]`` changed.

    A composition ``t`` of ``num_photons`` into ``m`` modes is stored as its bars
    ``b_i = t_0 + ... + t_i + i`` (``i < m-1``); its colex rank is
    ``sum_i C(b_i, i+1)``, and removing a photon from mode ``j`` lowers the rank by
    ``removal[j] = sum_{i >= j} C(b_i - 1, i)`` (the rank in the layer with one photon less).
    """
    num_modes = counts.shape[0]
    num_bars = num_modes - 1
    if num_bars == 0:
        counts[0] = num_photons
        return
    counts[0] = bars[0]
    for j in range(1, min(top + 2, num_bars)):
        counts[j] = bars[j] - bars[j - 1] - 1
    if top + 1 >= num_bars:
        counts[num_modes - 1] = num_photons + num_bars - 1 - bars[num_bars - 1]
    for j in range(top, -1, -1):
        term = binom[bars[j] - 1, j] if bars[j] >= 1 else 0
        removal[j] = removal[j + 1] + term


@njit(cache=True)
def _slos_chunk(
    previous: ComplexArray,
    column: ComplexArray,
    sqrt_counts: FloatArray,
    binom: IntArray,
    num_photons: int,
    start: int,
    stop: int,
    probability_scale: float,
    amplitudes_out: ComplexArray,
    probabilities_out: FloatArray,
    final: bool,
) -> None:
    """Layer entries ``start .. stop-1`` of :func:`slos_add_photon`."""
    num_modes = column.shape[0]
    num_bars = num_modes - 1
    bars = np.empty(max(num_bars, 1), np.int64)
    counts = np.empty(num_modes, np.int64)
    removal = np.zeros(num_modes, np.int64)
    rest = start
    upper = num_photons + num_bars - 1
    for i in range(num_bars - 1, -1, -1):
        position = upper
        while binom[position, i + 1] > rest:
            position -= 1
        bars[i] = position
        rest -= binom[position, i + 1]
        upper = position - 1
    _refresh_composition(bars, counts, removal, binom, num_bars - 1, num_photons)
    for rank in range(start, stop):
        amplitude = 0j
        for j in range(num_modes):
            count = counts[j]
            if count > 0:
                amplitude += column[j] * sqrt_counts[count] * previous[rank - removal[j]]
        if final:
            probabilities_out[rank] = probability_scale * (
                amplitude.real * amplitude.real + amplitude.imag * amplitude.imag
            )
        else:
            amplitudes_out[rank] = amplitude
        if rank + 1 < stop:
            top = 0
            while top < num_bars - 1 and bars[top] + 1 == bars[top + 1]:
                top += 1
            bars[top] += 1
            for i in range(top):
                bars[i] = i
            _refresh_composition(bars, counts, removal, binom, top, num_photons)


@njit(cache=True, parallel=True)
def slos_add_photon(
    previous: ComplexArray,
    column: ComplexArray,
    sqrt_counts: FloatArray,
    binom: IntArray,
    num_photons: int,
    num_chunks: int,
    probability_scale: float,
    amplitudes_out: ComplexArray,
    probabilities_out: FloatArray,
    final: bool,
) -> None:
    """One SLOS layer: amplitudes over ``num_photons``-photon occupations from the layer below.

    ``c_t = sum_{j: t_j > 0} column[j] sqrt(t_j) previous[t - e_j]`` (pulling from the
    smaller layer, so every output is written by one thread). Occupations are visited in
    colex order, ``num_chunks`` chunks in parallel. If ``final``, writes
    ``probability_scale * |c_t|^2`` into ``probabilities_out`` instead of ``amplitudes_out``.
    ``binom[x, r] = C(x, r)``; ``sqrt_counts[c] = sqrt(c)``.
    """
    dim = probabilities_out.shape[0] if final else amplitudes_out.shape[0]
    for chunk in prange(num_chunks):
        start = chunk * dim // num_chunks
        stop = (chunk + 1) * dim // num_chunks
        if start < stop:
            _slos_chunk(
                previous,
                column,
                sqrt_counts,
                binom,
                num_photons,
                start,
                stop,
                probability_scale,
                amplitudes_out,
                probabilities_out,
                final,
            )


@njit(cache=True)
def slos_add_photon_serial(
    previous: ComplexArray,
    column: ComplexArray,
    sqrt_counts: FloatArray,
    binom: IntArray,
    num_photons: int,
    probability_scale: float,
    amplitudes_out: ComplexArray,
    probabilities_out: FloatArray,
    final: bool,
) -> None:
    """:func:`slos_add_photon` in one thread (small layers: no thread start-up cost)."""
    dim = probabilities_out.shape[0] if final else amplitudes_out.shape[0]
    _slos_chunk(
        previous,
        column,
        sqrt_counts,
        binom,
        num_photons,
        0,
        dim,
        probability_scale,
        amplitudes_out,
        probabilities_out,
        final,
    )


@njit(cache=True, fastmath=_FAST)
def _leave_one_out_permanents(
    b_re: FloatArray,
    b_im: FloatArray,
    num_rows: int,
    perm_re: FloatArray,
    perm_im: FloatArray,
) -> None:
    """Permanents (times ``2**(num_rows-1)``) of ``B`` with column ``c`` deleted, all ``c``.

    ``B = b[:num_rows, :num_rows+1, lane]`` for every lane. Glynn's formula with signs on
    the rows in Gray-code order; each term's column sums give all leave-one-out
    products at once through prefix and suffix products.
    """
    num_cols = num_rows + 1
    lanes = b_re.shape[2]
    s_re = np.zeros((num_cols, lanes))
    s_im = np.zeros((num_cols, lanes))
    pre_re = np.empty((num_cols, lanes))
    pre_im = np.empty((num_cols, lanes))
    suf_re = np.empty(lanes)
    suf_im = np.empty(lanes)
    delta = np.ones(num_rows)
    for c in range(num_cols):
        for lane in range(lanes):
            perm_re[c, lane] = 0.0
            perm_im[c, lane] = 0.0
        for r in range(num_rows):
            for lane in range(lanes):
                s_re[c, lane] += b_re[r, c, lane]
                s_im[c, lane] += b_im[r, c, lane]
    sign = 1.0
    for step in range(1 << (num_rows - 1)):
        if step > 0:
            row = _gray_flip_index(step)
            coef = -2.0 * delta[row]
            delta[row] = -delta[row]
            sign = -sign
            for c in range(num_cols):
                for lane in range(lanes):
                    s_re[c, lane] += coef * b_re[row, c, lane]
                    s_im[c, lane] += coef * b_im[row, c, lane]
        for lane in range(lanes):
            pre_re[0, lane] = sign
            pre_im[0, lane] = 0.0
            suf_re[lane] = 1.0
            suf_im[lane] = 0.0
        for c in range(1, num_cols):
            for lane in range(lanes):
                x_re = s_re[c - 1, lane]
                x_im = s_im[c - 1, lane]
                q_re = pre_re[c - 1, lane]
                q_im = pre_im[c - 1, lane]
                pre_re[c, lane] = q_re * x_re - q_im * x_im
                pre_im[c, lane] = q_re * x_im + q_im * x_re
        for c in range(num_cols - 1, -1, -1):
            for lane in range(lanes):
                q_re = pre_re[c, lane]
                q_im = pre_im[c, lane]
                y_re = suf_re[lane]
                y_im = suf_im[lane]
                perm_re[c, lane] += q_re * y_re - q_im * y_im
                perm_im[c, lane] += q_re * y_im + q_im * y_re
                x_re = s_re[c, lane]
                x_im = s_im[c, lane]
                suf_re[lane] = y_re * x_re - y_im * x_im
                suf_im[lane] = y_re * x_im + y_im * x_re


@njit(cache=True, fastmath=_FAST)
def _sample_batch(
    u_t_re: FloatArray,
    u_t_im: FloatArray,
    columns: IntArray,
    uniforms: FloatArray,
    first_sample: int,
    counts_out: IntArray,
) -> None:
    """Clifford & Clifford algorithm B for samples ``first_sample .. +SAMPLER_LANES-1``."""
    num_samples, num_photons = columns.shape
    num_modes = u_t_re.shape[1]
    lanes = SAMPLER_LANES
    samples = np.empty(lanes, np.int64)
    for lane in range(lanes):
        samples[lane] = min(first_sample + lane, num_samples - 1)
    b_re = np.zeros((num_photons, num_photons, lanes))
    b_im = np.zeros((num_photons, num_photons, lanes))
    perm_re = np.zeros((num_photons, lanes))
    perm_im = np.zeros((num_photons, lanes))
    chosen_rows = np.empty((num_photons, lanes), np.int64)
    z_re = np.empty(num_modes)
    z_im = np.empty(num_modes)
    cumulative = np.empty(num_modes)
    for k in range(1, num_photons + 1):
        if k == 1:
            for lane in range(lanes):
                perm_re[0, lane] = 1.0
                perm_im[0, lane] = 0.0
        else:
            _leave_one_out_permanents(b_re, b_im, k - 1, perm_re, perm_im)
        for lane in range(lanes):
            sample = samples[lane]
            z_re[:] = 0.0
            z_im[:] = 0.0
            for c in range(k):
                source = columns[sample, c]
                p_re = perm_re[c, lane]
                p_im = perm_im[c, lane]
                for i in range(num_modes):
                    w_re = u_t_re[source, i]
                    w_im = u_t_im[source, i]
                    z_re[i] += w_re * p_re - w_im * p_im
                    z_im[i] += w_re * p_im + w_im * p_re
            total = 0.0
            for i in range(num_modes):
                total += z_re[i] * z_re[i] + z_im[i] * z_im[i]
                cumulative[i] = total
            threshold = uniforms[sample, k - 1] * total
            row = num_modes - 1
            for i in range(num_modes):
                if cumulative[i] > threshold:
                    row = i
                    break
            while row > 0 and cumulative[row] == cumulative[row - 1]:
                row -= 1  # never pick a mode of weight zero (reachable only by rounding)
            chosen_rows[k - 1, lane] = row
            for c in range(num_photons):
                source = columns[sample, c]
                b_re[k - 1, c, lane] = u_t_re[source, row]
                b_im[k - 1, c, lane] = u_t_im[source, row]
    for lane in range(lanes):
        if first_sample + lane < num_samples:
            for k in range(num_photons):
                counts_out[first_sample + lane, chosen_rows[k, lane]] += 1


@njit(cache=True, parallel=True)
def clifford_sample(
    u_t_re: FloatArray,
    u_t_im: FloatArray,
    columns: IntArray,
    uniforms: FloatArray,
    counts_out: IntArray,
) -> None:
    """Exact boson samples, ``SAMPLER_LANES`` at a time, batches in parallel.

    ``u_t = U.T`` split into real and imaginary parts; ``columns[s]`` the randomly
    permuted input modes of sample ``s`` (one entry per photon); ``uniforms[s, k]`` the
    uniform number that picks photon ``k``'s output mode; ``counts_out`` zeros of shape
    ``(num_samples, m)``, filled with the output occupations. Each sample depends only
    on its own row of ``columns`` and ``uniforms``, not on the number of threads.
    """
    num_samples = columns.shape[0]
    num_batches = (num_samples + SAMPLER_LANES - 1) // SAMPLER_LANES
    for batch in prange(num_batches):
        _sample_batch(u_t_re, u_t_im, columns, uniforms, batch * SAMPLER_LANES, counts_out)
