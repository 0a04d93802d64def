"""The atomic-ensemble examples against the experiments they model.

``examples/chou_2005_dlcz.yaml``: DLCZ between two Cs ensembles 2.8 m apart (Chou et al.,
Nature 438, 828 (2005)). The published figure of merit is the concurrence of the heralded
atomic state, C = 0.9 +- 0.3, a lower bound (Laurat et al., PRL 99, 180504 (2007),
abstract; Kimble, Nature 453, 1023 (2008), Fig. 3b), and its decrease with the excitation
probability p (Laurat 2007, abstract).

What is compared: the experiments reconstruct the atomic state in the truncated basis
{|00>, |01>, |10>, |11>} (at most one excitation per ensemble), inferred from the
retrieved fields after correcting for the read-out efficiency, and compute
C = 2 max(0, |d| - sqrt(p00 p11)) (d: the |01>-|10> coherence, p00, p11: populations of
the normalised truncated state). Here the heralded state of the scenario's link (full
Fock space, multi-excitation terms kept) is stored for the 1 us programmable delay of the
experiment (Chou et al., APS DAMOP 2006 abstract L4.1) with the ensemble's memory lifetime,
projected onto the same truncated basis and renormalised; its Wootters concurrence (equal
to the formula above for this X-shaped state) is compared with the band
[0.9 - 0.3, 1]: the published value minus one standard error, up to the largest possible
concurrence (the published number is a lower bound, so a higher model value is
consistent with it).

``examples/liu_2024_metropolitan_ensembles.yaml``: three Rb-ensemble nodes around a
photonic server (Liu et al., Nature 629, 579 (2024), arXiv:2309.00221). The measured
fidelities and rates were not found in the paper (only its abstract could be read); the
tests check the link against a closed form derived here, what the abstract reports
(heralded entanglement on all three links at once; entanglement that outlives the
round-trip communication time between nodes 12.5 km apart), and give by root finding
the residual phase noise and duty cycle that the unconfirmed per-link values quoted in
issue 11 (F ~ 0.67(3), 1-2 Hz) would need.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import brentq

from qinternet.network.build import BuiltScenario, build_scenario
from qinternet.network.results import ScenarioResult
from qinternet.network.run import run_built
from qinternet.network.scenario import Scenario, load_scenario, parse_scenario
from qinternet.noise import loss
from qinternet.physics.devices import preset
from qinternet.physics.devices.fibre import DEFAULT_GROUP_VELOCITY_M_PER_S
from qinternet.physics.links import LinkOutcome
from qinternet.physics.links.dlcz import retrieved_fidelity
from qinternet.states import DensityMatrix, concurrence, fidelity

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CHOU = EXAMPLES / "chou_2005_dlcz.yaml"
LIU = EXAMPLES / "liu_2024_metropolitan_ensembles.yaml"

CHOU_STORAGE_S = 1e-6
"""Programmable delay before read-out (Chou et al., APS DAMOP 2006 abstract L4.1)."""
LAURAT_CONCURRENCE = preset("cs_ensemble").reported_value("concurrence")  # 0.9
LAURAT_CONCURRENCE_ERROR = preset("cs_ensemble").reported_value("concurrence_error")  # 0.3
LIU_NODE_SEPARATION_M = preset("rb_ensemble").reported_value("node_separation_m")  # 12.5 km


def _built(path: Path) -> BuiltScenario:
    return build_scenario(load_scenario(path), source=str(path))


def _lifetime_s(built: BuiltScenario, node: str) -> float:
    """Memory lifetime of ``node``'s ensemble, s."""
    ensemble = built.nodes[node].ensemble
    assert ensemble is not None
    return ensemble.memory_lifetime_s


def _stored(state: DensityMatrix, elapsed_s: float, lifetime_s: float) -> DensityMatrix:
    """Both ensemble modes after ``elapsed_s`` of storage (each excitation survives with
    exp(-t / lifetime), as in :mod:`qinternet.sim.storage`)."""
    channel = loss(-math.expm1(-elapsed_s / lifetime_s), dimension=state.dims[0])
    return channel.apply(channel.apply(state, [0]), [1])


def _truncated(state: DensityMatrix) -> DensityMatrix:
    """The state projected on at most one excitation per ensemble, renormalised."""
    dim = state.dims[0]
    block = state.matrix.reshape(dim, dim, dim, dim)[:2, :2, :2, :2].reshape(4, 4)
    return DensityMatrix(block / np.trace(block).real, dims=(2, 2))


