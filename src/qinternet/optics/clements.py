"""Clements decomposition: any unitary as a rectangular mesh of beam splitters.

Every ``m x m`` unitary is a circuit of ``m(m-1)/2`` :class:`~qinternet.optics.components.BeamSplitter`
elements on neighbouring modes (each a tunable splitter ``R`` with a phase ``phi`` on its
first input, i.e. a Mach-Zehnder interferometer with internal and external phase)
followed by one :class:`~qinternet.optics.components.PhaseShifter` per mode. The mesh
has depth ``m``, half that of the triangular Reck scheme, which is what makes it the
layout of choice for integrated photonic processors.

Algorithm (Clements et al.): null the sub-diagonal elements of ``U`` diagonal by
diagonal, alternately by splitters applied from the right (column operations) and
from the left (row operations), until a diagonal ``D`` remains; then move the
left-applied splitters through ``D`` using the identity (for the splitter block of
:mod:`~qinternet.optics.components`)

.. code-block:: text

    B(R, phi)^{-1} diag(d1, d2) = diag(d2 e^{-i phi}, -d2) B(R, arg(d1 / d2) + pi).

Examples:
    >>> import numpy as np
    >>> from qinternet.optics.components import haar_random_unitary
    >>> u = haar_random_unitary(5, np.random.default_rng(3))
    >>> circuit = clements_decomposition(u)
    >>> circuit.num_beam_splitters, circuit.num_phase_shifters
    (10, 5)
    >>> bool(np.allclose(circuit.unitary, u, atol=1e-12))
    True
"""

from __future__ import annotations

import cmath
import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qinternet.optics._validate import validate_unitary
from qinternet.optics.components import BeamSplitter, Component, Interferometer, PhaseShifter

__all__ = ["clements_decomposition"]


def _column_nulling_splitter(a: complex, b: complex, mode: int) -> BeamSplitter:
    """Splitter ``B`` on ``(mode, mode+1)`` with ``[a, b] @ B^{-1} = [0, *]``."""
    norm = math.hypot(abs(a), abs(b))
    if norm == 0.0:
        return BeamSplitter((mode, mode + 1), reflectivity=0.0)
    reflectivity = (abs(b) / norm) ** 2
    phase = -cmath.phase(-1j * b / a) if a != 0 and b != 0 else 0.0
    return BeamSplitter((mode, mode + 1), reflectivity=min(reflectivity, 1.0), phase_rad=phase)


def _row_nulling_splitter(a: complex, b: complex, mode: int) -> BeamSplitter:
    """Splitter ``B`` on ``(mode, mode+1)`` with ``B @ [a, b]^T = [*, 0]^T``."""
    norm = math.hypot(abs(a), abs(b))
    if norm == 0.0:
        return BeamSplitter((mode, mode + 1), reflectivity=0.0)
    reflectivity = (abs(a) / norm) ** 2
    phase = cmath.phase(-1j * b / a) if a != 0 and b != 0 else 0.0
    return BeamSplitter((mode, mode + 1), reflectivity=min(reflectivity, 1.0), phase_rad=phase)


def _apply_right_inverse(matrix: NDArray[np.complex128], splitter: BeamSplitter) -> None:
    i, j = splitter.modes
    matrix[:, [i, j]] = matrix[:, [i, j]] @ splitter.block.conj().T


def _apply_left(matrix: NDArray[np.complex128], splitter: BeamSplitter) -> None:
    i, j = splitter.modes
    matrix[[i, j], :] = splitter.block @ matrix[[i, j], :]


def clements_decomposition(unitary: ArrayLike) -> Interferometer:
    """Decompose a unitary into a Clements mesh of beam splitters and output phases.

    Args:
        unitary: an ``m x m`` unitary in the convention of :mod:`qinternet.optics`.

    Returns:
        An :class:`Interferometer` of ``m(m-1)/2`` beam splitters on neighbouring modes
        followed by ``m`` phase shifters, whose ``.unitary`` reproduces ``unitary`` to
        rounding error (about ``1e-14`` for ``m <= 10``).

    Raises:
        DimensionMismatchError: if ``unitary`` is not square.
        NonUnitaryError: if ``unitary`` is not unitary.

    References:
        W. R. Clements, P. C. Humphreys, B. J. Metcalf, W. S. Kolthammer and
        I. A. Walmsley, "Optimal design for universal multiport interferometers",
        Optica 3, 1460 (2016), doi:10.1364/OPTICA.3.001460, arXiv:1603.08788.

    Examples:
        >>> import numpy as np
        >>> swap = clements_decomposition([[0, 1], [1, 0]])
        >>> bool(np.allclose(swap.unitary, [[0, 1], [1, 0]]))
        True
    """
    target = validate_unitary(unitary, "unitary")
    num_modes = target.shape[0]
    work = target.copy()
    right: list[BeamSplitter] = []
    left: list[BeamSplitter] = []
    for diagonal in range(1, num_modes):
        if diagonal % 2 == 1:
            for step in range(diagonal):
                row, column = num_modes - 1 - step, diagonal - 1 - step
                splitter = _column_nulling_splitter(
                    complex(work[row, column]), complex(work[row, column + 1]), column
                )
                _apply_right_inverse(work, splitter)
                right.append(splitter)
        else:
            for step in range(1, diagonal + 1):
                row, column = num_modes + step - diagonal - 1, step - 1
                splitter = _row_nulling_splitter(
                    complex(work[row - 1, column]), complex(work[row, column]), row - 1
                )
                _apply_left(work, splitter)
                left.append(splitter)
    # work = L_k ... L_1 U R_1^-1 ... R_n^-1 is diagonal; push each L^-1 through it.
    diagonal_phases = np.diagonal(work).copy()
    pushed: list[BeamSplitter] = []
    for splitter in reversed(left):
        i, j = splitter.modes
        d_i, d_j = complex(diagonal_phases[i]), complex(diagonal_phases[j])
        diagonal_phases[i] = d_j * cmath.exp(-1j * splitter.phase_rad)
        diagonal_phases[j] = -d_j
        pushed.append(
            BeamSplitter(
                splitter.modes,
                reflectivity=splitter.reflectivity,
                phase_rad=cmath.phase(d_i / d_j) + math.pi,
            )
        )
    # U = D' P_1 ... P_k R_n ... R_1, where P_1 came from the first left splitter.
    components: list[Component] = [*right, *pushed]
    components.extend(
        PhaseShifter(mode, cmath.phase(complex(value)))
        for mode, value in enumerate(diagonal_phases)
    )
    return Interferometer(num_modes, tuple(components))
