"""numba kernels of the Clifford & Clifford exact boson sampler (algorithm B).

See :mod:`qinternet.optics._kernels` for the conventions; ``sampling.sample`` validates
the arguments and draws every random number with the caller's generator.
"""

from __future__ import annotations

import numpy as np

from qinternet.optics._kernels import _FAST, FloatArray, IntArray, _gray_flip_index, njit, prange

SAMPLER_LANES = 16
"""Samples processed side by side (one SIMD lane each) by :func:`clifford_sample`."""


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
