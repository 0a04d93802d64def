"""GHZ, W and graph states: QuTiP oracle, brute-force Paulis, closed forms under local noise."""

from __future__ import annotations

import itertools
import math
from functools import reduce

import numpy as np
import pytest
import qutip

from qinternet.core.errors import InvalidParameterError, InvalidStateError
from qinternet.noise import dephasing, depolarizing
from qinternet.states import Ket, apply_unitary, fidelity, random_density, tensor
from qinternet.states.multipartite import (
    ghz_stabilizers,
    ghz_state,
    graph_stabilizers,
    graph_state,
    multiply_paulis,
    pauli_expectation,
    pauli_expectations,
    stabilizer_group,
    w_state,
)

PAULI = {
    "I": np.eye(2),
    "X": np.array([[0, 1], [1, 0]]),
    "Y": np.array([[0, -1j], [1j, 0]]),
    "Z": np.diag([1.0, -1.0]),
}


def dense(pauli: str) -> np.ndarray:
    return reduce(np.kron, [PAULI[letter] for letter in pauli])


@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_ghz_and_w_match_qutip(n: int) -> None:
    assert np.allclose(ghz_state(n).vector, qutip.ghz_state(n).full().ravel())
    assert np.allclose(w_state(n).vector, qutip.w_state(n).full().ravel())


def test_graph_state_equals_cz_circuit() -> None:
    edges = [(0, 1), (1, 2), (2, 3), (0, 3), (1, 3)]
    plus = Ket(np.array([1.0, 1.0]) / math.sqrt(2))
    state = tensor(*[plus] * 4)
    cz = np.diag([1.0, 1.0, 1.0, -1.0])
    for a, b in edges:
        state = apply_unitary(state, cz, [a, b])
    assert np.allclose(graph_state(4, edges).vector, state.vector)
    for generator in graph_stabilizers(4, edges):
        assert abs(pauli_expectation(state, generator) - 1.0) < 1e-12


@pytest.mark.parametrize("seed", range(3))
def test_pauli_expectation_matches_dense_trace(seed: int) -> None:
    rho = random_density((2, 2, 2), np.random.default_rng(seed))
    for letters in itertools.product("IXYZ", repeat=3):
        pauli = "".join(letters)
        expected = float(np.trace(rho.matrix @ dense(pauli)).real)
        assert abs(pauli_expectation(rho, pauli) - expected) < 1e-12


def test_stabilizer_group_rebuilds_the_projector() -> None:
    for state, generators in [
        (ghz_state(3), ghz_stabilizers(3)),
        (graph_state(4, [(0, 1), (1, 2), (2, 3)]), graph_stabilizers(4, [(0, 1), (1, 2), (2, 3)])),
    ]:
        group = stabilizer_group(list(generators))
        projector = sum(sign * dense(p) for sign, p in group) / len(group)
        assert np.allclose(projector, np.outer(state.vector, state.vector.conj()))


def test_multiply_paulis_matches_matrices() -> None:
    for a, b in itertools.product(["XY", "ZX", "YY", "IZ"], repeat=2):
        phase, product = multiply_paulis(a, b)
        assert np.allclose(dense(a) @ dense(b), phase * dense(product))


def test_pauli_expectations_lists_the_nonzero_ones() -> None:
    # GHZ_3: Z strings of even weight (4) and X/Y strings with an even number of Y (4).
    values = pauli_expectations(ghz_state(3))
    assert len(values) == 8
    assert values["YYX"] == pytest.approx(-1.0)


@pytest.mark.parametrize(("n", "p"), [(2, 0.1), (3, 0.05), (4, 0.2), (5, 0.3)])
def test_ghz_fidelity_under_dephasing(n: int, p: float) -> None:
    # Z on any odd number of qubits maps GHZ to the orthogonal (|0..0> - |1..1>)/sqrt2:
    # F = P(even number of flips) = (1 + (1 - 2p)^n)/2.
    noisy = dephasing(p).apply(ghz_state(n), list(range(n)))
    assert fidelity(noisy, ghz_state(n)) == pytest.approx((1 + (1 - 2 * p) ** n) / 2, abs=1e-12)


