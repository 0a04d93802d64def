"""Linked processors in a scenario: the ``application:`` of a ``link_layer`` or ``chain``
protocol.

``protocol: {kind: link_layer, application: {kind: nonlocal_cnot, between: [A, B],
cnot_depolarizing: 0.02, readout_flip: 0.01}}`` asks, for the pairs delivered by the
one link joining A and B, the non-local CNOT of Eisert et al. (PRA 62, 052317 (2000))
from A's data qubit to B's (:func:`~qinternet.physics.applications.distributed
.nonlocal_cnot`), each node with that CNOT depolarising probability and read-out flip
probability. The run reports its process and average gate fidelity
(:mod:`qinternet.network.linked`).

The rule for the nodes: a node taking part needs ``num_memories`` >= 2, one
communication qubit that holds its half of the pair and one data qubit the gate acts
on; a node with fewer is refused naming ``nodes[i].num_memories``. The data qubit is
kept out of the link: the gate's link gets the memory pairs its nodes have left after
their other links and one data qubit each (an explicit ``num_channels`` that leaves no
data qubit is refused).

The frame: a link may herald two Bell states that differ by a Z on one qubit (phi+ and
phi-, or psi+ and psi-). The build step takes each such pattern into one frame by a Z
on the second qubit at the herald; every memory noise (amplitude damping, dephasing,
depolarisation) commutes with Z, so this is the same as correcting on delivery, and the
run's draws and fidelities are unchanged. The mean delivered state is then defined, and
a psi+ frame is taken to phi+ by an X on delivery (a linear map, so on the mean state).

``protocol: {kind: link_layer, application: {kind: telescope, between: [A, B],
star_photons_per_mode: 1e-3, mode_rate_hz: 1e6}}`` instead uses the pairs of that link
as the resource of an entanglement-assisted telescope array (Gottesman, Jennewein and
Croke, PRL 109, 070503 (2012)), compared with bringing B's light to A through the fibre
of the link (:mod:`qinternet.network.telescope`). Its stations need no data qubit.

``application: {kind: teleportation, between: [A, B], gate_depolarizing: 0.0,
readout_flip: 0.0}`` teleports a qubit from A to B through that link's pairs (Bennett
et al., PRL 70, 1895 (1993)), A's Bell measurement with those errors
(:mod:`qinternet.network.teleportation`). The sender keeps one data qubit, the input
qubit, out of the link; the receiver none: the state arrives in its half of the pair.

On a ``chain`` (``protocol: {kind: chain, application: {...}}``) each application
uses the chain's end-to-end pairs instead: ``between`` must be the chain's two end
nodes (either order). The chain's records are already in the phi+ frame (each pair
corrected by its Pauli frame, :func:`~qinternet.sim.chain.chain_record`), so its mean
delivered state is the resource. A gate's data qubits are the end nodes' memories: each
end (a teleportation's sender alone) keeps one out of the chain, which runs the copies
the other memories allow
(:func:`~qinternet.network.build.build_scenario`).

Examples:
    >>> NonlocalCnotApplication(kind="nonlocal_cnot", between=("A", "B")).noise()
    ProcessorNoise(cnot_depolarizing=0.0, readout_flip=0.0)
    >>> TelescopeApplication(kind="telescope", between=("A", "B"),
    ...     star_photons_per_mode=1e-3, mode_rate_hz=1e6).data_qubits
    0
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, ClassVar, Literal

import numpy as np
from pydantic import Field

from qinternet.core.errors import ScenarioError
from qinternet.network._nodes import check_between
from qinternet.network._strict import OpenProbability, Probability, Strict
from qinternet.physics.links import HeraldBranch, LinkOutcome
from qinternet.states import DensityMatrix, apply_unitary, bell_state

if TYPE_CHECKING:
    from qinternet.network.specs import LinkSpec, NodeSpec
    from qinternet.physics.applications.distributed import ProcessorNoise
    from qinternet.sim.link_process import HeraldedLinkConfig

__all__ = [
    "APPLICATIONS",
    "MIN_MEMORIES",
    "ApplicationSpec",
    "LinkApplication",
    "NonlocalCnotApplication",
    "TeleportationApplication",
    "TelescopeApplication",
    "in_gate_frame",
    "to_phi_plus",
]

MIN_MEMORIES = 2
"""Memory qubits a node with a data qubit needs (a gate's node, a teleportation's
sender): a communication qubit and the data qubit."""

_Z = np.diag([1.0, -1.0]).astype(np.complex128)
_X = np.array([[0.0, 1.0], [1.0, 0.0]], dtype=np.complex128)
_FRAMES = {
    "phi+": ("phi+", None),
    "phi-": ("phi+", _Z),
    "psi+": ("psi+", None),
    "psi-": ("psi+", _Z),
}
"""Each Bell target: the frame it joins and the Z that takes it there (None: none)."""


class LinkApplication(Strict):
    """What the two nodes ``between`` do with the pairs of the one link joining them.

    ``data_qubits``: the memory qubits each node keeps out of the link for it
    (:meth:`data_qubits_at`); ``asked`` and ``data_name`` word the refusal of a node
    with too few memories.
    """

    between: tuple[str, str]
    data_qubits: ClassVar[int] = 0
    uses: ClassVar[str] = "the application"
    asked: ClassVar[str] = "for the application"
    data_name: ClassVar[str] = "a data qubit"

    def data_qubits_at(self, node: str) -> int:
        """The memory qubits ``node`` keeps out of the pairs for the application."""
        return self.data_qubits if node in self.between else 0

    def link_index(self, links: Sequence[LinkSpec]) -> int:
        """The index of the one link joining the two nodes.

        Raises:
            ValueError: no link, or more than one, joins them.
        """
        ends = set(self.between)
        joining = [i for i, link in enumerate(links) if set(link.nodes) == ends]
        where = f"protocol.application.between={list(self.between)!r}"
        if not joining:
            raise ValueError(f"{where}: no link joins the two nodes")
        if len(joining) > 1:
            named = " and ".join(f"links[{i}]" for i in joining)
            raise ValueError(f"{where}: {named} join the two nodes; {self.uses} needs one link")
        return joining[0]

    def check(self, nodes: Sequence[NodeSpec], links: Sequence[LinkSpec]) -> None:
        """Refuse unknown or equal nodes, no single link between them, or a node with
        a data qubit (:meth:`data_qubits_at`) and fewer than :data:`MIN_MEMORIES` memories.

        Raises:
            ValueError: one line naming ``protocol.application.between`` or
                ``nodes[i].num_memories``.
        """
        names = [node.name for node in nodes]
        check_between(self.between, names, "protocol.application.between", self.uses)
        self.link_index(links)
        self._check_memories(nodes)

    def check_chain(self, nodes: Sequence[NodeSpec], links: Sequence[LinkSpec]) -> None:
        """On a ``chain``: refuse nodes other than the chain's two ends (either order),
        or an end short of memories as in :meth:`check`.

        Raises:
            ValueError: one line naming ``protocol.application.between`` or
                ``nodes[i].num_memories``.
        """
        names = [node.name for node in nodes]
        check_between(self.between, names, "protocol.application.between", self.uses)
        ends = (links[0].nodes[0], links[-1].nodes[1])
        if set(self.between) != set(ends):
            raise ValueError(
                f"protocol.application.between={list(self.between)!r}: on a chain "
                f"{self.uses} uses its end-to-end pairs, between its ends {list(ends)!r}"
            )
        self._check_memories(nodes)

    def _check_memories(self, nodes: Sequence[NodeSpec]) -> None:
        """Refuse a node of ``between`` without a communication qubit and its data qubits.

        Raises:
            ValueError: one line naming ``nodes[i].num_memories``.
        """
        names = [node.name for node in nodes]
        for end in self.between:
            index = names.index(end)
            count = nodes[index].num_memories
            if self.data_qubits_at(end) and count < MIN_MEMORIES:
                raise ValueError(
                    f"nodes[{index}].num_memories={count}: node {end!r} is asked "
                    f"{self.asked} (protocol.application) and needs {MIN_MEMORIES} memory "
                    f"qubits, a communication qubit and {self.data_name}"
                )


class NonlocalCnotApplication(LinkApplication):
    """A CNOT between the data qubits of ``between`` (control at the first node), from
    one pair of the link joining them and each node's local errors."""

    kind: Literal["nonlocal_cnot"]
    cnot_depolarizing: Probability = 0.0
    readout_flip: Probability = 0.0
    data_qubits: ClassVar[int] = 1
    uses: ClassVar[str] = "a gate"
    asked: ClassVar[str] = "for a non-local gate"

    def noise(self) -> ProcessorNoise:
        """Each node's local errors (the same at both)."""
        from qinternet.physics.applications.distributed import ProcessorNoise

        return ProcessorNoise(self.cnot_depolarizing, self.readout_flip)


