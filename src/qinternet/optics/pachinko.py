"""The quantum pachinko machine of Gard et al.: a triangular lattice of beam splitters.

Geometry (Fig. 1 of the paper) on ``2L`` lanes ``0 .. 2L-1``; detector ``k`` (1-based,
as in the paper) sits at the bottom of lane ``k - 1``. The photons ``|N>`` enter lane
``L - 1`` and ``|M>`` lane ``L``. Level ``l = 1 .. L`` has ``l`` beam splitters, on the
lane pairs ``(L - l + 2j, L - l + 2j + 1)`` for ``j = 0 .. l-1``; the edge lanes
``L - l`` and ``L + l - 1`` carry fresh vacuum into level ``l``. Below every splitter
of levels ``1 .. L-1`` a phase shifter sits on each of its two output lanes,
``L(L-1)`` in all, ordered level by level, splitter by splitter from left to right,
left lane before right lane.

Every splitter maps ``a_left^dagger -> i r a_left^dagger + t a_right^dagger`` and
``a_right^dagger -> t a_left^dagger + i r a_right^dagger`` (the "backwards" transform of
the paper's creation operators), which is the column convention of
:mod:`qinternet.optics` with the block ``[[i r, t], [t, i r]]``.

Examples:
    >>> machine = pachinko(3)
    >>> machine.num_beam_splitters, machine.num_phase_shifters, machine.num_detectors
    (6, 6, 6)
    >>> machine.input_occupation(2, 0), machine.output_dimension(2)
    ((0, 0, 2, 0, 0, 0), 21)
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qinternet.errors import DimensionMismatchError, InvalidParameterError
from qinternet.optics.components import BeamSplitter, Component, Interferometer, PhaseShifter
from qinternet.optics.fock import hilbert_dimension

__all__ = ["PachinkoMachine", "pachinko"]


def _check_count(name: str, value: Any, minimum: int) -> int:
    if isinstance(value, bool | np.bool_):
        raise InvalidParameterError(name, value, "must be an integer, not a bool")
    try:
        count = operator.index(value)
    except TypeError as exc:
        raise InvalidParameterError(name, value, "must be an integer") from exc
    if count < minimum:
        raise InvalidParameterError(name, value, f"must be >= {minimum}")
    return count


@dataclass(frozen=True)
class PachinkoMachine:
    """A pachinko lattice of ``levels`` levels on ``2 * levels`` lanes.

    Build it with :func:`pachinko`. The resource counts are computed from the circuit.

    Attributes:
        levels: the number of levels ``L`` (>= 1).
        phases_rad: the ``L(L-1)`` phases (radians), in the order of the module docstring.
        reflectivity: the power reflectivity ``R = r^2`` shared by every splitter.
        interferometer: the circuit on ``2L`` modes.

    Raises:
        InvalidParameterError: for ``levels < 1`` or a reflectivity outside [0, 1].
        DimensionMismatchError: if ``phases_rad`` does not have ``L(L-1)`` entries.
    """

    levels: int
    phases_rad: tuple[float, ...]
    reflectivity: float = 0.5
    interferometer: Interferometer = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        levels = _check_count("levels", self.levels, 1)
        object.__setattr__(self, "levels", levels)
        expected = levels * (levels - 1)
        try:
            phases = tuple(float(phase) for phase in self.phases_rad)
        except (TypeError, ValueError) as exc:
            raise InvalidParameterError(
                "phases", self.phases_rad, "must be a sequence of real numbers"
            ) from exc
        if len(phases) != expected:
            raise DimensionMismatchError(
                "phases", self.phases_rad, f"needs L(L-1) = {expected} phases for L = {levels}"
            )
        if not all(math.isfinite(phase) for phase in phases):
            raise InvalidParameterError("phases", self.phases_rad, "must be finite")
        object.__setattr__(self, "phases_rad", phases)
        components: list[Component] = []
        remaining = iter(phases)
        for level in range(1, levels + 1):
            for j in range(level):
                left = levels - level + 2 * j
                components.append(BeamSplitter((left, left + 1), reflectivity=self.reflectivity))
                if level < levels:
                    components.append(PhaseShifter(left, next(remaining)))
                    components.append(PhaseShifter(left + 1, next(remaining)))
        object.__setattr__(self, "reflectivity", float(self.reflectivity))
        object.__setattr__(self, "interferometer", Interferometer(2 * levels, tuple(components)))

    @property
    def num_modes(self) -> int:
        """Number of lanes (input modes = output modes), ``2L``."""
        return self.interferometer.num_modes

    @property
    def num_beam_splitters(self) -> int:
        """Number of beam splitters, ``L(L+1)/2`` (counted in the circuit)."""
        return self.interferometer.num_beam_splitters

    @property
    def num_phase_shifters(self) -> int:
        """Number of phase shifters, ``L(L-1)`` (counted in the circuit)."""
        return self.interferometer.num_phase_shifters

    @property
    def num_detectors(self) -> int:
        """Number of photon-number-resolving detectors, one per lane: ``2L``."""
        return self.interferometer.num_modes

    @property
    def num_internal_modes(self) -> int:
        """Number of internal (splitter-to-splitter) lane segments, ``L(L-1)``.

        Both outputs of every splitter above the last level feed the next level.
        """
        return sum(2 * level for level in range(1, self.levels))

    @property
    def unitary(self) -> NDArray[np.complex128]:
        """The ``2L x 2L`` unitary of the lattice (read-only)."""
        return self.interferometer.unitary

    @property
    def input_modes(self) -> tuple[int, int]:
        """The lanes ``(L - 1, L)`` where ``|N>`` and ``|M>`` enter."""
        return (self.levels - 1, self.levels)

    def output_dimension(self, num_photons: int) -> int:
        """Dimension ``C(N + 2L - 1, N)`` of the output space of ``num_photons`` photons.

        The paper's Eq. (5): the number of ways ``N`` indistinguishable photons spread
        over the ``2L`` detectors (exact integer).

        Raises:
            InvalidParameterError: if ``num_photons`` is negative or not an integer.

        Examples:
            >>> pachinko(3).output_dimension(2), pachinko(10).output_dimension(10)
            (21, 20030010)
        """
        return hilbert_dimension(num_photons, self.num_modes)

    def input_occupation(self, n_photons_left: int, m_photons_right: int = 0) -> tuple[int, ...]:
        """The input occupation ``|N>`` on lane ``L-1``, ``|M>`` on lane ``L``, vacuum elsewhere.

        Raises:
            InvalidParameterError: if a photon number is negative or not an integer.
        """
        left = _check_count("n_photons_left", n_photons_left, 0)
        right = _check_count("m_photons_right", m_photons_right, 0)
        occupation = [0] * self.num_modes
        occupation[self.levels - 1] = left
        occupation[self.levels] = right
        return tuple(occupation)


def pachinko(
    levels: int, *, reflectivity: float = 0.5, phases: Sequence[float] | None = None
) -> PachinkoMachine:
    """The quantum pachinko machine of ``levels`` levels (Gard et al., Fig. 1).

    Args:
        levels: the numerical depth ``L`` (>= 1); the machine has ``2L`` lanes.
        reflectivity: power reflectivity ``R`` in [0, 1] of every splitter (0.5: 50/50).
        phases: the ``L(L-1)`` phase-shifter settings in radians (module docstring for
            the order); ``None`` sets them all to zero, as in the paper's example.

    Returns:
        The :class:`PachinkoMachine`, with its interferometer and resource counts.

    Raises:
        InvalidParameterError: for ``levels < 1``, a reflectivity outside [0, 1] or a
            non-finite phase.
        DimensionMismatchError: if ``phases`` does not have ``L(L-1)`` entries.

    References:
        B. T. Gard, R. M. Cross, M. B. Kim, H. Lee and J. P. Dowling, "Classical computers
        very likely can not efficiently simulate multimode linear optical interferometers
        with arbitrary Fock-state inputs - an elementary argument", arXiv:1304.4206 (2013).

    Examples:
        >>> import numpy as np
        >>> machine = pachinko(3)
        >>> u = machine.unitary
        >>> a1, a2 = u[0, 2], u[1, 2]  # paper: alpha_1 = i r t^2, alpha_2 = -r^2 t
        >>> bool(np.isclose(a1, 1j / (2 * np.sqrt(2))) and np.isclose(a2, -1 / (2 * np.sqrt(2))))
        True
        >>> round(float(2 * abs(a1) ** 2 * abs(a2) ** 2), 12)  # P(1,1,0,0,0,0), |2>|0>
        0.03125
    """
    num_levels = _check_count("levels", levels, 1)
    if phases is None:
        phases = (0.0,) * (num_levels * (num_levels - 1))
    elif isinstance(phases, str | bytes) or not isinstance(phases, Sequence | np.ndarray):
        raise InvalidParameterError("phases", phases, "must be a sequence of real numbers")
    return PachinkoMachine(num_levels, tuple(phases), reflectivity=reflectivity)
