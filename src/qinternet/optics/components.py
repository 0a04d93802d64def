"""Linear-optical components and the interferometers built from them.

Convention (see :mod:`qinternet.optics`): a component acting on modes ``(i, j)`` is a
2x2 unitary block ``B`` with ``a_i^dagger -> B[0, 0] b_i^dagger + B[1, 0] b_j^dagger``
and ``a_j^dagger -> B[0, 1] b_i^dagger + B[1, 1] b_j^dagger``; the interferometer's
``m x m`` unitary is the product of the embedded blocks, the first component applied
being the rightmost factor.

A :class:`BeamSplitter` of power reflectivity ``R`` and phase ``phi`` has the block

.. code-block:: text

    B = [[i r e^{i phi}, t],
         [t e^{i phi},   i r]]      r = sqrt(R), t = sqrt(1 - R),

i.e. a phase ``phi`` on mode ``i`` followed by the symmetric splitter of Gard et al.
(``a_left^dagger -> i r a_left^dagger + t a_right^dagger``): a photon that "reflects"
stays on its own mode and picks up the factor ``i``.

Examples:
    >>> import numpy as np
    >>> circuit = Interferometer(2, [BeamSplitter((0, 1)), BeamSplitter((0, 1))])
    >>> bool(np.allclose(circuit.unitary, [[0, 1j], [1j, 0]]))  # a swap, up to the phase i
    True
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeAlias

import numpy as np
from numpy.typing import NDArray

from qinternet.core.errors import DimensionMismatchError, InvalidParameterError
from qinternet.core.validation import check_count, check_finite, check_unit_interval

__all__ = [
    "BeamSplitter",
    "Component",
    "Interferometer",
    "PhaseShifter",
    "haar_random_unitary",
]


@dataclass(frozen=True)
class BeamSplitter:
    """A lossless beam splitter on two modes, with a phase on its first input.

    Attributes:
        modes: the two distinct mode indices ``(i, j)`` it couples (``i`` is "left").
        reflectivity: power reflectivity ``R`` in [0, 1]; ``0.5`` is a 50/50 splitter.
        phase_rad: phase ``phi`` (radians) applied to mode ``i`` before the splitter.

    The block is ``[[i r e^{i phi}, t], [t e^{i phi}, i r]]`` with ``r = sqrt(R)``,
    ``t = sqrt(1 - R)`` (module docstring).

    Raises:
        InvalidParameterError: naming ``modes``, ``reflectivity`` or ``phase_rad``.

    References:
        B. T. Gard et al., "Classical computers very likely can not efficiently simulate
        multimode linear optical interferometers with arbitrary Fock-state inputs - an
        elementary argument", arXiv:1304.4206 (2013) (the splitter convention).

    Examples:
        >>> import numpy as np
        >>> np.round(BeamSplitter((0, 1), reflectivity=0.5).block * np.sqrt(2), 12)
        array([[0.+1.j, 1.+0.j],
               [1.+0.j, 0.+1.j]])
        >>> BeamSplitter((0, 1), reflectivity=1.5)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: reflectivity=1.5: must lie in [0, 1]
    """

    modes: tuple[int, int]
    reflectivity: float = 0.5
    phase_rad: float = 0.0

    def __post_init__(self) -> None:
        if not isinstance(self.modes, tuple | list) or len(self.modes) != 2:
            raise InvalidParameterError("modes", self.modes, "must be a pair of mode indices")
        first = check_count(self.modes[0], "modes")
        second = check_count(self.modes[1], "modes")
        if first == second:
            raise InvalidParameterError("modes", self.modes, "the two modes must differ")
        object.__setattr__(self, "modes", (first, second))
        reflectivity = check_unit_interval(self.reflectivity, "reflectivity")
        object.__setattr__(self, "reflectivity", reflectivity)
        object.__setattr__(self, "phase_rad", check_finite(self.phase_rad, "phase_rad"))

    @classmethod
    def from_angle(
        cls, modes: tuple[int, int], angle_rad: float, phase_rad: float = 0.0
    ) -> BeamSplitter:
        """The splitter with ``r = |cos(angle)|``, ``t = |sin(angle)|`` (``R = cos^2``).

        Examples:
            >>> BeamSplitter.from_angle((0, 1), np.pi / 3).reflectivity  # doctest: +ELLIPSIS
            0.25...
        """
        angle = check_finite(angle_rad, "angle_rad")
        return cls(modes, reflectivity=math.cos(angle) ** 2, phase_rad=phase_rad)

    @property
    def block(self) -> NDArray[np.complex128]:
        """The 2x2 unitary on ``(a_i, a_j)`` (columns: inputs, rows: outputs)."""
        r = math.sqrt(self.reflectivity)
        t = math.sqrt(1.0 - self.reflectivity)
        phase = complex(math.cos(self.phase_rad), math.sin(self.phase_rad))
        return np.array([[1j * r * phase, t], [t * phase, 1j * r]], dtype=np.complex128)


@dataclass(frozen=True)
class PhaseShifter:
    """A phase shifter ``exp(i phi n)`` on one mode: ``a^dagger -> e^{i phi} a^dagger``.

    Attributes:
        mode: the mode index (>= 0).
        phase_rad: the phase ``phi`` in radians.

    Raises:
        InvalidParameterError: naming ``mode`` or ``phase_rad``.

    Examples:
        >>> abs(PhaseShifter(2, np.pi).factor - (-1)) < 1e-15
        True
    """

    mode: int
    phase_rad: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "mode", check_count(self.mode, "mode"))
        object.__setattr__(self, "phase_rad", check_finite(self.phase_rad, "phase_rad"))

    @property
    def factor(self) -> complex:
        """The factor ``e^{i phi}`` multiplying the mode's creation operator."""
        return complex(math.cos(self.phase_rad), math.sin(self.phase_rad))


