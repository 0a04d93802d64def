"""A validated description of a network circuit: qubits held by nodes, gates, measurements,
resets, Pauli noise and noisy Bell-pair generation.

A circuit is a register of qubits, each labelled ``(node, slot)``, and a list of
:class:`Operation`. Measurements write one classical bit each, numbered in order; an X, Y
or Z gate may be conditioned on an earlier bit (a Pauli-frame correction sent by another
node). ``BELL_PAIR`` prepares |phi+> on two qubits (discarding what they held) and applies
a one-qubit Pauli channel to the second: X, Y, Z turn phi+ into psi+, psi-, phi-, so this
is any Bell-diagonal pair, a Werner pair in particular.

Every operation except ``T`` and ``AMPLITUDE_DAMPING`` is a Clifford gate, a Pauli channel,
a Pauli measurement or a reset, so a circuit without those two runs on the stabilizer
route (Gottesman-Knill theorem; Aaronson & Gottesman, Phys. Rev. A 70, 052328, 2004).

Examples:
    >>> builder = CircuitBuilder({"alice": 1, "bob": 1})
    >>> builder.werner_pair(("alice", 0), ("bob", 0), fidelity=0.9)
    >>> builder.measure(("alice", 0)), builder.measure(("bob", 0))
    (0, 1)
    >>> circuit = builder.build()
    >>> circuit.num_qubits, circuit.num_measurements, circuit.is_stabilizer
    (2, 2, True)
    >>> [round(p, 6) for p in circuit.operations[0].args]
    [0.033333, 0.033333, 0.033333]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Any

from qinternet.core.errors import DimensionMismatchError, InvalidParameterError
from qinternet.core.validation import check_choice, check_count, check_probability
from qinternet.states.bell import BellDiagonal


class OpKind(StrEnum):
    """Operations of a network circuit (values follow Stim's gate names where Stim has one)."""

    H = "H"
    S = "S"
    S_DAG = "S_DAG"
    X = "X"
    Y = "Y"
    Z = "Z"
    CNOT = "CX"
    CZ = "CZ"
    MEASURE_Z = "M"
    MEASURE_X = "MX"
    RESET = "R"
    X_ERROR = "X_ERROR"
    Z_ERROR = "Z_ERROR"
    DEPOLARIZE1 = "DEPOLARIZE1"
    DEPOLARIZE2 = "DEPOLARIZE2"
    PAULI_CHANNEL_1 = "PAULI_CHANNEL_1"
    PAULI_CHANNEL_2 = "PAULI_CHANNEL_2"
    BELL_PAIR = "BELL_PAIR"
    T = "T"
    AMPLITUDE_DAMPING = "AMPLITUDE_DAMPING"


@dataclass(frozen=True)
class _Spec:
    arity: int
    num_args: int
    stabilizer: bool = True


_SPECS: dict[OpKind, _Spec] = {
    **{OpKind(kind): _Spec(1, 0) for kind in ["H", "S", "S_DAG", "X", "Y", "Z", "M", "MX", "R"]},
    OpKind.CNOT: _Spec(2, 0),
    OpKind.CZ: _Spec(2, 0),
    OpKind.X_ERROR: _Spec(1, 1),
    OpKind.Z_ERROR: _Spec(1, 1),
    OpKind.DEPOLARIZE1: _Spec(1, 1),
    OpKind.DEPOLARIZE2: _Spec(2, 1),
    OpKind.PAULI_CHANNEL_1: _Spec(1, 3),
    OpKind.PAULI_CHANNEL_2: _Spec(2, 15),
    OpKind.BELL_PAIR: _Spec(2, 3),
    OpKind.T: _Spec(1, 0, stabilizer=False),
    OpKind.AMPLITUDE_DAMPING: _Spec(1, 1, stabilizer=False),
}

PAULI_PAIRS: tuple[str, ...] = tuple(a + b for a in "IXYZ" for b in "IXYZ")[1:]
"""The 15 non-identity two-qubit Paulis in the order of ``PAULI_CHANNEL_2``'s arguments
(first letter on the first target): IX, IY, IZ, XI, ..., ZZ, as in Stim."""

GATE_KINDS = tuple(OpKind(name) for name in ["H", "S", "S_DAG", "X", "Y", "Z", "CX", "CZ", "T"])
"""Kinds that :meth:`CircuitBuilder.gate` appends (unitaries without parameters)."""

CONDITIONAL_KINDS = frozenset({OpKind.X, OpKind.Y, OpKind.Z})
"""Gates that may be conditioned on an earlier measurement result (Pauli-frame corrections)."""

QubitRef = int | tuple[str, int]
"""A qubit as its index in the register or as its ``(node, slot)`` label."""


@dataclass(frozen=True)
class Operation:
    """One operation: ``kind`` on qubits ``targets`` with parameters ``args``.

    Args:
        kind: an :class:`OpKind` (or its value, e.g. ``"CZ"``).
        targets: register indices, distinct, as many as the kind acts on.
        args: probabilities: one for X_ERROR, Z_ERROR, DEPOLARIZE1/2 and the damping
            probability gamma of AMPLITUDE_DAMPING; (p_x, p_y, p_z) for PAULI_CHANNEL_1 and
            for BELL_PAIR (the Pauli on its second qubit); 15 for PAULI_CHANNEL_2
            (order :data:`PAULI_PAIRS`). Channel probabilities sum to at most 1.
        condition: for X, Y, Z only: index of an earlier measurement; the gate acts
            when that measurement read 1.

    Raises:
        InvalidParameterError: for a wrong number of targets or arguments, repeated
            targets, a probability outside [0, 1] or a condition on another kind.
    """

    kind: OpKind
    targets: tuple[int, ...]
    args: tuple[float, ...] = ()
    condition: int | None = None

    def __post_init__(self) -> None:
        kind = check_choice(self.kind, OpKind, "kind")
        spec = _SPECS[kind]
        targets = tuple(check_count(t, f"{kind.value}.targets") for t in _listed(self.targets))
        if len(targets) != spec.arity or len(set(targets)) != len(targets):
            reason = f"{kind.value} needs {spec.arity} distinct qubit(s)"
            raise InvalidParameterError(f"{kind.value}.targets", self.targets, reason)
        args = tuple(check_probability(a, f"{kind.value}.args") for a in _listed(self.args))
        if len(args) != spec.num_args:
            reason = f"{kind.value} takes {spec.num_args} argument(s)"
            raise InvalidParameterError(f"{kind.value}.args", self.args, reason)
        if math.fsum(args) > 1.0 + 1e-12:
            reason = "the probabilities of a Pauli channel sum to more than 1"
            raise InvalidParameterError(f"{kind.value}.args", self.args, reason)
        if self.condition is not None:
            if kind not in CONDITIONAL_KINDS:
                reason = "only X, Y and Z may be conditioned on a measurement"
                raise InvalidParameterError(f"{kind.value}.condition", self.condition, reason)
            check_count(self.condition, f"{kind.value}.condition")
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "targets", targets)
        object.__setattr__(self, "args", args)

    @property
    def is_stabilizer(self) -> bool:
        """True for Clifford gates, Pauli channels, Pauli measurements and resets."""
        return _SPECS[self.kind].stabilizer

    @property
    def is_measurement(self) -> bool:
        """True for ``M`` and ``MX``, which each write one classical bit."""
        return self.kind in (OpKind.MEASURE_Z, OpKind.MEASURE_X)


