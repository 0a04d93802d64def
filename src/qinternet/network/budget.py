"""What a run will cost, estimated before it starts, and the budget it must fit.

The event simulation draws one event per delivered link pair (failed attempts are
skipped, DESIGN.md), so its events are about :data:`EVENTS_PER_LINK_PAIR` times the pairs
the links generate over the run, and its memory grows with the memory slots it holds.
:func:`check_budget` refuses a run beyond :data:`MAX_EVENTS` or :data:`MAX_MEMORY_BYTES`
with one line naming the field that drives the estimate (``force`` lifts the budget); a
run of infinite duration is refused always, since it would not end.

Examples:
    >>> from qinternet.network.scenario import parse_scenario
    >>> from qinternet.network.build import build_scenario
    >>> data = {"name": "x", "duration_s": 1.0, "nodes": [{"name": "A"}, {"name": "B"}],
    ...         "links": [{"nodes": ["A", "B"], "length_m": 2000, "heralded_fidelity": 0.9,
    ...                    "scheme": {"kind": "barrett_kok"}}]}
    >>> built = build_scenario(parse_scenario(data))
    >>> cost = estimate_cost(built)
    >>> cost.memory_slots, cost.events == EVENTS_PER_LINK_PAIR * built.links[0].expected_rate_hz
    (2, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qinternet.core.errors import ResourceLimitError
from qinternet.network.build import BuiltScenario
from qinternet.network.scenario import (
    ChainProtocol,
    DeliveryProtocol,
    GhzProtocol,
    WStateProtocol,
)

if TYPE_CHECKING:
    from qinternet.sim.chain import ChainConfig

EVENTS_PER_LINK_PAIR = 4.0
"""Events per generated link pair: the success, the herald, the use or swap, the release
(an upper estimate from the processes in qinternet.sim)."""

BYTES_PER_SLOT = 2_000
"""Memory per slot (slot record, registry entry, a two-qubit state), an upper estimate."""

MAX_EVENTS = 2e8
"""About ten minutes of simulation on one core (SimPy handles a few 1e5 events per s)."""

MAX_MEMORY_BYTES = 8 * 1024**3
"""Half of a 16 GB machine."""


@dataclass(frozen=True)
class RunCost:
    """The estimate: ``events`` of the whole run and the ``memory_slots`` it holds."""

    events: float
    memory_slots: int

    @property
    def memory_bytes(self) -> float:
        """Memory the slots take, estimated."""
        return float(self.memory_slots * BYTES_PER_SLOT)


def _chain_events(
    chain: ChainConfig, copies: int, duration_s: float, max_pairs: int | None
) -> float:
    """Events of one chain: its links' pairs over ``duration_s``, or, with a pair bound
    and no cut-off, the link pairs ``max_pairs`` end-to-end pairs consume, if fewer.

    Each end-to-end pair takes one pair of every link per attempt, ``2^rounds`` of them
    with purification, and ``1/q`` attempts per level of ``q``-probable swaps; up to
    ``copies`` more are in flight when the run stops.
    """
    rate_hz = copies * sum(link.expected_rate_hz for link in chain.links)
    events = EVENTS_PER_LINK_PAIR * rate_hz * duration_s
    if max_pairs is None or chain.cutoff_s is not None:
        return events
    levels = math.ceil(math.log2(len(chain.links))) if len(chain.links) > 1 else 0
    per_pair = len(chain.links) * 2**chain.purification_rounds
    per_pair /= chain.swap_success_probability**levels
    return min(events, EVENTS_PER_LINK_PAIR * per_pair * (max_pairs + copies))


def _ghz_cost(built: BuiltScenario) -> tuple[float, int]:
    """Events and slots of a GHZ star: its links' pairs over the duration (each link
    at its expected rate, every channel busy) or, with ``max_states``, one pair per
    link for each state and each copy in flight, if fewer."""
    ghz, protocol = built.ghz, built.scenario.protocol
    assert ghz is not None
    copies = ghz.num_channels
    rate_hz = copies * sum(link.expected_rate_hz for link in ghz.links)
    events = EVENTS_PER_LINK_PAIR * rate_hz * built.scenario.duration_s
    if isinstance(protocol, GhzProtocol) and protocol.max_states is not None:
        bound = EVENTS_PER_LINK_PAIR * len(ghz.links) * (protocol.max_states + copies)
        events = min(events, bound)
    return events, 2 * copies * len(ghz.links)


def _graph_cost(built: BuiltScenario) -> tuple[float, int]:
    """Events and slots of a graph state: on Stim, one event per qubit and per link
    (its gate and noise) for every shot of every setting; exactly, one per thousand
    entries of the density matrix (NumPy's vectorised pass against SimPy's events, an
    estimate) for every Kraus operator of every link's gate (at most 16). One slot per
    node."""
    plan = built.graph
    assert plan is not None
    size = plan.graph.num_nodes + len(plan.graph.edges)
    if plan.backend == "stabilizer":
        return float(size * plan.shots * plan.num_settings), plan.graph.num_nodes
    entries = 4.0**plan.graph.num_nodes
    return 16.0 * len(plan.graph.edges) * entries / 1000.0, plan.graph.num_nodes


EVENTS_PER_W_STATE = 3.0
"""Events per W state: the herald, the delivery, the next attempts' start."""


