"""Named subsystems that share joint states: entangled subsystems share one state object.

A :class:`StateRegistry` maps the names of subsystems (any hashable: ``"A"``,
``("B", "memory", 3)``; qubits, qutrits or truncated Fock modes) to the *group* whose
joint state they belong to. A joint operation on subsystems of different groups first
merges just those groups by tensor product; measuring (with ``remove=True``) or
discarding subsystems takes them out of their group by projection and partial trace, and
a group with no subsystems left disappears. So thousands of memories holding Bell pairs
are thousands of small states, never one exponentially large one. Groups that happen to
factorise are not split (product states are not detected), except that a pure group
stays a :class:`~qinternet.states.Ket` when the removed subsystems were in a product
with the rest.

Where a method takes ``names``, it accepts one registered name or a list/tuple of
names; a tuple that is itself a registered name means that one subsystem.

Examples:
    Entanglement swapping from two Bell pairs, with the Bell measurement built from a
    CNOT, a Hadamard and two computational-basis measurements:

    >>> import numpy as np
    >>> from qinternet.states import bell_state, fidelity, projectors_from_basis
    >>> registry = StateRegistry()
    >>> registry.add_many(["A", "B1"], bell_state("phi+"))
    >>> registry.add_many(["B2", "C"], bell_state("phi+"))
    >>> registry.num_groups, len(registry)
    (2, 4)
    >>> cnot = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]])
    >>> registry.apply_unitary(["B1", "B2"], cnot)  # merges the two pairs
    >>> registry.group_of("C")
    ('A', 'B1', 'B2', 'C')
    >>> registry.apply_unitary("B1", np.array([[1, 1], [1, -1]]) / np.sqrt(2))
    >>> z_basis = projectors_from_basis(np.eye(2))
    >>> rng = np.random.default_rng(7)
    >>> m1 = registry.measure("B1", z_basis, rng)
    >>> m2 = registry.measure("B2", z_basis, rng)
    >>> round(m1.probability, 12), round(m2.probability, 12)
    (0.5, 0.5)
    >>> registry.group_of("A"), len(registry)
    (('A', 'C'), 2)
    >>> if m2.outcome:
    ...     registry.apply_unitary("C", np.array([[0, 1], [1, 0]]))
    >>> if m1.outcome:
    ...     registry.apply_unitary("C", np.diag([1, -1]))
    >>> round(fidelity(registry.state_of(["A", "C"]), bell_state("phi+")), 12)
    1.0
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterator, Sequence
from typing import Any, NamedTuple

import numpy as np

from qinternet.core.errors import (
    DimensionMismatchError,
    SubsystemNameError,
)
from qinternet.core.validation import check_count
from qinternet.states import ops
from qinternet.states._group import Group, as_state, join, keep_subsystems
from qinternet.states._validate import check_unitary
from qinternet.states.bell import BellDiagonal
from qinternet.states.measurement import measure
from qinternet.states.ops import _apply_channel, apply_kraus, apply_unitary
from qinternet.states.types import DensityMatrix, State


class MeasurementOutcome(NamedTuple):
    """What :meth:`StateRegistry.measure` returns.

    Attributes:
        outcome: index of the measurement operator that fired.
        probability: probability of that outcome before the measurement.
    """

    outcome: int
    probability: float


class StateRegistry:
    """Named subsystems pointing to the joint states (groups) they belong to.

    Args:
        max_state_bytes: largest joint state (16 bytes per amplitude, d for a Ket, d^2
            for a density matrix) a merge may create; a larger one raises
            :class:`~qinternet.core.errors.ResourceLimitError` before it is allocated.

    Raises:
        InvalidParameterError: if ``max_state_bytes`` is not a positive integer.
    """

    def __init__(self, *, max_state_bytes: int = 2**30) -> None:
        self._max_state_bytes = check_count(max_state_bytes, "max_state_bytes", 1)
        self._groups: dict[int, Group] = {}
        self._group_id: dict[Hashable, int] = {}
        self._next_id = 0

    def __contains__(self, name: object) -> bool:
        try:
            return name in self._group_id
        except TypeError:  # unhashable: never a name
            return False

    def __len__(self) -> int:
        return len(self._group_id)

    def __iter__(self) -> Iterator[Hashable]:
        return iter(tuple(self._group_id))

    def __repr__(self) -> str:
        return f"StateRegistry({len(self)} subsystems in {self.num_groups} groups)"

    @property
    def names(self) -> tuple[Hashable, ...]:
        """All registered subsystem names, in the order they were added."""
        return tuple(self._group_id)

    @property
    def num_groups(self) -> int:
        """Number of joint states held."""
        return len(self._groups)

    @property
    def groups(self) -> tuple[tuple[Hashable, ...], ...]:
        """The names of every group, each in the subsystem order of its joint state."""
        return tuple(group.names for group in self._groups.values())

    def group_of(self, name: Hashable) -> tuple[Hashable, ...]:
        """The names sharing the joint state of ``name`` (itself included), in state order.

        Raises:
            SubsystemNameError: if ``name`` is not registered.
        """
        return self._groups[self._id_of(name, "name")].names

    def group_state(self, name: Hashable) -> State:
        """The joint state of the group of ``name`` (subsystems in :meth:`group_of` order).

        States are immutable, so the registry's own object is returned: a :class:`Ket` while
        the group is pure, a :class:`DensityMatrix` otherwise.
        """
        return self._groups[self._id_of(name, "name")].state

    def dim_of(self, name: Hashable) -> int:
        """The Hilbert-space dimension of the subsystem ``name``."""
        group = self._groups[self._id_of(name, "name")]
        return group.state.dims[group.names.index(name)]

    def state_of(self, names: Hashable | Sequence[Hashable]) -> DensityMatrix:
        """The reduced density matrix of ``names``, subsystems in the order asked (immutable).

        Subsystems of different groups are uncorrelated, so their reduced states are
        combined by tensor product; no group is changed. States are immutable, so a
        whole group is returned without a copy.

        Raises:
            SubsystemNameError: if a name is not registered.
        """
        asked = self._resolve(names)
        whole = self._groups[self._group_id[asked[0]]]
        if whole.names == asked:
            return whole.state.to_density()
        by_group: dict[int, list[Hashable]] = {}
        for name in asked:
            by_group.setdefault(self._group_id[name], []).append(name)
        pieces = []
        joint_names: list[Hashable] = []
        for group_id, members in by_group.items():
            group = self._groups[group_id]
            pieces.append(ops.partial_trace(group.state, [group.names.index(n) for n in members]))
            joint_names.extend(members)
        joint = ops.tensor(*pieces).to_density()
        order = [joint_names.index(name) for name in asked]
        if order == list(range(len(order))):
            return joint
        return ops.permute(joint, order)

    def add(self, name: Hashable, state: State | BellDiagonal) -> None:
        """Register one subsystem ``name`` in a new group holding the one-subsystem ``state``.

        Raises:
            SubsystemNameError: if ``name`` is registered already or not hashable.
            DimensionMismatchError: if ``state`` has more than one subsystem.
        """
        checked = as_state(state)
        if checked.num_subsystems != 1:
            raise DimensionMismatchError(
                "state",
                checked,
                f"has {checked.num_subsystems} subsystems; use add_many for a joint state",
            )
        self._new_group((name,), checked)

    def add_many(self, names: Sequence[Hashable], state: State | BellDiagonal) -> None:
        """Register ``names`` (one per subsystem, in order) in a new group holding ``state``.

        Raises:
            SubsystemNameError: if a name is registered already, repeated or not hashable.
            DimensionMismatchError: if the number of names differs from the subsystems.
        """
        if isinstance(names, str | bytes) or not isinstance(names, Sequence):
            raise DimensionMismatchError(
                "names", names, "must be a list or tuple of names, one per subsystem"
            )
        checked = as_state(state)
        if len(names) != checked.num_subsystems:
            raise DimensionMismatchError(
                "names",
                names,
                f"gives {len(names)} names for a state of {checked.num_subsystems} "
                f"subsystems (dims {checked.dims})",
            )
        self._new_group(tuple(names), checked)

    def discard(self, names: Hashable | Sequence[Hashable]) -> None:
        """Trace out and unregister the subsystems ``names``; groups are not merged.

        Raises:
            SubsystemNameError: if a name is not registered.
        """
        dropped = self._resolve(names)
        by_group: dict[int, list[Hashable]] = {}
        for name in dropped:
            by_group.setdefault(self._group_id[name], []).append(name)
        for group_id, members in by_group.items():
            group = self._groups[group_id]
            self._commit([group_id], group.names, group.state, drop=members)

    def apply_unitary(self, names: Hashable | Sequence[Hashable], unitary: Any) -> None:
        """Apply ``unitary`` jointly to ``names`` (in that order), merging their groups.

        Raises:
            SubsystemNameError: if a name is not registered.
            NonUnitaryError: if ``unitary`` is not unitary.
            DimensionMismatchError: if its size does not fit the subsystems.
        """
        targets = self._resolve(names)
        checked = check_unitary(unitary, math.prod(self.dim_of(n) for n in targets))
        ids, joint_names, state = self._joint(targets)
        indices = [joint_names.index(n) for n in targets]
        self._commit(ids, joint_names, apply_unitary(state, checked, indices))

    def apply_kraus(
        self,
        names: Hashable | Sequence[Hashable],
        kraus_operators: Sequence[Any],
        *,
        output_dims: Sequence[int] | None = None,
        validated: bool = False,
    ) -> None:
        """Apply the channel with ``kraus_operators`` jointly to ``names``, merging groups.

        ``output_dims`` is passed to :func:`~qinternet.states.apply_kraus` for channels
        that change the dimension of the subsystems. ``validated=True`` skips the
        trace-preservation check, for square operators that qinternet's own channel
        constructors built (the hot path of memory noise).

        Raises:
            SubsystemNameError: if a name is not registered.
            InvalidChannelError: if the operators are not trace preserving.
            DimensionMismatchError: if their shapes do not fit the subsystems.
        """
        targets = self._resolve(names)
        ids, joint_names, state = self._joint(targets)
        indices = [joint_names.index(n) for n in targets]
        if validated and state.dims == (2, 2) and len(indices) == 1:
            result = _channel_on_pair_qubit(state.to_density(), kraus_operators, indices[0])
        elif validated:
            in_dims = [state.dims[i] for i in indices]
            result = _apply_channel(state.to_density(), kraus_operators, indices, in_dims)
        else:
            operators = ops.check_kraus(kraus_operators, math.prod(self.dim_of(n) for n in targets))
            result = apply_kraus(state, operators, indices, output_dims=output_dims)
        self._commit(ids, joint_names, result)

    def measure(
        self,
        names: Hashable | Sequence[Hashable],
        operators: Sequence[Any],
        rng: np.random.Generator,
        *,
        remove: bool = True,
    ) -> MeasurementOutcome:
        """Measure ``names`` jointly with measurement operators ``operators``.

        Args:
            names: the measured subsystems, in the order the operators expect.
            operators: square M_k with sum M_k^dagger M_k = I (see
                :func:`~qinternet.states.projectors_from_basis`).
            rng: the random stream that picks the outcome.
            remove: if true, the measured subsystems are traced out after the
                measurement and unregistered; otherwise they stay in their
                post-measurement state.

        Returns:
            The outcome index and its probability.

        Raises:
            SubsystemNameError: if a name is not registered.
            InvalidChannelError: if the operators are not complete.
            DimensionMismatchError: if they do not fit the subsystems.
        """
        targets = self._resolve(names)
        ids, joint_names, state = self._joint(targets)
        indices = [joint_names.index(n) for n in targets]
        result = measure(state, operators, indices, rng)
        self._commit(ids, joint_names, result.state, drop=targets if remove else ())
        return MeasurementOutcome(result.outcome, result.probability)

    def _id_of(self, name: Any, parameter: str) -> int:
        try:
            return self._group_id[name]
        except TypeError:
            raise SubsystemNameError(parameter, name, "is not hashable, so not a name") from None
        except KeyError:
            raise SubsystemNameError(parameter, name, "is not a registered subsystem") from None

    def _resolve(self, names: Any) -> tuple[Hashable, ...]:
        if not isinstance(names, list) and names in self:  # a list is never a name
            return (names,)
        if not isinstance(names, list | tuple):
            raise SubsystemNameError("names", names, "is not a registered subsystem")
        if not names:
            raise DimensionMismatchError("names", names, "must name at least one subsystem")
        for name in names:
            if name not in self:
                raise SubsystemNameError(
                    "names", names, f"element {name!r} is not a registered subsystem"
                )
        if len(set(names)) != len(names):
            raise DimensionMismatchError("names", names, "must not repeat a subsystem")
        return tuple(names)

    def _new_group(self, names: tuple[Hashable, ...], state: State) -> None:
        for i, name in enumerate(names):
            try:
                hash(name)
            except TypeError:
                raise SubsystemNameError("names", name, "is not hashable, so not a name") from None
            if name in self:
                raise SubsystemNameError("names", name, "is registered already")
            if name in names[:i]:
                raise SubsystemNameError("names", names, f"repeats {name!r}")
        self._groups[self._next_id] = Group(names, state)
        for name in names:
            self._group_id[name] = self._next_id
        self._next_id += 1

    def _joint(self, names: Sequence[Hashable]) -> tuple[list[int], tuple[Hashable, ...], State]:
        """The groups of ``names`` (first-appearance order), their joint names and state.

        Nothing is changed: the caller commits the result of its operation.
        """
        ids = list(dict.fromkeys(self._group_id[name] for name in names))
        joint_names, state = join([self._groups[i] for i in ids], names, self._max_state_bytes)
        return ids, joint_names, state

    def _commit(
        self,
        ids: Sequence[int],
        names: tuple[Hashable, ...],
        state: State,
        drop: Sequence[Hashable] = (),
    ) -> None:
        """Replace the groups ``ids`` by one group (id ``ids[0]``) of ``names`` minus ``drop``."""
        first = ids[0]
        for other in ids[1:]:
            for name in self._groups.pop(other).names:
                self._group_id[name] = first
        if drop:
            dropped = set(drop)
            kept = [i for i, name in enumerate(names) if name not in dropped]
            for name in drop:
                del self._group_id[name]
            if not kept:
                del self._groups[first]
                return
            state = keep_subsystems(state, kept)
            names = tuple(names[i] for i in kept)
        self._groups[first] = Group(names, state)


def _channel_on_pair_qubit(
    state: DensityMatrix, kraus_operators: Sequence[Any], qubit: int
) -> DensityMatrix:
    """``sum_k K_k rho K_k^dagger``, trusted 2x2 K_k on ``qubit`` of a two-qubit state: the
    superoperator sum_k K_k (x) K_k^* on that qubit's (row, column) pair, one 4x4 product."""
    ops = np.asarray(kraus_operators, dtype=np.complex128)
    superop = (ops[:, :, None, :, None] * ops.conj()[:, None, :, None, :]).sum(axis=0)
    by_qubit = state.matrix.reshape(2, 2, 2, 2).transpose(0, 2, 1, 3).reshape(4, 4)
    if qubit == 0:
        by_qubit = superop.reshape(4, 4) @ by_qubit
    else:
        by_qubit = by_qubit @ superop.reshape(4, 4).T
    result = by_qubit.reshape(2, 2, 2, 2).transpose(0, 2, 1, 3).reshape(4, 4)
    return DensityMatrix._trusted(result, (2, 2))
