"""Entanglement swapping: Werner closed form, fast path = density matrices, registry swaps."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from qinternet.core.errors import InvalidParameterError, InvalidStateError
from qinternet.noise import PAULI_MATRICES
from qinternet.physics.maps.swapping import (
    BsmNoise,
    klein_convolution,
    swap,
    swap_bell_diagonal,
    swap_density,
    swap_with_registry,
)
from qinternet.states import (
    BELL_BASIS,
    BellDiagonal,
    StateRegistry,
    bell_state,
    fidelity,
    random_density,
    werner,
)

PHI_PLUS = bell_state("phi+")


def random_bell_diagonal(rng: np.random.Generator) -> BellDiagonal:
    c = rng.dirichlet(np.ones(4))
    return BellDiagonal((c[0], c[1], c[2], c[3]))


@pytest.mark.parametrize(("f1", "f2"), [(0.9, 0.9), (0.95, 0.7), (0.5, 1.0), (0.25, 0.8)])
def test_werner_swap_closed_form(f1: float, f2: float) -> None:
    expected = f1 * f2 + (1 - f1) * (1 - f2) / 3
    fast = swap_bell_diagonal(BellDiagonal.from_werner(f1), BellDiagonal.from_werner(f2))
    slow = swap_density(werner(f1), werner(f2))
    assert abs(fast.fidelity - expected) < 1e-9
    assert abs(slow.fidelity - expected) < 1e-9


def test_werner_swap_published_number() -> None:
    result = swap(BellDiagonal.from_werner(0.9), BellDiagonal.from_werner(0.9))
    assert abs(result.fidelity - 0.813333333333) < 1e-9


NOISES = [BsmNoise(), BsmNoise(0.1, 0.0), BsmNoise(0.0, 0.07), BsmNoise(0.3, 0.2)]


@pytest.mark.parametrize(("seed", "noise"), list(itertools.product(range(4), NOISES)))
def test_fast_path_equals_density_matrices(seed: int, noise: BsmNoise) -> None:
    rng = np.random.default_rng(seed)
    first, second = random_bell_diagonal(rng), random_bell_diagonal(rng)
    fast = swap_bell_diagonal(first, second, noise)
    slow = swap_density(first.to_density(), second.to_density(), noise)
    for f, s in zip(fast.branches, slow.branches, strict=True):
        assert f.bits == s.bits
        assert f.correction == s.correction
        assert abs(f.probability - s.probability) < 1e-12
        assert np.max(np.abs(f.state.to_density().matrix - s.state.matrix)) < 1e-12
        assert (
            np.max(np.abs(f.corrected_state.to_density().matrix - s.corrected_state.matrix)) < 1e-12
        )
    assert abs(fast.fidelity - slow.fidelity) < 1e-12


def test_klein_convolution_independent_formula() -> None:
    # Klein group Z2 x Z2: i ^ j on the 2-bit labels.
    a, b = (0.5, 0.2, 0.2, 0.1), (0.6, 0.1, 0.25, 0.05)
    expected = [
        sum(a[i] * b[j] for i in range(4) for j in range(4) if i ^ j == m) for m in range(4)
    ]
    assert np.allclose(klein_convolution(a, b), expected, atol=1e-15)


def test_ideal_swap_heralds_each_bell_state() -> None:
    result = swap_density(PHI_PLUS, PHI_PLUS)
    for k, branch in enumerate(result.branches):
        assert abs(branch.probability - 0.25) < 1e-12
        target = BELL_BASIS[:, k]
        assert abs(np.vdot(target, branch.state.matrix @ target).real - 1.0) < 1e-12
        assert branch.bell.value == ("phi+", "phi-", "psi+", "psi-")[k]
        assert abs(fidelity(branch.corrected_state, PHI_PLUS) - 1.0) < 1e-12
    assert [b.correction.name for b in result.branches] == ["I", "Z", "X", "Y"]


def test_readout_and_gate_error_closed_forms() -> None:
    perfect = BellDiagonal.from_werner(1.0)
    q, p = 0.13, 0.2
    readout = swap_bell_diagonal(perfect, perfect, BsmNoise(readout_flip=q))
    assert abs(readout.fidelity - (1 - q) ** 2) < 1e-12
    # Two independent depolarisings: identity Pauli overall with (1-3p/4)^2 + 3(p/4)^2.
    gate = swap_density(PHI_PLUS, PHI_PLUS, BsmNoise(gate_depolarizing=p))
    assert abs(gate.fidelity - ((1 - 0.75 * p) ** 2 + 3 * (p / 4) ** 2)) < 1e-12


def _bell_projection_oracle(rho1: np.ndarray, rho2: np.ndarray) -> list[tuple[float, np.ndarray]]:
    """Independent route: project (B1, B2) onto each Bell state with Kronecker products."""
    joint = np.kron(rho1, rho2)
    out = []
    for k in range(4):
        projector = np.kron(
            np.eye(2), np.kron(np.outer(BELL_BASIS[:, k], BELL_BASIS[:, k].conj()), np.eye(2))
        )
        post = (projector @ joint @ projector).reshape([2] * 8)
        reduced = np.einsum("abcdebcf->adef", post).reshape(4, 4)
        probability = float(np.trace(reduced).real)
        out.append((probability, reduced / probability))
    return out


@pytest.mark.parametrize("seed", range(3))
def test_general_states_match_bell_projection(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    rho1, rho2 = random_density((2, 2), rng=rng), random_density((2, 2), rng=rng)
    result = swap_density(rho1, rho2)
    oracle = _bell_projection_oracle(rho1.matrix, rho2.matrix)
    assert abs(sum(b.probability for b in result.branches) - 1.0) < 1e-12
    for branch, (probability, state) in zip(result.branches, oracle, strict=True):
        assert abs(branch.probability - probability) < 1e-12
        assert np.max(np.abs(branch.state.matrix - state)) < 1e-12


@pytest.mark.parametrize("seed", range(8))
def test_registry_swap_leaves_the_branch_state(seed: int) -> None:
    # Without readout error the registry's (A, C) state given the bits is the branch state.
    rng = np.random.default_rng(seed)
    first, second = random_bell_diagonal(rng), random_bell_diagonal(rng)
    noise = BsmNoise(gate_depolarizing=0.15)
    registry = StateRegistry()
    registry.add_many(["A", "B1"], first)
    registry.add_many(["B2", "C"], second)
    message = swap_with_registry(registry, "B1", "B2", rng, noise)
    assert registry.group_of("A") == ("A", "C")
    branch = swap_bell_diagonal(first, second, noise).branches[
        2 * message.bits[1] + message.bits[0]
    ]
    assert message.correction == branch.correction
    assert message.bell == branch.bell
    state = registry.state_of(["A", "C"])
    assert np.max(np.abs(state.matrix - branch.state.to_density().matrix)) < 1e-12


def test_registry_correction_restores_phi_plus() -> None:
    rng = np.random.default_rng(5)
    seen = set()
    for _ in range(20):
        registry = StateRegistry()
        registry.add_many(["A", "B1"], PHI_PLUS)
        registry.add_many(["B2", "C"], PHI_PLUS)
        message = swap_with_registry(registry, "B1", "B2", rng, correct="C")
        seen.add(message.bits)
        assert abs(fidelity(registry.state_of(["A", "C"]), PHI_PLUS) - 1.0) < 1e-12
    assert len(seen) == 4  # P(missing an outcome in 20 draws) < 4 (3/4)^20 = 0.013; seeded


def test_registry_readout_error_frequency() -> None:
    # Reported bits differ from the true ones with probability 1 - (1-q)^2; ideal inputs
    # let us read the true outcome off the (uncorrected) state. 5-sigma binomial bound.
    q, n = 0.2, 400
    rng = np.random.default_rng(11)
    wrong = 0
    for _ in range(n):
        registry = StateRegistry()
        registry.add_many(["A", "B1"], PHI_PLUS)
        registry.add_many(["B2", "C"], PHI_PLUS)
        message = swap_with_registry(registry, "B1", "B2", rng, BsmNoise(readout_flip=q))
        corrected = PAULI_MATRICES[message.correction]
        state = registry.state_of(["A", "C"]).matrix
        back = np.kron(np.eye(2), corrected) @ state @ np.kron(np.eye(2), corrected).conj().T
        wrong += int(np.vdot(PHI_PLUS.vector, back @ PHI_PLUS.vector).real < 0.5)
    p_wrong = 1 - (1 - q) ** 2
    assert abs(wrong / n - p_wrong) < 5 * math.sqrt(p_wrong * (1 - p_wrong) / n)


def test_not_two_qubits() -> None:
    with pytest.raises(InvalidStateError, match=r"first=.*must be a two-qubit state"):
        swap_density(random_density((2, 2, 2), rng=np.random.default_rng(0)), werner(0.9))


def test_probability_outside_unit_interval() -> None:
    with pytest.raises(InvalidParameterError, match=r"readout_flip=1\.5: must lie in \[0, 1\]"):
        BsmNoise(readout_flip=1.5)
    with pytest.raises(InvalidParameterError, match=r"gate_depolarizing=-0\.1"):
        BsmNoise(gate_depolarizing=-0.1)
