"""Memory decoherence over time: T1/T2 laws, the semigroup property, and a Lindblad oracle."""

from __future__ import annotations

import math

import numpy as np
import pytest
import qutip

from qinternet.core.errors import InvalidParameterError, PhysicalConstraintError
from qinternet.noise import amplitude_damping, dephasing, identity, memory_decoherence
from qinternet.states import BellDiagonal, Ket, bell_state, fidelity, random_density

# Closed-form comparisons involve exp/expm1/sqrt and a few products of O(1) numbers:
# rounding ~1e-16, so 1e-12 is a wide but still sharp margin.
ATOL = 1e-12

PLUS = Ket(np.array([1.0, 1.0]) / math.sqrt(2))
EXCITED = Ket(np.array([0.0, 1.0]))

# (t1_s, t2_s) pairs: pure dephasing, T1-limited (T2 = 2 T1), and generic.
MEMORIES = [(math.inf, 0.7), (math.inf, math.inf), (1.3, 2.6), (1.3, 0.4), (0.05, 0.02)]


@pytest.mark.parametrize("elapsed_s", [0.0, 0.1, 1.0, 7.5])
@pytest.mark.parametrize(("t1_s", "t2_s"), MEMORIES)
def test_coherence_decays_as_exp_minus_t_over_t2(
    elapsed_s: float, t1_s: float, t2_s: float
) -> None:
    channel = memory_decoherence(elapsed_s=elapsed_s, t1_s=t1_s, t2_s=t2_s)
    rho = channel.apply(PLUS, [0]).matrix
    assert rho[0, 1] == pytest.approx(math.exp(-elapsed_s / t2_s) / 2, abs=ATOL)
    assert rho[1, 0] == pytest.approx(math.exp(-elapsed_s / t2_s) / 2, abs=ATOL)
    excited = channel.apply(EXCITED, [0]).matrix
    assert excited[1, 1].real == pytest.approx(math.exp(-elapsed_s / t1_s), abs=ATOL)
    assert excited[0, 0].real == pytest.approx(-math.expm1(-elapsed_s / t1_s), abs=ATOL)


def test_bell_pair_dephased_for_t2_has_fidelity_one_plus_inverse_e_over_two() -> None:
    # phi+ with one qubit dephased: coherence |00><11| decays by exp(-t/T2), so
    # F = (1 + exp(-t/T2))/2 = (1 + e^-1)/2 = 0.683940 at t = T2.
    expected = (1 + math.exp(-1.0)) / 2
    assert expected == pytest.approx(0.683940, abs=5e-7)
    channel = memory_decoherence(elapsed_s=0.25, t2_s=0.25)
    assert channel.is_pauli
    phi_plus = BellDiagonal((1.0, 0.0, 0.0, 0.0))
    assert channel.apply_bell_diagonal(phi_plus, 0).fidelity == pytest.approx(expected, abs=ATOL)
    rho = channel.apply(bell_state("phi+"), [1])
    assert fidelity(rho, bell_state("phi+")) == pytest.approx(expected, abs=ATOL)


def test_pure_dephasing_pauli_probabilities() -> None:
    channel = memory_decoherence(elapsed_s=0.3, t2_s=1.1)
    p = (1 - math.exp(-0.3 / 1.1)) / 2
    assert channel.pauli_probabilities == pytest.approx((1 - p, 0.0, 0.0, p), abs=ATOL)
    np.testing.assert_allclose(channel.choi_matrix(), dephasing(p).choi_matrix(), rtol=0, atol=ATOL)


def test_t2_equal_twice_t1_is_pure_amplitude_damping() -> None:
    channel = memory_decoherence(elapsed_s=0.8, t1_s=1.0, t2_s=2.0)
    np.testing.assert_allclose(
        channel.choi_matrix(),
        amplitude_damping(1 - math.exp(-0.8)).choi_matrix(),
        rtol=0,
        atol=ATOL,
    )


@pytest.mark.parametrize(("t1_s", "t2_s"), [(math.inf, 0.7), (1.0, 0.5)])
def test_zero_elapsed_time_is_identity(t1_s: float, t2_s: float) -> None:
    channel = memory_decoherence(elapsed_s=0.0, t1_s=t1_s, t2_s=t2_s)
    np.testing.assert_allclose(channel.choi_matrix(), identity().choi_matrix(), rtol=0, atol=0)


def test_long_storage_relaxes_to_ground_state() -> None:
    # exp(-1000) underflows to 0: the channel maps everything to |0><0| exactly.
    rho = random_density((2,), np.random.default_rng(3))
    out = memory_decoherence(elapsed_s=1e3, t1_s=1.0, t2_s=1.0).apply(rho, [0]).matrix
    np.testing.assert_allclose(out, np.diag([1.0, 0.0]), rtol=0, atol=ATOL)


