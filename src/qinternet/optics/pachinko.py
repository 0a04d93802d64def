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
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from qinternet.core.errors import DimensionMismatchError, InvalidParameterError
from qinternet.core.validation import check_count
from qinternet.optics.components import BeamSplitter, Component, Interferometer, PhaseShifter
from qinternet.optics.fock import hilbert_dimension
from qinternet.optics.two_port import AmplitudeEstimate, TwoPortInput

__all__ = ["PachinkoMachine", "pachinko", "search_likely_outcomes"]


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
        levels = check_count(self.levels, "levels", 1)
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
        left = check_count(n_photons_left, "n_photons_left", 0)
        right = check_count(m_photons_right, "m_photons_right", 0)
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
    num_levels = check_count(levels, "levels", 1)
    if phases is None:
        phases = (0.0,) * (num_levels * (num_levels - 1))
    elif isinstance(phases, str | bytes) or not isinstance(phases, Sequence | np.ndarray):
        raise InvalidParameterError("phases", phases, "must be a sequence of real numbers")
    return PachinkoMachine(num_levels, tuple(phases), reflectivity=reflectivity)


def _distinguishable_mode_occupation(source: TwoPortInput) -> NDArray[np.int64]:
    """The most likely occupation of a multinomial with the two ports' mean intensities.

    Exact for ``M = 0`` (then the output statistics are multinomial); a starting point
    otherwise. Built by adding photons one at a time where ``p_k / (t_k + 1)`` is largest
    (optimal because ``log P`` is separable and concave in the occupations).
    """
    (n, m), (i, j) = source.photons, source.input_modes
    intensities = n * np.abs(source.unitary[:, i]) ** 2 + m * np.abs(source.unitary[:, j]) ** 2
    occupation = np.zeros(source.num_modes, dtype=np.int64)
    for _ in range(source.num_photons):
        occupation[int(np.argmax(intensities / (occupation + 1)))] += 1
    return occupation


def search_likely_outcomes(
    source: TwoPortInput,
    *,
    num_steps: int,
    rng: np.random.Generator,
    num_kept: int = 10,
    final_inverse_temperature: float = 10.0,
) -> list[tuple[tuple[int, ...], AmplitudeEstimate]]:
    """Likely output occupations found by an annealed Metropolis walk over outcomes.

    The walk starts at the most likely occupation of distinguishable photons and
    proposes moving one photon from a random occupied detector to a random other one;
    it accepts with the Metropolis-Hastings rule for the target ``P(t)^beta``, the
    inverse temperature ``beta`` rising linearly from 1 to ``final_inverse_temperature``
    so that the walk settles near a maximum. Each step costs one two-port probability
    by the fast polynomial route; the output space is never enumerated. The best
    outcomes visited are then re-evaluated with :meth:`TwoPortInput.estimate` (error
    estimate included). They are not certified to be the most likely of the whole space.

    Args:
        source: the two-port input and interferometer.
        num_steps: number of proposed moves (>= 0).
        rng: the random stream (the result is reproducible from its seed).
        num_kept: how many of the most likely distinct outcomes visited to return (>= 1).
        final_inverse_temperature: ``beta`` at the last step (>= 1).

    Returns:
        Up to ``num_kept`` distinct occupations visited whose probability is resolved
        from zero (estimated relative error below 1), with
        their amplitude estimates (``.log_probability``, ``.relative_error``), most
        likely first.

    Raises:
        InvalidParameterError: for a negative ``num_steps``, ``num_kept < 1`` or ``beta < 1``.

    References:
        N. Metropolis et al., J. Chem. Phys. 21, 1087 (1953), doi:10.1063/1.1699114;
        S. Kirkpatrick, C. D. Gelatt and M. P. Vecchi, Science 220, 671 (1983),
        doi:10.1126/science.220.4598.671.

    Examples:
        >>> import numpy as np
        >>> splitter = np.array([[1j, 1], [1, 1j]]) / np.sqrt(2)
        >>> source = TwoPortInput(splitter, (0, 1), (1, 1))
        >>> found = search_likely_outcomes(source, num_steps=20, rng=np.random.default_rng(0))
        >>> [(t, round(float(np.exp(e.log_probability)), 12)) for t, e in found]
        [((2, 0), 0.5)]
    """
    check_count(num_steps, "num_steps")
    check_count(num_kept, "num_kept", 1)
    beta_final = float(final_inverse_temperature)
    if not (math.isfinite(beta_final) and beta_final >= 1.0):
        raise InvalidParameterError(
            "final_inverse_temperature", final_inverse_temperature, "must be finite and >= 1"
        )
    current = _distinguishable_mode_occupation(source)
    current_log_p = source.fast_log_probability(current)
    visited: dict[tuple[int, ...], float] = {tuple(current.tolist()): current_log_p}
    if source.num_modes < 2 or source.num_photons == 0:
        num_steps = 0
    for step in range(int(num_steps)):
        beta = 1.0 + (beta_final - 1.0) * step / max(int(num_steps) - 1, 1)
        occupied = np.flatnonzero(current)
        origin = int(occupied[rng.integers(occupied.size)])
        target = int(rng.integers(source.num_modes - 1))
        target += target >= origin
        proposal = current.copy()
        proposal[origin] -= 1
        proposal[target] += 1
        key = tuple(proposal.tolist())
        proposal_log_p = visited.get(key)
        if proposal_log_p is None:
            proposal_log_p = source.fast_log_probability(proposal)
            visited[key] = proposal_log_p
        # Hastings factor: the reverse move picks among the proposal's occupied modes.
        log_hastings = math.log(occupied.size / np.count_nonzero(proposal))
        if current_log_p == -math.inf:
            accept = True
        elif proposal_log_p == -math.inf:
            accept = False
        else:
            log_ratio = beta * (proposal_log_p - current_log_p) + log_hastings
            accept = log_ratio >= 0.0 or rng.random() < math.exp(log_ratio)
        if accept:
            current, current_log_p = proposal, proposal_log_p
    # Re-evaluate the best candidates carefully (the fast values may have lost digits).
    candidates = sorted(visited.items(), key=lambda item: item[1], reverse=True)
    estimates = [
        (occupation, source.estimate(occupation))
        for occupation, _ in candidates[: 2 * int(num_kept)]
    ]
    # Leave out outcomes whose amplitude is not resolved from zero (interference nulls).
    estimates = [e for e in estimates if e[1].mantissa != 0 and e[1].relative_error < 1.0]
    estimates.sort(key=lambda item: item[1].log_probability, reverse=True)
    return estimates[: int(num_kept)]
