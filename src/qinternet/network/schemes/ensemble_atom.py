"""The ``ensemble_atom`` scheme of a scenario: DLCZ heralding between unlike nodes.

The link's first node is an atomic ensemble (its ``ensemble:`` section or preset gives
``p``), the second a single atom in a cavity (``cavity:`` here gives (g, kappa, gamma) /
2 pi and the outcoupling; its extraction efficiency multiplies the atom's arm). The two
photons' modes (``ensemble_photon``, ``atom_photon``) set the two-photon visibility
through :func:`~qinternet.physics.devices.photon_modes.hom_visibility`
(:func:`~qinternet.physics.links.ensemble_atom.ensemble_atom_link`).

Examples:
    >>> mode = PhotonModeSection(shape="exponential", duration_s=30e-9)
    >>> round(mode.model().decay_rate_hz / 1e6, 4)
    33.3333
    >>> EnsembleAtomScheme(kind="ensemble_atom").atom_excitation_probability is None
    True
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field

from qinternet.network._strict import OpenProbability, Probability, Strict
from qinternet.network.schemes.registry import LinkInputs, SchemeOutcome, SchemeSpec

if TYPE_CHECKING:  # the physics of a scheme loads when a link of it is built
    from qinternet.physics.devices.cavity import CavityInterface
    from qinternet.physics.devices.photon_modes import ExponentialMode, GaussianMode

__all__ = ["CavitySection", "EnsembleAtomScheme", "PhotonModeSection", "build"]

Rate = Annotated[float, Field(gt=0.0, le=1e15)]
Duration = Annotated[float, Field(ge=1e-15, le=1.0)]
Delay = Annotated[float, Field(ge=-1.0, le=1.0)]
Detuning = Annotated[float, Field(ge=-1e15, le=1e15)]


class PhotonModeSection(Strict):
    """A photon's temporal mode: ``gaussian`` (``duration_s`` the standard deviation of
    its intensity, centred at ``delay_s``) or ``exponential`` (``duration_s`` the
    emitter's lifetime, starting at ``delay_s``), ``detuning_hz`` from a common
    reference frequency. Ranges: a duration from 1 fs to 1 s, a delay within 1 s, a
    detuning within 1e15 Hz (beyond them the overlap integrals overflow)."""

    shape: Literal["gaussian", "exponential"]
    duration_s: Duration
    delay_s: Delay = 0.0
    detuning_hz: Detuning = 0.0

    def model(self) -> GaussianMode | ExponentialMode:
        """The :mod:`~qinternet.physics.devices.photon_modes` model of this section."""
        from qinternet.physics.devices.photon_modes import ExponentialMode, GaussianMode

        frequency = 2.0 * math.pi * self.detuning_hz
        if self.shape == "gaussian":
            return GaussianMode(self.duration_s, self.delay_s, frequency)
        return ExponentialMode(1.0 / self.duration_s, self.delay_s, frequency)


class CavitySection(Strict):
    """The fields of :class:`CavityInterface`: (g, kappa, gamma) / 2 pi in Hz and the
    fraction of cavity decay through the output mirror (rates up to 1e15 Hz)."""

    coupling_g_hz: Rate
    cavity_decay_kappa_hz: Rate
    atomic_decay_gamma_hz: Rate
    outcoupling_fraction: Probability = 1.0

    def model(self) -> CavityInterface:
        """The device model."""
        from qinternet.physics.devices.cavity import CavityInterface

        return CavityInterface(**self.model_dump())


class EnsembleAtomScheme(SchemeSpec):
    """DLCZ heralding between an ensemble (first node) and a cavity atom (second node)
    (Kimble 2008): write probability ``p`` (default: the first node's ensemble), the
    atom's Raman flip probability (default: the second node's emitter alpha), its
    cavity, both photons' modes (both or neither) and the residual optical phase."""

    kind: Literal["ensemble_atom"]
    excitation_probability: OpenProbability | None = None
    atom_excitation_probability: OpenProbability | None = None
    cavity: CavitySection | None = None
    ensemble_photon: PhotonModeSection | None = None
    atom_photon: PhotonModeSection | None = None
    phase_std_rad: float = Field(0.0, ge=0.0)


def build(scheme: EnsembleAtomScheme, link: LinkInputs) -> SchemeOutcome:
    """One write-and-herald attempt over ``link``'s arms (:func:`ensemble_atom_link`).

    Raises:
        ScenarioError: if the first node has no ensemble, the atom's flip probability is
            set nowhere, or only one photon mode is given.
    """
    from qinternet.physics.links.ensemble_atom import ensemble_atom_link

    ensemble = link.a.ensemble
    if ensemble is None:
        raise link.missing("kind", "the link's first node must hold an atomic ensemble")
    alpha = scheme.atom_excitation_probability or link.b.emitter.bright_state_population
    if alpha is None:
        raise link.missing(
            "atom_excitation_probability", "needed (the second node's emitter sets none)"
        )
    modes = (scheme.ensemble_photon, scheme.atom_photon)
    if (modes[0] is None) != (modes[1] is None):
        missing = "ensemble_photon" if modes[0] is None else "atom_photon"
        raise link.missing(missing, "give both photon modes or neither")
    outcome = ensemble_atom_link(
        scheme.excitation_probability or ensemble.excitation_probability,
        alpha,
        link.efficiencies,
        cavity=None if scheme.cavity is None else scheme.cavity.model(),
        ensemble_mode=None if modes[0] is None else modes[0].model(),
        atom_mode=None if modes[1] is None else modes[1].model(),
        **link.station_arguments,
        phase_std_rad=scheme.phase_std_rad,
    )
    return SchemeOutcome(link.paced(outcome), link.station_delays_s)
