"""Every error names its parameter and value; arrays are summarised."""

from __future__ import annotations

import numpy as np

from qinternet.core.errors import InvalidStateError, ParameterError, QinternetError


def test_message_names_parameter_and_value() -> None:
    error = ParameterError("length_m", -3.0, "must be >= 0")
    assert str(error) == "length_m=-3.0: must be >= 0"
    assert isinstance(error, QinternetError)
    assert isinstance(error, ValueError)


def test_large_arrays_are_summarised() -> None:
    error = InvalidStateError("matrix", np.zeros((64, 64)), "is not of trace 1")
    assert str(error) == "matrix=<array of shape (64, 64)>: is not of trace 1"
