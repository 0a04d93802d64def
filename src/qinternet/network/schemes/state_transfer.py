"""The ``state_transfer`` scheme of a scenario: deterministic emission and absorption.

Examples:
    >>> StateTransferScheme(kind="state_transfer").absorption_efficiency
    1.0
"""

from __future__ import annotations

from typing import ClassVar, Literal

from qinternet.network._strict import Probability
from qinternet.network.schemes.registry import LinkInputs, SchemeOutcome, SchemeSpec
from qinternet.physics.links import transfer_link

__all__ = ["StateTransferScheme", "build"]


class StateTransferScheme(SchemeSpec):
    """Deterministic emission and absorption (Cirac et al. 1997; Kurpiers et al. 2018)."""

    kind: Literal["state_transfer"]
    emission_efficiency: Probability = 1.0
    absorption_efficiency: Probability = 1.0
    uses_station: ClassVar[bool] = False


def build(scheme: StateTransferScheme, link: LinkInputs) -> SchemeOutcome:
    """One transfer from node A to node B over the whole fibre (:func:`transfer_link`)."""
    fibre = link.whole
    outcome = transfer_link(
        fibre.transmission,
        emission_efficiency=scheme.emission_efficiency,
        absorption_efficiency=scheme.absorption_efficiency,
        length_m=fibre.length_m,
        group_velocity_m_per_s=fibre.group_velocity_m_per_s,
    )
    return SchemeOutcome(outcome, (fibre.delay_s, 0.0))
