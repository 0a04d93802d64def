"""Running a ``ghz`` scenario: GHZ states fused at a star's hub, and their result.

:class:`GhzResult` belongs to the result family of :mod:`qinternet.network.results`: the
common fields count GHZ states (``pairs`` is the number of states delivered, ``rate_hz``
their rate, ``fidelity_mean`` their fidelity with the ideal GHZ state, each computed
from the delivered density matrix), then:

=========================  ================================================================
field                      meaning
=========================  ================================================================
``hub``                    the node that fuses the pairs
``nodes``                  the nodes holding the state's qubits, in its order (the hub
                           first when ``keep_hub``)
``keep_hub``               whether the hub keeps its qubit in the state
``num_qubits``             qubits of each delivered state
``states``                 GHZ states delivered (the same number as ``pairs``)
``state_fidelity``         GHZ fidelity of the mean delivered state
``witness``                1/2 - ``state_fidelity``: the GHZ projector witness, negative
                           for genuine multipartite entanglement; ``witness_stderr`` its
                           error (that of the mean fidelity)
``waiting_time_s``         mean time from the first attempt of a state's oldest pair to
                           its delivery, s; ``waiting_time_stderr_s`` its error
``delivery_interval_s``    mean time between deliveries, s; ``delivery_interval_stderr_s``
``note``                   why a number is missing (no state, or one: no error), or empty
=========================  ================================================================

Examples:
    >>> from qinternet.network.scenario import parse_scenario
    >>> from qinternet.network.run import run_scenario
    >>> scenario = parse_scenario({
    ...     "name": "GHZ star", "duration_s": 0.2, "seed": 1,
    ...     "topology": {"kind": "star", "hub": "H", "leaves": ["A", "B", "C"],
    ...                  "length_m": 1000, "node": {"num_memories": 3},
    ...                  "link": {"heralded_fidelity": 0.9, "scheme": {"kind": "barrett_kok"}}},
    ...     "protocol": {"kind": "ghz", "hub": "H"},
    ... })
    >>> summary = run_scenario(scenario).to_json()
    >>> summary["protocol"], summary["nodes"], summary["num_qubits"]
    ('ghz', ['A', 'B', 'C'], 3)
    >>> q = 0.1 / 3  # three Werner pairs, hub measured out: see qinternet.physics.maps.fusion
    >>> expected = ((0.9 + q)**3 + (0.9 - q)**3 + (2 * q)**3) / 2
    >>> round(summary["fidelity_mean"], 9) == round(expected, 9), summary["witness"] < 0
    (True, True)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from qinternet.core.errors import ScenarioError
from qinternet.core.rng import child_generators
from qinternet.network.build import (
    BuiltScenario,
    NodeHardware,
    SchemeOutcomes,
    build_link,
    checked_config,
    segment_delays_s,
)
from qinternet.network.results import RecordedResult, scarcity_note, timing_json
from qinternet.network.scenario import Scenario
from qinternet.network.specs import GhzProtocol
from qinternet.sim.ghz import GhzStatistics, simulate_ghz

__all__ = ["GhzResult", "build_ghz", "run_ghz"]


@dataclass(frozen=True)
class GhzResult(RecordedResult):
    """What a ``ghz`` scenario delivered.

    Attributes:
        name: the scenario's name.
        hub: the fusing node.
        nodes: the nodes holding the delivered qubits, in the state's order.
        keep_hub: whether the hub's qubit is part of the state.
        statistics: states, rate, times, fidelities and the mean state.
        wall_s: wall-clock time of the simulation, s.
    """

    protocol: ClassVar[str] = "ghz"
    name: str
    hub: str
    nodes: tuple[str, ...]
    keep_hub: bool
    statistics: GhzStatistics
    wall_s: float
    sim_time_s: float = field(init=False)

    def details(self) -> dict[str, Any]:
        """The fields of the table above."""
        stats = self.statistics
        return {
            "hub": self.hub,
            "nodes": list(self.nodes),
            "keep_hub": self.keep_hub,
            "num_qubits": stats.num_qubits,
            "states": stats.num_pairs,
            "state_fidelity": stats.state_fidelity,
            "witness": stats.witness,
            "witness_stderr": stats.fidelity.stderr,
            **timing_json(stats),
            "note": scarcity_note(stats.num_pairs, "GHZ state"),
        }


def build_ghz(
    scenario: Scenario, protocol: GhzProtocol, nodes: dict[str, NodeHardware], source: str
) -> BuiltScenario:
    """The configuration of a star fused at ``protocol.hub`` (shape checked by the
    scenario); each link gets the memories its leaf and an equal share of the hub's
    allow, at least one.

    Raises:
        ScenarioError: if the hub has fewer memories than links, or a link heralds modes.
    """
    from qinternet.physics.maps.swapping import BsmNoise
    from qinternet.sim.ghz import GhzConfig

    hub = nodes[protocol.hub]
    count = len(scenario.links)
    leaves = [
        link.nodes[1] if link.nodes[0] == protocol.hub else link.nodes[0] for link in scenario.links
    ]
    if hub.num_memories < count:
        index = next(i for i, spec in enumerate(scenario.nodes) if spec.name == protocol.hub)
        raise ScenarioError(
            f"{source}: nodes[{index}].num_memories={hub.num_memories}: the hub "
            f"{protocol.hub!r} of protocol 'ghz' needs one memory per link ({count})"
        )
    channels = min(hub.num_memories // count, *(nodes[leaf].num_memories for leaf in leaves))
    outcomes: SchemeOutcomes = {}
    links = tuple(
        build_link(link, i, nodes, 1, source, outcomes) for i, link in enumerate(scenario.links)
    )
    for index, config in enumerate(links):
        if config.outcome.heralded_state.dims != (2, 2):
            raise ScenarioError(
                f"{source}: links[{index}].scheme={scenario.links[index].scheme.kind!r}: "
                "heralds modes, not qubits; protocol 'ghz' fuses qubits"
            )
    ghz = checked_config(
        lambda: GhzConfig(
            protocol.hub,
            links,
            leaf_delay_s=segment_delays_s(scenario, range(count), source),
            bsm_noise=BsmNoise(protocol.gate_depolarizing, protocol.readout_flip),
            keep_hub=protocol.keep_hub,
            num_channels=channels,
        ),
        "protocol",
        source,
    )
    return BuiltScenario(scenario, nodes, links, ghz=ghz)


def run_ghz(built: BuiltScenario, on_progress: Callable[[float], None] | None = None) -> GhzResult:
    """Simulate a built ``ghz`` scenario; each link draws from its own stream of the seed.

    Raises:
        InvalidParameterError: if ``built`` holds no GHZ star.
    """
    from qinternet.core.errors import InvalidParameterError

    config, scenario = built.ghz, built.scenario
    if config is None or not isinstance(scenario.protocol, GhzProtocol):
        raise InvalidParameterError("built.ghz", config, "the scenario's protocol is not 'ghz'")
    start = time.perf_counter()
    statistics = simulate_ghz(
        config,
        memories={name: node.memory for name, node in built.nodes.items()},
        rngs=child_generators(scenario.seed, len(config.links)),
        duration_s=scenario.duration_s,
        max_states=scenario.protocol.max_states,
        on_progress=on_progress,
    )
    wall_s = time.perf_counter() - start
    return GhzResult(scenario.name, config.hub, config.nodes, config.keep_hub, statistics, wall_s)
