"""numba kernels of ``qinternet.states``: a one- or two-qubit unitary or channel,
rho -> sum_k K_k rho K_k^dagger, in one pass over a qubit density matrix.

The plain route (:func:`qinternet.states.ops.apply_unitary`) contracts U (x) U* into the
reshaped matrix, which transposes the whole array into and out of a matrix product. Here
the matrix is read once and written once, in tiles:

- Tiles: the G = 2 (one qubit) or 4 (two qubits) rows the operators mix and, in each, the
  G columns they mix hold G x G elements that depend only on each other. ``LANES`` tiles
  side by side, one per SIMD lane, are consecutive values of the column's other bits: runs
  of 8 (lowest target bit >= 3) or 4 (bit 2) contiguous elements, gathered below that.
- Arithmetic: two qubits with one or two Kraus operators: rows mixed by K, then columns
  by K* (8 complex multiply-adds per element and operator); otherwise the superoperator
  sum_k K (x) K* on the tile (G^2 per element: 4 for one qubit whatever the channel, 16
  for a many-Kraus two-qubit channel).
- Registers: the tiles live in buffers on the stack (:func:`stack_doubles`), real and
  imaginary parts apart, which LLVM cannot confuse with the matrices and vectorises over
  the lanes; the row kernels ask LLVM for 512-bit vectors (:func:`prefer_wide_vectors`).
- Threads: groups of rows run in parallel and every element is computed by the same
  arithmetic whatever the thread count, so results do not depend on it. ``fastmath`` only
  contracts ``a * b + c`` into one FMA; nothing is reassociated.

Measured (benchmarks/bench_states.py: 10 qubits, medians of 15 beside ``rho.copy()`` in the
same run, shared 2-core AVX-512 Xeon, load 3-4.7): a two-qubit gate 2.2-3.0 copies with
one numba thread (6.7-9.6 when other processes took the core), 1.5 with two, against
4.9-12.9 and 3.6 for the row-buffer kernel this replaced; amplitude damping on one qubit
1.9 copies with one thread (5.5-14.8 before).
Imported on first use (numba loads slowly); :mod:`qinternet.states.ops` chooses it and
tests compare it with the contraction.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qinternet.core.numba_cache import ensure_numba_cache_dir

ensure_numba_cache_dir(Path(__file__).with_name("__pycache__"))  # before numba loads

import numba  # noqa: E402
import numpy as np  # noqa: E402
from numpy.typing import NDArray  # noqa: E402

from qinternet.core._kernels import prefer_wide_vectors, stack_doubles  # noqa: E402

njit: Any = numba.njit
prange: Any = numba.prange
ComplexArray = NDArray[np.complex128]
FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

LANES = 8
"""Tiles side by side: one AVX-512 float64 vector per tile element and component."""

SEPARABLE_MAX_OPERATORS = 2
"""Up to this many two-qubit Kraus operators, rows then columns (8 per operator and
element) beat the superoperator (16 per element)."""

_TILE = 16
_BUFFER = _TILE * LANES
_FAST = {"contract"}


@njit(inline="always")
def _buffer() -> FloatArray:  # pragma: no cover
    return numba.carray(stack_doubles(_BUFFER), _BUFFER)


@njit(inline="always")
def _load(  # pragma: no cover
    x: FloatArray,
    r0: int,
    offsets: IntArray,
    cols: IntArray,
    f0: int,
    g: int,
    count: int,
    xr: FloatArray,
    xi: FloatArray,
) -> None:
    """Tile element (j, i) of the ``count`` tiles from free column ``f0`` into slot j g + i."""
    contiguous = count == LANES and cols[f0 + LANES - 1] == cols[f0] + LANES - 1
    quads = count == LANES and cols[f0 + 3] == cols[f0] + 3 and cols[f0 + 7] == cols[f0 + 4] + 3
    for j in range(g):
        row = x[r0 + offsets[j]]
        for i in range(g):
            slot = (j * g + i) * LANES
            if contiguous:
                start = 2 * (cols[f0] + offsets[i])
                for lane in range(LANES):
                    xr[slot + lane] = row[start + 2 * lane]
                    xi[slot + lane] = row[start + 2 * lane + 1]
            elif quads:
                for half in range(0, LANES, 4):
                    start = 2 * (cols[f0 + half] + offsets[i])
                    for t in range(4):
                        xr[slot + half + t] = row[start + 2 * t]
                        xi[slot + half + t] = row[start + 2 * t + 1]
            else:
                for lane in range(count):
                    column = 2 * (cols[f0 + lane] + offsets[i])
                    xr[slot + lane] = row[column]
                    xi[slot + lane] = row[column + 1]


@njit(inline="always")
def _store(  # pragma: no cover
    y: FloatArray,
    r0: int,
    offsets: IntArray,
    cols: IntArray,
    f0: int,
    g: int,
    count: int,
    orr: FloatArray,
    oi: FloatArray,
) -> None:
    """The inverse of :func:`_load`: slot g_row g + g_col back to the output matrix."""
    contiguous = count == LANES and cols[f0 + LANES - 1] == cols[f0] + LANES - 1
    quads = count == LANES and cols[f0 + 3] == cols[f0] + 3 and cols[f0 + 7] == cols[f0 + 4] + 3
    for j in range(g):
        row = y[r0 + offsets[j]]
        for i in range(g):
            slot = (j * g + i) * LANES
            if contiguous:
                start = 2 * (cols[f0] + offsets[i])
                for lane in range(LANES):
                    row[start + 2 * lane] = orr[slot + lane]
                    row[start + 2 * lane + 1] = oi[slot + lane]
            elif quads:
                for half in range(0, LANES, 4):
                    start = 2 * (cols[f0 + half] + offsets[i])
                    for t in range(4):
                        row[start + 2 * t] = orr[slot + half + t]
                        row[start + 2 * t + 1] = oi[slot + half + t]
            else:
                for lane in range(count):
                    column = 2 * (cols[f0 + lane] + offsets[i])
                    row[column] = orr[slot + lane]
                    row[column + 1] = oi[slot + lane]


@njit(inline="always", fastmath=_FAST)
def _superoperator_rows(  # pragma: no cover
    x: FloatArray,
    y: FloatArray,
    r0: int,
    offsets: IntArray,
    cols: IntArray,
    sr: FloatArray,
    si: FloatArray,
    g: int,
) -> None:
    """One group of rows: every tile times the superoperator ``sr + i si`` (T x T)."""
    tile = g * g
    free = cols.shape[0]
    xr = _buffer()
    xi = _buffer()
    orr = _buffer()
    oi = _buffer()
    for f0 in range(0, free, LANES):
        count = min(LANES, free - f0)
        if count < LANES:
            xr[:] = 0.0
            xi[:] = 0.0
        _load(x, r0, offsets, cols, f0, g, count, xr, xi)
        for a in range(tile):
            for lane in range(LANES):
                re = 0.0
                im = 0.0
                for b in range(tile):
                    re += sr[a, b] * xr[b * LANES + lane] - si[a, b] * xi[b * LANES + lane]
                    im += sr[a, b] * xi[b * LANES + lane] + si[a, b] * xr[b * LANES + lane]
                orr[a * LANES + lane] = re
                oi[a * LANES + lane] = im
        _store(y, r0, offsets, cols, f0, g, count, orr, oi)


@njit(cache=True, fastmath=_FAST)
def _superoperator_rows_one(  # pragma: no cover
    x: FloatArray,
    y: FloatArray,
    r0: int,
    offsets: IntArray,
    cols: IntArray,
    sr: FloatArray,
    si: FloatArray,
) -> None:
    prefer_wide_vectors()
    _superoperator_rows(x, y, r0, offsets, cols, sr, si, 2)


@njit(cache=True, fastmath=_FAST)
def _superoperator_rows_two(  # pragma: no cover
    x: FloatArray,
    y: FloatArray,
    r0: int,
    offsets: IntArray,
    cols: IntArray,
    sr: FloatArray,
    si: FloatArray,
) -> None:
    prefer_wide_vectors()
    _superoperator_rows(x, y, r0, offsets, cols, sr, si, 4)


@njit(cache=True, fastmath=_FAST)
def _separable_rows(  # pragma: no cover
    x: FloatArray,
    y: FloatArray,
    r0: int,
    offsets: IntArray,
    cols: IntArray,
    ur: FloatArray,
    ui: FloatArray,
) -> None:
    """One group of 4 rows: sum_k K_k T K_k^dagger of every tile T, rows then columns."""
    prefer_wide_vectors()
    free = cols.shape[0]
    xr = _buffer()
    xi = _buffer()
    tr = _buffer()
    ti = _buffer()
    orr = _buffer()
    oi = _buffer()
    for f0 in range(0, free, LANES):
        count = min(LANES, free - f0)
        if count < LANES:
            xr[:] = 0.0
            xi[:] = 0.0
        _load(x, r0, offsets, cols, f0, 4, count, xr, xi)
        orr[:] = 0.0
        oi[:] = 0.0
        for k in range(ur.shape[0]):
            for i in range(4):  # t[g, i] = sum_j K[g, j] x[j, i]
                for lane in range(LANES):
                    a0r = xr[i * LANES + lane]
                    a0i = xi[i * LANES + lane]
                    a1r = xr[(4 + i) * LANES + lane]
                    a1i = xi[(4 + i) * LANES + lane]
                    a2r = xr[(8 + i) * LANES + lane]
                    a2i = xi[(8 + i) * LANES + lane]
                    a3r = xr[(12 + i) * LANES + lane]
                    a3i = xi[(12 + i) * LANES + lane]
                    for g in range(4):
                        cr = ur[k, g]
                        ci = ui[k, g]
                        slot = (g * 4 + i) * LANES + lane
                        tr[slot] = (
                            cr[0] * a0r
                            - ci[0] * a0i
                            + cr[1] * a1r
                            - ci[1] * a1i
                            + cr[2] * a2r
                            - ci[2] * a2i
                            + cr[3] * a3r
                            - ci[3] * a3i
                        )
                        ti[slot] = (
                            cr[0] * a0i
                            + ci[0] * a0r
                            + cr[1] * a1i
                            + ci[1] * a1r
                            + cr[2] * a2i
                            + ci[2] * a2r
                            + cr[3] * a3i
                            + ci[3] * a3r
                        )
            for g in range(4):  # o[g, h] += sum_i t[g, i] conj(K[h, i])
                for lane in range(LANES):
                    b0r = tr[g * 4 * LANES + lane]
                    b0i = ti[g * 4 * LANES + lane]
                    b1r = tr[(g * 4 + 1) * LANES + lane]
                    b1i = ti[(g * 4 + 1) * LANES + lane]
                    b2r = tr[(g * 4 + 2) * LANES + lane]
                    b2i = ti[(g * 4 + 2) * LANES + lane]
                    b3r = tr[(g * 4 + 3) * LANES + lane]
                    b3i = ti[(g * 4 + 3) * LANES + lane]
                    for h in range(4):
                        cr = ur[k, h]
                        ci = ui[k, h]
                        slot = (g * 4 + h) * LANES + lane
                        orr[slot] += (
                            cr[0] * b0r
                            + ci[0] * b0i
                            + cr[1] * b1r
                            + ci[1] * b1i
                            + cr[2] * b2r
                            + ci[2] * b2i
                            + cr[3] * b3r
                            + ci[3] * b3i
                        )
                        oi[slot] += (
                            cr[0] * b0i
                            - ci[0] * b0r
                            + cr[1] * b1i
                            - ci[1] * b1r
                            + cr[2] * b2i
                            - ci[2] * b2r
                            + cr[3] * b3i
                            - ci[3] * b3r
                        )
        _store(y, r0, offsets, cols, f0, 4, count, orr, oi)


@njit(cache=True, parallel=True)
def _superoperator_pass(  # pragma: no cover
    x: FloatArray, offsets: IntArray, cols: IntArray, sr: FloatArray, si: FloatArray
) -> FloatArray:
    y = np.empty_like(x)
    for group in prange(cols.shape[0]):
        if offsets.shape[0] == 2:
            _superoperator_rows_one(x, y, cols[group], offsets, cols, sr, si)
        else:
            _superoperator_rows_two(x, y, cols[group], offsets, cols, sr, si)
    return y


@njit(cache=True, parallel=True)
def _separable_pass(  # pragma: no cover
    x: FloatArray, offsets: IntArray, cols: IntArray, ur: FloatArray, ui: FloatArray
) -> FloatArray:
    y = np.empty_like(x)
    for group in prange(cols.shape[0]):
        _separable_rows(x, y, cols[group], offsets, cols, ur, ui)
    return y


def _free_indices(dim: int, bits: list[int]) -> IntArray:
    """Every index of ``range(dim)`` whose ``bits`` are 0, ascending."""
    index = np.arange(dim, dtype=np.int64)
    mask = sum(1 << b for b in bits)
    return np.ascontiguousarray(index[(index & mask) == 0])


def conjugate(rho: ComplexArray, operators: ComplexArray, bits: list[int]) -> ComplexArray:
    """sum_k K_k rho K_k^dagger for ``operators[k]`` (G x G, G = 2 ** len(bits)) acting on
    the index bits ``bits``, the first the most significant of the operator's index.

    ``rho`` is read, never written; the result is a new C-contiguous array.

    Examples:
        >>> import numpy as np
        >>> rho = np.full((4, 4), 0.25, dtype=complex)  # |++><++|
        >>> cz = np.diag([1, 1, 1, -1]).astype(complex)
        >>> out = conjugate(rho, cz[None], [1, 0])
        >>> float(out[3, 3].real), float(out[2, 3].real)
        (0.25, -0.25)
    """
    matrix = np.ascontiguousarray(rho, dtype=np.complex128)
    stack = np.ascontiguousarray(operators, dtype=np.complex128)
    g = 1 << len(bits)
    offsets = np.zeros(g, dtype=np.int64)
    for q, bit in enumerate(bits):  # the first target is the top bit of the operator's index
        offsets += ((np.arange(g) >> (len(bits) - 1 - q)) & 1) << bit
    cols = _free_indices(matrix.shape[0], bits)
    x = matrix.view(np.float64)
    if g == 4 and stack.shape[0] <= SEPARABLE_MAX_OPERATORS:
        ur = np.ascontiguousarray(stack.real)
        ui = np.ascontiguousarray(stack.imag)
        y = _separable_pass(x, offsets, cols, ur, ui)
    else:
        superoperator = np.einsum("kgj,khi->ghji", stack, stack.conj()).reshape(g * g, g * g)
        sr = np.ascontiguousarray(superoperator.real)
        si = np.ascontiguousarray(superoperator.imag)
        y = _superoperator_pass(x, offsets, cols, sr, si)
    return np.asarray(y.view(np.complex128))
