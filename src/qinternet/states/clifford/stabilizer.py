"""The stabilizer route: a :class:`NetworkCircuit` run by Stim's frame sampler.

Stim (Gidney, Quantum 5, 497, 2021) tracks Pauli noise as frames relative to one noiseless
reference run, so sampling costs O(operations x shots / 64) word operations and memory
grows with the number of qubits, not 2^n. Pauli expectation values are estimated by
measuring each observable with ``MPP`` after the circuit: observables are grouped so that
each group commutes (measured together in one run) and every group gets its own ``shots``.

Examples:
    >>> import numpy as np
    >>> from qinternet.states.clifford.circuit import CircuitBuilder
    >>> builder = CircuitBuilder({"alice": 1, "bob": 1})
    >>> builder.werner_pair(0, 1, fidelity=1.0)
    >>> circuit = builder.build()
    >>> print(to_stim(circuit))
    R 0 1
    H 0
    CX 0 1
    PAULI_CHANNEL_1(0, 0, 0) 1
    >>> values, errors = stabilizer_expectations(
    ...     circuit, [{0: "X", 1: "X"}, {0: "Z", 1: "Z"}], 100, np.random.default_rng(1))
    >>> values.tolist(), errors.tolist()
    ([1.0, 1.0], [0.0, 0.0])
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import stim
from numpy.typing import NDArray

from qinternet.core.errors import InvalidParameterError
from qinternet.core.validation import check_count
from qinternet.states.clifford.circuit import (
    NetworkCircuit,
    Operation,
    OpKind,
    PauliObservable,
    check_observable,
)

_STIM_CONDITIONED = {OpKind.X: "CX", OpKind.Y: "CY", OpKind.Z: "CZ"}
"""Stim writes a Pauli conditioned on a result as a controlled Pauli from ``rec[-k]``."""

_PAULI_TARGET = {"X": stim.target_x, "Y": stim.target_y, "Z": stim.target_z}


def check_stabilizer_circuit(circuit: NetworkCircuit) -> None:
    """Refuse a circuit with an operation outside the stabilizer formalism.

    Raises:
        InvalidParameterError: naming the first such operation (its index and kind).
    """
    index = circuit.first_non_stabilizer
    if index is not None:
        kind = circuit.operations[index].kind.value
        reason = (
            f"{kind} is neither a Clifford gate nor a Pauli channel, measurement or reset, so "
            "the stabilizer backend cannot run it; use backend='density_matrix' or 'auto'"
        )
        raise InvalidParameterError(f"operations[{index}]", kind, reason)


def to_stim(circuit: NetworkCircuit) -> stim.Circuit:
    """The Stim circuit equivalent to ``circuit`` (qubit indices as in the register).

    Raises:
        InvalidParameterError: for a non-Clifford gate or a non-Pauli channel.
    """
    check_stabilizer_circuit(circuit)
    lines: list[str] = []
    measured = 0
    for op in circuit.operations:
        lines += _stim_lines(op, measured)
        measured += op.is_measurement
    # One parse of the program text: appending instruction by instruction is ~10x slower.
    return stim.Circuit("\n".join(lines))


def _stim_lines(op: Operation, measured: int) -> list[str]:
    targets = " ".join(str(t) for t in op.targets)
    if op.condition is not None:
        return [f"{_STIM_CONDITIONED[op.kind]} rec[{op.condition - measured}] {targets}"]
    args = f"({', '.join(repr(a) for a in op.args)})" if op.args else ""
    if op.kind is OpKind.BELL_PAIR:
        first, second = op.targets
        return [
            f"R {first} {second}",
            f"H {first}",
            f"CX {first} {second}",
            f"PAULI_CHANNEL_1{args} {second}",
        ]
    return [f"{op.kind.value}{args} {targets}"]


def _seed(rng: np.random.Generator) -> int:
    """A Stim seed drawn from ``rng``, so one generator fixes the whole run."""
    return int(rng.integers(0, 2**63))


def stabilizer_samples(
    circuit: NetworkCircuit, shots: int, rng: np.random.Generator
) -> NDArray[np.uint8]:
    """``shots`` runs of ``circuit``: one row per shot, one 0/1 column per measurement."""
    shots = check_count(shots, "shots", 1)
    sampler = to_stim(circuit).compile_sampler(seed=_seed(rng))
    return np.asarray(sampler.sample(shots), dtype=np.uint8)


def stabilizer_expectations(
    circuit: NetworkCircuit,
    observables: Sequence[PauliObservable],
    shots: int,
    rng: np.random.Generator,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Estimates of <P> on the state after ``circuit`` and their standard errors.

    Each estimate is the mean of ``shots`` +-1 outcomes of measuring P (``MPP``); the
    standard error is the sample standard deviation over sqrt(shots).
    """
    shots = check_count(shots, "shots", 2)
    base = to_stim(circuit)
    checked = [
        check_observable(o, circuit.num_qubits, f"observables[{i}]")
        for i, o in enumerate(observables)
    ]
    values = np.zeros(len(checked))
    errors = np.zeros(len(checked))
    for group in commuting_groups(checked):
        run = base.copy()
        targets: list[stim.GateTarget] = []
        for index in group:
            for qubit, letter in checked[index]:
                targets += [_PAULI_TARGET[letter](qubit), stim.target_combiner()]
            if checked[index]:
                targets.pop()
        if targets:
            run.append("MPP", targets)
        bits = run.compile_sampler(seed=_seed(rng)).sample(shots)[:, circuit.num_measurements :]
        column = 0
        for index in group:
            if not checked[index]:
                values[index] = 1.0
                continue
            signs = 1.0 - 2.0 * bits[:, column]
            column += 1
            values[index] = signs.mean()
            errors[index] = signs.std(ddof=1) / np.sqrt(shots)
    return values, errors


def commuting_groups(observables: Sequence[tuple[tuple[int, str], ...]]) -> list[list[int]]:
    """Observables split greedily into groups whose members commute pairwise.

    Two Pauli products anticommute when they differ (both non-identity) on an odd number
    of qubits; pairs are found through the qubits they share, so sparse observables (a
    graph state's stabilizers) cost time linear in their number.

    Examples:
        >>> commuting_groups([((0, "X"),), ((0, "Z"),), ((0, "X"), (1, "Z")), ((1, "Z"),)])
        [[0, 2, 3], [1]]
    """
    on_qubit: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for index, observable in enumerate(observables):
        for qubit, letter in observable:
            on_qubit[qubit].append((index, letter))
    parity: dict[tuple[int, int], int] = defaultdict(int)
    for entries in on_qubit.values():
        for i, (a, letter_a) in enumerate(entries):
            for b, letter_b in entries[i + 1 :]:
                if letter_a != letter_b:
                    parity[(a, b)] ^= 1
    clashes: dict[int, set[int]] = defaultdict(set)
    for (a, b), odd in parity.items():
        if odd:
            clashes[a].add(b)
            clashes[b].add(a)
    groups: list[list[int]] = []
    group_of: dict[int, int] = {}
    for index in range(len(observables)):
        taken = {group_of[other] for other in clashes[index] if other in group_of}
        choice = next((g for g in range(len(groups)) if g not in taken), len(groups))
        if choice == len(groups):
            groups.append([])
        groups[choice].append(index)
        group_of[index] = choice
    return groups
