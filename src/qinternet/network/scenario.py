"""Scenario files: YAML in, validated objects out, one clear line per mistake.

A scenario names the nodes (hardware from a platform preset plus overrides), the links
between them (fibre, heralding station, detectors, heralding scheme), how long to
simulate and the seed. Unknown keys are refused with a "did you mean" hint; a physically
impossible value is refused by the hardware models, and the error names the file and
the field. A link's ``scheme`` is any kind registered in :mod:`qinternet.network.schemes`
(the built-in ones, or one a program registers with ``register_scheme``).

Example file (``examples/barrett_kok_link.yaml``)::

    name: Barrett-Kok link, 10 memories per node
    seed: 1
    duration_s: 1.0
    nodes:
      - {name: A, num_memories: 10, emitter: {emission_efficiency: 0.75, max_attempt_rate_hz: 2000}}
      - {name: B, num_memories: 10, emitter: {emission_efficiency: 0.75, max_attempt_rate_hz: 2000}}
    links:
      - nodes: [A, B]
        length_m: 10000
        detector: {efficiency: 0.8}
        scheme: {kind: barrett_kok}

The ``protocol`` says what the links are for: ``link_layer`` (default: every link on
its own; an ``application`` uses one link's pairs for a non-local CNOT, a telescope
array or teleportation, :mod:`.applications`), ``chain`` (the links in order
form a repeater chain; an ``application`` uses its end-to-end pairs), ``requests`` (pairs
between any two nodes, several requests at once, each routed by ``hops`` or
``fidelity`` and run as a repeater chain sharing the nodes' memories), ``ghz`` (a
star's hub fuses one pair per leaf into a GHZ state), ``graph`` (a graph state with
one qubit per node and one edge per link), ``w`` (a star's source splits one heralded
excitation among its leaves: a W state) or ``delivery`` (a pair every clock cycle). Instead of
listing nodes and links, ``topology:`` generates a ``line``, ``star`` (leaves around a
server node) or ``grid``; ``nodes:``/``links:`` entries then change single ones
(``examples/grid_routing.yaml``)::

    topology:
      kind: grid
      rows: 3
      columns: 3
      length_m: 10000
      node: {num_memories: 4}
      link: {scheme: {kind: barrett_kok}, heralded_fidelity: 0.98}
    links:
      - {nodes: [r0c0, r0c1], heralded_fidelity: 0.80}
    protocol:
      kind: requests
      requests:
        - {between: [r0c0, r0c2], routing: fidelity, max_pairs: 100}

Examples:
    >>> scenario = parse_scenario({
    ...     "name": "demo", "duration_s": 0.1,
    ...     "nodes": [{"name": "A"}, {"name": "B"}],
    ...     "links": [{"nodes": ["A", "B"], "length_m": 1000, "scheme": {"kind": "barrett_kok"}}],
    ... })
    >>> scenario.links[0].scheme.kind
    'barrett_kok'
    >>> parse_scenario({"name": "x", "duraton_s": 1}, source="bad.yaml")
    Traceback (most recent call last):
    ...
    qinternet.core.errors.ScenarioError: bad.yaml: duraton_s: unknown key; did you mean 'duration_s'? (and 3 more)
    >>> grid = parse_scenario({
    ...     "name": "grid", "duration_s": 0.1,
    ...     "topology": {"kind": "grid", "rows": 2, "columns": 2, "length_m": 1e3,
    ...                  "link": {"scheme": {"kind": "barrett_kok"}}},
    ...     "protocol": {"kind": "requests", "requests": [{"between": ["r0c0", "r1c1"]}]},
    ... })
    >>> [node.name for node in grid.nodes], len(grid.links)
    (['r0c0', 'r0c1', 'r1c0', 'r1c1'], 4)
    >>> parse_scenario({**grid.model_dump(), "protocol": {"kind": "requests",
    ...     "requests": [{"between": ["r0c0", "r1c2"]}]}}, source="g.yaml")
    Traceback (most recent call last):
    ...
    qinternet.core.errors.ScenarioError: g.yaml: protocol.requests[0].between names unknown node 'r1c2'; did you mean 'r1c1'?
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from qinternet.core.errors import ParameterError, ScenarioError
from qinternet.core.lazy import lazy_exports
from qinternet.core.validation import did_you_mean
from qinternet.network import topology
from qinternet.network._nodes import check_chain
from qinternet.network.applications import APPLICATIONS
from qinternet.network.devices import SECTIONS, unknown_key_hint
from qinternet.network.files import read_yaml
from qinternet.network.schemes import SchemeSpec, registered_schemes
from qinternet.network.specs import (
    ChainProtocol,
    DeliveryProtocol,
    GhzProtocol,
    GraphStateProtocol,
    GridTopology,
    LineTopology,
    LinkLayerProtocol,
    LinkSpec,
    NodeSpec,
    ProtocolSpec,
    PublishedResult,
    RequestSpec,
    RequestsProtocol,
    StarTopology,
    TopologySpec,
    WStateProtocol,
    _Strict,
)

if TYPE_CHECKING:  # scheme models, here for their users; each loads when first named
    from qinternet.network.schemes import (
        BarrettKokScheme,
        DlczScheme,
        SequentialScheme,
        SingleClickScheme,
        StateTransferScheme,
    )

__all__ = [
    "BarrettKokScheme",
    "ChainProtocol",
    "DeliveryProtocol",
    "DlczScheme",
    "GhzProtocol",
    "GraphStateProtocol",
    "GridTopology",
    "LineTopology",
    "LinkLayerProtocol",
    "LinkSpec",
    "NodeSpec",
    "ProtocolSpec",
    "PublishedResult",
    "RequestSpec",
    "RequestsProtocol",
    "Scenario",
    "SchemeSpec",
    "SequentialScheme",
    "SingleClickScheme",
    "StarTopology",
    "StateTransferScheme",
    "TopologySpec",
    "WStateProtocol",
    "load_scenario",
    "parse_scenario",
]


_SCHEME_MODELS = (
    "BarrettKokScheme",
    "DlczScheme",
    "SequentialScheme",
    "SingleClickScheme",
    "StateTransferScheme",
)
__getattr__, __dir__ = lazy_exports(
    globals(), dict.fromkeys(_SCHEME_MODELS, "qinternet.network.schemes"), __all__
)


class _TopologyOnly(BaseModel):
    model_config = ConfigDict(defer_build=True)

    topology: TopologySpec


class Scenario(_Strict):
    """A whole scenario file."""

    name: str
    description: str = ""
    seed: int = Field(0, ge=0)
    duration_s: float = Field(gt=0.0, allow_inf_nan=True)  # the budget refuses inf: no end
    nodes: list[NodeSpec] = Field(min_length=2)
    links: list[LinkSpec] = Field(min_length=1)
    protocol: ProtocolSpec = Field(default_factory=lambda: LinkLayerProtocol(kind="link_layer"))
    published: PublishedResult | None = None

    @model_validator(mode="after")
    def _names_fit(self) -> Scenario:
        names = [node.name for node in self.nodes]
        known = set(names)
        if len(known) < len(names):
            repeated = sorted(name for name, count in Counter(names).items() if count > 1)
            raise ValueError(f"node names must be unique, repeated: {repeated}")
        for i, link in enumerate(self.links):
            for end in link.nodes:
                if end not in known:
                    raise ValueError(
                        f"links[{i}] names unknown node {end!r}{did_you_mean(end, names)}"
                    )
            if link.nodes[0] == link.nodes[1]:
                raise ValueError(f"links[{i}] joins node {link.nodes[0]!r} to itself")
        if isinstance(self.protocol, ChainProtocol):
            check_chain(self.links)
            if self.protocol.application:
                self.protocol.application.check_chain(self.nodes, self.links)
        if isinstance(self.protocol, RequestsProtocol):
            self.protocol.check_requests(self.links, names)
        if isinstance(self.protocol, GhzProtocol):
            self.protocol.check_star(self.links, names)
        if isinstance(self.protocol, GraphStateProtocol):
            self.protocol.check_edges(self.links)
        if isinstance(self.protocol, WStateProtocol):
            self.protocol.check_star(self.links, names)
        if isinstance(self.protocol, DeliveryProtocol):
            self.protocol.check_scenario(self.links, names, self.duration_s)
        if isinstance(self.protocol, LinkLayerProtocol) and self.protocol.application:
            self.protocol.application.check(self.nodes, self.links)
        return self


_MODELS: tuple[type[BaseModel], ...] = (
    Scenario,
    NodeSpec,
    LinkSpec,
    PublishedResult,
    *get_args(get_args(ProtocolSpec)[0]),  # every protocol's model
    *APPLICATIONS,
    RequestSpec,
    LineTopology,
    StarTopology,
    GridTopology,
)


SEQUENCE_KEYS = frozenset({"qconnections", "qchannels", "cconnections", "cchannels", "stop_time"})
"""Top-level keys that mark a SeQUeNCe topology file (none is a scenario key)."""


def known_keys() -> list[str]:
    """Every key a scenario file may hold, the registered schemes' included."""
    models = (*_MODELS, *registered_schemes().values())
    return sorted({name for model in models for name in model.model_fields})


