"""The unitarity check and its memory of the last large unitary."""

from __future__ import annotations

import numpy as np
import pytest

from qinternet.core.errors import InvalidParameterError, NonUnitaryError
from qinternet.optics import _validate
from qinternet.optics._validate import REMEMBERED_MIN_MODES, validate_unitary


def _haar_unitary(size: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    gaussian = rng.normal(size=(size, size)) + 1j * rng.normal(size=(size, size))
    q, r = np.linalg.qr(gaussian)
    return q * (np.diag(r) / np.abs(np.diag(r)))


def test_a_remembered_unitary_is_accepted_and_returned_as_given() -> None:
    unitary = _haar_unitary(REMEMBERED_MIN_MODES, 1)
    validate_unitary(unitary)
    copy = unitary.copy()
    accepted = validate_unitary(copy)
    assert np.shares_memory(accepted, copy)
    np.testing.assert_array_equal(_validate._last_large_unitary["matrix"], unitary)


def test_changed_matrices_are_checked_again() -> None:
    unitary = _haar_unitary(REMEMBERED_MIN_MODES + 3, 2)
    validate_unitary(unitary)
    with pytest.raises(NonUnitaryError, match="unitary="):
        validate_unitary(1.001 * unitary)
    mutated = unitary.copy()
    validate_unitary(mutated)
    mutated[0, 0] += 1e-6  # in place, after it was remembered
    with pytest.raises(NonUnitaryError, match="is not unitary"):
        validate_unitary(mutated)


def test_small_unitaries_are_not_remembered() -> None:
    _validate._last_large_unitary.clear()
    validate_unitary(_haar_unitary(REMEMBERED_MIN_MODES - 1, 3))
    assert "matrix" not in _validate._last_large_unitary


def test_the_remembered_unitary_as_a_list_or_with_nan_goes_through_the_full_check() -> None:
    unitary = _haar_unitary(REMEMBERED_MIN_MODES, 4)
    validate_unitary(unitary)
    np.testing.assert_array_equal(validate_unitary(unitary.tolist()), unitary)
    spoiled = unitary.copy()
    spoiled[1, 2] = np.nan
    with pytest.raises(InvalidParameterError, match="finite"):
        validate_unitary(spoiled)
