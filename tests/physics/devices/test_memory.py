"""Tests of qinternet.physics.devices.memory: decoherence in time and per entangling attempt."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qinternet.core.errors import InvalidParameterError, PhysicalConstraintError
from qinternet.physics.devices import Memory
from qinternet.states import BellDiagonal, Ket


def _loop_flip_probability(p: float, k: int) -> float:
    """Z-flip probability after k independent flips, by composing one flip at a time."""
    q = 0.0
    for _ in range(k):
        q = q * (1 - p) + (1 - q) * p
    return q


@given(
    p=st.floats(min_value=0.0, max_value=1.0, allow_nan=False),
    k=st.integers(min_value=0, max_value=60),
)
def test_attempt_dephasing_closed_form_matches_composition(p: float, k: int) -> None:
    memory = Memory(dephasing_per_attempt=p)
    assert memory.attempt_dephasing_probability(k) == pytest.approx(
        _loop_flip_probability(p, k), abs=1e-12
    )


def test_attempt_dephasing_channel_composes_exactly() -> None:
    memory = Memory(dephasing_per_attempt=0.003)
    composed = memory.attempt_dephasing(200).then(memory.attempt_dephasing(300))
    assert composed.pauli_probabilities == pytest.approx(
        memory.attempt_dephasing(500).pauli_probabilities, abs=1e-14
    )


def test_attempt_dephasing_on_bell_pair_multiplies_coherence() -> None:
    p, k = 0.01, 40
    out = (
        Memory(dephasing_per_attempt=p)
        .attempt_dephasing(k)
        .apply_bell_diagonal(BellDiagonal.from_werner(1.0), 0)
    )
    assert out.fidelity == pytest.approx((1 + (1 - 2 * p) ** k) / 2, abs=1e-14)


def test_attempt_dephasing_edge_cases() -> None:
    assert Memory(dephasing_per_attempt=0.2).attempt_dephasing_probability(0) == 0.0
    assert Memory(dephasing_per_attempt=0.5).attempt_dephasing_probability(1) == 0.5
    assert Memory(dephasing_per_attempt=1.0).attempt_dephasing_probability(2) == 0.0
    assert Memory().attempt_dephasing(10**9).pauli_probabilities == (1.0, 0.0, 0.0, 0.0)


def test_many_attempts_is_fast_and_saturates() -> None:
    assert Memory(dephasing_per_attempt=1e-4).attempt_dephasing_probability(10**8) == (
        pytest.approx(0.5, abs=1e-12)
    )


def test_coherence_factor_and_decoherence_channel() -> None:
    memory = Memory(t1_s=1.0, t2_s=0.5)
    t = 0.2
    assert memory.coherence_factor(t) == pytest.approx(math.exp(-t / 0.5), rel=1e-15)
    plus = Ket(np.array([1.0, 1.0]) / np.sqrt(2))
    rho = memory.decoherence(t).apply(plus, [0])
    assert rho.matrix[0, 1].real == pytest.approx(math.exp(-t / 0.5) / 2, abs=1e-12)
    assert rho.matrix[1, 1].real == pytest.approx(math.exp(-t / 1.0) / 2, abs=1e-12)


def test_storage_noise_combines_time_and_attempts() -> None:
    memory = Memory(t2_s=2.0, dephasing_per_attempt=0.002)
    p_z = memory.storage_noise(0.3, num_attempts=100).pauli_probabilities[3]
    assert p_z == pytest.approx((1 - math.exp(-0.15) * 0.996**100) / 2, abs=1e-12)


def test_from_reset_dephasing_closed_form() -> None:
    coupling_hz, tau_s = 77e3, 163e-9
    x = 2 * math.pi * coupling_hz * tau_s
    memory = Memory.from_reset_dephasing(hyperfine_coupling_hz=coupling_hz, reset_time_s=tau_s)
    assert memory.dephasing_per_attempt == pytest.approx((1 - 1 / math.sqrt(1 + x * x)) / 2)
    assert (
        Memory.from_reset_dephasing(
            hyperfine_coupling_hz=0.0, reset_time_s=1e-6
        ).dephasing_per_attempt
        == 0.0
    )


def test_initialisation_noise_is_bit_flip() -> None:
    assert Memory(initialisation_fidelity=0.97).initialisation_noise().pauli_probabilities == (
        pytest.approx((0.97, 0.03, 0.0, 0.0))
    )


def test_t2_above_twice_t1_rejected() -> None:
    with pytest.raises(PhysicalConstraintError, match=r"t2_s=2\.5: must not exceed 2 \* t1_s"):
        Memory(t1_s=1.0, t2_s=2.5)
    Memory(t1_s=1.0, t2_s=2.0)  # the limit itself is allowed


def test_t1_only_requires_t2() -> None:
    with pytest.raises(PhysicalConstraintError, match="t2_s=inf"):
        Memory(t1_s=1.0)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("readout_efficiency", 1.2),
        ("dephasing_per_attempt", -0.1),
        ("initialisation_fidelity", 1.01),
        ("t2_s", 0.0),
        ("t1_s", -1.0),
    ],
)
def test_out_of_range_rejected(field: str, value: float) -> None:
    with pytest.raises(InvalidParameterError, match=rf"{field}={value!r}"):
        Memory(**{field: value})


@pytest.mark.parametrize(
    "field",
    ["t1_s", "t2_s", "readout_efficiency", "dephasing_per_attempt", "initialisation_fidelity"],
)
def test_nan_rejected(field: str) -> None:
    with pytest.raises(InvalidParameterError, match=rf"{field}=nan"):
        Memory(**{field: math.nan})


def test_bad_arguments_rejected() -> None:
    memory = Memory(t2_s=1.0)
    with pytest.raises(InvalidParameterError, match=r"elapsed_s=-1\.0"):
        memory.decoherence(-1.0)
    with pytest.raises(InvalidParameterError, match="elapsed_s=nan"):
        memory.coherence_factor(math.nan)
    with pytest.raises(InvalidParameterError, match=r"num_attempts=2\.5"):
        memory.attempt_dephasing(2.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="num_attempts=-1"):
        memory.attempt_dephasing(-1)


def test_storage_kraus_is_the_storage_noise_channel() -> None:
    # The unchecked hot path must act exactly as the validated channel.
    from qinternet.states import apply_kraus, random_density

    rng = np.random.default_rng(12)
    memory = Memory(t1_s=2.0, t2_s=1.5, dephasing_per_attempt=0.002)
    rho = random_density((2, 2), rng)
    for elapsed_s, attempts in [(0.0, 0), (0.3, 0), (0.0, 40), (1.7, 250)]:
        fast = apply_kraus(rho, memory.storage_kraus(elapsed_s, attempts), [1])
        slow = memory.storage_noise(elapsed_s, attempts).apply(rho, [1])
        np.testing.assert_allclose(fast.matrix, slow.matrix, atol=1e-14)


def test_depolarizing_memory_keeps_werner_pairs_werner() -> None:
    # Both qubits depolarised for t: the Werner parameter w = (4F - 1)/3 is multiplied by
    # exp(-2 t / T_dep) (the memory model of Brand, Coopmans, Elkouss 2020).
    from qinternet.states import apply_kraus, bell_diagonal_from_density, werner

    memory = Memory(depolarizing_time_s=0.5)
    t_s, fidelity_0 = 0.2, 0.9
    rho = werner(fidelity_0)
    for qubit in (0, 1):
        rho = apply_kraus(rho, memory.storage_kraus(t_s), [qubit])
    bell = bell_diagonal_from_density(rho)
    w = (4 * fidelity_0 - 1) / 3 * math.exp(-2 * t_s / 0.5)
    assert bell.fidelity == pytest.approx((1 + 3 * w) / 4, abs=1e-12)
    assert bell.coefficients[1] == pytest.approx(bell.coefficients[3], abs=1e-12)
    slow = memory.storage_noise(t_s).apply(werner(fidelity_0), [0, 1])
    np.testing.assert_allclose(slow.matrix, rho.matrix, atol=1e-14)


def test_depolarizing_time_must_be_positive() -> None:
    with pytest.raises(InvalidParameterError, match="depolarizing_time_s=0"):
        Memory(depolarizing_time_s=0.0)