def _listed(values: Any) -> tuple[Any, ...]:
    try:
        return tuple(values)
    except TypeError:
        return (values,)


@dataclass(frozen=True)
class NetworkCircuit:
    """Qubits labelled ``(node, slot)`` and the operations on them, in time order.

    Raises:
        InvalidParameterError: for a repeated or malformed qubit label.
        DimensionMismatchError: for a target outside the register or a condition that
            does not name an earlier measurement.
    """

    qubits: tuple[tuple[str, int], ...]
    operations: tuple[Operation, ...]

    def __post_init__(self) -> None:
        labels = tuple((str(node), check_count(slot, "slot")) for node, slot in self.qubits)
        if len(set(labels)) != len(labels):
            raise InvalidParameterError("qubits", self.qubits, "a (node, slot) label repeats")
        operations = tuple(self.operations)
        measured = 0
        for index, op in enumerate(operations):
            if not isinstance(op, Operation):
                raise InvalidParameterError(f"operations[{index}]", op, "must be an Operation")
            if max(op.targets) >= len(labels):
                reason = f"targets a qubit outside the register of {len(labels)}"
                raise DimensionMismatchError(f"operations[{index}]", op, reason)
            if op.condition is not None and op.condition >= measured:
                reason = f"conditioned on measurement {op.condition}, but {measured} came before"
                raise DimensionMismatchError(f"operations[{index}]", op, reason)
            measured += op.is_measurement
        object.__setattr__(self, "qubits", labels)
        object.__setattr__(self, "operations", operations)

    @property
    def num_qubits(self) -> int:
        """Size of the register."""
        return len(self.qubits)

    @cached_property
    def measured_qubits(self) -> tuple[int, ...]:
        """The qubit read by each measurement, in order (the columns of the samples)."""
        return tuple(op.targets[0] for op in self.operations if op.is_measurement)

    @property
    def num_measurements(self) -> int:
        """Number of classical bits the circuit writes."""
        return len(self.measured_qubits)

    @cached_property
    def first_non_stabilizer(self) -> int | None:
        """Index of the first operation outside the stabilizer formalism, or None."""
        return next((i for i, op in enumerate(self.operations) if not op.is_stabilizer), None)

    @property
    def is_stabilizer(self) -> bool:
        """True if every operation is Clifford, a Pauli channel, a measurement or a reset."""
        return self.first_non_stabilizer is None

    def index(self, qubit: QubitRef) -> int:
        """The register index of ``qubit`` (an index or a ``(node, slot)`` label)."""
        return _resolve(qubit, self._positions, self.num_qubits)

    @cached_property
    def _positions(self) -> dict[tuple[str, int], int]:
        return {label: i for i, label in enumerate(self.qubits)}