_DISCRIMINATOR_TAGS = {
    *("link_layer", "chain", "requests", "ghz", "graph", "w", "delivery"),
    *("line", "star", "grid", "nonlocal_cnot", "telescope", "teleportation"),
}
_UNION_FIELDS = {"protocol", "topology", "application"}


def _location(loc: tuple[int | str, ...]) -> str:
    text = ""
    for i, part in enumerate(loc):
        if isinstance(part, int):
            text += f"[{part}]"
        elif part in _DISCRIMINATOR_TAGS and i > 0 and loc[i - 1] in _UNION_FIELDS:
            continue  # pydantic's discriminator tag, not a key of the file
        else:
            text += f".{part}" if text else str(part)
    return text or "(top level)"


def _describe(error: Any) -> str:
    where = _location(tuple(error["loc"]))
    if error["type"] == "extra_forbidden":
        key, parent = str(error["loc"][-1]), error["loc"][-2] if len(error["loc"]) > 1 else None
        if isinstance(parent, str) and parent in SECTIONS:
            return f"{where}: unknown key{unknown_key_hint(key, SECTIONS[parent])}"
        return f"{where}: unknown key{did_you_mean(key, known_keys())}"
    if error["type"] == "union_tag_invalid":
        tag = str(error["ctx"]["tag"])
        expected = str(error["ctx"]["expected_tags"])
        hint = did_you_mean(tag, [t.strip(" '") for t in expected.split(",")])
        return f"{where}.kind={tag!r}: must be one of {expected}{hint}"
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "value_error" and not error["loc"]:
        return message
    if error["type"] in {"missing", "value_error"}:
        return f"{where}: {message}"
    return f"{where}={error.get('input')!r}: {message}"


