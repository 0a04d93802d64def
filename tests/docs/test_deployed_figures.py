"""docs/make_deployed_figures.py: its closed forms, its simulated points, its images.

The script's closed forms are checked against independent computations: the ideal
single-click limit derived here, the photon-number-basis link function
(:func:`qinternet.physics.links.single_click_link`, a different computation of the
same physics) and the read-out model of :mod:`qinternet.physics.devices.node_operations`.
Its event-driven points are checked against its closed forms: exactly for the
deterministic fidelities of the phase and conversion sweeps, within 5 standard errors
for the sampled read-out records.
"""

from __future__ import annotations

import math
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from matplotlib.image import imread

from qinternet.physics.devices.node_operations import Readout, raw_bell_fidelity
from qinternet.physics.links import single_click_link
from qinternet.states import DensityMatrix

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "make_deployed_figures.py"
NUM_SIGMA = 5.0


def test_ideal_limit(script: ModuleType) -> None:
    """Ideal photons, no background: per click the spins are
    alpha (1 - alpha) eta |psi><psi| / 1 + (alpha^2 eta - alpha^2 eta^2 / 2) |11><11| over
    P_A = alpha eta - alpha^2 eta^2 / 2, so F = (1 - alpha) / (1 - alpha eta / 2)."""
    alpha, eta = 0.2, 0.3
    state = script.single_click_closed_form(alpha, (eta, eta))
    assert state.probability == pytest.approx(alpha * eta - alpha**2 * eta**2 / 2, rel=1e-12)
    assert state.fidelity == pytest.approx((1 - alpha) / (1 - alpha * eta / 2), rel=1e-12)


@pytest.mark.parametrize(
    ("alpha", "etas", "background", "visibility", "sigma", "resets", "doubles"),
    [
        (0.3, (3.5e-4, 3.5e-4), 5e-7, 0.9, 0.2618, (0.01, 0.01), (0.04, 0.04)),
        (0.25, (0.02, 0.05), 0.01, 0.7, 1.1, (0.02, 0.0), (0.0, 0.1)),
        (0.5, (0.6, 0.9), 0.1, 0.3, 0.0, (0.1, 0.2), (0.3, 0.05)),
    ],
)
def test_closed_form_equals_photon_number_computation(
    script: ModuleType,
    alpha: float,
    etas: tuple[float, float],
    background: float,
    visibility: float,
    sigma: float,
    resets: tuple[float, float],
    doubles: tuple[float, float],
) -> None:
    state = script.single_click_closed_form(
        alpha,
        etas,
        background=background,
        visibility=visibility,
        phase_std_rad=sigma,
        reset_errors=resets,
        double_excitations=doubles,
    )
    link = single_click_link(
        alpha,
        etas,
        dark_count_probability=background,
        visibility=visibility,
        phase_std_rad=sigma,
        initialisation_error=resets,
        double_excitation_probability=doubles,
    )
    assert 2 * state.probability == pytest.approx(link.success_probability, rel=1e-10)
    assert state.fidelity == pytest.approx(link.mean_fidelity, abs=1e-10)


def test_raw_fidelity_closed_form_equals_the_readout_model(script: ModuleType) -> None:
    """The script's raw parity fidelity against the correlators of node_operations,
    evaluated on the closed-form state's density matrix (both patterns)."""
    state = script.single_click_closed_form(
        0.3, (0.01, 0.02), background=1e-3, visibility=0.8, reset_errors=(0.01, 0.03)
    )
    w, total = state.weights, state.probability
    matrix = np.diag(np.array(w) / total).astype(complex)
    readout = Readout(fidelity_0=0.83, fidelity_1=0.97)
    expected = 0.0
    for sign, target in ((1.0, "psi+"), (-1.0, "psi-")):
        matrix[1, 2] = matrix[2, 1] = sign * state.coherence / total
        expected += raw_bell_fidelity(DensityMatrix(matrix), target, readout, readout) / 2
    assert script.raw_fidelity_closed_form(state, 0.83, 0.97) == pytest.approx(expected, abs=1e-12)
    assert script.raw_fidelity_closed_form(state, 1.0, 1.0) == pytest.approx(state.fidelity)


def test_figures_put_runs_beside_closed_forms(script: ModuleType, tmp_path: Path) -> None:
    sizes = script.Sizes(
        num_points=3,
        phase_duration_s=3.0,
        conversion_duration_s=3000.0,
        readout_duration_s=30.0,
        curve_points=5,
    )
    points = script.make_figures(tmp_path, sizes)
    assert set(points) == set(script.FIGURES)
    for name in script.FIGURES:
        image = imread(tmp_path / name)
        assert image.ndim == 3
        assert image.shape[0] > 300
        assert image.shape[1] > 400
        assert float(np.ptp(image[..., :3])) > 0.5  # not blank
    for name in ("fidelity_vs_phase_noise.png", "fidelity_vs_conversion_noise.png"):
        for point in points[name]:
            assert point.num_pairs >= 50, (name, point)
            # Every pair of a pattern holds the same state: errors far below the markers.
            assert point.simulated.stderr < 1e-9
            # Neglected in the closed form: T1 = 1 h over a herald of <= 150 us, ~4e-8.
            assert point.simulated.mean == pytest.approx(point.closed_form, abs=1e-7), point
    fidelities = [p.closed_form for p in points["fidelity_vs_phase_noise.png"]]
    assert fidelities[0] > 0.5 > fidelities[-1]  # the sweep crosses the F = 1/2 line
    readout = points["fidelity_vs_readout_error.png"]
    assert readout[0].num_pairs > 500
    for point in readout:
        assert point.simulated.mean == pytest.approx(
            point.closed_form, abs=NUM_SIGMA * point.simulated.stderr
        ), point
    assert math.isclose(readout[-1].x, 0.3)
