"""Bell states, Werner states, the Bell-diagonal family and twirling."""

from __future__ import annotations

import numpy as np
import pytest

from qinternet.core.errors import NotBellDiagonalError
from qinternet.states import (
    BELL_BASIS,
    BellDiagonal,
    BellName,
    Ket,
    bell_diagonal_from_density,
    bell_state,
    random_density,
    twirl,
    werner,
)

S = 1 / np.sqrt(2)
EXPECTED_VECTORS = {
    "phi+": [S, 0, 0, S],
    "phi-": [S, 0, 0, -S],
    "psi+": [0, S, S, 0],
    "psi-": [0, S, -S, 0],
}


@pytest.mark.parametrize("name", list(EXPECTED_VECTORS))
def test_bell_state_vectors(name: str) -> None:
    ket = bell_state(name)
    assert ket.dims == (2, 2)
    np.testing.assert_allclose(ket.vector, EXPECTED_VECTORS[name], atol=1e-16)
    np.testing.assert_allclose(bell_state(BellName(name)).vector, ket.vector)


def test_bell_basis_is_unitary_and_read_only() -> None:
    np.testing.assert_allclose(BELL_BASIS.conj().T @ BELL_BASIS, np.eye(4), atol=1e-15)
    with pytest.raises(ValueError, match="read-only"):
        BELL_BASIS[0, 0] = 0.0


def _werner_closed_form(f: float) -> np.ndarray:
    phi = np.array([S, 0, 0, S])
    projector = np.outer(phi, phi)
    return f * projector + (1 - f) / 3 * (np.eye(4) - projector)


@pytest.mark.parametrize("f", [0.0, 0.25, 0.5, 0.8, 0.92, 1.0])
def test_werner_matches_closed_form(f: float) -> None:
    np.testing.assert_allclose(werner(f).matrix, _werner_closed_form(f), atol=1e-15)


def test_werner_quarter_is_maximally_mixed() -> None:
    np.testing.assert_allclose(werner(0.25).matrix, np.eye(4) / 4, atol=1e-15)


def test_bell_diagonal_to_density_and_back() -> None:
    coefficients = (0.55, 0.25, 0.15, 0.05)
    state = BellDiagonal(coefficients)
    expected = sum(
        c * np.outer(v, v) for c, v in zip(coefficients, EXPECTED_VECTORS.values(), strict=True)
    )
    np.testing.assert_allclose(state.to_density().matrix, expected, atol=1e-15)
    back = bell_diagonal_from_density(state.to_density())
    np.testing.assert_allclose(back.coefficients, coefficients, atol=1e-15)
    assert state.fidelity == 0.55
    assert state.coefficient("psi+") == 0.15
    assert state.coefficient(BellName.PSI_MINUS) == 0.05


def test_rounding_noise_in_coefficients_is_clipped() -> None:
    state = BellDiagonal((1.0 + 1e-12, -1e-12, 0.0, 0.0))
    assert min(state.coefficients) == 0.0


def test_product_state_is_not_bell_diagonal() -> None:
    with pytest.raises(NotBellDiagonalError, match="twirl"):
        bell_diagonal_from_density(Ket([1, 0, 0, 0]))


def test_twirl_keeps_the_four_bell_weights_and_the_fidelity() -> None:
    rng = np.random.default_rng(11)
    for _ in range(20):
        rho = random_density((2, 2), rng, rank=int(rng.integers(1, 5)))
        weights = [float(np.real(v.conj() @ rho.matrix @ v)) for v in BELL_BASIS.T]
        twirled = twirl(rho)
        np.testing.assert_allclose(twirled.coefficients, weights, atol=1e-13)
        werner_twirled = twirl(rho, "werner")
        assert werner_twirled.fidelity == pytest.approx(weights[0], abs=1e-13)
        rest = werner_twirled.coefficients[1:]
        np.testing.assert_allclose(rest, [(1 - weights[0]) / 3] * 3, atol=1e-13)


def test_twirl_of_bell_diagonal() -> None:
    state = BellDiagonal((0.7, 0.2, 0.1, 0.0))
    assert twirl(state) == state
    assert twirl(state, "werner") == BellDiagonal.from_werner(0.7)