def _resolve(qubit: QubitRef, positions: Mapping[tuple[str, int], int], num_qubits: int) -> int:
    if isinstance(qubit, tuple):
        label = (str(qubit[0]), qubit[1]) if len(qubit) == 2 else qubit
        if label not in positions:
            raise InvalidParameterError("qubit", qubit, "no such (node, slot) in the register")
        return positions[label]
    index = check_count(qubit, "qubit")
    if index >= num_qubits:
        raise InvalidParameterError("qubit", qubit, f"register holds {num_qubits} qubits")
    return index


class CircuitBuilder:
    """Builds a :class:`NetworkCircuit` on the qubits of named nodes, one call per operation.

    Args:
        nodes: number of qubits held by each node; they are registered node by node, so
            ``("alice", 0)`` is index 0.
    """

    def __init__(self, nodes: Mapping[str, int]) -> None:
        self._qubits = [
            (str(node), slot)
            for node, n in nodes.items()
            for slot in range(check_count(n, f"nodes[{node!r}]"))
        ]
        self._positions = {label: i for i, label in enumerate(self._qubits)}
        self._operations: list[Operation] = []
        self._num_measurements = 0

    def qubit(self, node: str, slot: int = 0) -> int:
        """The register index of ``(node, slot)``."""
        return _resolve((node, slot), self._positions, len(self._qubits))

    def add(self, kind: OpKind | str, *qubits: QubitRef, args: Sequence[float] = ()) -> None:
        """Append ``kind`` on ``qubits`` with ``args`` (see :class:`Operation`); measurements
        go through :meth:`measure`, which returns the index of their result."""
        checked = check_choice(kind, OpKind, "kind")
        if checked in (OpKind.MEASURE_Z, OpKind.MEASURE_X):
            raise InvalidParameterError("kind", kind, "use measure(), which numbers the result")
        self._append(Operation(checked, self._targets(qubits), tuple(args)))

    def gate(self, kind: OpKind | str, *qubits: QubitRef, condition: int | None = None) -> None:
        """A gate (H, S, S_DAG, X, Y, Z, CX, CZ, T); Paulis may carry a ``condition``."""
        checked = check_choice(kind, OpKind, "kind")
        if checked not in GATE_KINDS:
            names = ", ".join(g.value for g in GATE_KINDS)
            raise InvalidParameterError("kind", kind, f"a gate is one of {names}")
        self._append(Operation(checked, self._targets(qubits), (), condition))

    def _targets(self, qubits: Sequence[QubitRef]) -> tuple[int, ...]:
        return tuple(_resolve(q, self._positions, len(self._qubits)) for q in qubits)

    def _append(self, operation: Operation) -> None:
        if operation.condition is not None and operation.condition >= self._num_measurements:
            reason = f"only {self._num_measurements} measurement(s) came before"
            raise InvalidParameterError("condition", operation.condition, reason)
        self._operations.append(operation)

    def measure(self, qubit: QubitRef, basis: str = "Z") -> int:
        """Measure ``qubit`` in the Z or X basis; returns the index of its result bit."""
        kind = {"Z": OpKind.MEASURE_Z, "X": OpKind.MEASURE_X}.get(basis)
        if kind is None:
            raise InvalidParameterError("basis", basis, "must be 'Z' or 'X'")
        self._append(Operation(kind, self._targets([qubit])))
        self._num_measurements += 1
        return self._num_measurements - 1

    def bell_pair(self, first: QubitRef, second: QubitRef, state: BellDiagonal) -> None:
        """Fresh pair in the Bell-diagonal ``state`` on ``first``, ``second``."""
        phi_plus, phi_minus, psi_plus, psi_minus = state.coefficients
        del phi_plus
        self.add(OpKind.BELL_PAIR, first, second, args=(psi_plus, psi_minus, phi_minus))

    def werner_pair(self, first: QubitRef, second: QubitRef, fidelity: float) -> None:
        """Fresh Werner pair of ``fidelity`` with phi+ on ``first``, ``second``."""
        self.bell_pair(first, second, BellDiagonal.from_werner(fidelity))

    def build(self) -> NetworkCircuit:
        """The circuit built so far (validated)."""
        return NetworkCircuit(tuple(self._qubits), tuple(self._operations))


