"""Running a ``delivery`` scenario: one pair every clock cycle, and its result.

Humphreys et al. (Nature 558, 268 (2018), arXiv:1712.07567, Fig. 1 and Eqs. 1-2) turn a
probabilistic heralded link into a deterministic one: every clock cycle of length ``C``
the nodes attempt for a window ``W``, store the first heralded pair and hand it over at
the cycle's end (a maximally mixed pair if nothing heralded). The event simulation is
:func:`qinternet.sim.delivery_process.simulate_delivery_link` on the scenario's built
link (any heralded two-qubit scheme), every fidelity computed from the delivered
density matrix.

Beside it, the model of :mod:`qinternet.physics.maps.delivery`: first successes at the
rate ``r_ent = -ln(1 - p) / T`` of the link's attempts (probability ``p``, period
``T``), a stored pair decaying towards ``I/4`` at ``r_dec``, the sum over both memories
of ``1/T2 + 1/T_dep`` (the decay rate of the pair's coherence; 5 Hz for Humphreys'
``T2 = 0.4 s``). A pair heralded at time ``t`` of the window is held until ``C``, so

    F_model = 1/4 + (F_h - 1/4) exp(-r_dec (C - W)) S(eta_link, r_dec W),

with ``S = (delivery_fidelity - 1/4) / (3/4)`` and ``F_h`` the link's heralded fidelity.
``exp(-r_dec (C - W)) S`` equals ``eta e^{-r_dec C} (e^{(1 - eta) r_dec W} - 1) / (1 -
eta)``, which grows with ``W``: with delivery at the clock tick, attempting longer never
lowers the fidelity while a stored pair stays above 1/4, so the default window is the
whole cycle but the heralding delay. Humphreys' best window ``T* = ln(eta) / ((eta - 1)
r_dec)`` (:func:`~qinternet.physics.maps.delivery.best_delivery_window_s`) is then the
best clock cycle, reported as ``best_cycle_s``. The model is exact for depolarising
memories (``memory.depolarizing_time_s``) up to the discreteness of the attempts; under
T2 dephasing a stored pair decays towards fidelity 1/2, not 1/4, and the simulation
delivers more than the model.

:class:`DeliveryResult` belongs to the result family of :mod:`qinternet.network.results`
(``pairs``: cycles, one delivery each; ``rate_hz``: exactly ``1 / cycle_s``, its error
0; ``fidelity_mean``: mean fidelity of the delivered states), then:

================================  =============================================================
field                             meaning
================================  =============================================================
``nodes``, ``link``               the delivering link's nodes and its index in ``links``
``cycles``                        clock cycles run: ``floor(duration_s / cycle_s)``
``cycle_s``, ``window_s``         the clock cycle and the attempt window used, s
``heralded_fraction``             fraction of cycles whose window heralded a pair;
                                  ``heralded_fraction_stderr`` its error
``predicted_heralded_fraction``   ``1 - (1 - p)^n``, ``n = floor(window_s / T)`` attempts
``entangling_rate_hz``            ``r_ent = -ln(1 - p) / T`` (null if ``p = 1``)
``decoherence_rate_hz``           ``r_dec`` (above)
``eta_link``                      ``r_ent / r_dec`` (null where undefined)
``heralded_fidelity``             ``F_h``: the link's heralded fidelity (Pauli frame)
``predicted_fidelity``            ``F_model``: the model's prediction (above)
``best_cycle_s``                  the model's best clock cycle ``T*`` (null without ``eta``)
``waiting_time_s`` ...            the timing fields of the chain (each ``cycle_s``)
``note``                          why a number is missing (one cycle: no error), or empty
================================  =============================================================

Examples:
    >>> from qinternet.network.scenario import parse_scenario
    >>> from qinternet.network.run import run_scenario
    >>> scenario = parse_scenario({
    ...     "name": "clocked link", "duration_s": 1.0, "seed": 2,
    ...     "nodes": [{"name": "A", "emitter": {"max_attempt_rate_hz": 1e4}},
    ...               {"name": "B", "emitter": {"max_attempt_rate_hz": 1e4}}],
    ...     "links": [{"nodes": ["A", "B"], "length_m": 2.0, "heralded_fidelity": 0.9,
    ...                "scheme": {"kind": "barrett_kok"}}],
    ...     "protocol": {"kind": "delivery", "cycle_s": 0.1},
    ... })
    >>> summary = run_scenario(scenario).to_json()
    >>> summary["protocol"], summary["cycles"], summary["rate_hz"], summary["rate_stderr_hz"]
    ('delivery', 10, 10.0, 0.0)
    >>> summary["heralded_fraction"], round(summary["fidelity_mean"], 9)  # ideal memories
    (1.0, 0.9)
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from qinternet.core.errors import InvalidParameterError, ScenarioError
from qinternet.core.rng import child_generators
from qinternet.network.build import BuiltScenario, NodeHardware, build_link
from qinternet.network.results import RecordedResult, scarcity_note, timing_json
from qinternet.network.scenario import DeliveryProtocol, Scenario
from qinternet.physics.devices import Memory
from qinternet.physics.maps.delivery import best_delivery_window_s, delivery_fidelity
from qinternet.sim.delivery_process import (
    CycleStatistics,
    entangling_rate_hz,
    simulate_delivery_link,
)
from qinternet.sim.link_process import HeraldedLinkConfig

__all__ = [
    "DeliveryPlan",
    "DeliveryResult",
    "build_delivery",
    "decoherence_rate_hz",
    "run_delivery",
]


def decoherence_rate_hz(memory_a: Memory, memory_b: Memory) -> float:
    """``r_dec``: the sum over both memories of ``1/T2 + 1/T_dep``, the rate at which a
    stored pair's coherence decays (module docstring).

    Examples:
        >>> decoherence_rate_hz(Memory(t2_s=0.4), Memory(t2_s=0.4))
        5.0
    """
    return sum(1.0 / m.t2_s + 1.0 / m.depolarizing_time_s for m in (memory_a, memory_b))


@dataclass(frozen=True)
class DeliveryPlan:
    """The delivering link and what the model predicts for it.

    Attributes:
        link_index: the link's index in the scenario's ``links``.
        link: the built link (one channel).
        memories: the memories of ``link.node_a`` and ``link.node_b``.
        cycle_s: clock cycle, s.
        window_s: attempt window at the start of each cycle, s.
    """

    link_index: int
    link: HeraldedLinkConfig
    memories: tuple[Memory, Memory]
    cycle_s: float
    window_s: float

    @property
    def num_window_attempts(self) -> int:
        """``floor(window_s / T)``: the attempts that fit in the window."""
        return math.floor(self.window_s / self.link.period_s * (1.0 + 1e-12))

    @property
    def entangling_rate_hz(self) -> float:
        """``r_ent = -ln(1 - p) / T`` (infinite for ``p = 1``)."""
        p = self.link.outcome.success_probability
        return math.inf if p >= 1.0 else entangling_rate_hz(p, self.link.period_s)

    @property
    def decoherence_rate_hz(self) -> float:
        """``r_dec`` of the two memories (:func:`decoherence_rate_hz`)."""
        return decoherence_rate_hz(*self.memories)

    @property
    def eta_link(self) -> float | None:
        """``r_ent / r_dec``, None where it is not a finite positive number."""
        r_ent, r_dec = self.entangling_rate_hz, self.decoherence_rate_hz
        return r_ent / r_dec if r_dec > 0.0 and math.isfinite(r_ent) else None

    @property
    def predicted_heralded_fraction(self) -> float:
        """``1 - (1 - p)^n`` for the ``n`` attempts of the window."""
        p = self.link.outcome.success_probability
        return 1.0 - (1.0 - p) ** self.num_window_attempts

    @property
    def predicted_fidelity(self) -> float:
        """The model's delivered fidelity ``F_model`` (module docstring)."""
        r_ent, r_dec, eta = self.entangling_rate_hz, self.decoherence_rate_hz, self.eta_link
        if eta is not None:
            window = (delivery_fidelity(eta, r_dec * self.window_s) - 0.25) / 0.75
            survival = math.exp(-r_dec * (self.cycle_s - self.window_s)) * window
        elif math.isinf(r_ent):  # the first attempt heralds: stored for the whole cycle
            survival = math.exp(-r_dec * self.cycle_s)
        else:  # no decoherence: every heralded pair arrives as it was made
            survival = -math.expm1(-r_ent * self.window_s)
        return 0.25 + (self.link.outcome.mean_fidelity - 0.25) * survival

    @property
    def best_cycle_s(self) -> float | None:
        """Humphreys' best window ``T*``, here the best clock cycle (module docstring)."""
        if self.eta_link is None:
            return None
        return best_delivery_window_s(self.entangling_rate_hz, self.decoherence_rate_hz)


