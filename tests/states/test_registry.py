"""StateRegistry: groups merge only when operated on jointly, shrink on measurement and
discard, and agree with the same computation on one explicit joint state."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qinternet.core.errors import (
    DimensionMismatchError,
    InvalidStateError,
    NonUnitaryError,
    ResourceLimitError,
    SubsystemNameError,
)
from qinternet.states import (
    BellDiagonal,
    DensityMatrix,
    Ket,
    StateRegistry,
    apply_kraus,
    apply_unitary,
    bell_state,
    fidelity,
    measure,
    partial_trace,
    permute,
    projectors_from_basis,
    random_density,
    random_ket,
    tensor,
    werner,
)

Z_BASIS = projectors_from_basis(np.eye(2))
HADAMARD = np.array([[1, 1], [1, -1]]) / np.sqrt(2)
CNOT = np.eye(4)[[0, 1, 3, 2]]
PAULI_X = np.array([[0, 1], [1, 0]])
PAULI_Z = np.diag([1, -1])


def _random_unitary(d: int, rng: np.random.Generator) -> np.ndarray:
    q, r = np.linalg.qr(rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d)))
    return q * (np.diag(r) / np.abs(np.diag(r)))


def _random_kraus(d: int, rng: np.random.Generator) -> list[np.ndarray]:
    isometry, _ = np.linalg.qr(rng.normal(size=(2 * d, d)) + 1j * rng.normal(size=(2 * d, d)))
    return [isometry[:d], isometry[d:]]


def _swap(registry: StateRegistry, left: object, right: object, rng: np.random.Generator) -> None:
    """Entanglement swap of the pairs holding ``left`` and ``right`` (Bell measurement)."""
    registry.apply_unitary([left, right], CNOT)
    registry.apply_unitary(left, HADAMARD)
    registry.measure(left, Z_BASIS, rng)
    registry.measure(right, Z_BASIS, rng)


def test_add_and_inspect() -> None:
    registry = StateRegistry()
    registry.add("q", Ket([1, 0]))
    registry.add_many([("B", "memory", 3), ("C", "memory", 0)], bell_state("psi-"))
    registry.add_many(["x", "y"], BellDiagonal.from_werner(0.8))
    qutrit = random_density((3,), np.random.default_rng(0))
    registry.add("mode", qutrit)
    assert len(registry) == 6
    assert registry.num_groups == 4
    assert registry.names == ("q", ("B", "memory", 3), ("C", "memory", 0), "x", "y", "mode")
    assert ("B", "memory", 3) in registry
    assert "z" not in registry
    assert ["q"] not in registry  # unhashable: never a name
    assert registry.group_of(("C", "memory", 0)) == (("B", "memory", 3), ("C", "memory", 0))
    assert registry.dim_of("mode") == 3
    assert registry.group_state("mode") is qutrit
    assert isinstance(registry.group_state("q"), Ket)
    np.testing.assert_allclose(registry.state_of(["x", "y"]).matrix, werner(0.8).matrix)
    assert "6 subsystems in 4 groups" in repr(registry)
    assert sorted(map(str, registry)) == sorted(map(str, registry.names))


def test_tuple_name_is_one_subsystem_and_list_of_names_is_several() -> None:
    registry = StateRegistry()
    registry.add_many([("B", 1), ("B", 2)], bell_state("phi+"))
    registry.apply_unitary(("B", 1), PAULI_X)  # the tuple is a registered name
    registry.apply_unitary([("B", 1), ("B", 2)], CNOT)  # a list of two names
    registry.apply_unitary((("B", 2), ("B", 1)), CNOT)  # a tuple of two names
    expected = apply_unitary(
        apply_unitary(apply_unitary(bell_state("phi+"), PAULI_X, 0), CNOT, [0, 1]), CNOT, [1, 0]
    )
    np.testing.assert_allclose(
        registry.state_of([("B", 1), ("B", 2)]).matrix, expected.to_density().matrix, atol=1e-15
    )


def test_joint_operation_merges_only_the_groups_involved() -> None:
    registry = StateRegistry()
    for i in range(4):
        registry.add_many([("a", i), ("b", i)], bell_state("phi+"))
    registry.apply_unitary([("b", 0), ("a", 2)], CNOT)
    assert registry.num_groups == 3
    assert registry.group_of(("a", 0)) == (("a", 0), ("b", 0), ("a", 2), ("b", 2))
    assert registry.group_of(("a", 1)) == (("a", 1), ("b", 1))
    assert registry.group_of(("b", 3)) == (("a", 3), ("b", 3))
    # An operation inside one group merges nothing.
    registry.apply_kraus([("a", 1)], [np.sqrt(0.5) * np.eye(2), np.sqrt(0.5) * PAULI_Z])
    assert registry.num_groups == 3


def test_failed_operation_changes_nothing() -> None:
    registry = StateRegistry()
    registry.add("a", Ket([1, 0]))
    registry.add("b", Ket([0, 1]))
    with pytest.raises(NonUnitaryError):
        registry.apply_unitary(["a", "b"], np.diag([1, 1, 1, 2]))
    with pytest.raises(DimensionMismatchError):
        registry.apply_unitary(["a", "b"], HADAMARD)
    assert registry.num_groups == 2


def test_semantics_match_one_explicit_joint_state() -> None:
    # Random joint unitaries, channels, measurements (kept and removed) and discards on
    # qubits and qutrits in several groups, replayed on the tensor product of all the
    # initial states with the same random streams.
    for seed in range(12):
        rng = np.random.default_rng(seed)
        registry = StateRegistry()
        names: list[object] = []
        pieces = []
        for g, dims in enumerate([(2, 3), (2,), (3,), (2, 2)]):
            state = random_ket(dims, rng) if g % 2 else random_density(dims, rng, rank=2)
            group_names = [(g, i) for i in range(len(dims))]
            registry.add_many(group_names, state)
            names.extend(group_names)
            pieces.append(state)
        full = tensor(*pieces).to_density()
        for _ in range(8):
            kind = int(rng.integers(5))
            count = int(rng.integers(1, 3))
            chosen = [names[int(i)] for i in rng.permutation(len(names))[:count]]
            targets = [names.index(n) for n in chosen]
            d = math.prod(registry.dim_of(n) for n in chosen)
            if kind == 0:
                unitary = _random_unitary(d, rng)
                registry.apply_unitary(chosen, unitary)
                full = apply_unitary(full, unitary, targets)
            elif kind == 1:
                kraus = _random_kraus(d, rng)
                registry.apply_kraus(chosen, kraus)
                full = apply_kraus(full, kraus, targets)
            elif kind == 3 or (kind == 2 and len(names) > count):
                operators = projectors_from_basis(_random_unitary(d, rng))
                seed_m = int(rng.integers(2**32))
                got = registry.measure(
                    chosen, operators, np.random.default_rng(seed_m), remove=kind == 2
                )
                expected = measure(full, operators, targets, np.random.default_rng(seed_m))
                assert got.outcome == expected.outcome
                assert got.probability == pytest.approx(expected.probability, abs=1e-12)
                full = expected.state
                if kind == 2:
                    keep = [i for i in range(len(names)) if i not in targets]
                    full = partial_trace(full, keep)
                    names = [names[i] for i in keep]
            elif len(names) > 2:
                registry.discard(chosen)
                keep = [i for i in range(len(names)) if i not in targets]
                full = partial_trace(full, keep)
                names = [names[i] for i in keep]
            assert sorted(map(str, registry.names)) == sorted(map(str, names))
            assert sum(len(g) for g in registry.groups) == len(registry) == len(names)
            order = [int(i) for i in rng.permutation(len(names))]
            asked = [names[i] for i in order]
            np.testing.assert_allclose(
                registry.state_of(asked).matrix, permute(full, order).matrix, atol=1e-11
            )


def test_state_of_across_groups_is_the_permuted_tensor_product() -> None:
    rng = np.random.default_rng(3)
    a, b = random_density((2, 3), rng), random_ket((2,), rng)
    registry = StateRegistry()
    registry.add_many(["a0", "a1"], a)
    registry.add("b", b)
    result = registry.state_of(["a1", "b", "a0"])
    assert result.dims == (3, 2, 2)
    expected = permute(tensor(a, b), [1, 2, 0])
    np.testing.assert_allclose(result.matrix, expected.matrix, atol=1e-15)
    assert registry.num_groups == 2  # reading merges nothing


def test_state_of_cannot_change_the_registry() -> None:
    # Reading a whole group returns its (immutable) state without copying.
    rho = werner(0.7)
    registry = StateRegistry()
    registry.add_many(["a", "b"], rho)
    result = registry.state_of(["a", "b"])
    np.testing.assert_allclose(result.matrix, rho.matrix)
    with pytest.raises(ValueError, match="read-only"):
        result.matrix[0, 0] = 1.0
    np.testing.assert_allclose(registry.state_of(["a", "b"]).matrix, rho.matrix)


def test_measurement_removes_subsystems_and_empty_groups_disappear() -> None:
    registry = StateRegistry()
    registry.add_many(["a", "b"], bell_state("phi+"))
    registry.add("c", Ket([1, 0]))
    first = registry.measure("a", Z_BASIS, np.random.default_rng(1))
    assert "a" not in registry
    assert registry.group_of("b") == ("b",)
    np.testing.assert_allclose(registry.state_of("b").matrix, Z_BASIS[first.outcome], atol=1e-15)
    assert isinstance(registry.group_state("b"), Ket)  # a projected Ket stays a Ket
    registry.measure("b", Z_BASIS, np.random.default_rng(2))
    assert registry.num_groups == 1
    assert registry.names == ("c",)


def test_measurement_without_removal_keeps_the_projected_subsystem() -> None:
    registry = StateRegistry()
    registry.add_many(["a", "b"], bell_state("psi+"))
    outcome = registry.measure(["a"], Z_BASIS, np.random.default_rng(5), remove=False)
    assert registry.group_of("a") == ("a", "b")
    k = outcome.outcome
    expected = np.zeros(4)
    expected[2 * k + (1 - k)] = 1.0  # psi+: a = k leaves b = 1 - k
    np.testing.assert_allclose(registry.state_of(["a", "b"]).matrix, np.diag(expected), atol=1e-15)


def test_discard_traces_out_without_merging() -> None:
    registry = StateRegistry()
    registry.add_many(["a", "b"], bell_state("phi+"))
    registry.add_many(["c", "d"], werner(0.6))
    registry.discard(["a", "c"])
    assert registry.num_groups == 2
    np.testing.assert_allclose(registry.state_of("b").matrix, np.eye(2) / 2, atol=1e-15)
    np.testing.assert_allclose(registry.state_of("d").matrix, np.eye(2) / 2, atol=1e-15)
    assert isinstance(registry.group_state("b"), DensityMatrix)
    registry.discard("b")
    assert registry.names == ("d",)
    assert registry.num_groups == 1


def test_dimension_changing_channel() -> None:
    registry = StateRegistry()
    registry.add_many(["a", "b"], bell_state("phi+"))
    embed = [np.vstack([np.eye(2), np.zeros((1, 2))])]  # a qubit into a qutrit
    registry.apply_kraus("a", embed)
    assert registry.dim_of("a") == 3
    assert registry.state_of(["a", "b"]).dims == (3, 2)


def test_swapping_werner_states_for_every_outcome() -> None:
    f = 0.9
    expected = f * f + (1 - f) * (1 - f) / 3
    seen = set()
    for seed in range(40):
        rng = np.random.default_rng(seed)
        registry = StateRegistry()
        registry.add_many(["A", "B1"], werner(f))
        registry.add_many(["B2", "C"], werner(f))
        registry.apply_unitary(["B1", "B2"], CNOT)
        registry.apply_unitary("B1", HADAMARD)
        m1 = registry.measure("B1", Z_BASIS, rng).outcome
        m2 = registry.measure("B2", Z_BASIS, rng).outcome
        correction = np.linalg.matrix_power(PAULI_Z, m1) @ np.linalg.matrix_power(PAULI_X, m2)
        registry.apply_unitary("C", correction)
        assert registry.groups == (("A", "C"),)
        pair = registry.state_of(["A", "C"])
        assert fidelity(pair, bell_state("phi+")) == pytest.approx(expected, abs=1e-12)
        seen.add((m1, m2))
    assert seen == {(0, 0), (0, 1), (1, 0), (1, 1)}


def test_two_thousand_memories_stay_many_small_states() -> None:
    rng = np.random.default_rng(8)
    registry = StateRegistry()
    num_pairs = 1000
    for i in range(num_pairs):
        registry.add_many([("L", i), ("R", i)], bell_state("phi+"))
    assert len(registry) == 2000
    assert registry.num_groups == num_pairs
    # Swap the pairs i and i + 1 for even i at their inner memories ("R", i), ("L", i + 1).
    for i in range(0, num_pairs, 2):
        registry.apply_unitary([("R", i), ("L", i + 1)], CNOT)
        assert len(registry.group_of(("L", i))) == 4
        registry.apply_unitary(("R", i), HADAMARD)
        registry.measure(("R", i), Z_BASIS, rng)
        registry.measure(("L", i + 1), Z_BASIS, rng)
    assert len(registry) == 1000
    assert registry.num_groups == 500
    assert max(len(group) for group in registry.groups) == 2
    assert registry.group_of(("L", 0)) == (("L", 0), ("R", 1))
    # Link three of the new pairs with gates but no measurement: only they merge.
    registry.apply_unitary([("R", 1), ("L", 2)], CNOT)
    registry.apply_unitary([("R", 3), ("L", 4)], CNOT)
    sizes = sorted(len(group) for group in registry.groups)
    assert sizes[-1] == 6
    assert sizes[:-1] == [2] * 497
    assert registry.num_groups == 498
    # Every joint state is a small Ket (Bell pairs, swaps and projections keep purity).
    assert all(isinstance(registry.group_state(g[0]), Ket) for g in registry.groups)


def test_merging_beyond_the_memory_limit_raises_before_allocating() -> None:
    registry = StateRegistry(max_state_bytes=16 * 2**6)
    for i in range(8):
        registry.add(i, Ket([1, 0]))
    registry.apply_unitary(list(range(6)), np.eye(2**6))  # a 64-amplitude Ket: fits
    with pytest.raises(ResourceLimitError, match="dimension 128"):
        registry.apply_unitary([0, 6], CNOT)
    assert registry.num_groups == 3
    registry.add_many(["x", "y"], werner(0.9))  # a density matrix counts d^2 entries:
    registry.apply_unitary(["x", 7], np.eye(2**2))  # 8 x 8 = 64 entries fits
    with pytest.raises(ResourceLimitError, match="density matrix of dimension 16"):
        registry.apply_unitary(["x", 6], np.eye(2**2))


def test_unknown_names_raise_subsystem_name_error() -> None:
    registry = StateRegistry()
    registry.add_many(["a", "b"], bell_state("phi+"))
    rng = np.random.default_rng(0)
    calls = [
        lambda: registry.apply_unitary("z", HADAMARD),
        lambda: registry.apply_unitary(["a", "z"], CNOT),
        lambda: registry.apply_kraus(["z"], [np.eye(2)]),
        lambda: registry.measure("z", Z_BASIS, rng),
        lambda: registry.discard(["z"]),
        lambda: registry.state_of(["a", "z"]),
        lambda: registry.group_of("z"),
        lambda: registry.group_of(["a"]),
    ]
    for call in calls:
        with pytest.raises(SubsystemNameError, match=r"not a registered subsystem|not hashable"):
            call()
    with pytest.raises(KeyError):  # also a KeyError, as for a mapping
        registry.group_of("z")
    assert registry.num_groups == 1


def test_bad_additions() -> None:
    registry = StateRegistry()
    registry.add("a", Ket([1, 0]))
    with pytest.raises(SubsystemNameError, match="registered already") as error:
        registry.add("a", Ket([0, 1]))
    assert str(error.value).startswith("names='a'")
    with pytest.raises(SubsystemNameError, match="repeats 'b'"):
        registry.add_many(["b", "b"], bell_state("phi+"))
    with pytest.raises(SubsystemNameError, match="hashable"):
        registry.add(["c"], Ket([1, 0]))
    with pytest.raises(SubsystemNameError, match="hashable"):
        registry.add(("c", [1]), Ket([1, 0]))  # a tuple holding a list cannot be hashed
    with pytest.raises(DimensionMismatchError, match="3 names for a state of 2 subsystems"):
        registry.add_many(["x", "y", "z"], bell_state("phi+"))
    with pytest.raises(DimensionMismatchError, match="list or tuple"):
        registry.add_many("xy", bell_state("phi+"))
    with pytest.raises(DimensionMismatchError, match="use add_many"):
        registry.add("x", bell_state("phi+"))
    with pytest.raises(InvalidStateError, match="Ket, DensityMatrix or BellDiagonal"):
        registry.add("x", np.array([1, 0]))  # type: ignore[arg-type]
    with pytest.raises(DimensionMismatchError, match="must not repeat"):
        registry.apply_unitary(["a", "a"], CNOT)
    assert registry.names == ("a",)


@pytest.mark.parametrize("qubit", [0, 1])
def test_validated_channel_on_a_qubit_of_a_pair_equals_the_kronecker_sum(qubit: int) -> None:
    from qinternet.noise.memory import decoherence_kraus
    from qinternet.states import random_density

    rho = random_density((2, 2), np.random.default_rng(4))
    operators = decoherence_kraus(0.3, 1.0, 0.5, 0.02)  # damping, dephasing, flips
    registry = StateRegistry()
    registry.add_many(["A", "B"], rho)
    registry.apply_kraus(["A", "B"][qubit], operators, validated=True)
    eye = np.eye(2)
    expected = sum(
        (full := np.kron(k, eye) if qubit == 0 else np.kron(eye, k)) @ rho.matrix @ full.conj().T
        for k in operators
    )
    np.testing.assert_allclose(registry.state_of(["A", "B"]).matrix, expected, atol=1e-15)
