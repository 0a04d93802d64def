"""Property tests: every channel is CPTP, keeps states valid, and long random circuits stay physical."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import unitary_group

from qinternet.noise import (
    Channel,
    amplitude_damping,
    dephasing,
    depolarizing,
    erasure,
    identity,
    loss,
    memory_decoherence,
    pauli,
)
from qinternet.states import BellDiagonal, DensityMatrix, apply_unitary, random_density

# Trace preservation and Hermiticity are sums of O(1) products: rounding ~1e-15, checked
# to 1e-12. Complete positivity: the smallest Choi eigenvalue of a CP map is >= 0 up to
# eigensolver rounding ~1e-15 * ||J|| (||J|| <= d_in), so >= -1e-12 is the documented bound.
ATOL = 1e-12
FAST = settings(deadline=None, max_examples=60)

probabilities = st.floats(min_value=0.0, max_value=1.0)
times = st.floats(min_value=0.0, max_value=20.0)
positive_times = st.floats(min_value=1e-3, max_value=20.0)


@st.composite
def pauli_channels(draw: st.DrawFn) -> Channel:
    px, py, pz = draw(probabilities), draw(probabilities), draw(probabilities)
    total = px + py + pz
    if total > 1.0:
        px, py, pz = px / total, py / total, pz / total
    return pauli(min(px, 1.0), min(py, 1.0), min(pz, 1.0))


@st.composite
def memories(draw: st.DrawFn, *, finite_t1: bool) -> Channel:
    elapsed_s = draw(times)
    if not finite_t1:
        return memory_decoherence(elapsed_s=elapsed_s, t2_s=draw(positive_times))
    t1_s = draw(positive_times)
    t2_s = draw(st.floats(min_value=1e-3, max_value=2.0 * t1_s))
    return memory_decoherence(elapsed_s=elapsed_s, t1_s=t1_s, t2_s=min(t2_s, 2.0 * t1_s))


def qubit_channels() -> st.SearchStrategy[Channel]:
    """Every qubit-to-qubit constructor with random in-range parameters."""
    return st.one_of(
        probabilities.map(depolarizing),
        probabilities.map(dephasing),
        probabilities.map(amplitude_damping),
        probabilities.map(lambda p: loss(p, dimension=2)),
        pauli_channels(),
        memories(finite_t1=False),
        memories(finite_t1=True),
        st.just(identity()),
    )


def pauli_qubit_channels() -> st.SearchStrategy[Channel]:
    return st.one_of(
        probabilities.map(depolarizing),
        probabilities.map(dephasing),
        pauli_channels(),
        memories(finite_t1=False),
    )


def all_channels() -> st.SearchStrategy[Channel]:
    """Qubit channels, erasure (2 -> 3), Fock-mode loss and compositions."""
    base = st.one_of(
        qubit_channels(),
        probabilities.map(erasure),
        st.builds(lambda p, d: loss(p, dimension=d), probabilities, st.integers(1, 6)),
    )
    composed = st.builds(lambda a, b: a.then(b), qubit_channels(), qubit_channels())
    return st.one_of(base, composed)


@FAST
@given(channel=all_channels())
def test_every_channel_is_trace_preserving_and_completely_positive(channel: Channel) -> None:
    completeness = sum(k.conj().T @ k for k in channel.kraus_operators)
    np.testing.assert_allclose(completeness, np.eye(channel.input_dim), rtol=0, atol=ATOL)
    choi = channel.choi_matrix()
    np.testing.assert_allclose(choi, choi.conj().T, rtol=0, atol=ATOL)
    assert np.linalg.eigvalsh(choi)[0] >= -ATOL
    d_in, d_out = channel.input_dim, channel.output_dim
    partial = np.einsum("iaja->ij", choi.reshape(d_in, d_out, d_in, d_out))
    np.testing.assert_allclose(partial, np.eye(d_in), rtol=0, atol=ATOL)


@FAST
@given(channel=all_channels(), seed=st.integers(0, 2**32 - 1), target=st.integers(0, 1))
def test_random_state_stays_valid(channel: Channel, seed: int, target: int) -> None:
    rng = np.random.default_rng(seed)
    dims = [2, 2]
    dims[target] = channel.input_dim
    out = channel.apply(random_density(dims, rng), [target])
    expected_dims = list(dims)
    expected_dims[target] = channel.output_dim
    assert out.dims == tuple(expected_dims)
    DensityMatrix(out.matrix, dims=out.dims)  # the validating constructor: raises if invalid


@FAST
@given(
    channel=pauli_qubit_channels(),
    weights=st.lists(st.floats(0.0, 1.0), min_size=4, max_size=4).filter(lambda w: sum(w) > 0.1),
    qubit=st.integers(0, 1),
)
def test_bell_diagonal_fast_path_matches_density_matrix(
    channel: Channel, weights: list[float], qubit: int
) -> None:
    state = BellDiagonal(tuple(w / sum(weights) for w in weights))
    fast = channel.apply_bell_diagonal(state, qubit).to_density().matrix
    slow = channel.apply(state.to_density(), [qubit]).matrix
    np.testing.assert_allclose(fast, slow, rtol=0, atol=ATOL)


@FAST
@given(
    first_s=times,
    second_s=times,
    t1_s=positive_times,
    ratio=st.floats(min_value=1e-3, max_value=2.0),
)
def test_memory_decoherence_is_a_semigroup(
    first_s: float, second_s: float, t1_s: float, ratio: float
) -> None:
    t2_s = min(ratio * t1_s, 2.0 * t1_s)
    combined = memory_decoherence(elapsed_s=first_s, t1_s=t1_s, t2_s=t2_s).then(
        memory_decoherence(elapsed_s=second_s, t1_s=t1_s, t2_s=t2_s)
    )
    total = memory_decoherence(elapsed_s=first_s + second_s, t1_s=t1_s, t2_s=t2_s)
    np.testing.assert_allclose(combined.choi_matrix(), total.choi_matrix(), rtol=0, atol=ATOL)


def _random_qubit_channel(rng: np.random.Generator) -> Channel:
    kind = int(rng.integers(6))
    p = float(rng.random())
    if kind == 0:
        return depolarizing(p)
    if kind == 1:
        return dephasing(p)
    if kind == 2:
        return amplitude_damping(p)
    if kind == 3:
        px, py, pz = rng.dirichlet(np.ones(4))[1:]
        return pauli(float(px), float(py), float(pz))
    if kind == 4:
        return loss(p, dimension=2)
    t1_s = float(rng.uniform(0.1, 10.0))
    return memory_decoherence(
        elapsed_s=float(rng.uniform(0.0, 1.0)), t1_s=t1_s, t2_s=float(rng.uniform(0.01, 2 * t1_s))
    )


@settings(deadline=None, max_examples=3)
@given(seed=st.integers(0, 2**32 - 1))
def test_thousand_random_operations_keep_a_valid_state(seed: int) -> None:
    # 1000 steps of random unitaries (1 or 2 qubits) and random channels on a 3-qubit
    # state. Rounding grows at most linearly, ~1000 * 1e-16, so the state stays
    # Hermitian and of unit trace within 1e-10 and has no eigenvalue below -1e-12.
    rng = np.random.default_rng(seed)
    state = random_density((2, 2, 2), rng)
    for _ in range(1000):
        if rng.random() < 0.5:
            num_targets = int(rng.integers(1, 3))
            targets = [int(t) for t in rng.choice(3, size=num_targets, replace=False)]
            unitary = unitary_group.rvs(2**num_targets, random_state=rng)
            state = apply_unitary(state, unitary, targets)
        else:
            targets = [int(t) for t in rng.choice(3, size=int(rng.integers(1, 4)), replace=False)]
            state = _random_qubit_channel(rng).apply(state, targets)
    matrix = state.matrix
    assert state.dims == (2, 2, 2)
    np.testing.assert_allclose(matrix, matrix.conj().T, rtol=0, atol=1e-10)
    assert abs(np.trace(matrix) - 1.0) <= 1e-10
    assert np.linalg.eigvalsh((matrix + matrix.conj().T) / 2)[0] >= -ATOL
