"""Bad input: every case raises the documented qinternet.core.errors class, and the message
names the parameter and shows the offending value."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from qinternet.core.errors import (
    DimensionMismatchError,
    InvalidChannelError,
    InvalidParameterError,
    InvalidStateError,
    NonUnitaryError,
    ParameterError,
)
from qinternet.states import (
    BellDiagonal,
    DensityMatrix,
    Ket,
    apply_kraus,
    apply_unitary,
    bell_state,
    concurrence,
    fidelity,
    lueders_operators,
    measure,
    partial_trace,
    permute,
    projectors_from_basis,
    random_density,
    twirl,
    von_neumann_entropy,
    werner,
)

PHI_PLUS = bell_state("phi+")
HADAMARD = np.array([[1, 1], [1, -1]]) / np.sqrt(2)


def assert_names(error: pytest.ExceptionInfo[ParameterError], name: str, value: Any) -> None:
    """The exception carries ``name`` and ``value`` and its message starts with name=value."""
    err = error.value
    assert err.name == name
    if isinstance(value, np.ndarray):
        assert np.array_equal(np.asarray(err.value), value)
    else:
        assert err.value == value or err.value is value
    text = str(err)
    assert text.startswith(f"{name}=")
    shown = repr(value)
    if len(shown) <= 80:
        assert shown in text
    elif isinstance(value, np.ndarray):
        assert f"<array of shape {value.shape}>" in text
    else:
        assert shown[:77] in text


def test_matrix_not_square() -> None:
    matrix = np.ones((2, 3)) / 2
    with pytest.raises(InvalidStateError, match="square") as error:
        DensityMatrix(matrix)
    assert_names(error, "matrix", matrix)


def test_matrix_not_hermitian() -> None:
    matrix = np.array([[0.5, 0.3], [0.1, 0.5]])
    with pytest.raises(InvalidStateError, match="Hermitian") as error:
        DensityMatrix(matrix)
    assert_names(error, "matrix", matrix)


def test_matrix_not_positive() -> None:
    matrix = np.diag([1.5, -0.5])
    with pytest.raises(InvalidStateError, match="positive semidefinite") as error:
        DensityMatrix(matrix)
    assert_names(error, "matrix", matrix)


def test_matrix_trace_not_one() -> None:
    matrix = np.diag([0.5, 0.4])
    with pytest.raises(InvalidStateError, match=r"trace 0\.9") as error:
        DensityMatrix(matrix)
    assert_names(error, "matrix", matrix)


def test_ket_not_normalised() -> None:
    vector = np.array([1.0, 1.0])
    with pytest.raises(InvalidStateError, match=r"norm 1\.414") as error:
        Ket(vector)
    assert_names(error, "vector", vector)


def test_large_matrix_value_is_summarised() -> None:
    matrix = np.eye(8) / 4
    with pytest.raises(InvalidStateError, match="trace 2") as error:
        DensityMatrix(matrix)
    assert "<array of shape (8, 8)>" in str(error.value)


def test_non_unitary() -> None:
    not_unitary = np.array([[1.0, 0.0], [0.0, 0.5]])
    with pytest.raises(NonUnitaryError, match="not unitary") as error:
        apply_unitary(PHI_PLUS, not_unitary, [0])
    assert_names(error, "unitary", not_unitary)


def test_ket_dims_do_not_match_length() -> None:
    with pytest.raises(DimensionMismatchError, match="product 3") as error:
        Ket(np.array([1.0, 0, 0, 0]), dims=(3,))
    assert_names(error, "dims", (3,))


def test_density_dims_do_not_match_size() -> None:
    with pytest.raises(DimensionMismatchError, match="product 6") as error:
        DensityMatrix(np.eye(4) / 4, dims=(2, 3))
    assert_names(error, "dims", (2, 3))


def test_dimension_not_a_power_of_two_needs_dims() -> None:
    vector = np.ones(3) / np.sqrt(3)
    with pytest.raises(InvalidStateError, match="not a power of 2") as error:
        Ket(vector)
    assert_names(error, "vector", vector)


def test_non_integer_dims() -> None:
    with pytest.raises(DimensionMismatchError, match="integer >= 1") as error:
        DensityMatrix.maximally_mixed((2, 1.5))
    assert_names(error, "dims", (2, 1.5))


def test_unitary_size_does_not_fit_targets() -> None:
    cnot = np.eye(4)[[0, 1, 3, 2]]
    with pytest.raises(DimensionMismatchError, match=r"shape \(2, 2\)") as error:
        apply_unitary(PHI_PLUS, cnot, [0])
    assert_names(error, "unitary", cnot)


def test_kraus_shapes_differ() -> None:
    kraus = [np.eye(2) / np.sqrt(2), np.eye(3) / np.sqrt(2)]
    with pytest.raises(DimensionMismatchError, match=r"shape \(3, 3\)") as error:
        apply_kraus(PHI_PLUS, kraus, [0])
    assert_names(error, "kraus_operators", kraus)


def test_kraus_not_trace_preserving() -> None:
    kraus = [np.eye(2), np.diag([0.0, 0.5])]
    with pytest.raises(InvalidChannelError, match="not trace preserving") as error:
        apply_kraus(PHI_PLUS, kraus, [1])
    assert_names(error, "kraus_operators", kraus)


def test_kraus_output_dims_do_not_fit() -> None:
    erasure = [np.vstack([np.eye(2), np.zeros((1, 2))])]
    with pytest.raises(DimensionMismatchError, match="multiply to 3") as error:
        apply_kraus(PHI_PLUS, erasure, [0], output_dims=[2])
    assert_names(error, "output_dims", [2])


@pytest.mark.parametrize("fidelity_value", [1.2, -0.1, float("nan")])
def test_werner_fidelity_outside_unit_interval(fidelity_value: float) -> None:
    with pytest.raises(InvalidParameterError, match=r"\[0, 1\]") as error:
        werner(fidelity_value)
    assert error.value.name == "fidelity"
    assert str(error.value).startswith(f"fidelity={fidelity_value!r}")


def test_bell_diagonal_from_werner_negative() -> None:
    with pytest.raises(InvalidParameterError, match=r"\[0, 1\]") as error:
        BellDiagonal.from_werner(-0.1)
    assert_names(error, "fidelity", -0.1)


def test_probability_not_a_number() -> None:
    with pytest.raises(InvalidParameterError, match="number") as error:
        werner("high")  # type: ignore[arg-type]
    assert_names(error, "fidelity", "high")


def test_bell_diagonal_negative_coefficient() -> None:
    coefficients = (1.1, -0.1, 0.0, 0.0)
    with pytest.raises(InvalidStateError, match="non-negative") as error:
        BellDiagonal(coefficients)
    assert_names(error, "coefficients", coefficients)


def test_bell_diagonal_coefficients_do_not_sum_to_one() -> None:
    coefficients = (0.5, 0.2, 0.2, 0.0)
    with pytest.raises(InvalidStateError, match=r"sum to 0\.9") as error:
        BellDiagonal(coefficients)
    assert_names(error, "coefficients", coefficients)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_nan_or_inf_in_matrix(bad: float) -> None:
    matrix = np.array([[0.5, bad], [bad, 0.5]])
    with pytest.raises(InvalidParameterError, match="NaN or infinity") as error:
        DensityMatrix(matrix)
    assert error.value.name == "matrix"
    assert "nan" in str(error.value) or "inf" in str(error.value)


def test_nan_in_unitary() -> None:
    unitary = np.array([[np.nan, 0], [0, 1]])
    with pytest.raises(InvalidParameterError, match="NaN or infinity") as error:
        apply_unitary(PHI_PLUS, unitary, [1])
    assert error.value.name == "unitary"


def test_repeated_targets() -> None:
    with pytest.raises(DimensionMismatchError, match="must not repeat") as error:
        apply_unitary(PHI_PLUS, np.eye(4), [1, 1])
    assert_names(error, "targets", [1, 1])


def test_out_of_range_target() -> None:
    with pytest.raises(DimensionMismatchError, match=r"index 2 outside 0\.\.1") as error:
        apply_unitary(PHI_PLUS, HADAMARD, [2])
    assert_names(error, "targets", [2])


def test_negative_target() -> None:
    with pytest.raises(DimensionMismatchError, match="index -1") as error:
        apply_unitary(PHI_PLUS, HADAMARD, -1)
    assert_names(error, "targets", -1)


def test_non_integer_target() -> None:
    with pytest.raises(DimensionMismatchError, match="integer") as error:
        apply_unitary(PHI_PLUS, HADAMARD, [0.0])
    assert_names(error, "targets", [0.0])


def test_empty_targets() -> None:
    with pytest.raises(DimensionMismatchError, match="at least one") as error:
        partial_trace(PHI_PLUS, [])
    assert_names(error, "keep", [])


def test_unknown_bell_name() -> None:
    with pytest.raises(InvalidParameterError, match="must be one of 'phi\\+'") as error:
        bell_state("phi0")
    assert_names(error, "name", "phi0")


def test_unknown_twirl_kind() -> None:
    with pytest.raises(InvalidParameterError, match="werner") as error:
        twirl(PHI_PLUS, "isotropic")
    assert_names(error, "kind", "isotropic")


def test_permute_with_non_permutation() -> None:
    with pytest.raises(DimensionMismatchError, match="permutation") as error:
        permute(PHI_PLUS, [0, 0])
    assert_names(error, "order", [0, 0])


def test_measurement_operators_incomplete() -> None:
    operators = [np.diag([1.0, 0.0])]
    with pytest.raises(InvalidChannelError, match="not trace preserving") as error:
        measure(PHI_PLUS, operators, [0], np.random.default_rng(0))
    assert_names(error, "operators", operators)


def test_measurement_operators_not_square() -> None:
    operators = [np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]])]
    with pytest.raises(InvalidParameterError, match="square") as error:
        measure(PHI_PLUS, operators, [0], np.random.default_rng(0))
    assert_names(error, "operators", operators)


def test_basis_not_orthonormal() -> None:
    basis = np.array([[1.0, 1.0], [0.0, 1.0]])
    with pytest.raises(InvalidParameterError, match="orthonormal") as error:
        projectors_from_basis(basis)
    assert_names(error, "basis", basis)


def test_povm_effect_not_positive() -> None:
    effects = [np.diag([1.5, 0.0]), np.diag([-0.5, 1.0])]
    with pytest.raises(InvalidParameterError, match=r"negative eigenvalue -0\.5") as error:
        lueders_operators(effects)
    assert_names(error, "effects", effects)


def test_random_density_rank_out_of_range() -> None:
    with pytest.raises(InvalidParameterError, match=r"1\.\.4") as error:
        random_density((2, 2), np.random.default_rng(0), rank=5)
    assert_names(error, "rank", 5)


def test_random_density_rank_not_integer() -> None:
    with pytest.raises(InvalidParameterError, match=r"1\.\.4") as error:
        random_density((2, 2), np.random.default_rng(0), rank=1.5)  # type: ignore[arg-type]
    assert_names(error, "rank", 1.5)


def test_entropy_base_invalid() -> None:
    with pytest.raises(InvalidParameterError, match="other than 1") as error:
        von_neumann_entropy(werner(0.5), base=1.0)
    assert_names(error, "base", 1.0)


def test_fidelity_of_states_on_different_subsystems() -> None:
    other = DensityMatrix.maximally_mixed((4,))
    with pytest.raises(DimensionMismatchError, match=r"dims \(4,\)") as error:
        fidelity(PHI_PLUS, other)
    assert error.value.name == "b"


def test_concurrence_needs_two_qubits() -> None:
    qutrits = DensityMatrix.maximally_mixed((3, 3))
    with pytest.raises(InvalidStateError, match="two-qubit") as error:
        concurrence(qutrits)
    assert error.value.name == "state"
    assert "(3, 3)" in str(error.value)


def test_bell_diagonal_coefficients_not_numbers() -> None:
    with pytest.raises(InvalidStateError, match="four finite numbers") as error:
        BellDiagonal(("a", 0, 0, 0))  # type: ignore[arg-type]
    assert_names(error, "coefficients", ("a", 0, 0, 0))


def test_kraus_operators_not_a_list() -> None:
    with pytest.raises(DimensionMismatchError, match="list of matrices") as error:
        apply_kraus(PHI_PLUS, 5, [0])  # type: ignore[arg-type]
    assert_names(error, "kraus_operators", 5)
