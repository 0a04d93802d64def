"""Node operations around entangling attempts: spin read-out errors and dead time.

Read-out. A single-shot spin read-out (NV: resonant excitation, photon counting)
reports outcome ``0`` for a spin in ``|0>`` with probability ``F_0`` and outcome ``1``
for ``|1>`` with probability ``F_1`` (assignment fidelities). Reporting each outcome as
``+1`` / ``-1``, the measured operator of a read-out in the Z basis is

    M = a I + b Z,   a = F_0 - F_1,   b = F_0 + F_1 - 1,

and a read-out in the X or Y basis (a rotation, then the same read-out) measures
``a I + b X`` or ``a I + b Y``. A two-qubit correlator ``<P Q>`` is then measured as
``<M_P (x) M_Q>``. The fidelity with a Bell state, ``F = (1 + sum_P s_P <P P>) / 4``
(signs ``s_P`` of the target's correlations), is estimated from measured correlators;
with the raw ones it is the *raw* fidelity (:func:`raw_bell_fidelity`), below the
state's. A read-out correction inverts the assignment matrix with the separately
measured ``F_0, F_1``; it recovers ``<P Q>`` and hence the state's fidelity exactly in
expectation (:func:`corrected_correlator`).

Dead time. Nodes interleave blocks of attempts with checks (the NV charge-resonance
check of charge state and resonance, recalibration); a block of ``N`` attempts of
``t`` seconds followed by ``T_over`` seconds of checks attempts a fraction
``N t / (N t + T_over)`` of the time (:func:`block_duty_cycle`): the duty cycle that
scales the rate. Independent interleaved cycles (a node's checks inside the link's
phase-stabilisation windows) multiply.

References:
    P. C. Humphreys et al., Nature 558, 268 (2018), arXiv:1712.07567 (abstract:
    charge-state control between attempts).
    M. Pompili et al., Science 372, 259 (2021), arXiv:2102.04471.
    L. Robledo et al., "High-fidelity projective read-out of a solid-state spin quantum
    register", Nature 477, 574 (2011), doi:10.1038/nature10401 (NV single-shot read-out).

Examples:
    >>> from qinternet.states import bell_state
    >>> readout = Readout(fidelity_0=0.95, fidelity_1=0.995)
    >>> round(raw_bell_fidelity(bell_state("psi+").to_density(), "psi+", readout, readout), 6)
    0.920275
    >>> round(block_duty_cycle(250, 5.5e-6, 1e-3), 4)  # 1.375 ms of attempts per 2.375 ms
    0.5789
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qinternet.core.errors import InvalidParameterError
from qinternet.core.validation import (
    check_count,
    check_non_negative,
    check_positive,
    check_probability,
)
from qinternet.noise import PAULI_MATRICES
from qinternet.states import DensityMatrix

__all__ = [
    "BELL_CORRELATION_SIGNS",
    "Readout",
    "block_duty_cycle",
    "corrected_correlator",
    "measured_correlator",
    "raw_bell_fidelity",
]

BELL_CORRELATION_SIGNS: dict[str, tuple[int, int, int]] = {
    "phi+": (1, -1, 1),
    "phi-": (-1, 1, 1),
    "psi+": (1, 1, -1),
    "psi-": (-1, -1, -1),
}
"""Signs of ``<XX>, <YY>, <ZZ>`` of each Bell state: ``|B><B| = (I + sum s_P P P) / 4``."""

_PAULIS = [np.asarray(m, dtype=np.complex128) for m in PAULI_MATRICES]


@dataclass(frozen=True)
class Readout:
    """Assignment fidelities of a single-shot qubit read-out.

    Args:
        fidelity_0: probability of outcome 0 for a qubit in ``|0>``, in [0, 1].
        fidelity_1: probability of outcome 1 for a qubit in ``|1>``, in [0, 1];
            ``fidelity_0 + fidelity_1 > 1`` (else the read-out carries no information).

    Raises:
        InvalidParameterError: naming the field, for a value out of range.
    """

    fidelity_0: float = 1.0
    fidelity_1: float = 1.0

    def __post_init__(self) -> None:
        for name in ("fidelity_0", "fidelity_1"):
            object.__setattr__(self, name, check_probability(getattr(self, name), name))
        if self.fidelity_0 + self.fidelity_1 <= 1.0:
            raise InvalidParameterError(
                "fidelity_1", self.fidelity_1, f"with fidelity_0={self.fidelity_0} must sum to > 1"
            )

    @property
    def offset(self) -> float:
        """``a = F_0 - F_1``: the identity part of the measured operator."""
        return self.fidelity_0 - self.fidelity_1

    @property
    def contrast(self) -> float:
        """``b = F_0 + F_1 - 1``: the factor on the measured Pauli operator."""
        return self.fidelity_0 + self.fidelity_1 - 1.0


def _expectation(state: DensityMatrix, first: int, second: int) -> float:
    operator = np.kron(_PAULIS[first], _PAULIS[second])
    return float(np.trace(state.matrix @ operator).real)


def measured_correlator(
    state: DensityMatrix, pauli: int, readout_a: Readout, readout_b: Readout
) -> float:
    """Raw ``<P P>`` of a two-qubit state read out with errors (``pauli``: 1 X, 2 Y, 3 Z).

    ``<(a_A I + b_A P) (x) (a_B I + b_B P)>`` expanded over the state's marginals.
    """
    if state.dims != (2, 2):
        raise InvalidParameterError("state", state.dims, "must be a two-qubit state")
    p = check_count(pauli, "pauli", 1)
    if p > 3:
        raise InvalidParameterError("pauli", pauli, "must be 1 (X), 2 (Y) or 3 (Z)")
    a_a, b_a, a_b, b_b = readout_a.offset, readout_a.contrast, readout_b.offset, readout_b.contrast
    return (
        a_a * a_b
        + a_a * b_b * _expectation(state, 0, p)
        + b_a * a_b * _expectation(state, p, 0)
        + b_a * b_b * _expectation(state, p, p)
    )


def corrected_correlator(
    raw: float, marginal_a: float, marginal_b: float, readout_a: Readout, readout_b: Readout
) -> float:
    """``<P P>`` recovered from the raw correlator and the raw single-qubit marginals.

    Inverts ``raw = a_A a_B + a_A b_B m_B + b_A a_B m_A + b_A b_B c`` with the corrected
    marginals ``m = (raw marginal - a) / b``: the read-out correction of the papers.
    """
    m_a = (marginal_a - readout_a.offset) / readout_a.contrast
    m_b = (marginal_b - readout_b.offset) / readout_b.contrast
    rest = (
        readout_a.offset * readout_b.offset
        + readout_a.offset * readout_b.contrast * m_b
        + readout_a.contrast * readout_b.offset * m_a
    )
    return (raw - rest) / (readout_a.contrast * readout_b.contrast)


def raw_bell_fidelity(
    state: DensityMatrix, target_name: str, readout_a: Readout, readout_b: Readout
) -> float:
    """Fidelity with Bell state ``target_name`` estimated from raw XX, YY, ZZ correlators."""
    if target_name not in BELL_CORRELATION_SIGNS:
        known = ", ".join(BELL_CORRELATION_SIGNS)
        raise InvalidParameterError("target_name", target_name, f"must be one of {known}")
    signs = BELL_CORRELATION_SIGNS[target_name]
    total = sum(
        sign * measured_correlator(state, pauli, readout_a, readout_b)
        for pauli, sign in zip((1, 2, 3), signs, strict=True)
    )
    return (1.0 + total) / 4.0


def block_duty_cycle(
    attempts_per_block: int, attempt_duration_s: float, block_overhead_s: float
) -> float:
    """Fraction of time spent attempting: ``N t / (N t + T_over)``.

    Raises:
        InvalidParameterError: naming the argument, for a count < 1, a non-positive
            attempt duration or a negative overhead.
    """
    n = check_count(attempts_per_block, "attempts_per_block", 1)
    attempts_s = n * check_positive(attempt_duration_s, "attempt_duration_s", "s")
    overhead = check_non_negative(block_overhead_s, "block_overhead_s", "s")
    return attempts_s / (attempts_s + overhead)
