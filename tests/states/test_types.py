"""Ket and DensityMatrix: construction, validation tolerance, immutability."""

from __future__ import annotations

import numpy as np
import pytest

from qinternet.core.errors import InvalidStateError
from qinternet.states import DensityMatrix, Ket


def test_ket_infers_qubit_dims_and_converts_to_complex() -> None:
    ket = Ket([0, 0, 0, 1])
    assert ket.dims == (2, 2)
    assert ket.vector.dtype == np.complex128
    assert ket.dim == 4
    assert ket.num_subsystems == 2


def test_ket_with_explicit_mixed_dims() -> None:
    vector = np.zeros(6)
    vector[4] = 1.0  # |1> (x) |1> on (2, 3): index 1*3 + 1
    ket = Ket(vector, dims=(2, 3))
    assert ket.dims == (2, 3)
    np.testing.assert_array_equal(ket.to_density().matrix, np.outer(np.eye(6)[4], np.eye(6)[4]))


def test_one_dimensional_state() -> None:
    assert Ket([1.0]).dims == (1,)


def test_ket_copies_and_freezes_its_vector() -> None:
    vector = np.array([1.0, 0.0])
    ket = Ket(vector)
    vector[0] = 5.0
    assert ket.vector[0] == 1.0
    with pytest.raises(ValueError, match="read-only"):
        ket.vector[0] = 0.0


def test_density_copies_and_freezes_its_matrix() -> None:
    matrix = np.eye(2) / 2
    rho = DensityMatrix(matrix)
    matrix[0, 0] = 1.0
    assert rho.matrix[0, 0] == 0.5
    with pytest.raises(ValueError, match="read-only"):
        rho.matrix[0, 0] = 1.0


def test_ket_to_density_is_the_projector() -> None:
    vector = np.array([0.6, 0.8j])
    rho = Ket(vector).to_density()
    np.testing.assert_allclose(rho.matrix, [[0.36, -0.48j], [0.48j, 0.64]], atol=1e-15)
    assert rho.to_density() is rho


def test_maximally_mixed() -> None:
    rho = DensityMatrix.maximally_mixed((2, 3))
    assert rho.dims == (2, 3)
    np.testing.assert_allclose(rho.matrix, np.eye(6) / 6)


def test_tolerances_accept_rounding_noise_and_reject_more() -> None:
    # 1e-12 deviations (rounding noise) pass; 1e-8 (a real error) is rejected.
    DensityMatrix(np.diag([0.5 + 1e-12, 0.5]))
    Ket(np.array([1.0 + 1e-12, 0.0]))
    DensityMatrix(np.diag([1.0 + 1e-12, -1e-12]))
    with pytest.raises(InvalidStateError):
        DensityMatrix(np.diag([0.5 + 1e-8, 0.5]))
    with pytest.raises(InvalidStateError):
        DensityMatrix(np.diag([1.0 + 1e-8, -1e-8]))
    with pytest.raises(InvalidStateError):
        Ket(np.array([1.0 + 1e-8, 0.0]))


def test_complex_hermitian_density_matrix_is_accepted() -> None:
    rho = DensityMatrix(np.array([[0.5, -0.5j], [0.5j, 0.5]]))
    assert rho.dims == (2,)


def test_repr_shows_dims() -> None:
    assert repr(Ket([1, 0, 0], dims=(3,))) == "Ket(dims=(3,))"
    assert repr(DensityMatrix.maximally_mixed((2, 2))) == "DensityMatrix(dims=(2, 2))"
