"""numba kernels of ``qinternet.states``: a one- or two-qubit unitary or channel,
rho -> sum_k K_k rho K_k^dagger, in one pass over a qubit density matrix.

The plain route (:func:`qinternet.states.ops.apply_unitary`) contracts U (x) U* into the
reshaped matrix, which transposes the whole array into and out of a matrix product. Here
each group of 2 (or 4) rows that K_k mixes is combined into a small buffer, then each
row's groups of columns are mixed by K_k* and added as they are written: the matrix is read
once and written once, whatever the number of Kraus operators. Every output element is computed by the same arithmetic whatever the number of
threads, so results do not depend on it. Imported on first use (numba loads slowly);
:func:`qinternet.states.ops.apply_unitary` chooses it and tests compare the two routes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qinternet.core.numba_cache import ensure_numba_cache_dir

ensure_numba_cache_dir(Path(__file__).with_name("__pycache__"))  # before numba loads

import numba  # noqa: E402
import numpy as np  # noqa: E402
from numpy.typing import NDArray  # noqa: E402

njit: Any = numba.njit
ComplexArray = NDArray[np.complex128]


@njit(cache=True, inline="always")
def _insert_zero_bit(value: int, position: int) -> int:
    """``value`` with a 0 bit inserted at ``position`` (higher bits shift up by one)."""
    low = value & ((1 << position) - 1)
    return ((value >> position) << (position + 1)) | low


@njit(cache=True, parallel=True)
def conjugate_one_qubit(  # pragma: no cover
    rho: ComplexArray, operators: ComplexArray, bit: int
) -> ComplexArray:
    """sum_k K_k rho K_k^dagger for 2x2 ``operators[k]`` acting on index bit ``bit``."""
    dim = rho.shape[0]
    out = np.zeros_like(rho)
    conjugates = np.conj(operators)
    mask = 1 << bit
    half = dim // 2
    for pair in numba.prange(half):
        r0 = _insert_zero_bit(pair, bit)
        r1 = r0 | mask
        buffer = np.empty((2, dim), dtype=np.complex128)
        for k in range(operators.shape[0]):
            u = operators[k]
            uc = conjugates[k]
            for c in range(dim):
                a0 = rho[r0, c]
                a1 = rho[r1, c]
                buffer[0, c] = u[0, 0] * a0 + u[0, 1] * a1
                buffer[1, c] = u[1, 0] * a0 + u[1, 1] * a1
            for g in range(2):
                row = r0 if g == 0 else r1
                for column_pair in range(half):
                    c0 = _insert_zero_bit(column_pair, bit)
                    c1 = c0 | mask
                    v0 = buffer[g, c0]
                    v1 = buffer[g, c1]
                    out[row, c0] += v0 * uc[0, 0] + v1 * uc[0, 1]
                    out[row, c1] += v0 * uc[1, 0] + v1 * uc[1, 1]
    return out


@njit(cache=True, parallel=True)
def conjugate_two_qubits(  # pragma: no cover
    rho: ComplexArray, operators: ComplexArray, high_bit: int, low_bit: int
) -> ComplexArray:
    """sum_k K_k rho K_k^dagger for 4x4 ``operators[k]``, index 2 b(high_bit) + b(low_bit)."""
    dim = rho.shape[0]
    out = np.zeros_like(rho)
    conjugates = np.conj(operators)
    first, second = (low_bit, high_bit) if low_bit < high_bit else (high_bit, low_bit)
    m_high = 1 << high_bit
    m_low = 1 << low_bit
    quarter = dim // 4
    for quad in numba.prange(quarter):
        r0 = _insert_zero_bit(_insert_zero_bit(quad, first), second)
        rows = (r0, r0 | m_low, r0 | m_high, r0 | m_high | m_low)
        buffer = np.empty((4, dim), dtype=np.complex128)
        for k in range(operators.shape[0]):
            u = operators[k]
            uc = conjugates[k]
            for c in range(dim):
                a0 = rho[rows[0], c]
                a1 = rho[rows[1], c]
                a2 = rho[rows[2], c]
                a3 = rho[rows[3], c]
                for g in range(4):
                    buffer[g, c] = u[g, 0] * a0 + u[g, 1] * a1 + u[g, 2] * a2 + u[g, 3] * a3
            for g in range(4):
                row = rows[g]
                for column_quad in range(quarter):
                    c0 = _insert_zero_bit(_insert_zero_bit(column_quad, first), second)
                    c1 = c0 | m_low
                    c2 = c0 | m_high
                    c3 = c2 | m_low
                    v0 = buffer[g, c0]
                    v1 = buffer[g, c1]
                    v2 = buffer[g, c2]
                    v3 = buffer[g, c3]
                    out[row, c0] += v0 * uc[0, 0] + v1 * uc[0, 1] + v2 * uc[0, 2] + v3 * uc[0, 3]
                    out[row, c1] += v0 * uc[1, 0] + v1 * uc[1, 1] + v2 * uc[1, 2] + v3 * uc[1, 3]
                    out[row, c2] += v0 * uc[2, 0] + v1 * uc[2, 1] + v2 * uc[2, 2] + v3 * uc[2, 3]
                    out[row, c3] += v0 * uc[3, 0] + v1 * uc[3, 1] + v2 * uc[3, 2] + v3 * uc[3, 3]
    return out