class TelescopeApplication(LinkApplication):
    """Two telescope stations ``between`` that interfere starlight with the help of the
    pairs of the link joining them (:mod:`qinternet.network.telescope`).

    ``star_photons_per_mode``: mean star photons per detected temporal-spectral mode
    (GJC 2012's regime is << 1); ``mode_rate_hz``: modes per second, the detection
    bandwidth; ``source_coherence``: the star's |g| over the baseline;
    ``detector_efficiency``: each station's detectors'.
    """

    kind: Literal["telescope"]
    star_photons_per_mode: OpenProbability
    mode_rate_hz: float = Field(gt=0.0)
    source_coherence: Probability = 1.0
    detector_efficiency: Probability = 1.0
    uses: ClassVar[str] = "an interferometer"


class TeleportationApplication(LinkApplication):
    """A qubit teleported from ``between[0]`` to ``between[1]`` through one pair of the
    link joining them (a chain's end-to-end pair), the sender's Bell measurement with
    ``gate_depolarizing`` on each measured qubit and ``readout_flip`` on each bit
    (:class:`~qinternet.physics.maps.swapping.BsmNoise`).

    The sender keeps one data qubit, the input, out of the pairs; the receiver keeps
    none: the state arrives in its half of the pair (:meth:`data_qubits_at`).
    """

    kind: Literal["teleportation"]
    gate_depolarizing: Probability = 0.0
    readout_flip: Probability = 0.0
    uses: ClassVar[str] = "teleportation"
    asked: ClassVar[str] = "to send by teleportation"
    data_name: ClassVar[str] = "one for the input qubit"

    def data_qubits_at(self, node: str) -> int:
        """One at the sender (the input qubit), none elsewhere.

        Examples:
            >>> app = TeleportationApplication(kind="teleportation", between=("A", "B"))
            >>> app.data_qubits_at("A"), app.data_qubits_at("B")
            (1, 0)
        """
        return 1 if node == self.between[0] else 0


