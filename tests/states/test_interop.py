"""States to and from QuTiP: the same physics computed by both libraries."""

from __future__ import annotations

import sys

import numpy as np
import pytest
import qutip

from qinternet.core.errors import DimensionMismatchError, InvalidStateError, MissingDependencyError
from qinternet.states import (
    DensityMatrix,
    Ket,
    bell_state,
    concurrence,
    from_qutip,
    partial_trace,
    random_density,
    to_qutip,
    werner,
)


def test_bell_state_is_qutips_bell_state() -> None:
    # qutip.bell_state("00") is (|00> + |11>)/sqrt(2), our phi+.
    assert to_qutip(bell_state("phi+")).overlap(qutip.bell_state("00")) == pytest.approx(1.0)


def test_subsystem_order_is_the_same() -> None:
    # |1> (x) |2> on dims (2, 3): amplitude at index 1*3 + 2 = 5 in both libraries.
    ours = from_qutip(qutip.tensor(qutip.basis(2, 1), qutip.basis(3, 2)))
    assert isinstance(ours, Ket)
    assert ours.dims == (2, 3)
    assert np.argmax(np.abs(ours.vector)) == 5


@pytest.mark.parametrize("fidelity", [0.5, 0.8, 0.95])
def test_concurrence_agrees_with_qutip(fidelity: float) -> None:
    state = werner(fidelity)
    # Wootters: C = max(0, 2F - 1) for a Werner state of fidelity F.
    assert qutip.concurrence(to_qutip(state)) == pytest.approx(max(0.0, 2 * fidelity - 1), abs=1e-9)
    assert concurrence(state) == pytest.approx(qutip.concurrence(to_qutip(state)), abs=1e-9)


def test_partial_trace_agrees_with_qutip() -> None:
    state = random_density((2, 3, 2), np.random.default_rng(4))
    ours = partial_trace(state, keep=[0, 2])
    theirs = to_qutip(state).ptrace([0, 2])
    np.testing.assert_allclose(ours.matrix, theirs.full(), atol=1e-12)


def test_round_trip_keeps_every_entry() -> None:
    state = random_density((3, 2), np.random.default_rng(5))
    back = DensityMatrix.from_qutip(state.to_qutip())
    assert back.dims == (3, 2)
    np.testing.assert_array_equal(back.matrix, state.matrix)


def test_a_ket_becomes_a_density_matrix_on_request() -> None:
    rho = DensityMatrix.from_qutip(qutip.basis(2, 0))
    np.testing.assert_allclose(rho.matrix, [[1, 0], [0, 0]])


def test_non_states_are_refused() -> None:
    with pytest.raises(DimensionMismatchError, match="qobj"):
        from_qutip(qutip.basis(2, 0).dag())
    with pytest.raises(DimensionMismatchError, match="qobj"):
        from_qutip(np.eye(2))
    with pytest.raises(InvalidStateError):
        from_qutip(qutip.Qobj(np.diag([1.5, -0.5])))


def test_without_qutip_the_error_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "qutip", None)  # makes `import qutip` raise ImportError
    with pytest.raises(MissingDependencyError, match="pip install qutip"):
        to_qutip(werner(0.9))
