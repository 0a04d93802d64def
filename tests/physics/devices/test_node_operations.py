"""Tests of qinternet.physics.devices.node_operations: read-out errors and dead time.

Oracle for the read-out: projective measurement of the state in each Pauli basis
(eigenprojectors), the outcomes flipped by the assignment matrix, correlators counted
from the resulting joint distribution.
"""

from __future__ import annotations

import numpy as np
import pytest

from qinternet.core.errors import InvalidParameterError
from qinternet.physics.devices.node_operations import (
    Readout,
    block_duty_cycle,
    corrected_correlator,
    measured_correlator,
    raw_bell_fidelity,
)
from qinternet.states import DensityMatrix, bell_state, fidelity

PAULIS = {
    1: np.array([[0, 1], [1, 0]], dtype=complex),
    2: np.array([[0, -1j], [1j, 0]]),
    3: np.array([[1, 0], [0, -1]], dtype=complex),
}


def _random_state(seed: int) -> DensityMatrix:
    rng = np.random.default_rng(seed)
    g = rng.standard_normal((4, 4)) + 1j * rng.standard_normal((4, 4))
    rho = g @ g.conj().T
    return DensityMatrix(rho / np.trace(rho), dims=(2, 2))


def _brute_force(state: DensityMatrix, pauli: int, a: Readout, b: Readout) -> tuple[float, ...]:
    """(<PP>, <P I>, <I P>) as an experiment counts them with read-out errors."""
    values, vectors = np.linalg.eigh(PAULIS[pauli])
    order = np.argsort(-values)  # outcome 0 <-> eigenvalue +1
    projectors = [np.outer(vectors[:, k], vectors[:, k].conj()) for k in order]
    joint = np.array(
        [[np.trace(state.matrix @ np.kron(p, q)).real for q in projectors] for p in projectors]
    )

    def confusion(r: Readout) -> np.ndarray:  # columns: true outcome, rows: reported
        return np.array([[r.fidelity_0, 1 - r.fidelity_1], [1 - r.fidelity_0, r.fidelity_1]])

    reported = confusion(a) @ joint @ confusion(b).T
    sign = np.array([1.0, -1.0])
    return (
        float(sign @ reported @ sign),
        float(sign @ reported.sum(axis=1)),
        float(reported.sum(axis=0) @ sign),
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("pauli", [1, 2, 3])
def test_measured_correlator_equals_counting(seed: int, pauli: int) -> None:
    state = _random_state(seed)
    a, b = Readout(0.93, 0.99), Readout(0.95, 0.97)
    raw, marginal_a, marginal_b = _brute_force(state, pauli, a, b)
    assert measured_correlator(state, pauli, a, b) == pytest.approx(raw, abs=1e-12)
    true = np.trace(state.matrix @ np.kron(PAULIS[pauli], PAULIS[pauli])).real
    corrected = corrected_correlator(raw, marginal_a, marginal_b, a, b)
    assert corrected == pytest.approx(true, abs=1e-12)


def test_raw_fidelity_of_psi_plus_closed_form() -> None:
    """psi+: <XX> = <YY> = 1, <ZZ> = -1, marginals 0, so the raw correlators are
    a^2 + b^2, a^2 + b^2, a^2 - b^2 and F_raw = (1 + a^2 + 3 b^2) / 4 (derived here)."""
    readout = Readout(0.95, 0.995)
    a, b = 0.95 - 0.995, 0.95 + 0.995 - 1
    state = bell_state("psi+").to_density()
    assert raw_bell_fidelity(state, "psi+", readout, readout) == pytest.approx(
        (1 + a**2 + 3 * b**2) / 4, abs=1e-12
    )


@pytest.mark.parametrize("seed", [4, 5])
@pytest.mark.parametrize("target", ["phi+", "phi-", "psi+", "psi-"])
def test_perfect_readout_gives_the_state_fidelity(seed: int, target: str) -> None:
    state = _random_state(seed)
    perfect = Readout()
    assert raw_bell_fidelity(state, target, perfect, perfect) == pytest.approx(
        fidelity(state, bell_state(target)), abs=1e-12
    )


def test_block_duty_cycle_from_a_timeline() -> None:
    """Attempts counted on a 10 s timeline of blocks (250 attempts of 5.5 us, then 1 ms)."""
    horizon, n, t, overhead = 10.0, 250, 5.5e-6, 1e-3
    block = n * t + overhead
    blocks = int(horizon // block)
    leftover = horizon - blocks * block
    attempts = blocks * n + min(int(leftover // t), n)
    assert block_duty_cycle(n, t, overhead) == pytest.approx(attempts * t / horizon, rel=1e-3)


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: Readout(0.4, 0.5), "fidelity_1"),
        (lambda: Readout(1.2, 0.9), "fidelity_0"),
        (lambda: block_duty_cycle(0, 1e-6, 1e-3), "attempts_per_block"),
        (lambda: block_duty_cycle(10, 1e-6, -1e-3), "block_overhead_s"),
        (
            lambda: raw_bell_fidelity(bell_state("psi+").to_density(), "ghz", Readout(), Readout()),
            "target_name",
        ),
    ],
)
def test_bad_input_names_the_field(build: object, field: str) -> None:
    with pytest.raises(InvalidParameterError, match=field):
        build()  # type: ignore[operator]