@pytest.mark.parametrize(("first_s", "second_s"), [(0.1, 0.2), (0.0, 1.0), (2.5, 0.75)])
@pytest.mark.parametrize(("t1_s", "t2_s"), MEMORIES)
def test_decoherence_composes_over_time(
    first_s: float, second_s: float, t1_s: float, t2_s: float
) -> None:
    step = memory_decoherence(elapsed_s=first_s, t1_s=t1_s, t2_s=t2_s)
    then = memory_decoherence(elapsed_s=second_s, t1_s=t1_s, t2_s=t2_s)
    total = memory_decoherence(elapsed_s=first_s + second_s, t1_s=t1_s, t2_s=t2_s)
    np.testing.assert_allclose(
        step.then(then).choi_matrix(), total.choi_matrix(), rtol=0, atol=ATOL
    )
    rho = random_density((2, 2), np.random.default_rng(17))
    np.testing.assert_allclose(
        then.apply(step.apply(rho, [0, 1]), [0, 1]).matrix,
        total.apply(rho, [0, 1]).matrix,
        rtol=0,
        atol=ATOL,
    )
    if math.isinf(t1_s):
        composed = step.then(then).pauli_probabilities
        assert composed == pytest.approx(total.pauli_probabilities, abs=ATOL)


@pytest.mark.parametrize(("t1_s", "t2_s"), [(1.0, 0.6), (2.0, 4.0), (math.inf, 0.5)])
def test_against_qutip_lindblad_evolution(t1_s: float, t2_s: float) -> None:
    # Independent physics: the Bloch/Lindblad master equation with collapse operators
    # sqrt(1/T1) sigma_- and sqrt(kappa) sigma_z, where 2 kappa = 1/T2 - 1/(2 T1) is the
    # pure-dephasing rate. Solved by ODE integration with atol 1e-12 / rtol 1e-10, so
    # we compare to 1e-8 (the integrator's error, not ours, sets this tolerance).
    elapsed_s = 0.9
    kappa = (1 / t2_s - 1 / (2 * t1_s)) / 2
    collapse = [math.sqrt(kappa) * qutip.sigmaz()]
    if math.isfinite(t1_s):
        collapse.append(math.sqrt(1 / t1_s) * qutip.destroy(2))
    rng = np.random.default_rng(29)
    for _ in range(3):
        rho = random_density((2,), rng)
        result = qutip.mesolve(
            0 * qutip.qeye(2),
            qutip.Qobj(rho.matrix),
            [0.0, elapsed_s],
            collapse,
            options={"atol": 1e-12, "rtol": 1e-10},
        )
        channel = memory_decoherence(elapsed_s=elapsed_s, t1_s=t1_s, t2_s=t2_s)
        np.testing.assert_allclose(
            channel.apply(rho, [0]).matrix, result.states[-1].full(), rtol=0, atol=1e-8
        )


# --- bad input ------------------------------------------------------------------


def test_t2_longer_than_twice_t1() -> None:
    with pytest.raises(
        PhysicalConstraintError, match=r"^t2_s=2\.5: must not exceed 2 \* t1_s = 2\.0 \(t1_s=1\.0\)"
    ):
        memory_decoherence(elapsed_s=1.0, t1_s=1.0, t2_s=2.5)


def test_explicit_infinite_t2_with_finite_t1_is_rejected() -> None:
    with pytest.raises(PhysicalConstraintError, match=r"^t2_s=inf: .*t1_s=1\.0"):
        memory_decoherence(elapsed_s=1.0, t1_s=1.0, t2_s=math.inf)


def test_default_t2_is_twice_t1() -> None:
    # A T1-limited memory: the coherence decays as exp(-t/(2 T1)), no extra dephasing.
    plus = Ket(np.array([1.0, 1.0]) / np.sqrt(2))
    rho = memory_decoherence(elapsed_s=0.3, t1_s=1.0).apply(plus, [0])
    assert rho.matrix[0, 1].real == pytest.approx(math.exp(-0.3 / 2.0) / 2, abs=1e-14)
    assert rho.matrix[1, 1].real == pytest.approx(math.exp(-0.3) / 2, abs=1e-14)


def test_negative_elapsed_time() -> None:
    with pytest.raises(
        InvalidParameterError, match=r"^elapsed_s=-0\.5: must be a finite time >= 0"
    ):
        memory_decoherence(elapsed_s=-0.5, t2_s=1.0)


@pytest.mark.parametrize("elapsed_s", [float("nan"), math.inf])
def test_nan_or_infinite_elapsed_time(elapsed_s: float) -> None:
    with pytest.raises(InvalidParameterError, match=rf"^elapsed_s={elapsed_s!r}: "):
        memory_decoherence(elapsed_s=elapsed_s, t2_s=1.0)


@pytest.mark.parametrize("t1_s", [0.0, -1.0])
def test_non_positive_t1(t1_s: float) -> None:
    with pytest.raises(InvalidParameterError, match=rf"^t1_s={t1_s!r}: must be a time > 0"):
        memory_decoherence(elapsed_s=1.0, t1_s=t1_s, t2_s=1.0)


@pytest.mark.parametrize("t2_s", [0.0, -3.0])
def test_non_positive_t2(t2_s: float) -> None:
    with pytest.raises(InvalidParameterError, match=rf"^t2_s={t2_s!r}: must be a time > 0"):
        memory_decoherence(elapsed_s=1.0, t2_s=t2_s)


@pytest.mark.parametrize("name", ["t1_s", "t2_s"])
def test_nan_coherence_time(name: str) -> None:
    with pytest.raises(InvalidParameterError, match=rf"^{name}=nan: must not be NaN"):
        memory_decoherence(elapsed_s=1.0, **{name: float("nan")})


def test_non_numeric_time() -> None:
    with pytest.raises(InvalidParameterError, match=r"^elapsed_s='1 s': must be a real number"):
        memory_decoherence(elapsed_s="1 s")  # type: ignore[arg-type]
