"""Teleportation in a scenario: ``application: {kind: teleportation, ...}`` of ``link_layer``
or ``chain``.

Node ``between[0]`` (the sender) teleports a qubit to ``between[1]`` (the receiver)
through one pair of the link joining them, or of the chain whose ends they are (Bennett
et al., PRL 70, 1895 (1993)): it Bell-measures its input qubit with its half of the pair,
each measured qubit depolarised with probability ``gate_depolarizing`` and each of the
two reported bits flipped with probability ``readout_flip``
(:class:`~qinternet.physics.maps.swapping.BsmNoise`), and the receiver applies the Pauli
the bits name. The resource is the mean delivered pair in the phi+ frame
(:func:`~qinternet.network.applications.to_phi_plus`; a chain's records are corrected
to phi+ by their Pauli frame, :func:`~qinternet.sim.chain.chain_record`), the sender's
qubit first.

The sender measures as soon as the pair is delivered; the two bits then travel to the
receiver through the fibre the scenario lays between them (the link's own, through its
heralding station if it has one; on a chain, along the whole chain:
:func:`~qinternet.network.telescope.direct_fibre`, :func:`~qinternet.network.telescope
.chain_fibre`), and the receiver's half waits in its memory meanwhile: the resource is
the delivered pair after the receiver's storage noise over that delay
(:meth:`~qinternet.physics.devices.memory.Memory.storage_noise`: T1, T2, depolarisation;
the frame's X is applied on delivery, as in :mod:`qinternet.network.applications`).
Not modelled: dephasing by the receiver's own entangling attempts during that wait, and
the memory held for it (the rate is the simulated pair rate, whose memories are freed
on delivery).

Memories: the sender holds the input in one more memory qubit, kept out of the pairs
as a gate's data qubit; the receiver needs none, the state arrives in its half of the
pair (:meth:`~qinternet.network.applications.TeleportationApplication.data_qubits_at`).

The average fidelity over all pure inputs is computed exactly over the six Pauli
eigenstates, a spherical 3-design
(:func:`~qinternet.physics.applications.teleportation.average_teleportation_fidelity`);
it is linear in the pair, so that of the mean pair is the mean over the teleportations.
For a Werner pair of fidelity F and no errors it is (2F + 1)/3 (Horodecki, Horodecki
and Horodecki, PRA 60, 1888 (1999)). Without a pair, measuring the input and preparing
the receiver's qubit from the result reaches at most 2/3 (Massar and Popescu, PRL 74,
1259 (1995)): teleportation beats it only strictly above. One qubit is teleported per
delivered pair, at the pair rate.

:class:`TeleportationReport` is the result's ``application`` entry:

======================  ====================================================================
field                   meaning
======================  ====================================================================
``kind``                ``teleportation``
``between``             sender, receiver
``link``                the index of the link whose pairs are used (null on a chain)
``gate_depolarizing``,  the sender's Bell-measurement errors (``application`` section)
``readout_flip``
``pair_fidelity``       <phi+| rho |phi+> of the mean delivered pair rho
``message_delay_s``     the two bits' flight from sender to receiver, s
``resource_fidelity``   <phi+| rho' |phi+> of rho after the receiver's wait: the resource
``average_fidelity``    the teleportation fidelity through rho' averaged over the Bloch
                        sphere
``classical_limit``     2/3, the best without entanglement
``beats_classical``     ``average_fidelity`` > 2/3
``teleported_rate_hz``  qubits teleported per second: the pair rate
``note``                why the numbers are missing (no pair delivered), or empty
======================  ====================================================================

Without a pair, ``pair_fidelity``, ``resource_fidelity``, ``average_fidelity`` and
``beats_classical`` are null.

Examples:
    >>> from qinternet.network.scenario import parse_scenario
    >>> from qinternet.network.run import run_scenario
    >>> node = {"emitter": {"max_attempt_rate_hz": 1e3}}
    >>> scenario = parse_scenario({
    ...     "name": "teleport", "duration_s": 0.01,
    ...     "nodes": [{"name": "A", "num_memories": 2, **node}, {"name": "B", **node}],
    ...     "links": [{"nodes": ["A", "B"], "length_m": 0.0, "heralded_fidelity": 0.85,
    ...         "scheme": {"kind": "transduced", "efficiency": 1.0, "bandwidth_hz": 1e6}}],
    ...     "protocol": {"kind": "link_layer", "application": {
    ...         "kind": "teleportation", "between": ["A", "B"]}},
    ... })
    >>> report = run_scenario(scenario).to_json()["application"]
    >>> round(report["average_fidelity"], 12), report["beats_classical"]  # (2 x 0.85 + 1)/3
    (0.9, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from qinternet.network.applications import TeleportationApplication
from qinternet.network.telescope import pair_source
from qinternet.states import bell_state, fidelity

if TYPE_CHECKING:
    from qinternet.physics.devices.memory import Memory
    from qinternet.states import DensityMatrix

__all__ = ["CLASSICAL_LIMIT", "TeleportationReport", "teleportation_report"]

CLASSICAL_LIMIT = 2.0 / 3.0
"""The best average fidelity of measure-and-prepare (Massar and Popescu, PRL 74, 1259
(1995))."""


@dataclass(frozen=True)
class TeleportationReport:
    """A qubit teleported through one link's (one chain's) mean delivered pair.

    Attributes:
        application: the scenario's ``application`` section.
        link: the index of the link used (None: a chain's end-to-end pairs).
        pair: the mean delivered pair in the phi+ frame, the sender's qubit first
            (None: no pair delivered).
        pair_rate_hz: the link's (the chain's) delivered pairs per second.
        message_delay_s: the two bits' flight to the receiver, s.
        resource: ``pair`` after the receiver's memory stored its half that long.
        average_fidelity: the teleportation fidelity through ``resource`` averaged over
            pure inputs (None without a pair).
    """

    application: TeleportationApplication
    link: int | None
    pair: DensityMatrix | None
    pair_rate_hz: float
    message_delay_s: float
    resource: DensityMatrix | None
    average_fidelity: float | None

    @property
    def pair_fidelity(self) -> float | None:
        """<phi+| pair |phi+>, or None without a pair."""
        return None if self.pair is None else fidelity(self.pair, bell_state("phi+"))

    @property
    def resource_fidelity(self) -> float | None:
        """<phi+| resource |phi+>, or None without a pair."""
        return None if self.resource is None else fidelity(self.resource, bell_state("phi+"))

    @property
    def beats_classical(self) -> bool | None:
        """Whether the average fidelity exceeds :data:`CLASSICAL_LIMIT` (None: no pair)."""
        average = self.average_fidelity
        return None if average is None else average > CLASSICAL_LIMIT

    def to_json(self) -> dict[str, Any]:
        """The ``application`` fields of the module's table."""
        app = self.application
        missing = self.pair is None
        return {
            "kind": app.kind,
            "between": list(app.between),
            "link": self.link,
            "gate_depolarizing": app.gate_depolarizing,
            "readout_flip": app.readout_flip,
            "pair_fidelity": self.pair_fidelity,
            "message_delay_s": self.message_delay_s,
            "resource_fidelity": self.resource_fidelity,
            "average_fidelity": self.average_fidelity,
            "classical_limit": CLASSICAL_LIMIT,
            "beats_classical": self.beats_classical,
            "teleported_rate_hz": self.pair_rate_hz,
            "note": f"no pair delivered on {pair_source(self.link)}, so nothing teleported"
            if missing
            else "",
        }


def teleportation_report(
    application: TeleportationApplication,
    index: int | None,
    pair: DensityMatrix | None,
    pair_rate_hz: float,
    message_delay_s: float,
    receiver_memory: Memory,
) -> TeleportationReport:
    """Teleportation of ``application`` through ``pair`` (phi+ frame, the sender's qubit
    first), delivered at ``pair_rate_hz`` by link ``index`` (None: a chain), the
    receiver's half stored in ``receiver_memory`` while the bits fly ``message_delay_s``."""
    from qinternet.physics.applications.teleportation import average_teleportation_fidelity
    from qinternet.physics.maps.swapping import BsmNoise

    noise = BsmNoise(application.gate_depolarizing, application.readout_flip)
    resource = None
    if pair is not None:
        resource = receiver_memory.storage_noise(message_delay_s).apply(pair, [1])
    average = None if resource is None else average_teleportation_fidelity(resource, noise)
    return TeleportationReport(
        application, index, pair, pair_rate_hz, message_delay_s, resource, average
    )
