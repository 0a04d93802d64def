"""Run a scenario: build it, simulate it, report what it delivered (the records of
:mod:`qinternet.network.results`, whose module documents their JSON shape).

Examples:
    >>> from qinternet.network.scenario import parse_scenario
    >>> scenario = parse_scenario({
    ...     "name": "two nodes", "duration_s": 0.5, "seed": 3,
    ...     "nodes": [{"name": "A", "emitter": {"max_attempt_rate_hz": 1e4}},
    ...               {"name": "B", "emitter": {"max_attempt_rate_hz": 1e4}}],
    ...     "links": [{"nodes": ["A", "B"], "length_m": 2000, "scheme": {"kind": "barrett_kok"}}],
    ... })
    >>> result = run_scenario(scenario)
    >>> result.num_pairs > 0, round(result.fidelity.mean, 9)
    (True, 1.0)
    >>> summary = result.to_json()
    >>> summary["schema_version"], summary["protocol"], summary["links"][0]["nodes"]
    (1, 'link_layer', ['A', 'B'])
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Union

from qinternet.core.rng import child_generators
from qinternet.network.build import BuiltScenario, build_scenario
from qinternet.network.results import (
    ChainResult,
    LinkResult,
    NetworkResult,
    RequestResult,
    ScenarioResult,
)
from qinternet.network.scenario import ChainProtocol, Scenario
from qinternet.sim.link_process import simulate_links

if TYPE_CHECKING:  # the chain and request processes load only when a scenario has them
    from qinternet.network.delivery import DeliveryResult
    from qinternet.network.ghz import GhzResult
    from qinternet.network.graph import GraphResult
    from qinternet.network.w_states import WResult
    from qinternet.sim.repeater import ChainConfig
AnyResult = Union[
    "ScenarioResult",
    "ChainResult",
    "NetworkResult",
    "GhzResult",
    "GraphResult",
    "WResult",
    "DeliveryResult",
]
"""What :func:`run_built` returns, by the scenario's protocol."""


def run_built(
    built: BuiltScenario, *, on_progress: Callable[[float], None] | None = None
) -> AnyResult:
    """Simulate an already built scenario (see :func:`run_scenario`)."""
    if built.chain is not None:
        chain = _run_chain(built, built.chain)
        if getattr(built.scenario.protocol, "application", None) is None:
            return chain
        from qinternet.network.linked import with_application  # (it imports this module)

        return with_application(chain, built)
    if built.requests:
        return _run_requests(built, on_progress)
    if built.ghz is not None or built.graph is not None:
        from qinternet.network import ghz, graph  # (they import this module)

        return ghz.run_ghz(built, on_progress) if built.graph is None else graph.run_graph(built)
    if built.w is not None:
        from qinternet.network.w_states import run_w  # (it imports this module)

        return run_w(built, on_progress)
    if built.delivery is not None:
        from qinternet.network.delivery import run_delivery  # (it imports this module)

        return run_delivery(built, on_progress)
    scenario = built.scenario
    start = time.perf_counter()
    statistics = simulate_links(
        built.links,
        memories={name: node.memory for name, node in built.nodes.items()},
        num_slots={name: node.num_memories for name, node in built.nodes.items()},
        ensembles={name: node.ensemble for name, node in built.nodes.items()},
        duration_s=scenario.duration_s,
        rngs=child_generators(scenario.seed, len(built.links)),
        on_progress=on_progress,
    )
    wall_s = time.perf_counter() - start
    links = tuple(
        LinkResult((c.node_a, c.node_b), stats, c.expected_rate_hz, c.outcome.mean_fidelity)
        for c, stats in zip(built.links, statistics, strict=True)
    )
    result = ScenarioResult(scenario.name, scenario.duration_s, wall_s, links)
    from qinternet.network.linked import with_application  # (it imports this module)

    return with_application(result, built)


def _run_chain(built: BuiltScenario, chain: ChainConfig) -> ChainResult:
    from qinternet.sim.repeater import simulate_chain

    scenario = built.scenario
    protocol = scenario.protocol
    max_pairs = protocol.max_pairs if isinstance(protocol, ChainProtocol) else None
    start = time.perf_counter()
    statistics = simulate_chain(
        chain,
        memories={name: node.memory for name, node in built.nodes.items()},
        rng=child_generators(scenario.seed, 1)[0],
        duration_s=scenario.duration_s,
        max_pairs=max_pairs,
    )
    wall_s = time.perf_counter() - start
    ends = (chain.nodes[0], chain.nodes[-1])
    return ChainResult(scenario.name, ends, statistics, wall_s, chain.policy.value)


def _run_requests(
    built: BuiltScenario, on_progress: Callable[[float], None] | None
) -> NetworkResult:
    from qinternet.sim.requests import simulate_requests

    scenario = built.scenario
    plans = built.requests
    start = time.perf_counter()
    statistics = simulate_requests(
        [plan.chain for plan in plans],
        memories={name: node.memory for name, node in built.nodes.items()},
        num_memories={name: node.num_memories for name, node in built.nodes.items()},
        duration_s=scenario.duration_s,
        rngs=child_generators(scenario.seed, len(plans)),
        max_pairs=[plan.max_pairs for plan in plans],
        on_progress=on_progress,
    )
    wall_s = time.perf_counter() - start
    results = tuple(RequestResult(p, s) for p, s in zip(plans, statistics, strict=True))
    sim_time_s = max(stats.sim_time_s for stats in statistics)
    return NetworkResult(name=scenario.name, sim_time_s=sim_time_s, wall_s=wall_s, requests=results)


def run_scenario(
    scenario: Scenario,
    *,
    source: str = "<scenario>",
    on_progress: Callable[[float], None] | None = None,
) -> AnyResult:
    """Build and simulate ``scenario``; each link gets its own random stream from the seed.

    Raises:
        ScenarioError: if the scenario describes impossible hardware (naming ``source``).
    """
    return run_built(build_scenario(scenario, source=source), on_progress=on_progress)