def build_delivery(
    scenario: Scenario, protocol: DeliveryProtocol, nodes: dict[str, NodeHardware], source: str
) -> BuiltScenario:
    """The delivering link of ``protocol`` (its choice checked by the scenario) with its
    window: ``protocol.window_s``, or the whole cycle but the heralding delay.

    Raises:
        ScenarioError: naming the field, if the link heralds no qubit pair or never
            heralds, or the window holds no attempt or leaves no time for its herald.
    """
    index = protocol.link_index(scenario.links)
    where = f"links[{index}]"
    link = build_link(scenario.links[index], index, nodes, 1, source)
    outcome = link.outcome
    if outcome.heralded_state.dims != (2, 2):
        raise ScenarioError(
            f"{source}: {where}.scheme={scenario.links[index].scheme.kind!r}: heralds modes "
            f"of dimensions {outcome.heralded_state.dims}; protocol 'delivery' stores qubit "
            "pairs"
        )
    if not outcome.success_probability > 0.0:
        raise ScenarioError(
            f"{source}: {where}.scheme: never heralds (success probability 0), so nothing "
            "could be delivered"
        )
    delay_s = max(link.herald_delay_s)
    window_s = protocol.cycle_s - delay_s if protocol.window_s is None else protocol.window_s
    if window_s + delay_s > protocol.cycle_s * (1.0 + 1e-12) or window_s < link.period_s:
        key = "cycle_s" if protocol.window_s is None else "window_s"
        raise ScenarioError(
            f"{source}: protocol.{key}={getattr(protocol, key)!r}: the window "
            f"({window_s!r} s) must hold one attempt of {link.period_s!r} s and end the "
            f"heralding delay {delay_s!r} s before the cycle does"
        )
    memories = (nodes[link.node_a].memory, nodes[link.node_b].memory)
    plan = DeliveryPlan(index, link, memories, protocol.cycle_s, window_s)
    return BuiltScenario(scenario, nodes, (link,), delivery=plan)


