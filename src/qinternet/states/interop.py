"""Exchange states with QuTiP: :func:`to_qutip` and :func:`from_qutip`.

Both libraries order a composite system the same way (subsystem 0 most significant), so
the conversion copies the amplitudes and carries the subsystem dimensions across
(``Qobj.dims`` is ``[dims, [1, ...]]`` for a ket, ``[dims, dims]`` for an operator). QuTiP
is optional: without it these functions raise :class:`MissingDependencyError`.

Examples:
    >>> from qinternet.states import bell_state, fidelity, werner
    >>> qobj = to_qutip(werner(0.9))
    >>> qobj.dims, qobj.isherm
    ([[2, 2], [2, 2]], True)
    >>> round(fidelity(from_qutip(qobj), bell_state("phi+")), 12)
    0.9
"""

from __future__ import annotations

from typing import Any

import numpy as np

from qinternet.core.errors import DimensionMismatchError, MissingDependencyError
from qinternet.states.bell import BellDiagonal
from qinternet.states.types import DensityMatrix, Ket


def _qutip() -> Any:
    try:
        import qutip
    except ImportError:
        raise MissingDependencyError(
            "qutip", None, "is not installed; pip install qutip (version 5 or later)"
        ) from None
    return qutip


def to_qutip(state: Ket | DensityMatrix | BellDiagonal) -> Any:
    """``state`` as a ``qutip.Qobj`` (a ket, or a density operator), same dimensions.

    Raises:
        MissingDependencyError: if QuTiP is not installed.
    """
    qutip = _qutip()
    if isinstance(state, Ket):
        return qutip.Qobj(
            state.vector.reshape(-1, 1), dims=[list(state.dims), [1] * len(state.dims)]
        )
    density = state.to_density()
    return qutip.Qobj(np.array(density.matrix), dims=[list(density.dims), list(density.dims)])


def from_qutip(qobj: Any) -> Ket | DensityMatrix:
    """A ``qutip.Qobj`` ket or density operator as a :class:`Ket` or :class:`DensityMatrix`.

    The state is validated as any state built by hand (normalised, Hermitian, positive).

    Raises:
        MissingDependencyError: if QuTiP is not installed.
        DimensionMismatchError: for a bra, a superoperator or any other non-state object.
        InvalidStateError: if the operator is not a density matrix.
    """
    qutip = _qutip()
    if not isinstance(qobj, qutip.Qobj):
        raise DimensionMismatchError("qobj", qobj, "must be a qutip.Qobj ket or density operator")
    dims = tuple(int(d) for d in qobj.dims[0])
    if qobj.isket:
        return Ket(qobj.full().ravel(), dims=dims)
    if qobj.isoper and list(qobj.dims[0]) == list(qobj.dims[1]):
        return DensityMatrix(qobj.full(), dims=dims)
    raise DimensionMismatchError(
        "qobj", qobj, f"is a {qobj.type} with dims {qobj.dims}; expected a ket or density operator"
    )
