"""The network-circuit description and its two routes: Stim's stabilizer sampler and the
exact density-matrix evolution, held against each other and against closed forms."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy import stats

from qinternet.core.errors import (
    DimensionMismatchError,
    InvalidParameterError,
    ResourceLimitError,
)
from qinternet.states import BellDiagonal, partial_trace
from qinternet.states.clifford import (
    DENSE_MAX_QUBITS,
    PAULI_PAIRS,
    CircuitBuilder,
    DenseRun,
    NetworkCircuit,
    Operation,
    OpKind,
    check_observable,
    choose_backend,
    commuting_groups,
    pauli_expectations,
    run_dense,
    sample_measurements,
)

FIVE_SIGMA_TWO_SIDED = 2 * stats.norm.sf(5.0)
"""Two-sided tail probability of a 5-standard-error deviation (5.7e-7)."""

ONE_QUBIT = ("H", "S", "S_DAG", "X", "Y", "Z")
NOISE_1 = ("X_ERROR", "Z_ERROR", "DEPOLARIZE1", "PAULI_CHANNEL_1")


def random_network_circuit(rng: np.random.Generator, num_qubits: int) -> NetworkCircuit:
    """Random Clifford gates, Pauli channels, Bell pairs, Z/X measurements, resets and
    Paulis conditioned on earlier results, on qubits spread over three nodes."""
    nodes = {"a": (num_qubits + 2) // 3, "b": (num_qubits + 1) // 3, "c": num_qubits // 3}
    builder = CircuitBuilder({name: n for name, n in nodes.items() if n})
    results: list[int] = []
    for _ in range(int(rng.integers(6, 16))):
        a, b = (int(q) for q in rng.choice(num_qubits, size=2, replace=False))
        roll = rng.random()
        if roll < 0.3:
            builder.gate(str(rng.choice(ONE_QUBIT)), a)
        elif roll < 0.45:
            builder.gate(str(rng.choice(["CX", "CZ"])), a, b)
        elif roll < 0.55:
            weights = rng.dirichlet(np.ones(4))
            builder.bell_pair(a, b, BellDiagonal(tuple(weights)))
        elif roll < 0.7:
            kind = str(rng.choice(NOISE_1))
            count = 3 if kind == "PAULI_CHANNEL_1" else 1
            builder.add(kind, a, args=rng.dirichlet(np.ones(count + 1))[:count])
        elif roll < 0.75:
            builder.add("DEPOLARIZE2", a, b, args=[rng.random() * 0.3])
        elif roll < 0.8:
            builder.add("PAULI_CHANNEL_2", a, b, args=rng.dirichlet(np.ones(16))[:15])
        elif roll < 0.9 and len(results) < 4:
            results.append(builder.measure(a, basis=str(rng.choice(["Z", "X"]))))
        elif roll < 0.95 and results:
            builder.gate(str(rng.choice(["X", "Y", "Z"])), a, condition=int(rng.choice(results)))
        else:
            builder.add("R", a)
    return builder.build()


def informative_observables(
    exact: DenseRun, rng: np.random.Generator, num_qubits: int
) -> list[dict[int, str]]:
    """The six one- and two-qubit Paulis with the largest exact |<P>| (those a wrong gate
    or channel changes most), and two random Paulis of any weight."""
    small: list[dict[int, str]] = [{q: p} for q in range(num_qubits) for p in "XYZ"]
    small += [
        {a: p, b: r}
        for a, b in itertools.combinations(range(num_qubits), 2)
        for p in "XYZ"
        for r in "XYZ"
    ]
    small.sort(key=lambda o: -abs(exact.expectation(o)))
    return small[:6] + [random_observable(rng, num_qubits) for _ in range(2)]


def random_observable(rng: np.random.Generator, num_qubits: int) -> dict[int, str]:
    support = rng.choice(num_qubits, size=int(rng.integers(1, num_qubits + 1)), replace=False)
    return {int(q): str(rng.choice(["X", "Y", "Z"])) for q in support}


def test_fifty_random_circuits_agree_between_routes() -> None:
    """Outcome distributions and Pauli expectations: Stim vs exact density matrices.

    Expectations: |estimate - exact| <= 5 sqrt((1 - exact^2) / shots), the standard error
    of a mean of +-1 outcomes; equal when exact is +-1. Records: each count against the
    exact probability with a two-sided binomial test at the 5-sigma level; impossible
    records must never appear.
    """
    rng = np.random.default_rng(20261206)
    shots = 4000
    compared = 0
    for index in range(50):
        num_qubits = int(rng.integers(2, 9))
        circuit = random_network_circuit(rng, num_qubits)
        exact = run_dense(circuit)
        observables = informative_observables(exact, rng, num_qubits)
        result = pauli_expectations(circuit, observables, shots, rng, backend="stabilizer")
        for observable, estimate in zip(observables, result.values, strict=True):
            value = exact.expectation(observable)
            bound = 5 * math.sqrt(max(1 - value**2, 0.0) / shots) + 1e-9
            assert abs(estimate - value) <= bound, (index, observable, estimate, value)
            compared += 1
        samples = sample_measurements(circuit, shots, rng, backend="stabilizer")
        assert samples.shape == (shots, circuit.num_measurements)
        counts: dict[tuple[int, ...], int] = {}
        for row in map(tuple, samples.tolist()):
            counts[row] = counts.get(row, 0) + 1
        probability = dict(zip(exact.records, exact.probabilities, strict=True))
        assert set(counts) <= set(probability), (index, set(counts) - set(probability))
        for record, p in probability.items():
            test = stats.binomtest(counts.get(record, 0), shots, min(float(p), 1.0))
            assert test.pvalue >= FIVE_SIGMA_TWO_SIDED, (index, record, counts.get(record), p)
    assert compared == 400


def test_bell_pair_op_is_the_bell_diagonal_state() -> None:
    """BELL_PAIR's Pauli channel on the second qubit gives exactly BellDiagonal's matrix."""
    state = BellDiagonal((0.5, 0.1, 0.15, 0.25))
    builder = CircuitBuilder({"a": 1, "b": 1})
    builder.gate("X", 0)  # discarded: the pair replaces whatever the qubits held
    builder.bell_pair(0, 1, state)
    final = run_dense(builder.build()).state
    np.testing.assert_allclose(final.matrix, state.to_density().matrix, atol=1e-12)


@pytest.mark.parametrize("fidelity", [1.0, 0.9, 0.6])
def test_teleportation_over_werner_pair_both_routes(fidelity: float) -> None:
    """Teleporting |0> and |+> over a Werner pair: the corrected output has <Z> (and
    <X>) = F + (1-F)/3 - 2(1-F)/3 = (4F - 1)/3 (the teleportation channel is the Pauli
    channel of the pair's Bell weights; Bennett et al., PRL 70, 1895, 1993)."""
    expected = (4 * fidelity - 1) / 3
    for basis in ("Z", "X"):
        builder = CircuitBuilder({"alice": 2, "bob": 1})
        source, half, target = 0, 1, 2
        if basis == "X":
            builder.gate("H", source)
        builder.werner_pair(half, target, fidelity)
        builder.gate("CX", source, half)
        flip_phase = builder.measure(source, basis="X")
        flip_bit = builder.measure(half)
        builder.gate("X", target, condition=flip_bit)
        builder.gate("Z", target, condition=flip_phase)
        circuit = builder.build()
        observable = [{target: basis}]
        exact = pauli_expectations(circuit, observable, 0, None, backend="density_matrix")
        assert exact.values[0] == pytest.approx(expected, abs=1e-12)
        shots = 20000
        sampled = pauli_expectations(circuit, observable, shots, np.random.default_rng(4))
        assert sampled.backend.value == "stabilizer"
        assert abs(sampled.values[0] - expected) <= 5 * math.sqrt((1 - expected**2) / shots)


@pytest.mark.parametrize("probability", [0.05, 0.3])
def test_depolarising_channels_closed_form(probability: float) -> None:
    """On |00>: DEPOLARIZE1(p) on qubit 0 gives <Z_0> = 1 - 2 (2p/3) (X or Y of the
    three Paulis flips it); DEPOLARIZE2(p) gives <Z_0> = 1 - 2 (8p/15) (8 of the 15
    two-qubit Paulis carry X or Y on qubit 0) and <Z_0 Z_1> = 1 - 2 (8p/15) too."""
    builder = CircuitBuilder({"a": 2})
    builder.add("DEPOLARIZE1", 0, args=[probability])
    one = builder.build()
    builder = CircuitBuilder({"a": 2})
    builder.add("DEPOLARIZE2", 0, 1, args=[probability])
    two = builder.build()
    cases = [
        (one, [{0: "Z"}], [1 - 4 * probability / 3]),
        (two, [{0: "Z"}, {0: "Z", 1: "Z"}], [1 - 16 * probability / 15] * 2),
    ]
    shots = 40000
    for circuit, observables, expected in cases:
        exact = pauli_expectations(circuit, observables, 0, None, backend="density_matrix")
        np.testing.assert_allclose(exact.values, expected, atol=1e-12)
        sampled = pauli_expectations(circuit, observables, shots, np.random.default_rng(9))
        for value, target in zip(sampled.values, expected, strict=True):
            assert abs(value - target) <= 5 * math.sqrt((1 - target**2) / shots)


def test_non_clifford_ops_run_on_the_density_matrix_route() -> None:
    """T|+> has <X> = cos(pi/4); damping gamma of |1> leaves <Z> = 1 - 2(1 - gamma)."""
    builder = CircuitBuilder({"a": 2})
    builder.gate("H", 0)
    builder.gate("T", 0)
    builder.gate("X", 1)
    builder.add("AMPLITUDE_DAMPING", 1, args=[0.3])
    circuit = builder.build()
    assert choose_backend(circuit).value == "density_matrix"
    result = pauli_expectations(circuit, [{0: "X"}, {0: "Y"}, {1: "Z"}], 0, None)
    np.testing.assert_allclose(result.values, [math.sqrt(0.5), math.sqrt(0.5), -0.4], atol=1e-12)


def test_density_matrix_samples_follow_the_born_rule() -> None:
    """H T H |0>: amplitude of |1> is (1 - e^(i pi/4))/2, so P(1) = (1 - 1/sqrt(2))/2."""
    builder = CircuitBuilder({"a": 1})
    for kind in ("H", "T", "H"):
        builder.gate(kind, 0)
    builder.measure(0)
    shots = 20000
    samples = sample_measurements(builder.build(), shots, np.random.default_rng(6))
    p_one = (1 - math.sqrt(0.5)) / 2
    assert abs(samples.mean() - p_one) <= 5 * math.sqrt(p_one * (1 - p_one) / shots)


@pytest.mark.parametrize(("kind", "args"), [("T", ()), ("AMPLITUDE_DAMPING", (0.1,))])
def test_forcing_a_non_clifford_op_onto_the_stabilizer_route_names_it(
    kind: str, args: tuple[float, ...]
) -> None:
    builder = CircuitBuilder({"a": 1})
    builder.gate("H", 0)
    builder.add(kind, 0, args=args)
    with pytest.raises(InvalidParameterError, match=rf"operations\[1\]='{kind}'"):
        sample_measurements(builder.build(), 10, np.random.default_rng(0), backend="stabilizer")


def test_auto_refuses_non_clifford_beyond_the_qubit_limit() -> None:
    num_qubits = DENSE_MAX_QUBITS + 1
    builder = CircuitBuilder({"a": num_qubits})
    builder.gate("T", 3)
    with pytest.raises(ResourceLimitError, match=rf"num_qubits={num_qubits}.*T"):
        choose_backend(builder.build())
    clifford = CircuitBuilder({"a": num_qubits})
    clifford.gate("H", 3)
    assert choose_backend(clifford.build()).value == "stabilizer"
    with pytest.raises(ResourceLimitError, match=rf"num_qubits={num_qubits}"):
        choose_backend(clifford.build(), "density_matrix")
    with pytest.raises(InvalidParameterError, match="backend='tableau'"):
        choose_backend(clifford.build(), "tableau")


@pytest.mark.parametrize(
    ("kind", "targets", "args", "condition", "field"),
    [
        ("CZ", (0,), (), None, "CZ.targets"),
        ("CX", (1, 1), (), None, "CX.targets"),
        ("X_ERROR", (0,), (1.5,), None, "X_ERROR.args"),
        ("PAULI_CHANNEL_1", (0,), (0.5, 0.4, 0.3), None, "PAULI_CHANNEL_1.args"),
        ("DEPOLARIZE1", (0,), (), None, "DEPOLARIZE1.args"),
        ("H", (0,), (), 0, "H.condition"),
        ("SWAP", (0, 1), (), None, "kind"),
    ],
)
def test_malformed_operations_are_refused(
    kind: str, targets: tuple[int, ...], args: tuple[float, ...], condition: int | None, field: str
) -> None:
    with pytest.raises(InvalidParameterError, match=rf"^{re_escape(field)}="):
        Operation(kind, targets, args, condition)  # type: ignore[arg-type]


def re_escape(text: str) -> str:
    return text.replace(".", r"\.")


def test_circuit_checks_register_and_conditions() -> None:
    with pytest.raises(DimensionMismatchError, match="outside the register of 2"):
        NetworkCircuit((("a", 0), ("b", 0)), (Operation(OpKind.H, (2,)),))
    with pytest.raises(DimensionMismatchError, match="measurement 0, but 0 came before"):
        NetworkCircuit((("a", 0),), (Operation(OpKind.X, (0,), condition=0),))
    with pytest.raises(InvalidParameterError, match="label repeats"):
        NetworkCircuit((("a", 0), ("a", 0)), ())
    builder = CircuitBuilder({"a": 1})
    with pytest.raises(InvalidParameterError, match="qubit=\\('b', 0\\)"):
        builder.gate("H", ("b", 0))
    with pytest.raises(InvalidParameterError, match="basis='Y'"):
        builder.measure(0, basis="Y")
    with pytest.raises(InvalidParameterError, match="not a Pauli letter"):
        check_observable({0: "W"}, 1)
    with pytest.raises(InvalidParameterError, match="kind='M': use measure"):
        builder.add("M", 0)
    with pytest.raises(InvalidParameterError, match="kind='R': a gate is one of"):
        builder.gate("R", 0)
    with pytest.raises(InvalidParameterError, match="kind='SWAP'"):
        builder.gate("SWAP", 0)
    with pytest.raises(InvalidParameterError, match="condition=0: only 0 measurement"):
        builder.gate("X", 0, condition=0)
    with pytest.raises(InvalidParameterError, match="nodes\\['b'\\]=-1"):
        CircuitBuilder({"b": -1})


def test_named_qubits_and_measured_columns() -> None:
    builder = CircuitBuilder({"alice": 2, "bob": 1})
    assert builder.qubit("bob") == 2
    builder.gate("X", ("bob", 0))
    builder.measure(("alice", 1), basis="X")
    builder.measure(("bob", 0))
    circuit = builder.build()
    assert circuit.measured_qubits == (1, 2)
    assert circuit.index(("alice", 1)) == 1
    samples = sample_measurements(circuit, 200, np.random.default_rng(5))
    assert samples[:, 1].tolist() == [1] * 200  # X|0> read in Z: always 1
    # |0> read in X is a fair coin: 200 shots, mean 1/2 within 5 standard errors
    assert abs(samples[:, 0].mean() - 0.5) <= 5 * math.sqrt(0.25 / 200)


def test_seeded_runs_repeat() -> None:
    rng_circuit = np.random.default_rng(11)
    circuit = random_network_circuit(rng_circuit, 6)
    first = sample_measurements(circuit, 50, np.random.default_rng(3))
    second = sample_measurements(circuit, 50, np.random.default_rng(3))
    np.testing.assert_array_equal(first, second)


def test_commuting_groups_against_brute_force() -> None:
    """Every group commutes pairwise (anticommuting = odd number of clashing positions)."""
    rng = np.random.default_rng(8)
    observables = [check_observable(random_observable(rng, 5), 5, "observable") for _ in range(40)]
    groups = commuting_groups(observables)
    assert sorted(i for group in groups for i in group) == list(range(40))
    for group in groups:
        for a, b in itertools.combinations(group, 2):
            first, second = dict(observables[a]), dict(observables[b])
            clashes = sum(1 for q in first if q in second and first[q] != second[q])
            assert clashes % 2 == 0


def test_two_qubit_pauli_channel_order_matches_its_paulis() -> None:
    """Each PAULI_CHANNEL_2 argument applies the Pauli named in PAULI_PAIRS: applied
    with probability 1 to |00>, then measured in Z, it flips exactly the qubits whose
    letter is X or Y."""
    for position, pair in enumerate(PAULI_PAIRS):
        args = [0.0] * 15
        args[position] = 1.0
        builder = CircuitBuilder({"a": 2})
        builder.add("PAULI_CHANNEL_2", 0, 1, args=args)
        builder.measure(0)
        builder.measure(1)
        expected = [int(letter in "XY") for letter in pair]
        for backend in ("stabilizer", "density_matrix"):
            rows = sample_measurements(
                builder.build(), 5, np.random.default_rng(1), backend=backend
            )
            assert rows.tolist() == [expected] * 5, (pair, backend)


def test_reduced_state_after_measurement_and_reset() -> None:
    """Measuring half of phi+ and resetting it leaves the other half maximally mixed."""
    builder = CircuitBuilder({"a": 1, "b": 1})
    builder.werner_pair(0, 1, 1.0)
    builder.measure(0)
    builder.add("R", 0)
    run = run_dense(builder.build())
    np.testing.assert_allclose(partial_trace(run.state, [1]).matrix, np.eye(2) / 2, atol=1e-12)
    np.testing.assert_allclose(run.probabilities, [0.5, 0.5], atol=1e-12)
