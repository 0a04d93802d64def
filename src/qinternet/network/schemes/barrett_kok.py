"""The ``barrett_kok`` scheme of a scenario: two-photon heralding at a midpoint station.

Examples:
    >>> BarrettKokScheme(kind="barrett_kok", visibility=0.9).visibility
    0.9
"""

from __future__ import annotations

from typing import Literal

from qinternet.network._strict import Probability
from qinternet.network.schemes.multimode import MultimodeScheme
from qinternet.network.schemes.registry import LinkInputs, SchemeOutcome

__all__ = ["BarrettKokScheme", "build"]


class BarrettKokScheme(MultimodeScheme):
    """Two-photon heralding (Barrett & Kok 2005); ``visibility`` is the HOM visibility."""

    kind: Literal["barrett_kok"]
    visibility: Probability = 1.0


def build(scheme: BarrettKokScheme, link: LinkInputs) -> SchemeOutcome:
    """One Barrett-Kok attempt over ``link``'s arms (:func:`barrett_kok_link`)."""
    from qinternet.physics.links.barrett_kok import barrett_kok_link

    outcome = barrett_kok_link(
        link.efficiencies,
        **link.station_arguments,
        visibility=scheme.visibility,
        initialisation_error=link.initialisation_errors,
    )
    return SchemeOutcome(link.paced(outcome), link.station_delays_s)