def _first_error(error: ValidationError, source: str, prefix: tuple[str, ...] = ()) -> str:
    # A misspelt key shows up twice: as unknown and as missing. Name the typo first.
    errors = sorted(error.errors(), key=lambda e: e["type"] != "extra_forbidden")
    first: dict[str, Any] = dict(errors[0])
    if prefix and (first["loc"] or first["type"] != "value_error"):
        first["loc"] = (*prefix, *tuple(first["loc"]))
    more = len(errors) - 1
    extra = f" (and {more} more)" if more else ""
    return f"{source}: {_describe(first)}{extra}"


def parse_scenario(data: Any, *, source: str = "<scenario>") -> Scenario:
    """Validate a scenario given as plain data (from YAML or built in code).

    A ``topology:`` key (line, star or grid, see :class:`LineTopology`,
    :class:`StarTopology`, :class:`GridTopology`) generates the nodes and links, with
    ``topology.node`` and ``topology.link`` as every node's and link's fields; entries
    under ``nodes:`` (by ``name``) and ``links:`` (by ``nodes``) then change single
    generated nodes and links.

    Raises:
        ScenarioError: one line naming ``source`` and the first offending field.
    """
    if not isinstance(data, dict):
        raise ScenarioError(
            f"{source}: a scenario must be a mapping of keys, got {type(data).__name__}"
        )
    if "topology" in data:
        data = _expand_topology(data, source)
    try:
        return Scenario.model_validate(data)
    except ValidationError as error:
        raise ScenarioError(_first_error(error, source)) from None


