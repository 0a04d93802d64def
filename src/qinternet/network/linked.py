"""The result of a ``link_layer`` or ``chain`` run with an ``application``.

:class:`LinkedProcessorsResult` is a :class:`~qinternet.network.results.ScenarioResult`
(protocol ``link_layer``, the same fields) with one more, ``application``;
:class:`ChainApplicationResult` is a :class:`~qinternet.network.results.ChainResult`
(protocol ``chain``) with the same entry, made from the chain's mean end-to-end pair
(each pair corrected to phi+ by its Pauli frame), ``link`` null:

=========================  ================================================================
field                      meaning
=========================  ================================================================
``kind``                   ``nonlocal_cnot``
``between``                the two nodes (control's first)
``link``                   the index of the link whose pairs the gate uses (chain: null)
``cnot_depolarizing``      each node's two-qubit depolarising probability after its CNOT
``readout_flip``           each node's probability of reporting a wrong bit
``pair_fidelity``          <phi+| rho |phi+> of the mean delivered state rho,
                           in the phi+ frame (:mod:`qinternet.network.applications`)
``process_fidelity``       the non-local CNOT's process fidelity with that pair
``average_gate_fidelity``  (4 F_pro + 1) / 5
``note``                   why the numbers are missing (no pair delivered), or empty
=========================  ================================================================

A ``telescope`` application's entry is a
:class:`~qinternet.network.telescope.TelescopeReport`, its fields documented in
:mod:`qinternet.network.telescope`; a ``teleportation``'s a
:class:`~qinternet.network.teleportation.TeleportationReport`
(:mod:`qinternet.network.teleportation`).

The gate's fidelities are linear in the pair, so those of the mean delivered state are
the mean over the delivered pairs (Eisert et al., PRA 62, 052317 (2000); Nielsen, Phys.
Lett. A 303, 249 (2002) for the average gate fidelity).

Examples:
    >>> from qinternet.network.scenario import parse_scenario
    >>> from qinternet.network.run import run_scenario
    >>> node = {"num_memories": 2, "emitter": {"max_attempt_rate_hz": 1e3}}
    >>> scenario = parse_scenario({
    ...     "name": "linked", "duration_s": 0.01,
    ...     "nodes": [{"name": "A", **node}, {"name": "B", **node}],
    ...     "links": [{"nodes": ["A", "B"], "length_m": 0.0, "scheme": {
    ...         "kind": "transduced", "efficiency": 1.0, "bandwidth_hz": 1e6}}],
    ...     "protocol": {"kind": "link_layer", "application": {
    ...         "kind": "nonlocal_cnot", "between": ["A", "B"], "readout_flip": 0.1}},
    ... })
    >>> gate = run_scenario(scenario).to_json()["application"]
    >>> round(gate["pair_fidelity"], 12), round(gate["process_fidelity"], 12)  # 0.9 x 0.9
    (1.0, 0.81)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from qinternet.network.applications import (
    LinkApplication,
    NonlocalCnotApplication,
    TeleportationApplication,
    TelescopeApplication,
    to_phi_plus,
)
from qinternet.network.results import ChainResult, ScenarioResult
from qinternet.network.specs import ChainProtocol, LinkLayerProtocol
from qinternet.states import DensityMatrix, bell_state, fidelity, permute

if TYPE_CHECKING:  # the gate's physics loads only for a scenario with an application
    from qinternet.network.build import BuiltScenario
    from qinternet.network.teleportation import TeleportationReport
    from qinternet.network.telescope import TelescopeReport
    from qinternet.physics.applications.distributed import NonlocalGate

__all__ = ["ChainApplicationResult", "GateReport", "LinkedProcessorsResult", "with_application"]


@dataclass(frozen=True)
class GateReport:
    """The non-local gate made from one link's (one chain's) mean delivered pair.

    Attributes:
        application: the scenario's ``application`` section.
        link: the index of the link used (None: a chain's end-to-end pairs).
        pair: the mean delivered pair in the phi+ frame, the control node's qubit first
            (None: no pair delivered).
        gate: the gate it makes (None without a pair).
    """

    application: NonlocalCnotApplication
    link: int | None
    pair: DensityMatrix | None
    gate: NonlocalGate | None

    @property
    def pair_fidelity(self) -> float | None:
        """<phi+| pair |phi+>, or None without a pair."""
        return None if self.pair is None else fidelity(self.pair, bell_state("phi+"))

    def to_json(self) -> dict[str, Any]:
        """The ``application`` fields of the table above."""
        from qinternet.network.telescope import pair_source

        gate, app = self.gate, self.application
        return {
            "kind": app.kind,
            "between": list(app.between),
            "link": self.link,
            "cnot_depolarizing": app.cnot_depolarizing,
            "readout_flip": app.readout_flip,
            "pair_fidelity": self.pair_fidelity,
            "process_fidelity": None if gate is None else gate.process_fidelity,
            "average_gate_fidelity": None if gate is None else gate.average_gate_fidelity,
            "note": "" if gate else f"no pair delivered on {pair_source(self.link)}, so no gate",
        }


@dataclass(frozen=True)
class LinkedProcessorsResult(ScenarioResult):
    """A ``link_layer`` result with the gate (telescope, teleportation) of its ``application``."""

    application: GateReport | TelescopeReport | TeleportationReport

    @property
    def parts_field(self) -> str:
        """The links hold the parts (the last field is the application)."""
        return "links"

    def details(self) -> dict[str, Any]:
        """``links`` and ``application``."""
        return {**super().details(), "application": self.application.to_json()}


@dataclass(frozen=True, kw_only=True)
class ChainApplicationResult(ChainResult):
    """A ``chain`` result with the telescope (gate, teleportation) of its ``application``."""

    application: GateReport | TelescopeReport | TeleportationReport

    def details(self) -> dict[str, Any]:
        """The chain's fields and ``application``."""
        return {**super().details(), "application": self.application.to_json()}


def _report(
    application: LinkApplication,
    pair: DensityMatrix | None,
    index: int | None,
    rate_hz: float,
    built: BuiltScenario,
) -> GateReport | TelescopeReport | TeleportationReport:
    """The gate, telescope or teleportation of ``application`` from ``pair`` (in the phi+
    frame, the first node's qubit first), made by link ``index`` (None: the chain) at
    ``rate_hz``."""
    links = built.scenario.links
    first = links[0].nodes[0] if index is None else links[index].nodes[0]
    if pair is not None and first != application.between[0]:
        pair = permute(pair, [1, 0])  # the control's (station A's, the sender's) half first
    if isinstance(application, NonlocalCnotApplication):
        from qinternet.physics.applications.distributed import nonlocal_cnot

        noise = application.noise()
        gate = None if pair is None else nonlocal_cnot(pair, alice=noise, bob=noise)
        return GateReport(application, index, pair, gate)
    from qinternet.network.telescope import chain_fibre, direct_fibre, telescope_report

    fibre = chain_fibre(links) if index is None else direct_fibre(links[index])
    if isinstance(application, TeleportationApplication):
        from qinternet.network.teleportation import teleportation_report

        memory = built.nodes[application.between[1]].memory
        return teleportation_report(application, index, pair, rate_hz, fibre.delay_s, memory)
    assert isinstance(application, TelescopeApplication)
    return telescope_report(application, fibre, index, pair, rate_hz)


def with_application(
    result: ScenarioResult | ChainResult, built: BuiltScenario
) -> ScenarioResult | ChainResult:
    """``result`` with the gate (telescope, teleportation) of the scenario's
    ``application``, if it has one: a link's mean delivered pair, or a chain's mean
    end-to-end pair (its records are in phi+'s frame,
    :func:`~qinternet.sim.chain.chain_record`) at the chain's end-to-end rate."""
    protocol = built.scenario.protocol
    if isinstance(result, ChainResult):
        if not isinstance(protocol, ChainProtocol) or protocol.application is None:
            return result
        stats = result.statistics
        return ChainApplicationResult(
            name=result.name,
            nodes=result.nodes,
            statistics=stats,
            wall_s=result.wall_s,
            policy=result.policy,
            application=_report(protocol.application, stats.state, None, stats.rate_hz, built),
        )
    if not isinstance(protocol, LinkLayerProtocol) or protocol.application is None:
        return result
    application = protocol.application
    index = application.link_index(built.scenario.links)
    stats = result.links[index].statistics
    frame = built.links[index].outcome.target_name
    pair = None if stats.state is None else to_phi_plus(stats.state, frame)
    return LinkedProcessorsResult(
        name=result.name,
        sim_time_s=result.sim_time_s,
        wall_s=result.wall_s,
        links=result.links,
        application=_report(application, pair, index, stats.rate_hz, built),
    )
