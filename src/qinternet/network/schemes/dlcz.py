"""The ``dlcz`` scheme of a scenario: DLCZ heralding between atomic ensembles.

Examples:
    >>> DlczScheme(kind="dlcz", excitation_probability=0.01).phase_std_rad
    0.0
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from qinternet.network._strict import OpenProbability, Probability
from qinternet.network.schemes.multimode import MultimodeScheme
from qinternet.network.schemes.registry import LinkInputs, SchemeOutcome

__all__ = ["DlczScheme", "build"]


class DlczScheme(MultimodeScheme):
    """DLCZ heralding between atomic ensembles (Duan et al. 2001); excitation
    probability ``p`` per write (default: the nodes' ensemble), residual phase noise of
    the two field-1 paths and the photons' two-photon ``visibility``."""

    kind: Literal["dlcz"]
    excitation_probability: OpenProbability | None = None
    phase_std_rad: float = Field(0.0, ge=0.0)
    visibility: Probability = 1.0


def build(scheme: DlczScheme, link: LinkInputs) -> SchemeOutcome:
    """One DLCZ write-and-herald attempt over ``link``'s arms (:func:`dlcz_link`).

    Raises:
        ScenarioError: if neither the scheme nor the first node's ensemble sets ``p``.
    """
    from qinternet.physics.links.dlcz import dlcz_link

    ensemble = link.a.ensemble
    p = scheme.excitation_probability or (ensemble.excitation_probability if ensemble else None)
    if p is None:
        raise link.missing("excitation_probability", "needed (the nodes have no ensemble)")
    outcome = dlcz_link(
        p,
        link.efficiencies,
        **link.station_arguments,
        phase_std_rad=scheme.phase_std_rad,
        visibility=scheme.visibility,
    )
    return SchemeOutcome(link.paced(outcome), link.station_delays_s)