def _laurat_concurrence(state: DensityMatrix) -> float:
    """C = 2 max(0, |d| - sqrt(p00 p11)) in the basis |00>, |01>, |10>, |11> (Laurat 2007)."""
    rho = state.matrix
    return 2.0 * max(0.0, abs(rho[1, 2]) - math.sqrt(rho[0, 0].real * rho[3, 3].real))


def _heralded_concurrences(
    outcome: LinkOutcome, storage_s: float, lifetime_s: float
) -> list[float]:
    values = []
    for branch in outcome.branches:
        truncated = _truncated(_stored(branch.state, storage_s, lifetime_s))
        assert concurrence(truncated) == pytest.approx(_laurat_concurrence(truncated), abs=1e-9)
        values.append(concurrence(truncated))
    return values


def _with_excitation_probability(scenario: Scenario, p: float) -> Scenario:
    data = scenario.model_dump(exclude_none=True)
    for link in data["links"]:
        link["scheme"]["excitation_probability"] = p
    return parse_scenario(data)


# --- Chou et al. 2005 / Laurat et al. 2007: DLCZ between Cs ensembles ----------------------


def test_chou_concurrence_within_laurat_2007_band() -> None:
    """Laurat et al., PRL 99, 180504 (2007), abstract; Kimble 2008, Fig. 3b: C = 0.9 +- 0.3."""
    built = _built(CHOU)
    (link,) = built.links
    lifetime_s = _lifetime_s(built, "L")
    assert len(link.outcome.branches) == 2  # either detector heralds (Kimble Fig. 3a)
    for storage_s in (0.0, CHOU_STORAGE_S):
        for value in _heralded_concurrences(link.outcome, storage_s, lifetime_s):
            assert LAURAT_CONCURRENCE - LAURAT_CONCURRENCE_ERROR <= value <= 1.0


def test_chou_concurrence_falls_with_excitation_probability() -> None:
    """Laurat 2007 (abstract): entanglement scales down with the excitation probability,
    while the heralding probability grows (the DLCZ trade-off, Kimble 2008, Box 3)."""
    scenario = load_scenario(CHOU)
    concurrences, probabilities = [], []
    for p in (0.003, 0.01, 0.03):
        built = build_scenario(_with_excitation_probability(scenario, p))
        (link,) = built.links
        lifetime_s = _lifetime_s(built, "L")
        concurrences.append(min(_heralded_concurrences(link.outcome, CHOU_STORAGE_S, lifetime_s)))
        probabilities.append(link.outcome.success_probability)
    assert concurrences == sorted(concurrences, reverse=True)
    assert len(set(concurrences)) == 3
    assert probabilities == sorted(probabilities)
    assert concurrences[0] > LAURAT_CONCURRENCE - LAURAT_CONCURRENCE_ERROR


def test_chou_run_agrees_with_the_stored_heralded_state() -> None:
    """The event simulation's rate within 5 standard errors of the link prediction, and
    its fidelity equal to the heralded state after waiting for the herald (2.8 m apart,
    Chou et al. 2005)."""
    built = _built(CHOU)
    result = run_built(built)
    (stats,) = (link.statistics for link in result.links)
    (config,) = built.links
    assert stats.num_pairs > 100
    assert abs(stats.rate_hz - config.expected_rate_hz) <= 5 * stats.rate_stderr_hz
    lifetime_s = _lifetime_s(built, "L")
    delay_s = max(config.herald_delay_s)
    assert delay_s == pytest.approx(2.8 / DEFAULT_GROUP_VELOCITY_M_PER_S)
    expected = [
        fidelity(_stored(branch.state, delay_s, lifetime_s), branch.target)
        for branch in config.outcome.branches
    ]
    assert expected[0] == pytest.approx(expected[1], abs=1e-12)  # symmetric arms
    assert stats.fidelity.mean == pytest.approx(expected[0], abs=1e-9)


def _concurrence_from_retrieved_fields(state: DensityMatrix, retrieval: float) -> float:
    """The read-out step: each ensemble's excitations retrieved into field 2 with
    efficiency eta_r (a loss on the atomic modes), the one-photon probabilities and the
    |10>-|01> coherence of the fields read off and corrected for eta_r
    (p10 = P10/eta_r, p01 = P01/eta_r, p11 = P11/eta_r^2, d = |d'|/eta_r,
    p00 = 1 - p10 - p01 - p11), then C = 2 max(0, d - sqrt(p00 p11)). The correction
    is exact for the one-excitation part; two-excitation terms that lose one photon feed
    the one-photon events (the multi-excitation noise)."""
    dim = state.dims[0]
    channel = loss(1.0 - retrieval, dimension=dim)
    fields = channel.apply(channel.apply(state, [0]), [1]).matrix.reshape(dim, dim, dim, dim)
    p10, p01 = fields[1, 0, 1, 0].real / retrieval, fields[0, 1, 0, 1].real / retrieval
    p11 = fields[1, 1, 1, 1].real / retrieval**2
    d = abs(fields[1, 0, 0, 1]) / retrieval
    p00 = 1.0 - p10 - p01 - p11
    return 2.0 * max(0.0, d - math.sqrt(max(p00, 0.0) * p11))


