"""The Channel type and the standard constructors: Kraus forms, physics laws, QuTiP oracle."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
import qutip

from qinternet.core.errors import (
    DimensionMismatchError,
    InvalidChannelError,
    InvalidParameterError,
    PhysicalConstraintError,
)
from qinternet.noise import (
    PAULI_MATRICES,
    Channel,
    Pauli,
    amplitude_damping,
    dephasing,
    depolarizing,
    erasure,
    identity,
    loss,
    memory_decoherence,
    pauli,
)
from qinternet.states import DensityMatrix, Ket, apply_unitary, random_density, tensor

# Results are sums of a few products of O(1) float64 numbers: rounding ~1e-16, so
# 1e-12 is a wide margin that still catches any wrong coefficient.
ATOL = 1e-12

X, Y, Z = (PAULI_MATRICES[p] for p in (Pauli.X, Pauli.Y, Pauli.Z))


def _random_states(dims: tuple[int, ...], count: int, seed: int) -> list[DensityMatrix]:
    rng = np.random.default_rng(seed)
    return [random_density(dims, rng) for _ in range(count)]


# --- constructors against their defining formulas ---------------------------------


@pytest.mark.parametrize("p", [0.0, 0.3, 1.0])
def test_depolarizing_formula(p: float) -> None:
    for rho in _random_states((2,), 3, seed=1):
        out = depolarizing(p).apply(rho, [0]).matrix
        np.testing.assert_allclose(out, (1 - p) * rho.matrix + p * np.eye(2) / 2, rtol=0, atol=ATOL)
    assert depolarizing(p).pauli_probabilities == (1 - 0.75 * p, p / 4, p / 4, p / 4)


@pytest.mark.parametrize("p", [0.0, 0.3, 1.0])
def test_dephasing_formula(p: float) -> None:
    for rho in _random_states((2,), 3, seed=2):
        out = dephasing(p).apply(rho, [0]).matrix
        np.testing.assert_allclose(
            out, (1 - p) * rho.matrix + p * Z @ rho.matrix @ Z, rtol=0, atol=ATOL
        )


def test_pauli_formula() -> None:
    px, py, pz = 0.1, 0.2, 0.3
    for rho in _random_states((2,), 3, seed=3):
        m = rho.matrix
        expected = 0.4 * m + px * X @ m @ X + py * Y @ m @ Y + pz * Z @ m @ Z
        np.testing.assert_allclose(
            pauli(px, py, pz).apply(rho, [0]).matrix, expected, rtol=0, atol=ATOL
        )
    assert pauli(px, py, pz).pauli_probabilities == pytest.approx((0.4, px, py, pz), abs=1e-15)


def test_pauli_sum_exactly_one_is_allowed() -> None:
    # 0.1 + 0.2 + 0.7 rounds to 1.0000000000000002: within the 1e-12 slack.
    assert pauli(0.1, 0.2, 0.7).pauli_probabilities[0] == 0.0


@pytest.mark.parametrize("gamma", [0.0, 0.25, 1.0])
def test_amplitude_damping_populations_and_coherences(gamma: float) -> None:
    for rho in _random_states((2,), 3, seed=4):
        m = rho.matrix
        out = amplitude_damping(gamma).apply(rho, [0]).matrix
        assert out[1, 1] == pytest.approx((1 - gamma) * m[1, 1], abs=ATOL)
        assert out[0, 0] == pytest.approx(m[0, 0] + gamma * m[1, 1], abs=ATOL)
        assert out[0, 1] == pytest.approx(math.sqrt(1 - gamma) * m[0, 1], abs=ATOL)


@pytest.mark.parametrize("p", [0.0, 0.4, 1.0])
def test_erasure_flags_with_probability_p(p: float) -> None:
    for rho in _random_states((2, 2), 2, seed=5):
        out = erasure(p).apply(rho, [1])
        assert out.dims == (2, 3)
        blocks = out.matrix.reshape(2, 3, 2, 3)
        np.testing.assert_allclose(
            blocks[:, :2, :, :2], (1 - p) * rho.matrix.reshape(2, 2, 2, 2), rtol=0, atol=ATOL
        )
        # The flag holds qubit 0's reduced state with weight p, no coherence with the rest.
        reduced = np.einsum("ajbj->ab", rho.matrix.reshape(2, 2, 2, 2))
        np.testing.assert_allclose(blocks[:, 2, :, 2], p * reduced, rtol=0, atol=ATOL)
        np.testing.assert_allclose(blocks[:, 2, :, :2], 0.0, rtol=0, atol=ATOL)


@pytest.mark.parametrize("p", [0.0, 0.3, 0.8, 1.0])
@pytest.mark.parametrize("n", [0, 1, 3, 5])
def test_loss_of_fock_state_is_binomial(n: int, p: float) -> None:
    dimension = 6
    fock = np.zeros(dimension)
    fock[n] = 1.0
    out = loss(p, dimension=dimension).apply(Ket(fock, dims=(dimension,)), [0]).matrix
    expected = [math.comb(n, m) * (1 - p) ** m * p ** (n - m) if m <= n else 0.0 for m in range(6)]
    np.testing.assert_allclose(np.diag(out).real, expected, rtol=0, atol=ATOL)
    np.testing.assert_allclose(out - np.diag(np.diag(out)), 0.0, rtol=0, atol=ATOL)


def test_loss_shrinks_coherent_amplitude() -> None:
    # A coherent state |alpha> through a beam splitter of transmissivity eta stays
    # coherent with amplitude sqrt(eta) alpha. Truncation at d = 30 for |alpha|^2 = 2
    # leaves tail mass ~1e-18, so 1e-12 is safe.
    dimension, alpha, p = 30, 1.2 + 0.6j, 0.35
    n = np.arange(dimension)

    def coherent(a: complex) -> np.ndarray:
        log_factorial = np.array([math.lgamma(k + 1) for k in n])
        amplitudes = np.exp(-(abs(a) ** 2) / 2 - log_factorial / 2) * a**n
        return amplitudes / np.linalg.norm(amplitudes)

    out = loss(p, dimension=dimension).apply(Ket(coherent(alpha), dims=(dimension,)), [0])
    target = coherent(math.sqrt(1 - p) * alpha)
    np.testing.assert_allclose(out.matrix, np.outer(target, target.conj()), rtol=0, atol=ATOL)


@pytest.mark.parametrize("p", [0.0, 0.2, 1.0])
def test_loss_in_dimension_two_is_amplitude_damping(p: float) -> None:
    np.testing.assert_allclose(
        loss(p, dimension=2).choi_matrix(),
        amplitude_damping(p).choi_matrix(),
        rtol=0,
        atol=ATOL,
    )


def test_losses_compose_multiplicatively_in_transmissivity() -> None:
    first, second = loss(0.3, dimension=5), loss(0.6, dimension=5)
    combined = loss(1 - 0.7 * 0.4, dimension=5)
    np.testing.assert_allclose(
        first.then(second).choi_matrix(), combined.choi_matrix(), rtol=0, atol=ATOL
    )


# --- the Channel type --------------------------------------------------------------


def test_channel_validates_trace_preservation() -> None:
    with pytest.raises(InvalidChannelError, match="not trace preserving"):
        Channel([np.eye(2), X])
    with pytest.raises(DimensionMismatchError):
        Channel([])


def test_channel_accepts_a_single_matrix_and_drops_zero_operators() -> None:
    channel = Channel(np.eye(2), name="id")
    assert channel.num_kraus == 1
    assert dephasing(0.0).num_kraus == 1
    assert channel.kraus_operators[0].flags.writeable is False


def test_pauli_probabilities_are_derived_or_checked() -> None:
    assert Channel([X]).pauli_probabilities == pytest.approx((0.0, 1.0, 0.0, 0.0), abs=1e-15)
    hadamard = (X + Z) / math.sqrt(2)
    assert Channel([hadamard]).pauli_probabilities is None
    with pytest.raises(InvalidParameterError, match="do not describe the Kraus operators"):
        Channel([X], pauli_probabilities=(0.0, 0.0, 0.0, 1.0))
    with pytest.raises(InvalidParameterError, match="does not act on a qubit"):
        Channel([np.eye(3)], pauli_probabilities=(1.0, 0.0, 0.0, 0.0))
    with pytest.raises(InvalidParameterError, match=r"^name="):
        Channel([X], name=3)  # type: ignore[arg-type]


def test_apply_to_several_targets_applies_to_each() -> None:
    rho = _random_states((2, 2, 2), 1, seed=6)[0]
    channel = amplitude_damping(0.3)
    both = channel.apply(rho, [0, 2]).matrix
    one_by_one = channel.apply(channel.apply(rho, 2), 0).matrix
    np.testing.assert_allclose(both, one_by_one, rtol=0, atol=ATOL)


def test_erasure_on_several_qubits() -> None:
    rho = _random_states((2, 2), 1, seed=7)[0]
    out = erasure(0.5).apply(rho, [0, 1])
    assert out.dims == (3, 3)
    assert out.matrix[8, 8].real == pytest.approx(0.25, abs=ATOL)


def test_joint_channel_on_two_qubits_equals_unitary() -> None:
    cnot = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]])
    rho = _random_states((2, 2, 2), 1, seed=8)[0]
    out = Channel([cnot], name="cnot").apply(rho, [2, 0]).matrix
    np.testing.assert_allclose(out, apply_unitary(rho, cnot, [2, 0]).matrix, rtol=0, atol=ATOL)


def test_apply_rejects_bad_targets() -> None:
    qutrit = DensityMatrix.maximally_mixed((3, 2))
    with pytest.raises(DimensionMismatchError, match="do not fit channel"):
        dephasing(0.1).apply(qutrit, [0])
    with pytest.raises(DimensionMismatchError, match=r"^targets="):
        dephasing(0.1).apply(qutrit, [1, 1])
    with pytest.raises(DimensionMismatchError, match=r"^targets="):
        dephasing(0.1).apply(qutrit, [2])
    with pytest.raises(DimensionMismatchError, match=r"^targets="):
        dephasing(0.1).apply(qutrit, [])


def test_then_and_compose_order() -> None:
    damp, flip = amplitude_damping(0.4), pauli(1.0, 0.0, 0.0)
    excited = Ket(np.array([0.0, 1.0]))
    # Damp then flip: |1> -> 0.6|1><1| + 0.4|0><0| -> 0.6|0><0| + 0.4|1><1|.
    assert damp.then(flip).apply(excited, 0).matrix[1, 1].real == pytest.approx(0.4, abs=ATOL)
    # Flip then damp: |1> -> |0> -> |0>.
    assert flip.then(damp).apply(excited, 0).matrix[1, 1].real == pytest.approx(0.0, abs=ATOL)
    np.testing.assert_allclose(
        damp.compose(flip).choi_matrix(), flip.then(damp).choi_matrix(), rtol=0, atol=ATOL
    )
    assert damp.then(flip).name == "amplitude_damping(gamma=0.4) then pauli(px=1.0, py=0.0, pz=0.0)"


def test_then_reduces_kraus_count_and_keeps_the_action() -> None:
    chain = depolarizing(0.2).then(amplitude_damping(0.3)).then(depolarizing(0.1))
    chain = chain.then(memory_decoherence(elapsed_s=0.5, t1_s=1.0, t2_s=0.8))
    assert chain.num_kraus <= 4
    for rho in _random_states((2,), 3, seed=9):
        sequential = rho
        for step in (
            depolarizing(0.2),
            amplitude_damping(0.3),
            depolarizing(0.1),
            memory_decoherence(elapsed_s=0.5, t1_s=1.0, t2_s=0.8),
        ):
            sequential = step.apply(sequential, 0)
        np.testing.assert_allclose(chain.apply(rho, 0).matrix, sequential.matrix, rtol=0, atol=ATOL)


def test_composed_pauli_channels_stay_pauli() -> None:
    combined = depolarizing(0.2).then(pauli(0.1, 0.0, 0.3))
    assert combined.is_pauli
    assert combined.pauli_probabilities == pytest.approx(
        (0.85 * 0.6 + 0.05 * 0.1 + 0.05 * 0.3, 0.05 * 0.6 + 0.85 * 0.1 + 0.05 * 0.3,
         0.05 * 0.6 + 0.05 * 0.3 + 0.05 * 0.1, 0.05 * 0.6 + 0.85 * 0.3 + 0.05 * 0.1),
        abs=ATOL,
    )  # fmt: skip


def test_then_rejects_mismatched_dimensions() -> None:
    with pytest.raises(DimensionMismatchError, match="outputs dimension 3"):
        erasure(0.1).then(dephasing(0.1))
    with pytest.raises(InvalidParameterError, match=r"^other="):
        dephasing(0.1).then("dephasing")  # type: ignore[arg-type]


def test_choi_matrix_of_identity_and_trace_preservation() -> None:
    omega = np.eye(2).reshape(-1)
    np.testing.assert_allclose(identity().choi_matrix(), np.outer(omega, omega), atol=0)
    choi = erasure(0.3).choi_matrix()
    assert choi.shape == (6, 6)
    partial = np.einsum("iaja->ij", choi.reshape(2, 3, 2, 3))  # trace out the output
    np.testing.assert_allclose(partial, np.eye(2), rtol=0, atol=ATOL)


def test_identity_channel() -> None:
    rho = _random_states((3,), 1, seed=10)[0]
    np.testing.assert_allclose(identity(3).apply(rho, 0).matrix, rho.matrix, atol=0)
    assert "identity(3)" in repr(identity(3))


# --- QuTiP as an independent oracle ------------------------------------------------


def _qutip_amplitude_damping(gamma: float) -> list[qutip.Qobj]:
    ground, excited = qutip.basis(2, 0), qutip.basis(2, 1)
    k0 = ground * ground.dag() + math.sqrt(1 - gamma) * excited * excited.dag()
    return [k0, math.sqrt(gamma) * qutip.destroy(2)]


def _qutip_dephasing(p: float) -> list[qutip.Qobj]:
    return [math.sqrt(1 - p) * qutip.qeye(2), math.sqrt(p) * qutip.sigmaz()]


QUTIP_CASES: dict[str, tuple[Callable[[float], Channel], Callable[[float], list[qutip.Qobj]]]] = {
    "amplitude_damping": (amplitude_damping, _qutip_amplitude_damping),
    "dephasing": (dephasing, _qutip_dephasing),
}


@pytest.mark.parametrize("value", [0.0, 0.15, 0.7, 1.0])
@pytest.mark.parametrize("kind", sorted(QUTIP_CASES))
def test_against_qutip_superoperator_on_one_qubit(kind: str, value: float) -> None:
    ours, theirs = QUTIP_CASES[kind]
    superoperator = qutip.kraus_to_super(theirs(value))
    for rho in _random_states((2,), 4, seed=11):
        expected = qutip.vector_to_operator(
            superoperator * qutip.operator_to_vector(qutip.Qobj(rho.matrix))
        ).full()
        np.testing.assert_allclose(ours(value).apply(rho, 0).matrix, expected, rtol=0, atol=ATOL)


@pytest.mark.parametrize("target", [0, 1])
@pytest.mark.parametrize("kind", sorted(QUTIP_CASES))
def test_against_qutip_on_one_qubit_of_a_pair(kind: str, target: int) -> None:
    ours, theirs = QUTIP_CASES[kind]
    value = 0.37
    for rho in _random_states((2, 2), 3, seed=12):
        q_rho = qutip.Qobj(rho.matrix, dims=[[2, 2], [2, 2]])
        lifted = [
            qutip.tensor(k, qutip.qeye(2)) if target == 0 else qutip.tensor(qutip.qeye(2), k)
            for k in theirs(value)
        ]
        expected = sum((op * q_rho * op.dag()).full() for op in lifted)
        np.testing.assert_allclose(
            ours(value).apply(rho, [target]).matrix, expected, rtol=0, atol=ATOL
        )


# --- bad input: each names the parameter and the value -----------------------------

PROBABILITY_CONSTRUCTORS: dict[str, Callable[[float], Channel]] = {
    "depolarizing": depolarizing,
    "dephasing": dephasing,
    "amplitude_damping": amplitude_damping,
    "erasure": erasure,
    "loss": lambda p: loss(p, dimension=3),
}
PARAMETER_NAME = {"amplitude_damping": "gamma"}


@pytest.mark.parametrize("kind", sorted(PROBABILITY_CONSTRUCTORS))
def test_negative_probability(kind: str) -> None:
    name = PARAMETER_NAME.get(kind, "p")
    with pytest.raises(InvalidParameterError, match=rf"^{name}=-0\.1: .*\[0, 1\]"):
        PROBABILITY_CONSTRUCTORS[kind](-0.1)


@pytest.mark.parametrize("kind", sorted(PROBABILITY_CONSTRUCTORS))
def test_probability_above_one(kind: str) -> None:
    name = PARAMETER_NAME.get(kind, "p")
    with pytest.raises(InvalidParameterError, match=rf"^{name}=1\.5: .*\[0, 1\]"):
        PROBABILITY_CONSTRUCTORS[kind](1.5)


@pytest.mark.parametrize("kind", sorted(PROBABILITY_CONSTRUCTORS))
def test_nan_probability(kind: str) -> None:
    name = PARAMETER_NAME.get(kind, "p")
    with pytest.raises(InvalidParameterError, match=rf"^{name}=nan: .*NaN"):
        PROBABILITY_CONSTRUCTORS[kind](float("nan"))


@pytest.mark.parametrize("kind", sorted(PROBABILITY_CONSTRUCTORS))
def test_infinite_probability(kind: str) -> None:
    name = PARAMETER_NAME.get(kind, "p")
    with pytest.raises(InvalidParameterError, match=rf"^{name}=inf: .*infinity"):
        PROBABILITY_CONSTRUCTORS[kind](math.inf)


def test_non_numeric_probability() -> None:
    with pytest.raises(InvalidParameterError, match=r"^p='a': must be a real number"):
        dephasing("a")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("px", "py", "pz", "bad"),
    [(-0.1, 0.0, 0.0, "px"), (0.0, 2.0, 0.0, "py"), (0.0, 0.0, float("nan"), "pz")],
)
def test_pauli_single_probability_out_of_range(px: float, py: float, pz: float, bad: str) -> None:
    with pytest.raises(InvalidParameterError, match=rf"^{bad}="):
        pauli(px, py, pz)


def test_pauli_probabilities_summing_above_one() -> None:
    with pytest.raises(
        PhysicalConstraintError,
        match=r"^px \+ py \+ pz=1\.2: must not exceed 1 \(px=0\.5, py=0\.4, pz=0\.3\)",
    ):
        pauli(0.5, 0.4, 0.3)


@pytest.mark.parametrize("dimension", [0, -2, 2.5, True, "3"])
def test_loss_dimension_must_be_positive_integer(dimension: object) -> None:
    with pytest.raises(InvalidParameterError, match=r"^dimension="):
        loss(0.1, dimension=dimension)  # type: ignore[arg-type]


def test_tensor_of_erased_and_kept_qubit() -> None:
    # A dimension-changing channel composes with ordinary state operations.
    zero = Ket(np.array([1.0, 0.0]))
    out = erasure(1.0).apply(tensor(zero, zero), [0])
    assert out.dims == (3, 2)
    assert out.matrix[4, 4].real == pytest.approx(1.0, abs=ATOL)
