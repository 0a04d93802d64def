"""The ``sequential`` scheme of a scenario: one photon visits both nodes' cavities in turn.

Examples:
    >>> SequentialScheme(kind="sequential", reflectivity=0.5, contrast=10).uses_station
    False
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from qinternet.network._strict import Probability
from qinternet.network.schemes.registry import LinkInputs, SchemeOutcome, SchemeSpec

__all__ = ["SequentialScheme", "build"]


class SequentialScheme(SchemeSpec):
    """One photon reflects off node A's cavity, travels the loop, then node B
    (Knaut et al. 2024). ``contrast`` = R_1 / R_0 (>= 1)."""

    kind: Literal["sequential"]
    reflectivity: Probability
    contrast: float = Field(ge=1.0)
    uses_station: ClassVar[bool] = False


def build(scheme: SequentialScheme, link: LinkInputs) -> SchemeOutcome:
    """One attempt around the node-to-node loop (:func:`sequential_link`).

    The herald reaches node A after the loop there and back, node B after one pass.
    """
    from qinternet.physics.links.sequential import sequential_link

    loop = link.whole
    outcome = sequential_link(
        scheme.reflectivity,
        scheme.contrast,
        loop_transmission=loop.transmission,
        detector_efficiency=link.detector.efficiency,
        loop_length_m=loop.length_m,
        group_velocity_m_per_s=loop.group_velocity_m_per_s,
        initialisation_error=link.initialisation_errors,
    )
    return SchemeOutcome(outcome, (2 * loop.delay_s, loop.delay_s))
