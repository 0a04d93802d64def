"""Run a scenario: build it, simulate its links, report what they delivered.

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
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Union

from qinternet.core.rng import child_generators
from qinternet.core.statistics import MeanEstimate, pooled
from qinternet.network.build import BuiltScenario, build_scenario
from qinternet.network.requests import RequestPlan
from qinternet.network.scenario import ChainProtocol, Scenario
from qinternet.sim.link_process import LinkStatistics, simulate_links
from qinternet.sim.repeater import ChainConfig, ChainStatistics, simulate_chain
from qinternet.sim.requests import RequestStatistics, simulate_requests

AnyResult = Union["ScenarioResult", "ChainResult", "NetworkResult"]
"""What :func:`run_built` returns, by the scenario's protocol."""


@dataclass(frozen=True)
class LinkResult:
    """What one link delivered, beside what its pure function predicts.

    Attributes:
        nodes: the two nodes.
        statistics: pairs, rate and fidelity measured in the event simulation.
        predicted_rate_hz: channels x p / T from the link-layer function.
        predicted_fidelity: the heralded fidelity from the link-layer function (before
            any memory noise while the heralding message travels).
    """

    nodes: tuple[str, str]
    statistics: LinkStatistics
    predicted_rate_hz: float
    predicted_fidelity: float

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready summary."""
        stats = self.statistics
        return {
            "nodes": list(self.nodes),
            "pairs": stats.num_pairs,
            "rate_hz": stats.rate_hz,
            "rate_stderr_hz": stats.rate_stderr_hz,
            "fidelity_mean": stats.fidelity.mean,
            "fidelity_stderr": stats.fidelity.stderr,
            "predicted_rate_hz": self.predicted_rate_hz,
            "predicted_fidelity": self.predicted_fidelity,
        }


@dataclass(frozen=True)
class ScenarioResult:
    """The outcome of :func:`run_scenario`."""

    name: str
    links: tuple[LinkResult, ...]
    sim_time_s: float
    wall_s: float

    @property
    def num_pairs(self) -> int:
        """Pairs delivered over all links."""
        return sum(link.statistics.num_pairs for link in self.links)

    @property
    def rate_hz(self) -> float:
        """Pairs per simulated second over all links."""
        return self.num_pairs / self.sim_time_s

    @property
    def fidelity(self) -> MeanEstimate:
        """Mean fidelity of all delivered pairs, with its standard error."""
        return pooled([link.statistics.fidelity for link in self.links])

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready summary: totals, then one entry per link."""
        return {
            "scenario": self.name,
            "pairs": self.num_pairs,
            "rate_hz": self.rate_hz,
            "fidelity_mean": self.fidelity.mean,
            "fidelity_stderr": self.fidelity.stderr,
            "sim_time_s": self.sim_time_s,
            "wall_s": self.wall_s,
            "links": [link.to_json() for link in self.links],
        }


