"""numba kernels of the SLOS output distribution (dynamic programme over photon additions).

See :mod:`qinternet.optics._kernels` for the conventions; ``fock.output_distribution``
validates the arguments.

Layout: occupations ``t`` of ``k`` photons in ``m`` modes are stored in colex order,
rank ``sum_i C(b_i, i+1)`` with bars ``b_i = t_0 + ... + t_i + i``. Split the modes into
the first ``p`` ("low") and the rest ("upper"): all occupations with the same upper part
form one contiguous block, the occupations of the ``K`` low photons in colex order, and
the blocks follow the colex order of the outer composition ``(K, t_p, ..., t_{m-1})``.
Adding a photon, ``c_t = sum_j a_j sqrt(t_j) c_{t - e_j}``, then takes two forms:

- an upper mode ``j`` keeps the low part, so the whole block adds ``a_j sqrt(t_j)``
  times one contiguous block of the previous layer (a vector multiply-add);
- a low mode ``j`` keeps the upper part: the block pulls from the block of ``K - 1``
  low photons through a table of ranks and weights ``sqrt(t_j)`` (a gather), built
  once per call for ``K <= N`` and shared by all blocks and layers; ``p`` is the largest
  number of modes whose tables fit in ``_slos.LOW_TABLE_BYTES``. The last low mode
  keeps the rank itself (its photons fill the first ``C(K + p - 2, p - 1)`` entries of
  a block), so it needs no ranks.

Measured on the benchmark machine (AVX-512, shared), 10 photons in 20 modes, one
thread, last layer with warm pages: 0.43 s for the first version of this layout with
heap accumulators and signed indices (LLVM emitted scalar loops and gathers for the
contiguous runs), 0.27 s with the accumulators on the stack and unsigned indices.

Amplitudes are stored as separate real and imaginary arrays. Every output entry is
written by one thread with a fixed order of terms, so the result does not depend on the
number of threads.
"""

from __future__ import annotations

import numba
import numpy as np
from numpy.typing import NDArray

from qinternet.core._kernels import prefer_wide_vectors, stack_doubles
from qinternet.optics._kernels import (
    _FAST,
    FloatArray,
    IntArray,
    njit,
    prange,
)

TILE = 256
"""Entries of a block accumulated together (two float64 buffers that stay in L1)."""
Int32Array = NDArray[np.int32]


@njit(inline="always")
def _tile_buffer() -> FloatArray:
    """An uninitialised array of ``TILE`` float64 on the stack of the inlining kernel (LLVM
    then knows it does not alias the layers, and vectorises the loops over it)."""
    return numba.carray(stack_doubles(TILE), TILE)


@njit(cache=True)
def low_tables(
    max_photons: int, num_low: int, binom: IntArray
) -> tuple[Int32Array, FloatArray, IntArray]:
    """Ranks and weights of ``t -> t - e_j`` on ``p = num_low`` modes, ``1 <= K <= N``.

    Entry ``start[K] + i`` describes occupation ``t`` of colex rank ``i`` among those of
    ``K`` photons: ``rank[j, .]`` is the rank of ``t - e_j`` among those of ``K - 1``
    photons and ``weight[j, .] = sqrt(t_j)`` (0, with rank 0, if ``t_j = 0``).
    """
    num_bars = num_low - 1
    start = np.zeros(max_photons + 2, np.int64)
    for photons in range(max_photons + 1):
        start[photons + 1] = start[photons] + binom[photons + num_low - 1, num_low - 1]
    total = start[max_photons + 1]
    rank = np.zeros((num_low, total), np.int32)
    weight = np.zeros((num_low, total))
    bars = np.empty(max(num_bars, 1), np.int64)
    counts = np.empty(num_low, np.int64)
    for photons in range(1, max_photons + 1):
        for i in range(num_bars):
            bars[i] = i
        for position in range(start[photons + 1] - start[photons]):
            entry = start[photons] + position
            if num_bars == 0:
                counts[0] = photons
            else:
                counts[0] = bars[0]
                for j in range(1, num_bars):
                    counts[j] = bars[j] - bars[j - 1] - 1
                counts[num_low - 1] = photons + num_bars - 1 - bars[num_bars - 1]
            for j in range(num_low):
                if counts[j] > 0:
                    below = 0
                    for i in range(num_bars):
                        below += binom[bars[i] - 1 if i >= j else bars[i], i + 1]
                    rank[j, entry] = below
                    weight[j, entry] = np.sqrt(counts[j])
            if num_bars > 0:
                top = 0
                while top < num_bars - 1 and bars[top] + 1 == bars[top + 1]:
                    top += 1
                bars[top] += 1
                for i in range(top):
                    bars[i] = i
    return rank, weight, start