@pytest.mark.parametrize(("n", "p"), [(2, 0.1), (3, 0.2), (4, 0.15)])
def test_ghz_fidelity_under_depolarising(n: int, p: float) -> None:
    # Each qubit is replaced by I/2 with probability p. With s > 0 qubits replaced (s < n),
    # <GHZ| tr_S(GHZ) (x) I/2^s |GHZ> = 1/2^(s+1); with all n replaced it is 1/2^n.
    expected = (
        sum(
            math.comb(n, s) * (1 - p) ** (n - s) * p**s * (1.0 if s == 0 else 2.0 ** -(s + 1))
            for s in range(n)
        )
        + p**n / 2**n
    )
    noisy = depolarizing(p).apply(ghz_state(n), list(range(n)))
    assert fidelity(noisy, ghz_state(n)) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(("n", "p"), [(2, 0.1), (3, 0.2), (4, 0.05)])
def test_w_fidelity_under_dephasing(n: int, p: float) -> None:
    # |e_i><e_j| (i != j) differs on two qubits: factor (1 - 2p)^2 on the n(n-1) coherences.
    noisy = dephasing(p).apply(w_state(n), list(range(n)))
    expected = (1 + (n - 1) * (1 - 2 * p) ** 2) / n
    assert fidelity(noisy, w_state(n)) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(("n", "p"), [(3, 0.1), (4, 0.3)])
def test_w_fidelity_under_depolarising(n: int, p: float) -> None:
    # Tracing s qubits of W_n leaves (s/n)|0><0| + ((n-s)/n)|W_(n-s)><W_(n-s)|, so
    # <W| tr_S(W) (x) I/2^s |W> = ((n - s)^2 + s^2) / (n^2 2^s).
    expected = sum(
        math.comb(n, s) * (1 - p) ** (n - s) * p**s * ((n - s) ** 2 + s**2) / (n**2 * 2**s)
        for s in range(n + 1)
    )
    noisy = depolarizing(p).apply(w_state(n), list(range(n)))
    assert fidelity(noisy, w_state(n)) == pytest.approx(expected, abs=1e-12)


def test_graph_state_fidelity_under_dephasing() -> None:
    # Z_j anticommutes with K_j only, so every Z pattern gives an orthogonal state: (1 - p)^n.
    edges = [(0, 1), (1, 2), (2, 3)]
    noisy = dephasing(0.1).apply(graph_state(4, edges), [0, 1, 2, 3])
    assert fidelity(noisy, graph_state(4, edges)) == pytest.approx(0.9**4, abs=1e-12)


def test_w_amplitudes() -> None:
    amplitudes = np.array([0.6, 0.8j])
    assert np.allclose(w_state(2, amplitudes).vector, [0, 0.8j, 0.6, 0])


@pytest.mark.parametrize("bad", [1, 0, -2, 2.5, True, 13])
def test_w_state_needs_two_to_twelve_nodes(bad: object) -> None:
    with pytest.raises(InvalidParameterError, match="num_qubits"):
        w_state(bad)  # type: ignore[arg-type]


def test_bad_inputs_name_the_field() -> None:
    with pytest.raises(InvalidParameterError, match="amplitudes"):
        w_state(3, [1.0, 0.0])
    with pytest.raises(InvalidParameterError, match="amplitudes"):
        w_state(2, [1.0, 1.0])
    with pytest.raises(InvalidParameterError, match="edges"):
        graph_state(3, [(0, 0)])
    with pytest.raises(InvalidParameterError, match="edges"):
        graph_state(3, [(0, 1), (1, 0)])
    with pytest.raises(InvalidParameterError, match="edges"):
        graph_state(3, [(0, 3)])
    with pytest.raises(InvalidParameterError, match="pauli"):
        pauli_expectation(ghz_state(3), "XQZ")
    with pytest.raises(InvalidParameterError, match="pauli"):
        pauli_expectation(ghz_state(3), "XX")
    with pytest.raises(InvalidStateError, match="state"):
        pauli_expectation(Ket(np.array([1.0, 0.0, 0.0]), dims=(3,)), "X")
    with pytest.raises(InvalidParameterError, match="generators"):
        stabilizer_group(["XI", "ZI"])
