"""The ``transduced`` scheme of a scenario: superconducting nodes linked over optical fibre.

Each node's microwave photon passes a microwave-optical transducer (``efficiency``,
``added_noise_photons`` referred to its input, ``bandwidth_hz``; the same device at
both ends), the link's fibre (``length_m``, ``attenuation_db_per_km``,
``group_velocity_m_per_s``) and the other node's transducer, which the receiving qubit
absorbs (:func:`~qinternet.physics.links.transduced_link`; node A's qubit decays with
its ``memory`` T1 and T2 while the photon flies). The transfer is
deterministic: one pair per photon window plus acknowledgement round trip, or per the
nodes' ``emitter.max_attempt_rate_hz`` if that is slower. Emission into and absorption
from the transducers are taken as lossless (their losses belong to ``efficiency``).

Examples:
    >>> scheme = TransducedScheme(kind="transduced", efficiency=0.5, bandwidth_hz=1e6)
    >>> scheme.added_noise_photons, scheme.model().photon_window_s
    (0.0, 1.5915494309189535e-06)
    >>> TransducedScheme(kind="transduced", efficiency=0.5, added_noise_photons=-0.1,
    ...                  bandwidth_hz=1e6)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for TransducedScheme
    added_noise_photons
      Input should be greater than or equal to 0 ...
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, ClassVar, Literal

from pydantic import Field

from qinternet.network._strict import Probability
from qinternet.network.schemes.registry import LinkInputs, SchemeOutcome, SchemeSpec

if TYPE_CHECKING:  # the physics loads when a link is built, not when a file is parsed
    from qinternet.physics.devices.transducer import Transducer

__all__ = ["TransducedScheme", "build"]


class TransducedScheme(SchemeSpec):
    """Transduction to optical fibre and back (Zeuthen et al., Quantum Sci. Technol. 5,
    034009 (2020): efficiency and input-referred added noise as figures of merit)."""

    kind: Literal["transduced"]
    efficiency: Probability
    added_noise_photons: Annotated[float, Field(ge=0.0)] = 0.0
    bandwidth_hz: Annotated[float, Field(gt=0.0)]
    uses_station: ClassVar[bool] = False

    def model(self) -> Transducer:
        """The device model of each end's transducer."""
        from qinternet.physics.devices.transducer import Transducer

        return Transducer(self.efficiency, self.added_noise_photons, self.bandwidth_hz)


def build(scheme: TransducedScheme, link: LinkInputs) -> SchemeOutcome:
    """One transfer from node A to node B over the link's whole fibre, node A's qubit
    decaying with its memory's T1 and T2 during the flight; node A learns of the
    absorption after the fibre's delay, node B at once."""
    from qinternet.physics.links.transduced import transduced_link

    fibre = link.whole
    sender = link.a.memory
    outcome = transduced_link(
        scheme.model(),
        fibre.length_m,
        fibre=fibre,
        sender_t1_s=sender.t1_s,
        sender_t2_s=sender.t2_s,
    )
    return SchemeOutcome(outcome, (fibre.delay_s, 0.0))
