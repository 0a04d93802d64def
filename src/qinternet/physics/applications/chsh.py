"""CHSH Bell test with finite statistics.

Alice measures a.sigma or a'.sigma, Bob b.sigma or b'.sigma (unit Bloch vectors; outcomes
+-1). The CHSH value is S = E(a, b) + E(a, b') + E(a', b) - E(a', b') with
E(a, b) = tr(rho (a.sigma) (x) (b.sigma)) = a^T T b, T the correlation matrix; local
hidden-variable models obey |S| <= 2, quantum states reach 2 sqrt(2).

Optimal settings (Horodecki 1995): with u1 >= u2 the largest eigenvalues of T^T T and c1,
c2 their eigenvectors, Bob uses b, b' = cos(t) c1 +- sin(t) c2 with tan(t) = sqrt(u2/u1)
and Alice a = T c1/|T c1|, a' = T c2/|T c2|, which gives S = 2 sqrt(u1 + u2).

A simulated test (:func:`simulate_chsh`) picks one of the four setting pairs uniformly at
random per round and draws the outcomes from the exact joint probabilities computed from
the state, vectorised over the rounds. Each correlator is a sample mean of products of
+-1 with its standard error; S carries the combined standard error.

References:
    J. F. Clauser, M. A. Horne, A. Shimony, R. A. Holt, PRL 23, 880 (1969),
    doi:10.1103/PhysRevLett.23.880.
    R. Horodecki, P. Horodecki, M. Horodecki, "Violating Bell inequality by mixed spin-1/2
    states: necessary and sufficient condition", Phys. Lett. A 200, 340 (1995),
    doi:10.1016/0375-9601(95)00214-N.
    B. Hensen et al., Nature 526, 682 (2015), doi:10.1038/nature15759.

Examples:
    >>> import numpy as np
    >>> from qinternet.states import werner
    >>> round(chsh_value(werner(0.9), optimal_chsh_settings(werner(0.9))), 6)  # 2 sqrt2 (4F-1)/3
    2.451304
    >>> result = simulate_chsh(werner(0.9), 40_000, np.random.default_rng(7))
    >>> result.estimate.agrees_with(result.exact, num_sigma=5)
    True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qinternet.core.errors import InvalidParameterError
from qinternet.core.statistics import MeanEstimate, mean_with_stderr
from qinternet.noise import PAULI_MATRICES
from qinternet.physics.maps.swapping import two_qubit_density
from qinternet.states.measures import correlation_matrix

Vector3 = tuple[float, float, float]
CHSH_SIGNS = (1.0, 1.0, 1.0, -1.0)
"""Signs of E(a, b), E(a, b'), E(a', b), E(a', b') in S."""
_PAULI_VECTOR = np.stack([PAULI_MATRICES[1], PAULI_MATRICES[2], PAULI_MATRICES[3]])
_OUTCOME_PRODUCTS = np.array([1.0, -1.0, -1.0, 1.0])
"""alpha * beta for the joint outcomes (++, +-, -+, --), indexed 2 * i_alpha + i_beta."""
UNIT_ATOL = 1e-9
"""Tolerance on the norm of a setting vector."""


def _unit(name: str, value: Any) -> Vector3:
    try:
        v = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise InvalidParameterError(name, value, "must be a 3-vector of numbers") from None
    if v.shape != (3,) or not np.all(np.isfinite(v)):
        raise InvalidParameterError(name, value, "must be a finite 3-vector")
    norm = float(np.linalg.norm(v))
    if abs(norm - 1.0) > UNIT_ATOL:
        raise InvalidParameterError(name, value, f"must be a unit vector (norm {norm:.12g})")
    v = v / norm
    return (float(v[0]), float(v[1]), float(v[2]))


@dataclass(frozen=True)
class ChshSettings:
    """Measurement directions (unit Bloch vectors) of a CHSH test.

    Attributes:
        a, a_prime: Alice's two directions; ``b``, ``b_prime``: Bob's.

    Raises:
        InvalidParameterError: naming the field if a direction is not a finite unit vector.
    """

    a: Vector3
    a_prime: Vector3
    b: Vector3
    b_prime: Vector3

    def __post_init__(self) -> None:
        for name in ("a", "a_prime", "b", "b_prime"):
            object.__setattr__(self, name, _unit(name, getattr(self, name)))

    def pairs(self) -> tuple[tuple[Vector3, Vector3], ...]:
        """The setting pairs (a, b), (a, b'), (a', b), (a', b'), in the order of CHSH_SIGNS."""
        return (
            (self.a, self.b),
            (self.a, self.b_prime),
            (self.a_prime, self.b),
            (self.a_prime, self.b_prime),
        )


def standard_chsh_settings() -> ChshSettings:
    """Z, X for Alice and (Z +- X)/sqrt 2 for Bob: S = 2 sqrt 2 on phi+.

    Examples:
        >>> from qinternet.states import bell_state
        >>> round(chsh_value(bell_state("phi+"), standard_chsh_settings()), 12)
        2.828427124746
    """
    h = 1.0 / math.sqrt(2.0)
    return ChshSettings((0.0, 0.0, 1.0), (1.0, 0.0, 0.0), (h, 0.0, h), (-h, 0.0, h))


def optimal_chsh_settings(state: Any) -> ChshSettings:
    """The settings that maximise S for ``state`` (Horodecki 1995).

    Falls back to :func:`standard_chsh_settings` if the correlation matrix vanishes.

    Raises:
        InvalidStateError: if ``state`` is not a two-qubit state.
    """
    t = correlation_matrix(two_qubit_density(state))
    values, vectors = np.linalg.eigh(t.T @ t)
    u1, u2 = max(values[2], 0.0), max(values[1], 0.0)
    c1, c2 = vectors[:, 2], vectors[:, 1]
    t1, t2 = t @ c1, t @ c2
    if np.linalg.norm(t1) < UNIT_ATOL:
        return standard_chsh_settings()
    a = t1 / np.linalg.norm(t1)
    if np.linalg.norm(t2) > UNIT_ATOL:
        a_prime = t2 / np.linalg.norm(t2)
    else:  # u2 = 0: then t = 0 and a' does not enter S; any direction orthogonal to a
        helper = np.eye(3)[int(np.argmin(np.abs(a)))]
        a_prime = np.cross(a, helper) / np.linalg.norm(np.cross(a, helper))
    theta = math.atan2(math.sqrt(u2), math.sqrt(u1))
    b = math.cos(theta) * c1 + math.sin(theta) * c2
    b_prime = math.cos(theta) * c1 - math.sin(theta) * c2
    return ChshSettings(tuple(a), tuple(a_prime), tuple(b), tuple(b_prime))


def _projectors(direction: Vector3) -> NDArray[np.complex128]:
    """(I + n.sigma)/2 and (I - n.sigma)/2 for outcomes +1 and -1."""
    n_sigma = np.einsum("i,ijk->jk", np.asarray(direction), _PAULI_VECTOR)
    return np.stack([(np.eye(2) + n_sigma) / 2, (np.eye(2) - n_sigma) / 2])


def joint_probabilities(state: Any, settings: ChshSettings) -> NDArray[np.float64]:
    """P(alpha, beta | setting pair) from the state: shape (4 pairs, 4 outcomes).

    Outcome index ``2 i_alpha + i_beta`` with index 0 for +1 and 1 for -1.
    """
    rho = two_qubit_density(state).matrix.reshape(2, 2, 2, 2)  # rho[i, k, j, l]
    table = np.empty((4, 4))
    for s, (a, b) in enumerate(settings.pairs()):
        joint = np.einsum("ikjl,aji,blk->ab", rho, _projectors(a), _projectors(b)).real
        table[s] = np.clip(joint.reshape(4), 0.0, None)
    return table / table.sum(axis=1, keepdims=True)


def chsh_value(state: Any, settings: ChshSettings | None = None) -> float:
    """The exact CHSH value S of ``state`` for ``settings`` (default: optimal)."""
    chosen = optimal_chsh_settings(state) if settings is None else settings
    correlators = joint_probabilities(state, chosen) @ _OUTCOME_PRODUCTS
    return float(np.dot(CHSH_SIGNS, correlators))


@dataclass(frozen=True)
class ChshResult:
    """A simulated CHSH test.

    Attributes:
        estimate: the measured S with its standard error and the number of rounds.
        correlators: the measured E for each setting pair (order of CHSH_SIGNS).
        exact: the value of S computed from the state for the same settings.
    """

    estimate: MeanEstimate
    correlators: tuple[MeanEstimate, ...]
    exact: float

    @property
    def violation_sigmas(self) -> float:
        """(S - 2) in standard errors: the significance of the violation."""
        return (self.estimate.mean - 2.0) / self.estimate.stderr


def simulate_chsh(
    state: Any,
    num_rounds: int,
    rng: np.random.Generator,
    settings: ChshSettings | None = None,
) -> ChshResult:
    """Simulate ``num_rounds`` rounds of a CHSH test on copies of ``state``.

    Args:
        state: the two-qubit state of each round.
        num_rounds: number of rounds (>= 8, so every setting pair is likely sampled).
        rng: the random stream of setting choices and outcomes.
        settings: the directions; default: optimal for ``state``.

    Raises:
        InvalidParameterError: if ``num_rounds`` is not an integer >= 8.
        InvalidStateError: if ``state`` is not a two-qubit state.
    """
    if isinstance(num_rounds, bool) or not isinstance(num_rounds, int | np.integer):
        raise InvalidParameterError("num_rounds", num_rounds, "must be an integer >= 8")
    if num_rounds < 8:
        raise InvalidParameterError("num_rounds", num_rounds, "must be an integer >= 8")
    chosen = optimal_chsh_settings(state) if settings is None else settings
    table = joint_probabilities(state, chosen)
    cdf = np.cumsum(table, axis=1)[:, :-1]
    pair = rng.integers(4, size=int(num_rounds))
    outcome = np.sum(rng.random(int(num_rounds))[:, None] >= cdf[pair], axis=1)
    products = _OUTCOME_PRODUCTS[outcome]
    correlators = tuple(mean_with_stderr(products[pair == s]) for s in range(4))
    return ChshResult(
        _combine(correlators, CHSH_SIGNS),
        correlators,
        float(np.dot(CHSH_SIGNS, table @ _OUTCOME_PRODUCTS)),
    )


def _combine(estimates: Sequence[MeanEstimate], signs: Sequence[float]) -> MeanEstimate:
    """Signed sum of independent means; standard errors add in quadrature."""
    mean = sum(s * e.mean for s, e in zip(signs, estimates, strict=True))
    stderr = math.sqrt(sum(e.stderr**2 for e in estimates))
    return MeanEstimate(mean, stderr, sum(e.num_samples for e in estimates))
