"""From a validated :class:`~qinternet.network.scenario.Scenario` to simulation inputs.

Node hardware comes from a platform preset (or defaults) patched with the file's
overrides. Each link's fibres (:class:`~qinternet.physics.devices.Fibre`, which owns
every delay) and devices go to the builder its scheme's ``kind`` registered in
:mod:`qinternet.network.schemes`, which evaluates the pure link-layer function once;
the event simulation then samples that outcome. Physically impossible values are
refused by the hardware models; the error names the file and the field.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from qinternet.core.errors import InvalidParameterError, ParameterError, ScenarioError
from qinternet.network.scenario import (
    ChainProtocol,
    DeliveryProtocol,
    GhzProtocol,
    GraphStateProtocol,
    LinkSpec,
    NodeSpec,
    RequestsProtocol,
    Scenario,
    WStateProtocol,
)
from qinternet.network.schemes import LinkInputs, build_scheme
from qinternet.physics import devices  # devices.preset: the presets load when a node names one
from qinternet.physics.devices import AtomicEnsemble, Detector, Emitter, Fibre, Memory
from qinternet.physics.links import LinkOutcome
from qinternet.sim.link_process import HeraldedLinkConfig
from qinternet.states import bell_state, werner

if TYPE_CHECKING:  # the chain, request, GHZ and graph modules load only when a scenario has them
    from qinternet.network.delivery import DeliveryPlan
    from qinternet.network.graph import GraphPlan
    from qinternet.network.requests import RequestPlan
    from qinternet.sim.chain import ChainConfig
    from qinternet.sim.ghz import GhzConfig
    from qinternet.sim.w_states import WConfig

Model = TypeVar("Model")


@dataclass(frozen=True)
class NodeHardware:
    """The device models of one node."""

    memory: Memory
    emitter: Emitter
    ensemble: AtomicEnsemble | None
    detector: Detector
    num_memories: int
    attempt_duration_s: float = 0.0


@dataclass(frozen=True)
class BuiltScenario:
    """Everything the event simulation needs, plus the pure-function predictions.

    ``chain`` is set when the scenario's protocol is a repeater chain, ``requests``
    (one routed chain per request) when it is ``requests``, ``ghz`` (the star) when it
    is ``ghz``, ``graph`` (:class:`~qinternet.network.graph.GraphPlan`) when it is ``graph``,
    ``w`` (the source and its leaves; no heralded links) when it is ``w``, ``delivery``
    (the delivering link, its memories, cycle and window) when it is ``delivery``.
    """

    scenario: Scenario
    nodes: dict[str, NodeHardware]
    links: tuple[HeraldedLinkConfig, ...]
    chain: ChainConfig | None = None
    requests: tuple[RequestPlan, ...] = ()
    ghz: GhzConfig | None = None
    graph: GraphPlan | None = None
    w: WConfig | None = None
    delivery: DeliveryPlan | None = None


def _patched(base: Model, overrides: Mapping[str, Any], where: str, source: str) -> Model:
    """``base`` with the ``overrides`` that are not None, errors naming ``source`` and ``where``.

    The keys are fields of ``base`` (a device section of the file, validated when parsed).
    """
    changes = {key: value for key, value in overrides.items() if value is not None}
    return checked_config(lambda: dataclasses.replace(base, **changes), where, source)  # type: ignore[type-var]


def checked_config(build: Callable[[], Model], where: str, source: str) -> Model:
    try:
        return build()
    except ParameterError as error:
        raise ScenarioError(
            f"{source}: {where}.{error.name}={error.value!r}: {error.reason}"
        ) from None


def build_node(spec: NodeSpec, index: int, source: str) -> NodeHardware:
    """The hardware of node ``spec`` (preset, then overrides)."""
    where = f"nodes[{index}]"
    name = spec.preset
    base = checked_config(lambda: devices.preset(name), where, source) if name is not None else None
    memory = base.memory if base is not None and base.memory is not None else Memory()
    emitter = base.emitter if base is not None and base.emitter is not None else Emitter()
    detector = base.detector if base is not None and base.detector is not None else Detector(1.0)
    ensemble = base.ensemble if base is not None else None
    if spec.ensemble.changes():
        template = ensemble or AtomicEnsemble(excitation_probability=0.01)
        ensemble = _patched(template, spec.ensemble.changes(), f"{where}.ensemble", source)
    return NodeHardware(
        memory=_patched(memory, spec.memory.changes(), f"{where}.memory", source),
        emitter=_patched(emitter, spec.emitter.changes(), f"{where}.emitter", source),
        ensemble=ensemble,
        detector=detector,
        num_memories=spec.num_memories,
        attempt_duration_s=base.attempt_duration_s if base is not None else 0.0,
    )


def _link_fibres(link: LinkSpec, where: str, source: str) -> tuple[tuple[Fibre, Fibre], Fibre]:
    """Each node's fibre to the station, and the fibre from node to node.

    Every delay of the link (attempt, heralds, swap messages) is one of these fibres'.
    """
    arm_a_m, arm_b_m = link.arms_m

    def fibre(length_m: float) -> Fibre:
        return checked_config(
            lambda: Fibre(length_m, link.attenuation_db_per_km, link.group_velocity_m_per_s),
            where,
            source,
        )

    return (fibre(arm_a_m), fibre(arm_b_m)), fibre(link.total_length_m)


SchemeOutcomes = dict[Any, tuple[LinkOutcome, tuple[float, float]]]
"""Scheme outcomes already computed in one build, by everything that determines them."""


def build_link(
    link: LinkSpec,
    index: int,
    nodes: dict[str, NodeHardware],
    channels: int,
    source: str,
    outcomes: SchemeOutcomes | None = None,
) -> HeraldedLinkConfig:
    """The :class:`HeraldedLinkConfig` of one link of the scenario.

    Links that differ only in the names of their nodes share one evaluation of the
    scheme (a 10,000-node chain of identical links evaluates it once), through
    ``outcomes`` when the caller passes one dictionary for all its links.
    """
    where = f"links[{index}]"
    a, b = nodes[link.nodes[0]], nodes[link.nodes[1]]
    detector = _patched(a.detector, link.detector.changes(), f"{where}.detector", source)
    arms, whole = _link_fibres(link, where, source)
    inputs = LinkInputs(link, a, b, detector, arms, whole, where, source)
    key = (link.model_copy(update={"nodes": ("", "")}), a, b, detector, arms, whole)
    if outcomes is not None and key in outcomes:
        outcome, delays = outcomes[key]
    else:
        outcome, delays = checked_config(
            lambda: build_scheme(link.scheme, inputs), f"{where}.scheme", source
        )
        if outcomes is not None:
            outcomes[key] = (outcome, delays)
    if link.heralded_fidelity is not None:
        outcome = LinkOutcome(
            success_probability=outcome.success_probability,
            heralded_state=werner(link.heralded_fidelity),
            target=bell_state("phi+"),
            target_name="phi+",
            attempt_duration_s=outcome.attempt_duration_s,
        )
    slowest_rate_hz = min(a.emitter.max_attempt_rate_hz, b.emitter.max_attempt_rate_hz)
    period_s = max(
        outcome.attempt_duration_s,
        1.0 / slowest_rate_hz,
        a.attempt_duration_s,
        b.attempt_duration_s,
    )
    if not period_s > 0.0 or math.isinf(period_s):
        raise ScenarioError(
            f"{source}: {where}: an attempt takes no time; set the emitters' "
            "max_attempt_rate_hz or a fibre length"
        )
    return checked_config(
        lambda: HeraldedLinkConfig(
            link.nodes[0],
            link.nodes[1],
            outcome,
            herald_delay_s=delays,
            num_channels=channels,
            attempt_duration_s=period_s,
        ),
        where,
        source,
    )


def build_scenario(scenario: Scenario, *, source: str = "<scenario>") -> BuiltScenario:
    """Hardware and link configurations of ``scenario``.

    Each node's memories are shared out among its links: a link gets
    ``num_channels`` memory pairs, by default as many as both ends can give it.

    Raises:
        ScenarioError: naming ``source`` and the field, for a physically impossible value
            or more channels than a node has memories.
    """
    nodes = {spec.name: build_node(spec, i, source) for i, spec in enumerate(scenario.nodes)}
    if isinstance(scenario.protocol, ChainProtocol):
        return _build_chain(scenario, scenario.protocol, nodes, source)
    if isinstance(scenario.protocol, RequestsProtocol):
        return _build_requests(scenario, scenario.protocol, nodes, source)
    if isinstance(scenario.protocol, GhzProtocol):
        from qinternet.network.ghz import build_ghz  # (it imports this module)

        return build_ghz(scenario, scenario.protocol, nodes, source)
    if isinstance(scenario.protocol, GraphStateProtocol):
        from qinternet.network.graph import build_graph  # (it imports this module)

        return build_graph(scenario, scenario.protocol, nodes, source)
    if isinstance(scenario.protocol, WStateProtocol):
        from qinternet.network.w_states import build_w  # (it imports this module)

        return build_w(scenario, scenario.protocol, nodes, source)
    if isinstance(scenario.protocol, DeliveryProtocol):
        from qinternet.network.delivery import build_delivery  # (it imports this module)

        return build_delivery(scenario, scenario.protocol, nodes, source)
    links_at = {name: 0 for name in nodes}
    for link in scenario.links:
        for end in link.nodes:
            links_at[end] += 1
    used = {name: 0 for name in nodes}
    configs = []
    outcomes: SchemeOutcomes = {}
    for i, link in enumerate(scenario.links):
        share = min(nodes[end].num_memories // links_at[end] for end in link.nodes)
        channels = link.num_channels or max(share, 1)
        for end in link.nodes:
            used[end] += channels
            if used[end] > nodes[end].num_memories:
                raise ScenarioError(
                    f"{source}: links[{i}].num_channels={channels}: node {end!r} has only "
                    f"{nodes[end].num_memories} memories for all its links"
                )
        configs.append(build_link(link, i, nodes, channels, source, outcomes))
    if (application := scenario.protocol.application) is not None:
        memories = {name: node.num_memories for name, node in nodes.items()}
        from qinternet.network.applications import in_gate_frame

        configs = list(in_gate_frame(application, scenario.links, tuple(configs), memories, source))
    return BuiltScenario(scenario, nodes, tuple(configs))


def segment_delays_s(scenario: Scenario, indices: Iterable[int], source: str) -> tuple[float, ...]:
    """The time a swap outcome takes over each of links ``indices``: its fibre's delay."""
    return tuple(_link_fibres(scenario.links[i], f"links[{i}]", source)[1].delay_s for i in indices)


