"""Verifying multipartite entanglement from measurement records, the way a lab does.

Every estimator takes :class:`~qinternet.analysis.records.MeasurementRecords` (settings
and ±1 outcomes per shot) and returns a :class:`~qinternet.core.statistics.MeanEstimate`;
the ``*_exact`` functions give the same quantities from a state, for comparison.

- **Fidelity** (:func:`fidelity_from_records`): with chi_P = <P>/sqrt(d),
  F = tr(rho sigma) = sum_P chi_rho(P) chi_sigma(P) = (1/d) sum_P <P>_sigma <P>_rho
  (Flammia and Liu, PRL 106, 230501 (2011)), summed over the Paulis with
  <P>_sigma != 0, each estimated from the shots whose setting measures it. For a
  stabilizer state this is the average of the 2^n stabilizer expectations.
  :func:`fidelity_settings` lists settings that measure all of them. With many
  qubits, :func:`importance_settings` and :func:`importance_fidelity` draw settings with
  Flammia and Liu's importance weights chi_P^2 instead.
- **Fidelity witnesses**: W = alpha I - |psi><psi| with <W> = alpha - F; negative
  <W> proves genuine multipartite entanglement for alpha = 1/2 (GHZ; Guehne and Toth,
  Phys. Rep. 474, 1 (2009)) and alpha = (n-1)/n (W states; Bourennane et al.,
  PRL 92, 087902 (2004)).
- **Two-setting stabilizer witness** (Toth and Guehne, PRL 94, 060501 (2005)):
  W = 3 I - 2 [prod_(k in A) (I + S_k)/2 + prod_(k in B) (I + S_k)/2] for the
  stabilizers of two groups A, B each measured with one setting (GHZ: X...X | Z_k Z_(k+1);
  a two-colourable graph state: the two colour classes). <W> = -1 on the ideal state.

Connected correlations against distance live in :mod:`qinternet.analysis.correlations`.

Examples:
    >>> import numpy as np
    >>> from qinternet.analysis.records import sample_records
    >>> from qinternet.states.multipartite import ghz_state
    >>> ghz = ghz_state(3)
    >>> records = sample_records(ghz, fidelity_settings(ghz), 400, np.random.default_rng(7))
    >>> estimate = fidelity_from_records(records, ghz)
    >>> estimate.mean, estimate.stderr  # every shot agrees with the ideal state
    (1.0, 0.0)
    >>> two_setting_witness(records, *ghz_witness_groups(3)).mean
    -1.0
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
from scipy import stats

from qinternet.analysis.records import MeasurementRecords, compatible_shots, pauli_products
from qinternet.core.errors import InvalidParameterError, InvalidStateError
from qinternet.core.statistics import MeanEstimate, mean_with_stderr
from qinternet.core.validation import check_count, check_probability
from qinternet.states.measures import purity
from qinternet.states.multipartite import (
    check_pauli,
    ghz_stabilizers,
    graph_stabilizers,
    pauli_expectation,
    pauli_expectations,
    stabilizer_group,
)
from qinternet.states.types import State

GHZ_WITNESS_BOUND = 0.5
"""Fidelity with GHZ above which a state is genuinely multipartite entangled."""


def w_witness_bound(num_qubits: int) -> float:
    """(n - 1)/n: the fidelity with W_n above which a state is genuinely n-partite entangled.

    References:
        M. Bourennane et al., PRL 92, 087902 (2004), doi:10.1103/PhysRevLett.92.087902.

    Examples:
        >>> w_witness_bound(3)
        0.6666666666666666
    """
    n = check_count(num_qubits, "num_qubits", 2)
    return (n - 1) / n


def pauli_estimate(records: MeasurementRecords, pauli: str) -> MeanEstimate:
    """<P> from every shot whose setting measures the Pauli string ``pauli``.

    Raises:
        InvalidParameterError: if ``pauli`` does not fit the records or no shot measured it.
    """
    check_pauli(pauli, records.num_qubits)
    rows = compatible_shots(records.settings, pauli)
    if not rows.any():
        raise InvalidParameterError("pauli", pauli, "no shot of the records measured it")
    return mean_with_stderr(pauli_products(records.outcomes[rows], pauli))


def fidelity_settings(target: State) -> tuple[str, ...]:
    """Settings that measure every Pauli with a non-zero expectation in ``target``.

    Each such Pauli with I replaced by Z; repeats removed. GHZ_n needs 2^(n-1) + 1,
    W_n needs n(n-1) + 1.

    Examples:
        >>> from qinternet.states.multipartite import ghz_state
        >>> fidelity_settings(ghz_state(3))
        ('XXX', 'XYY', 'YXY', 'YYX', 'ZZZ')
    """
    paulis = pauli_expectations(target)
    return tuple(sorted({p.replace("I", "Z") for p in paulis if set(p) != {"I"}}))


def fidelity_from_records(records: MeasurementRecords, target: State) -> MeanEstimate:
    """The fidelity <target|rho|target> of the measured state with a pure ``target``.

    Each Pauli P with <P>_target != 0 is estimated from the settings that measure it
    (weight 1/(their number) each); a setting's shots then give independent values
    g = sum_P w_P <P>_target prod_(q in P) o_q, and F = (1 + sum_s mean(g_s))/d with
    variance sum_s var(g_s)/(n_s d^2). ``num_samples`` is the number of shots used.

    Raises:
        InvalidParameterError: if a Pauli of the target was measured by no shot (the
            message names it; :func:`fidelity_settings` lists enough settings) or the
            target does not fit the records.
    """
    _check_target(target, records)
    groups = records.by_setting()
    setting_rows = np.array([list(s) for s in groups])
    contributions: dict[str, list[tuple[str, float]]] = {s: [] for s in groups}
    for pauli, value in pauli_expectations(target).items():
        if set(pauli) == {"I"}:
            continue
        compatible = [
            s for s, ok in zip(groups, compatible_shots(setting_rows, pauli), strict=True) if ok
        ]
        if not compatible:
            raise InvalidParameterError(
                "records",
                pauli,
                "no shot measured this Pauli of the target (see fidelity_settings)",
            )
        for s in compatible:
            contributions[s].append((pauli, value / len(compatible)))
    d = 2**records.num_qubits
    total, variance, used = 1.0 / d, 0.0, 0
    for setting, outcomes in groups.items():
        if not contributions[setting]:
            continue
        values = sum(w * pauli_products(outcomes, p) for p, w in contributions[setting])
        estimate = mean_with_stderr(np.asarray(values) / d)
        total += estimate.mean
        variance += estimate.stderr**2  # NaN (unknown) if a setting has a single shot
        used += estimate.num_samples
    return MeanEstimate(total, math.sqrt(variance), used)


def _check_target(target: State, records: MeasurementRecords) -> None:
    if target.num_subsystems != records.num_qubits:
        raise InvalidParameterError(
            "target", target, f"has {target.num_subsystems} qubits, records {records.num_qubits}"
        )
    if purity(target) < 1.0 - 1e-9:
        raise InvalidStateError("target", target, "must be a pure state")


def _setting_weights(target: State) -> dict[str, list[tuple[str, float]]]:
    """Each setting (Pauli with I -> Z) and the Paulis <P>_target != 0 it measures."""
    weights: dict[str, list[tuple[str, float]]] = {}
    for pauli, value in pauli_expectations(target).items():
        weights.setdefault(pauli.replace("I", "Z"), []).append((pauli, value))
    return weights


def importance_settings(target: State, num_draws: int, rng: np.random.Generator) -> tuple[str, ...]:
    """Settings drawn for direct fidelity estimation, with pi(s) = sum_(P -> s) chi_P^2.

    Flammia and Liu (PRL 106, 230501 (2011)) draw Paulis P with probability
    chi_P^2 = <P>_target^2 / d; measuring P's support in P's bases and the rest in Z
    lumps the Paulis into settings s (I -> Z), drawn here with the summed probability.

    Raises:
        InvalidParameterError: if ``num_draws < 1``.
    """
    draws = check_count(num_draws, "num_draws", 1)
    weights = _setting_weights(target)
    settings = sorted(weights)
    probabilities = np.array([sum(v * v for _, v in weights[s]) for s in settings])
    chosen = rng.choice(len(settings), size=draws, p=probabilities / probabilities.sum())
    return tuple(settings[i] for i in chosen)


def importance_fidelity(
    records: MeasurementRecords, target: State, shots_per_draw: int
) -> MeanEstimate:
    """Direct fidelity estimation from the records of :func:`importance_settings` draws.

    Every block of ``shots_per_draw`` consecutive shots of one setting is one draw s and
    gives X_s = sum_(P -> s) <P>_target <P>_est / sum_(P -> s) <P>_target^2, whose
    expectation over pi(s) is sum_P chi_target(P) chi_rho(P) = F. The estimate is the
    mean over the draws, its standard error their spread / sqrt(number of draws).

    Raises:
        InvalidParameterError: if a setting's shots are not whole blocks, or the records
            hold a setting the target's draws cannot produce.
        InvalidStateError: if ``target`` is not pure.
    """
    _check_target(target, records)
    block = check_count(shots_per_draw, "shots_per_draw", 1)
    weights = _setting_weights(target)
    values = []
    for setting, outcomes in records.by_setting().items():
        if setting not in weights:
            raise InvalidParameterError("records", setting, "is not a setting of the target")
        if outcomes.shape[0] % block:
            raise InvalidParameterError(
                "shots_per_draw",
                block,
                f"does not divide the {outcomes.shape[0]} shots of {setting}",
            )
        norm = sum(v * v for _, v in weights[setting])
        for start in range(0, outcomes.shape[0], block):
            rows = outcomes[start : start + block]
            total = sum(v * float(pauli_products(rows, p).mean()) for p, v in weights[setting])
            values.append(total / norm)
    return mean_with_stderr(values)


def fidelity_witness(records: MeasurementRecords, target: State, bound: float) -> MeanEstimate:
    """<W> = bound - F for W = bound I - |target><target| (negative: entanglement proven).

    Use ``bound`` = :data:`GHZ_WITNESS_BOUND` for GHZ states and :func:`w_witness_bound`
    for W states.
    """
    alpha = check_probability(bound, "bound")
    fidelity = fidelity_from_records(records, target)
    return MeanEstimate(alpha - fidelity.mean, fidelity.stderr, fidelity.num_samples)


def normal_interval(estimate: MeanEstimate, confidence: float = 0.95) -> tuple[float, float]:
    """The two-sided normal confidence interval mean ± z stderr at ``confidence``.

    Examples:
        >>> low, high = normal_interval(MeanEstimate(0.6, 0.01, 1000))
        >>> round(low, 4), round(high, 4)
        (0.5804, 0.6196)
    """
    level = check_probability(confidence, "confidence", open_interval=True)
    z = float(stats.norm.ppf(0.5 + level / 2))
    return estimate.mean - z * estimate.stderr, estimate.mean + z * estimate.stderr


def ghz_witness_groups(num_qubits: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The two stabilizer groups of the GHZ witness: (X...X,) and (Z_k Z_(k+1) ...)."""
    generators = ghz_stabilizers(num_qubits)
    return generators[:1], generators[1:]


