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
from scipy import optimize
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
        stderrs: standard error of each mean (pairs treated as independent).
        decay_length: xi of the fit A exp(-d/xi) (in hops).
        decay_length_stderr: its standard error from the fit's covariance.
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

    Graph distances come from ``edges`` (SciPy's shortest paths); each distance's mean
    correlation is weighted by its standard error (a floor of 1e-12 for exact data).

    Raises:
        InvalidParameterError: if fewer than two distances have positive correlations
            or the graph leaves qubits unconnected.
    """
    n = records.num_qubits
    adjacency = np.zeros((n, n))
    for a, b in edges:
        adjacency[a, b] = adjacency[b, a] = 1.0
    hops = csgraph.shortest_path(adjacency, unweighted=True, directed=False)
    if not np.all(np.isfinite(hops)):
        raise InvalidParameterError("edges", adjacency.nonzero(), "must connect every qubit")
    by_distance: dict[int, list[MeanEstimate]] = {}
    for i in range(n):
        for j in range(i + 1, n):
            estimate = connected_correlation(records, i, j, basis)
            by_distance.setdefault(int(hops[i, j]), []).append(estimate)
    distances = sorted(by_distance)
    means = [float(np.mean([e.mean for e in by_distance[d]])) for d in distances]
    errors = [
        math.sqrt(sum(e.stderr**2 for e in by_distance[d])) / len(by_distance[d]) for d in distances
    ]
    keep = [k for k, value in enumerate(means) if value > 0.0]
    if len(keep) < 2:
        raise InvalidParameterError("records", means, "need positive correlations at two distances")
    x = np.array([distances[k] for k in keep], dtype=np.float64)
    y = np.array([means[k] for k in keep])
    sigma = np.maximum(np.array([errors[k] for k in keep]), 1e-12)

    def model(d: NDArray[np.float64], amplitude: float, length: float) -> NDArray[np.float64]:
        return amplitude * np.exp(-d / length)

    slope, intercept = np.polyfit(x, np.log(y), 1)
    start = (math.exp(intercept), -1.0 / slope if slope < 0 else float(x.max()))
    params, covariance = optimize.curve_fit(
        model, x, y, p0=start, sigma=sigma, absolute_sigma=True, maxfev=10000
    )
    return CorrelationDecay(
        tuple(distances),
        tuple(means),
        tuple(errors),
        float(params[1]),
        float(math.sqrt(max(covariance[1, 1], 0.0))),
        float(params[0]),
    )
