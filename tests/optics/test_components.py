"""Tests of beam splitters, phase shifters, interferometers and Haar-random unitaries."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qinternet.core.errors import DimensionMismatchError, InvalidParameterError
from qinternet.optics.components import (
    BeamSplitter,
    Interferometer,
    PhaseShifter,
    haar_random_unitary,
)

# Products of a few dozen 2x2 unitaries: rounding error stays at a few 1e-16 per entry.
UNITARITY_ATOL = 1e-12


def _embed(num_modes: int, modes: tuple[int, int], block: np.ndarray) -> np.ndarray:
    """Full-matrix embedding of a 2x2 block: the oracle for the row-wise composition."""
    full = np.eye(num_modes, dtype=complex)
    full[np.ix_(modes, modes)] = block
    return full


def test_beam_splitter_block_is_unitary_with_paper_convention() -> None:
    reflectivity = 0.3
    block = BeamSplitter((0, 1), reflectivity=reflectivity).block
    r, t = math.sqrt(reflectivity), math.sqrt(1 - reflectivity)
    np.testing.assert_allclose(block, [[1j * r, t], [t, 1j * r]], atol=1e-15)
    np.testing.assert_allclose(block.conj().T @ block, np.eye(2), atol=UNITARITY_ATOL)


def test_beam_splitter_phase_acts_on_first_input() -> None:
    phase = 0.7
    with_phase = BeamSplitter((2, 5), reflectivity=0.4, phase_rad=phase).block
    without = BeamSplitter((2, 5), reflectivity=0.4).block
    np.testing.assert_allclose(with_phase, without @ np.diag([np.exp(1j * phase), 1]), atol=1e-15)


def test_from_angle_sets_reflectivity_cos_squared() -> None:
    splitter = BeamSplitter.from_angle((0, 1), math.pi / 6, phase_rad=0.2)
    assert splitter.reflectivity == pytest.approx(0.75, abs=1e-15)
    assert splitter.phase_rad == 0.2


def test_interferometer_matches_full_matrix_products() -> None:
    rng = np.random.default_rng(11)
    num_modes = 5
    components: list[BeamSplitter | PhaseShifter] = []
    expected = np.eye(num_modes, dtype=complex)
    for _ in range(30):
        if rng.random() < 0.5:
            i, j = rng.choice(num_modes, size=2, replace=False)
            splitter = BeamSplitter((int(i), int(j)), rng.random(), rng.uniform(0, 2 * np.pi))
            components.append(splitter)
            expected = _embed(num_modes, splitter.modes, splitter.block) @ expected
        else:
            shifter = PhaseShifter(int(rng.integers(num_modes)), rng.uniform(0, 2 * np.pi))
            components.append(shifter)
            diagonal = np.ones(num_modes, dtype=complex)
            diagonal[shifter.mode] = shifter.factor
            expected = np.diag(diagonal) @ expected
    circuit = Interferometer(num_modes, components)
    np.testing.assert_allclose(circuit.unitary, expected, atol=UNITARITY_ATOL)
    assert circuit.num_beam_splitters + circuit.num_phase_shifters == 30


def test_interferometer_unitary_is_read_only() -> None:
    circuit = Interferometer(2, [BeamSplitter((0, 1))])
    with pytest.raises(ValueError, match="read-only"):
        circuit.unitary[0, 0] = 1.0


def test_haar_unitaries_are_unitary_and_reproducible() -> None:
    first = haar_random_unitary(6, np.random.default_rng(5))
    second = haar_random_unitary(6, np.random.default_rng(5))
    np.testing.assert_array_equal(first, second)
    np.testing.assert_allclose(first.conj().T @ first, np.eye(6), atol=UNITARITY_ATOL)


def test_haar_entries_have_haar_moments() -> None:
    # For Haar U(m), |U_00|^2 ~ Beta(1, m-1): mean 1/m, variance (m-1)/(m^2 (m+1)).
    # 4000 draws: the sample mean is within 5 standard errors of 1/m.
    rng = np.random.default_rng(2024)
    num_modes, num_draws = 4, 4000
    weights = np.array(
        [abs(haar_random_unitary(num_modes, rng)[0, 0]) ** 2 for _ in range(num_draws)]
    )
    variance = (num_modes - 1) / (num_modes**2 * (num_modes + 1))
    assert abs(weights.mean() - 1 / num_modes) < 5 * math.sqrt(variance / num_draws)
    # The phase of an entry is uniform (the phase fix of Mezzadri): <U_00> = 0.
    phases = np.array([haar_random_unitary(2, rng)[1, 0] for _ in range(num_draws)])
    assert abs(phases.mean()) < 5 * math.sqrt(0.5 / num_draws)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"modes": (0, 0)}, "modes"),
        ({"modes": (0, -1)}, "modes"),
        ({"modes": (0,)}, "modes"),
        ({"modes": (0, 1), "reflectivity": -0.1}, "reflectivity"),
        ({"modes": (0, 1), "reflectivity": math.nan}, "reflectivity"),
        ({"modes": (0, 1), "phase_rad": math.inf}, "phase_rad"),
    ],
)
def test_beam_splitter_rejects_bad_parameters(kwargs: dict[str, object], name: str) -> None:
    with pytest.raises(InvalidParameterError, match=rf"^{name}="):
        BeamSplitter(**kwargs)  # type: ignore[arg-type]


def test_phase_shifter_and_interferometer_reject_bad_parameters() -> None:
    with pytest.raises(InvalidParameterError, match=r"^mode="):
        PhaseShifter(-1, 0.0)
    with pytest.raises(InvalidParameterError, match=r"^phase_rad="):
        PhaseShifter(0, math.nan)
    with pytest.raises(InvalidParameterError, match=r"^num_modes="):
        Interferometer(0, ())
    with pytest.raises(DimensionMismatchError, match=r"^components\[0\]="):
        Interferometer(2, [BeamSplitter((0, 2))])
    with pytest.raises(InvalidParameterError, match=r"^components\[0\]="):
        Interferometer(2, ["splitter"])  # type: ignore[list-item]
    with pytest.raises(InvalidParameterError, match=r"^num_modes="):
        haar_random_unitary(0, np.random.default_rng(0))
    with pytest.raises(InvalidParameterError, match=r"^rng="):
        haar_random_unitary(2, 7)  # type: ignore[arg-type]