def _expand_topology(data: dict[str, Any], source: str) -> dict[str, Any]:
    """``data`` with its ``topology`` replaced by the nodes and links it generates."""
    try:
        spec = _TopologyOnly.model_validate({"topology": data["topology"]}).topology
    except ValidationError as error:
        raise ScenarioError(_first_error(error, source)) from None
    checks: tuple[tuple[type[BaseModel], dict[str, Any], str], ...] = (
        (NodeSpec, {"name": "_", **spec.node}, "node"),
        (LinkSpec, {"nodes": ("_a", "_b"), "length_m": spec.length_m, **spec.link}, "link"),
    )
    for model, defaults, key in checks:
        try:
            model.model_validate(defaults)
        except ValidationError as error:
            raise ScenarioError(_first_error(error, source, ("topology", key))) from None
    try:
        graph = spec.graph()
    except ParameterError as error:
        raise ScenarioError(
            f"{source}: topology.{error.name}={error.value!r}: {error.reason}"
        ) from None
    generated = topology.scenario_data(
        graph, name="", duration_s=0.0, node=spec.node, link=spec.link
    )
    nodes: list[dict[str, Any]] = generated["nodes"]
    links: list[dict[str, Any]] = generated["links"]
    by_name = {node["name"]: node for node in nodes}
    by_pair = {frozenset(link["nodes"]): link for link in links}
    for i, patch in enumerate(_patches(data, "nodes", "name", source)):
        target = by_name.get(str(patch["name"]))
        if target is None:
            suggestion = did_you_mean(str(patch["name"]), list(by_name))
            raise ScenarioError(
                f"{source}: nodes[{i}].name={patch['name']!r}: not a node of the "
                f"topology{suggestion}"
            )
        _merge(target, patch)
    for i, patch in enumerate(_patches(data, "links", "nodes", source)):
        ends = patch["nodes"]
        found = by_pair.get(frozenset(map(str, ends))) if isinstance(ends, list) else None
        if found is None:
            raise ScenarioError(f"{source}: links[{i}].nodes={ends!r}: not a link of the topology")
        _merge(found, {key: value for key, value in patch.items() if key != "nodes"})
    rest = {key: value for key, value in data.items() if key != "topology"}
    return {**rest, "nodes": nodes, "links": links}


def _patches(data: dict[str, Any], key: str, label: str, source: str) -> list[dict[str, Any]]:
    entries = data.get(key, [])
    if not isinstance(entries, list) or not all(
        isinstance(entry, dict) and label in entry for entry in entries
    ):
        raise ScenarioError(
            f"{source}: {key}: with a topology, a list of changes, each naming its {label!r}"
        )
    return entries


def _merge(target: dict[str, Any], patch: dict[str, Any]) -> None:
    """Update ``target`` by ``patch``, merging nested mappings key by key."""
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            target[key] = dict(target[key])
            _merge(target[key], value)
        else:
            target[key] = value


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file (:func:`~qinternet.network.files.read_yaml`).

    A SeQUeNCe topology file (its ``qconnections``, ``qchannels``, ``cconnections`` or
    ``stop_time``) is read as one (:mod:`.sequence_json`), so ``qinternet run`` takes it.

    Raises:
        ScenarioError: if the file cannot be read, is not YAML, or does not validate.
    """
    file = Path(path)
    data = read_yaml(file)
    if isinstance(data, dict) and SEQUENCE_KEYS & data.keys():
        from qinternet.network.sequence_json import scenario_from_sequence  # it imports this

        return scenario_from_sequence(data, name=file.stem, source=str(file))
    return parse_scenario(data, source=str(file))
