"""The state-transfer and sequential-heralding examples against the experiments they model.

``examples/kurpiers_2018_transmon.yaml``: deterministic microwave state transfer between
two transmons over 0.9 m (Kurpiers et al., Nature 558, 264 (2018), arXiv:1712.08593,
abstract): rate 50 kHz, transfer process fidelity 80.02 +- 0.07%, remote entanglement
fidelity 78.9 +- 0.1%, protocol 180 ns. The transfer is computed from the cascaded master
equation with the file's device parameters, which are estimates (the paper's device table
was not read); nothing is fitted to a published number. The tests check that the run
delivers the pair the dynamics predict (recomputed here from the physics layer), that
the published 78.9% lies inside the fidelity range the estimates span (the band widened
by the estimates' uncertainty, as the file states), and report the line transmission the
published value needs with the other estimates held (root-finding; it must fall inside
the estimated range for the modelled physics to be able to explain the measurement).

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
from scipy.optimize import brentq

from qinternet.core.errors import ScenarioError
from qinternet.network.build import build_scenario
from qinternet.network.results import ScenarioResult
from qinternet.network.run import run_built
from qinternet.network.scenario import (
    PublishedResult,
    Scenario,
    SequentialScheme,
    StateTransferScheme,
    load_scenario,
)
from qinternet.noise import memory_decoherence
from qinternet.physics.devices import preset
from qinternet.physics.devices.transfer import CascadedTransfer, SechPhoton, TransferNode
from qinternet.physics.links import channel_transfer_link, sequential_link
from qinternet.states import fidelity

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
KURPIERS = EXAMPLES / "kurpiers_2018_transmon.yaml"
ATOM_CAVITY = EXAMPLES / "atom_cavity_state_transfer.yaml"
KNAUT = EXAMPLES / "knaut_2024_siv_loop.yaml"
NUM_SIGMA = 5.0  # statistical bound: a false failure is rarer than 1e-6

TRANSMON = preset("transmon")
KURPIERS_RATE_HZ = TRANSMON.reported_value("rate_hz")  # 50 kHz, abstract
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

# The estimated ranges stated in the example file: (low, central, high).
KURPIERS_T1_S = (3e-6, 5e-6, 10e-6)
KURPIERS_T2_S = (2e-6, 4e-6, 8e-6)
KURPIERS_KAPPA_HZ = (8e6, 12e6, 20e6)
KURPIERS_THERMAL_PHOTONS = (0.01, 0.005, 0.0)  # worst first
KURPIERS_QUBIT_THERMAL = (0.02, 0.01, 0.0)  # worst first
KURPIERS_LINE_RANGE = (0.70, 0.95)  # what 0.9 m of coax, a circulator and connectors allow
KURPIERS_PROTOCOL_S = 180e-9  # Nature abstract
WORST, CENTRAL, BEST = 0, 1, 2


def _kurpiers_fidelities(line_transmission: float, **choice: int) -> tuple[float, float]:
    """(process fidelity, remote-entanglement fidelity) from the physics layer with the
    line ``line_transmission`` and each estimate at its central value, or at the entry
    ``choice`` names (``t1=0``: its worst, ``t1=2``: its best; keys ``t1``, ``t2``,
    ``kappa``, ``thermal``, ``qubit_thermal``). The photon bandwidth is 2/3 of kappa,
    as in the file."""
    index = {"t1": 1, "t2": 1, "kappa": 1, "thermal": 1, "qubit_thermal": 1} | choice
    kappa = KURPIERS_KAPPA_HZ[index["kappa"]]
    t1, t2 = KURPIERS_T1_S[index["t1"]], KURPIERS_T2_S[index["t2"]]
    node = TransferNode(
        kappa,
        qubit_t1_s=t1,
        qubit_t2_s=t2,
        qubit_thermal_population=KURPIERS_QUBIT_THERMAL[index["qubit_thermal"]],
    )
    channel = CascadedTransfer.matched(
        node,
        node,
        SechPhoton(2 * kappa / 3),
        duration_s=KURPIERS_PROTOCOL_S,
        line_transmission=line_transmission,
        line_thermal_photons=KURPIERS_THERMAL_PHOTONS[index["thermal"]],
    ).channel()
    link = channel_transfer_link(
        channel, sender_t1_s=t1, sender_t2_s=t2, protocol_time_s=KURPIERS_PROTOCOL_S
    )
    return channel.entanglement_fidelity, link.fidelity


def _calibrated_line(**choice: int) -> float:
    """The line transmission at which the model's transfer-process fidelity is the
    published 80.02% (abstract), with the estimates ``choice`` names."""

    def gap(eta: float) -> float:
        return _kurpiers_fidelities(eta, **choice)[0] - KURPIERS_PROCESS_FIDELITY

    return float(brentq(gap, 0.3, 1.0, xtol=1e-6))


def _predicted_entanglement(**choice: int) -> float:
    """The remote-entanglement fidelity of the model calibrated on the process fidelity."""
    line = _calibrated_line(**choice)
    process, entangled = _kurpiers_fidelities(line, **choice)
    assert process == pytest.approx(KURPIERS_PROCESS_FIDELITY, abs=1e-5)
    return entangled


@pytest.fixture(scope="module")
def kurpiers_predictions() -> dict[str, float]:
    """Predictions at the centre, at the all-worst and all-best corners of the estimates,
    and with each estimate alone at either end."""
    every = dict.fromkeys(("t1", "t2", "kappa", "thermal", "qubit_thermal"), WORST)
    predictions = {
        "central": _predicted_entanglement(),
        "worst": _predicted_entanglement(**every),
        "best": _predicted_entanglement(**dict.fromkeys(every, BEST)),
    }
    for name in every:
        for end in (WORST, BEST):
            predictions[f"{name}={end}"] = _predicted_entanglement(**{name: end})
    return predictions


def test_kurpiers_file_gives_the_central_estimates_and_the_published_numbers() -> None:
    scenario = load_scenario(KURPIERS)
    published = _published(scenario)
    assert published.fidelity == KURPIERS_ENTANGLEMENT_FIDELITY
    assert published.rate_hz == KURPIERS_RATE_HZ
    dynamics = _scheme(scenario).dynamics
    assert dynamics is not None
    assert dynamics.protocol_time_s == KURPIERS_PROTOCOL_S
    assert dynamics.resonator_kappa_hz == KURPIERS_KAPPA_HZ[CENTRAL]
    assert dynamics.photon_bandwidth_hz == pytest.approx(2 * KURPIERS_KAPPA_HZ[CENTRAL] / 3)
    assert dynamics.line_thermal_photons == KURPIERS_THERMAL_PHOTONS[CENTRAL]
    assert dynamics.qubit_thermal_population == KURPIERS_QUBIT_THERMAL[CENTRAL]
    for node in scenario.nodes:
        assert node.memory.changes() == {
            "t1_s": KURPIERS_T1_S[CENTRAL],
            "t2_s": KURPIERS_T2_S[CENTRAL],
        }


def test_kurpiers_line_is_calibrated_on_the_published_process_fidelity() -> None:
    dynamics = _scheme(load_scenario(KURPIERS)).dynamics
    assert dynamics is not None
    line = _calibrated_line()
    # The file rounds the root to two digits: the process fidelity there stays within
    # the published 80.02 +- 0.07 % to the rounding's effect (about 0.2 % per 0.01).
    assert dynamics.line_transmission == pytest.approx(line, abs=0.005)
    assert KURPIERS_LINE_RANGE[0] < line < KURPIERS_LINE_RANGE[1]


def test_kurpiers_run_delivers_the_pair_of_the_dynamics() -> None:
    scenario = load_scenario(KURPIERS)
    published = _published(scenario)
    dynamics = _scheme(scenario).dynamics
    assert dynamics is not None
    result = _run(scenario, KURPIERS, duration_s=0.01)
    (link,) = result.links
    process, entangled = _kurpiers_fidelities(dynamics.line_transmission)
    assert link.predicted_fidelity == pytest.approx(entangled, abs=1e-9)
    # Deterministic: one pair per 20 us run; each decays further in the two memories for
    # the 4.5 ns the photon spends on the 0.9 m line: at most 2 x 4.5 ns / T2 of fidelity.
    assert result.num_pairs == pytest.approx(0.01 * KURPIERS_RATE_HZ, abs=1)
    assert _inside(result.rate_hz, published.rate_band_hz)
    flight_s = 0.9 / 2e8
    assert 0 < entangled - result.fidelity.mean < 2 * flight_s / KURPIERS_T2_S[CENTRAL]
    # The stationary qubit decays during the protocol: entanglement below the process.
    assert entangled < process
    assert _inside(result.fidelity.mean, published.fidelity_band)


def test_kurpiers_entanglement_fidelity_predicted_from_the_process_fidelity(
    kurpiers_predictions: dict[str, float],
) -> None:
    """Calibrated on the transfer-process fidelity, the model predicts the remote
    entanglement fidelity; the estimates' ranges give its uncertainty."""
    published = _published(load_scenario(KURPIERS))
    central, worst, best = (kurpiers_predictions[k] for k in ("central", "worst", "best"))
    assert central == pytest.approx(0.780, abs=0.0005)  # the file states it
    # Each estimate alone moves the prediction inside the corners' range: the corners
    # bound the spread the file's band is made of.
    for name, value in kurpiers_predictions.items():
        assert worst - 1e-6 <= value <= best + 1e-6, name
    spread = max(central - worst, best - central)
    half_width = 2 * KURPIERS_ENTANGLEMENT_ERROR + spread
    low = math.floor((KURPIERS_ENTANGLEMENT_FIDELITY - half_width) * 1000) / 1000
    high = math.ceil((KURPIERS_ENTANGLEMENT_FIDELITY + half_width) * 1000) / 1000
    assert published.fidelity_band == (low, high)
    # The measured value lies inside what the estimates allow; the central prediction
    # is within the band, below the measurement by about 9 published standard errors.
    assert worst < KURPIERS_ENTANGLEMENT_FIDELITY < best
    assert low < central < high
    assert (central - KURPIERS_ENTANGLEMENT_FIDELITY) / KURPIERS_ENTANGLEMENT_ERROR == (
        pytest.approx(-8.6, abs=0.5)
    )
    # What moves it most is the qubits' T2: at the top of its range the prediction
    # meets the measurement (the file says so).
    assert kurpiers_predictions["t2=2"] == pytest.approx(KURPIERS_ENTANGLEMENT_FIDELITY, abs=0.001)


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


def test_a_protocol_too_stiff_to_integrate_is_refused_naming_its_time() -> None:
    # A millisecond of the Kurpiers transfer: about 5e5 radians of its fastest rate, five
    # times what the integrator is allowed (MAX_STIFFNESS); refused before integrating.
    scenario = load_scenario(KURPIERS)
    scheme = _scheme(scenario)
    assert scheme.dynamics is not None
    slow = scheme.model_copy(
        update={"dynamics": scheme.dynamics.model_copy(update={"protocol_time_s": 1e-3})}
    )
    links = [scenario.links[0].model_copy(update={"scheme": slow})]
    with pytest.raises(
        ScenarioError, match=r"links\[0\]\.scheme\.dynamics\.protocol_time_s=0\.001: "
    ):
        build_scenario(scenario.model_copy(update={"links": links}))
