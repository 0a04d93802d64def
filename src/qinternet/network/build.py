"""From a validated :class:`~qinternet.network.scenario.Scenario` to simulation inputs.

Node hardware comes from a platform preset (or defaults) patched with the file's
overrides; each link's arm efficiencies are emitter x fibre x detector, and its scheme
is evaluated once by the pure link-layer function, whose result the event simulation
then samples. Physically impossible values are refused by the hardware models; the
error names the file and the field.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from qinternet.core.errors import InvalidParameterError, ParameterError, ScenarioError
from qinternet.network.requests import RequestPlan, route_links, share_memories
from qinternet.network.routing import Routing, find_route
from qinternet.network.scenario import (
    BarrettKokScheme,
    ChainProtocol,
    DlczScheme,
    LinkSpec,
    NodeSpec,
    RequestsProtocol,
    Scenario,
    SequentialScheme,
    SingleClickScheme,
    StateTransferScheme,
)
from qinternet.network.topology import network_graph
from qinternet.physics.devices import AtomicEnsemble, Detector, Emitter, Fibre, Memory, preset
from qinternet.physics.links import (
    LinkOutcome,
    barrett_kok_link,
    dlcz_link,
    sequential_link,
    single_click_link,
    transfer_link,
)
from qinternet.physics.maps.purification import PurificationMethod
from qinternet.physics.maps.swapping import BsmNoise
from qinternet.sim.chain import ChainConfig, SwapPolicy
from qinternet.sim.link_process import HeraldedLinkConfig
from qinternet.states import bell_state, werner

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
    (one routed chain per request) when it is ``requests``.
    """

    scenario: Scenario
    nodes: dict[str, NodeHardware]
    links: tuple[HeraldedLinkConfig, ...]
    chain: ChainConfig | None = None
    requests: tuple[RequestPlan, ...] = ()


def _patched(base: Model, overrides: Mapping[str, Any], where: str, source: str) -> Model:
    """``base`` with the ``overrides`` that are not None, errors naming ``source`` and ``where``.

    The keys are fields of ``base`` (a device section of the file, validated when parsed).
    """
    changes = {key: value for key, value in overrides.items() if value is not None}
    return _checked(lambda: dataclasses.replace(base, **changes), where, source)  # type: ignore[type-var]


def _checked(build: Callable[[], Model], where: str, source: str) -> Model:
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
    base = _checked(lambda: preset(name), where, source) if name is not None else None
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


def _scheme_outcome(
    link: LinkSpec, a: NodeHardware, b: NodeHardware, detector: Detector, where: str, source: str
) -> tuple[LinkOutcome, tuple[float, float]]:
    """The scheme's pure-function outcome and the herald delays to each node."""
    arm_a_m, arm_b_m = link.arms_m
    fibre_a = _checked(lambda: Fibre(arm_a_m, link.attenuation_db_per_km), where, source)
    fibre_b = _checked(lambda: Fibre(arm_b_m, link.attenuation_db_per_km), where, source)
    velocity = fibre_a.group_velocity_m_per_s
    midpoint_delays = (
        (max(arm_a_m, arm_b_m) + arm_a_m) / velocity,
        (max(arm_a_m, arm_b_m) + arm_b_m) / velocity,
    )
    efficiencies = (
        a.emitter.photon_efficiency * fibre_a.transmission * detector.efficiency,
        b.emitter.photon_efficiency * fibre_b.transmission * detector.efficiency,
    )
    dark = detector.dark_count_probability()
    kind = "number_resolving" if detector.number_resolving else "threshold"
    scheme = link.scheme
    arm_m = max(arm_a_m, arm_b_m)
    whole = _checked(lambda: Fibre(link.total_length_m, link.attenuation_db_per_km), where, source)
    loop_delays = (2 * whole.delay_s, whole.delay_s)

    # A spin reset that fails leaves |1> (Memory.initialisation_fidelity).
    initialisation_errors = (
        1.0 - a.memory.initialisation_fidelity,
        1.0 - b.memory.initialisation_fidelity,
    )

    def evaluate() -> tuple[LinkOutcome, tuple[float, float]]:
        if isinstance(scheme, BarrettKokScheme):
            outcome = barrett_kok_link(
                efficiencies,
                detector=kind,
                dark_count_probability=dark,
                visibility=scheme.visibility,
                arm_length_m=arm_m,
                initialisation_error=initialisation_errors,
            )
            return outcome, midpoint_delays
        if isinstance(scheme, SingleClickScheme):
            alpha = scheme.bright_state_population or a.emitter.bright_state_population
            if alpha is None:
                raise ScenarioError(
                    f"{source}: {where}.scheme.bright_state_population: needed (the nodes' "
                    "emitters set none)"
                )
            outcome = single_click_link(
                alpha,
                efficiencies,
                detector=kind,
                dark_count_probability=dark,
                visibility=scheme.visibility,
                phase_std_rad=scheme.phase_std_rad,
                arm_length_m=arm_m,
                initialisation_error=initialisation_errors,
                double_excitation_probability=(
                    a.emitter.double_excitation_probability,
                    b.emitter.double_excitation_probability,
                ),
            )
            return outcome, midpoint_delays
        if isinstance(scheme, DlczScheme):
            p = scheme.excitation_probability or (
                a.ensemble.excitation_probability if a.ensemble else None
            )
            if p is None:
                raise ScenarioError(
                    f"{source}: {where}.scheme.excitation_probability: needed (the nodes have "
                    "no ensemble)"
                )
            outcome = dlcz_link(
                p,
                efficiencies,
                detector=kind,
                dark_count_probability=dark,
                arm_length_m=arm_m,
                phase_std_rad=scheme.phase_std_rad,
            )
            return outcome, midpoint_delays
        if isinstance(scheme, SequentialScheme):
            outcome = sequential_link(
                scheme.reflectivity,
                scheme.contrast,
                loop_transmission=whole.transmission,
                detector_efficiency=detector.efficiency,
                loop_length_m=link.total_length_m,
                initialisation_error=initialisation_errors,
            )
            return outcome, loop_delays
        assert isinstance(scheme, StateTransferScheme)
        outcome = transfer_link(
            whole.transmission,
            emission_efficiency=scheme.emission_efficiency,
            absorption_efficiency=scheme.absorption_efficiency,
            length_m=link.total_length_m,
        )
        return outcome, (whole.delay_s, 0.0)

    return _checked(evaluate, f"{where}.scheme", source)


