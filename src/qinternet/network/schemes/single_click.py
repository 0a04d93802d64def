"""The ``single_click`` scheme of a scenario: single-photon heralding at a midpoint station.

``phase_stabilisation`` (optional) models the time-multiplexed stabilisation of a
deployed link (:class:`~qinternet.physics.devices.phase_noise.PhaseStabilisation`):
its residual phase error joins ``phase_std_rad`` (the coherence factors multiply) and
its duty cycle divides the attempt rate, with the nodes' ``emitter.duty_cycle``.

Examples:
    >>> SingleClickScheme(kind="single_click").bright_state_population is None
    True
    >>> section = PhaseStabilisationSection(residual_phase_std_rad=0.3, stabilisation_time_s=1)
    >>> section.model().duty_cycle
    0.5
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from qinternet.network._strict import OpenProbability, Probability, Strict
from qinternet.network.schemes.multimode import MultimodeScheme
from qinternet.network.schemes.registry import LinkInputs, SchemeOutcome

if TYPE_CHECKING:  # the physics of a scheme loads when a link of it is built
    from qinternet.physics.devices.phase_noise import PhaseStabilisation

__all__ = ["PhaseStabilisationSection", "SingleClickScheme", "build"]


class PhaseStabilisationSection(Strict):
    """The ``phase_stabilisation:`` section: the fields of :class:`PhaseStabilisation`
    (rad, rad^2/s, rad/s, s); ranges are checked by the model at build time."""

    residual_phase_std_rad: float = 0.0
    phase_diffusion_rad2_per_s: float = 0.0
    phase_drift_rate_rad_per_s: float = 0.0
    entangling_time_s: float = 1.0
    stabilisation_time_s: float = 0.0

    def model(self) -> PhaseStabilisation:
        """The device model (raises ``InvalidParameterError`` naming a bad field)."""
        from qinternet.physics.devices.phase_noise import PhaseStabilisation

        return PhaseStabilisation(**self.model_dump())


class SingleClickScheme(MultimodeScheme):
    """Single-photon heralding (Cabrillo 1999; Humphreys 2018) with bright-state
    population ``bright_state_population`` (default: the node's emitter alpha)."""

    kind: Literal["single_click"]
    bright_state_population: OpenProbability | None = None
    visibility: Probability = 1.0
    phase_std_rad: float = Field(0.0, ge=0.0)
    phase_stabilisation: PhaseStabilisationSection | None = None


def build(scheme: SingleClickScheme, link: LinkInputs) -> SchemeOutcome:
    """One single-click attempt over ``link``'s arms (:func:`single_click_link`).

    Raises:
        ScenarioError: if neither the scheme nor the first node's emitter sets alpha.
    """
    from qinternet.physics.links.single_click import single_click_link

    alpha = scheme.bright_state_population or link.a.emitter.bright_state_population
    if alpha is None:
        raise link.missing("bright_state_population", "needed (the nodes' emitters set none)")
    phase_std_rad, duty = scheme.phase_std_rad, 1.0
    if scheme.phase_stabilisation is not None:
        stabilisation = scheme.phase_stabilisation.model()
        # Independent Gaussian phases: the variances add.
        phase_std_rad = math.hypot(phase_std_rad, stabilisation.effective_phase_std_rad)
        duty = stabilisation.duty_cycle
    outcome = single_click_link(
        alpha,
        link.efficiencies,
        **link.station_arguments,
        visibility=scheme.visibility,
        phase_std_rad=phase_std_rad,
        initialisation_error=link.initialisation_errors,
        double_excitation_probability=(
            link.a.emitter.double_excitation_probability,
            link.b.emitter.double_excitation_probability,
        ),
    )
    return SchemeOutcome(link.paced(outcome, duty), link.station_delays_s)