def _build_chain(
    scenario: Scenario, protocol: ChainProtocol, nodes: dict[str, NodeHardware], source: str
) -> BuiltScenario:
    """A repeater chain over the scenario's links (in order)."""
    from qinternet.physics.maps.purification import PurificationMethod
    from qinternet.physics.maps.swapping import BsmNoise
    from qinternet.sim.chain import ChainConfig, SwapPolicy

    ends = {scenario.links[0].nodes[0], scenario.links[-1].nodes[1]}
    per_side = 2**protocol.purification_rounds
    on_chain = {name for link in scenario.links for name in link.nodes}
    app = protocol.application
    data = {end: 0 if app is None else app.data_qubits_at(end) for end in ends}
    capacity = min(
        (node.num_memories - data[name]) // per_side
        if name in ends
        else node.num_memories // (2 * per_side)
        for name, node in nodes.items()
        if name in on_chain
    )
    channels = protocol.num_channels or max(capacity, 1)
    if channels > capacity:
        kept = ""
        if any(data.values()):
            keeps = "an end node keeps" if all(data.values()) else "the sender keeps"
            kept = f"; {keeps} one more for protocol.application's data qubit"
        raise ScenarioError(
            f"{source}: protocol.num_channels={channels}: a repeater needs two memories per "
            f"chain copy and an end node one (times 2^purification_rounds = {per_side}){kept}; "
            f"the nodes allow {capacity}"
        )
    outcomes: SchemeOutcomes = {}
    links = tuple(
        build_link(link, i, nodes, 1, source, outcomes) for i, link in enumerate(scenario.links)
    )
    chain = checked_config(
        lambda: ChainConfig(
            links,
            segment_delay_s=segment_delays_s(scenario, range(len(scenario.links)), source),
            swap_success_probability=protocol.swap_success_probability,
            bsm_noise=BsmNoise(protocol.gate_depolarizing, protocol.readout_flip),
            cutoff_s=protocol.cutoff_s,
            num_channels=channels,
            purification_rounds=protocol.purification_rounds,
            purification_method=PurificationMethod(protocol.purification_method),
            policy=SwapPolicy(protocol.policy),
        ),
        "protocol",
        source,
    )
    return BuiltScenario(scenario, nodes, links, chain)


