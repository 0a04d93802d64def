"""Tests of the Clements decomposition."""

from __future__ import annotations

import numpy as np
import pytest

from qinternet.core.errors import DimensionMismatchError, NonUnitaryError
from qinternet.optics.clements import clements_decomposition
from qinternet.optics.components import BeamSplitter, PhaseShifter, haar_random_unitary

# m(m-1)/2 + m rounded 2x2 operations for m <= 10: errors of order 1e-15, well below 1e-10.
RECONSTRUCTION_ATOL = 1e-10


@pytest.mark.parametrize("num_modes", range(2, 11))
def test_haar_unitaries_reconstruct(num_modes: int) -> None:
    rng = np.random.default_rng(100 + num_modes)
    unitary = haar_random_unitary(num_modes, rng)
    circuit = clements_decomposition(unitary)
    np.testing.assert_allclose(circuit.unitary, unitary, atol=RECONSTRUCTION_ATOL)
    assert circuit.num_beam_splitters == num_modes * (num_modes - 1) // 2
    assert circuit.num_phase_shifters == num_modes


@pytest.mark.parametrize("num_modes", [3, 6, 9])
def test_mesh_is_rectangular_nearest_neighbour_of_depth_m(num_modes: int) -> None:
    circuit = clements_decomposition(haar_random_unitary(num_modes, np.random.default_rng(7)))
    splitters = [c for c in circuit.components if isinstance(c, BeamSplitter)]
    assert all(j == i + 1 for i, j in (s.modes for s in splitters))
    # Depth: the layer of a splitter is one more than the latest layer on its two modes.
    layer_of_mode = [0] * num_modes
    for splitter in splitters:
        i, j = splitter.modes
        layer = max(layer_of_mode[i], layer_of_mode[j]) + 1
        layer_of_mode[i] = layer_of_mode[j] = layer
    assert max(layer_of_mode) == num_modes
    # The final diagonal: one phase per mode, after every splitter.
    tail = circuit.components[-num_modes:]
    assert sorted(c.mode for c in tail if isinstance(c, PhaseShifter)) == list(range(num_modes))


@pytest.mark.parametrize(
    "unitary",
    [
        np.eye(4),
        np.eye(5)[[2, 0, 4, 1, 3]],  # permutation: every nulling hits a zero
        np.diag(np.exp(1j * np.arange(3))),
        [[1.0]],
    ],
)
def test_degenerate_unitaries_reconstruct(unitary: np.ndarray) -> None:
    circuit = clements_decomposition(unitary)
    np.testing.assert_allclose(circuit.unitary, unitary, atol=RECONSTRUCTION_ATOL)


def test_rejects_non_unitary_and_non_square() -> None:
    with pytest.raises(NonUnitaryError, match=r"^unitary="):
        clements_decomposition([[1, 1], [0, 1]])
    with pytest.raises(DimensionMismatchError, match=r"^unitary="):
        clements_decomposition(np.ones((2, 3)))