def build_link(
    link: LinkSpec, index: int, nodes: dict[str, NodeHardware], channels: int, source: str
) -> HeraldedLinkConfig:
    """The :class:`HeraldedLinkConfig` of one link of the scenario."""
    where = f"links[{index}]"
    a, b = nodes[link.nodes[0]], nodes[link.nodes[1]]
    detector = _patched(a.detector, dict(link.detector), f"{where}.detector", source)
    outcome, delays = _scheme_outcome(link, a, b, detector, where, source)
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
    return _checked(
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
    links_at = {name: 0 for name in nodes}
    for link in scenario.links:
        for end in link.nodes:
            links_at[end] += 1
    used = {name: 0 for name in nodes}
    configs = []
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
        configs.append(build_link(link, i, nodes, channels, source))
    return BuiltScenario(scenario, nodes, tuple(configs))


def _build_chain(
    scenario: Scenario, protocol: ChainProtocol, nodes: dict[str, NodeHardware], source: str
) -> BuiltScenario:
    """A repeater chain over the scenario's links (in order)."""
    ends = {scenario.links[0].nodes[0], scenario.links[-1].nodes[1]}
    per_side = 2**protocol.purification_rounds
    capacity = min(
        node.num_memories // ((1 if name in ends else 2) * per_side)
        for name, node in nodes.items()
        if any(name in link.nodes for link in scenario.links)
    )
    channels = protocol.num_channels or max(capacity, 1)
    if channels > capacity:
        raise ScenarioError(
            f"{source}: protocol.num_channels={channels}: a repeater needs two memories per "
            f"chain copy and an end node one (times 2^purification_rounds = {per_side}); "
            f"the nodes allow {capacity}"
        )
    links = tuple(build_link(link, i, nodes, 1, source) for i, link in enumerate(scenario.links))
    velocity = Fibre(0.0).group_velocity_m_per_s
    chain = _checked(
        lambda: ChainConfig(
            links,
            segment_delay_s=tuple(link.total_length_m / velocity for link in scenario.links),
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
    links = tuple(build_link(link, i, nodes, 1, source) for i, link in enumerate(scenario.links))
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
    velocity = Fibre(0.0).group_velocity_m_per_s
    plans = []
    for request, route, count in zip(protocol.requests, routes, channels, strict=True):
        oriented = route_links(route.nodes, route.links, links)
        delays = tuple(scenario.links[index].total_length_m / velocity for index in route.links)
        chain = _checked(
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
