"""The NV-centre examples reproduce their experiments' published rate and fidelity.

Checked against:

* ``examples/humphreys_2018_nv.yaml``: Humphreys et al., Nature 558, 268 (2018),
  arXiv:1712.07567 -- entangling rate 39 Hz and remote-state decoherence rate 5 Hz
  (abstract), deterministic delivery with fidelity > 0.5 every 100 ms clock cycle
  (abstract), eta_link threshold ~0.83 (text after Eq. 2); heralded fidelity 0.60(2) at
  alpha = 0.3 and 0.81(2) at alpha = 0.05 (6 Hz), secondary (a public calibration table
  citing the paper; the figure was not identified).
* ``examples/stolk_2024_metropolitan_nv.yaml``: Stolk et al., Sci. Adv. 10, eadp6442
  (2024), arXiv:2404.03723 -- heralded fidelity 0.534(15) at alpha = 0.25, heralded rate
  0.022 Hz, success probability 7.2e-6 per attempt, all secondary (see the file header).

The bands are in each file's ``published`` block and justified there; every run is
seeded and its statistical error is far inside the band.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from qinternet.network.run import ScenarioResult, run_scenario
from qinternet.network.scenario import (
    PublishedResult,
    Scenario,
    SingleClickScheme,
    load_scenario,
)
from qinternet.physics.devices import preset
from qinternet.physics.maps.delivery import (
    best_delivery_window,
    best_delivery_window_s,
    delivery_fidelity,
    link_efficiency,
    threshold_link_efficiency,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
HUMPHREYS = EXAMPLES / "humphreys_2018_nv.yaml"
STOLK = EXAMPLES / "stolk_2024_metropolitan_nv.yaml"
NUM_SIGMA = 5.0


def _published(scenario: Scenario) -> PublishedResult:
    assert scenario.published is not None
    return scenario.published


def _run(scenario: Scenario, duration_s: float) -> ScenarioResult:
    return run_scenario(scenario.model_copy(update={"duration_s": duration_s}))


def _assert_in_band(value: float, band: tuple[float, float] | None, what: str) -> None:
    assert band is not None, what
    low, high = band
    assert low <= value <= high, f"{what} = {value:.6g} outside the band [{low}, {high}]"


def _check_against_published(result: ScenarioResult, published: PublishedResult) -> None:
    (link,) = result.links
    stats = link.statistics
    assert stats.num_pairs >= 300  # enough pairs for a rate error of a few per cent
    # Both the seeded run and the exact expectation of the link lie in the band.
    _assert_in_band(stats.rate_hz, published.rate_band_hz, "rate_hz")
    _assert_in_band(link.predicted_rate_hz, published.rate_band_hz, "predicted rate_hz")
    _assert_in_band(stats.fidelity.mean, published.fidelity_band, "fidelity")
    assert stats.fidelity.stderr < 0.005
    # The event simulation agrees with the link's pure function (DESIGN: three engines).
    assert stats.rate_hz == pytest.approx(
        link.predicted_rate_hz, abs=NUM_SIGMA * stats.rate_stderr_hz
    )
    assert stats.fidelity.mean == pytest.approx(link.predicted_fidelity, abs=1e-3)


# --- Humphreys et al. 2018 -------------------------------------------------------------


@pytest.fixture(scope="module")
def humphreys() -> Scenario:
    return load_scenario(HUMPHREYS)


@pytest.fixture(scope="module")
def humphreys_39_hz(humphreys: Scenario) -> ScenarioResult:
    return _run(humphreys, duration_s=20.0)  # ~770 pairs, < 1 s


def test_humphreys_file_states_the_published_numbers(humphreys: Scenario) -> None:
    published = _published(humphreys)
    nv = preset("nv_centre")
    assert "arXiv:1712.07567" in published.source
    assert published.rate_hz == nv.reported_value("entangling_rate_hz") == 39.0
    assert published.fidelity == nv.reported_value("fidelity_at_39_hz") == 0.60
    scheme = humphreys.links[0].scheme
    assert isinstance(scheme, SingleClickScheme)
    assert scheme.bright_state_population == nv.reported_value("alpha_at_39_hz")
    assert scheme.visibility == nv.reported_value("photon_visibility")
    # phase_std_rad combines the 15 deg interferometer noise and double excitation (p = 0.04)
    sigma = math.radians(nv.reported_value("phase_std_deg"))
    p_double = nv.reported_value("double_excitation_probability")
    combined = math.sqrt(sigma**2 - 4 * math.log(1 - p_double))
    assert scheme.phase_std_rad == pytest.approx(combined, abs=1e-4)


def test_humphreys_rate_and_fidelity_at_39_hz(
    humphreys: Scenario, humphreys_39_hz: ScenarioResult
) -> None:
    """Humphreys 2018, abstract (39 Hz) and the secondary F = 0.60(2) at alpha = 0.3."""
    _check_against_published(humphreys_39_hz, _published(humphreys))


def test_humphreys_alpha_trade_off_at_6_hz(humphreys: Scenario) -> None:
    """The same link at alpha = 0.05: 6 Hz and F = 0.81(2) (secondary, Humphreys 2018).

    Bands as for the 39 Hz point: rate 6 Hz +-15 % (quoted to one digit); fidelity
    0.81 - 2 sigma to 0.81 + 2 sigma + 0.02 (reset error set to zero in the file).
    """
    nv = preset("nv_centre")
    link = humphreys.links[0]
    scheme = link.scheme.model_copy(
        update={"bright_state_population": nv.reported_value("alpha_at_6_hz")}
    )
    low_alpha = humphreys.model_copy(update={"links": [link.model_copy(update={"scheme": scheme})]})
    result = _run(low_alpha, duration_s=80.0)  # ~520 pairs
    (stats,) = (link_result.statistics for link_result in result.links)
    fidelity, error = (
        nv.reported_value("fidelity_at_6_hz"),
        nv.reported_value("fidelity_at_6_hz_error"),
    )
    (link_result,) = result.links
    _assert_in_band(stats.rate_hz, (6.0 * 0.85, 6.0 * 1.15), "rate at alpha = 0.05")
    _assert_in_band(link_result.predicted_rate_hz, (6.0 * 0.85, 6.0 * 1.15), "predicted rate")
    _assert_in_band(
        stats.fidelity.mean, (fidelity - 2 * error, fidelity + 2 * error + 0.02), "fidelity"
    )


def test_humphreys_deterministic_delivery(humphreys_39_hz: ScenarioResult) -> None:
    """Humphreys 2018: eta_link = r_ent / r_dec ~ 7.8 > 0.83, and a state of average
    fidelity > 0.5 delivered every 100 ms clock cycle (abstract; text after Eq. 2).

    The delivered fidelity uses the simulated entangling rate and heralded fidelity: a
    stored pair decays towards 1/4 at r_dec, so the average over the first success in a
    window x = r_dec T is 1/4 + (F_h - 1/4) P(eta, x), where 1/4 + 3/4 P is
    :func:`delivery_fidelity` (which assumes F_h = 1).
    """
    nv = preset("nv_centre")
    assert nv.memory is not None
    decoherence_rate_hz = 2.0 / nv.memory.t2_s  # pair coherence decays at 2 / T2
    assert decoherence_rate_hz == pytest.approx(nv.reported_value("decoherence_rate_hz"))
    (link,) = humphreys_39_hz.links
    stats = link.statistics
    eta = link_efficiency(stats.rate_hz, decoherence_rate_hz)
    eta_error = stats.rate_stderr_hz / decoherence_rate_hz
    assert eta == pytest.approx(39.0 / 5.0, abs=0.15 * 7.8)  # the rate band, over 5 Hz
    reported_threshold = nv.reported_value("link_efficiency_threshold")
    assert threshold_link_efficiency(0.5) == pytest.approx(reported_threshold, abs=0.005)
    assert eta - NUM_SIGMA * eta_error > reported_threshold

    clock_s = nv.reported_value("clock_cycle_s")
    window_s = best_delivery_window_s(stats.rate_hz, decoherence_rate_hz)
    assert window_s <= clock_s  # the best window fits in the 100 ms cycle
    heralded = stats.fidelity.mean
    for eta_value in (eta - NUM_SIGMA * eta_error, eta + NUM_SIGMA * eta_error):
        survival = (delivery_fidelity(eta_value, best_delivery_window(eta_value)) - 0.25) / 0.75
        delivered = 0.25 + (heralded - 0.25) * survival
        assert delivered > nv.reported_value("delivered_fidelity_min")
    # Attempting over the whole 100 ms cycle also delivers more than 0.5.
    survival = (delivery_fidelity(eta, decoherence_rate_hz * clock_s) - 0.25) / 0.75
    assert 0.25 + (heralded - 0.25) * survival > 0.5


# --- Stolk et al. 2024 -----------------------------------------------------------------


@pytest.fixture(scope="module")
def stolk() -> Scenario:
    return load_scenario(STOLK)


@pytest.fixture(scope="module")
def stolk_result(stolk: Scenario) -> ScenarioResult:
    return _run(stolk, duration_s=2e4)  # ~1000 pairs at ~0.05 Hz, < 1 s


def test_stolk_file_states_the_published_numbers(stolk: Scenario) -> None:
    published = _published(stolk)
    metro = preset("nv_metropolitan")
    assert "arXiv:2404.03723" in published.source
    assert published.rate_hz == metro.reported_value("heralded_rate_hz")
    assert published.fidelity == metro.reported_value("heralded_fidelity")
    link = stolk.links[0]
    scheme = link.scheme
    assert isinstance(scheme, SingleClickScheme)
    assert link.total_length_m == metro.reported_value("fibre_path_length_m")
    assert link.attenuation_db_per_km == pytest.approx(metro.fibre.attenuation_db_per_km, abs=1e-3)
    assert scheme.bright_state_population == metro.reported_value("bright_state_population")
    sigma = math.radians(metro.reported_value("phase_std_deg"))
    combined = math.sqrt(sigma**2 - 4 * math.log(1 - 0.04))
    assert scheme.phase_std_rad == pytest.approx(combined, abs=1e-4)


def test_stolk_rate_and_fidelity(stolk: Scenario, stolk_result: ScenarioResult) -> None:
    """Stolk 2024 (secondary): F = 0.534(15), 0.022 Hz; bands as stated in the file."""
    _check_against_published(stolk_result, _published(stolk))


def test_stolk_success_probability_per_attempt(stolk_result: ScenarioResult) -> None:
    """Stolk 2024 (secondary): 7.2e-6 per attempt. The collection efficiency is derived
    from it, so this checks the chain (arms, conversion, detectors, dark counts), within
    15 %: dark counts add ~7 % of false heralds and the arms share one attenuation."""
    (link,) = stolk_result.links
    attempts = link.statistics.num_attempts
    success_probability = 1.0 / attempts.mean
    relative_error = attempts.stderr / attempts.mean
    reported = preset("nv_metropolitan").reported_value("success_probability")
    assert success_probability == pytest.approx(reported, rel=0.15)
    assert relative_error < 0.05


def test_stolk_rate_without_overheads_bounds_the_published_rate(
    stolk_result: ScenarioResult,
) -> None:
    """The model attempts once per heralding round trip (2 x 15 km / 2e8 m/s) with no dead
    time, so its rate must exceed the published wall-clock rate, by the duty-cycle
    factor the format cannot express (~2.3)."""
    (link,) = stolk_result.links
    stats = link.statistics
    round_trip_s = 2 * 15e3 / 2e8
    metro = preset("nv_metropolitan")
    assert stats.rate_hz == pytest.approx(
        metro.reported_value("success_probability") / round_trip_s, rel=0.15
    )
    assert stats.rate_hz - NUM_SIGMA * stats.rate_stderr_hz > metro.reported_value(
        "heralded_rate_hz"
    )
