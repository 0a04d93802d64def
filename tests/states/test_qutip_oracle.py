"""QuTiP 5 as an independent oracle for measures and the partial trace.

Tolerances: on full-rank states both libraries are accurate to ~1e-12, so 1e-9 is
tight. On rank-deficient states QuTiP's fidelity, entropy and concurrence take square
roots (or logarithms) of eigenvalues that are zero up to rounding (~1e-17), which moves
its answers by up to ~1e-8 (its ``tracedist`` too: it takes sqrt of the eigenvalues of
(A-B)^dagger (A-B)); there the comparison is at 1e-7, and exact closed forms for pure
states (overlap fidelity, trace distance sqrt(1 - |<a|b>|^2)) are checked at 1e-12.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from qinternet.states import (
    DensityMatrix,
    Ket,
    concurrence,
    fidelity,
    partial_trace,
    random_density,
    random_ket,
    trace_distance,
    von_neumann_entropy,
)

qutip = pytest.importorskip("qutip")

DIMS = [(2,), (3,), (2, 2), (2, 3), (3, 3), (2, 2, 2), (4,)]
CASES_PER_DIMS = 30  # 7 x 30 = 210 random pairs of states


def _qobj(state: DensityMatrix | Ket) -> object:
    rho = state.to_density()
    return qutip.Qobj(np.array(rho.matrix), dims=[list(rho.dims), list(rho.dims)])


def _random_state(dims: tuple[int, ...], rank: int, rng: np.random.Generator) -> DensityMatrix:
    return random_density(dims, rng, rank=rank)


@pytest.mark.parametrize("dims", DIMS, ids=str)
def test_measures_agree_with_qutip(dims: tuple[int, ...]) -> None:
    rng = np.random.default_rng(1000 + DIMS.index(dims))
    d = math.prod(dims)
    for case in range(CASES_PER_DIMS):
        rank_a, rank_b = int(rng.integers(1, d + 1)), int(rng.integers(1, d + 1))
        a, b = _random_state(dims, rank_a, rng), _random_state(dims, rank_b, rng)
        qa, qb = _qobj(a), _qobj(b)
        full_rank = rank_a == d and rank_b == d
        tol = 1e-9 if full_rank else 1e-7
        where = f"dims={dims} case={case} ranks=({rank_a}, {rank_b})"

        assert fidelity(a, b) == pytest.approx(qutip.fidelity(qa, qb) ** 2, abs=tol), where
        assert trace_distance(a, b) == pytest.approx(qutip.tracedist(qa, qb), abs=tol), where
        entropy_tol = 1e-9 if rank_a == d else 1e-7
        assert von_neumann_entropy(a) == pytest.approx(
            qutip.entropy_vn(qa, base=2), abs=entropy_tol
        ), where
        if dims == (2, 2):
            assert concurrence(a) == pytest.approx(
                qutip.concurrence(qa), abs=1e-9 if rank_a == d else 1e-7
            ), where
        if len(dims) > 1:
            keep = sorted(
                int(k)
                for k in rng.choice(len(dims), size=rng.integers(1, len(dims)), replace=False)
            )
            np.testing.assert_allclose(
                partial_trace(a, keep).matrix,
                qa.ptrace(keep).full(),  # type: ignore[attr-defined]
                atol=1e-12,
                err_msg=where,
            )


@pytest.mark.parametrize("dims", DIMS, ids=str)
def test_pure_states_agree_with_qutip_and_closed_forms(dims: tuple[int, ...]) -> None:
    rng = np.random.default_rng(2000 + DIMS.index(dims))
    for case in range(10):
        ket = random_ket(dims, rng)
        mixed = random_density(dims, rng)
        where = f"dims={dims} case={case}"
        closed_form = float(np.real(ket.vector.conj() @ mixed.matrix @ ket.vector))
        assert fidelity(ket, mixed) == pytest.approx(closed_form, abs=1e-12), where
        assert fidelity(ket.to_density(), mixed) == pytest.approx(closed_form, abs=1e-12), where
        qket = qutip.Qobj(np.array(ket.vector).reshape(-1, 1), dims=[list(dims), [1] * len(dims)])
        assert fidelity(ket, mixed) == pytest.approx(
            qutip.fidelity(qket, _qobj(mixed)) ** 2, abs=1e-7
        ), where
        other = random_ket(dims, rng)
        overlap = abs(np.vdot(ket.vector, other.vector)) ** 2
        assert trace_distance(ket.to_density(), other.to_density()) == pytest.approx(
            math.sqrt(1 - overlap), abs=1e-12
        ), where
        if dims == (2, 2):
            assert concurrence(ket) == pytest.approx(qutip.concurrence(_qobj(ket)), abs=1e-7)
            assert concurrence(ket) == pytest.approx(concurrence(ket.to_density()), abs=1e-12)
        if len(dims) > 1:
            np.testing.assert_allclose(
                partial_trace(ket, [0]).matrix, qket.ptrace([0]).full(), atol=1e-12
            )
