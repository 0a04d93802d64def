"""The permanent of a square matrix (Glynn's formula in Gray-code order).

``perm(A) = sum over permutations sigma of prod_i A[i, sigma(i)]``: the determinant
without signs. It gives the amplitudes of Fock states through an interferometer
(see :mod:`qinternet.optics.fock`), and computing it is #P-hard, so the cost grows as
``n 2**n``.

Examples:
    >>> permanent([[1, 2], [3, 4]])
    (10+0j)
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qinternet.optics import _kernels
from qinternet.optics._validate import check_glynn_size, validate_square_matrix

PARALLEL_MIN_SIZE = 22
"""From this size on the Gray-code sequence is split over threads. Below it one thread
takes under about 4 ms (complex, AVX-512), while starting and joining threads costs tens
of microseconds on idle cores but 10-12 ms (measured at n = 16 and 20) when the other
core is busy with another process."""

PARALLEL_GROUPS = 64
"""Groups of SIMD lanes handed to the threads one at a time; fixed, so the result does not
depend on the thread count (a power of two)."""

KERNEL_MIN_SIZE = 9
"""Smallest size the vector kernels take (``2**(n-1)`` steps fill every lane with two step
pairs); sizes 4 to 8 are padded with an identity block, ``perm([[A, 0], [0, I]]) = perm(A)``."""


def permanent(matrix: ArrayLike) -> complex:
    """The permanent of a square matrix.

    Closed forms for ``n <= 3``; otherwise Glynn's formula
    ``perm(A) = 2**(1-n) sum_delta (prod_k delta_k) prod_i sum_j delta_j A[i, j]``
    over sign vectors ``delta`` with ``delta_0 = +1``, visited in Gray-code order so
    that each term updates the row sums by ``+-2 A[:, j]`` in ``O(n)``: ``O(n 2**n)``
    in total, run in parallel threads for ``n >= 22``. Real matrices take a real
    arithmetic path. The relative rounding error grows slowly with ``n`` (about
    ``1e-11`` at ``n = 20`` for complex Gaussian matrices). The result does not depend
    on the number of threads.

    Args:
        matrix: an ``n x n`` array-like of finite real or complex numbers
            (``n = 0`` allowed: the permanent of the empty matrix is 1).

    Returns:
        The permanent as a Python complex.

    Raises:
        DimensionMismatchError: if ``matrix`` is not square and 2-D.
        InvalidParameterError: if an entry is NaN, infinite or not a number.
        ResourceLimitError: if ``n > 62`` (the Gray-code index would overflow int64).

    References:
        D. G. Glynn, "The permanent of a square matrix", European J. Combin. 31, 1887
        (2010), doi:10.1016/j.ejc.2010.01.010.

    Examples:
        >>> import numpy as np
        >>> permanent(np.ones((5, 5)))  # 5! = 120
        (120+0j)
        >>> permanent(np.zeros((0, 0)))
        (1+0j)
        >>> permanent([[1j, 1], [1, 1j]])
        0j
    """
    array = validate_square_matrix(matrix, "matrix")
    size = array.shape[0]
    check_glynn_size(size, "matrix", matrix)
    if size <= 3:
        return _small_permanent(array)
    if size < KERNEL_MIN_SIZE:
        padded = np.eye(KERNEL_MIN_SIZE, dtype=np.complex128)
        padded[:size, :size] = array
        array = padded
    parallel = size >= PARALLEL_MIN_SIZE
    if not np.any(array.imag):
        at = np.ascontiguousarray(array.real.T)
        if parallel:
            return complex(_kernels.glynn_permanent_real_parallel(at, PARALLEL_GROUPS))
        return complex(_kernels.glynn_permanent_real(at))
    at_re = np.ascontiguousarray(array.real.T)
    at_im = np.ascontiguousarray(array.imag.T)
    if parallel:
        return complex(_kernels.glynn_permanent_complex_parallel(at_re, at_im, PARALLEL_GROUPS))
    return complex(_kernels.glynn_permanent_complex(at_re, at_im))


def _small_permanent(a: NDArray[np.complex128]) -> complex:
    """Closed forms for ``n <= 3`` (trusted square complex array)."""
    size = a.shape[0]
    if size == 0:
        return complex(1.0)
    if size == 1:
        return complex(a[0, 0])
    if size == 2:
        return complex(a[0, 0] * a[1, 1] + a[0, 1] * a[1, 0])
    return complex(
        a[0, 0] * (a[1, 1] * a[2, 2] + a[1, 2] * a[2, 1])
        + a[0, 1] * (a[1, 0] * a[2, 2] + a[1, 2] * a[2, 0])
        + a[0, 2] * (a[1, 0] * a[2, 1] + a[1, 1] * a[2, 0])
    )