@njit(cache=True, fastmath=_FAST)
def _slos_blocks(
    prev_re: FloatArray,
    prev_im: FloatArray,
    a_re: FloatArray,
    a_im: FloatArray,
    binom: IntArray,
    rank: Int32Array,
    weight: FloatArray,
    start: IntArray,
    num_photons: int,
    first: int,
    stop: int,
    out_re: FloatArray,
    out_im: FloatArray,
    probabilities_out: FloatArray,
    final: bool,
) -> None:
    """Blocks ``first .. stop-1`` (outer colex ranks) of :func:`slos_add_photon`."""
    prefer_wide_vectors()
    num_modes = a_re.shape[0]
    num_low = rank.shape[0]
    outer_modes = num_modes - num_low + 1
    num_bars = outer_modes - 1
    bars = np.empty(max(num_bars, 1), np.int64)
    rest = first
    upper = num_photons + num_bars - 1
    for i in range(num_bars - 1, -1, -1):
        position = upper
        while binom[position, i + 1] > rest:
            position -= 1
        bars[i] = position
        rest -= binom[position, i + 1]
        upper = position - 1
    prefix = np.empty(outer_modes, np.int64)
    suffix = np.empty(outer_modes, np.int64)
    source = np.empty(outer_modes, np.int64)
    c_re = np.empty(outer_modes)
    c_im = np.empty(outer_modes)
    acc_re = _tile_buffer()
    acc_im = _tile_buffer()
    for block in range(first, stop):
        low_photons = bars[0] if num_bars > 0 else num_photons
        # prefix[q] = sum_{i<q} C(b_i + p - 1, p + i): the offset of this block for q = m_o-1;
        # suffix[q] = sum_{i>=q} C(b_i + p - 2, p + i), the same with one photon less.
        prefix[0] = 0
        for i in range(num_bars):
            prefix[i + 1] = prefix[i] + binom[bars[i] + num_low - 1, num_low + i]
        suffix[num_bars] = 0
        for i in range(num_bars - 1, -1, -1):
            x = bars[i] + num_low - 2
            suffix[i] = suffix[i + 1] + (binom[x, num_low + i] if x >= 0 else 0)
        num_upper = 0
        for q in range(1, outer_modes):
            if q < num_bars:
                count = bars[q] - bars[q - 1] - 1
            else:
                count = num_photons + num_bars - 1 - bars[num_bars - 1]
            if count > 0:
                root = np.sqrt(count)
                source[num_upper] = prefix[q] + suffix[q]
                c_re[num_upper] = a_re[num_low + q - 1] * root
                c_im[num_upper] = a_im[num_low + q - 1] * root
                num_upper += 1
        offset = prefix[num_bars]
        low_source = suffix[0]
        size = binom[low_photons + num_low - 1, num_low - 1]
        table = start[low_photons]
        # Unsigned indices: numba then emits no wrap-around of negative indices, and LLVM
        # sees contiguous loads instead of gathers.
        lower_size = binom[low_photons + num_low - 2, num_low - 1] if low_photons > 0 else 0
        for tile in range(0, size, TILE):
            length = np.uint64(min(TILE, size - tile))
            for i in range(length):
                acc_re[i] = 0.0
                acc_im[i] = 0.0
            entry = np.uint64(table + tile)
            if low_photons > 0:
                for j in range(num_low - 1):
                    ar = a_re[j]
                    ai = a_im[j]
                    for i in range(length):
                        w = weight[j, entry + i]
                        pull = low_source + rank[j, entry + i]
                        pr = prev_re[pull]
                        pi = prev_im[pull]
                        acc_re[i] += w * (ar * pr - ai * pi)
                        acc_im[i] += w * (ar * pi + ai * pr)
                # the last low mode keeps the rank: its photons fill the first
                # C(K + p - 2, p - 1) entries of the block
                ar = a_re[num_low - 1]
                ai = a_im[num_low - 1]
                pull = np.uint64(low_source + tile)
                for i in range(np.uint64(max(0, min(TILE, lower_size - tile)))):
                    w = weight[num_low - 1, entry + i]
                    pr = prev_re[pull + i]
                    pi = prev_im[pull + i]
                    acc_re[i] += w * (ar * pr - ai * pi)
                    acc_im[i] += w * (ar * pi + ai * pr)
            for u in range(num_upper):
                cr = c_re[u]
                ci = c_im[u]
                pull = np.uint64(source[u] + tile)
                for i in range(length):
                    pr = prev_re[pull + i]
                    pi = prev_im[pull + i]
                    acc_re[i] += cr * pr - ci * pi
                    acc_im[i] += cr * pi + ci * pr
            write = np.uint64(offset + tile)
            if final:
                for i in range(length):
                    probabilities_out[write + i] = acc_re[i] * acc_re[i] + acc_im[i] * acc_im[i]
            else:
                for i in range(length):
                    out_re[write + i] = acc_re[i]
                    out_im[write + i] = acc_im[i]
        if block + 1 < stop and num_bars > 0:
            top = 0
            while top < num_bars - 1 and bars[top] + 1 == bars[top + 1]:
                top += 1
            bars[top] += 1
            for i in range(top):
                bars[i] = i


