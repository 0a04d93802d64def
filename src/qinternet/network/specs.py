"""The parts of a scenario file: nodes, links, protocols, topologies.

Each is a frozen pydantic model that refuses unknown keys (a link's heralding scheme is
the model its ``kind`` registered in :mod:`.schemes`); :mod:`.scenario` assembles
them into a :class:`~qinternet.network.scenario.Scenario` and turns validation errors
into one line naming the file and the field.

Examples:
    >>> RequestSpec(between=("A", "C")).routing
    'hops'
    >>> GridTopology(kind="grid", rows=2, columns=2, length_m=1e3).graph().number_of_edges()
    4
    >>> GridTopology(kind="grid", rows=10**6, columns=3, length_m=1e3)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for GridTopology
      Value error, rows x columns gives 3000000 nodes, over the 10000 a generated ...
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BeforeValidator, Field, SerializeAsAny, model_serializer, model_validator
from pydantic_core.core_schema import SerializerFunctionWrapHandler

from qinternet.network import topology
from qinternet.network._nodes import check_between, check_one_link_per_pair, check_star
from qinternet.network._strict import Probability
from qinternet.network._strict import Strict as _Strict
from qinternet.network.applications import ApplicationSpec
from qinternet.network.delivery_spec import DeliveryProtocol
from qinternet.network.devices import (
    AtomicEnsembleSection,
    DetectorChanges,
    DetectorSection,
    EmitterChanges,
    EmitterSection,
    EnsembleChanges,
    MemoryChanges,
    MemorySection,
)
from qinternet.network.schemes import SchemeSpec, validate_scheme

if TYPE_CHECKING:
    from qinternet.network.topology import Graph
from qinternet.physics.devices.fibre import DEFAULT_GROUP_VELOCITY_M_PER_S


class NodeSpec(_Strict):
    """A node: its hardware (preset plus overrides) and number of memories.

    ``memory``, ``emitter`` and ``ensemble`` change fields of the preset's devices
    (:mod:`qinternet.network.devices`).
    """

    name: str = Field(min_length=1)
    preset: str | None = None
    num_memories: int = Field(1, ge=1)
    memory: MemoryChanges = Field(default_factory=MemorySection)
    emitter: EmitterChanges = Field(default_factory=EmitterSection)
    ensemble: EnsembleChanges = Field(default_factory=AtomicEnsembleSection)


class LinkSpec(_Strict):
    """A fibre link between two nodes and the scheme that entangles them.

    ``length_m`` is the total fibre between the nodes; the heralding station sits at
    ``station_fraction`` of it from the first node. Alternatively ``arm_lengths_m`` gives
    each node's fibre to the station directly (a photonic server several links share).
    ``heralded_fidelity``, if given, replaces the scheme's heralded state by a Werner
    state of that fidelity (to compare with simulations that take it as an input).
    ``group_velocity_m_per_s`` is the fibre's: every delay of the link (attempt period,
    heralds, a chain's swap messages) is its length over this velocity.
    """

    nodes: tuple[str, str]
    length_m: float | None = Field(None, ge=0.0)
    arm_lengths_m: (
        tuple[Annotated[float, Field(ge=0.0)], Annotated[float, Field(ge=0.0)]] | None
    ) = None
    attenuation_db_per_km: float = Field(0.2, ge=0.0)
    group_velocity_m_per_s: float = Field(DEFAULT_GROUP_VELOCITY_M_PER_S, gt=0.0)
    station_fraction: Probability = 0.5
    detector: DetectorChanges = Field(default_factory=DetectorSection)
    scheme: SerializeAsAny[Annotated[SchemeSpec, BeforeValidator(validate_scheme)]]
    heralded_fidelity: Probability | None = None
    num_channels: int | None = Field(None, ge=1)

    @model_validator(mode="after")
    def _one_geometry(self) -> LinkSpec:
        if (self.length_m is None) == (self.arm_lengths_m is None):
            raise ValueError("give either length_m or arm_lengths_m")
        if not self.scheme.uses_station and self.length_m is None:
            raise ValueError(f"scheme {self.scheme.kind!r} needs length_m (no station)")
        return self

    @property
    def arms_m(self) -> tuple[float, float]:
        """Each node's fibre length to the heralding station, m."""
        if self.arm_lengths_m is not None:
            return self.arm_lengths_m
        assert self.length_m is not None
        first = self.station_fraction * self.length_m
        return first, self.length_m - first

    @property
    def total_length_m(self) -> float:
        """Fibre between the two nodes (through the station), m."""
        return sum(self.arms_m)