def _build_requests(
    scenario: Scenario, protocol: RequestsProtocol, nodes: dict[str, NodeHardware], source: str
) -> BuiltScenario:
    """Route every request and make it a repeater chain sharing the nodes' memories."""
    from qinternet.network.requests import RequestPlan, route_links, share_memories
    from qinternet.network.routing import Routing, find_route
    from qinternet.network.topology import network_graph
    from qinternet.physics.maps.swapping import BsmNoise
    from qinternet.sim.chain import ChainConfig

    outcomes: SchemeOutcomes = {}
    links = tuple(
        build_link(link, i, nodes, 1, source, outcomes) for i, link in enumerate(scenario.links)
    )
    graph = network_graph(scenario)
    fidelities = [config.outcome.mean_fidelity for config in links]
    routes = []
    for i, request in enumerate(protocol.requests):
        a, b = request.between
        try:
            route = find_route(graph, a, b, routing=request.routing, link_fidelities=fidelities)
        except InvalidParameterError as error:
            reason = error.reason
            if reason == "no path joins them":
                reason = f"no route: {a!r} and {b!r} are not connected by links"
            raise ScenarioError(
                f"{source}: protocol.requests[{i}].between={[a, b]!r}: {reason}"
            ) from None
        for index in route.links:
            dims = links[index].outcome.heralded_state.dims
            if dims != (2, 2):
                raise ScenarioError(
                    f"{source}: links[{index}].scheme={scenario.links[index].scheme.kind!r}: "
                    f"holds modes of dimensions {dims}, but protocol.requests[{i}] swaps "
                    "qubits; use a qubit scheme for the links it routes over"
                )
        routes.append(route)
    try:
        channels = share_memories(
            [route.nodes for route in routes],
            {name: node.num_memories for name, node in nodes.items()},
            [request.num_channels for request in protocol.requests],
        )
    except InvalidParameterError as error:
        (node,) = error.value
        index = next(i for i, spec in enumerate(scenario.nodes) if spec.name == node)
        raise ScenarioError(
            f"{source}: nodes[{index}].num_memories={error.value[node]}: node {node!r} has "
            f"{error.reason}"
        ) from None
    plans = []
    for request, route, count in zip(protocol.requests, routes, channels, strict=True):
        oriented = route_links(route.nodes, route.links, links)
        delays = segment_delays_s(scenario, route.links, source)
        chain = checked_config(
            functools.partial(
                ChainConfig,
                oriented,
                segment_delay_s=delays,
                swap_success_probability=protocol.swap_success_probability,
                bsm_noise=BsmNoise(protocol.gate_depolarizing, protocol.readout_flip),
                cutoff_s=protocol.cutoff_s,
                num_channels=count,
            ),
            "protocol",
            source,
        )
        plans.append(
            RequestPlan(request.between, Routing(request.routing), route, chain, request.max_pairs)
        )
    return BuiltScenario(scenario, nodes, links, requests=tuple(plans))