def test_chou_concurrence_through_the_read_out() -> None:
    """With the read-out (retrieval 0.5, Kimble 2008) and its correction the concurrence
    is 0.847, within Laurat's 0.9 +- 0.3; it differs from the perfect read-out's (0.827)
    by the two-excitation feed-through only, O(p) with p = 0.01 (bounded here by 4p)."""
    built = _built(CHOU)
    (link,) = built.links
    ensemble = built.nodes["L"].ensemble
    assert ensemble is not None
    stored = _stored(link.outcome.branches[0].state, CHOU_STORAGE_S, ensemble.memory_lifetime_s)
    retrieved = _concurrence_from_retrieved_fields(stored, ensemble.retrieval_efficiency)
    perfect = _concurrence_from_retrieved_fields(stored, 1.0)
    assert LAURAT_CONCURRENCE - LAURAT_CONCURRENCE_ERROR <= retrieved <= 1.0
    assert retrieved == pytest.approx(0.847, abs=1e-3)
    assert abs(retrieved - perfect) <= 4 * ensemble.excitation_probability


# --- Liu et al. 2024: three Rb ensembles around a photonic server --------------------------


@pytest.fixture(scope="module")
def liu() -> tuple[BuiltScenario, ScenarioResult]:
    built = _built(LIU)
    return built, run_built(built)


def test_liu_geometry_matches_the_reported_network() -> None:
    """Three nodes, each ~10 km of fibre from the server (Castelvecchi 2024, seed); the
    fibre path between two nodes is at least their 12.5 km separation (Liu 2024, abstract)."""
    scenario = load_scenario(LIU)
    assert len(scenario.nodes) == 3
    pairs = {frozenset(link.nodes) for link in scenario.links}
    assert len(pairs) == 3  # every pair of the three nodes has a link
    for link in scenario.links:
        assert link.arms_m == (10e3, 10e3)
        assert link.total_length_m >= LIU_NODE_SEPARATION_M


def test_liu_entanglement_on_all_three_links_at_once(
    liu: tuple[BuiltScenario, ScenarioResult],
) -> None:
    """Liu et al. 2024, abstract: concurrent entanglement generation on three links. Each
    run's fidelity is the exact heralded state's after the herald delay (its value is
    checked against a closed form in test_liu_link_fidelity_closed_form) and above 1/2,
    the entanglement the abstract reports."""
    built, result = liu
    for name, node in built.nodes.items():
        channels = sum(c.num_channels for c in built.links if name in (c.node_a, c.node_b))
        assert channels <= node.num_memories  # every link keeps its own memory mode
    for config, link in zip(built.links, result.links, strict=True):
        stats = link.statistics
        assert stats.num_pairs > 50
        assert abs(stats.rate_hz - config.expected_rate_hz) <= 5 * stats.rate_stderr_hz
        branch = config.outcome.branches[0]
        lifetime_s = _lifetime_s(built, config.node_a)
        stored = _stored(branch.state, max(config.herald_delay_s), lifetime_s)
        assert stats.fidelity.mean == pytest.approx(fidelity(stored, branch.target), abs=1e-9)
        assert stats.fidelity.mean > 0.5


def test_liu_entanglement_outlives_the_round_trip(
    liu: tuple[BuiltScenario, ScenarioResult],
) -> None:
    """Liu et al. 2024, abstract: entanglement stored beyond the round-trip communication
    time. The run's fidelity is the heralded state after the herald delay; stored for a
    further node-to-node round trip (2 x 20 km of fibre) it is still entangled."""
    built, result = liu
    config = built.links[0]
    lifetime_s = _lifetime_s(built, "A")
    delay_s = max(config.herald_delay_s)
    round_trip_s = 2 * 20e3 / DEFAULT_GROUP_VELOCITY_M_PER_S
    assert lifetime_s > round_trip_s
    branch = config.outcome.branches[0]
    at_herald = fidelity(_stored(branch.state, delay_s, lifetime_s), branch.target)
    assert result.links[0].statistics.fidelity.mean == pytest.approx(at_herald, abs=1e-9)
    later = _stored(branch.state, delay_s + round_trip_s, lifetime_s)
    assert fidelity(later, branch.target) > 0.5
    assert concurrence(_truncated(later)) > 0.0