class PublishedResult(_Strict):
    """What the experiment this scenario models reported, with the band a run must hit."""

    source: str
    rate_hz: float | None = Field(None, ge=0.0)
    rate_band_hz: tuple[float, float] | None = None
    fidelity: Probability | None = None
    fidelity_band: tuple[float, float] | None = None


class LinkLayerProtocol(_Strict):
    """Every link generates pairs on its own; each pair is measured when both nodes
    know of it (the link layer alone). ``application`` (optional) uses one link's pairs
    for a non-local gate, a telescope or teleportation between its nodes
    (:mod:`.applications`)."""

    kind: Literal["link_layer"]
    application: ApplicationSpec | None = None


class ChainProtocol(_Strict):
    """The links, in order, form a repeater chain that delivers end-to-end pairs by
    entanglement swapping (:mod:`qinternet.sim.repeater`): ``policy`` nested
    (doubling, default) or asap (swap as soon as possible).

    ``num_channels`` copies of the chain run side by side (default: as many as the
    intermediate nodes' memories allow: two per copy, times 2^purification_rounds).
    Swap outcomes travel over the links' fibre. ``purification_rounds`` rounds of
    recurrence purification (``purification_method`` dejmps or bbpssw) improve every
    link before it is swapped (nested policy). ``max_pairs`` stops the run early.
    ``application`` (optional) uses the end-to-end pairs between the chain's two ends
    (:mod:`.applications`).
    """

    kind: Literal["chain"]
    policy: Literal["nested", "asap"] = "nested"
    swap_success_probability: float = Field(1.0, gt=0.0, le=1.0)
    gate_depolarizing: Probability = 0.0
    readout_flip: Probability = 0.0
    cutoff_s: float | None = Field(None, gt=0.0)
    num_channels: int | None = Field(None, ge=1)
    max_pairs: int | None = Field(None, ge=1)
    purification_rounds: int = Field(0, ge=0, le=6)
    purification_method: Literal["dejmps", "bbpssw"] = "dejmps"
    application: ApplicationSpec | None = None

    @model_serializer(mode="wrap")
    def _dump(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)  # no application: the ids chains had before
        return data if self.application else {k: v for k, v in data.items() if k != "application"}


class RequestSpec(_Strict):
    """A request for end-to-end pairs between two nodes.

    ``routing`` picks the path (:mod:`qinternet.network.routing`): fewest ``hops`` or
    highest expected ``fidelity``. ``num_channels`` fixes the chain copies the request
    runs (default: its share of the nodes' memories); ``max_pairs`` stops it early.
    """

    between: tuple[str, str]
    routing: Literal["hops", "fidelity"] = "hops"
    num_channels: int | None = Field(None, ge=1)
    max_pairs: int | None = Field(None, ge=1)


class RequestsProtocol(_Strict):
    """Several requests at once: each follows its route as a repeater chain (nested
    swapping, as ``chain``), all on one clock, sharing the nodes' memories
    (:mod:`qinternet.network.requests`). Swap and cut-off settings apply to every chain.
    """

    kind: Literal["requests"]
    requests: list[RequestSpec] = Field(min_length=1)
    swap_success_probability: float = Field(1.0, gt=0.0, le=1.0)
    gate_depolarizing: Probability = 0.0
    readout_flip: Probability = 0.0
    cutoff_s: float | None = Field(None, gt=0.0)

    def check_requests(self, links: Sequence[LinkSpec], names: list[str]) -> None:
        """Refuse two links between one pair of nodes and requests naming unknown nodes
        or asking a node for pairs with itself (the scenario's validator calls it)."""
        check_one_link_per_pair(links, "requests route over one link per pair of nodes")
        for i, request in enumerate(self.requests):
            check_between(request.between, names, f"protocol.requests[{i}].between", "pairs")


