"""The ``single_click`` scheme of a scenario: single-photon heralding at a midpoint station.

Examples:
    >>> SingleClickScheme(kind="single_click").bright_state_population is None
    True
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from qinternet.network._strict import OpenProbability, Probability
from qinternet.network.schemes.registry import LinkInputs, SchemeOutcome, SchemeSpec
from qinternet.physics.links import single_click_link

__all__ = ["SingleClickScheme", "build"]


class SingleClickScheme(SchemeSpec):
    """Single-photon heralding (Cabrillo 1999; Humphreys 2018) with bright-state
    population ``bright_state_population`` (default: the node's emitter alpha)."""

    kind: Literal["single_click"]
    bright_state_population: OpenProbability | None = None
    visibility: Probability = 1.0
    phase_std_rad: float = Field(0.0, ge=0.0)


def build(scheme: SingleClickScheme, link: LinkInputs) -> SchemeOutcome:
    """One single-click attempt over ``link``'s arms (:func:`single_click_link`).

    Raises:
        ScenarioError: if neither the scheme nor the first node's emitter sets alpha.
    """
    alpha = scheme.bright_state_population or link.a.emitter.bright_state_population
    if alpha is None:
        raise link.missing("bright_state_population", "needed (the nodes' emitters set none)")
    outcome = single_click_link(
        alpha,
        link.efficiencies,
        **link.station_arguments,
        visibility=scheme.visibility,
        phase_std_rad=scheme.phase_std_rad,
        initialisation_error=link.initialisation_errors,
        double_excitation_probability=(
            link.a.emitter.double_excitation_probability,
            link.b.emitter.double_excitation_probability,
        ),
    )
    return SchemeOutcome(outcome, link.station_delays_s)
