"""Run a scenario: build it, simulate it, report what it delivered.

One result family: :class:`ScenarioResult` (``link_layer``), :class:`ChainResult` (``chain``),
:class:`NetworkResult` (``requests``), ``GhzResult`` (``ghz``) and ``GraphResult`` (``graph``)
share :class:`RunResult`, and
``to_json()`` gives one shape for all, used alike by ``qinternet run --json``, sweeps
and the Python API. JSON schema, version :data:`SCHEMA_VERSION` (a mean of no
samples, NaN, is written as null):

=========================  ================================================================
field                      meaning
=========================  ================================================================
``schema_version``         this table's version (an integer)
``scenario``               the scenario's name
``protocol``               ``link_layer``, ``chain``, ``requests``, ``ghz`` or ``graph``
``sim_time_s``             simulated time, s (requests: until the last one finished)
``wall_s``                 wall-clock time of the simulation, s
``pairs``                  pairs delivered (over all links / requests; ghz: GHZ states)
``rate_hz``                ``pairs / sim_time_s``
``rate_stderr_hz``         ``sqrt(pairs) / sim_time_s`` (Poisson counting)
``fidelity_mean``          mean fidelity of the delivered states with their targets
``fidelity_stderr``        its standard error
``links`` (link_layer)     per link: ``nodes``, ``pairs``, ``rate_hz``, ``rate_stderr_hz``,
                           ``fidelity_mean``, ``fidelity_stderr``, ``predicted_rate_hz``,
                           ``predicted_fidelity``
``nodes`` (chain)          the chain's two end nodes
``policy`` (chain)         ``nested`` or ``asap``
``waiting_time_s``         (chain, each request) mean time from the start of a pair's
                           attempt to its delivery, s; ``waiting_time_stderr_s`` its error
``delivery_interval_s``    (chain, each request) mean time between consecutive deliveries
                           (the first from the start), s; ``delivery_interval_stderr_s``
``hub``, ``witness`` ...   (ghz) the GHZ fields, documented in :mod:`qinternet.network.ghz`;
                           (graph) the graph-state fields, in :mod:`qinternet.network.graph`
``application``            (link_layer, optional) the non-local gate made from one link's
                           pairs, documented in :mod:`qinternet.network.linked`
``requests`` (requests)    per request: ``between``, ``routing``, ``path``, ``hops``,
                           ``num_channels``, ``expected_fidelity``, the fields above,
                           ``chsh``, ``qber_z``, ``qber_x``, ``secret_fraction``,
                           ``key_rate_bps`` (of the mean delivered state), ``note``
=========================  ================================================================

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

import math
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, ClassVar, Union

from qinternet.core.rng import child_generators
from qinternet.core.statistics import MeanEstimate, pooled
from qinternet.network.build import BuiltScenario, build_scenario
from qinternet.network.requests import RequestPlan
from qinternet.network.scenario import ChainProtocol, Scenario
from qinternet.sim import DeliveryStatistics
from qinternet.sim.link_process import simulate_links
from qinternet.sim.monitor import PairRate
from qinternet.sim.repeater import ChainConfig, simulate_chain
from qinternet.sim.requests import simulate_requests

SCHEMA_VERSION = 1
"""Version of the JSON shape documented above."""

if TYPE_CHECKING:
    from qinternet.network.ghz import GhzResult
    from qinternet.network.graph import GraphResult
AnyResult = Union["ScenarioResult", "ChainResult", "NetworkResult", "GhzResult", "GraphResult"]
"""What :func:`run_built` returns, by the scenario's protocol."""