class GhzProtocol(_Strict):
    """GHZ states of a star: every link joins ``hub`` to a distinct leaf, and the hub
    fuses one pair per leaf as soon as it holds them (:mod:`qinternet.sim.ghz`), with
    the gate and readout errors of its CNOTs and measurements. ``keep_hub`` keeps the
    hub's qubit in the state (default: measured out, a GHZ state of the leaves; needs
    two links). The outcomes travel to the leaves over the links' fibre. ``max_states``
    stops the run early.
    """

    kind: Literal["ghz"]
    hub: str = Field(min_length=1)
    keep_hub: bool = False
    gate_depolarizing: Probability = 0.0
    readout_flip: Probability = 0.0
    max_states: int | None = Field(None, ge=1)

    def check_star(self, links: list[LinkSpec], names: list[str]) -> None:
        """Refuse a hub that is not a node, or links that do not form a star around it.

        Raises:
            ValueError: one line naming ``protocol.hub``, ``protocol.keep_hub`` or
                ``links[i]``.
        """
        check_star(links, names, self.hub, "protocol.hub", "ghz")
        if not self.keep_hub and len(links) < 2:
            raise ValueError(
                "protocol.keep_hub=False: a GHZ state of the leaves needs two links "
                "(set keep_hub: true for a pair with the hub)"
            )


class GraphStateProtocol(_Strict):
    """A graph state over the whole network: every node holds one data qubit, every link
    is an edge made by a remote CZ gate that consumes one of its heralded pairs
    (:mod:`qinternet.network.graph`); its stabilizers are estimated from ``shots`` runs
    per measurement setting. ``backend`` picks the representation: ``stabilizer`` (Stim;
    Bell-diagonal links only), ``density_matrix`` (exact, any qubit pairs, at most 10
    nodes) or ``auto`` (the first when every link is Bell-diagonal, else the second).
    """

    kind: Literal["graph"]
    shots: int = Field(2000, ge=2)
    backend: Literal["auto", "stabilizer", "density_matrix"] = "auto"

    def check_edges(self, links: list[LinkSpec]) -> None:
        """Refuse two links between the same nodes (a graph state has one edge there).

        Raises:
            ValueError: one line naming ``links[i]``.
        """
        check_one_link_per_pair(links, "protocol 'graph' makes one edge per pair of nodes")


class WStateProtocol(_Strict):
    """W states of a star: the ``source`` heralds one excitation per success (probability
    ``excitation_probability`` per attempt; default: its ensemble's excitation probability
    times its detector's efficiency) at ``attempt_rate_hz`` (default: as fast as its
    emitter and preset allow) and splits it equally into its links, one per leaf
    (:mod:`qinternet.sim.w_states`). Each link carries the excitation one way: scheme
    ``state_transfer`` (its emission and absorption efficiencies). ``max_states`` stops
    the run early.
    """

    kind: Literal["w"]
    source: str = Field(min_length=1)
    excitation_probability: float | None = Field(None, gt=0.0, le=1.0)
    attempt_rate_hz: float | None = Field(None, gt=0.0)
    max_states: int | None = Field(None, ge=1)

    def check_star(self, links: list[LinkSpec], names: list[str]) -> None:
        """Refuse a source that is not a node, links that are no star around it, fewer
        than two or more than ten leaves, and links that do not carry an excitation.

        Raises:
            ValueError: one line naming ``protocol.source``, ``links`` or ``links[i]``.
        """
        leaves = check_star(links, names, self.source, "protocol.source", "w")
        if not 2 <= len(leaves) <= 10:
            raise ValueError(
                f"links: protocol 'w' shares the excitation among 2 to 10 leaves (the "
                f"state is a density matrix of 2^k dimensions); got {len(leaves)}"
            )
        for i, link in enumerate(links):
            for key in ("heralded_fidelity", "num_channels"):
                if getattr(link, key) is not None:
                    raise ValueError(
                        f"links[{i}].{key}: protocol 'w' carries one excitation down each "
                        "link, not heralded pairs; leave it out"
                    )
            scheme = link.scheme
            if scheme.kind != "state_transfer" or getattr(scheme, "dynamics", None) is not None:
                raise ValueError(
                    f"links[{i}].scheme: protocol 'w' sends the excitation one way down each "
                    "link: use kind state_transfer with emission_efficiency and "
                    f"absorption_efficiency (got {scheme.kind!r}"
                    f"{' with dynamics' if scheme.kind == 'state_transfer' else ''})"
                )


