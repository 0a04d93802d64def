"""numba kernels of the SLOS output distribution (dynamic programme over photon additions).

See :mod:`qinternet.optics._kernels` for the conventions; ``fock.output_distribution``
validates the arguments.
"""

from __future__ import annotations

import numpy as np

from qinternet.optics._kernels import ComplexArray, FloatArray, IntArray, njit, prange


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
            probabilities_out[rank] = amplitude.real**2 + amplitude.imag**2
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
    amplitudes_out: ComplexArray,
    probabilities_out: FloatArray,
    final: bool,
) -> None:
    """One SLOS layer: amplitudes over ``num_photons``-photon occupations from the layer below.

    ``c_t = sum_{j: t_j > 0} column[j] sqrt(t_j) previous[t - e_j]`` (pulling from the
    smaller layer, so every output is written by one thread). Occupations are visited in
    colex order, ``num_chunks`` chunks in parallel. If ``final``, writes ``|c_t|^2`` into
    ``probabilities_out`` instead of ``amplitudes_out``.
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
        amplitudes_out,
        probabilities_out,
        final,
    )
