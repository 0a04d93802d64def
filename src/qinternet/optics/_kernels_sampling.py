"""numba kernels of the Clifford & Clifford exact boson sampler (algorithm B).

See :mod:`qinternet.optics._kernels` for the conventions; ``sampling.sample`` validates
the arguments and draws every random number with the caller's generator.

Design: each sample is computed by one thread from its own row of random numbers, so
the samples do not depend on the number of threads; large batches are spread over the
threads one sample at a time, small ones (``SERIAL_MAX_STEPS``) run in the calling
thread. Within a sample, the Gray-code sequence of the leave-one-out permanents is cut
into ``SAMPLER_LANES`` aligned blocks that run side by side in the vector lanes (as in the
permanent kernel): aligned blocks flip the same row at the same local step, so a
row-sum update is one vector fused multiply-add with a broadcast entry, and step pairs
share the passes over the columns.

Measured on the benchmark machine (AVX-512, shared), 14 photons in 196 modes: the
previous kernel (16 samples side by side in the lanes) drew 6 400 samples in 1.16 s on
2 threads, 360 us of thread time a sample; this one takes about 125 us a sample in one
thread. The leave-one-out permanents of a 13 x 14 block take 61 us one step at a time
and 49 us in step pairs with 32 lanes (medians 65 and 52 us of 60 interleaved runs).
"""

from __future__ import annotations

import numba
import numpy as np

from qinternet.core._kernels import prefer_wide_vectors, stack_doubles
from qinternet.optics._kernels import (
    _FAST,
    FloatArray,
    IntArray,
    _gray_flip_index,
    _start_signs,
    njit,
    prange,
)

SERIAL_MAX_STEPS = 2**15
"""Batches of at most this many ``num_samples * 2**num_photons`` (about 0.2 ms of work)
run in the calling thread: a parallel region ends when every thread has reached it, which
costs more than such a batch. Larger batches are shared. Measured on the 2-core benchmark
machine, 800 calls of 8 samples of 14 photons in 196 modes (2**17 steps a call): quiet,
0.49-0.52 s in parallel and 0.83 s in the calling thread; loaded (load 1.7, other
processes running), a parallel call can wait 6 to 9 ms for the other thread's time slice
where the calling thread alone takes 1 to 2 ms."""


SMALL_ROWS = 7
"""Leave-one-out permanents of blocks with at most this many rows (at most 64 Gray-code
steps) are computed in scalar code: too few steps to fill the vector lanes (the sampler
chooses; a call from the vector kernel would change how LLVM compiles it)."""


@njit(cache=True, fastmath=_FAST)
def _leave_one_out_small(
    b_re: FloatArray,
    b_im: FloatArray,
    num_rows: int,
    perm_re: FloatArray,
    perm_im: FloatArray,
) -> None:
    """:func:`_leave_one_out_permanents` one Gray-code step at a time."""
    num_cols = num_rows + 1
    sums = np.zeros(num_cols, np.complex128)
    prefix = np.empty(num_cols, np.complex128)
    acc = np.zeros(num_cols, np.complex128)
    delta = np.ones(num_rows)
    for c in range(num_cols):
        for r in range(num_rows):
            sums[c] += complex(b_re[r, c], b_im[r, c])
    sign = 1.0
    for step in range(1 << (num_rows - 1)):
        if step > 0:
            row = _gray_flip_index(step)
            coef = -2.0 * delta[row]
            delta[row] = -delta[row]
            sign = -sign
            for c in range(num_cols):
                sums[c] += coef * complex(b_re[row, c], b_im[row, c])
        product = 1.0 + 0.0j
        for c in range(num_cols):
            prefix[c] = product
            product *= sums[c]
        product = sign + 0.0j
        for c in range(num_cols - 1, -1, -1):
            acc[c] += prefix[c] * product
            product *= sums[c]
    for c in range(num_cols):
        perm_re[c] = acc[c].real
        perm_im[c] = acc[c].imag


SAMPLER_LANES = 16
"""Gray-code blocks side by side in :func:`_leave_one_out_permanents`: two AVX-512
vectors per component. The step pairs keep four running products per lane, and with 32
lanes they no longer fit in the 32 vector registers (measured: 13 x 14 blocks 50 to 63
us with 16 lanes against 60 to 73 us with 32, 141 us with 8)."""


@njit(inline="always")
def _sampler_lane_buffer() -> FloatArray:
    """An uninitialised array of ``SAMPLER_LANES`` float64 on the stack of the inlining
    kernel."""
    return numba.carray(stack_doubles(SAMPLER_LANES), SAMPLER_LANES)


