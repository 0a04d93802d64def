"""Quantum memory: a stored qubit's decoherence over time and per entangling attempt.

Two noise processes act on a stored qubit:

1. **Decoherence in time** (T1 relaxation, T2 dephasing): after ``elapsed_s`` seconds
   the qubit has gone through :func:`qinternet.noise.memory_decoherence`; the coherence
   <0|rho|1> is multiplied by exp(-t/T2) (:meth:`Memory.coherence_factor`). The
   channels compose, so they are applied lazily for the whole storage time.
2. **Dephasing per entangling attempt** (nuclear-spin memories next to an optically
   active electron spin, NV and SiV centres): every attempt re-initialises the
   electron spin by optical pumping at a random moment; through the hyperfine coupling
   this gives the nuclear spin a random phase. Averaged over the reset time each
   attempt is a phase flip Z with probability p = ``dephasing_per_attempt``, i.e. the
   coherence is multiplied by 1 - 2p. Independent flips compose: k attempts multiply it
   by (1 - 2p)^k, which is a single dephasing with probability

       p_k = (1 - (1 - 2p)^k) / 2          (:meth:`Memory.attempt_dephasing`),

   a closed form, so k failed attempts cost one channel, not k. For an exponentially
   distributed reset time of mean tau and a hyperfine coupling Delta omega (rad/s) the
   phase phi = Delta omega * t has <e^{i phi}> = 1 / (1 - i Delta omega tau); the mean
   phase is a known rotation that is corrected, and the remaining dephasing has
   1 - 2p = 1 / sqrt(1 + (Delta omega tau)^2) (:meth:`Memory.from_reset_dephasing`).

3. **Depolarisation in time** (optional, ``depolarizing_time_s``): the abstract memory
   of repeater-chain analyses, in which a stored qubit is replaced by I/2 with
   probability 1 - exp(-t/T_dep); a Werner pair with both qubits stored keeps its
   Werner form, its parameter multiplied by exp(-2t/T_dep) (Brand, Coopmans, Elkouss,
   IEEE JSAC 38, 619 (2020), arXiv:1912.07688, use this model with T_coh = T_dep/2).

References:
    A. Reiserer et al., "Robust quantum-network memory using decoherence-protected
    subspaces of nuclear spins", Phys. Rev. X 6, 021040 (2016), arXiv:1603.01602
    (storage fidelity limited by dephasing during the electron reset after failed
    attempts).
    N. Kalb, P. C. Humphreys, J. J. Slim, R. Hanson, "Dephasing mechanisms of
    diamond-based nuclear-spin memories for quantum networks", Phys. Rev. A 97, 062330
    (2018), arXiv:1802.05996.
    N. Kalb et al., "Entanglement distillation between solid-state quantum network
    nodes", Science 356, 928 (2017), doi:10.1126/science.aan0070.
    P. C. Humphreys et al., "Deterministic delivery of remote entanglement on a quantum
    network", Nature 558, 268 (2018), arXiv:1712.07567 (memory decoherence versus
    entangling rate).

Examples:
    >>> memory = Memory(t2_s=1.0, dephasing_per_attempt=0.01)
    >>> round(memory.coherence_factor(0.5), 6)
    0.606531
    >>> round(memory.attempt_dephasing_probability(100), 6)
    0.43369
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from qinternet.core.validation import (
    check_count,
    check_non_negative,
    check_positive,
    check_probability,
)
from qinternet.noise import (
    PAULI_MATRICES,
    Channel,
    check_coherence_times,
    decoherence_kraus,
    dephasing,
    depolarizing,
    memory_decoherence,
    pauli,
)

_PAULIS = np.array([np.asarray(m, dtype=np.complex128) for m in PAULI_MATRICES])


@dataclass(frozen=True)
class Memory:
    """A qubit memory: coherence times, per-attempt dephasing, read-out and initialisation.

    Args:
        t1_s: energy relaxation time T1 in seconds (> 0; ``math.inf``: none).
        t2_s: coherence time T2 in seconds (> 0; ``math.inf``: none); T2 <= 2 T1.
        readout_efficiency: probability that reading the memory out succeeds at all
            (a photon is retrieved, a measurement returns an outcome), in [0, 1].
        dephasing_per_attempt: probability of a Z flip of the stored qubit per
            entangling attempt made by the node (nuclear-spin memories), in [0, 1].
        initialisation_fidelity: probability that initialising to |0> gives |0>
            (otherwise |1>: a bit flip), in [0, 1].
        depolarizing_time_s: time constant of depolarisation in seconds (> 0;
            ``math.inf``: none): the Bloch vector shrinks by exp(-t/T_dep) on top of
            T1/T2.

    Raises:
        InvalidParameterError: if a value is NaN, out of range or of the wrong type.
        PhysicalConstraintError: if t2_s > 2 * t1_s.

    References:
        Reiserer et al., Phys. Rev. X 6, 021040 (2016), arXiv:1603.01602;
        Kalb et al., Phys. Rev. A 97, 062330 (2018), arXiv:1802.05996.

    Examples:
        >>> Memory(t1_s=1.0, t2_s=1.5).t2_s
        1.5
        >>> Memory(t1_s=1.0, t2_s=3.0)
        Traceback (most recent call last):
        ...
        qinternet.core.errors.PhysicalConstraintError: t2_s=3.0: must not exceed 2 * t1_s = 2.0 (t1_s=1.0)
    """

    t1_s: float = math.inf
    t2_s: float = math.inf
    readout_efficiency: float = 1.0
    dephasing_per_attempt: float = 0.0
    initialisation_fidelity: float = 1.0
    depolarizing_time_s: float = math.inf

    def __post_init__(self) -> None:
        t1, t2 = check_coherence_times(self.t1_s, self.t2_s)
        object.__setattr__(self, "t1_s", t1)
        object.__setattr__(self, "t2_s", t2)
        depolarizing_s = check_positive(
            self.depolarizing_time_s, "depolarizing_time_s", "s", allow_inf=True
        )
        object.__setattr__(self, "depolarizing_time_s", depolarizing_s)
        for name in ("readout_efficiency", "dephasing_per_attempt", "initialisation_fidelity"):
            object.__setattr__(self, name, check_probability(getattr(self, name), name))

    @classmethod
    def from_reset_dephasing(
        cls, *, hyperfine_coupling_hz: float, reset_time_s: float, **fields: float
    ) -> Memory:
        """A memory whose per-attempt dephasing comes from a random electron-reset time.

        p = (1 - 1/sqrt(1 + (2 pi f tau)^2)) / 2 for hyperfine coupling f (Hz) and an
        exponentially distributed reset time of mean tau (see the module docstring).

        Args:
            hyperfine_coupling_hz: the difference Delta omega / (2 pi) of the nuclear
                precession frequencies for the two electron states, in Hz (>= 0).
            reset_time_s: mean electron reset (optical pumping) time tau, in s (>= 0).
            **fields: the other :class:`Memory` fields.

        References:
            Kalb et al., Phys. Rev. A 97, 062330 (2018), arXiv:1802.05996.

        Examples:
            >>> memory = Memory.from_reset_dephasing(
            ...     hyperfine_coupling_hz=1e5, reset_time_s=1e-6 / (2 * 3.141592653589793)
            ... )
            >>> round(memory.dephasing_per_attempt, 8)  # (1 - 1/sqrt(1.01)) / 2
            0.0024814
        """
        coupling = check_non_negative(hyperfine_coupling_hz, "hyperfine_coupling_hz", "Hz")
        tau = check_non_negative(reset_time_s, "reset_time_s", "s")
        x = 2.0 * math.pi * coupling * tau
        # 1 - 1/sqrt(1 + x^2), without cancellation for small x.
        p = (x * x / (math.sqrt(1.0 + x * x) * (1.0 + math.sqrt(1.0 + x * x)))) / 2.0
        return cls(dephasing_per_attempt=p, **fields)

    def coherence_factor(self, elapsed_s: float) -> float:
        """Factor exp(-elapsed_s / T2) multiplying the stored coherence <0|rho|1>.

        Raises:
            InvalidParameterError: if ``elapsed_s`` is negative, NaN or infinite.

        Examples:
            >>> Memory().coherence_factor(10.0)
            1.0
        """
        t = check_non_negative(elapsed_s, "elapsed_s", "s")
        return math.exp(-t / self.t2_s)

    def decoherence(self, elapsed_s: float) -> Channel:
        """The T1/T2 channel of storing a qubit for ``elapsed_s`` seconds.

        Raises:
            InvalidParameterError: if ``elapsed_s`` is negative, NaN or infinite.

        Examples:
            >>> channel = Memory(t2_s=0.1).decoherence(0.05)
            >>> round(channel.pauli_probabilities[3], 6)  # (1 - exp(-0.5)) / 2
            0.196735
        """
        t = check_non_negative(elapsed_s, "elapsed_s", "s")
        return memory_decoherence(elapsed_s=t, t1_s=self.t1_s, t2_s=self.t2_s)

    def attempt_dephasing_probability(self, num_attempts: int) -> float:
        """Z-flip probability after ``num_attempts`` attempts: (1 - (1 - 2p)^k) / 2.

        Raises:
            InvalidParameterError: if ``num_attempts`` is not an integer >= 0.

        Examples:
            >>> Memory(dephasing_per_attempt=0.5).attempt_dephasing_probability(3)
            0.5
        """
        k = check_count(num_attempts, "num_attempts")
        base = 1.0 - 2.0 * self.dephasing_per_attempt
        if k == 0:
            return 0.0
        if base > 0.0:
            return -math.expm1(k * math.log1p(-2.0 * self.dephasing_per_attempt)) / 2.0
        return (1.0 - base**k) / 2.0

    def attempt_dephasing(self, num_attempts: int) -> Channel:
        """The dephasing channel accumulated over ``num_attempts`` entangling attempts.

        Raises:
            InvalidParameterError: if ``num_attempts`` is not an integer >= 0.

        Examples:
            >>> Memory(dephasing_per_attempt=0.1).attempt_dephasing(2).pauli_probabilities
            (0.82, 0.0, 0.0, 0.18)
        """
        return dephasing(self.attempt_dephasing_probability(num_attempts))

    def storage_noise(self, elapsed_s: float, num_attempts: int = 0) -> Channel:
        """All noise on a qubit stored for ``elapsed_s`` s while ``num_attempts`` attempts ran.

        The T1/T2 channel followed by the accumulated attempt dephasing (the two
        commute: a Z flip commutes with amplitude damping and with dephasing).

        Raises:
            InvalidParameterError: if an argument is negative, NaN or not an integer.

        Examples:
            >>> import math
            >>> memory = Memory(t2_s=1.0, dephasing_per_attempt=0.001)
            >>> probs = memory.storage_noise(0.1, num_attempts=50).pauli_probabilities
            >>> round(probs[3], 6), round((1 - math.exp(-0.1) * 0.998**50) / 2, 6)
            (0.090677, 0.090677)
        """
        channel = self.decoherence(elapsed_s).then(self.attempt_dephasing(num_attempts))
        if math.isinf(self.depolarizing_time_s):
            return channel
        return channel.then(depolarizing(self.depolarizing_probability(elapsed_s)))

    def depolarizing_probability(self, elapsed_s: float) -> float:
        """Probability 1 - exp(-t/T_dep) that the qubit was replaced by I/2.

        Examples:
            >>> round(Memory(depolarizing_time_s=2.0).depolarizing_probability(1.0), 6)
            0.393469
        """
        t = check_non_negative(elapsed_s, "elapsed_s", "s")
        return -math.expm1(-t / self.depolarizing_time_s)

    @property
    def decoheres(self) -> bool:
        """Whether stored qubits change with time at all."""
        return not (
            math.isinf(self.t1_s) and math.isinf(self.t2_s) and math.isinf(self.depolarizing_time_s)
        )

    def storage_kraus(
        self, elapsed_s: float, num_attempts: int = 0
    ) -> list[NDArray[np.complex128]]:
        """Kraus operators of :meth:`storage_noise`, built without channel checks (the
        hot path of lazy memory noise; the memory's parameters were validated once).

        Examples:
            >>> memory = Memory(t2_s=1.0, dephasing_per_attempt=0.001)
            >>> ops = memory.storage_kraus(0.1, num_attempts=50)
            >>> round(float(abs(ops[1][0, 0]) ** 2), 6)  # as storage_noise above
            0.090677
        """
        t = check_non_negative(elapsed_s, "elapsed_s", "s")
        flip = self.attempt_dephasing_probability(num_attempts)
        operators = decoherence_kraus(t, self.t1_s, self.t2_s, flip)
        if math.isinf(self.depolarizing_time_s):
            return operators
        d = self.depolarizing_probability(t)
        weights = np.array([math.sqrt(1.0 - 3.0 * d / 4.0), *(math.sqrt(d / 4.0),) * 3])
        products = np.einsum("p,pij,kjl->pkil", weights, _PAULIS, np.asarray(operators))
        return list(products.reshape(-1, 2, 2))

    def initialisation_noise(self) -> Channel:
        """The bit flip X with probability 1 - initialisation_fidelity, applied after reset.

        Examples:
            >>> Memory(initialisation_fidelity=0.99).initialisation_noise().pauli_probabilities
            (0.99, 0.01, 0.0, 0.0)
        """
        return pauli(1.0 - self.initialisation_fidelity, 0.0, 0.0)
