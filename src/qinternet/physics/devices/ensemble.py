"""Atomic-ensemble memories for DLCZ: the write state and the read-out.

A weak 'write' pulse on an ensemble of N_a atoms scatters Raman photons (field 1) and
leaves matching collective spin excitations. Ideally the atoms and field 1 end in the
two-mode squeezed vacuum

    |phi> = sqrt(1 - p) sum_n p^(n/2) |n>_atoms |n>_photons,

whose first terms |0>|0> + sqrt(p)|1>|1> are Kimble's Box 3 Eq. 1; p is the
excitation probability and P(n) = (1 - p) p^n is thermal. Truncating at n <= cutoff
drops the tail mass sum_{n > cutoff} (1 - p) p^n = p^(cutoff + 1); the returned state is
renormalised over the kept levels. A 'read' pulse maps the atomic excitation to a
photon (field 2) with the retrieval efficiency, modelled as a beam splitter: each
excitation is retrieved independently (:meth:`AtomicEnsemble.retrieval_channel`). The
stored excitation dephases (atomic motion, inhomogeneous fields), which lowers the
retrieval efficiency as exp(-t / memory_lifetime_s).

References:
    L.-M. Duan, M. D. Lukin, J. I. Cirac, P. Zoller, "Long-distance quantum
    communication with atomic ensembles and linear optics", Nature 414, 413 (2001),
    doi:10.1038/35106500.
    H. J. Kimble, "The quantum internet", Nature 453, 1023 (2008),
    doi:10.1038/nature07127 (Box 3, Eq. 1).
    N. Sangouard, C. Simon, H. de Riedmatten, N. Gisin, "Quantum repeaters based on
    atomic ensembles and linear optics", Rev. Mod. Phys. 83, 33 (2011),
    doi:10.1103/RevModPhys.83.33 (multi-excitation terms, retrieval efficiency).

Examples:
    >>> ensemble = AtomicEnsemble(excitation_probability=0.01, retrieval_efficiency=0.5)
    >>> state = ensemble.write_state(cutoff=3)
    >>> state.dims
    (4, 4)
    >>> ensemble.truncation_tail_mass(3)  # p^4
    1e-08
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
from qinternet.noise import Channel, loss
from qinternet.states import Ket


@dataclass(frozen=True)
class AtomicEnsemble:
    """A DLCZ atomic-ensemble memory.

    Args:
        excitation_probability: p of the write process, in the open interval (0, 1).
        retrieval_efficiency: probability that a stored excitation is read out as a
            photon in the collected mode at zero storage time, in [0, 1].
        memory_lifetime_s: 1/e time of the retrieval efficiency in s (> 0; ``inf``: no
            decay).

    Raises:
        InvalidParameterError: naming the field, for values out of range or NaN.

    References:
        Duan et al., Nature 414, 413 (2001), doi:10.1038/35106500;
        Kimble, Nature 453, 1023 (2008), Box 3, doi:10.1038/nature07127.

    Examples:
        >>> AtomicEnsemble(excitation_probability=0.0, retrieval_efficiency=0.5)
        Traceback (most recent call last):
        ...
        qinternet.core.errors.InvalidParameterError: excitation_probability=0.0: must lie in the open interval (0, 1)
    """

    excitation_probability: float
    retrieval_efficiency: float = 1.0
    memory_lifetime_s: float = math.inf

    def __post_init__(self) -> None:
        p = check_probability(
            self.excitation_probability, "excitation_probability", open_interval=True
        )
        object.__setattr__(self, "excitation_probability", p)
        eta = check_probability(self.retrieval_efficiency, "retrieval_efficiency")
        object.__setattr__(self, "retrieval_efficiency", eta)
        lifetime = check_positive(self.memory_lifetime_s, "memory_lifetime_s", "s", allow_inf=True)
        object.__setattr__(self, "memory_lifetime_s", lifetime)

    def excitation_distribution(self, cutoff: int) -> NDArray[np.float64]:
        """Untruncated thermal probabilities (1 - p) p^n for n = 0..cutoff (sum < 1).

        Raises:
            InvalidParameterError: if ``cutoff`` is not an integer >= 1.

        Examples:
            >>> AtomicEnsemble(excitation_probability=0.5).excitation_distribution(2)
            array([0.5  , 0.25 , 0.125])
        """
        c = check_count(cutoff, "cutoff", minimum=1)
        p = self.excitation_probability
        return (1.0 - p) * p ** np.arange(c + 1, dtype=np.float64)

    def truncation_tail_mass(self, cutoff: int) -> float:
        """Probability p^(cutoff + 1) of more than ``cutoff`` excitations, dropped by truncation.

        Raises:
            InvalidParameterError: if ``cutoff`` is not an integer >= 1.
        """
        c = check_count(cutoff, "cutoff", minimum=1)
        return float(self.excitation_probability ** (c + 1))

    def cutoff_for_tail_mass(self, max_tail_mass: float) -> int:
        """Smallest cutoff (>= 1) whose truncation drops at most ``max_tail_mass``.

        Raises:
            InvalidParameterError: if ``max_tail_mass`` is not in (0, 1).

        Examples:
            >>> AtomicEnsemble(excitation_probability=0.01).cutoff_for_tail_mass(1e-9)
            4
        """
        tail = check_probability(max_tail_mass, "max_tail_mass", open_interval=True)
        p = self.excitation_probability
        cutoff = max(1, math.ceil(math.log(tail) / math.log(p)) - 1)
        while p ** (cutoff + 1) > tail:  # guard against rounding of the logarithms
            cutoff += 1
        return cutoff

    def write_state(self, cutoff: int) -> Ket:
        """The atoms-photons state after a write pulse, on dims (cutoff + 1, cutoff + 1).

        sqrt(1 - p) sum_{n <= cutoff} p^(n/2) |n>_atoms |n>_photons, renormalised over the
        truncation (subsystem 0: atomic excitations, subsystem 1: field-1 photons). The
        probability dropped is :meth:`truncation_tail_mass`.

        Raises:
            InvalidParameterError: if ``cutoff`` is not an integer >= 1.

        Examples:
            >>> ket = AtomicEnsemble(excitation_probability=0.25).write_state(cutoff=1)
            >>> [round(float(a.real), 6) for a in ket.vector]  # (|00> + |11>/2) / sqrt(5/4)
            [0.894427, 0.0, 0.0, 0.447214]
        """
        weights = self.excitation_distribution(cutoff)
        dimension = weights.size
        amplitudes = np.sqrt(weights / weights.sum())
        vector = np.zeros(dimension * dimension, dtype=np.complex128)
        vector[np.arange(dimension) * (dimension + 1)] = amplitudes
        return Ket(vector, dims=(dimension, dimension))

    def retrieval_efficiency_after(self, elapsed_s: float) -> float:
        """Retrieval efficiency after storing for ``elapsed_s`` s: eta0 exp(-t / lifetime).

        Raises:
            InvalidParameterError: if ``elapsed_s`` is negative, NaN or infinite.

        Examples:
            >>> ens = AtomicEnsemble(0.01, retrieval_efficiency=0.5, memory_lifetime_s=1e-3)
            >>> round(ens.retrieval_efficiency_after(1e-3), 6)
            0.18394
        """
        t = check_non_negative(elapsed_s, "elapsed_s", "s")
        return self.retrieval_efficiency * math.exp(-t / self.memory_lifetime_s)

    def retrieval_channel(self, cutoff: int, elapsed_s: float = 0.0) -> Channel:
        """The read-out as a loss channel on the atomic mode (dimension cutoff + 1).

        Each excitation becomes a collected photon with probability
        :meth:`retrieval_efficiency_after` and is lost otherwise; the output mode is the
        retrieved field 2.

        Raises:
            InvalidParameterError: if ``cutoff`` is not an integer >= 1 or ``elapsed_s``
                is negative, NaN or infinite.

        Examples:
            >>> ens = AtomicEnsemble(0.01, retrieval_efficiency=0.5)
            >>> rho = ens.retrieval_channel(cutoff=1).apply(ens.write_state(1), [0])
            >>> round(float(rho.matrix[3, 3].real), 6), round(0.5 * 0.01 / 1.01, 6)  # P(1, 1)
            (0.00495, 0.00495)
        """
        c = check_count(cutoff, "cutoff", minimum=1)
        return loss(1.0 - self.retrieval_efficiency_after(elapsed_s), dimension=c + 1)
