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
  0.022 Hz, all secondary (see the file header). The success probability per attempt
  (7.2e-6) calibrates the collection efficiency and is compared with nothing.

Bands: fidelity +- 2 published standard errors, rate +- 20 % (no error stated). Where
the model lacks a number the paper did not give here (Stolk's conversion noise and dead
time, Humphreys' dead time), the tests find by root finding the value that would close
the gap and pin it, so the report in each file's header stays true.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from scipy.optimize import brentq

from qinternet.network.build import build_scenario
from qinternet.network.results import ScenarioResult
from qinternet.network.run import run_scenario
from qinternet.network.scenario import (
    PublishedResult,
    Scenario,
    SingleClickScheme,
    load_scenario,
    parse_scenario,
)
from qinternet.physics.devices import preset
from qinternet.physics.devices.node_operations import Readout, raw_bell_fidelity
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
    assert scheme.phase_std_rad == pytest.approx(
        math.radians(nv.reported_value("phase_std_deg")), abs=1e-4
    )
    assert nv.emitter.double_excitation_probability == nv.reported_value(
        "double_excitation_probability"
    )
    assert nv.memory.initialisation_fidelity == 0.99  # applied, not overridden
    assert all(not node.memory.changes() and not node.emitter.changes() for node in humphreys.nodes)


def test_humphreys_rate_and_fidelity_at_39_hz(
    humphreys: Scenario, humphreys_39_hz: ScenarioResult
) -> None:
    """Humphreys 2018, abstract (39 Hz) and the secondary F = 0.60(2) at alpha = 0.3."""
    _check_against_published(humphreys_39_hz, _published(humphreys))


def _at_alpha(scenario: Scenario, alpha: float, **emitter: float) -> Scenario:
    """``scenario`` with the link's alpha (and the first node's emitter fields) changed."""
    data = scenario.model_dump(exclude_none=True)
    data["links"][0]["scheme"]["bright_state_population"] = alpha
    data["nodes"][0].setdefault("emitter", {}).update(emitter)
    return parse_scenario(data)


def _corrected_and_raw(scenario: Scenario, readout: Readout) -> tuple[float, float]:
    """Heralded fidelity of the link (what a read-out-corrected measurement gives) and the
    raw fidelity from XX, YY, ZZ with the read-out errors, averaged over the patterns."""
    (config,) = build_scenario(scenario).links
    outcome = config.outcome
    raw = sum(
        b.probability * raw_bell_fidelity(b.state, b.target_name, readout, readout)
        for b in outcome.branches
    )
    return outcome.mean_fidelity, raw / outcome.success_probability


@pytest.fixture(scope="module")
def humphreys_6_hz(humphreys: Scenario) -> ScenarioResult:
    nv = preset("nv_centre")
    return _run(_at_alpha(humphreys, nv.reported_value("alpha_at_6_hz")), duration_s=80.0)


def test_humphreys_fidelity_at_6_hz(humphreys_6_hz: ScenarioResult) -> None:
    """alpha = 0.05: F = 0.81(2) (secondary, Humphreys 2018), within 2 standard errors."""
    nv = preset("nv_centre")
    fidelity = nv.reported_value("fidelity_at_6_hz")
    error = nv.reported_value("fidelity_at_6_hz_error")
    (link,) = humphreys_6_hz.links
    band = (fidelity - 2 * error, fidelity + 2 * error)
    _assert_in_band(link.statistics.fidelity.mean, band, "fidelity at alpha = 0.05")
    assert link.statistics.fidelity.mean == pytest.approx(link.predicted_fidelity, abs=1e-3)


def test_humphreys_corrected_not_raw_fidelities_match(humphreys: Scenario) -> None:
    """With the read-out errors F0 = 0.950, F1 = 0.995 (secondary) the raw fidelities
    are 0.590 (alpha 0.3) and 0.734 (alpha 0.05): the raw value at alpha = 0.05 lies
    3.8 standard errors below 0.81(2), the corrected ones lie within 2 at both, so the
    files compare corrected fidelities (the papers' correction was not read)."""
    nv = preset("nv_centre")
    readout = Readout(
        nv.reported_value("readout_fidelity_0"), nv.reported_value("readout_fidelity_1")
    )
    points = [
        ("alpha_at_39_hz", "fidelity_at_39_hz", "fidelity_at_39_hz_error"),
        ("alpha_at_6_hz", "fidelity_at_6_hz", "fidelity_at_6_hz_error"),
    ]
    sigmas = []
    for alpha, value, error in points:
        corrected, raw = _corrected_and_raw(_at_alpha(humphreys, nv.reported_value(alpha)), readout)
        published, sigma = nv.reported_value(value), nv.reported_value(error)
        assert abs(corrected - published) <= 2 * sigma, (alpha, corrected)
        sigmas.append((raw - published) / sigma)
    assert sigmas[0] == pytest.approx(-0.52, abs=0.05)
    assert sigmas[1] == pytest.approx(-3.82, abs=0.05)


def test_humphreys_rates_need_a_node_duty_cycle(
    humphreys: Scenario, humphreys_39_hz: ScenarioResult, humphreys_6_hz: ScenarioResult
) -> None:
    """Without dead time the alpha = 0.05 rate, 7.7 Hz, is 28 % above the published 6 Hz
    (band +-20 %). A node duty cycle d (charge-resonance checks; not found in the
    paper) scales both rates; 39 Hz within 20 % needs d >= 0.8 x 39 / r_0.3 and 6 Hz
    needs d <= 1.2 x 6 / r_0.05: the window [0.80, 0.94] from the simulated rates (the
    file's header reports it). The middle of the window then puts both predicted rates
    in their bands, so the duty-cycle key works through the build."""
    links = [result.links[0] for result in (humphreys_39_hz, humphreys_6_hz)]
    for link in links:  # the runs sample the predicted rates
        stats = link.statistics
        assert abs(stats.rate_hz - link.predicted_rate_hz) <= NUM_SIGMA * stats.rate_stderr_hz
    assert links[1].predicted_rate_hz > 1.2 * 6.0  # the gap
    low = 0.8 * 39.0 / links[0].predicted_rate_hz
    high = 1.2 * 6.0 / links[1].predicted_rate_hz
    assert (round(low, 2), round(high, 2)) == (0.80, 0.94)
    duty = (low + high) / 2
    for alpha, published in ((0.3, 39.0), (0.05, 6.0)):
        (config,) = build_scenario(_at_alpha(humphreys, alpha, duty_cycle=duty)).links
        (free,) = build_scenario(_at_alpha(humphreys, alpha)).links
        assert config.expected_rate_hz == pytest.approx(duty * free.expected_rate_hz, rel=1e-12)
        _assert_in_band(config.expected_rate_hz, (0.8 * published, 1.2 * published), "rate")


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
    assert scheme.phase_std_rad == pytest.approx(sigma, abs=1e-4)


def _with_noise(scenario: Scenario, noise_rate_hz: float) -> Scenario:
    data = scenario.model_dump(exclude_none=True)
    for node in data["nodes"]:
        node.setdefault("emitter", {})["conversion_noise_rate_hz"] = noise_rate_hz
    return parse_scenario(data)


def test_stolk_engine_agrees_with_the_link(stolk_result: ScenarioResult) -> None:
    """Rate within 5 standard errors of p / T with T = 2 x 15 km / 2e8 m/s (the longer
    arm's round trip; no dead time), fidelity equal to the heralded state's."""
    (link,) = stolk_result.links
    stats = link.statistics
    assert stats.num_pairs >= 300
    (config,) = build_scenario(load_scenario(STOLK)).links
    expected = config.outcome.success_probability / (2 * 15e3 / 2e8)
    assert abs(stats.rate_hz - expected) <= NUM_SIGMA * stats.rate_stderr_hz
    assert stats.fidelity.mean == pytest.approx(link.predicted_fidelity, abs=1e-3)


def test_stolk_fidelity_needs_conversion_noise(
    stolk: Scenario, stolk_result: ScenarioResult
) -> None:
    """Without conversion noise (not found) the fidelity, 0.615, lies 5.4 published
    standard errors above 0.534(15): the agreement fails. Root finding on
    emitter.conversion_noise_rate_hz (both nodes) gives the noise that closes it,
    ~210 Hz per node into the fibre, as the file's header reports; the published
    fidelity band then holds the noisy model's fidelity."""
    published = _published(stolk)
    assert published.fidelity is not None
    assert published.fidelity_band is not None
    (link,) = stolk_result.links
    fidelity = link.statistics.fidelity.mean
    error = preset("nv_metropolitan").reported_value("heralded_fidelity_error")
    assert (fidelity - published.fidelity) / error == pytest.approx(5.4, abs=0.1)

    def gap(noise_rate_hz: float) -> float:
        (config,) = build_scenario(_with_noise(stolk, noise_rate_hz)).links
        return config.outcome.mean_fidelity - published.fidelity

    needed = brentq(gap, 0.0, 2000.0, xtol=1e-3)
    assert needed == pytest.approx(208.0, abs=2.0)
    _assert_in_band(gap(needed) + published.fidelity, published.fidelity_band, "fidelity")


def test_stolk_rate_needs_a_duty_cycle(stolk: Scenario, stolk_result: ScenarioResult) -> None:
    """The overhead-free rate is ~2.4x the published wall-clock 0.022 Hz (phase
    stabilisation and node checks, not found). The duty cycle that closes the gap,
    0.022 / r, is ~0.42 (with the ~210 Hz of noise above, which adds false heralds,
    ~0.34); set on one node it scales the predicted rate exactly."""
    published = _published(stolk)
    assert published.rate_hz is not None
    assert published.rate_band_hz is not None
    (link,) = stolk_result.links
    stats = link.statistics
    needed = published.rate_hz / stats.rate_hz
    assert needed == pytest.approx(0.42, abs=0.03)
    data = stolk.model_dump(exclude_none=True)
    data["nodes"][0]["emitter"] = {"duty_cycle": needed}
    (config,) = build_scenario(parse_scenario(data)).links
    _assert_in_band(config.expected_rate_hz, published.rate_band_hz, "rate with the duty cycle")