@dataclass(frozen=True)
class ChainResult:
    """What a repeater chain delivered end to end.

    Attributes:
        name: the scenario's name.
        nodes: the chain's two end nodes.
        statistics: pairs, waiting times and fidelities (each computed from the
            delivered density matrix against its Pauli-frame Bell state).
        wall_s: wall-clock time of the simulation, s.
    """

    name: str
    nodes: tuple[str, str]
    statistics: ChainStatistics
    wall_s: float

    @property
    def num_pairs(self) -> int:
        """End-to-end pairs delivered."""
        return self.statistics.num_pairs

    @property
    def rate_hz(self) -> float:
        """End-to-end pairs per simulated second."""
        return self.statistics.rate_hz

    @property
    def fidelity(self) -> MeanEstimate:
        """Mean fidelity of the delivered pairs, with its standard error."""
        return self.statistics.fidelity

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready summary."""
        stats = self.statistics
        return {
            "scenario": self.name,
            "protocol": "chain",
            "nodes": list(self.nodes),
            "pairs": stats.num_pairs,
            "rate_hz": stats.rate_hz,
            "rate_stderr_hz": math.sqrt(stats.num_pairs) / stats.sim_time_s,
            "fidelity_mean": stats.fidelity.mean,
            "fidelity_stderr": stats.fidelity.stderr,
            "waiting_time_s": stats.waiting_time_s.mean,
            "waiting_time_stderr_s": stats.waiting_time_s.stderr,
            "sim_time_s": stats.sim_time_s,
            "wall_s": self.wall_s,
        }


def _finite(value: float) -> float | None:
    """``value``, or None (JSON null) for NaN: a mean of no samples."""
    return None if math.isnan(value) else value


@dataclass(frozen=True)
class RequestResult:
    """What one request received, next to what its route predicts.

    Attributes:
        plan: the routed request (route, chain, channels).
        statistics: pairs, rate, waiting time and fidelity from the delivered density
            matrices; the mean delivered state with its CHSH value and BBM92 key.
    """

    plan: RequestPlan
    statistics: RequestStatistics

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready summary (null where no pair was delivered)."""
        stats, plan = self.statistics, self.plan
        key = stats.key
        return {
            "between": list(plan.between),
            "routing": plan.routing.value,
            "path": list(plan.route.nodes),
            "hops": plan.route.num_links,
            "num_channels": plan.chain.num_channels,
            "expected_fidelity": plan.route.expected_fidelity,
            "pairs": stats.num_pairs,
            "rate_hz": stats.rate_hz,
            "rate_stderr_hz": stats.rate_stderr_hz,
            "waiting_time_s": _finite(stats.waiting_time_s.mean),
            "waiting_time_stderr_s": _finite(stats.waiting_time_s.stderr),
            "fidelity_mean": _finite(stats.fidelity.mean),
            "fidelity_stderr": _finite(stats.fidelity.stderr),
            "chsh": stats.chsh,
            "qber_z": key.qber_z if key else None,
            "qber_x": key.qber_x if key else None,
            "secret_fraction": key.secret_fraction if key else None,
            "key_rate_bps": key.key_rate_bps if key else None,
            "sim_time_s": stats.sim_time_s,
            "note": "" if stats.num_pairs else "no end-to-end pair within the run",
        }


@dataclass(frozen=True)
class NetworkResult:
    """The outcome of a ``requests`` scenario: one :class:`RequestResult` per request."""

    name: str
    requests: tuple[RequestResult, ...]
    sim_time_s: float
    wall_s: float

    @property
    def num_pairs(self) -> int:
        """Pairs delivered over all requests."""
        return sum(request.statistics.num_pairs for request in self.requests)

    @property
    def rate_hz(self) -> float:
        """Pairs per simulated second over all requests."""
        return self.num_pairs / self.sim_time_s

    @property
    def fidelity(self) -> MeanEstimate:
        """Mean fidelity of all delivered pairs, with its standard error."""
        return pooled([request.statistics.fidelity for request in self.requests])

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready summary: totals, then one entry per request."""
        return {
            "scenario": self.name,
            "protocol": "requests",
            "pairs": self.num_pairs,
            "rate_hz": self.rate_hz,
            "fidelity_mean": _finite(self.fidelity.mean),
            "fidelity_stderr": _finite(self.fidelity.stderr),
            "sim_time_s": self.sim_time_s,
            "wall_s": self.wall_s,
            "requests": [request.to_json() for request in self.requests],
        }


def run_built(
    built: BuiltScenario, *, on_progress: Callable[[float], None] | None = None
) -> AnyResult:
    """Simulate an already built scenario (see :func:`run_scenario`)."""
    if built.chain is not None:
        return _run_chain(built, built.chain)
    if built.requests:
        return _run_requests(built, on_progress)
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
        LinkResult(
            (config.node_a, config.node_b),
            stats,
            config.expected_rate_hz,
            config.outcome.mean_fidelity,
        )
        for config, stats in zip(built.links, statistics, strict=True)
    )
    return ScenarioResult(scenario.name, links, scenario.duration_s, wall_s)


def _run_chain(built: BuiltScenario, chain: ChainConfig) -> ChainResult:
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
    ends = (chain.nodes[0], chain.nodes[-1])
    return ChainResult(scenario.name, ends, statistics, time.perf_counter() - start)


def _run_requests(
    built: BuiltScenario, on_progress: Callable[[float], None] | None
) -> NetworkResult:
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
    return NetworkResult(scenario.name, results, sim_time_s, wall_s)


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
