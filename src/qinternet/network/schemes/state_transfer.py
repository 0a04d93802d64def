"""The ``state_transfer`` scheme of a scenario: deterministic emission and absorption.

Two ways to give the transfer:

* ``emission_efficiency`` and ``absorption_efficiency``: the transfer is amplitude
  damping of efficiency emission x line x absorption (:func:`transfer_link`);
* ``dynamics``: the device parameters, from which the cascaded master equation of
  :mod:`qinternet.physics.devices.transfer` computes the channel (resonator kappa,
  photon bandwidth, protocol time, line transmission besides the link's attenuation,
  thermal photons, pulse timing mismatch; each qubit's T1 and T2 are its node's
  ``memory``), and :func:`channel_transfer_link` the pair.

Examples:
    >>> StateTransferScheme(kind="state_transfer").absorption_efficiency
    1.0
    >>> StateTransferScheme(kind="state_transfer", dynamics={
    ...     "resonator_kappa_hz": 1e7, "photon_bandwidth_hz": 5e6, "protocol_time_s": 1e-6,
    ... }).dynamics.line_transmission
    1.0
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator

from qinternet.core.errors import ResourceLimitError
from qinternet.network._strict import Probability, Strict
from qinternet.network.schemes.registry import LinkInputs, SchemeOutcome, SchemeSpec

__all__ = ["StateTransferScheme", "TransferDynamicsSection", "build"]

Positive = Annotated[float, Field(gt=0.0, allow_inf_nan=False)]


class TransferDynamicsSection(Strict):
    """The device parameters of a transfer computed from its master equation."""

    resonator_kappa_hz: Positive
    photon_bandwidth_hz: Positive
    protocol_time_s: Positive
    line_transmission: Probability = 1.0
    line_thermal_photons: Annotated[float, Field(ge=0.0, allow_inf_nan=False)] = 0.0
    qubit_thermal_population: Probability = 0.0
    absorber_delay_s: Annotated[float, Field(allow_inf_nan=False)] = 0.0

    @model_validator(mode="after")
    def _photon_fits_the_resonator(self) -> TransferDynamicsSection:
        if self.photon_bandwidth_hz >= self.resonator_kappa_hz:
            raise ValueError(
                f"photon_bandwidth_hz={self.photon_bandwidth_hz!r} must be below "
                f"resonator_kappa_hz={self.resonator_kappa_hz!r}"
            )
        return self


class StateTransferScheme(SchemeSpec):
    """Deterministic emission and absorption (Cirac et al. 1997; Kurpiers et al. 2018)."""

    kind: Literal["state_transfer"]
    emission_efficiency: Probability = 1.0
    absorption_efficiency: Probability = 1.0
    dynamics: TransferDynamicsSection | None = None
    uses_station: ClassVar[bool] = False

    @model_validator(mode="after")
    def _one_description(self) -> StateTransferScheme:
        if self.dynamics is not None and (
            self.emission_efficiency != 1.0 or self.absorption_efficiency != 1.0
        ):
            raise ValueError(
                "give either dynamics or emission/absorption efficiencies, not both "
                "(the dynamics compute the efficiencies)"
            )
        return self


def build(scheme: StateTransferScheme, link: LinkInputs) -> SchemeOutcome:
    """One transfer from node A to node B over the whole line."""
    from qinternet.physics.devices.transfer import CascadedTransfer, SechPhoton, TransferNode
    from qinternet.physics.links.state_transfer import channel_transfer_link, transfer_link

    fibre = link.whole
    dynamics = scheme.dynamics
    if dynamics is None:
        outcome = transfer_link(
            fibre.transmission,
            emission_efficiency=scheme.emission_efficiency,
            absorption_efficiency=scheme.absorption_efficiency,
            length_m=fibre.length_m,
            group_velocity_m_per_s=fibre.group_velocity_m_per_s,
        )
        return SchemeOutcome(outcome, (fibre.delay_s, 0.0))
    nodes = [
        TransferNode(
            dynamics.resonator_kappa_hz,
            qubit_t1_s=node.memory.t1_s,
            qubit_t2_s=node.memory.t2_s,
            qubit_thermal_population=dynamics.qubit_thermal_population,
        )
        for node in (link.a, link.b)
    ]
    transfer = CascadedTransfer.matched(
        nodes[0],
        nodes[1],
        SechPhoton(dynamics.photon_bandwidth_hz),
        duration_s=dynamics.protocol_time_s,
        line_transmission=dynamics.line_transmission * fibre.transmission,
        line_thermal_photons=dynamics.line_thermal_photons,
        absorber_delay_s=dynamics.absorber_delay_s,
    )
    try:
        channel = transfer.channel()
    except ResourceLimitError as error:
        raise ResourceLimitError(
            "dynamics.protocol_time_s",
            dynamics.protocol_time_s,
            f"{error.reason} (resonator_kappa_hz and the nodes' memory t1_s and t2_s set "
            "the fastest rates)",
        ) from None
    outcome = channel_transfer_link(
        channel,
        sender_t1_s=link.a.memory.t1_s,
        sender_t2_s=link.a.memory.t2_s,
        protocol_time_s=dynamics.protocol_time_s,
        length_m=fibre.length_m,
        group_velocity_m_per_s=fibre.group_velocity_m_per_s,
    )
    return SchemeOutcome(outcome, (fibre.delay_s, 0.0))
