"""Property tests: long random operation sequences keep states valid; subsystem
operations equal the explicit kron(I, ..., U, ..., I) construction (the oracle here;
the code under test never builds it)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from qinternet.states import (
    DensityMatrix,
    Ket,
    apply_kraus,
    apply_unitary,
    measure,
    partial_trace,
    permute,
    projectors_from_basis,
    random_density,
    random_ket,
)

FAST = settings(deadline=None, max_examples=40)
SLOW = settings(deadline=None, max_examples=6)

seeds = st.integers(min_value=0, max_value=2**32 - 1)
small_dims = st.lists(st.integers(min_value=1, max_value=3), min_size=1, max_size=4).map(tuple)


def _random_unitary(d: int, rng: np.random.Generator) -> np.ndarray:
    """Haar-random unitary: QR of a complex Ginibre matrix with the phases of R fixed."""
    q, r = np.linalg.qr(rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d)))
    diagonal = np.diag(r)
    return q * (diagonal / np.abs(diagonal))


def _random_kraus(d: int, num_operators: int, rng: np.random.Generator) -> list[np.ndarray]:
    """A random CPTP channel: the blocks K_i of a random isometry V (d m x d), V^dagger V = I."""
    isometry, _ = np.linalg.qr(
        rng.normal(size=(d * num_operators, d)) + 1j * rng.normal(size=(d * num_operators, d))
    )
    return [isometry[i * d : (i + 1) * d] for i in range(num_operators)]


def _full_operator(op: np.ndarray, dims: Sequence[int], targets: Sequence[int]) -> np.ndarray:
    """kron(op, I_rest) on the order (targets..., rest...), conjugated by the explicit
    permutation matrix that maps the basis of ``dims`` to that order."""
    rest = [i for i in range(len(dims)) if i not in targets]
    new_order = [*targets, *rest]
    total = math.prod(dims)
    perm = np.zeros((total, total))
    for index in range(total):
        digits = np.unravel_index(index, tuple(dims))
        new_digits = tuple(int(digits[i]) for i in new_order)
        perm[np.ravel_multi_index(new_digits, tuple(dims[i] for i in new_order)), index] = 1.0
    rest_dim = math.prod(dims[i] for i in rest)
    return perm.T @ np.kron(op, np.eye(rest_dim)) @ perm


def _assert_valid(rho: DensityMatrix) -> None:
    matrix = rho.matrix
    np.testing.assert_allclose(matrix, matrix.conj().T, atol=1e-12)
    assert abs(np.trace(matrix) - 1.0) < 1e-10
    assert np.linalg.eigvalsh(matrix)[0] >= -1e-12


@st.composite
def dims_and_targets(draw: st.DrawFn) -> tuple[tuple[int, ...], tuple[int, ...]]:
    dims = draw(small_dims)
    targets = draw(st.permutations(range(len(dims))))
    count = draw(st.integers(min_value=1, max_value=len(dims)))
    return dims, tuple(targets[:count])


@FAST
@given(dims_and_targets(), seeds)
def test_apply_unitary_equals_kron_construction(
    case: tuple[tuple[int, ...], tuple[int, ...]], seed: int
) -> None:
    dims, targets = case
    rng = np.random.default_rng(seed)
    unitary = _random_unitary(math.prod(dims[t] for t in targets), rng)
    full = _full_operator(unitary, dims, targets)
    ket = random_ket(dims, rng)
    rho = random_density(dims, rng)
    np.testing.assert_allclose(
        apply_unitary(ket, unitary, targets).vector, full @ ket.vector, atol=1e-12
    )
    np.testing.assert_allclose(
        apply_unitary(rho, unitary, targets).matrix,
        full @ rho.matrix @ full.conj().T,
        atol=1e-12,
    )


@FAST
@given(dims_and_targets(), st.integers(min_value=1, max_value=3), seeds)
def test_apply_kraus_equals_kron_construction(
    case: tuple[tuple[int, ...], tuple[int, ...]], num_operators: int, seed: int
) -> None:
    dims, targets = case
    rng = np.random.default_rng(seed)
    kraus = _random_kraus(math.prod(dims[t] for t in targets), num_operators, rng)
    rho = random_density(dims, rng)
    expected = sum(
        _full_operator(k, dims, targets) @ rho.matrix @ _full_operator(k, dims, targets).conj().T
        for k in kraus
    )
    np.testing.assert_allclose(apply_kraus(rho, kraus, targets).matrix, expected, atol=1e-12)


@FAST
@given(small_dims, seeds, st.data())
def test_partial_trace_composes(dims: tuple[int, ...], seed: int, data: st.DataObject) -> None:
    rng = np.random.default_rng(seed)
    state = random_density(dims, rng, rank=1) if seed % 2 else random_ket(dims, rng)
    outer = data.draw(st.permutations(range(len(dims))))
    outer = outer[: data.draw(st.integers(min_value=1, max_value=len(dims)))]
    inner_positions = data.draw(st.permutations(range(len(outer))))
    inner_positions = inner_positions[: data.draw(st.integers(1, len(outer)))]
    twice = partial_trace(partial_trace(state, outer), inner_positions)
    once = partial_trace(state, [outer[i] for i in inner_positions])
    assert twice.dims == once.dims
    np.testing.assert_allclose(twice.matrix, once.matrix, atol=1e-13)


@FAST
@given(small_dims, seeds, st.data())
def test_permute_round_trips(dims: tuple[int, ...], seed: int, data: st.DataObject) -> None:
    rng = np.random.default_rng(seed)
    order = data.draw(st.permutations(range(len(dims))))
    inverse = list(np.argsort(order))
    ket = random_ket(dims, rng)
    rho = random_density(dims, rng)
    permuted = permute(ket, order)
    assert permuted.dims == tuple(dims[i] for i in order)
    np.testing.assert_array_equal(permute(permuted, inverse).vector, ket.vector)
    np.testing.assert_array_equal(permute(permute(rho, order), inverse).matrix, rho.matrix)
    # Permuting then reducing equals reducing the original in the permuted order.
    np.testing.assert_allclose(
        partial_trace(permute(rho, order), [0]).matrix,
        partial_trace(rho, [order[0]]).matrix,
        atol=1e-14,
    )


def _random_operation(state: DensityMatrix | Ket, rng: np.random.Generator) -> DensityMatrix | Ket:
    n = state.num_subsystems
    kind = int(rng.integers(5 if isinstance(state, DensityMatrix) else 4))
    count = int(rng.integers(1, min(2, n) + 1))
    targets = [int(t) for t in rng.permutation(n)[:count]]
    d = math.prod(state.dims[t] for t in targets)
    if kind <= 1:
        return apply_unitary(state, _random_unitary(d, rng), targets)
    if kind == 2:
        return measure(state, projectors_from_basis(_random_unitary(d, rng)), targets, rng).state
    if kind == 3:
        return permute(state, [int(i) for i in rng.permutation(n)])
    return apply_kraus(state, _random_kraus(d, int(rng.integers(1, 4)), rng), targets)


@SLOW
@given(st.lists(st.sampled_from([2, 3]), min_size=3, max_size=4), seeds)
def test_thousand_random_operations_keep_a_density_matrix_valid(dims: list[int], seed: int) -> None:
    rng = np.random.default_rng(seed)
    state: DensityMatrix | Ket = random_density(tuple(dims), rng, rank=2)
    for _ in range(1000):
        state = _random_operation(state, rng)
    assert isinstance(state, DensityMatrix)
    _assert_valid(state)
    DensityMatrix(state.matrix, dims=state.dims)  # passes the public validation too


@SLOW
@given(st.lists(st.sampled_from([2, 3]), min_size=3, max_size=4), seeds)
def test_thousand_random_operations_keep_a_ket_normalised(dims: list[int], seed: int) -> None:
    rng = np.random.default_rng(seed)
    state: DensityMatrix | Ket = random_ket(tuple(dims), rng)
    for _ in range(1000):
        state = _random_operation(state, rng)
    assert isinstance(state, Ket)
    assert abs(np.linalg.norm(state.vector) - 1.0) < 1e-10
    _assert_valid(state.to_density())
