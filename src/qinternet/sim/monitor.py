"""The one monitor: delivered pairs (:class:`~.records.DeliveredPair`) in, statistics out.

Links, both chain policies and requests all report a :class:`DeliveryStatistics`; the
figures of merit of the delivered states (CHSH value, BBM92 key) are computed here
from the mean state, by :mod:`qinternet.physics.applications`.

Two times, two names: ``waiting_time_s`` is the time from the start of a pair's
attempt to its delivery; ``delivery_interval_s`` the time between consecutive
deliveries (the first counted from the start of the run).

Examples:
    >>> from qinternet.states import bell_state
    >>> phi = bell_state("phi+").to_density()
    >>> records = [DeliveredPair(("A", "B"), s, s + 0.5, phi, "phi+", 1.0) for s in (0, 1)]
    >>> stats = delivery_statistics(records, sim_time_s=4.0)
    >>> stats.num_pairs, stats.rate_hz, stats.rate_stderr_hz
    (2, 0.5, 0.3535533905932738)
    >>> stats.waiting_time_s.mean, stats.delivery_interval_s.mean, round(stats.chsh, 9)
    (0.5, 0.75, 2.828427125)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from functools import cached_property
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from qinternet.core.errors import PhysicalConstraintError
from qinternet.core.statistics import MeanEstimate, mean_with_stderr
from qinternet.physics.applications import KeyRate, bbm92, chsh_value
from qinternet.sim.records import DeliveredPair
from qinternet.states import DensityMatrix


class _Counted(Protocol):
    @property
    def num_pairs(self) -> int: ...
    @property
    def sim_time_s(self) -> float: ...


class PairRate:
    """Mixin: the pair rate of ``num_pairs`` over ``sim_time_s`` and its error."""

    @property
    def rate_hz(self: _Counted) -> float:
        """Delivered pairs per simulated second."""
        return self.num_pairs / self.sim_time_s

    @property
    def rate_stderr_hz(self: _Counted) -> float:
        """Standard error of the rate (Poisson counting: sqrt(n) / time)."""
        return math.sqrt(self.num_pairs) / self.sim_time_s


@dataclass(frozen=True, eq=False)
class DeliveryStatistics(PairRate):
    """What a link, a chain or a request delivered.

    Attributes:
        num_pairs: pairs delivered.
        sim_time_s: simulated time the statistics cover, s.
        fidelity: fidelity of each delivered state with its target (mean, error).
        waiting_time_s: time from the start of each pair's attempt to its delivery.
        delivery_interval_s: time between consecutive deliveries (the first from the
            start of the run).
        num_attempts: entangling attempts per link pair (NaN mean for chains).
        state: the mean delivered state, when every pair has the same target (after
            the Pauli-frame correction for chains and requests: phi+); else None.

    Two statistics are equal when every field is (the states entry by entry), so
    reproducibility checks can compare whole results.
    """

    num_pairs: int
    sim_time_s: float
    fidelity: MeanEstimate
    waiting_time_s: MeanEstimate
    delivery_interval_s: MeanEstimate
    num_attempts: MeanEstimate
    state: DensityMatrix | None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DeliveryStatistics):
            return NotImplemented
        names = [f.name for f in fields(self) if f.name != "state"]
        if any(getattr(self, name) != getattr(other, name) for name in names):
            return False
        if self.state is None or other.state is None:
            return self.state is other.state
        return bool(np.array_equal(self.state.matrix, other.state.matrix))

    __hash__ = object.__hash__

    @property
    def fidelity_mean(self) -> float:
        """Mean delivered fidelity."""
        return self.fidelity.mean

    @cached_property
    def chsh(self) -> float | None:
        """CHSH value of :attr:`state` for its optimal settings (None without one)."""
        return None if self.state is None else chsh_value(self.state)

    @cached_property
    def key(self) -> KeyRate | None:
        """BBM92 key of :attr:`state` (meant as phi+) at this pair rate; None without a
        state or when a QBER exceeds 1/2."""
        if self.state is None:
            return None
        try:
            return bbm92(self.state, pair_rate_hz=self.rate_hz)
        except PhysicalConstraintError:
            return None


class _Column:
    """Numbers recorded one by one or many at once, held as float64 arrays (8 bytes a
    number however many pairs a long run delivers)."""

    _SETTLE = 4096

    def __init__(self) -> None:
        self._arrays: list[NDArray[np.float64]] = []
        self._loose: list[float] = []
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def append(self, value: float) -> None:
        self._loose.append(value)
        self._size += 1
        if len(self._loose) >= self._SETTLE:
            self._settle()

    def extend(self, values: NDArray[np.float64] | NDArray[np.int64]) -> None:
        self._settle()
        self._arrays.append(np.asarray(values, dtype=np.float64))
        self._size += len(values)

    def _settle(self) -> None:
        if self._loose:
            self._arrays.append(np.array(self._loose, dtype=np.float64))
            self._loose = []

    def values(self) -> NDArray[np.float64]:
        """Every number so far, in the order recorded."""
        self._settle()
        if len(self._arrays) != 1:
            self._arrays = [np.concatenate(self._arrays) if self._arrays else np.empty(0)]
        return self._arrays[0]


class DeliveryMonitor:
    """Collects delivered pairs one by one (in delivery order) without keeping them.

    Examples:
        >>> monitor = DeliveryMonitor()
        >>> monitor.num_pairs
        0
        >>> monitor.statistics(sim_time_s=1.0).state is None
        True
    """

    def __init__(self, start_s: float = 0.0) -> None:
        self._last_s = start_s
        self.fidelities, self.waits, self.intervals = _Column(), _Column(), _Column()
        self.attempts = _Column()
        self._state_sum: np.ndarray | None = None
        self._target: tuple[str, tuple[int, ...]] | None = None
        self._same_target = True

    @property
    def num_pairs(self) -> int:
        """Pairs recorded so far."""
        return len(self.fidelities)

    def record(self, pair: DeliveredPair) -> None:
        """Count ``pair`` (delivered no earlier than the previous one)."""
        self.fidelities.append(pair.fidelity)
        self.waits.append(pair.delivered_s - pair.started_s)
        self.intervals.append(pair.delivered_s - self._last_s)
        self._last_s = pair.delivered_s
        if pair.num_attempts is not None:
            self.attempts.append(pair.num_attempts)
        self._add_state(1, pair.state, pair.target_name)

    def _add_state(self, count: int, state: DensityMatrix, target_name: str) -> None:
        target = (target_name, tuple(state.dims))
        if self._target is None:
            self._target, self._state_sum = target, count * state.matrix.astype(complex)
        elif self._same_target and target == self._target:
            assert self._state_sum is not None
            self._state_sum += count * state.matrix if count != 1 else state.matrix
        else:
            self._same_target = False

    def record_batch(
        self,
        *,
        started_s: NDArray[np.float64],
        delivered_s: NDArray[np.float64],
        fidelities: NDArray[np.float64],
        num_attempts: NDArray[np.int64],
        states: Sequence[tuple[int, DensityMatrix, str]],
    ) -> None:
        """Count many pairs at once, as :meth:`record` one by one would: their figures
        as arrays in delivery order (none before the last pair recorded), their states
        as (count, state, target name) per distinct state.

        Examples:
            >>> from qinternet.states import bell_state
            >>> phi = bell_state("phi+").to_density()
            >>> monitor = DeliveryMonitor()
            >>> monitor.record_batch(started_s=np.array([0.0, 1.0]),
            ...     delivered_s=np.array([0.5, 1.5]), fidelities=np.ones(2),
            ...     num_attempts=np.array([3, 1]), states=[(2, phi, "phi+")])
            >>> monitor.statistics(sim_time_s=4.0) == delivery_statistics(
            ...     [DeliveredPair(("A", "B"), s, s + 0.5, phi, "phi+", 1.0, n)
            ...      for s, n in ((0.0, 3), (1.0, 1))], sim_time_s=4.0)
            True
        """
        if delivered_s.size == 0:
            return
        self.fidelities.extend(fidelities)
        self.waits.extend(delivered_s - started_s)
        self.intervals.extend(np.diff(delivered_s, prepend=self._last_s))
        self._last_s = float(delivered_s[-1])
        self.attempts.extend(num_attempts)
        for count, state, target_name in states:
            if count > 0:
                self._add_state(count, state, target_name)

    def statistics(self, *, sim_time_s: float) -> DeliveryStatistics:
        """The statistics of every pair recorded, over ``sim_time_s`` simulated seconds."""
        state = None
        if self._state_sum is not None and self._target is not None and self._same_target:
            matrix = self._state_sum / self.num_pairs
            hermitian = np.asarray((matrix + matrix.conj().T) / 2, dtype=complex)
            state = DensityMatrix(hermitian, self._target[1])
        return DeliveryStatistics(
            num_pairs=self.num_pairs,
            sim_time_s=sim_time_s,
            fidelity=mean_with_stderr(self.fidelities.values()),
            waiting_time_s=mean_with_stderr(self.waits.values()),
            delivery_interval_s=mean_with_stderr(self.intervals.values()),
            num_attempts=mean_with_stderr(self.attempts.values()),
            state=state,
        )


def delivery_statistics(
    records: Iterable[DeliveredPair], *, sim_time_s: float, start_s: float = 0.0
) -> DeliveryStatistics:
    """The statistics of ``records`` (in delivery order) over ``sim_time_s`` seconds."""
    monitor = DeliveryMonitor(start_s)
    for pair in records:
        monitor.record(pair)
    return monitor.statistics(sim_time_s=sim_time_s)


class StateMonitor:
    """Collects delivered multi-qubit states (GHZ, W) one by one, in delivery order,
    without keeping them: each one's fidelity, waiting time and interval since the
    previous delivery, and the running sum of the states for their mean.

    Examples:
        >>> from qinternet.states.multipartite import ghz_state
        >>> monitor = StateMonitor(3)
        >>> monitor.record_state(0.0, 2.0, ghz_state(3).to_density(), fidelity=1.0)
        >>> monitor.record_state(1.0, 4.0, ghz_state(3).to_density(), fidelity=1.0)
        >>> monitor.num_states, monitor.waiting_time_s.mean, monitor.delivery_interval_s.mean
        (2, 2.5, 2.0)
        >>> round(float(monitor.mean_state().matrix[0, -1].real), 12)
        0.5
    """

    def __init__(self, num_qubits: int) -> None:
        self.num_qubits = num_qubits
        self.fidelities, self.waits, self.intervals = _Column(), _Column(), _Column()
        self._last_s = 0.0
        self._state_sum: np.ndarray | None = None

    @property
    def num_states(self) -> int:
        """States recorded so far."""
        return len(self.fidelities)

    def record_state(
        self, started_s: float, delivered_s: float, state: DensityMatrix, *, fidelity: float
    ) -> None:
        """Count ``state``, begun at ``started_s`` and delivered at ``delivered_s`` (no
        earlier than the previous one)."""
        self.fidelities.append(fidelity)
        self.waits.append(delivered_s - started_s)
        self.intervals.append(delivered_s - self._last_s)
        self._last_s = delivered_s
        matrix = state.matrix
        if self._state_sum is None:
            self._state_sum = matrix.astype(np.complex128, copy=True)
        else:
            self._state_sum += matrix

    @property
    def fidelity(self) -> MeanEstimate:
        """Fidelity of each recorded state (mean, error)."""
        return mean_with_stderr(self.fidelities.values())

    @property
    def waiting_time_s(self) -> MeanEstimate:
        """From each state's first attempt to its delivery (mean, error), s."""
        return mean_with_stderr(self.waits.values())

    @property
    def delivery_interval_s(self) -> MeanEstimate:
        """Between consecutive deliveries, the first from the start (mean, error), s."""
        return mean_with_stderr(self.intervals.values())

    def mean_state(self) -> DensityMatrix | None:
        """The mean of the recorded states (None before the first)."""
        if self._state_sum is None:
            return None
        mean = self._state_sum / self.num_states
        hermitian = np.asarray((mean + mean.conj().T) / 2, dtype=np.complex128)
        return DensityMatrix(hermitian, (2,) * self.num_qubits)