@njit(cache=True, parallel=True)
def _slos_parallel(
    prev_re: FloatArray,
    prev_im: FloatArray,
    a_re: FloatArray,
    a_im: FloatArray,
    binom: IntArray,
    rank: Int32Array,
    weight: FloatArray,
    start: IntArray,
    num_photons: int,
    num_blocks: int,
    num_chunks: int,
    out_re: FloatArray,
    out_im: FloatArray,
    probabilities_out: FloatArray,
    final: bool,
) -> None:
    for chunk in prange(num_chunks):
        first = chunk * num_blocks // num_chunks
        stop = (chunk + 1) * num_blocks // num_chunks
        if first < stop:
            _slos_blocks(
                prev_re,
                prev_im,
                a_re,
                a_im,
                binom,
                rank,
                weight,
                start,
                num_photons,
                first,
                stop,
                out_re,
                out_im,
                probabilities_out,
                final,
            )


def slos_add_photon(
    prev_re: FloatArray,
    prev_im: FloatArray,
    a_re: FloatArray,
    a_im: FloatArray,
    binom: IntArray,
    tables: tuple[Int32Array, FloatArray, IntArray],
    num_photons: int,
    num_blocks: int,
    num_chunks: int,
    out_re: FloatArray,
    out_im: FloatArray,
    probabilities_out: FloatArray,
    final: bool,
) -> None:
    """One SLOS layer: amplitudes over ``num_photons``-photon occupations from the layer below.

    ``c_t = sum_{j: t_j > 0} a_j sqrt(t_j) c_{t - e_j}`` (pulling from the smaller layer,
    so every output is written by one thread). ``tables`` from :func:`low_tables` fix the
    number of low modes; ``num_blocks`` is the number of outer compositions
    ``C(N + m - p, N)``, cut into ``num_chunks`` chunks handed to the threads one at a
    time (one chunk: this thread only). If ``final``, writes ``|c_t|^2`` into
    ``probabilities_out`` instead of the amplitudes. ``binom[x, r] = C(x, r)``.
    """
    rank, weight, start = tables
    arguments = (prev_re, prev_im, a_re, a_im, binom, rank, weight, start, num_photons)
    outputs = (out_re, out_im, probabilities_out, final)
    if num_chunks <= 1:
        _slos_blocks(*arguments, 0, num_blocks, *outputs)
        return
    with numba.parallel_chunksize(1):
        _slos_parallel(*arguments, num_blocks, num_chunks, *outputs)
