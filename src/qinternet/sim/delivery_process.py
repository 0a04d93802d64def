"""Deterministic delivery of remote entanglement as an event-driven process.

Humphreys et al. (2018) deliver an entangled pair at the end of every clock cycle of
length ``cycle_s``. In each cycle the nodes attempt heralded entanglement during a
window of length ``window_s``; the first heralded pair is stored in the nodes' memories
(no further attempts in that cycle) and handed over at the end of the cycle, having
decohered from its creation until then. If no attempt in the window heralds, the nodes
still deliver at the cycle's end: a maximally mixed two-qubit state ``I/4``.

Why ``I/4`` rather than a fresh product state such as ``|00>``: its fidelity is 1/4 with
every Bell state, so the delivered fidelity does not depend on which Bell state the
heralding pattern would have announced, and it is what the closed form of
:mod:`qinternet.physics.maps.delivery` (and Humphreys et al.) assume for a failed cycle; a
product state would give 0 or 1/2 depending on the target, an artefact of the choice.
In practice nodes produce it by preparing a product state and applying a uniformly
random two-qubit Pauli correction that they then forget.

The attempts are never simulated one by one (docs/DESIGN.md): in a cycle the number of
attempts up to the first success is geometric with the link's success probability ``p``;
if it exceeds the ``floor(window_s / T)`` attempts of duration ``T`` that fit in the
window, the cycle fails, otherwise time jumps to the successful attempt, whose photons
are emitted at its start (the pair exists, and decoheres, from then on). The memories'
per-attempt dephasing of the attempts before the pair is recorded, and the delivered
fidelity is computed from the stored density matrix (lazy memory noise,
:class:`~qinternet.sim.storage.QuantumStorage`) against the Bell state the
heralding pattern announced (the Pauli frame).

Agreement with the closed form: geometric attempts of duration ``T`` succeed at the rate
``r_ent = -ln(1 - p) / T`` (:func:`entangling_rate_hz`; the first success is at ``(k-1) T``
with ``P(k > n) = e^{-r_ent n T}``, exactly as for an exponential waiting time sampled at
the attempt starts). With memories that depolarise (``Memory(depolarizing_time_s=T_dep)``
at both nodes) the fidelity of any stored two-qubit state with its Bell target decays as
``1/4 + (F_0 - 1/4) exp(-2 t / T_dep)`` (the Bell projector involves only the two-qubit
correlations, each shrunk by ``exp(-t/T_dep)`` per qubit), i.e. at ``r_dec = 2 / T_dep``:
the model of :func:`qinternet.physics.maps.delivery.delivery_fidelity` with
``eta_link = r_ent / r_dec``, up to the discreteness of the attempts (a bias of order
``r_dec T``).

References:
    P. C. Humphreys et al., "Deterministic delivery of remote entanglement on a quantum
    network", Nature 558, 268 (2018), doi:10.1038/s41586-018-0200-5, arXiv:1712.07567
    (Fig. 1 and Methods: the delivery scheme, the clock cycle and the window).

Examples:
    >>> import numpy as np
    >>> from qinternet.physics.devices import Memory
    >>> from qinternet.physics.links import barrett_kok_link
    >>> link = barrett_kok_link(0.2, preparation_time_s=1e-3)  # p = 0.02, T = 1 ms
    >>> memory = Memory(depolarizing_time_s=0.5)
    >>> stats = simulate_delivery(link, cycle_s=0.1, window_s=0.1, memory_a=memory,
    ...                           memory_b=memory, num_cycles=200,
    ...                           rng=np.random.default_rng(7))
    >>> stats.num_cycles, 0.25 <= stats.fidelity_mean <= 1.0
    (200, True)
    >>> round(entangling_rate_hz(0.02, 1e-3), 3)
    20.203
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any

import numpy as np
import simpy

from qinternet.core.errors import DimensionMismatchError, InvalidParameterError
from qinternet.core.statistics import MeanEstimate, mean_with_stderr
from qinternet.core.validation import check_finite, check_non_negative
from qinternet.physics.devices import Memory
from qinternet.physics.links import HeraldBranch, LinkOutcome
from qinternet.sim.link_process import HeraldedLinkConfig
from qinternet.sim.monitor import DeliveryMonitor, DeliveryStatistics
from qinternet.sim.records import DeliveredPair
from qinternet.sim.storage import QuantumStorage, SlotId
from qinternet.states import DensityMatrix, fidelity

__all__ = [
    "CycleStatistics",
    "DeterministicDelivery",
    "entangling_rate_hz",
    "simulate_delivery",
    "simulate_delivery_link",
]


def entangling_rate_hz(success_probability: float, attempt_duration_s: float) -> float:
    """The rate ``-ln(1 - p) / T`` of the first success of attempts of duration ``T``.

    Geometric attempts started every ``T`` seconds have ``P(no success in n attempts) =
    (1 - p)^n = exp(-r n T)`` with this ``r``; for small ``p`` it is ``p / T``.

    Raises:
        InvalidParameterError: for ``p`` outside (0, 1) or a non-positive duration.

    Examples:
        >>> round(entangling_rate_hz(1e-4, 5.5e-6), 3)  # ~ p / T
        18.183
    """
    p = check_finite(success_probability, "success_probability")
    if not 0.0 < p < 1.0:
        raise InvalidParameterError(
            "success_probability", success_probability, "must lie in the open interval (0, 1)"
        )
    duration = check_finite(attempt_duration_s, "attempt_duration_s")
    if duration <= 0.0:
        raise InvalidParameterError("attempt_duration_s", attempt_duration_s, "must be > 0")
    return -math.log1p(-p) / duration


@dataclass(frozen=True, eq=False)
class CycleStatistics(DeliveryStatistics):
    """What a run of clock cycles delivered: the monitor's statistics (one pair per
    cycle, ``I/4`` for a cycle without herald) and the cycle's own figures.

    Attributes:
        cycle_s: cycle length, s.
        window_s: attempt window per cycle, s.
        heralded_fraction: fraction of cycles with a heralded pair, with its standard
            error.
    """

    cycle_s: float
    window_s: float
    heralded_fraction: MeanEstimate

    @property
    def num_cycles(self) -> int:
        """Clock cycles run (one delivery each)."""
        return self.num_pairs

    @property
    def delivery_rate_hz(self) -> float:
        """Deliveries per second: one per cycle, ``1 / cycle_s``."""
        return 1.0 / self.cycle_s


class DeterministicDelivery:
    """The delivery protocol of one link on a simulation, one SimPy process per cycle.

    Args:
        env: the simulation.
        config: the heralded link (outcome, attempt period, heralding delay); its
            ``num_channels`` must be 1.
        storage: holds the two nodes' memories (``config.node_a``, ``config.node_b``),
            one slot of each is reserved for the protocol.
        rng: the random stream of this link.
        cycle_s: clock cycle length, s (> 0).
        window_s: attempt window at the start of each cycle, s (>= 0); the heralding
            message of the window's last attempt must arrive within the cycle:
            ``window_s + max(herald_delay_s) <= cycle_s``.

    Raises:
        InvalidParameterError: for a bad cycle or window, or ``num_channels`` != 1.
        DimensionMismatchError: if the link does not herald a two-qubit state.
    """

    def __init__(
        self,
        env: simpy.Environment,
        config: HeraldedLinkConfig,
        storage: QuantumStorage,
        rng: np.random.Generator,
        *,
        cycle_s: float,
        window_s: float,
    ) -> None:
        self.cycle_s, self.window_s = _cycle_and_window(config, cycle_s, window_s)
        if config.num_channels != 1:
            raise InvalidParameterError("num_channels", config.num_channels, "must be 1")
        if config.outcome.heralded_state.dims != (2, 2):
            raise DimensionMismatchError(
                "outcome",
                config.outcome.target_name,
                f"heralds dims {config.outcome.heralded_state.dims}, delivery needs qubits",
            )
        self.env, self.config, self.storage, self.rng = env, config, storage, rng
        self.num_window_attempts = math.floor(self.window_s / config.period_s * (1.0 + 1e-12))
        self.slots: tuple[SlotId, SlotId] = (
            storage.reserve(config.node_a),
            storage.reserve(config.node_b),
        )
        outcome = config.outcome
        self._branches: tuple[HeraldBranch, ...] = outcome.branches or (
            HeraldBranch(
                "",
                outcome.success_probability,
                outcome.heralded_state,
                outcome.target,
                outcome.target_name,
            ),
        )
        weights = np.array([b.probability for b in self._branches], dtype=float)
        self._cumulative = np.cumsum(weights / weights.sum())

    def cycle(self) -> Generator[simpy.Event, Any, tuple[DeliveredPair, bool]]:
        """One clock cycle from now: attempt in the window, store, deliver at its end.

        Value: the delivered pair (``I/4`` if nothing heralded) and whether it heralded.
        """
        env, config, storage = self.env, self.config, self.storage
        start_s = env.now
        slot_a, slot_b = self.slots
        k = int(self.rng.geometric(config.outcome.success_probability))
        heralded = k <= self.num_window_attempts
        num_attempts = k if heralded else self.num_window_attempts
        branch = self._branches[0]
        if heralded:
            yield env.timeout((k - 1) * config.period_s)
            self._record_attempts(start_s, num_attempts)
            branch = self._branches[int(np.searchsorted(self._cumulative, self.rng.random()))]
            storage.store_pair(slot_a, slot_b, branch.state, created_s=env.now)
        else:
            self._record_attempts(start_s, num_attempts)
        end_s = start_s + self.cycle_s
        yield env.timeout(max(end_s - env.now, 0.0))
        if heralded:
            state = storage.pair_state(slot_a, slot_b, now_s=env.now)
            storage.release(slot_a, slot_b, keep_reserved=True)
        else:
            state = DensityMatrix.maximally_mixed((2, 2))
        pair = DeliveredPair(
            (config.node_a, config.node_b),
            started_s=start_s,
            delivered_s=env.now,
            state=state,
            target_name=branch.target_name,
            fidelity=fidelity(state, branch.target),
            num_attempts=num_attempts,
        )
        return pair, heralded

    def run(
        self,
        num_cycles: int,
        monitor: DeliveryMonitor,
        heralded: list[bool],
        on_progress: Callable[[float], None] | None = None,
    ) -> Generator[simpy.Event, Any, None]:
        """Run ``num_cycles`` consecutive cycles, recording each delivery to ``monitor``
        and whether it heralded to ``heralded`` (and the time to ``on_progress``)."""
        for _ in range(num_cycles):
            pair, success = yield from self.cycle()
            monitor.record(pair)
            heralded.append(success)
            if on_progress is not None:
                on_progress(float(self.env.now))

    def _record_attempts(self, start_s: float, num_attempts: int) -> None:
        for node in (self.config.node_a, self.config.node_b):
            self.storage.record_attempts(
                node,
                first_attempt_s=start_s,
                period_s=self.config.period_s,
                num_attempts=num_attempts,
            )


def simulate_delivery(
    outcome: LinkOutcome,
    *,
    cycle_s: float,
    window_s: float,
    memory_a: Memory,
    memory_b: Memory,
    num_cycles: int,
    rng: np.random.Generator,
    herald_delay_s: float = 0.0,
    attempt_duration_s: float | None = None,
) -> CycleStatistics:
    """Run the deterministic-delivery protocol of one link for ``num_cycles`` cycles.

    Args:
        outcome: the link's per-attempt result (a two-qubit heralded state).
        cycle_s: clock cycle, s (> 0); one delivery at the end of each.
        window_s: attempt window at the start of each cycle, s, with
            ``window_s + herald_delay_s <= cycle_s``.
        memory_a, memory_b: the two nodes' memory models.
        num_cycles: number of cycles, >= 1.
        rng: the random stream.
        herald_delay_s: time from the successful emission until both nodes know, s.
        attempt_duration_s: overrides ``outcome.attempt_duration_s`` (must be > 0).

    Returns:
        :class:`CycleStatistics`: the delivered pairs' statistics (fidelity, attempts,
        mean state) with the heralded fraction, each with its standard error.

    Raises:
        InvalidParameterError: for a value outside its range.
        DimensionMismatchError: if the link does not herald a two-qubit state.

    References:
        P. C. Humphreys et al., Nature 558, 268 (2018), arXiv:1712.07567.

    Examples:
        >>> from qinternet.physics.links import single_click_link
        >>> link = single_click_link(0.3, 1e-3, preparation_time_s=1e-4)
        >>> stats = simulate_delivery(link, cycle_s=0.01, window_s=0.01,
        ...                           memory_a=Memory(), memory_b=Memory(),
        ...                           num_cycles=100, rng=np.random.default_rng(3))
        >>> 0.0 < stats.heralded_fraction.mean < 1.0
        True
    """
    delay = check_non_negative(herald_delay_s, "herald_delay_s")
    config = HeraldedLinkConfig(
        "A", "B", outcome, herald_delay_s=(delay, delay), attempt_duration_s=attempt_duration_s
    )
    return simulate_delivery_link(
        config,
        cycle_s=cycle_s,
        window_s=window_s,
        memories=(memory_a, memory_b),
        num_cycles=num_cycles,
        rng=rng,
    )


def simulate_delivery_link(
    config: HeraldedLinkConfig,
    *,
    cycle_s: float,
    window_s: float,
    memories: tuple[Memory, Memory],
    num_cycles: int,
    rng: np.random.Generator,
    on_progress: Callable[[float], None] | None = None,
) -> CycleStatistics:
    """:func:`simulate_delivery` of a built link (its nodes' names, attempt period and
    heralding delays; ``num_channels`` 1), ``memories`` at ``config.node_a`` and
    ``config.node_b``; ``on_progress`` is told the simulated time after every cycle.

    Raises:
        InvalidParameterError: for a value outside its range.
        DimensionMismatchError: if the link does not herald a two-qubit state.
    """
    if isinstance(num_cycles, bool) or not isinstance(num_cycles, int) or num_cycles < 1:
        raise InvalidParameterError("num_cycles", num_cycles, "must be an integer >= 1")
    env = simpy.Environment()
    storage = QuantumStorage()
    storage.add_node(config.node_a, memories[0], num_slots=1)
    storage.add_node(config.node_b, memories[1], num_slots=1)
    protocol = DeterministicDelivery(env, config, storage, rng, cycle_s=cycle_s, window_s=window_s)
    monitor, heralded = DeliveryMonitor(), list[bool]()
    env.process(protocol.run(num_cycles, monitor, heralded, on_progress))
    env.run()
    statistics = monitor.statistics(sim_time_s=float(env.now))
    return CycleStatistics(
        **{f.name: getattr(statistics, f.name) for f in dataclasses.fields(statistics)},
        cycle_s=protocol.cycle_s,
        window_s=protocol.window_s,
        heralded_fraction=mean_with_stderr([float(h) for h in heralded]),
    )


def _cycle_and_window(
    config: HeraldedLinkConfig, cycle_s: float, window_s: float
) -> tuple[float, float]:
    cycle = check_finite(cycle_s, "cycle_s")
    if cycle <= 0.0:
        raise InvalidParameterError("cycle_s", cycle_s, "must be > 0")
    window = check_non_negative(window_s, "window_s")
    delay = max(config.herald_delay_s)
    if window + delay > cycle * (1.0 + 1e-12):
        raise InvalidParameterError(
            "window_s",
            window_s,
            f"plus the heralding delay {delay!r} s must not exceed cycle_s = {cycle!r} s",
        )
    return cycle, window
