"""The exact action of an m-mode linear interferometer on truncated Fock space.

A passive interferometer ``U`` conserves the total photon number, so on the space of all
occupations with at most ``max_photons`` photons its action is block diagonal: one
block per photon number ``n``, of size ``C(n + m - 1, n)``. Each block is built from the
one below by the exact recursion (convention of :mod:`qinternet.optics`: the creation
operator of input mode ``j`` goes to ``sum_k U[k, j] b_k^dagger``)

.. code-block:: text

    |s> = a_j^dagger |s - e_j> / sqrt(s_j)          (j: the first occupied mode of s)
    <t|U|s> = (1/sqrt(s_j)) sum_k U[k, j] sqrt(t_k) <t - e_k|U|s - e_j>,

which equals the permanent formula ``perm(U[t, s]) / sqrt(prod s! prod t!)`` entry by
entry but costs ``O(m D_n^2)`` per block instead of a permanent per entry.

Two bases are offered: the compact basis :func:`fock_basis` (occupations of one photon
number, ``(n, 0, ..., 0)`` first, reverse lexicographic), in which :func:`fock_blocks`
and :func:`fock_space_unitary` are written, and the product basis of ``m`` modes each
truncated at ``cutoff`` photons (dimension ``(cutoff + 1)^m``, mode 0 most significant,
the layout of :class:`qinternet.states.DensityMatrix` for Fock modes), in which
:func:`fock_product_unitary` is written.

References:
    S. Scheel, "Permanents in linear optical networks", arXiv:quant-ph/0406127 (2004).
    N. Heurtel et al., "Strong simulation of linear optical processes",
    Comput. Phys. Commun. 291, 108848 (2023), arXiv:2206.10549 (photon-by-photon build).

Examples:
    >>> import numpy as np
    >>> splitter = np.array([[1, 1], [1, -1]]) / np.sqrt(2)
    >>> fock_basis(2, 2)
    ((2, 0), (1, 1), (0, 2))
    >>> block = fock_blocks(splitter, 2)[2]
    >>> np.round(block[:, 1].real, 12)  # |1,1> -> (|2,0> - |0,2>)/sqrt2: the HOM dip
    array([ 0.70710678,  0.        , -0.70710678])
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qinternet.core.validation import check_count
from qinternet.optics._validate import (
    DEFAULT_MAX_MEMORY_BYTES,
    check_memory,
    fock_dimension,
    validate_unitary,
)

__all__ = [
    "fock_basis",
    "fock_blocks",
    "fock_product_unitary",
    "fock_space_unitary",
    "truncated_fock_basis",
]

_COMPLEX_BYTES = 16


def _occupations(num_modes: int, num_photons: int) -> list[tuple[int, ...]]:
    """All occupations of ``num_modes`` modes with ``num_photons`` photons, reverse lex."""
    if num_modes == 1:
        return [(num_photons,)]
    result: list[tuple[int, ...]] = []
    for first in range(num_photons, -1, -1):
        result.extend((first, *rest) for rest in _occupations(num_modes - 1, num_photons - first))
    return result


def fock_basis(num_modes: int, num_photons: int) -> tuple[tuple[int, ...], ...]:
    """The occupations of ``num_modes`` modes holding ``num_photons`` photons in total.

    Ordered reverse-lexicographically: ``(n, 0, ..., 0)`` first, ``(0, ..., 0, n)`` last;
    this is the row and column order of the blocks of :func:`fock_blocks`.

    Raises:
        InvalidParameterError: if ``num_modes < 1`` or ``num_photons < 0``.

    Examples:
        >>> fock_basis(3, 1)
        ((1, 0, 0), (0, 1, 0), (0, 0, 1))
    """
    modes = check_count(num_modes, "num_modes", 1)
    photons = check_count(num_photons, "num_photons", 0)
    return tuple(_occupations(modes, photons))


def truncated_fock_basis(num_modes: int, max_photons: int) -> tuple[tuple[int, ...], ...]:
    """All occupations with at most ``max_photons`` photons, by photon number then as
    :func:`fock_basis`: the order of :func:`fock_space_unitary`.

    Examples:
        >>> truncated_fock_basis(2, 1)
        ((0, 0), (1, 0), (0, 1))
    """
    modes = check_count(num_modes, "num_modes", 1)
    photons = check_count(max_photons, "max_photons", 0)
    return tuple(occ for n in range(photons + 1) for occ in _occupations(modes, n))


def _blocks(unitary: NDArray[np.complex128], max_photons: int) -> list[NDArray[np.complex128]]:
    """Trusted kernel: the blocks 0..max_photons by the one-photon recursion."""
    num_modes = unitary.shape[0]
    blocks = [np.ones((1, 1), dtype=np.complex128)]
    previous = _occupations(num_modes, 0)
    for n in range(1, max_photons + 1):
        basis = _occupations(num_modes, n)
        index = {occ: i for i, occ in enumerate(previous)}
        occupation = np.array(basis, dtype=np.int64)
        size, below = len(basis), len(previous)
        lower = np.full((size, num_modes), below, dtype=np.int64)  # ``below`` -> zero row
        for i, t in enumerate(basis):
            for k in range(num_modes):
                if t[k]:
                    lower[i, k] = index[(*t[:k], t[k] - 1, *t[k + 1 :])]
        rows = np.arange(size)
        first = np.argmax(occupation > 0, axis=1)
        parent = lower[rows, first]
        column_scale = 1.0 / np.sqrt(occupation[rows, first])
        extended = np.vstack([blocks[-1], np.zeros((1, below), dtype=np.complex128)])
        block = np.zeros((size, size), dtype=np.complex128)
        root_t = np.sqrt(occupation)
        for k in range(num_modes):
            reduced = extended[lower[:, k]][:, parent]
            block += (root_t[:, k, None] * reduced) * (unitary[k, first] * column_scale)[None, :]
        blocks.append(block)
        previous = basis
    return blocks


def fock_blocks(
    unitary: ArrayLike,
    max_photons: int,
    *,
    max_memory_bytes: int = DEFAULT_MAX_MEMORY_BYTES,
) -> list[NDArray[np.complex128]]:
    """The matrices of ``unitary`` on the ``n``-photon subspaces, ``n = 0..max_photons``.

    Block ``n`` has rows (outputs ``t``) and columns (inputs ``s``) in the order of
    :func:`fock_basis` and entries ``<t|U|s> = perm(U[t, s]) / sqrt(prod s! prod t!)``.
    Each block is unitary.

    Args:
        unitary: the ``m x m`` mode unitary (columns: input modes, rows: output modes).
        max_photons: the largest photon number, ``>= 0``.
        max_memory_bytes: refuse (before allocating) if the blocks would need more.

    Raises:
        NonUnitaryError: if ``unitary`` is not unitary (1e-10).
        DimensionMismatchError: if it is not square.
        InvalidParameterError: if ``max_photons`` is negative or not an integer.
        ResourceLimitError: if the blocks exceed ``max_memory_bytes``.

    References:
        S. Scheel, arXiv:quant-ph/0406127 (2004) (the permanent formula it reproduces).

    Examples:
        >>> import numpy as np
        >>> blocks = fock_blocks(np.array([[0, 1], [1, 0]]), 1)
        >>> blocks[1].real  # a swap exchanges |1,0> and |0,1>
        array([[0., 1.],
               [1., 0.]])
    """
    u = validate_unitary(unitary)
    photons = check_count(max_photons, "max_photons", 0)
    limit = check_count(max_memory_bytes, "max_memory_bytes", 1)
    largest = fock_dimension(photons, u.shape[0])
    check_memory(3 * u.shape[0] * largest**2 * _COMPLEX_BYTES, limit, f"the {photons}-photon block")
    return _blocks(u, photons)


def fock_space_unitary(
    unitary: ArrayLike,
    max_photons: int,
    *,
    max_memory_bytes: int = DEFAULT_MAX_MEMORY_BYTES,
) -> NDArray[np.complex128]:
    """The block-diagonal unitary of ``unitary`` on all occupations with at most
    ``max_photons`` photons, in the order of :func:`truncated_fock_basis`.

    Raises:
        As :func:`fock_blocks`.

    Examples:
        >>> import numpy as np
        >>> big = fock_space_unitary(np.array([[1, 1], [1, -1]]) / np.sqrt(2), 2)
        >>> big.shape, bool(np.allclose(big.conj().T @ big, np.eye(6)))
        ((6, 6), True)
    """
    u = validate_unitary(unitary)
    photons = check_count(max_photons, "max_photons", 0)
    limit = check_count(max_memory_bytes, "max_memory_bytes", 1)
    total = sum(fock_dimension(n, u.shape[0]) for n in range(photons + 1))
    check_memory(total**2 * _COMPLEX_BYTES, limit, "the truncated Fock-space unitary")
    blocks = fock_blocks(u, photons, max_memory_bytes=limit)
    result = np.zeros((total, total), dtype=np.complex128)
    start = 0
    for block in blocks:
        stop = start + block.shape[0]
        result[start:stop, start:stop] = block
        start = stop
    return result


def fock_product_unitary(
    unitary: ArrayLike,
    cutoff: int,
    *,
    max_memory_bytes: int = DEFAULT_MAX_MEMORY_BYTES,
) -> NDArray[np.complex128]:
    """``unitary`` on ``m`` Fock modes each truncated at ``cutoff`` photons (product basis).

    The matrix has size ``(cutoff + 1)^m``; the basis index of occupation ``n`` is
    ``sum_k n_k (cutoff + 1)^(m - 1 - k)`` (mode 0 most significant). On occupations with
    at most ``cutoff`` photons *in total* it is exact (every output fits the per-mode
    truncation); occupations with more photons in total cannot be mapped inside the
    truncated space and are sent to zero, so the result is a partial isometry: apply it
    only to states supported on at most ``cutoff`` photons in total.

    Raises:
        As :func:`fock_blocks`; also if ``cutoff`` is negative.

    Examples:
        >>> import numpy as np
        >>> matrix = fock_product_unitary(np.array([[1, 1], [1, -1]]) / np.sqrt(2), 2)
        >>> ket_11 = np.zeros(9); ket_11[1 * 3 + 1] = 1.0
        >>> np.round((matrix @ ket_11).real, 6)  # (|2,0> - |0,2>)/sqrt2
        array([ 0.      ,  0.      , -0.707107,  0.      ,  0.      ,  0.      ,
                0.707107,  0.      ,  0.      ])
    """
    u = validate_unitary(unitary)
    photons = check_count(cutoff, "cutoff", 0)
    limit = check_count(max_memory_bytes, "max_memory_bytes", 1)
    num_modes = u.shape[0]
    size = (photons + 1) ** num_modes
    check_memory(size**2 * _COMPLEX_BYTES, limit, "the product-basis Fock unitary")
    strides = (photons + 1) ** np.arange(num_modes - 1, -1, -1)
    result = np.zeros((size, size), dtype=np.complex128)
    for n, block in enumerate(fock_blocks(u, photons, max_memory_bytes=limit)):
        index = np.array(_occupations(num_modes, n), dtype=np.int64) @ strides
        result[np.ix_(index, index)] = block
    return result
