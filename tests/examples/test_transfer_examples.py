"""The state-transfer and sequential-heralding examples against the experiments they model.

``examples/kurpiers_2018_transmon.yaml``: deterministic microwave state transfer between
two transmons over 0.9 m (Kurpiers et al., Nature 558, 264 (2018), arXiv:1712.08593,
abstract): rate 50 kHz, absorption probability 98.1 +- 0.1%, transfer process fidelity
80.02 +- 0.07%, remote entanglement fidelity 78.9 +- 0.1%. The scenario's one free number
(the emission efficiency) is fitted to the process fidelity; the test checks the fit,
then compares the simulated entanglement fidelity with 78.9% within +-0.013 (the model
gives both figures the same value, so the band is their published difference, 1.12
points, plus both published errors) and the rate with 50 kHz within 1% (the protocol is
deterministic: one pair per 20 us run; 1% covers the partial last run of a short
simulation).

``examples/atom_cavity_state_transfer.yaml``: Cirac-Zoller-Kimble-Mabuchi transfer
between atoms in the cavity of Kimble, Nature 453, 1023 (2008), Fig. 2b, as Box 1
describes it. The seed gives the cavity, not a measured fidelity; the test recomputes the
scenario's efficiencies from the preset's ``CavityInterface`` (extraction efficiency
2C / (1 + 2C)), compares the simulated fidelity with (1 + sqrt(eta))^2 / 4, and checks
the stated band F >= 0.99 (Box 1's near-ideal mapping in the regime (n0, N0) << 1 of
Fig. 2c).

``examples/knaut_2024_siv_loop.yaml``: two SiV nodes on the 35 km Boston loop,
sequential heralding (Knaut et al., Nature 629, 573 (2024), arXiv:2310.01316; numbers
through the secondary survey table cited in the ``siv`` preset): electron-electron
Bell-state fidelity 0.86(3) at up to 1 Hz. The simulated fidelity is compared with
0.86 within twice the published error (the model leaves out gate, interferometer and
multi-photon errors that the measurement contains); the heralded fidelity of the scheme
does not depend on the loop loss, which the test also checks, so the lab figure applies
to the loop. No rate was found for the loop; the rate is checked against the bound of
the lab link (at most 1 Hz) and against the scheme's own prediction.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from qinternet.network.build import build_scenario
from qinternet.network.run import ScenarioResult, run_built
from qinternet.network.scenario import (
    PublishedResult,
    Scenario,
    SequentialScheme,
    StateTransferScheme,
    load_scenario,
)
from qinternet.noise import memory_decoherence
from qinternet.physics.devices import preset
from qinternet.physics.links import (
    sequential_link,
    transfer_process_fidelity,
)
from qinternet.states import fidelity

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
KURPIERS = EXAMPLES / "kurpiers_2018_transmon.yaml"
ATOM_CAVITY = EXAMPLES / "atom_cavity_state_transfer.yaml"
KNAUT = EXAMPLES / "knaut_2024_siv_loop.yaml"
NUM_SIGMA = 5.0  # statistical bound: a false failure is rarer than 1e-6

TRANSMON = preset("transmon")
KURPIERS_RATE_HZ = TRANSMON.reported_value("rate_hz")  # 50 kHz, abstract
KURPIERS_ABSORPTION = TRANSMON.reported_value("absorption_probability")  # 0.981 +- 0.001
KURPIERS_PROCESS_FIDELITY = TRANSMON.reported_value("transfer_process_fidelity")  # 0.8002
KURPIERS_PROCESS_ERROR = 0.0007  # abstract: 80.02 +- 0.07%
KURPIERS_ENTANGLEMENT_FIDELITY = TRANSMON.reported_value("entanglement_fidelity")  # 0.789
KURPIERS_ENTANGLEMENT_ERROR = 0.001  # abstract: 78.9 +- 0.1%

SIV = preset("siv")
KNAUT_FIDELITY = SIV.reported_value("electron_bell_fidelity")  # 0.86
KNAUT_FIDELITY_ERROR = SIV.reported_value("electron_bell_fidelity_error")  # 0.03
KNAUT_LAB_RATE_HZ = SIV.reported_value("lab_rate_max_hz")  # up to 1 Hz


def _run(scenario: Scenario, source: Path, **update: object) -> ScenarioResult:
    """Simulate ``scenario`` (with ``update`` applied, e.g. a shorter duration)."""
    shortened = scenario.model_copy(update=update) if update else scenario
    return run_built(build_scenario(shortened, source=str(source)))


def _published(scenario: Scenario) -> PublishedResult:
    assert scenario.published is not None
    return scenario.published


def _scheme(scenario: Scenario) -> StateTransferScheme:
    scheme = scenario.links[0].scheme
    assert isinstance(scheme, StateTransferScheme)
    return scheme


def _inside(value: float, band: tuple[float, float] | None) -> bool:
    assert band is not None
    return band[0] <= value <= band[1]


# Kurpiers et al., Nature 558, 264 (2018), abstract.


def test_kurpiers_fit_reproduces_the_transfer_process_fidelity() -> None:
    scenario = load_scenario(KURPIERS)
    scheme = _scheme(scenario)
    assert scheme.absorption_efficiency == KURPIERS_ABSORPTION
    process = transfer_process_fidelity(
        1.0, scheme.emission_efficiency, scheme.absorption_efficiency
    )
    assert process == pytest.approx(KURPIERS_PROCESS_FIDELITY, abs=KURPIERS_PROCESS_ERROR)


def test_kurpiers_band_is_the_published_gap_plus_the_published_errors() -> None:
    published = _published(load_scenario(KURPIERS))
    assert published.fidelity == KURPIERS_ENTANGLEMENT_FIDELITY
    assert published.rate_hz == KURPIERS_RATE_HZ
    half_width = (
        KURPIERS_PROCESS_FIDELITY
        - KURPIERS_ENTANGLEMENT_FIDELITY
        + KURPIERS_PROCESS_ERROR
        + KURPIERS_ENTANGLEMENT_ERROR
    )
    assert half_width == pytest.approx(0.0129)
    assert published.fidelity_band == pytest.approx(
        (KURPIERS_ENTANGLEMENT_FIDELITY - 0.013, KURPIERS_ENTANGLEMENT_FIDELITY + 0.013)
    )
    assert published.rate_band_hz == pytest.approx(
        (0.99 * KURPIERS_RATE_HZ, 1.01 * KURPIERS_RATE_HZ)
    )


def test_kurpiers_example_reproduces_rate_and_entanglement_fidelity() -> None:
    scenario = load_scenario(KURPIERS)
    published = _published(scenario)
    result = _run(scenario, KURPIERS, duration_s=0.01)
    (link,) = result.links
    # Deterministic: one pair per 20 us run, each computed from its two-qubit state.
    assert result.num_pairs == pytest.approx(0.01 * KURPIERS_RATE_HZ, abs=1)
    assert _inside(result.rate_hz, published.rate_band_hz)
    assert _inside(result.fidelity.mean, published.fidelity_band)
    # The qubits decay only for the 4.5 ns the photon spends on the 0.9 m line (T1 = T2
    # = 10 us): the simulated fidelity stays within 1e-3 of the transfer's closed form.
    assert result.fidelity.mean == pytest.approx(link.predicted_fidelity, abs=1e-3)
    assert result.fidelity.mean < link.predicted_fidelity


# Kimble, Nature 453, 1023 (2008), Box 1 and Fig. 2; Cirac et al., PRL 78, 3221 (1997).


def test_atom_cavity_efficiencies_come_from_the_fig2_cavity() -> None:
    cavity = preset("atom_cavity").cavity
    assert cavity is not None
    scheme = _scheme(load_scenario(ATOM_CAVITY))
    extraction = (
        cavity.outcoupling_fraction * 2 * cavity.cooperativity / (1 + 2 * cavity.cooperativity)
    )
    assert cavity.extraction_efficiency == pytest.approx(extraction, rel=1e-12)
    assert scheme.emission_efficiency == pytest.approx(extraction, rel=1e-12)
    assert scheme.absorption_efficiency == pytest.approx(extraction, rel=1e-12)
    # Kimble's strong-coupling regime (n0, N0) << 1 (Eq. 1 and Fig. 2c).
    assert cavity.critical_photon_number < 1e-3
    assert cavity.critical_atom_number < 1e-2


def test_atom_cavity_example_is_deterministic_and_near_ideal() -> None:
    scenario = load_scenario(ATOM_CAVITY)
    published = _published(scenario)
    result = _run(scenario, ATOM_CAVITY, duration_s=2e-4)
    link_spec = scenario.links[0]
    assert link_spec.length_m is not None
    transmission = 10 ** (-link_spec.attenuation_db_per_km * link_spec.length_m / 1e3 / 10)
    scheme = _scheme(scenario)
    eta = scheme.emission_efficiency * transmission * scheme.absorption_efficiency
    expected = (1 + math.sqrt(eta)) ** 2 / 4
    # One transfer per 1 us attempt; memory decay over the 5 ns flight is below 1e-5.
    assert result.num_pairs == pytest.approx(2e-4 * 1e6, abs=1)
    assert result.fidelity.mean == pytest.approx(expected, abs=1e-5)
    assert _inside(result.fidelity.mean, published.fidelity_band)


# Knaut et al., Nature 629, 573 (2024) (secondary survey table, see the siv preset).


def test_knaut_band_is_twice_the_published_error() -> None:
    published = _published(load_scenario(KNAUT))
    assert published.fidelity == KNAUT_FIDELITY
    assert published.fidelity_band == pytest.approx(
        (KNAUT_FIDELITY - 2 * KNAUT_FIDELITY_ERROR, KNAUT_FIDELITY + 2 * KNAUT_FIDELITY_ERROR)
    )
    assert published.rate_band_hz == (0.0, KNAUT_LAB_RATE_HZ)


def test_knaut_heralded_fidelity_does_not_depend_on_the_loop_loss() -> None:
    link_spec = load_scenario(KNAUT).links[0]
    scheme = link_spec.scheme
    assert isinstance(scheme, SequentialScheme)
    # The example folds both frequency conversions into its detector efficiency.
    assert SIV.emitter is not None
    assert SIV.detector is not None
    folded = (
        SIV.emitter.conversion_efficiency
        * SIV.reported_value("back_conversion_efficiency")
        * SIV.detector.efficiency
    )
    assert link_spec.detector.changes()["efficiency"] == pytest.approx(folded, rel=1e-12)
    lab = sequential_link(scheme.reflectivity, scheme.contrast)
    loop = sequential_link(
        scheme.reflectivity,
        scheme.contrast,
        loop_transmission=10 ** (-SIV.reported_value("loop_loss_db") / 10),
        detector_efficiency=folded,
    )
    assert loop.mean_fidelity == pytest.approx(lab.mean_fidelity, abs=1e-12)
    assert loop.success_probability < 0.02 * lab.success_probability


def test_knaut_example_reproduces_the_electron_bell_fidelity() -> None:
    scenario = load_scenario(KNAUT)
    published = _published(scenario)
    built = build_scenario(scenario, source=str(KNAUT))
    (config,) = built.links
    result = run_built(built)
    (link,) = result.links
    stats = link.statistics
    assert stats.num_pairs > 300
    # Published comparison: electron-electron fidelity and the lab link's rate bound.
    assert _inside(result.fidelity.mean, published.fidelity_band)
    assert _inside(result.rate_hz, published.rate_band_hz)
    # The simulation against the scheme: rate within 5 sigma of channels x p / cycle, and
    # the fidelity within 5 sigma of the heralded branches after both electrons dephase
    # for the herald delay (photon round the loop, message back: 2 x 175 us).
    assert abs(stats.rate_hz - config.expected_rate_hz) <= NUM_SIGMA * stats.rate_stderr_hz
    wait_s = max(config.herald_delay_s)
    assert wait_s == pytest.approx(2 * 35e3 / 2e8)
    memory = built.nodes["A"].memory
    decay = memory_decoherence(elapsed_s=wait_s, t1_s=memory.t1_s, t2_s=memory.t2_s)
    branches = config.outcome.branches
    total = sum(b.probability for b in branches)
    expected = sum(
        b.probability / total * fidelity(decay.apply(b.state, [0, 1]), b.target) for b in branches
    )
    assert abs(stats.fidelity.mean - expected) <= NUM_SIGMA * stats.fidelity.stderr
    assert expected < config.outcome.mean_fidelity  # the wait costs fidelity