Component: TypeAlias = BeamSplitter | PhaseShifter


def _compose(num_modes: int, components: Iterable[Component]) -> NDArray[np.complex128]:
    """Product of the embedded components; each touches only its own rows (O(m) per step)."""
    unitary = np.eye(num_modes, dtype=np.complex128)
    for component in components:
        if isinstance(component, PhaseShifter):
            unitary[component.mode, :] *= component.factor
        else:
            i, j = component.modes
            unitary[[i, j], :] = component.block @ unitary[[i, j], :]
    return unitary


@dataclass(frozen=True)
class Interferometer:
    """A passive linear-optical circuit: components applied in order on ``num_modes`` modes.

    Attributes:
        num_modes: number of optical modes (>= 1).
        components: the beam splitters and phase shifters, first applied first.

    Raises:
        InvalidParameterError: if ``num_modes < 1`` or a component is of another type.
        DimensionMismatchError: if a component acts on a mode ``>= num_modes``.

    Examples:
        >>> hom = Interferometer(2, [BeamSplitter((0, 1))])
        >>> hom.num_beam_splitters, hom.num_phase_shifters
        (1, 0)
        >>> bool(np.allclose(hom.unitary @ hom.unitary.conj().T, np.eye(2)))
        True
    """

    num_modes: int
    components: tuple[Component, ...] = field(default_factory=tuple)
    _unitary: NDArray[np.complex128] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        num_modes = check_count(self.num_modes, "num_modes", 1)
        object.__setattr__(self, "num_modes", num_modes)
        components = tuple(self.components)
        for index, component in enumerate(components):
            if isinstance(component, BeamSplitter):
                largest = max(component.modes)
            elif isinstance(component, PhaseShifter):
                largest = component.mode
            else:
                raise InvalidParameterError(
                    f"components[{index}]", component, "must be a BeamSplitter or PhaseShifter"
                )
            if largest >= num_modes:
                raise DimensionMismatchError(
                    f"components[{index}]", component, f"acts on mode {largest} >= {num_modes}"
                )
        object.__setattr__(self, "components", components)
        unitary = _compose(num_modes, components)
        unitary.setflags(write=False)
        object.__setattr__(self, "_unitary", unitary)

    @property
    def unitary(self) -> NDArray[np.complex128]:
        """The ``num_modes x num_modes`` unitary (read-only array; copy to modify)."""
        return self._unitary

    @property
    def num_beam_splitters(self) -> int:
        """Number of :class:`BeamSplitter` components."""
        return sum(isinstance(component, BeamSplitter) for component in self.components)

    @property
    def num_phase_shifters(self) -> int:
        """Number of :class:`PhaseShifter` components."""
        return sum(isinstance(component, PhaseShifter) for component in self.components)


def haar_random_unitary(num_modes: int, rng: np.random.Generator) -> NDArray[np.complex128]:
    """A unitary drawn from the Haar measure on U(num_modes).

    QR decomposition of a complex Ginibre matrix, with the phases of ``R``'s diagonal
    moved into ``Q`` so that the distribution is exactly Haar.

    Args:
        num_modes: matrix size (>= 1).
        rng: the random stream.

    Raises:
        InvalidParameterError: if ``num_modes < 1``.

    References:
        F. Mezzadri, "How to generate random matrices from the classical compact
        groups", Notices AMS 54, 592 (2007), arXiv:math-ph/0609050.

    Examples:
        >>> u = haar_random_unitary(4, np.random.default_rng(1))
        >>> bool(np.allclose(u.conj().T @ u, np.eye(4)))
        True
    """
    check_count(num_modes, "num_modes", 1)
    if not isinstance(rng, np.random.Generator):
        raise InvalidParameterError("rng", rng, "must be a numpy.random.Generator")
    shape = (int(num_modes), int(num_modes))
    ginibre = (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)) / math.sqrt(2.0)
    q, r = np.linalg.qr(ginibre)
    diagonal = np.diagonal(r)
    phases = diagonal / np.abs(diagonal)
    return np.ascontiguousarray(q * phases[np.newaxis, :], dtype=np.complex128)
