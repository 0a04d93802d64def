"""W states of one excitation shared by the leaves of a star, as an event-driven process.

A ``source`` node makes attempts at ``attempt_rate_hz``; each heralds one excitation
with probability p (a DLCZ write with a click on field 1, Kimble, Nature 453, 1023
(2008), Box 3). The number of attempts until a herald is drawn at once (geometric, one
event per state, never one per attempt). The heralded excitation goes through the
equal k-mode splitter :func:`~qinternet.physics.maps.fusion.equal_splitter_network` into
the k fibres and is stored at leaf j with power transmission eta_j: the state is
:func:`~qinternet.physics.maps.fusion.w_state_from_splitter`, sum_j sqrt(eta_j / k)
|1_j> plus the vacuum with the missing weight (Papp et al., Science 324, 764 (2009);
Choi et al., Nature 468, 412 (2010): four ensembles). The herald travels with the
photon, so leaf j holds its part from ``herald + d_j`` (d_j: its fibre's light delay)
and the state is known at every leaf at ``herald + max_j d_j``, its delivery; until then
leaf j's qubit (|1> one stored excitation) decays with its memory's
:meth:`~qinternet.physics.devices.Memory.storage_kraus` for ``max_j d_j - d_j``.
The source attempts again once a state is delivered (each leaf stores one), so a cycle
lasts N / rate + max_j d_j with N geometric: the rate is 1 / (1 / (p rate) + max_j d_j).

Examples:
    >>> import numpy as np
    >>> config = WConfig("S", ("A", "B", "C"), excitation_probability=0.2,
    ...                  attempt_rate_hz=1e3, transmissions=(0.81, 0.49, 0.25))
    >>> stats = simulate_w(config, rng=np.random.default_rng(1), max_states=3)
    >>> f = ((0.9 + 0.7 + 0.5) / 3) ** 2  # |<W|psi>|^2 = |sum_j sqrt(eta_j) / k|^2
    >>> stats.num_parties, round(stats.fidelity.mean, 12) == round(f, 12)
    (3, True)
    >>> round(stats.vacuum_probability.mean, 6)  # 1 - sum_j eta_j / k
    0.483333
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import simpy

from qinternet.analysis.verification import w_witness_bound
from qinternet.core.errors import InvalidParameterError
from qinternet.core.statistics import MeanEstimate, mean_with_stderr
from qinternet.core.validation import check_non_negative, check_positive, check_probability
from qinternet.physics.devices import Memory
from qinternet.physics.maps.fusion import equal_splitter_network, w_state_from_splitter
from qinternet.sim.chain import check_run_bounds
from qinternet.sim.monitor import PairRate, StateMonitor
from qinternet.sim.running import run_in_steps
from qinternet.states import DensityMatrix
from qinternet.states.ops import apply_kraus

__all__ = ["DeliveredW", "WConfig", "WStatistics", "simulate_w", "w_fidelity"]

MAX_W_PARTIES = 10
"""Leaves of a W state at most: it is held as a density matrix of 2^k dimensions."""


@dataclass(frozen=True)
class WConfig:
    """A source splitting heralded excitations among the leaves of a star.

    Args:
        source: the node that heralds the excitations.
        leaves: the nodes that store the W state, in its qubit order (2 to 10).
        excitation_probability: probability that an attempt heralds one excitation, in (0, 1].
        attempt_rate_hz: attempts per second (finite, > 0).
        transmissions: power transmission eta_j from the splitter's output j into leaf
            j's memory (default 1 each), in [0, 1].
        leaf_delay_s: light delay from the source to each leaf, s (default 0 each).
        leaf_memories: the memory of each leaf (default: ideal).

    Raises:
        InvalidParameterError: naming the field, for fewer than two or repeated leaves,
            a value out of range, or a tuple without one entry per leaf.
    """

    source: str
    leaves: tuple[str, ...]
    excitation_probability: float
    attempt_rate_hz: float
    transmissions: tuple[float, ...] | None = None
    leaf_delay_s: tuple[float, ...] | None = None
    leaf_memories: tuple[Memory, ...] | None = None

    def __post_init__(self) -> None:
        k = len(self.leaves)
        if not 2 <= k <= MAX_W_PARTIES:
            raise InvalidParameterError(
                "leaves", self.leaves, f"a W state needs 2 to {MAX_W_PARTIES} leaves"
            )
        if len(set(self.leaves)) != k or self.source in self.leaves:
            raise InvalidParameterError(
                "leaves", self.leaves, "must be distinct from each other and the source"
            )
        p = check_probability(self.excitation_probability, "excitation_probability")
        if p == 0.0:
            raise InvalidParameterError("excitation_probability", p, "must lie in (0, 1]")
        object.__setattr__(self, "excitation_probability", p)
        rate = check_positive(self.attempt_rate_hz, "attempt_rate_hz", "Hz")
        object.__setattr__(self, "attempt_rate_hz", rate)
        etas = self.transmissions if self.transmissions is not None else (1.0,) * k
        delays = self.leaf_delay_s if self.leaf_delay_s is not None else (0.0,) * k
        memories = self.leaf_memories if self.leaf_memories is not None else (Memory(),) * k
        for name, values in (
            ("transmissions", etas),
            ("leaf_delay_s", delays),
            ("leaf_memories", memories),
        ):
            if len(values) != k:
                raise InvalidParameterError(name, values, f"need one entry per leaf ({k})")
        checked = tuple(check_probability(eta, f"transmissions[{j}]") for j, eta in enumerate(etas))
        object.__setattr__(self, "transmissions", checked)
        times = tuple(
            check_non_negative(d, f"leaf_delay_s[{j}]", "s") for j, d in enumerate(delays)
        )
        object.__setattr__(self, "leaf_delay_s", times)
        object.__setattr__(self, "leaf_memories", tuple(memories))

    @property
    def num_parties(self) -> int:
        """Qubits (leaves) of the W state."""
        return len(self.leaves)

    @property
    def delivery_delay_s(self) -> float:
        """From a herald to the delivery: the longest light delay to a leaf, s."""
        assert self.leaf_delay_s is not None
        return max(self.leaf_delay_s)

    @property
    def expected_rate_hz(self) -> float:
        """1 / (1 / (p rate) + longest delay): states per second (module docstring)."""
        return 1.0 / (
            1.0 / (self.excitation_probability * self.attempt_rate_hz) + self.delivery_delay_s
        )

    @cached_property
    def heralded_state(self) -> DensityMatrix:
        """The leaves' state as the excitation is stored (before any memory decay)."""
        assert self.transmissions is not None
        network = equal_splitter_network(self.num_parties)
        return w_state_from_splitter(network.unitary, self.transmissions)