def _json_safe(data: Any) -> Any:
    """``data`` with every NaN float replaced by None (JSON null)."""
    if isinstance(data, float):
        return None if math.isnan(data) else data
    if isinstance(data, Mapping):
        return {key: _json_safe(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_json_safe(value) for value in data]
    return data


def _delivery_json(stats: DeliveryStatistics) -> dict[str, Any]:
    """The pair, rate and fidelity fields of one set of statistics."""
    return {
        "pairs": stats.num_pairs,
        "rate_hz": stats.rate_hz,
        "rate_stderr_hz": stats.rate_stderr_hz,
        "fidelity_mean": stats.fidelity.mean,
        "fidelity_stderr": stats.fidelity.stderr,
    }


def _timing_json(stats: DeliveryStatistics) -> dict[str, Any]:
    """The two times of a chain's deliveries (see the schema)."""
    return {
        "waiting_time_s": stats.waiting_time_s.mean,
        "waiting_time_stderr_s": stats.waiting_time_s.stderr,
        "delivery_interval_s": stats.delivery_interval_s.mean,
        "delivery_interval_stderr_s": stats.delivery_interval_s.stderr,
    }


class RunResult(PairRate, ABC):
    """What every run reports: ``name`` (the scenario's), ``sim_time_s``, ``wall_s``, and
    the other common fields of the schema above."""

    protocol: ClassVar[str]
    name: str
    sim_time_s: float
    wall_s: float

    @property
    @abstractmethod
    def num_pairs(self) -> int:
        """Pairs delivered."""

    @property
    @abstractmethod
    def fidelity(self) -> MeanEstimate:
        """Mean fidelity of all delivered pairs, with its standard error."""

    @abstractmethod
    def details(self) -> dict[str, Any]:
        """The fields of this protocol kind (after the common ones)."""

    def to_json(self) -> dict[str, Any]:
        """The JSON-ready summary: the common fields, then :meth:`details`."""
        fidelity = self.fidelity
        common = {
            "schema_version": SCHEMA_VERSION,
            "scenario": self.name,
            "protocol": self.protocol,
            "sim_time_s": self.sim_time_s,
            "wall_s": self.wall_s,
            "pairs": self.num_pairs,
            "rate_hz": self.rate_hz,
            "rate_stderr_hz": self.rate_stderr_hz,
            "fidelity_mean": fidelity.mean,
            "fidelity_stderr": fidelity.stderr,
        }
        return _json_safe({**common, **self.details()})


@dataclass(frozen=True)
class _PooledResult(RunResult):
    """A run of several parts (its last field: links or requests, each with its
    ``statistics`` and ``to_json()``): pairs summed, fidelities pooled."""

    name: str
    sim_time_s: float
    wall_s: float

    @property
    def parts_field(self) -> str:
        """The name of the field holding the parts."""
        return fields(self)[-1].name

    def parts(self) -> tuple[Any, ...]:
        """The parts: :class:`LinkResult` or :class:`RequestResult` entries."""
        parts: tuple[Any, ...] = getattr(self, self.parts_field)
        return parts

    @property
    def num_pairs(self) -> int:
        """Pairs delivered over all parts."""
        return sum(part.statistics.num_pairs for part in self.parts())

    @property
    def fidelity(self) -> MeanEstimate:
        """Mean fidelity of all delivered pairs, with its standard error."""
        return pooled([part.statistics.fidelity for part in self.parts()])

    def details(self) -> dict[str, Any]:
        """``links`` or ``requests``: one entry per part."""
        return {self.parts_field: [part.to_json() for part in self.parts()]}


@dataclass(frozen=True)
class LinkResult:
    """What one link delivered, beside what its pure function predicts.

    Attributes:
        nodes: the two nodes.
        statistics: pairs, rate and fidelity measured in the event simulation.
        predicted_rate_hz: the rate when every pair is consumed on arrival
            (:attr:`~qinternet.sim.link_process.HeraldedLinkConfig.expected_rate_hz`).
        predicted_fidelity: the heralded fidelity from the link-layer function (before
            any memory noise while the heralding message travels).
    """

    nodes: tuple[str, str]
    statistics: DeliveryStatistics
    predicted_rate_hz: float
    predicted_fidelity: float

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready summary (the ``links`` entries of the schema)."""
        return _json_safe(
            {
                "nodes": list(self.nodes),
                **_delivery_json(self.statistics),
                "predicted_rate_hz": self.predicted_rate_hz,
                "predicted_fidelity": self.predicted_fidelity,
            }
        )


@dataclass(frozen=True)
class ScenarioResult(_PooledResult):
    """The outcome of a ``link_layer`` scenario: one :class:`LinkResult` per link."""

    protocol: ClassVar[str] = "link_layer"
    links: tuple[LinkResult, ...]


@dataclass(frozen=True)
class ChainResult(RunResult):
    """What a repeater chain delivered end to end.

    Attributes:
        nodes: the chain's two end nodes.
        policy: ``nested`` or ``asap``.
        statistics: pairs, waiting times, delivery intervals and fidelities (each
            computed from the delivered density matrix after its Pauli correction).
    """

    protocol: ClassVar[str] = "chain"
    name: str
    nodes: tuple[str, str]
    statistics: DeliveryStatistics
    wall_s: float
    policy: str = "nested"
    sim_time_s: float = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sim_time_s", self.statistics.sim_time_s)

    @property
    def num_pairs(self) -> int:
        """End-to-end pairs delivered."""
        return self.statistics.num_pairs

    @property
    def fidelity(self) -> MeanEstimate:
        """Mean fidelity of the delivered pairs, with its standard error."""
        return self.statistics.fidelity

    def details(self) -> dict[str, Any]:
        """``nodes``, ``policy`` and the two times."""
        stats = self.statistics
        return {"nodes": list(self.nodes), "policy": self.policy, **_timing_json(stats)}


@dataclass(frozen=True)
class RequestResult:
    """What one request received, next to what its route predicts.

    Attributes:
        plan: the routed request (route, chain, channels).
        statistics: pairs, rate, times and fidelity from the delivered density
            matrices; the mean delivered state with its CHSH value and BBM92 key.
    """

    plan: RequestPlan
    statistics: DeliveryStatistics

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready summary (the ``requests`` entries of the schema)."""
        stats, plan = self.statistics, self.plan
        key = stats.key
        return _json_safe(
            {
                "between": list(plan.between),
                "routing": plan.routing.value,
                "path": list(plan.route.nodes),
                "hops": plan.route.num_links,
                "num_channels": plan.chain.num_channels,
                "expected_fidelity": plan.route.expected_fidelity,
                **_delivery_json(stats),
                **_timing_json(stats),
                "chsh": stats.chsh,
                "qber_z": key.qber_z if key else None,
                "qber_x": key.qber_x if key else None,
                "secret_fraction": key.secret_fraction if key else None,
                "key_rate_bps": key.key_rate_bps if key else None,
                "sim_time_s": stats.sim_time_s,
                "note": "" if stats.num_pairs else "no end-to-end pair within the run",
            }
        )


@dataclass(frozen=True)
class NetworkResult(_PooledResult):
    """The outcome of a ``requests`` scenario: one :class:`RequestResult` per request."""

    protocol: ClassVar[str] = "requests"
    requests: tuple[RequestResult, ...]


def run_built(
    built: BuiltScenario, *, on_progress: Callable[[float], None] | None = None
) -> AnyResult:
    """Simulate an already built scenario (see :func:`run_scenario`)."""
    if built.chain is not None:
        return _run_chain(built, built.chain)
    if built.requests:
        return _run_requests(built, on_progress)
    if built.ghz is not None or built.graph is not None:
        from qinternet.network import ghz, graph  # (they import this module)

        return ghz.run_ghz(built, on_progress) if built.graph is None else graph.run_graph(built)
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
