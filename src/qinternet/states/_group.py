"""The groups of a :class:`~qinternet.states.StateRegistry`: a group's names and joint
state, the joint state of merged groups (with a memory limit), and the state left to the
kept subsystems when others leave (a Ket when they were in a product with the rest, else
the partial trace).

Examples:
    >>> from qinternet.states import bell_state, tensor
    >>> kept = keep_subsystems(tensor(bell_state("phi+"), bell_state("psi-")), [0, 1])
    >>> type(kept).__name__, kept.dims
    ('Ket', (2, 2))
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from qinternet.core.errors import InvalidStateError, ResourceLimitError
from qinternet.states.bell import BellDiagonal
from qinternet.states.ops import partial_trace, tensor
from qinternet.states.types import DensityMatrix, Ket, State

_PRODUCT_ATOL = 1e-10
"""Largest second Schmidt coefficient for which a pure group counts as a product."""


@dataclass(frozen=True)
class Group:
    """The joint state of the subsystems ``names`` (in the order of its tensor factors)."""

    names: tuple[Hashable, ...]
    state: State


def as_state(state: Any) -> State:
    """``state`` as a Ket or DensityMatrix (a BellDiagonal becomes its density matrix)."""
    if isinstance(state, Ket | DensityMatrix):
        return state
    if isinstance(state, BellDiagonal):
        return state.to_density()
    raise InvalidStateError("state", state, "must be a Ket, DensityMatrix or BellDiagonal")


def keep_subsystems(state: State, kept: Sequence[int]) -> State:
    """The state of the subsystems ``kept``: a Ket if they are in a product with the rest."""
    if isinstance(state, Ket):
        traced = [i for i in range(state.num_subsystems) if i not in kept]
        kept_dims = [state.dims[i] for i in kept]
        amplitudes = state.vector.reshape(state.dims).transpose(*kept, *traced)
        schmidt_left, schmidt, _ = np.linalg.svd(
            amplitudes.reshape(math.prod(kept_dims), -1), full_matrices=False
        )
        if schmidt.size == 1 or schmidt[1] <= _PRODUCT_ATOL:
            vector = schmidt_left[:, 0]
            return Ket._trusted(vector / np.linalg.norm(vector), kept_dims)
    return partial_trace(state, kept)


def join(
    groups: Sequence[Group], names: Sequence[Hashable], max_state_bytes: int
) -> tuple[tuple[Hashable, ...], State]:
    """The joint names and state (tensor product) of ``groups``, asked for by ``names``.

    Raises:
        ResourceLimitError: if the joint state would exceed ``max_state_bytes``.
    """
    if len(groups) == 1:
        return groups[0].names, groups[0].state
    dimension = math.prod(g.state.dim for g in groups)
    pure = all(isinstance(g.state, Ket) for g in groups)
    size = 16 * dimension * (1 if pure else dimension)
    if size > max_state_bytes:
        raise ResourceLimitError(
            "names",
            tuple(names),
            f"joining their groups needs a {'Ket' if pure else 'density matrix'} of "
            f"dimension {dimension} ({size} bytes > max_state_bytes={max_state_bytes})",
        )
    joint_names = tuple(n for g in groups for n in g.names)
    return joint_names, tensor(*(g.state for g in groups))