ProtocolSpec = Annotated[
    LinkLayerProtocol
    | ChainProtocol
    | RequestsProtocol
    | GhzProtocol
    | GraphStateProtocol
    | WStateProtocol
    | DeliveryProtocol,
    Field(discriminator="kind"),
]


MAX_TOPOLOGY_NODES = 10_000
"""A generated topology has at most this many nodes (the scenario files are sized for it:
:data:`~qinternet.network.files.MAX_ENTRIES`); a larger one is refused before it is made."""


class _TopologyBase(_Strict):
    length_m: float = Field(ge=0.0)
    node: dict[str, Any] = Field(default_factory=dict)
    link: dict[str, Any] = Field(default_factory=dict)

    def size(self) -> tuple[str, int]:
        """The fields that set the number of nodes, and that number."""
        raise NotImplementedError

    @model_validator(mode="after")
    def _defaults_leave_the_shape(self) -> _TopologyBase:
        if "name" in self.node:
            raise ValueError("topology.node.name: the topology names the nodes")
        for key in ("nodes", "length_m", "arm_lengths_m"):
            if key in self.link:
                raise ValueError(f"topology.link.{key}: the topology sets it")
        fields, count = self.size()
        if count > MAX_TOPOLOGY_NODES:
            raise ValueError(
                f"{fields} gives {count} nodes, over the {MAX_TOPOLOGY_NODES} a generated "
                "topology may have"
            )
        return self


class LineTopology(_TopologyBase):
    """Nodes in a line, ``length_m`` apart: ``names``, or ``num_nodes`` named n0, n1, ..."""

    kind: Literal["line"]
    num_nodes: int | None = Field(None, ge=2)
    names: list[str] | None = None

    def size(self) -> tuple[str, int]:
        """``num_nodes`` (or ``names``) and the number of nodes."""
        if self.num_nodes is not None:
            return "num_nodes", self.num_nodes
        return "names", len(self.names or [])

    def graph(self) -> Graph:
        """The line as a graph."""
        count = self.num_nodes if self.num_nodes is not None else len(self.names or [])
        return topology.line(count, length_m=self.length_m, names=self.names)


class StarTopology(_TopologyBase):
    """A central server node ``hub`` (it holds memories and swaps) and leaves, each
    ``length_m`` away: ``leaves`` by name, or ``num_leaves`` named n1, n2, ..."""

    kind: Literal["star"]
    hub: str = Field("server", min_length=1)
    num_leaves: int | None = Field(None, ge=1)
    leaves: list[str] | None = None

    def size(self) -> tuple[str, int]:
        """``num_leaves`` (or ``leaves``) and the number of nodes, the hub's included."""
        if self.num_leaves is not None:
            return "num_leaves", self.num_leaves + 1
        return "leaves", len(self.leaves or []) + 1

    def graph(self) -> Graph:
        """The star as a graph."""
        count = self.num_leaves if self.num_leaves is not None else len(self.leaves or [])
        return topology.star(count, length_m=self.length_m, hub=self.hub, leaves=self.leaves)


class GridTopology(_TopologyBase):
    """A ``rows`` x ``columns`` grid of nodes r{i}c{j}, neighbours ``length_m`` apart."""

    kind: Literal["grid"]
    rows: int = Field(ge=1)
    columns: int = Field(ge=1)

    def size(self) -> tuple[str, int]:
        """``rows x columns`` and the number of nodes."""
        return "rows x columns", self.rows * self.columns

    def graph(self) -> Graph:
        """The grid as a graph."""
        return topology.grid(self.rows, self.columns, length_m=self.length_m)


TopologySpec = Annotated[LineTopology | StarTopology | GridTopology, Field(discriminator="kind")]