def _w_cost(built: BuiltScenario) -> tuple[float, int]:
    """Events and slots of a W source: its states at their expected rate over the
    duration, or ``max_states`` if fewer, each with the memory noise of its k leaves
    counted as one event per thousand entries of the 2^k x 2^k state (as for a graph
    state's density matrix). One slot per leaf."""
    config, protocol = built.w, built.scenario.protocol
    assert config is not None
    states = config.expected_rate_hz * built.scenario.duration_s
    if isinstance(protocol, WStateProtocol) and protocol.max_states is not None:
        states = min(states, protocol.max_states)
    k = config.num_parties
    return states * (EVENTS_PER_W_STATE + k * 4.0**k / 1000.0), k


EVENTS_PER_CYCLE = 4.0
"""Events per clock cycle of a ``delivery`` run: the wait for the herald, the pair
stored, the wait for the clock tick, the delivery (an upper estimate)."""


def _delivery_cost(built: BuiltScenario) -> tuple[float, int]:
    """Events and slots of deterministic delivery: ``floor(duration_s / cycle_s)`` cycles
    of :data:`EVENTS_PER_CYCLE` each, one memory slot at each end of the link."""
    protocol = built.scenario.protocol
    assert isinstance(protocol, DeliveryProtocol)
    return EVENTS_PER_CYCLE * protocol.num_cycles(built.scenario.duration_s), 2


def estimate_cost(built: BuiltScenario) -> RunCost:
    """Events and memory slots of simulating ``built``.

    Link pairs are generated at each link's expected rate (every channel busy, the
    upper end: pairs waiting in memories only slow generation down) for the whole
    duration, or until a chain's or request's ``max_pairs`` (see :func:`_chain_events`)
    or a GHZ star's ``max_states`` (:func:`_ghz_cost`); a W source makes states at its
    expected rate (:func:`_w_cost`), a clocked link one pair per cycle
    (:func:`_delivery_cost`); a graph state takes no time
    (:func:`_graph_cost`).
    """
    duration_s = built.scenario.duration_s
    protocol = built.scenario.protocol
    if built.chain is not None:
        copies = built.chain.num_channels * 2**built.chain.purification_rounds
        bound = protocol.max_pairs if isinstance(protocol, ChainProtocol) else None
        events = _chain_events(built.chain, copies, duration_s, bound)
        slots = 2 * copies * len(built.chain.links)
    elif built.requests:
        plans = built.requests
        events = sum(
            _chain_events(plan.chain, plan.chain.num_channels, duration_s, plan.max_pairs)
            for plan in plans
        )
        slots = sum(2 * plan.chain.num_channels * len(plan.chain.links) for plan in plans)
    elif built.ghz is not None:
        events, slots = _ghz_cost(built)
    elif built.graph is not None:
        events, slots = _graph_cost(built)
    elif built.w is not None:
        events, slots = _w_cost(built)
    elif built.delivery is not None:
        events, slots = _delivery_cost(built)
    else:
        rate_hz = sum(link.expected_rate_hz for link in built.links)
        events = EVENTS_PER_LINK_PAIR * rate_hz * duration_s
        slots = sum(2 * link.num_channels for link in built.links)
    return RunCost(events, slots)


def check_budget(
    built: BuiltScenario, *, source: str, force: bool = False, lift: str = "pass --force"
) -> RunCost:
    """The run's cost, if it fits the budget (or ``force`` is set and it ends at all);
    ``lift`` tells the user how to go beyond it.

    Raises:
        ResourceLimitError: naming the field that drives the estimate (``duration_s``
            for events, ``protocol.shots`` for a graph state, the nodes'
            ``num_memories`` for memory) and the estimate.
    """
    duration_s = built.scenario.duration_s
    cost = estimate_cost(built)
    if math.isinf(duration_s) and built.graph is None:
        raise ResourceLimitError(
            "duration_s", duration_s, f"in {source}: the run would not end; give a finite duration"
        )
    if force:
        return cost
    if cost.events > MAX_EVENTS:
        graph = built.graph
        raise ResourceLimitError(
            "duration_s" if graph is None else "protocol.shots",
            duration_s if graph is None else graph.shots,
            f"in {source}: about {cost.events:.2g} events, over the budget of {MAX_EVENTS:.0e} "
            f"(about ten minutes); shorten it, or {lift}",
        )
    if cost.memory_bytes > MAX_MEMORY_BYTES:
        raise ResourceLimitError(
            "num_memories",
            cost.memory_slots,
            f"in {source}: {cost.memory_slots} memory slots, about {cost.memory_bytes / 1e9:.3g} GB, "
            f"over the budget of {MAX_MEMORY_BYTES / 1e9:.3g} GB; use fewer, or {lift}",
        )
    return cost
