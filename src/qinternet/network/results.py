"""What a run delivered: one record family with one JSON shape.

One result family: :class:`ScenarioResult` (``link_layer``), :class:`ChainResult` (``chain``),
:class:`NetworkResult` (``requests``), ``GhzResult`` (``ghz``), ``GraphResult`` (``graph``),
``WResult`` (``w``) and ``DeliveryResult`` (``delivery``) share :class:`RunResult`, and
``to_json()`` gives one shape for all, used alike by ``qinternet run --json``, sweeps
and the Python API. JSON schema, version :data:`SCHEMA_VERSION` (a mean of no
samples, NaN, is written as null):

=========================  ================================================================
field                      meaning
=========================  ================================================================
``schema_version``         this table's version (an integer)
``scenario``               the scenario's name
``protocol``               ``link_layer``, ``chain``, ``requests``, ``ghz``, ``graph``, ``w``
                           or ``delivery``
``sim_time_s``             simulated time, s (requests: until the last one finished)
``wall_s``                 wall-clock time of the simulation, s
``pairs``                  pairs delivered (over all links / requests; ghz, w: states)
``rate_hz``                ``pairs / sim_time_s``
``rate_stderr_hz``         ``sqrt(pairs) / sim_time_s`` (Poisson counting; delivery: 0, one
                           pair per clock cycle)
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
                           (graph) the graph-state fields, in :mod:`qinternet.network.graph`;
                           (w) the W-state fields, in :mod:`qinternet.network.w_states`;
                           (delivery) the clocked link's, in :mod:`qinternet.network.delivery`
``application``            (link_layer, chain; optional) the non-local gate or the telescope
                           made from one link's pairs or from a chain's end-to-end pairs,
                           documented in :mod:`qinternet.network.linked`
``requests`` (requests)    per request: ``between``, ``routing``, ``path``, ``hops``,
                           ``num_channels``, ``expected_fidelity``, the fields above,
                           ``chsh``, ``qber_z``, ``qber_x``, ``secret_fraction``,
                           ``key_rate_bps`` (of the mean delivered state), ``note``
=========================  ================================================================
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, ClassVar

from qinternet.core.statistics import MeanEstimate, pooled
from qinternet.sim import DeliveryStatistics
from qinternet.sim.monitor import PairRate

if TYPE_CHECKING:
    from qinternet.network.requests import RequestPlan
    from qinternet.sim.ghz import GhzStatistics
    from qinternet.sim.w_states import WStatistics

SCHEMA_VERSION = 1
"""Version of the JSON shape documented above."""


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


def timing_json(stats: DeliveryStatistics | GhzStatistics | WStatistics) -> dict[str, Any]:
    """The two times of a chain's (a GHZ or W star's) deliveries (see the schema)."""
    return {
        "waiting_time_s": stats.waiting_time_s.mean,
        "waiting_time_stderr_s": stats.waiting_time_s.stderr,
        "delivery_interval_s": stats.delivery_interval_s.mean,
        "delivery_interval_stderr_s": stats.delivery_interval_s.stderr,
    }


def scarcity_note(count: int, what: str) -> str:
    """What a run of ``count`` deliveries of ``what`` cannot report ("" from two on).

    Examples:
        >>> scarcity_note(1, "GHZ state"), scarcity_note(5, "GHZ state")
        ('one GHZ state delivered, so no standard error', '')
    """
    if count == 0:
        return f"no {what} delivered, so no fidelity"
    return f"one {what} delivered, so no standard error" if count == 1 else ""


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


class RecordedResult(RunResult):
    """A result whose numbers all come from one ``statistics`` record (chains, GHZ stars)."""

    statistics: DeliveryStatistics | GhzStatistics | WStatistics

    def __post_init__(self) -> None:
        object.__setattr__(self, "sim_time_s", self.statistics.sim_time_s)

    @property
    def num_pairs(self) -> int:
        """Pairs (of a GHZ run: states) delivered end to end."""
        return self.statistics.num_pairs

    @property
    def fidelity(self) -> MeanEstimate:
        """Mean fidelity of what was delivered, with its standard error."""
        return self.statistics.fidelity


@dataclass(frozen=True)
class ChainResult(RecordedResult):
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

    def details(self) -> dict[str, Any]:
        """``nodes``, ``policy`` and the two times."""
        stats = self.statistics
        return {"nodes": list(self.nodes), "policy": self.policy, **timing_json(stats)}


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
                **timing_json(stats),
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