@dataclass(frozen=True)
class DeliveryResult(RecordedResult):
    """What a ``delivery`` scenario delivered.

    Attributes:
        name: the scenario's name.
        plan: the link, its memories, cycle and window, and the model's predictions.
        statistics: the delivered pairs (one per cycle) and the heralded fraction.
        wall_s: wall-clock time of the simulation, s.
    """

    protocol: ClassVar[str] = "delivery"
    name: str
    plan: DeliveryPlan
    statistics: CycleStatistics
    wall_s: float
    sim_time_s: float = field(init=False)

    @property
    def rate_hz(self) -> float:
        """One delivery per cycle: exactly ``1 / cycle_s``."""
        return self.statistics.delivery_rate_hz

    @property
    def rate_stderr_hz(self) -> float:
        """0: the rate is set by the clock, not counted."""
        return 0.0

    def details(self) -> dict[str, Any]:
        """The fields of the table above."""
        stats, plan = self.statistics, self.plan
        r_ent = plan.entangling_rate_hz
        return {
            "nodes": [plan.link.node_a, plan.link.node_b],
            "link": plan.link_index,
            "cycles": stats.num_cycles,
            "cycle_s": stats.cycle_s,
            "window_s": stats.window_s,
            "heralded_fraction": stats.heralded_fraction.mean,
            "heralded_fraction_stderr": stats.heralded_fraction.stderr,
            "predicted_heralded_fraction": plan.predicted_heralded_fraction,
            "entangling_rate_hz": r_ent if math.isfinite(r_ent) else None,
            "decoherence_rate_hz": plan.decoherence_rate_hz,
            "eta_link": plan.eta_link,
            "heralded_fidelity": plan.link.outcome.mean_fidelity,
            "predicted_fidelity": plan.predicted_fidelity,
            "best_cycle_s": plan.best_cycle_s,
            **timing_json(stats),
            "note": scarcity_note(stats.num_pairs, "pair"),
        }


def run_delivery(
    built: BuiltScenario, on_progress: Callable[[float], None] | None = None
) -> DeliveryResult:
    """Simulate a built ``delivery`` scenario on the first stream of its seed.

    Raises:
        InvalidParameterError: if ``built`` holds no delivery plan, or its duration is
            infinite (``duration_s``).
    """
    plan, scenario = built.delivery, built.scenario
    if plan is None or not isinstance(scenario.protocol, DeliveryProtocol):
        raise InvalidParameterError(
            "built.delivery", plan, "the scenario's protocol is not 'delivery'"
        )
    cycles = scenario.protocol.num_cycles(scenario.duration_s)
    if math.isinf(cycles):
        raise InvalidParameterError("duration_s", scenario.duration_s, "the run would not end")
    start = time.perf_counter()
    statistics = simulate_delivery_link(
        plan.link,
        cycle_s=plan.cycle_s,
        window_s=plan.window_s,
        memories=plan.memories,
        num_cycles=int(cycles),
        rng=child_generators(scenario.seed, 1)[0],
        on_progress=on_progress,
    )
    return DeliveryResult(scenario.name, plan, statistics, time.perf_counter() - start)
