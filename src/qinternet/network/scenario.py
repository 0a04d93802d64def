"""Scenario files: YAML in, validated objects out, one clear line per mistake.

A scenario names the nodes (hardware from a platform preset plus overrides), the links
between them (fibre, heralding station, detectors, heralding scheme), how long to
simulate and the seed. Unknown keys are refused with a "did you mean" hint; a physically
impossible value is refused by the hardware models, and the error names the file and
the field.

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
    qinternet.errors.ScenarioError: bad.yaml: duraton_s: unknown key; did you mean 'duration_s'? (and 3 more)
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from qinternet.errors import ScenarioError


def suggest(word: str, options: Sequence[str]) -> str | None:
    """The option closest to ``word`` (ignoring case), if any is close."""
    lowered = {option.lower(): option for option in options}
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1)
    return lowered[close[0]] if close else None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Probability = Annotated[float, Field(ge=0.0, le=1.0)]
OpenProbability = Annotated[float, Field(gt=0.0, lt=1.0)]


class NodeSpec(_Strict):
    """A node: its hardware (preset plus overrides) and number of memories."""

    name: str = Field(min_length=1)
    preset: str | None = None
    num_memories: int = Field(1, ge=1)
    memory: dict[str, float] = Field(default_factory=dict)
    emitter: dict[str, float] = Field(default_factory=dict)
    ensemble: dict[str, float] = Field(default_factory=dict)


class BarrettKokScheme(_Strict):
    """Two-photon heralding (Barrett & Kok 2005); ``visibility`` is the HOM visibility."""

    kind: Literal["barrett_kok"]
    visibility: Probability = 1.0


class SingleClickScheme(_Strict):
    """Single-photon heralding (Cabrillo 1999; Humphreys 2018) with bright-state
    population ``bright_state_population`` (default: the node's emitter alpha)."""

    kind: Literal["single_click"]
    bright_state_population: OpenProbability | None = None
    visibility: Probability = 1.0
    phase_std_rad: float = Field(0.0, ge=0.0)


class DlczScheme(_Strict):
    """DLCZ heralding between atomic ensembles (Duan et al. 2001); excitation
    probability ``p`` per write (default: the nodes' ensemble)."""

    kind: Literal["dlcz"]
    excitation_probability: OpenProbability | None = None


class SequentialScheme(_Strict):
    """One photon reflects off node A's cavity, travels the loop, then node B
    (Knaut et al. 2024). ``contrast`` = R_1 / R_0 (>= 1)."""

    kind: Literal["sequential"]
    reflectivity: Probability
    contrast: float = Field(ge=1.0)


class StateTransferScheme(_Strict):
    """Deterministic emission and absorption (Cirac et al. 1997; Kurpiers et al. 2018)."""

    kind: Literal["state_transfer"]
    emission_efficiency: Probability = 1.0
    absorption_efficiency: Probability = 1.0


SchemeSpec = Annotated[
    BarrettKokScheme | SingleClickScheme | DlczScheme | SequentialScheme | StateTransferScheme,
    Field(discriminator="kind"),
]


class LinkSpec(_Strict):
    """A fibre link between two nodes and the scheme that entangles them.

    ``length_m`` is the total fibre between the nodes; the heralding station sits at
    ``station_fraction`` of it from the first node. Alternatively ``arm_lengths_m`` gives
    each node's fibre to the station directly (a photonic server several links share).
    ``heralded_fidelity``, if given, replaces the scheme's heralded state by a Werner
    state of that fidelity (to compare with simulations that take it as an input).
    """

    nodes: tuple[str, str]
    length_m: float | None = Field(None, ge=0.0)
    arm_lengths_m: (
        tuple[Annotated[float, Field(ge=0.0)], Annotated[float, Field(ge=0.0)]] | None
    ) = None
    attenuation_db_per_km: float = Field(0.2, ge=0.0)
    station_fraction: Probability = 0.5
    detector: dict[str, float | bool] = Field(default_factory=dict)
    scheme: SchemeSpec
    heralded_fidelity: Probability | None = None
    num_channels: int | None = Field(None, ge=1)

    @model_validator(mode="after")
    def _one_geometry(self) -> LinkSpec:
        if (self.length_m is None) == (self.arm_lengths_m is None):
            raise ValueError("give either length_m or arm_lengths_m")
        loops = (SequentialScheme, StateTransferScheme)
        if isinstance(self.scheme, loops) and self.length_m is None:
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
    know of it (the link layer alone)."""

    kind: Literal["link_layer"]


class ChainProtocol(_Strict):
    """The links, in order, form a repeater chain that delivers end-to-end pairs by
    nested entanglement swapping (:mod:`qinternet.protocols.repeater`).

    ``num_channels`` copies of the chain run side by side (default: as many as the
    intermediate nodes' memories allow, two per copy). Swap outcomes travel over the
    links' fibre. ``max_pairs`` stops the run early.
    """

    kind: Literal["chain"]
    swap_success_probability: float = Field(1.0, gt=0.0, le=1.0)
    gate_depolarizing: Probability = 0.0
    readout_flip: Probability = 0.0
    cutoff_s: float | None = Field(None, gt=0.0)
    num_channels: int | None = Field(None, ge=1)
    max_pairs: int | None = Field(None, ge=1)


ProtocolSpec = Annotated[LinkLayerProtocol | ChainProtocol, Field(discriminator="kind")]


class Scenario(_Strict):
    """A whole scenario file."""

    name: str
    description: str = ""
    seed: int = Field(0, ge=0)
    duration_s: float = Field(gt=0.0)
    nodes: list[NodeSpec] = Field(min_length=2)
    links: list[LinkSpec] = Field(min_length=1)
    protocol: ProtocolSpec = Field(default_factory=lambda: LinkLayerProtocol(kind="link_layer"))
    published: PublishedResult | None = None

    @model_validator(mode="after")
    def _names_fit(self) -> Scenario:
        names = [node.name for node in self.nodes]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"node names must be unique, repeated: {duplicates}")
        for i, link in enumerate(self.links):
            for end in link.nodes:
                if end not in names:
                    hint = suggest(end, names)
                    suggestion = f"; did you mean {hint!r}?" if hint else ""
                    raise ValueError(f"links[{i}] names unknown node {end!r}{suggestion}")
            if link.nodes[0] == link.nodes[1]:
                raise ValueError(f"links[{i}] joins node {link.nodes[0]!r} to itself")
        if isinstance(self.protocol, ChainProtocol):
            for i, (left, right) in enumerate(zip(self.links, self.links[1:], strict=False)):
                if left.nodes[1] != right.nodes[0]:
                    raise ValueError(
                        f"protocol 'chain': links[{i + 1}] must start at {left.nodes[1]!r}, "
                        f"where links[{i}] ends"
                    )
        return self


_MODELS: tuple[type[BaseModel], ...] = (
    Scenario,
    NodeSpec,
    LinkSpec,
    PublishedResult,
    BarrettKokScheme,
    SingleClickScheme,
    DlczScheme,
    SequentialScheme,
    StateTransferScheme,
    LinkLayerProtocol,
    ChainProtocol,
)
KNOWN_KEYS = sorted({name for model in _MODELS for name in model.model_fields})


_DISCRIMINATOR_TAGS = {
    "barrett_kok",
    "single_click",
    "dlcz",
    "sequential",
    "state_transfer",
    "link_layer",
    "chain",
}


def _location(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part in _DISCRIMINATOR_TAGS:
            continue  # pydantic's discriminator tag, not a key of the file
        else:
            text += f".{part}" if text else str(part)
    return text or "(top level)"


def _describe(error: Any) -> str:
    where = _location(tuple(error["loc"]))
    if error["type"] == "extra_forbidden":
        close = suggest(str(error["loc"][-1]), KNOWN_KEYS)
        hint = f"; did you mean {close!r}?" if close else ""
        return f"{where}: unknown key{hint}"
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "value_error" and not error["loc"]:
        return message
    if error["type"] in {"missing", "value_error"}:
        return f"{where}: {message}"
    return f"{where}={error.get('input')!r}: {message}"


def parse_scenario(data: Any, *, source: str = "<scenario>") -> Scenario:
    """Validate a scenario given as plain data (from YAML or built in code).

    Raises:
        ScenarioError: one line naming ``source`` and the first offending field.
    """
    if not isinstance(data, dict):
        raise ScenarioError(
            f"{source}: a scenario must be a mapping of keys, got {type(data).__name__}"
        )
    try:
        return Scenario.model_validate(data)
    except ValidationError as error:
        # A misspelt key shows up twice: as unknown and as missing. Name the typo first.
        errors = sorted(error.errors(), key=lambda e: e["type"] != "extra_forbidden")
        first = errors[0]
        more = len(errors) - 1
        extra = f" (and {more} more)" if more else ""
        raise ScenarioError(f"{source}: {_describe(first)}{extra}") from None


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a YAML scenario file.

    Raises:
        ScenarioError: if the file cannot be read, is not YAML, or does not validate.
    """
    file = Path(path)
    try:
        text = file.read_text()
    except OSError as error:
        raise ScenarioError(f"{file}: cannot read ({error.strerror or error})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ScenarioError(f"{file}: not valid YAML{where}") from None
    return parse_scenario(data, source=str(file))
