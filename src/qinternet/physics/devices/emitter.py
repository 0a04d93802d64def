"""Photon emitters of quantum nodes: the efficiency chain from excitation to fibre.

A node's emitter (an NV or SiV centre, a trapped atom, a transmon's emission line)
turns a memory excitation into a photon in the link's fibre with probability

    photon_efficiency = emission * collection * conversion * coupling,

the product of the efficiencies along the chain (emission into the useful mode, for
the NV centre the zero-phonon line; collection by the optics; frequency conversion to
the telecom band; coupling into the fibre). Single-click (Cabrillo) heralding prepares
the memory in sqrt(1 - alpha)|0> + sqrt(alpha)|1> before the excitation pulse, so only
the bright-state population alpha emits; it trades rate (p ~ 2 alpha eta) against
fidelity (F ~ 1 - alpha).

An optical excitation pulse that is not short against the excited-state lifetime can
excite the bright state twice (double excitation, probability p_2 per pulse): the first
photon falls inside the pulse and is filtered out, but it reveals the spin state, so the
spin-photon coherence shrinks by sqrt(1 - p_2) (see
:func:`qinternet.physics.links.single_click_link`). For NV centres p_2 ~ 0.04
(Humphreys et al. 2018, Supplementary Information).

References:
    C. Cabrillo, J. I. Cirac, P. Garcia-Fernandez, P. Zoller, "Creation of entangled
    states of distant atoms by interference", Phys. Rev. A 59, 1025 (1999),
    doi:10.1103/PhysRevA.59.1025.
    P. C. Humphreys et al., "Deterministic delivery of remote entanglement on a quantum
    network", Nature 558, 268 (2018), arXiv:1712.07567 (bright-state population alpha;
    Supplementary Information: double excitation).
    B. Hensen et al., "Loophole-free Bell inequality violation using electron spins
    separated by 1.3 kilometres", Nature 526, 682 (2015), arXiv:1508.05949
    (Supplementary Information: double excitation in the optical pi pulse).

Examples:
    >>> emitter = Emitter(emission_efficiency=0.03, collection_efficiency=0.1,
    ...                   bright_state_population=0.1)
    >>> round(emitter.photon_efficiency, 6)
    0.003
    >>> round(emitter.bright_photon_probability, 6)  # alpha * photon_efficiency
    0.0003
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from qinternet.core.errors import InvalidParameterError
from qinternet.core.validation import check_non_negative, check_positive, check_probability


@dataclass(frozen=True)
class Emitter:
    """A node's photon source: efficiencies, bright-state population and attempt rate.

    Args:
        emission_efficiency: probability that an excitation emits a photon into the
            useful mode (e.g. the zero-phonon-line fraction), in [0, 1].
        collection_efficiency: probability that the emitted photon is collected by the
            optics, in [0, 1].
        conversion_efficiency: efficiency of frequency conversion to the link
            wavelength (1.0: no conversion), in [0, 1].
        coupling_efficiency: probability of entering the link fibre, in [0, 1].
        bright_state_population: alpha of single-click heralding, in the open interval
            (0, 1); ``None`` for schemes that do not use it.
        max_attempt_rate_hz: largest rate of excitation attempts in Hz (> 0; ``inf``:
            no limit of the emitter itself).
        double_excitation_probability: probability that one optical excitation pulse
            excites the bright state twice (the first photon is lost and reveals the
            spin state), in [0, 1]; default 0.
        conversion_noise_rate_hz: noise photons per second that the node's frequency
            converter puts into the link fibre after its filters (Raman and parametric
            noise; :mod:`qinternet.physics.devices.conversion`), >= 0; default 0.
        duty_cycle: fraction of wall-clock time the node can attempt; the rest goes to
            checks between attempt blocks (charge-resonance checks, recalibration;
            :func:`~qinternet.physics.devices.node_operations.block_duty_cycle`), in
            (0, 1]; default 1.

    Raises:
        InvalidParameterError: naming the field, for efficiencies or the double
            excitation probability outside [0, 1], alpha outside (0, 1), a non-positive
            rate, NaN or wrong types.

    References:
        Cabrillo et al., Phys. Rev. A 59, 1025 (1999), doi:10.1103/PhysRevA.59.1025;
        Hensen et al., Nature 526, 682 (2015), arXiv:1508.05949 (double excitation).

    Examples:
        >>> Emitter(double_excitation_probability=0.04).double_excitation_probability
        0.04
        >>> Emitter(bright_state_population=1.0)
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: bright_state_population=1.0: must lie in the open interval (0, 1)
    """

    emission_efficiency: float = 1.0
    collection_efficiency: float = 1.0
    conversion_efficiency: float = 1.0
    coupling_efficiency: float = 1.0
    bright_state_population: float | None = None
    max_attempt_rate_hz: float = math.inf
    double_excitation_probability: float = 0.0
    conversion_noise_rate_hz: float = 0.0
    duty_cycle: float = 1.0

    def __post_init__(self) -> None:
        for name in (
            "emission_efficiency",
            "collection_efficiency",
            "conversion_efficiency",
            "coupling_efficiency",
            "double_excitation_probability",
        ):
            object.__setattr__(self, name, check_probability(getattr(self, name), name))
        if self.bright_state_population is not None:
            alpha = check_probability(
                self.bright_state_population, "bright_state_population", open_interval=True
            )
            object.__setattr__(self, "bright_state_population", alpha)
        rate = check_positive(self.max_attempt_rate_hz, "max_attempt_rate_hz", "Hz", allow_inf=True)
        object.__setattr__(self, "max_attempt_rate_hz", rate)
        noise = check_non_negative(self.conversion_noise_rate_hz, "conversion_noise_rate_hz", "Hz")
        object.__setattr__(self, "conversion_noise_rate_hz", noise)
        duty = check_probability(self.duty_cycle, "duty_cycle")
        if duty == 0.0:
            raise InvalidParameterError("duty_cycle", self.duty_cycle, "must lie in (0, 1]")
        object.__setattr__(self, "duty_cycle", duty)

    @property
    def photon_efficiency(self) -> float:
        """Probability that an excitation puts a photon into the fibre (product of the chain)."""
        return (
            self.emission_efficiency
            * self.collection_efficiency
            * self.conversion_efficiency
            * self.coupling_efficiency
        )

    @property
    def alpha(self) -> float:
        """The bright-state population (alpha) of single-click heralding.

        Raises:
            InvalidParameterError: if this emitter has none (``bright_state_population``
                is ``None``).
        """
        if self.bright_state_population is None:
            raise InvalidParameterError(
                "bright_state_population",
                None,
                "is not set for this emitter (single-click needs it)",
            )
        return self.bright_state_population

    @property
    def bright_photon_probability(self) -> float:
        """Probability alpha * photon_efficiency that a single-click attempt puts a photon in the fibre."""
        return self.alpha * self.photon_efficiency

    @property
    def min_attempt_duration_s(self) -> float:
        """Shortest time between attempts, 1 / max_attempt_rate_hz (0 without a limit)."""
        return 1.0 / self.max_attempt_rate_hz