def w_fidelity(rho: DensityMatrix) -> float:
    """<W_k|rho|W_k> = (1/k) sum_{i,j} rho[e_i, e_j] over the one-excitation basis states.

    Examples:
        >>> from qinternet.states.multipartite import w_state
        >>> round(w_fidelity(w_state(4).to_density()), 12)
        1.0
    """
    k = rho.num_subsystems
    index = [1 << (k - 1 - j) for j in range(k)]
    return float(rho.matrix[np.ix_(index, index)].real.sum() / k)


def one_excitation_probability(rho: DensityMatrix) -> float:
    """Probability of exactly one excitation among the qubits of ``rho``."""
    k = rho.num_subsystems
    return float(sum(rho.matrix[1 << j, 1 << j].real for j in range(k)))


@dataclass(frozen=True)
class DeliveredW:
    """One W state known at every leaf.

    Attributes:
        started_s: when the first attempt of the state began, s.
        heralded_s: when the source heralded the excitation, s.
        delivered_s: when the last leaf knew of it, s.
        state: the leaves' state at ``delivered_s``.
        fidelity: its fidelity with W_k (:func:`w_fidelity`).
        vacuum_probability: the weight of |0...0> (the excitation lost).
    """

    started_s: float
    heralded_s: float
    delivered_s: float
    state: DensityMatrix
    fidelity: float
    vacuum_probability: float


