"""Quantum state types: :class:`Ket` and :class:`DensityMatrix`.

Both carry their subsystem dimensions, so qubits (dimension 2), qutrits and truncated
Fock modes share one type. Public constructors validate; operations inside qinternet
build results through the private ``_trusted`` constructors, which skip the
O(d^3) positivity check on states that are valid by construction.

Examples:
    >>> import numpy as np
    >>> plus = Ket(np.array([1, 1]) / np.sqrt(2))
    >>> plus.dims
    (2,)
    >>> rho = plus.to_density()
    >>> np.round(rho.matrix.real, 3)
    array([[0.5, 0.5],
           [0.5, 0.5]])
    >>> DensityMatrix(np.diag([0.5, 0.5, 0.0]), dims=(3,)).num_subsystems
    1
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from qinternet.core.errors import InvalidStateError
from qinternet.states._validate import (
    STATE_ATOL,
    ComplexArray,
    as_complex_array,
    check_density_matrix,
    check_dims,
)

_S = TypeVar("_S")


def _qubit_dims(dimension: int, name: str, value: Any) -> tuple[int, ...]:
    num_qubits = dimension.bit_length() - 1
    if dimension < 1 or 2**num_qubits != dimension:
        raise InvalidStateError(
            name, value, f"dimension {dimension} is not a power of 2: pass dims= explicitly"
        )
    return (2,) * num_qubits if num_qubits else (1,)


def _frozen(array: ComplexArray) -> ComplexArray:
    array.flags.writeable = False
    return array


def _resolved_dims(dims: Sequence[int], dimension: int, name: str, value: Any) -> tuple[int, ...]:
    """``dims`` checked against ``dimension``, or qubits if ``dims`` is empty."""
    return check_dims(dims, dimension) if dims else _qubit_dims(dimension, name, value)


def _unchecked(cls: type[_S], field: str, array: ComplexArray, dims: Sequence[int]) -> _S:
    """A ``cls`` holding ``array`` as ``field`` and ``dims``, skipping the validation."""
    state = object.__new__(cls)
    _freeze(state, field, np.ascontiguousarray(array), tuple(dims))
    return state


def _freeze(state: object, field: str, array: ComplexArray, dims: tuple[int, ...]) -> None:
    """Set the (frozen) ``array`` as ``field`` and ``dims`` on a frozen state."""
    object.__setattr__(state, field, _frozen(array))
    object.__setattr__(state, "dims", dims)


@dataclass(frozen=True, eq=False)
class Ket:
    """A pure state |psi> on subsystems of dimensions ``dims``.

    Args:
        vector: amplitudes in the product basis (subsystem 0 most significant).
        dims: subsystem dimensions; default: qubits, inferred from the length.

    Raises:
        InvalidStateError: if the vector is not normalised (within 1e-10).
        DimensionMismatchError: if ``dims`` does not multiply to the length.
    """

    vector: ComplexArray
    dims: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        vector = as_complex_array(self.vector, "vector", ndim=1).copy()
        dims = _resolved_dims(self.dims, vector.size, "vector", self.vector)
        norm = float(np.linalg.norm(vector))
        if abs(norm - 1.0) > STATE_ATOL:
            raise InvalidStateError("vector", self.vector, f"has norm {norm:.12g}, not 1")
        _freeze(self, "vector", vector, dims)

    @classmethod
    def _trusted(cls, vector: ComplexArray, dims: Sequence[int]) -> Ket:
        return _unchecked(cls, "vector", vector, dims)

    @property
    def dim(self) -> int:
        """Total Hilbert-space dimension."""
        return self.vector.size

    @property
    def num_subsystems(self) -> int:
        """Number of subsystems."""
        return len(self.dims)

    def to_density(self) -> DensityMatrix:
        """The projector |psi><psi| as a :class:`DensityMatrix`."""
        return DensityMatrix._trusted(np.outer(self.vector, self.vector.conj()), self.dims)

    def to_qutip(self) -> Any:
        """This ket as a ``qutip.Qobj`` (:func:`qinternet.states.interop.to_qutip`)."""
        from qinternet.states.interop import to_qutip

        return to_qutip(self)

    def __repr__(self) -> str:
        return f"Ket(dims={self.dims})"


@dataclass(frozen=True, eq=False)
class DensityMatrix:
    """A mixed state rho on subsystems of dimensions ``dims``.

    Args:
        matrix: the density matrix in the product basis (subsystem 0 most significant).
        dims: subsystem dimensions; default: qubits, inferred from the size.

    Raises:
        InvalidStateError: if the matrix is not square, not Hermitian, not of trace 1 or
            not positive semidefinite (tolerance 1e-10).
        DimensionMismatchError: if ``dims`` does not multiply to the size.
        InvalidParameterError: if an entry is NaN or infinite.
    """

    matrix: ComplexArray
    dims: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        matrix = as_complex_array(self.matrix, "matrix", ndim=2).copy()
        check_density_matrix(matrix, "matrix", self.matrix)
        dims = _resolved_dims(self.dims, matrix.shape[0], "matrix", self.matrix)
        _freeze(self, "matrix", matrix, dims)

    @classmethod
    def _trusted(cls, matrix: ComplexArray, dims: Sequence[int]) -> DensityMatrix:
        return _unchecked(cls, "matrix", matrix, dims)

    @classmethod
    def maximally_mixed(cls, dims: Sequence[int]) -> DensityMatrix:
        """The maximally mixed state I/d on subsystems ``dims``."""
        checked = check_dims(dims, None)
        dimension = math.prod(checked)
        return cls._trusted(np.eye(dimension, dtype=np.complex128) / dimension, checked)

    @property
    def dim(self) -> int:
        """Total Hilbert-space dimension."""
        return int(self.matrix.shape[0])

    @property
    def num_subsystems(self) -> int:
        """Number of subsystems."""
        return len(self.dims)

    def to_density(self) -> DensityMatrix:
        """The state itself (so code may call ``to_density`` on any state)."""
        return self

    def to_qutip(self) -> Any:
        """This state as a ``qutip.Qobj`` (:func:`qinternet.states.interop.to_qutip`)."""
        from qinternet.states.interop import to_qutip

        return to_qutip(self)

    @classmethod
    def from_qutip(cls, qobj: Any) -> DensityMatrix:
        """A ``qutip.Qobj`` ket or density operator as a density matrix.

        Examples:
            >>> import qutip
            >>> DensityMatrix.from_qutip(qutip.fock_dm(3, 1)).dims
            (3,)
        """
        from qinternet.states.interop import from_qutip

        return from_qutip(qobj).to_density()

    def __repr__(self) -> str:
        return f"DensityMatrix(dims={self.dims})"


State = Ket | DensityMatrix
"""Any state on which the operations of :mod:`qinternet.states` act."""