def two_colouring(num_qubits: int, edges: Iterable[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """The two colour classes of a bipartite graph (breadth-first search from each vertex).

    Raises:
        InvalidParameterError: if the graph has an odd cycle.
    """
    n = check_count(num_qubits, "num_qubits", 1)
    neighbours: list[list[int]] = [[] for _ in range(n)]
    for a, b in edges:
        neighbours[a].append(b)
        neighbours[b].append(a)
    colour = [-1] * n
    for start in range(n):
        if colour[start] >= 0:
            continue
        colour[start], queue = 0, [start]
        while queue:
            vertex = queue.pop()
            for other in neighbours[vertex]:
                if colour[other] < 0:
                    colour[other] = 1 - colour[vertex]
                    queue.append(other)
                elif colour[other] == colour[vertex]:
                    raise InvalidParameterError("edges", (vertex, other), "closes an odd cycle")
    return [v for v in range(n) if colour[v] == 0], [v for v in range(n) if colour[v] == 1]


def graph_witness_groups(
    num_qubits: int, edges: Iterable[tuple[int, int]]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The stabilizers K_a of the two colour classes of a two-colourable graph state."""
    edge_list = list(edges)
    generators = graph_stabilizers(num_qubits, edge_list)
    first, second = two_colouring(num_qubits, edge_list)
    return tuple(generators[a] for a in first), tuple(generators[b] for b in second)


def _common_setting(group: Sequence[str], num_qubits: int) -> str:
    letters = ["Z"] * num_qubits
    for pauli in group:
        check_pauli(pauli, num_qubits, "group")
        for q, letter in enumerate(pauli):
            if letter != "I":
                if letters[q] != "Z" and letters[q] != letter:
                    raise InvalidParameterError("group", group, "needs two settings on one qubit")
                letters[q] = letter
    return "".join(letters)


def _group_projector_estimate(records: MeasurementRecords, group: Sequence[str]) -> MeanEstimate:
    setting = _common_setting(group, records.num_qubits)
    support = "".join(
        "I" if all(p[q] == "I" for p in group) else setting[q] for q in range(len(setting))
    )
    rows = compatible_shots(records.settings, support)
    if not rows.any():
        raise InvalidParameterError("records", setting, "no shot measured this setting")
    outcomes = records.outcomes[rows]
    indicator = np.ones(outcomes.shape[0])
    for pauli in group:
        indicator *= (1.0 + pauli_products(outcomes, pauli)) / 2.0
    return mean_with_stderr(indicator)


def two_setting_witness(
    records: MeasurementRecords, first: Sequence[str], second: Sequence[str]
) -> MeanEstimate:
    """<W> = 3 - 2 (P_first + P_second) of the Toth-Guehne witness from records.

    P_group is the fraction of the shots of the group's setting on which every
    stabilizer of the group gives +1. The two settings are independent shots, so the
    standard errors add in quadrature.

    Raises:
        InvalidParameterError: if a group needs two bases on one qubit or no shot measured
            a group's setting.
    """
    a = _group_projector_estimate(records, first)
    b = _group_projector_estimate(records, second)
    stderr = 2.0 * math.sqrt(a.stderr**2 + b.stderr**2)
    return MeanEstimate(3.0 - 2.0 * (a.mean + b.mean), stderr, a.num_samples + b.num_samples)


def two_setting_witness_exact(state: State, first: Sequence[str], second: Sequence[str]) -> float:
    """<W> of the Toth-Guehne witness in ``state``, from prod (I + S)/2 = 2^-m sum_g g."""

    def projector(group: Sequence[str]) -> float:
        elements = stabilizer_group(list(group))
        return sum(sign * pauli_expectation(state, p) for sign, p in elements) / len(elements)

    return 3.0 - 2.0 * (projector(first) + projector(second))
