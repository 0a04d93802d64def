"""Validation shared by the state types and operations (private).

Public functions call these, then hand trusted arrays to the private arithmetic.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qinternet.core.errors import (
    DimensionMismatchError,
    InvalidParameterError,
    InvalidStateError,
    NonUnitaryError,
)

ComplexArray = NDArray[np.complex128]

STATE_ATOL = 1e-10
"""Tolerance on trace, norm, Hermiticity and unitarity (relative to unit scale)."""

POSITIVITY_ATOL = 1e-10
"""Most negative eigenvalue a density matrix may have (numerical noise)."""


def as_complex_array(value: Any, name: str, ndim: int) -> ComplexArray:
    """``value`` as a complex128 array of ``ndim`` dimensions with finite entries."""
    try:
        array = np.asarray(value, dtype=np.complex128)
    except (TypeError, ValueError) as error:
        raise InvalidStateError(name, value, f"is not numeric ({error})") from None
    if array.ndim != ndim:
        raise DimensionMismatchError(
            name, value, f"must be {ndim}-dimensional, got shape {array.shape}"
        )
    if not np.all(np.isfinite(array)):
        raise InvalidParameterError(name, value, "contains NaN or infinity")
    return array


def check_dims(dims: Sequence[int], total: int | None, name: str = "dims") -> tuple[int, ...]:
    """Subsystem dimensions as a tuple of ints >= 1 whose product is ``total`` (if given)."""
    try:
        checked = tuple(int(d) for d in dims)
        if any(isinstance(d, bool | np.bool_) for d in dims):
            raise TypeError
    except (TypeError, ValueError):
        raise DimensionMismatchError(name, dims, "must be a sequence of integers") from None
    if any(d < 1 or d != raw for d, raw in zip(checked, dims, strict=True)):
        raise DimensionMismatchError(
            name, dims, "every subsystem dimension must be an integer >= 1"
        )
    if total is not None and math.prod(checked) != total:
        raise DimensionMismatchError(
            name, dims, f"product {math.prod(checked)} does not match the state dimension {total}"
        )
    return checked


def check_targets(
    targets: Sequence[int] | int, num_subsystems: int, name: str = "targets"
) -> tuple[int, ...]:
    """Target subsystem indices: distinct, in range, at least one."""
    try:
        raw = (targets,) if isinstance(targets, int | np.integer) else tuple(targets)
    except TypeError:
        raise DimensionMismatchError(
            name, targets, "must be an index or a sequence of indices"
        ) from None
    if any(isinstance(t, bool | np.bool_) or not isinstance(t, int | np.integer) for t in raw):
        raise DimensionMismatchError(name, targets, "every index must be an integer")
    checked = tuple(int(t) for t in raw)
    if not checked:
        raise DimensionMismatchError(name, targets, "must name at least one subsystem")
    if len(set(checked)) != len(checked):
        raise DimensionMismatchError(name, targets, "must not repeat a subsystem")
    for t in checked:
        if not 0 <= t < num_subsystems:
            raise DimensionMismatchError(
                name, targets, f"index {t} outside 0..{num_subsystems - 1}"
            )
    return checked


def check_density_matrix(matrix: ComplexArray, name: str = "matrix", value: Any = None) -> None:
    """Raise unless ``matrix`` is square, Hermitian, of unit trace and positive semidefinite.

    ``value`` is what the caller passed (shown in the message); default ``matrix``.
    """
    shown = matrix if value is None else value
    if matrix.shape[0] != matrix.shape[1]:
        raise InvalidStateError(name, shown, f"must be square, got shape {matrix.shape}")
    if not np.allclose(matrix, matrix.conj().T, rtol=0.0, atol=STATE_ATOL):
        raise InvalidStateError(name, shown, "is not Hermitian")
    trace = complex(np.trace(matrix))
    if abs(trace - 1.0) > STATE_ATOL:
        raise InvalidStateError(name, shown, f"has trace {trace.real:.12g}, not 1")
    smallest = float(np.linalg.eigvalsh(matrix)[0])
    if smallest < -POSITIVITY_ATOL:
        raise InvalidStateError(
            name, shown, f"is not positive semidefinite (eigenvalue {smallest:.3g})"
        )


def check_unitary(matrix: Any, dimension: int, name: str = "unitary") -> ComplexArray:
    """``matrix`` as a trusted ``dimension x dimension`` unitary."""
    array = as_complex_array(matrix, name, ndim=2)
    if array.shape != (dimension, dimension):
        raise DimensionMismatchError(
            name,
            matrix,
            f"must have shape ({dimension}, {dimension}) to act on the targets, got {array.shape}",
        )
    deviation = float(np.max(np.abs(array.conj().T @ array - np.eye(dimension))))
    if deviation > STATE_ATOL:
        raise NonUnitaryError(
            name, matrix, f"is not unitary (max |U^dagger U - I| = {deviation:.3g})"
        )
    return array