def _threshold_dlcz_fidelity(p: float, eta: float, q: float, coherence: float) -> float:
    """Mean heralded fidelity, threshold detectors with dark-count probability q, equal
    arms, one-excitation coherence factor c (phase noise, distinguishability).

    Derived here (as in tests/physics/links/test_dlcz.py): each field-1 mode after loss
    is thermal, an output is empty with s = (1-p)/(1-x), x = p (1-eta); the click at A
    with B silent is (1-q) [B empty] - (1-q)^2 [both empty]. On T = (|10>+|01>)/sqrt2:
    [both empty] gives (1-p)^2 x (incoherent lost photons), [B empty] adds the lossless
    one-photon branch (1-p)^2 p eta, half population and half coherence (times c)."""
    x = p * (1 - eta)
    s = (1 - p) / (1 - x)
    probability = (1 - q) * s - (1 - q) ** 2 * s**2
    overlap = (1 - p) ** 2 * ((1 - q) * (p * eta * (1 + coherence) / 2 + x) - (1 - q) ** 2 * x)
    return overlap / probability


def test_liu_link_fidelity_closed_form(liu: tuple[BuiltScenario, ScenarioResult]) -> None:
    built, _ = liu
    for config in built.links:
        a = built.nodes[config.node_a]
        assert a.ensemble is not None
        p = a.ensemble.excitation_probability
        (spec,) = [
            link
            for link in built.scenario.links
            if set(link.nodes) == {config.node_a, config.node_b}
        ]
        eta = (
            a.emitter.photon_efficiency
            * 10 ** (-spec.attenuation_db_per_km * 10.0 / 10)
            * a.detector.efficiency
        )
        q = -math.expm1(-a.detector.dark_count_rate_hz * a.detector.window_s)
        expected = _threshold_dlcz_fidelity(p, eta, q, coherence=1.0)
        assert config.outcome.mean_fidelity == pytest.approx(expected, abs=1e-10)


def test_liu_unconfirmed_numbers_need_phase_noise_and_dead_time(
    liu: tuple[BuiltScenario, ScenarioResult],
) -> None:
    """Issue 11 quotes F ~ 0.67(3) per link at 1-2 Hz for Liu 2024 (not confirmed in the
    paper here). The model's link, 0.973 at 24 Hz, needs a residual phase noise of the
    two 10 km arms of ~1.40 rad (coherence 0.38) for 0.67, and a duty cycle of ~0.04-0.08
    for 1-2 Hz: values no paper read here supports, so the file keeps its estimates and
    reports the gap. The retrieved single-photon fidelity (retrieval 0.5, multi-excitation
    noise) of the model's state is 0.996: read-out does not close it either."""
    built, result = liu
    scenario = built.scenario

    def fidelity_at(sigma: float) -> float:
        data = scenario.model_dump(exclude_none=True)
        data["links"] = [{**data["links"][0], "scheme": {"kind": "dlcz", "phase_std_rad": sigma}}]
        data["protocol"] = {"kind": "link_layer"}
        (config,) = build_scenario(parse_scenario(data)).links
        return config.outcome.mean_fidelity

    sigma = brentq(lambda s: fidelity_at(s) - 0.67, 0.0, 3.0, xtol=1e-6)
    assert sigma == pytest.approx(1.395, abs=0.005)
    config = built.links[0]
    a = built.nodes[config.node_a]
    p = a.ensemble.excitation_probability if a.ensemble else 0.0
    coherence = math.exp(-(sigma**2) / 2)
    q = -math.expm1(-a.detector.dark_count_rate_hz * a.detector.window_s)
    etas = a.emitter.photon_efficiency * 10 ** (-0.3) * a.detector.efficiency
    assert fidelity_at(sigma) == pytest.approx(
        _threshold_dlcz_fidelity(p, etas, q, coherence), abs=1e-9
    )
    # The duty cycle from the model's rate (the simulated one agrees to 5 sigma).
    statistics = result.links[0].statistics
    rate = config.expected_rate_hz
    assert abs(statistics.rate_hz - rate) <= 5 * statistics.rate_stderr_hz
    assert (1.0 / rate, 2.0 / rate) == pytest.approx((0.041, 0.082), abs=0.003)
    ensemble = a.ensemble
    assert ensemble is not None
    branch = config.outcome.branches[0]
    assert retrieved_fidelity(branch.state, ensemble.retrieval_efficiency) == pytest.approx(
        0.9956, abs=1e-4
    )
