"""The non-local CNOT against a Pauli-frame oracle written out here.

The oracle follows each error through the protocol of Eisert et al. (2000) by the rules of
Clifford propagation: an error P on Bob's half of the pair, Alice's gate error Q on (c, a),
her read-out flip r1, Bob's gate error R on (b, t) and his flip r2 land on the data as

    c:  Q_c * Z^(z of b before Bob's X read-out  XOR  r2)
    t:  X^(x of b before Bob's CNOT) * R_t,  with x(b) = x(P) XOR x(Q_a) XOR r1,

because CNOT(b -> t) copies X from b to t and leaves Z on b, a Z-read-out of a is flipped
by X on a, and an X-read-out of b by Z on b. The process fidelity is the probability that
both land as the identity.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from qinternet.core.errors import InvalidParameterError, InvalidStateError
from qinternet.physics.applications.distributed import ProcessorNoise, nonlocal_cnot
from qinternet.states import DensityMatrix, bell_state, fidelity, partial_trace, random_density

PAULI = {
    (0, 0): np.eye(2),
    (1, 0): np.array([[0, 1], [1, 0]]),
    (1, 1): np.array([[0, -1j], [1j, 0]]),
    (0, 1): np.diag([1, -1]),
}  # keyed by (x, z) bits


def _pair(weights: dict[tuple[int, int], float]) -> DensityMatrix:
    phi = bell_state("phi+").to_density().matrix
    rho = sum(
        w * np.kron(np.eye(2), PAULI[p]) @ phi @ np.kron(np.eye(2), PAULI[p]).conj().T
        for p, w in weights.items()
    )
    return DensityMatrix(rho)


def _two_qubit_depolarizing(p: float) -> dict[tuple[tuple[int, int], tuple[int, int]], float]:
    paulis = list(itertools.product(PAULI, repeat=2))
    return {q: p / 16 + (1 - p if q == ((0, 0), (0, 0)) else 0.0) for q in paulis}


def _oracle(weights, alice: ProcessorNoise, bob: ProcessorNoise) -> float:
    total = 0.0
    flips = lambda e: {0: 1 - e, 1: e}  # noqa: E731
    for (p, wp), (q, wq), (r, wr), (r1, w1), (r2, w2) in itertools.product(
        weights.items(),
        _two_qubit_depolarizing(alice.cnot_depolarizing).items(),
        _two_qubit_depolarizing(bob.cnot_depolarizing).items(),
        flips(alice.readout_flip).items(),
        flips(bob.readout_flip).items(),
    ):
        (qc, qa), (rb, rt) = q, r
        x_b = p[0] ^ qa[0] ^ r1
        z_b = p[1] ^ rb[1]
        c = (qc[0], qc[1] ^ z_b ^ r2)
        t = (x_b ^ rt[0], rt[1])
        if c == (0, 0) and t == (0, 0):
            total += wp * wq * wr * w1 * w2
    return total


@pytest.mark.parametrize("seed", range(6))
def test_process_fidelity_matches_the_pauli_frame_oracle(seed: int) -> None:
    rng = np.random.default_rng(seed)
    w = rng.dirichlet([8, 1, 1, 1])
    weights = dict(zip(PAULI, w, strict=True))
    alice = ProcessorNoise(*rng.uniform(0, 0.2, size=2))
    bob = ProcessorNoise(*rng.uniform(0, 0.2, size=2))
    gate = nonlocal_cnot(_pair(weights), alice, bob)
    expected = _oracle(weights, alice, bob)
    assert gate.process_fidelity == pytest.approx(expected, abs=1e-12)
    assert gate.average_gate_fidelity == pytest.approx((4 * expected + 1) / 5, abs=1e-12)


def test_gate_noise_alone_has_the_closed_form() -> None:
    # Alice's 16 two-qubit Paulis harm the output unless Q_c = I and Q_a in {I, Z} (weight
    # 1 - 7p/8); likewise Bob's. Errors cancel in three ways (Z_c, X_t, Z_c X_t), each with
    # weight (p_A/8)(p_B/8).
    pa, pb = 0.12, 0.07
    gate = nonlocal_cnot(bell_state("phi+"), ProcessorNoise(pa), ProcessorNoise(pb))
    expected = (1 - 7 * pa / 8) * (1 - 7 * pb / 8) + 3 * (pa / 8) * (pb / 8)
    assert gate.process_fidelity == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_any_pair_gives_its_phi_plus_fidelity(seed: int) -> None:
    # The process fidelity is linear in the pair; a coherence between two different Bell
    # components adds P_i (Choi) P_j, orthogonal to the ideal Choi state.
    pair = random_density((2, 2), np.random.default_rng(seed))
    gate = nonlocal_cnot(pair)
    assert gate.process_fidelity == pytest.approx(fidelity(pair, bell_state("phi+")), abs=1e-12)


def test_the_implemented_channel_preserves_the_trace() -> None:
    gate = nonlocal_cnot(
        random_density((2, 2), np.random.default_rng(9)), ProcessorNoise(0.1, 0.05)
    )
    references = partial_trace(gate.choi, [0, 1]).matrix
    np.testing.assert_allclose(references, np.eye(4) / 4, atol=1e-12)


def test_bad_input_names_the_field() -> None:
    with pytest.raises(InvalidParameterError, match="readout_flip"):
        ProcessorNoise(readout_flip=1.5)
    with pytest.raises(InvalidParameterError, match="cnot_depolarizing"):
        ProcessorNoise(cnot_depolarizing=-0.1)
    with pytest.raises(InvalidStateError, match="pair"):
        nonlocal_cnot(DensityMatrix.maximally_mixed((2,)))
