"""docs/make_telescope_figure.py: its closed forms, its simulated points, its image.

The direct curve is checked against GJC 2012's direct interferometer computed here
(visibility 2 sqrt(t)/(1 + t), events mode rate x photons x (1 + t)/2 x efficiency) and
against the reports of the runs; the single-link closed form against the link the build
step makes (its predicted rate, success probability and heralded fidelity), against the
ideal single-click limit derived here, and against the delivered pairs of the runs (their
states are deterministic: exact). The simulated phase errors lie within 5 standard errors
of the closed form.
"""

from __future__ import annotations

import math
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from matplotlib.image import imread

from qinternet.network.build import build_scenario
from qinternet.states import fidelity

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "make_telescope_figure.py"
NUM_SIGMA = 5.0
# The telescope of examples/telescope_two_stations.yaml and its link's fibre.
PHOTONS, MODES_HZ, EFFICIENCY, DB_PER_KM = 1e-3, 1e6, 0.9, 0.2


def direct_error(baseline_km: float) -> float:
    """GJC 2012's direct interferometer: B's light through ``baseline_km`` of fibre."""
    t = 10.0 ** (-DB_PER_KM * baseline_km / 10.0)
    visibility = 2.0 * math.sqrt(t) / (1.0 + t)
    rate_hz = MODES_HZ * PHOTONS * (1.0 + t) / 2.0 * EFFICIENCY
    return 1.0 / (visibility * math.sqrt(rate_hz))


@pytest.mark.parametrize("baseline_km", [50.0, 487.0, 1200.0])
def test_direct_curve(script: ModuleType, baseline_km: float) -> None:
    assert script.direct_curve(baseline_km) == pytest.approx(direct_error(baseline_km), rel=1e-12)


@pytest.mark.parametrize("baseline_km", [100.0, 550.0, 900.0])
def test_single_link_closed_form_equals_the_built_link(
    script: ModuleType, baseline_km: float
) -> None:
    scenario = script.single_link_scenario(baseline_km, 1.0)
    closed = script.single_link_closed_form(scenario)
    (link,) = build_scenario(scenario).links
    outcome = link.outcome
    assert 2 * sum(closed.herald_weights) == pytest.approx(outcome.success_probability, rel=1e-12)
    assert closed.rate_hz == pytest.approx(link.expected_rate_hz, rel=1e-12)
    heralded = fidelity(outcome.heralded_state, outcome.target)
    assert closed.herald_fidelity == pytest.approx(heralded, abs=1e-12)


def test_single_click_ideal_limit(script: ModuleType) -> None:
    """Lossless memories, equal arms: per click the atoms hold alpha (1 - alpha) eta
    |psi+><psi+| + alpha^2 (eta - eta^2/2) |11><11| (unnormalised), so F = (1 - alpha) /
    (1 - alpha eta / 2), V = 1, P = (1 - alpha) / (1 - alpha eta / 2); an attempt as long
    as the herald gives the rate p / T with p = 2 alpha eta (1 - alpha eta / 2)."""
    alpha, eta, period_s = 0.2, 0.3, 1e-3
    pair = script.single_click_pair(
        alpha, (eta, eta), period_s, (period_s, period_s), (math.inf,) * 2, (math.inf,) * 2
    )
    assert pair.fidelity == pytest.approx((1 - alpha) / (1 - alpha * eta / 2), rel=1e-12)
    assert pair.population == pytest.approx((1 - alpha) / (1 - alpha * eta / 2), rel=1e-12)
    assert pair.visibility == pytest.approx(1.0, rel=1e-12)
    p = 2 * alpha * eta * (1 - alpha * eta / 2)
    assert pair.rate_hz == pytest.approx(p / period_s, rel=1e-12)


def test_figure_puts_runs_beside_closed_forms(script: ModuleType, tmp_path: Path) -> None:
    sizes = script.Sizes(
        baselines_km=(50.0, 100.0, 400.0, 600.0, 1300.0),
        link_pairs=400,
        chain_pairs=200,
        curve_points=5,
    )
    figure = script.make_figure(tmp_path, sizes)
    image = imread(tmp_path / "telescope_baseline.png")
    assert image.shape == (550, 792, 4)  # 7.2 x 5.0 inches at 110 dpi
    assert float(np.ptp(image[..., :3])) > 0.5  # not blank
    single = {point.baseline_km: point for point in figure.single}
    for km in (50.0, 100.0, 400.0, 600.0):
        point = single[km]
        assert point.num_pairs > 300, point  # 400 expected (Poisson)
        closed = script.single_link_closed_form(script.single_link_scenario(km, 1.0))
        # Every pair of a run holds the same state: its fidelity and visibility are exact.
        assert point.report["pair_fidelity"] == pytest.approx(closed.fidelity, abs=1e-9)
        assert point.report["assisted_visibility"] == pytest.approx(closed.visibility, abs=1e-9)
        assert point.error == pytest.approx(point.closed_form, abs=NUM_SIGMA * point.stderr)
        assert point.stderr / point.error == pytest.approx(0.5 / math.sqrt(point.num_pairs))
    # 1300 km: a pair every ~300 000 years at the closed-form rate; the run stops at 100.
    assert single[1300.0].num_pairs == 0
    assert single[1300.0].error is None
    for point in figure.single[:-1] + figure.chain:
        assert point.report["direct_error_rad_sqrt_s"] == pytest.approx(
            direct_error(point.baseline_km), rel=1e-9
        )
    for point in figure.chain:
        assert point.num_pairs == sizes.chain_pairs
        assert 0.0 < point.stderr < point.error
        faster = "direct" if point.baseline_km < 250.0 else "assisted"
        assert point.report["better"] == faster, point
    crossings = figure.crossovers
    assert direct_error(crossings.single_vs_direct) == pytest.approx(
        script.single_link_curve(crossings.single_vs_direct), rel=1e-6
    )
    assert 100.0 < crossings.chain_vs_direct < 400.0
    # At 50 km one single-click link beats one Barrett-Kok link; at 100 km two do.
    assert 50.0 < crossings.chain_vs_single < 100.0
    assert 100.0 < crossings.single_vs_direct_simulated < 600.0


def test_closed_form_refuses_what_it_leaves_out(script: ModuleType) -> None:
    data = script.single_link_scenario(100.0, 1.0).model_dump(exclude_none=True)
    data["links"][0]["detector"]["dark_count_rate_hz"] = 10.0
    with pytest.raises(ValueError, match="dark counts"):
        script.single_link_closed_form(script.parse_scenario(data))
