"""Two-qubit state tomography from measurement records: does the network work?

Both parties measure in one of the Pauli bases X, Y, Z (nine setting pairs), N shots
each; a record holds the counts of the four outcomes (index ``2 i_a + i_b``, index 0 for
eigenvalue +1 and 1 for -1) per setting pair. From the counts:

- linear inversion: rho = (1/4) sum_{mu nu} <sigma_mu sigma_nu> sigma_mu (x) sigma_nu with
  the expectations estimated from the counts (marginals pooled over the three settings of
  the other party); Hermitian with trace 1, but not always positive;
- maximum likelihood by the iterative R rho R algorithm (Hradil 1997; Lvovsky 2004):
  rho <- R rho R / tr(R rho R) with R = sum_j (n_j / p_j(rho)) Pi_j, from I/4; every
  iterate is a valid state, and the fixed point maximises sum_j n_j log p_j;
- :func:`certify_entanglement`: the fidelity with a Bell state estimated directly from
  the correlations, F = (1 + sum_P c_P <P (x) P>)/4 with c_P = <B|P (x) P|B> = +-1, with
  its analytic standard error (independent settings, binomial counts). F > 1/2 is an
  entanglement witness; the network is certified if F - k stderr > 1/2.

References:
    Z. Hradil, "Quantum-state estimation", PRA 55, R1561 (1997),
    doi:10.1103/PhysRevA.55.R1561.
    A. I. Lvovsky, "Iterative maximum-likelihood reconstruction in quantum homodyne
    tomography", J. Opt. B 6, S556 (2004), doi:10.1088/1464-4266/6/6/014.
    D. F. V. James, P. G. Kwiat, W. J. Munro, A. G. White, "Measurement of qubits",
    PRA 64, 052312 (2001), doi:10.1103/PhysRevA.64.052312.

Examples:
    >>> import numpy as np
    >>> from qinternet.states import fidelity, werner
    >>> records = simulate_tomography(werner(0.9), 2000, np.random.default_rng(1))
    >>> estimate = maximum_likelihood(records)
    >>> fidelity(estimate, werner(0.9)) > 0.99
    True
    >>> certify_entanglement(records).entangled
    True
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qinternet.core.errors import InvalidParameterError
from qinternet.core.statistics import MeanEstimate
from qinternet.noise import PAULI_MATRICES
from qinternet.physics.maps.swapping import two_qubit_density
from qinternet.states import BellName, DensityMatrix, bell_state, fidelity

_PAULIS = np.stack([np.asarray(m) for m in PAULI_MATRICES])  # I, X, Y, Z
_EIGENPROJECTORS = np.stack(
    [np.stack([(np.eye(2) + p) / 2, (np.eye(2) - p) / 2]) for p in _PAULIS[1:]]
)  # [basis X/Y/Z, outcome +/-]
PROJECTORS = np.einsum("xaij,ybkl->xyabikjl", _EIGENPROJECTORS, _EIGENPROJECTORS).reshape(
    3, 3, 4, 4, 4
)
"""Pi[x, y, o]: projector of outcome o = 2 i_a + i_b for Alice's basis x and Bob's y."""
_SIGN_A = np.array([1, 1, -1, -1])
_SIGN_B = np.array([1, -1, 1, -1])
PROBABILITY_FLOOR = 1e-300
"""Smallest model probability divided by in the R rho R update."""


@dataclass(frozen=True, eq=False)
class TomographyRecords:
    """Outcome counts of Pauli-basis measurements on copies of a two-qubit state.

    Attributes:
        counts: integer array of shape (3, 3, 4): [Alice's basis X/Y/Z, Bob's basis,
            outcome 2 i_a + i_b], every setting pair measured at least once.

    Raises:
        InvalidParameterError: for a wrong shape, non-integer or negative counts, or a
            setting pair without shots.
    """

    counts: NDArray[np.int64]

    def __post_init__(self) -> None:
        raw = np.asarray(self.counts)
        if raw.shape != (3, 3, 4) or not np.issubdtype(raw.dtype, np.integer):
            raise InvalidParameterError(
                "counts", self.counts, "must be an integer array of shape (3, 3, 4)"
            )
        if np.any(raw < 0):
            raise InvalidParameterError("counts", self.counts, "must be non-negative")
        if np.any(raw.sum(axis=2) == 0):
            raise InvalidParameterError("counts", self.counts, "every setting needs a shot")
        frozen = raw.astype(np.int64)
        frozen.flags.writeable = False
        object.__setattr__(self, "counts", frozen)

    @property
    def shots_per_setting(self) -> NDArray[np.int64]:
        """Number of shots of each setting pair, shape (3, 3)."""
        return np.asarray(self.counts.sum(axis=2), dtype=np.int64)


def simulate_tomography(
    state: Any, num_shots_per_setting: int, rng: np.random.Generator
) -> TomographyRecords:
    """Draw the counts of ``num_shots_per_setting`` shots of each of the nine settings.

    Raises:
        InvalidParameterError: if ``num_shots_per_setting`` is not an integer >= 1.
        InvalidStateError: if ``state`` is not a two-qubit state.
    """
    if isinstance(num_shots_per_setting, bool) or not isinstance(
        num_shots_per_setting, int | np.integer
    ):
        raise InvalidParameterError(
            "num_shots_per_setting", num_shots_per_setting, "must be an integer >= 1"
        )
    if num_shots_per_setting < 1:
        raise InvalidParameterError(
            "num_shots_per_setting", num_shots_per_setting, "must be an integer >= 1"
        )
    probabilities = _probabilities(two_qubit_density(state).matrix)
    counts = rng.multinomial(int(num_shots_per_setting), probabilities.reshape(9, 4))
    return TomographyRecords(counts.reshape(3, 3, 4))


def _probabilities(rho: NDArray[np.complex128]) -> NDArray[np.float64]:
    p = np.clip(np.einsum("xyoij,ji->xyo", PROJECTORS, rho).real, 0.0, None)
    return np.asarray(p / p.sum(axis=2, keepdims=True), dtype=np.float64)


def pauli_expectations(records: TomographyRecords) -> NDArray[np.float64]:
    """Estimates of <sigma_mu (x) sigma_nu> for mu, nu in (I, X, Y, Z), shape (4, 4)."""
    counts = records.counts.astype(float)
    shots = counts.sum(axis=2)
    table = np.ones((4, 4))
    table[1:, 1:] = (counts @ (_SIGN_A * _SIGN_B)) / shots
    table[1:, 0] = (counts.sum(axis=1) @ _SIGN_A) / shots.sum(axis=1)
    table[0, 1:] = (counts.sum(axis=0) @ _SIGN_B) / shots.sum(axis=0)
    return table


def linear_inversion(records: TomographyRecords) -> NDArray[np.complex128]:
    """The linear-inversion estimate: Hermitian, trace 1, not always positive.

    Examples:
        >>> import numpy as np
        >>> from qinternet.states import bell_state
        >>> records = simulate_tomography(bell_state("phi+"), 50, np.random.default_rng(2))
        >>> rho = linear_inversion(records)
        >>> bool(np.allclose(rho, rho.conj().T)), round(float(np.trace(rho).real), 12)
        (True, 1.0)
    """
    basis = np.einsum("aij,bkl->abikjl", _PAULIS, _PAULIS).reshape(4, 4, 4, 4)
    return np.asarray(
        np.einsum("ab,abij->ij", pauli_expectations(records), basis) / 4, dtype=np.complex128
    )


def maximum_likelihood(
    records: TomographyRecords, *, max_iterations: int = 20_000, tolerance: float = 1e-10
) -> DensityMatrix:
    """The maximum-likelihood state by the R rho R iteration (Lvovsky 2004).

    Args:
        records: the counts.
        max_iterations: stop after this many updates (the estimate is valid at any step).
        tolerance: stop when no entry of rho changes by more than this in one update.

    Returns:
        A valid density matrix (Hermitian, trace 1, positive semidefinite).

    Raises:
        InvalidParameterError: if ``max_iterations`` < 1 or ``tolerance`` <= 0.
    """
    if (
        isinstance(max_iterations, bool)
        or not isinstance(max_iterations, int)
        or max_iterations < 1
    ):
        raise InvalidParameterError("max_iterations", max_iterations, "must be an integer >= 1")
    if not (isinstance(tolerance, int | float) and tolerance > 0.0 and math.isfinite(tolerance)):
        raise InvalidParameterError("tolerance", tolerance, "must be a positive number")
    counts = records.counts.astype(float)
    projectors = PROJECTORS.reshape(36, 4, 4)
    n = counts.reshape(36)
    rho = np.eye(4, dtype=np.complex128) / 4
    for _ in range(max_iterations):
        p = np.einsum("jab,ba->j", projectors, rho).real
        weights = np.divide(n, np.maximum(p, PROBABILITY_FLOOR), out=np.zeros_like(n), where=n > 0)
        r = np.einsum("j,jab->ab", weights, projectors)
        updated = r @ rho @ r
        updated = (updated + updated.conj().T) / 2
        updated /= np.trace(updated).real
        change = float(np.max(np.abs(updated - rho)))
        rho = updated
        if change < tolerance:
            break
    return DensityMatrix(rho)


@dataclass(frozen=True)
class EntanglementCertificate:
    """The answer to "does the network work?" from measured data alone.

    Attributes:
        target: the Bell state the pairs are meant to be.
        fidelity: the fidelity with it estimated from the correlations, with its
            standard error and the number of shots used.
        mle_fidelity: the fidelity of the maximum-likelihood state with the target.
        num_sigma: k, the number of standard errors demanded above 1/2.

    Raises:
        InvalidParameterError: if ``num_sigma`` is negative.
    """

    target: BellName
    fidelity: MeanEstimate
    mle_fidelity: float
    num_sigma: float

    def __post_init__(self) -> None:
        if not self.num_sigma >= 0.0:
            raise InvalidParameterError("num_sigma", self.num_sigma, "must be >= 0")

    @property
    def margin_sigmas(self) -> float:
        """(F - 1/2) in standard errors."""
        return (self.fidelity.mean - 0.5) / self.fidelity.stderr

    @property
    def entangled(self) -> bool:
        """True if F exceeds 1/2 by more than ``num_sigma`` standard errors."""
        return self.fidelity.mean - self.num_sigma * self.fidelity.stderr > 0.5


def bell_fidelity_estimate(
    records: TomographyRecords, target: BellName | str = BellName.PHI_PLUS
) -> MeanEstimate:
    """The fidelity with the Bell state ``target`` estimated from the correlations.

    F = (1 + sum_P c_P <P (x) P>)/4 with c_P = <B|P (x) P|B>; the standard error is
    analytic: each correlator from N shots of its setting has variance (1 - E^2)/(N - 1)
    (sample variance of +-1 products), and the settings are independent.

    Raises:
        InvalidParameterError: for an unknown target.

    Examples:
        >>> import numpy as np
        >>> from qinternet.states import bell_state
        >>> records = simulate_tomography(bell_state("psi+"), 100, np.random.default_rng(0))
        >>> bell_fidelity_estimate(records, "psi+").mean
        1.0
    """
    try:
        bell = BellName(target)
    except ValueError:
        raise InvalidParameterError("target", target, "must name a Bell state") from None
    vector = bell_state(bell).vector
    expectations = pauli_expectations(records)
    shots = records.shots_per_setting
    mean, variance = 0.25, 0.0
    for p in (1, 2, 3):
        sign = float(np.vdot(vector, np.kron(_PAULIS[p], _PAULIS[p]) @ vector).real)
        e, n = float(expectations[p, p]), int(shots[p - 1, p - 1])
        mean += sign * e / 4
        variance += (1.0 - e * e) / max(n - 1, 1) / 16
    return MeanEstimate(mean, math.sqrt(variance), int(np.trace(shots)))


def certify_entanglement(
    records: TomographyRecords,
    *,
    target: BellName | str = BellName.PHI_PLUS,
    num_sigma: float = 5.0,
) -> EntanglementCertificate:
    """Estimate the fidelity with a Bell state and decide whether it certifies entanglement.

    Uses :func:`bell_fidelity_estimate` for the decision and reports the fidelity of the
    :func:`maximum_likelihood` state alongside.

    Raises:
        InvalidParameterError: for an unknown target or a negative ``num_sigma``.
    """
    estimate = bell_fidelity_estimate(records, target)
    bell = BellName(target)
    mle = fidelity(maximum_likelihood(records), bell_state(bell))
    return EntanglementCertificate(bell, estimate, mle, float(num_sigma))