ApplicationSpec = Annotated[
    NonlocalCnotApplication | TelescopeApplication | TeleportationApplication,
    Field(discriminator="kind"),
]
"""The ``application:`` of a ``link_layer`` protocol, by its ``kind``."""

APPLICATIONS = (NonlocalCnotApplication, TelescopeApplication, TeleportationApplication)
"""Every application model (their keys join the scenario's "did you mean" list)."""


def _framed(outcome: LinkOutcome, where: str) -> LinkOutcome:
    """``outcome`` with every pattern in its target's Z frame (phi+ or psi+)."""
    if outcome.heralded_state.dims != (2, 2):
        raise ScenarioError(
            f"{where}: holds modes of dimensions {outcome.heralded_state.dims}; "
            "protocol.application needs qubit pairs"
        )
    branches = outcome.branches or (
        HeraldBranch(
            "",
            outcome.success_probability,
            outcome.heralded_state,
            outcome.target,
            outcome.target_name,
        ),
    )
    unknown = sorted({b.target_name for b in branches} - set(_FRAMES))
    frames = {_FRAMES[b.target_name][0] for b in branches if b.target_name in _FRAMES}
    if unknown or len(frames) > 1:
        targets = sorted({b.target_name for b in branches})
        raise ScenarioError(
            f"{where}: heralds {targets}; protocol.application needs Bell targets of one "
            "Z frame (phi+/phi- or psi+/psi-)"
        )
    moved = []
    for branch in branches:
        frame, z = _FRAMES[branch.target_name]
        state = branch.state if z is None else apply_unitary(branch.state, z, [1])
        moved.append(
            dataclasses.replace(branch, state=state, target=bell_state(frame), target_name=frame)
        )
    if not outcome.branches:
        head = moved[0]
        return dataclasses.replace(
            outcome, heralded_state=head.state, target=head.target, target_name=head.target_name
        )
    return LinkOutcome.from_branches(
        moved, outcome.attempt_duration_s, truncation_error=outcome.truncation_error
    )


def _channels(
    index: int,
    links: Sequence[LinkSpec],
    configs: tuple[HeraldedLinkConfig, ...],
    memories: Mapping[str, int],
    source: str,
    application: LinkApplication,
) -> int:
    """The application link's memory pairs, leaving each of its nodes its data qubits."""
    channels = given = configs[index].num_channels
    for end in links[index].nodes:
        used = sum(c.num_channels for c in configs if end in (c.node_a, c.node_b))
        excess = used - (memories[end] - application.data_qubits_at(end))
        if excess > 0 and links[index].num_channels is not None:
            raise ScenarioError(
                f"{source}: links[{index}].num_channels={given}: node {end!r} has "
                f"{memories[end]} memories for its links and the data qubit of "
                "protocol.application"
            )
        channels = min(channels, given - excess)
    if channels < 1:
        raise ScenarioError(
            f"{source}: links[{index}]: its nodes' other links leave no memory for the "
            "communication and data qubits of protocol.application; raise num_memories"
        )
    return channels


def in_gate_frame(
    application: LinkApplication,
    links: Sequence[LinkSpec],
    configs: tuple[HeraldedLinkConfig, ...],
    memories: Mapping[str, int],
    source: str,
) -> tuple[HeraldedLinkConfig, ...]:
    """``configs`` with the application's link in one Z frame (see the module), its memory
    pairs (a share of ``memories``, each node's count) leaving each of its nodes the
    application's data qubits (a gate: one; a telescope: none; teleportation: one at the
    sender).

    Raises:
        ScenarioError: the link holds no qubit pairs, or heralds targets of two frames,
            or its ``num_channels`` leaves a node no data qubit.
    """
    index = application.link_index(links)
    where = f"{source}: links[{index}].scheme={links[index].scheme.kind!r}"
    config = configs[index]
    framed = dataclasses.replace(
        config,
        outcome=_framed(config.outcome, where),
        num_channels=_channels(index, links, configs, memories, source, application),
    )
    return (*configs[:index], framed, *configs[index + 1 :])


def to_phi_plus(state: DensityMatrix, frame: str) -> DensityMatrix:
    """The mean delivered ``state`` of frame ``frame`` ("phi+" or "psi+") in phi+'s.

    Examples:
        >>> from qinternet.states import fidelity
        >>> fidelity(to_phi_plus(bell_state("psi+").to_density(), "psi+"), bell_state("phi+"))
        1.0
    """
    return state if frame == "phi+" else apply_unitary(state, _X, [1])