PauliObservable = Mapping[int, str]
"""A Pauli product as ``{qubit index: "X" | "Y" | "Z"}`` (identity elsewhere)."""


def check_observable(
    observable: PauliObservable, num_qubits: int, name: str = "observable"
) -> tuple[tuple[int, str], ...]:
    """``observable`` as sorted ``(qubit, letter)`` pairs, identities dropped.

    Raises:
        InvalidParameterError: for a letter other than I, X, Y, Z or a qubit outside the
            register.

    Examples:
        >>> check_observable({2: "Z", 0: "x", 1: "I"}, 3)
        ((0, 'X'), (2, 'Z'))
    """
    try:
        items = list(observable.items())
    except AttributeError:
        raise InvalidParameterError(
            name, observable, "must map qubits to 'X', 'Y' or 'Z'"
        ) from None
    checked = []
    for qubit, letter in items:
        index = check_count(qubit, name)
        pauli = str(letter).upper()
        if pauli not in ("I", "X", "Y", "Z"):
            raise InvalidParameterError(name, observable, f"{letter!r} is not a Pauli letter")
        if index >= num_qubits:
            raise InvalidParameterError(name, observable, f"the register holds {num_qubits} qubits")
        if pauli != "I":
            checked.append((index, pauli))
    return tuple(sorted(checked))
