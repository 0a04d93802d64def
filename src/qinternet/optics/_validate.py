"""Validation shared by the public functions of ``qinternet.optics``.

Public optics functions call these helpers and hand the trusted results to the
private kernels, which check nothing.

Examples:
    >>> import numpy as np
    >>> validate_unitary(np.eye(2)).dtype
    dtype('complex128')
    >>> validate_occupation([1, 0, 2], 3, "input_occupation")
    (1, 0, 2)
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qinternet.core.errors import (
    DimensionMismatchError,
    InvalidParameterError,
    NonUnitaryError,
    ResourceLimitError,
)

UNITARITY_TOLERANCE = 1e-10
"""Largest accepted Frobenius norm of ``U^dagger U - I`` for a matrix passed as unitary."""

REMEMBERED_MIN_MODES = 32
REMEMBERED_MAX_MODES = 1024
"""A copy of the last unitary of this many modes that passed the check is kept; an equal
matrix is then accepted after an ``O(m**2)`` comparison instead of the ``O(m**3)``
product (repeated calls with one interferometer, e.g. a few samples at a time)."""

_last_large_unitary: dict[str, NDArray[np.complex128]] = {}

DEFAULT_MAX_MEMORY_BYTES = 8 * 2**30
"""Default memory limit (8 GiB) of the functions that allocate arrays over Fock spaces."""


def validate_square_matrix(matrix: ArrayLike, name: str) -> NDArray[np.complex128]:
    """``matrix`` as a finite, square, 2-D complex128 array.

    Raises:
        DimensionMismatchError: if ``matrix`` is not square and 2-D.
        InvalidParameterError: if an entry is NaN or infinite or not a number.
    """
    try:
        array = np.asarray(matrix, dtype=np.complex128)
    except (TypeError, ValueError) as exc:
        raise InvalidParameterError(name, matrix, "must be a numeric matrix") from exc
    if array.ndim != 2 or array.shape[0] != array.shape[1]:
        raise DimensionMismatchError(
            name, matrix, f"must be a square 2-D matrix, got shape {array.shape}"
        )
    if not np.all(np.isfinite(array)):
        raise InvalidParameterError(name, matrix, "entries must be finite (no NaN or inf)")
    return array


def validate_unitary(matrix: ArrayLike, name: str = "unitary") -> NDArray[np.complex128]:
    """``matrix`` as a complex128 unitary array, checked to ``||U^dagger U - I||_F <= 1e-10``.

    Args:
        matrix: the candidate unitary (any array-like of numbers).
        name: the parameter name used in error messages.

    Returns:
        A C-contiguous complex128 copy or view of ``matrix``.

    Raises:
        DimensionMismatchError: if ``matrix`` is not square and 2-D, or is empty.
        InvalidParameterError: if an entry is NaN or infinite.
        NonUnitaryError: if ``||U^dagger U - I||_F`` exceeds the tolerance.

    Examples:
        >>> import numpy as np
        >>> validate_unitary([[0, 1], [1, 0]]).shape
        (2, 2)
        >>> validate_unitary([[1, 1], [0, 1]], "splitter")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        qinternet.core.errors.NonUnitaryError: splitter=...: is not unitary: ...
    """
    remembered = _last_large_unitary.get("matrix")
    if (
        remembered is not None
        and isinstance(matrix, np.ndarray)
        and matrix.dtype == np.complex128
        and np.array_equal(matrix, remembered)  # so finite and unitary
    ):
        return np.ascontiguousarray(matrix)
    array = validate_square_matrix(matrix, name)
    if array.shape[0] == 0:
        raise DimensionMismatchError(name, matrix, "must have at least one mode")
    deviation = float(
        np.linalg.norm(array.conj().T @ array - np.eye(array.shape[0], dtype=np.complex128))
    )
    if not deviation <= UNITARITY_TOLERANCE:
        raise NonUnitaryError(
            name,
            matrix,
            f"is not unitary: ||U^dagger U - I||_F = {deviation:.3g} > {UNITARITY_TOLERANCE:g}",
        )
    if REMEMBERED_MIN_MODES <= array.shape[0] <= REMEMBERED_MAX_MODES:
        _last_large_unitary["matrix"] = array.copy()
    return np.ascontiguousarray(array)


def validate_occupation(occupation: Any, num_modes: int, name: str) -> tuple[int, ...]:
    """``occupation`` as a tuple of ``num_modes`` non-negative Python ints.

    Args:
        occupation: photon numbers per mode (sequence or 1-D array of integers).
        num_modes: the required number of modes.
        name: the parameter name used in error messages.

    Raises:
        DimensionMismatchError: if the length is not ``num_modes`` or the array is not 1-D.
        InvalidParameterError: if an entry is negative or not an integer.

    Examples:
        >>> import numpy as np
        >>> validate_occupation(np.array([0, 2]), 2, "output_occupation")
        (0, 2)
        >>> validate_occupation([1, -1], 2, "input_occupation")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: input_occupation=[1, -1]: ...
    """
    if isinstance(occupation, np.ndarray):
        if occupation.ndim != 1:
            raise DimensionMismatchError(
                name, occupation, f"must be 1-D, got shape {occupation.shape}"
            )
        entries: Sequence[Any] = occupation.tolist()
    elif isinstance(occupation, Sequence) and not isinstance(occupation, str | bytes):
        entries = occupation
    else:
        raise InvalidParameterError(name, occupation, "must be a sequence of photon numbers")
    if len(entries) != num_modes:
        raise DimensionMismatchError(
            name, occupation, f"has {len(entries)} modes, expected {num_modes}"
        )
    if all(type(entry) is int for entry in entries):  # plain ints (not bools): one pass
        if entries and min(entries) < 0:
            raise InvalidParameterError(name, occupation, "photon numbers must be >= 0")
        return tuple(entries)
    result = []
    for entry in entries:
        if isinstance(entry, bool | np.bool_):
            raise InvalidParameterError(name, occupation, "entries must be integers, not bools")
        try:
            count = operator.index(entry)
        except TypeError as exc:
            raise InvalidParameterError(
                name, occupation, f"entries must be integers, got {entry!r}"
            ) from exc
        if count < 0:
            raise InvalidParameterError(name, occupation, "photon numbers must be >= 0")
        result.append(count)
    return tuple(result)


def check_memory(estimated_bytes: int, max_memory_bytes: int, what: str) -> None:
    """Raise before allocating if ``estimated_bytes`` exceeds ``max_memory_bytes``.

    Raises:
        ResourceLimitError: naming the estimated size in bytes and GiB.

    Examples:
        >>> check_memory(10, 100, "distribution")
        >>> check_memory(2**40, 2**33, "distribution")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        qinternet.core.errors.ResourceLimitError: max_memory_bytes=8589934592: distribution needs ...
    """
    if estimated_bytes > max_memory_bytes:
        raise ResourceLimitError(
            "max_memory_bytes",
            max_memory_bytes,
            f"{what} needs an estimated {estimated_bytes} bytes "
            f"({estimated_bytes / 2**30:.3g} GiB), more than the limit",
        )


MAX_GLYNN_SIZE = 62
"""Largest matrix (photon number) the Gray-code kernels index with 64-bit integers; far
beyond what finishes in practice (n = 30 already takes seconds to minutes)."""


def check_glynn_size(size: int, name: str, value: Any) -> None:
    """Raise if a Gray-code sum over ``2**(size-1)`` terms cannot be indexed in int64.

    Raises:
        ResourceLimitError: if ``size > MAX_GLYNN_SIZE``, naming the number of terms.
    """
    if size > MAX_GLYNN_SIZE:
        raise ResourceLimitError(
            name,
            value,
            f"size {size} needs 2**{size - 1} Gray-code terms, more than the limit "
            f"of 2**{MAX_GLYNN_SIZE - 1}",
        )


def fock_dimension(num_photons: int, num_modes: int) -> int:
    """Number of occupations of ``num_modes`` modes with ``num_photons`` photons in total.

    Trusted inputs (non-negative ints, ``num_modes >= 1``); the public, validating
    version is :func:`qinternet.optics.fock.hilbert_dimension`.
    """
    return math.comb(num_photons + num_modes - 1, num_photons)