@dataclass(frozen=True, eq=False)
class WStatistics(PairRate):
    """What a W run delivered (``num_pairs``: W states, for the rate mixin).

    Attributes:
        num_pairs: W states delivered.
        sim_time_s: simulated time, s.
        num_parties: leaves (qubits) of each state.
        fidelity: W fidelity of each delivered state (mean, error).
        vacuum_probability: weight of the vacuum of each state (mean, error).
        waiting_time_s: from a state's first attempt to its delivery.
        delivery_interval_s: between consecutive deliveries (the first from the start).
        state: the mean delivered state (None without deliveries).
    """

    num_pairs: int
    sim_time_s: float
    num_parties: int
    fidelity: MeanEstimate
    vacuum_probability: MeanEstimate
    waiting_time_s: MeanEstimate
    delivery_interval_s: MeanEstimate
    state: DensityMatrix | None = field(repr=False)

    @property
    def witness_bound(self) -> float:
        """(k - 1)/k: the W fidelity above which the state is genuinely k-partite."""
        return w_witness_bound(self.num_parties)

    @property
    def witness(self) -> float:
        """(k - 1)/k - F: negative certifies genuine multipartite entanglement
        (Bourennane et al., PRL 92, 087902 (2004)); NaN without states."""
        return self.witness_bound - self.fidelity.mean

    @property
    def conditional_fidelity(self) -> float:
        """W fidelity of the mean state given exactly one stored excitation (what a
        verification that post-selects one photon sees); NaN without states."""
        if self.state is None:
            return math.nan
        return w_fidelity(self.state) / one_excitation_probability(self.state)


def _stored(
    state: DensityMatrix, memories: Sequence[Memory], times_s: Sequence[float]
) -> DensityMatrix:
    """``state`` after leaf j's memory noise for ``times_s[j]``."""
    for j, (memory, elapsed_s) in enumerate(zip(memories, times_s, strict=True)):
        if elapsed_s > 0.0 and memory.decoheres:
            state = apply_kraus(state, memory.storage_kraus(elapsed_s), [j])
    return state


class WMonitor(StateMonitor):
    """Collects delivered W states (in delivery order) without keeping them."""

    def __init__(self, num_parties: int) -> None:
        super().__init__(num_parties)
        self.vacua: list[float] = []

    def record(self, w: DeliveredW) -> None:
        """Count ``w``."""
        self.record_state(w.started_s, w.delivered_s, w.state, fidelity=w.fidelity)
        self.vacua.append(w.vacuum_probability)

    def statistics(self, *, sim_time_s: float) -> WStatistics:
        """The statistics of every state recorded over ``sim_time_s`` seconds."""
        return WStatistics(
            num_pairs=self.num_states,
            sim_time_s=sim_time_s,
            num_parties=self.num_qubits,
            fidelity=self.fidelity,
            vacuum_probability=mean_with_stderr(self.vacua),
            waiting_time_s=self.waiting_time_s,
            delivery_interval_s=self.delivery_interval_s,
            state=self.mean_state(),
        )


def _source(
    env: simpy.Environment,
    config: WConfig,
    rng: np.random.Generator,
    on_delivery: Callable[[DeliveredW], None],
) -> Generator[simpy.Event, Any, None]:
    """Herald, split, deliver, again (module docstring)."""
    assert config.leaf_delay_s is not None
    assert config.leaf_memories is not None
    period_s = 1.0 / config.attempt_rate_hz
    heralded = config.heralded_state
    while True:
        started_s = env.now
        yield env.timeout(int(rng.geometric(config.excitation_probability)) * period_s)
        heralded_s = env.now
        yield env.timeout(config.delivery_delay_s)
        now = env.now
        held_s = [now - (heralded_s + delay) for delay in config.leaf_delay_s]
        state = _stored(heralded, config.leaf_memories, held_s)
        vacuum = float(state.matrix[0, 0].real)
        on_delivery(DeliveredW(started_s, heralded_s, now, state, w_fidelity(state), vacuum))


def simulate_w(
    config: WConfig,
    *,
    rng: np.random.Generator,
    duration_s: float = math.inf,
    max_states: int | None = None,
    on_progress: Callable[[float], None] | None = None,
    num_progress_steps: int = 50,
) -> WStatistics:
    """Run a W source until ``duration_s`` or ``max_states`` deliveries.

    Raises:
        InvalidParameterError: if neither bound is given or a bound is not positive.
    """
    check_run_bounds(duration_s, max_states)
    env = simpy.Environment()
    monitor = WMonitor(config.num_parties)
    done = env.event()

    def deliver(record: DeliveredW) -> None:
        monitor.record(record)
        if max_states is not None and monitor.num_states >= max_states and not done.triggered:
            done.succeed()

    env.process(_source(env, config, rng, deliver))
    steps = num_progress_steps if on_progress is not None and math.isfinite(duration_s) else 1
    sim_time_s = run_in_steps(
        env, until_s=duration_s, num_steps=steps, on_step=on_progress, stop=done
    )
    return monitor.statistics(sim_time_s=sim_time_s)
