"""The SLOS output distribution: layer sizes, buffers and the loop over photon additions.

The kernels and the layout they rely on are in :mod:`qinternet.optics._kernels_slos`;
``fock.output_distribution`` validates the arguments.
"""

from __future__ import annotations

import math
import mmap

import numpy as np
from numpy.typing import NDArray

from qinternet.optics._kernels import ComplexArray, FloatArray
from qinternet.optics._kernels_slos import low_tables, slos_add_photon
from qinternet.optics._validate import fock_dimension

_INT64_MAX = np.iinfo(np.int64).max
_PARALLEL_MIN_STATES = 65_536
"""Layers of the distribution with fewer occupations are computed in one thread."""
_CHUNK_STATES = 4096
_MAX_CHUNKS = 256
"""Parallel work items: chunks of at least ``_CHUNK_STATES`` occupations, at most ``_MAX_CHUNKS``."""
MAPPED_MIN_BYTES = 4 * 2**20
"""Arrays of at least this many bytes get an anonymous memory map of their own (``_fresh``)."""
LOW_TABLE_BYTES = 8 * 2**20
"""Largest size of the rank tables of the low modes (see ``_kernels_slos``)."""


def _fresh(rows: int, size: int) -> FloatArray:
    """``np.empty((rows, size))``, in an anonymous memory map of its own from
    ``MAPPED_MIN_BYTES`` on (not seen by ``tracemalloc``; NumPy's threshold for huge pages).

    NumPy asks Linux for transparent huge pages on arrays of 4 MiB and more; where memory
    is fragmented (e.g. after another process's large allocations) each such page fault
    can stall on compaction. Measured on the shared benchmark machine, 10 photons in 20
    modes, first call of a process: 0.6 to 0.75 s of system time with huge pages, 0.10 to
    0.16 s with 4 KiB pages (the 300 MB of layers are written once: the TLB gains little).
    """
    if 8 * rows * size < MAPPED_MIN_BYTES:
        return np.empty((rows, size))
    memory = mmap.mmap(-1, 8 * rows * size)
    return np.frombuffer(memory, dtype=np.float64).reshape(rows, size)


def slos_probabilities(matrix: ComplexArray, inputs: tuple[int, ...]) -> FloatArray:
    """All output probabilities of the Fock input ``inputs`` (at least one photon) through
    the validated unitary ``matrix``, in colex order (see ``fock.output_distribution``)."""
    num_modes = matrix.shape[0]
    num_photons = sum(inputs)
    binom = _binomial_table(num_photons + num_modes, num_modes + 1)
    num_low = _low_modes(num_photons, num_modes)
    tables = low_tables(num_photons, num_low, binom)
    # The r-th photon of a mode carries 1/sqrt(r), so every layer stays normalised, and the
    # modes take turns (round robin): adding all photons of one mode first lets
    # intermediate amplitudes cancel catastrophically for bunched inputs (|40,40> on a
    # 50/50 splitter: 1e-6 errors instead of 1e-15).
    creations = sorted(
        ((mode, repeat) for mode, count in enumerate(inputs) for repeat in range(1, count + 1)),
        key=lambda creation: (creation[1], creation[0]),
    )
    layer_re, layer_im = np.ones(1), np.zeros(1)
    unused = np.empty(0)
    probabilities = unused
    # Layers N-1, N-3, ... share one buffer and N-2, N-4, ... another: fewer fresh pages.
    buffers = [_fresh(2, fock_dimension(max(num_photons - i, 0), num_modes)) for i in (1, 2)]
    for k, (mode, repeat) in enumerate(creations, start=1):
        size = fock_dimension(k, num_modes)
        final = k == num_photons
        if final:
            buffers.clear()  # the layer N-2 goes before the probabilities are allocated
            out_re = out_im = unused
            probabilities = _fresh(1, size)[0]
        else:
            out_re = buffers[(num_photons - 1 - k) % 2][0, :size]
            out_im = buffers[(num_photons - 1 - k) % 2][1, :size]
        column = matrix[:, mode] / math.sqrt(repeat)
        num_blocks = fock_dimension(k, num_modes - num_low + 1)
        chunks = min(_MAX_CHUNKS, size // _CHUNK_STATES, num_blocks)
        slos_add_photon(
            layer_re,
            layer_im,
            np.ascontiguousarray(column.real),
            np.ascontiguousarray(column.imag),
            binom,
            tables,
            k,
            num_blocks,
            chunks if size >= _PARALLEL_MIN_STATES else 1,
            out_re,
            out_im,
            probabilities,
            final,
        )
        layer_re, layer_im = out_re, out_im
    return probabilities


def _low_modes(num_photons: int, num_modes: int) -> int:
    """Modes handled through the rank tables: the most whose tables fit in
    ``LOW_TABLE_BYTES`` (the other modes are added as contiguous blocks)."""
    num_low = 1
    while num_low < num_modes and _low_table_bytes(num_photons, num_low + 1) <= LOW_TABLE_BYTES:
        num_low += 1
    return num_low


def _low_table_bytes(num_photons: int, num_low: int) -> int:
    """Bytes of the rank (int32) and weight (float64) tables of ``num_low`` modes."""
    return 12 * num_low * fock_dimension(num_photons, num_low + 1)


def _binomial_table(num_rows: int, num_cols: int) -> NDArray[np.int64]:
    """``table[x, r] = C(x, r)``, saturated at the int64 maximum (saturated entries are
    only compared, never added)."""
    table = np.zeros((num_rows, num_cols), dtype=np.int64)
    row = [1] + [0] * (num_cols - 1)
    for x in range(num_rows):
        table[x] = [min(value, _INT64_MAX) for value in row]
        row = [1] + [row[r - 1] + row[r] for r in range(1, num_cols)]
    return table