@njit(cache=True, fastmath=_FAST)
def _leave_one_out_permanents(
    b_re: FloatArray,
    b_im: FloatArray,
    num_rows: int,
    perm_re: FloatArray,
    perm_im: FloatArray,
) -> None:
    """Permanents (times ``2**(num_rows-1)``) of ``B`` with column ``c`` deleted, all ``c``.

    ``B = b[:num_rows, :num_rows+1]``. Glynn's formula with the sign of row 0 fixed and
    the others in Gray-code order; each term's column sums ``s`` give all leave-one-out
    products at once, ``prod_{c' < c} s_c' * prod_{c' > c} s_c'``, from one forward pass
    (prefix products) and one backward pass (suffix products). Odd Gray-code steps
    always flip row 1, so steps ``2u`` and ``2u + 1`` share both passes: ``x = s``
    after step ``2u``, ``y = x + coef_1 b[1]`` after step ``2u + 1``, and their opposite
    signs make a pair add ``LOO(x) - LOO(y)``.
    """
    prefer_wide_vectors()
    num_cols = num_rows + 1
    if num_rows == 1:
        perm_re[0], perm_im[0] = b_re[0, 1], b_im[0, 1]
        perm_re[1], perm_im[1] = b_re[0, 0], b_im[0, 0]
        return
    total_steps = 1 << (num_rows - 1)
    steps = max(total_steps // SAMPLER_LANES, 2)
    active = total_steps // steps
    delta = np.empty((num_rows, SAMPLER_LANES))
    first_sign = np.empty(SAMPLER_LANES)
    _start_signs(num_rows, 0, steps, delta, first_sign)
    for lane in range(active, SAMPLER_LANES):
        first_sign[lane] = 0.0  # lanes past the end of a short sequence count nothing
    s_re = np.zeros((num_cols, SAMPLER_LANES))
    s_im = np.zeros((num_cols, SAMPLER_LANES))
    pre_re = np.empty((num_cols, 2, SAMPLER_LANES))  # prefix products of x [:, 0] and y [:, 1]
    pre_im = np.empty((num_cols, 2, SAMPLER_LANES))
    acc_re = np.zeros((num_cols, SAMPLER_LANES))
    acc_im = np.zeros((num_cols, SAMPLER_LANES))
    coef = _sampler_lane_buffer()
    coef_1 = _sampler_lane_buffer()
    qx_re = _sampler_lane_buffer()
    qx_im = _sampler_lane_buffer()
    qy_re = _sampler_lane_buffer()
    qy_im = _sampler_lane_buffer()
    for lane in range(SAMPLER_LANES):
        coef[lane] = 0.0
        coef_1[lane] = -2.0 * delta[1, lane]
    for c in range(num_cols):
        for r in range(num_rows):
            e_re = b_re[r, c]
            e_im = b_im[r, c]
            for lane in range(SAMPLER_LANES):
                s_re[c, lane] += delta[r, lane] * e_re
                s_im[c, lane] += delta[r, lane] * e_im
    for pair in range(steps // 2):
        row = 0
        if pair > 0:
            row = _gray_flip_index(2 * pair)
            for lane in range(SAMPLER_LANES):
                coef[lane] = -2.0 * delta[row, lane]
                delta[row, lane] = -delta[row, lane]
        for lane in range(SAMPLER_LANES):
            qx_re[lane] = 1.0
            qx_im[lane] = 0.0
            qy_re[lane] = 1.0
            qy_im[lane] = 0.0
        for c in range(num_cols):
            e_re = b_re[row, c]
            e_im = b_im[row, c]
            f_re = b_re[1, c]
            f_im = b_im[1, c]
            for lane in range(SAMPLER_LANES):
                x_re = s_re[c, lane] + coef[lane] * e_re
                x_im = s_im[c, lane] + coef[lane] * e_im
                y_re = x_re + coef_1[lane] * f_re
                y_im = x_im + coef_1[lane] * f_im
                s_re[c, lane] = y_re
                s_im[c, lane] = y_im
                p_re = qx_re[lane]
                p_im = qx_im[lane]
                pre_re[c, 0, lane] = p_re
                pre_im[c, 0, lane] = p_im
                qx_re[lane] = p_re * x_re - p_im * x_im
                qx_im[lane] = p_re * x_im + p_im * x_re
                p_re = qy_re[lane]
                p_im = qy_im[lane]
                pre_re[c, 1, lane] = p_re
                pre_im[c, 1, lane] = p_im
                qy_re[lane] = p_re * y_re - p_im * y_im
                qy_im[lane] = p_re * y_im + p_im * y_re
        for lane in range(SAMPLER_LANES):
            qx_re[lane] = 1.0
            qx_im[lane] = 0.0
            qy_re[lane] = 1.0
            qy_im[lane] = 0.0
        for c in range(num_cols - 1, -1, -1):
            f_re = b_re[1, c]
            f_im = b_im[1, c]
            for lane in range(SAMPLER_LANES):
                y_re = s_re[c, lane]
                y_im = s_im[c, lane]
                x_re = y_re - coef_1[lane] * f_re
                x_im = y_im - coef_1[lane] * f_im
                a_re = qx_re[lane]
                a_im = qx_im[lane]
                b2_re = qy_re[lane]
                b2_im = qy_im[lane]
                px_re = pre_re[c, 0, lane]
                px_im = pre_im[c, 0, lane]
                py_re = pre_re[c, 1, lane]
                py_im = pre_im[c, 1, lane]
                acc_re[c, lane] += (px_re * a_re - px_im * a_im) - (py_re * b2_re - py_im * b2_im)
                acc_im[c, lane] += (px_re * a_im + px_im * a_re) - (py_re * b2_im + py_im * b2_re)
                qx_re[lane] = a_re * x_re - a_im * x_im
                qx_im[lane] = a_re * x_im + a_im * x_re
                qy_re[lane] = b2_re * y_re - b2_im * y_im
                qy_im[lane] = b2_re * y_im + b2_im * y_re
        for lane in range(SAMPLER_LANES):
            coef_1[lane] = -coef_1[lane]
    for c in range(num_cols):
        total_re = 0.0
        total_im = 0.0
        for lane in range(SAMPLER_LANES):
            total_re += first_sign[lane] * acc_re[c, lane]
            total_im += first_sign[lane] * acc_im[c, lane]
        perm_re[c] = total_re
        perm_im[c] = total_im


@njit(cache=True, fastmath=_FAST)
def _sample_one(
    u_re: FloatArray,
    u_im: FloatArray,
    columns: IntArray,
    uniforms: FloatArray,
    sample: int,
    counts_out: IntArray,
) -> None:
    """Clifford & Clifford algorithm B for sample ``sample``: ``counts_out[sample]``."""
    num_photons = columns.shape[1]
    num_modes = u_re.shape[1]
    b_re = np.empty((num_photons, num_photons))
    b_im = np.empty((num_photons, num_photons))
    perm_re = np.empty(num_photons)
    perm_im = np.empty(num_photons)
    z_re = np.empty(num_modes)
    z_im = np.empty(num_modes)
    cumulative = np.empty(num_modes)
    for k in range(1, num_photons + 1):
        if k == 1:
            perm_re[0] = 1.0
            perm_im[0] = 0.0
        elif k - 1 <= SMALL_ROWS:
            _leave_one_out_small(b_re, b_im, k - 1, perm_re, perm_im)
        else:
            _leave_one_out_permanents(b_re, b_im, k - 1, perm_re, perm_im)
        z_re[:] = 0.0
        z_im[:] = 0.0
        for c in range(k):
            source = columns[sample, c]
            p_re = perm_re[c]
            p_im = perm_im[c]
            for i in range(num_modes):
                w_re = u_re[source, i]
                w_im = u_im[source, i]
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
        counts_out[sample, row] += 1
        for c in range(num_photons):
            source = columns[sample, c]
            b_re[k - 1, c] = u_re[source, row]
            b_im[k - 1, c] = u_im[source, row]


@njit(cache=True, parallel=True)
def _clifford_sample(
    u_re: FloatArray,
    u_im: FloatArray,
    columns: IntArray,
    uniforms: FloatArray,
    counts_out: IntArray,
) -> None:
    """Exact boson samples, one per parallel iteration.

    ``u[j] = U[:, input_modes[j]]`` (the columns of ``U`` of the occupied input modes,
    as rows) split into real and imaginary parts; ``columns[s]`` the randomly permuted
    photons of sample ``s`` as indices into ``u`` (one entry per photon); ``uniforms[s, k]``
    the uniform number that picks photon ``k``'s output mode; ``counts_out`` zeros of
    shape ``(num_samples, m)``, filled with the output occupations. Each sample depends
    only on its own row of ``columns`` and ``uniforms``, not on the number of threads.
    """
    for sample in prange(columns.shape[0]):
        _sample_one(u_re, u_im, columns, uniforms, sample, counts_out)


@njit(cache=True)
def _clifford_sample_serial(
    u_re: FloatArray,
    u_im: FloatArray,
    columns: IntArray,
    uniforms: FloatArray,
    counts_out: IntArray,
) -> None:
    for sample in range(columns.shape[0]):
        _sample_one(u_re, u_im, columns, uniforms, sample, counts_out)


def clifford_sample(
    u_re: FloatArray,
    u_im: FloatArray,
    columns: IntArray,
    uniforms: FloatArray,
    counts_out: IntArray,
) -> None:
    """:func:`_clifford_sample` with the samples handed to the threads one at a time (a
    thread slowed by other processes takes fewer of them); a batch of less than
    ``SERIAL_MAX_STEPS`` Gray-code steps runs in this thread alone."""
    num_samples, num_photons = columns.shape
    if num_samples << num_photons <= SERIAL_MAX_STEPS:
        _clifford_sample_serial(u_re, u_im, columns, uniforms, counts_out)
        return
    with numba.parallel_chunksize(1):
        _clifford_sample(u_re, u_im, columns, uniforms, counts_out)
