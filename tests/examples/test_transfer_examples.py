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
KURPIERS_LINE = (0.70, 0.85, 0.95)
KURPIERS_THERMAL_PHOTONS = (0.01, 0.005, 0.0)  # worst first
KURPIERS_QUBIT_THERMAL = (0.02, 0.01, 0.0)  # worst first
KURPIERS_PROTOCOL_S = 180e-9  # Nature abstract


def _kurpiers_fidelities(
    index: int, *, line_transmission: float | None = None
) -> tuple[float, float]:
    """(process fidelity, remote-entanglement fidelity) from the physics layer with the
    estimates' ``index`` entry (0: worst, 1: central, 2: best); the photon bandwidth is
    2/3 of kappa, as in the file."""
    kappa = KURPIERS_KAPPA_HZ[index]
    t1, t2 = KURPIERS_T1_S[index], KURPIERS_T2_S[index]
    node = TransferNode(
        kappa, qubit_t1_s=t1, qubit_t2_s=t2, qubit_thermal_population=KURPIERS_QUBIT_THERMAL[index]
    )
    eta = KURPIERS_LINE[index] if line_transmission is None else line_transmission
    channel = CascadedTransfer.matched(
        node,
        node,
        SechPhoton(2 * kappa / 3),
        duration_s=KURPIERS_PROTOCOL_S,
        line_transmission=eta,
        line_thermal_photons=KURPIERS_THERMAL_PHOTONS[index],
    ).channel()
    link = channel_transfer_link(
        channel, sender_t1_s=t1, sender_t2_s=t2, protocol_time_s=KURPIERS_PROTOCOL_S
    )
    return channel.entanglement_fidelity, link.fidelity


def test_kurpiers_file_gives_the_central_estimates_and_the_published_numbers() -> None:
    scenario = load_scenario(KURPIERS)
    published = _published(scenario)
    assert published.fidelity == KURPIERS_ENTANGLEMENT_FIDELITY
    assert published.rate_hz == KURPIERS_RATE_HZ
    dynamics = _scheme(scenario).dynamics
    assert dynamics is not None
    assert dynamics.protocol_time_s == KURPIERS_PROTOCOL_S
    assert dynamics.resonator_kappa_hz == KURPIERS_KAPPA_HZ[1]
    assert dynamics.photon_bandwidth_hz == pytest.approx(2 * KURPIERS_KAPPA_HZ[1] / 3)
    assert dynamics.line_transmission == KURPIERS_LINE[1]
    assert dynamics.line_thermal_photons == KURPIERS_THERMAL_PHOTONS[1]
    assert dynamics.qubit_thermal_population == KURPIERS_QUBIT_THERMAL[1]
    for node in scenario.nodes:
        assert node.memory.changes() == {"t1_s": KURPIERS_T1_S[1], "t2_s": KURPIERS_T2_S[1]}


def test_kurpiers_run_delivers_the_pair_of_the_dynamics() -> None:
    scenario = load_scenario(KURPIERS)
    published = _published(scenario)
    result = _run(scenario, KURPIERS, duration_s=0.01)
    (link,) = result.links
    process, entangled = _kurpiers_fidelities(1)
    assert link.predicted_fidelity == pytest.approx(entangled, abs=1e-9)
    # Deterministic: one pair per 20 us run; each decays further in the two memories for
    # the 4.5 ns the photon spends on the 0.9 m line: at most 2 x 4.5 ns / T2 of fidelity.
    assert result.num_pairs == pytest.approx(0.01 * KURPIERS_RATE_HZ, abs=1)
    assert _inside(result.rate_hz, published.rate_band_hz)
    flight_s = 0.9 / 2e8
    assert 0 < entangled - result.fidelity.mean < 2 * flight_s / KURPIERS_T2_S[1]
    # The stationary qubit decays during the protocol: entanglement below the process.
    assert entangled < process


def test_kurpiers_published_fidelity_lies_inside_the_estimates_range() -> None:
    published = _published(load_scenario(KURPIERS))
    _, worst = _kurpiers_fidelities(0)
    _, best = _kurpiers_fidelities(2)
    # Every estimate moves the fidelity one way (longer T1/T2, a wider resonator with a
    # shorter photon inside the fixed 180 ns, a better line, fewer thermal excitations),
    # so the corners bound the range; the file's band is this range rounded outward.
    assert published.fidelity_band == (math.floor(worst * 100) / 100, math.ceil(best * 100) / 100)
    low = KURPIERS_ENTANGLEMENT_FIDELITY - 2 * KURPIERS_ENTANGLEMENT_ERROR
    high = KURPIERS_ENTANGLEMENT_FIDELITY + 2 * KURPIERS_ENTANGLEMENT_ERROR
    assert worst < low
    assert high < best


def test_kurpiers_line_transmission_the_published_fidelity_needs() -> None:
    def gap(eta: float) -> float:
        return _kurpiers_fidelities(1, line_transmission=eta)[1] - KURPIERS_ENTANGLEMENT_FIDELITY

    needed = brentq(gap, 0.5, 1.0, xtol=1e-4)
    # With the other central estimates, 78.9% needs about 0.74 (the file states it):
    # inside the estimated range [0.70, 0.95], below the central 0.85.
    assert KURPIERS_LINE[0] < needed < KURPIERS_LINE[1]
    assert needed == pytest.approx(0.74, abs=0.01)
    process, _ = _kurpiers_fidelities(1, line_transmission=needed)
    # The process fidelity there, against the published 80.02(7)%: the model's gap
    # between the two figures comes from the stationary qubit's T2 during the protocol.
    assert process - KURPIERS_PROCESS_FIDELITY > 0


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
