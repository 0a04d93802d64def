"""Bell-diagonal closed forms of Pauli noise, checked against the density-matrix path."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from qinternet.core.errors import InvalidParameterError, NotBellDiagonalError
from qinternet.noise import (
    Channel,
    amplitude_damping,
    check_pauli_probabilities,
    dephasing,
    depolarizing,
    erasure,
    identity,
    loss,
    memory_decoherence,
    pauli,
    pauli_on_bell_diagonal,
)
from qinternet.states import (
    BellDiagonal,
    bell_diagonal_from_density,
    bell_state,
    fidelity,
)

# Both paths are a few dozen float64 multiply-adds on numbers of order 1 (rounding
# ~1e-16 each), so they agree to ~1e-15; 1e-12 leaves a wide margin, while a wrong
# permutation or sign shows up at order p >= 0.05.
ATOL = 1e-12

PAULI_CHANNELS: dict[str, Callable[[float], Channel]] = {
    "identity": lambda p: identity(),
    "depolarizing": depolarizing,
    "dephasing": dephasing,
    "bit_flip": lambda p: pauli(p, 0.0, 0.0),
    "y_flip": lambda p: pauli(0.0, p, 0.0),
    "pauli": lambda p: pauli(p / 2, p / 3, p / 6),
    "memory_t1_inf": lambda p: memory_decoherence(elapsed_s=p, t2_s=0.7),
    "composed": lambda p: depolarizing(p).then(pauli(p / 3, 0.1, 0.05)),
}
PARAMETERS = (0.0, 0.05, 0.3, 1.0)


def _bell_diagonal_inputs() -> list[BellDiagonal]:
    rng = np.random.default_rng(20240611)
    random_states = [BellDiagonal(tuple(rng.dirichlet(np.ones(4)))) for _ in range(3)]
    return [
        BellDiagonal((1.0, 0.0, 0.0, 0.0)),
        BellDiagonal((0.0, 0.0, 0.0, 1.0)),
        BellDiagonal.from_werner(0.8),
        BellDiagonal((0.1, 0.2, 0.3, 0.4)),
        *random_states,
    ]


BELL_DIAGONAL_INPUTS = _bell_diagonal_inputs()


@pytest.mark.parametrize("state", BELL_DIAGONAL_INPUTS, ids=lambda s: str(s.coefficients[:2]))
@pytest.mark.parametrize("qubit", [0, 1])
@pytest.mark.parametrize("p", PARAMETERS)
@pytest.mark.parametrize("kind", sorted(PAULI_CHANNELS))
def test_fast_path_equals_density_matrix(
    kind: str, p: float, qubit: int, state: BellDiagonal
) -> None:
    channel = PAULI_CHANNELS[kind](p)
    fast = channel.apply_bell_diagonal(state, qubit).to_density().matrix
    slow = channel.apply(state.to_density(), [qubit]).matrix
    np.testing.assert_allclose(fast, slow, rtol=0, atol=ATOL)


# Pauli on one qubit of each Bell state (phi+, phi-, psi+, psi-) -> which Bell state.
EXPECTED_PERMUTATIONS = {
    "X": ("psi+", "psi-", "phi+", "phi-"),
    "Y": ("psi-", "psi+", "phi-", "phi+"),
    "Z": ("phi-", "phi+", "psi-", "psi+"),
}
UNIT_PAULIS = {"X": (1.0, 0.0, 0.0), "Y": (0.0, 1.0, 0.0), "Z": (0.0, 0.0, 1.0)}


@pytest.mark.parametrize("qubit", [0, 1])
@pytest.mark.parametrize("name", ["X", "Y", "Z"])
def test_single_pauli_permutes_bell_states(name: str, qubit: int) -> None:
    channel = pauli(*UNIT_PAULIS[name])
    for source, target in zip(
        ("phi+", "phi-", "psi+", "psi-"), EXPECTED_PERMUTATIONS[name], strict=True
    ):
        via_density = channel.apply(bell_state(source), [qubit])
        assert fidelity(via_density, bell_state(target)) == pytest.approx(1.0, abs=ATOL)
        weights = [1.0 if n == source else 0.0 for n in ("phi+", "phi-", "psi+", "psi-")]
        fast = channel.apply_bell_diagonal(BellDiagonal(tuple(weights)), qubit)
        assert fast.coefficient(target) == 1.0


@pytest.mark.parametrize("p", [0.0, 0.1, 0.5, 1.0])
def test_depolarizing_fidelity_is_one_minus_three_quarters_p(p: float) -> None:
    phi_plus = BellDiagonal((1.0, 0.0, 0.0, 0.0))
    assert depolarizing(p).apply_bell_diagonal(phi_plus, 0).fidelity == pytest.approx(
        1 - 3 * p / 4, abs=ATOL
    )
    rho = depolarizing(p).apply(bell_state("phi+"), [1])
    assert fidelity(rho, bell_state("phi+")) == pytest.approx(1 - 3 * p / 4, abs=ATOL)


@pytest.mark.parametrize("p", [0.0, 0.2, 0.5])
def test_dephasing_fidelity_is_one_minus_p(p: float) -> None:
    out = dephasing(p).apply_bell_diagonal(BellDiagonal.from_werner(1.0), 1)
    assert out.coefficients == pytest.approx((1 - p, p, 0.0, 0.0), abs=ATOL)


@pytest.mark.parametrize("gamma", [0.0, 0.1, 0.5, 0.9, 1.0])
def test_amplitude_damping_fidelity_of_phi_plus(gamma: float) -> None:
    # K0 (x) I |phi+> = (|00> + sqrt(1-g)|11>)/sqrt2 overlaps phi+ by (1 + sqrt(1-g))/2;
    # K1 (x) I |phi+> = sqrt(g)|01>/sqrt2 is orthogonal to phi+. Hence
    # F = (1 + sqrt(1 - gamma))^2 / 4 (no gamma/4 term: the decayed branch is |01>).
    expected = (1 + math.sqrt(1 - gamma)) ** 2 / 4
    for qubit in (0, 1):
        rho = amplitude_damping(gamma).apply(bell_state("phi+"), [qubit])
        assert fidelity(rho, bell_state("phi+")) == pytest.approx(expected, abs=ATOL)


NON_PAULI = {
    "amplitude_damping": lambda: amplitude_damping(0.3),
    "memory_t1": lambda: memory_decoherence(elapsed_s=1.0, t1_s=2.0, t2_s=1.5),
    "erasure": lambda: erasure(0.2),
    "loss_d2": lambda: loss(0.2, dimension=2),
    "loss_d3": lambda: loss(0.2, dimension=3),
}


@pytest.mark.parametrize("kind", sorted(NON_PAULI))
def test_non_pauli_channels_refuse_bell_diagonal(kind: str) -> None:
    channel = NON_PAULI[kind]()
    assert not channel.is_pauli
    with pytest.raises(NotBellDiagonalError, match="not a one-qubit Pauli channel"):
        channel.apply_bell_diagonal(BellDiagonal.from_werner(0.9), 0)


def test_amplitude_damping_really_leaves_the_family() -> None:
    # The refusal above is physics, not laziness: the density-matrix result has
    # Bell-basis coherences (|00><11| gets weight sqrt(1-g)/2 against 1/2 on |00><00|).
    rho = amplitude_damping(0.3).apply(BellDiagonal.from_werner(0.9).to_density(), [0])
    with pytest.raises(NotBellDiagonalError):
        bell_diagonal_from_density(rho)


def test_tiny_off_diagonal_process_matrix_is_not_pauli() -> None:
    assert not amplitude_damping(1e-6).is_pauli
    assert amplitude_damping(0.0).is_pauli


@pytest.mark.parametrize("qubit", [2, -1, True, 0.0, "0"])
def test_qubit_must_be_zero_or_one(qubit: object) -> None:
    with pytest.raises(InvalidParameterError, match=r"^qubit="):
        dephasing(0.1).apply_bell_diagonal(BellDiagonal.from_werner(0.9), qubit)  # type: ignore[arg-type]


def test_state_must_be_bell_diagonal() -> None:
    with pytest.raises(InvalidParameterError, match=r"^state="):
        dephasing(0.1).apply_bell_diagonal(bell_state("phi+"), 0)  # type: ignore[arg-type]


def test_pauli_on_bell_diagonal_function() -> None:
    state = BellDiagonal((0.1, 0.2, 0.3, 0.4))
    out = pauli_on_bell_diagonal(state, (0.25, 0.25, 0.25, 0.25))
    assert out.coefficients == pytest.approx((0.25, 0.25, 0.25, 0.25), abs=ATOL)
    # Independent of the qubit index in the density-matrix picture too.
    channel = pauli(0.1, 0.2, 0.3)
    np.testing.assert_allclose(
        channel.apply(state.to_density(), [0]).matrix,
        channel.apply(state.to_density(), [1]).matrix,
        rtol=0,
        atol=ATOL,
    )


@pytest.mark.parametrize(
    "probabilities",
    [(0.5, 0.5, 0.1, 0.0), (1.2, -0.2, 0.0, 0.0), (float("nan"), 0.0, 0.0, 1.0), (1.0, 0.0)],
)
def test_pauli_probabilities_validated(probabilities: tuple[float, ...]) -> None:
    with pytest.raises(InvalidParameterError, match=r"^probabilities="):
        check_pauli_probabilities(probabilities, "probabilities")
