"""Running a ``w`` scenario: W states split from a star's source, and their result.

The power transmission from the source's splitter output j into leaf j's stored (and
read-out) excitation is

    eta_j = r_source x e_j x T_j x a_j x r_j,

with e_j and a_j the ``emission_efficiency`` and ``absorption_efficiency`` of link j's
``state_transfer`` scheme, T_j its fibre's transmission, and r the ``retrieval_efficiency``
of the source's and leaf j's atomic ensemble where the node has one (1 otherwise): the
source's heralded spin wave is read out into the splitter, and a leaf's state is reported
as it would be read out at the delivery, as Choi et al. verify it on the retrieved fields
(Nature 468, 412 (2010)). A leaf with an ensemble stores in it: its excitation survives
with probability exp(-t / ``memory_lifetime_s``) (the retrieval decay of
:class:`~qinternet.physics.devices.AtomicEnsemble`, on the one-excitation mode the
amplitude damping of a memory with T1 = lifetime, T2 = 2 T1); other leaves store in their
``memory`` (T1, T2, depolarisation). Without ``excitation_probability``, a herald per
attempt has probability p eta_d of the source's ensemble (p) and detector (eta_d), the
first order in p of a DLCZ write (Sangouard et al., Rev. Mod. Phys. 83, 33 (2011),
Sec. III.A); multi-excitation terms are left out. Without ``attempt_rate_hz``, the source
attempts as fast as its emitter's ``max_attempt_rate_hz`` and its preset's attempt
duration allow.

:class:`WResult` belongs to the result family of :mod:`qinternet.network.results`
(``pairs``: W states delivered, ``fidelity_mean``: their fidelity with W_k, computed
from each delivered density matrix), then:

=============================  ================================================================
field                          meaning
=============================  ================================================================
``source``                     the node that heralds and splits the excitations
``nodes``                      the leaves holding the state's qubits, in its order
``num_parties``                qubits (leaves) of each state
``states``                     W states delivered (the same number as ``pairs``)
``transmissions``              eta_j of each leaf (above)
``witness``                    (k - 1)/k - F: the W fidelity witness, negative for genuine
                               k-partite entanglement; ``witness_stderr`` its error
``witness_bound``              (k - 1)/k
``vacuum_probability``         mean weight of the vacuum (the excitation lost);
                               ``vacuum_probability_stderr`` its error
``conditional_fidelity``       W fidelity of the mean state given exactly one excitation
``waiting_time_s``             mean time from a state's first attempt to its delivery, s;
                               ``waiting_time_stderr_s`` its error
``delivery_interval_s``        mean time between deliveries, s; ``delivery_interval_stderr_s``
``note``                       why a number is missing (no state, or one: no error), or empty
=============================  ================================================================

Examples:
    >>> from qinternet.network.scenario import parse_scenario
    >>> from qinternet.network.run import run_scenario
    >>> link = {"scheme": {"kind": "state_transfer", "absorption_efficiency": 0.5}}
    >>> scenario = parse_scenario({
    ...     "name": "W star", "duration_s": 0.01, "seed": 1,
    ...     "topology": {"kind": "star", "hub": "S", "leaves": ["A", "B", "C"],
    ...                  "length_m": 0, "link": link},
    ...     "protocol": {"kind": "w", "source": "S", "excitation_probability": 0.1,
    ...                  "attempt_rate_hz": 1e5},
    ... })
    >>> summary = run_scenario(scenario).to_json()
    >>> summary["protocol"], summary["nodes"], summary["transmissions"]
    ('w', ['A', 'B', 'C'], [0.5, 0.5, 0.5])
    >>> round(summary["fidelity_mean"], 12), round(summary["witness"], 12)  # F = eta
    (0.5, 0.166666666667)
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from qinternet.core.errors import InvalidParameterError, ScenarioError
from qinternet.core.rng import child_generators
from qinternet.network.build import BuiltScenario, NodeHardware, checked_config
from qinternet.network.results import RecordedResult, scarcity_note, timing_json
from qinternet.network.scenario import Scenario
from qinternet.network.schemes.state_transfer import StateTransferScheme
from qinternet.network.specs import WStateProtocol
from qinternet.physics.devices import Fibre, Memory
from qinternet.sim.w_states import WConfig, WStatistics, simulate_w

__all__ = ["WResult", "build_w", "run_w"]


@dataclass(frozen=True)
class WResult(RecordedResult):
    """What a ``w`` scenario delivered.

    Attributes:
        name: the scenario's name.
        config: the source, leaves and transmissions.
        statistics: states, rate, times, fidelities and the mean state.
        wall_s: wall-clock time of the simulation, s.
    """

    protocol: ClassVar[str] = "w"
    name: str
    config: WConfig
    statistics: WStatistics
    wall_s: float
    sim_time_s: float = field(init=False)

    def details(self) -> dict[str, Any]:
        """The fields of the table above."""
        stats = self.statistics
        return {
            "source": self.config.source,
            "nodes": list(self.config.leaves),
            "num_parties": stats.num_parties,
            "states": stats.num_pairs,
            "transmissions": list(self.config.transmissions or ()),
            "witness": stats.witness,
            "witness_stderr": stats.fidelity.stderr,
            "witness_bound": stats.witness_bound,
            "vacuum_probability": stats.vacuum_probability.mean,
            "vacuum_probability_stderr": stats.vacuum_probability.stderr,
            "conditional_fidelity": stats.conditional_fidelity,
            **timing_json(stats),
            "note": scarcity_note(stats.num_pairs, "W state"),
        }


def _storage(node: NodeHardware) -> Memory:
    """The memory a leaf stores its excitation in (module docstring)."""
    if node.ensemble is None:
        return node.memory
    lifetime_s = node.ensemble.memory_lifetime_s
    return Memory(t1_s=lifetime_s, t2_s=2.0 * lifetime_s)


def build_w(
    scenario: Scenario, protocol: WStateProtocol, nodes: dict[str, NodeHardware], source: str
) -> BuiltScenario:
    """The configuration of a W source at ``protocol.source`` (shape checked by the scenario).

    Raises:
        ScenarioError: naming the field, if no excitation probability or attempt rate
            is given or follows from the source's devices, or a device is impossible.
    """
    hub = nodes[protocol.source]
    probability = protocol.excitation_probability
    if probability is None:
        if hub.ensemble is None:
            raise ScenarioError(
                f"{source}: protocol.excitation_probability: not given, and the source "
                f"{protocol.source!r} has no ensemble to take it from"
            )
        probability = hub.ensemble.excitation_probability * hub.detector.efficiency
    rate_hz = protocol.attempt_rate_hz or hub.emitter.max_attempt_rate_hz
    if protocol.attempt_rate_hz is None and hub.attempt_duration_s > 0.0:
        rate_hz = min(rate_hz, 1.0 / hub.attempt_duration_s)
    if math.isinf(rate_hz):
        raise ScenarioError(
            f"{source}: protocol.attempt_rate_hz: not given, and the source sets no "
            "emitter.max_attempt_rate_hz or preset attempt duration"
        )
    source_out = hub.ensemble.retrieval_efficiency if hub.ensemble is not None else 1.0
    leaves, etas, delays, memories = [], [], [], []
    for i, link in enumerate(scenario.links):
        where = f"links[{i}]"
        fibre = checked_config(
            lambda link=link: Fibre(  # type: ignore[misc]
                link.total_length_m, link.attenuation_db_per_km, link.group_velocity_m_per_s
            ),
            where,
            source,
        )
        scheme = link.scheme
        assert isinstance(scheme, StateTransferScheme)  # the scenario checked it
        leaf = link.nodes[1] if link.nodes[0] == protocol.source else link.nodes[0]
        node = nodes[leaf]
        readout = node.ensemble.retrieval_efficiency if node.ensemble is not None else 1.0
        coupling = scheme.emission_efficiency * scheme.absorption_efficiency
        etas.append(source_out * coupling * fibre.transmission * readout)
        leaves.append(leaf)
        delays.append(fibre.delay_s)
        memories.append(_storage(node))
    config = checked_config(
        lambda: WConfig(
            protocol.source,
            tuple(leaves),
            excitation_probability=probability,
            attempt_rate_hz=rate_hz,
            transmissions=tuple(etas),
            leaf_delay_s=tuple(delays),
            leaf_memories=tuple(memories),
        ),
        "protocol",
        source,
    )
    return BuiltScenario(scenario, nodes, (), w=config)


def run_w(built: BuiltScenario, on_progress: Callable[[float], None] | None = None) -> WResult:
    """Simulate a built ``w`` scenario on the first stream of its seed.

    Raises:
        InvalidParameterError: if ``built`` holds no W source.
    """
    config, scenario = built.w, built.scenario
    if config is None or not isinstance(scenario.protocol, WStateProtocol):
        raise InvalidParameterError("built.w", config, "the scenario's protocol is not 'w'")
    start = time.perf_counter()
    statistics = simulate_w(
        config,
        rng=child_generators(scenario.seed, 1)[0],
        duration_s=scenario.duration_s,
        max_states=scenario.protocol.max_states,
        on_progress=on_progress,
    )
    return WResult(scenario.name, config, statistics, time.perf_counter() - start)
