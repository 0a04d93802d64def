"""Connected correlations between nodes against their graph distance, from records.

Kimble (Nature 453, 1023 (2008)) asks for the "physical characteristics" of a quantum
network: how correlations fall off with distance. For qubits i, j and a Pauli P the
connected two-point function is C_ij = <P_i P_j> - <P_i><P_j>; averaged over the pairs
at each graph distance d it is fitted by A exp(-d / xi), which gives the decay length xi
in hops. A GHZ state grown along a chain of links whose Z parity is right with
probability (1 + v)/2 has C_ZZ(d) = v^d, so xi = -1/ln v.

Examples:
    >>> from qinternet.states.multipartite import ghz_state
    >>> round(connected_correlation_exact(ghz_state(4), 0, 3, "Z"), 12)  # <Z_0 Z_3> = 1, <Z> = 0
    1.0
    >>> round(connected_correlation_exact(ghz_state(4), 0, 3, "X"), 12)  # X_0 X_3 flips 2 of 4
    0.0
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csgraph

from qinternet.analysis.records import MeasurementRecords, compatible_shots
from qinternet.core.errors import InvalidParameterError
from qinternet.core.statistics import MeanEstimate, mean_with_stderr
from qinternet.states.multipartite import pauli_expectation
from qinternet.states.types import State


def connected_correlation_exact(state: State, i: int, j: int, basis: str = "Z") -> float:
    """<P_i P_j> - <P_i><P_j> in ``state`` for the Pauli ``basis`` (X, Y or Z)."""
    n = state.num_subsystems

    def string(qubits: Sequence[int]) -> str:
        return "".join(basis if q in qubits else "I" for q in range(n))

    return pauli_expectation(state, string([i, j])) - pauli_expectation(
        state, string([i])
    ) * pauli_expectation(state, string([j]))


def connected_correlation(
    records: MeasurementRecords, i: int, j: int, basis: str = "Z"
) -> MeanEstimate:
    """C_ij = <P_i P_j> - <P_i><P_j> from the shots measuring qubits i and j in ``basis``.

    The per-shot values (o_i - mean_i)(o_j - mean_j) n/(n - 1) average to the unbiased
    sample covariance; their standard error is the reported one.
    """
    if basis not in ("X", "Y", "Z"):
        raise InvalidParameterError("basis", basis, "must be 'X', 'Y' or 'Z'")
    pauli = "".join(basis if q in (i, j) else "I" for q in range(records.num_qubits))
    if i == j or pauli.count(basis) != 2:
        raise InvalidParameterError("j", j, f"must be a qubit other than i={i} in the records")
    rows = compatible_shots(records.settings, pauli)
    if rows.sum() < 2:
        raise InvalidParameterError("records", pauli, "fewer than two shots measured this pair")
    a = records.outcomes[rows, i].astype(np.float64)
    b = records.outcomes[rows, j].astype(np.float64)
    n = a.size
    return mean_with_stderr((a - a.mean()) * (b - b.mean()) * n / (n - 1))


@dataclass(frozen=True)
class CorrelationDecay:
    """Connected correlations against graph distance and the fitted decay length.

    Attributes:
        distances: the graph distances d present among the qubit pairs.
        correlations: mean C over the pairs at each distance.
        stderrs: standard error of each mean (from the per-shot averages over the pairs).
        decay_length: xi of the fit A exp(-d/xi) in hops (inf if C does not decay).
        decay_length_stderr: its standard error (NaN if C does not decay).
        amplitude: A of the fit.
    """

    distances: tuple[int, ...]
    correlations: tuple[float, ...]
    stderrs: tuple[float, ...]
    decay_length: float
    decay_length_stderr: float
    amplitude: float


def correlation_decay(
    records: MeasurementRecords, edges: Iterable[tuple[int, int]], basis: str = "Z"
) -> CorrelationDecay:
    """Fit C(d) = A exp(-d/xi) to the connected correlations between nodes at distance d.

    Uses the shots on which every qubit was measured in ``basis``. Per shot, the values
    (o_i - mean_i)(o_j - mean_j) n/(n - 1) are averaged over the pairs at each distance
    (SciPy's shortest paths on ``edges``); their means are C(d) and their covariance over
    the shots is the covariance of the C(d). ln C(d) = ln A - d/xi is then fitted by
    generalised least squares with that covariance (propagated by 1/C), so the error of
    xi accounts for the shots the distances share.

    Raises:
        InvalidParameterError: if no shot measured every qubit in ``basis``, the graph
            leaves qubits unconnected, or fewer than two distances have positive C.
    """
    if basis not in ("X", "Y", "Z"):
        raise InvalidParameterError("basis", basis, "must be 'X', 'Y' or 'Z'")
    n = records.num_qubits
    rows = compatible_shots(records.settings, basis * n)
    if rows.sum() < 2:
        raise InvalidParameterError("records", basis * n, "fewer than two shots of this setting")
    adjacency = np.zeros((n, n))
    for a, b in edges:
        adjacency[a, b] = adjacency[b, a] = 1.0
    hops = csgraph.shortest_path(adjacency, unweighted=True, directed=False)
    if not np.all(np.isfinite(hops)):
        raise InvalidParameterError("edges", adjacency.nonzero(), "must connect every qubit")
    outcomes = records.outcomes[rows].astype(np.float64)
    shots = outcomes.shape[0]
    centred = outcomes - outcomes.mean(axis=0)
    distances = sorted({int(hops[i, j]) for i in range(n) for j in range(i + 1, n)})
    per_shot = np.empty((shots, len(distances)))
    for column, d in enumerate(distances):
        pairs = [(i, j) for i in range(n) for j in range(i + 1, n) if hops[i, j] == d]
        values = [centred[:, i] * centred[:, j] for i, j in pairs]
        per_shot[:, column] = np.mean(values, axis=0) * shots / (shots - 1)
    means = per_shot.mean(axis=0)
    covariance = np.atleast_2d(np.cov(per_shot, rowvar=False)) / shots
    errors = np.sqrt(np.diag(covariance))
    keep = np.flatnonzero(means > 0.0)
    if keep.size < 2:
        raise InvalidParameterError(
            "records", means.tolist(), "need positive correlations at two distances"
        )
    slope, intercept, slope_stderr = _gls_line(
        np.array(distances, dtype=np.float64)[keep],
        np.log(means[keep]),
        covariance[np.ix_(keep, keep)] / np.outer(means[keep], means[keep]),
    )
    decaying = slope < -1e-12  # rounding of equal correlations is not a decay
    return CorrelationDecay(
        tuple(distances),
        tuple(float(v) for v in means),
        tuple(float(v) for v in errors),
        -1.0 / slope if decaying else math.inf,
        slope_stderr / slope**2 if decaying else math.nan,
        math.exp(intercept),
    )


def _gls_line(
    x: NDArray[np.float64], y: NDArray[np.float64], covariance: NDArray[np.float64]
) -> tuple[float, float, float]:
    """Slope, intercept and slope error of y = a + b x by generalised least squares.

    beta = (X^T S^-1 X)^-1 X^T S^-1 y with Cov(beta) = (X^T S^-1 X)^-1 (Aitken 1935). A
    ridge of 1e-9 of the mean variance (and 1e-24) on the diagonal of S keeps exact data
    and perfectly correlated distances (a GHZ state: the same C at every d) solvable.
    """
    design = np.column_stack([np.ones_like(x), x])
    ridge = 1e-9 * float(np.trace(covariance)) / x.size + 1e-24
    regularised = covariance + ridge * np.eye(x.size)
    weighted = np.linalg.solve(regularised, design)
    normal = design.T @ weighted
    beta = np.linalg.solve(normal, weighted.T @ y)
    beta_covariance = np.linalg.inv(normal)
    return float(beta[1]), float(beta[0]), float(math.sqrt(max(beta_covariance[1, 1], 0.0)))
