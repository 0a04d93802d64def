"""Three engines, one answer: the event-driven chain against the exact distribution (Brand,
Coopmans, Elkouss 2020) and the vectorised Monte Carlo, within 5 standard errors.

Mapping of the event simulation onto the attempt-discrete model of the analysis: attempt
period T = 1 s, heralding messages take exactly one period (so a link is known at the end
of its successful attempt, as in the analysis), classical delays between nodes are zero,
and memories depolarise with T_dep = 2 T_coh, so that a waiting Werner pair loses a factor
exp(-t/T_coh) as in the analysis. A link decoheres during its heralding window too, for
exactly one period: the analysis is given the link Werner parameter w0 exp(-1/T_coh).
Bounds are 5 standard errors of the simulated means (seeded local rngs), so a false
failure is rarer than 1e-6 per comparison.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from qinternet.analysis import ChainParameters, chain_statistics, monte_carlo_chain
from qinternet.core.errors import InvalidParameterError
from qinternet.physics.devices import Memory
from qinternet.physics.links import LinkOutcome, barrett_kok_link
from qinternet.sim.link_process import HeraldedLinkConfig
from qinternet.sim.repeater import ChainConfig, simulate_chain
from qinternet.states import bell_state, werner

NUM_SIGMA = 5.0
PERIOD_S = 1.0
LINK_FIDELITY = 0.95
LINK_PROBABILITY = 0.3


def werner_link(a: str, b: str) -> HeraldedLinkConfig:
    outcome = LinkOutcome(
        success_probability=LINK_PROBABILITY,
        heralded_state=werner(LINK_FIDELITY),
        target=bell_state("phi+"),
        target_name="phi+",
        attempt_duration_s=PERIOD_S,
    )
    return HeraldedLinkConfig(a, b, outcome, herald_delay_s=(PERIOD_S, PERIOD_S))


def chain_of(num_segments: int, **options: float | None) -> ChainConfig:
    names = [f"n{i}" for i in range(num_segments + 1)]
    links = tuple(werner_link(names[i], names[i + 1]) for i in range(num_segments))
    return ChainConfig(links, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("num_segments", "coherence_attempts", "cutoff_attempts", "num_pairs"),
    [
        (2, math.inf, None, 1500),
        (4, math.inf, None, 1000),
        (8, math.inf, None, 400),
        (2, 50.0, None, 1500),
        (2, 50.0, 3, 1500),
        (4, 200.0, 10, 800),
        (8, 400.0, 20, 300),
    ],
)
def test_event_simulation_agrees_with_exact_and_monte_carlo(
    num_segments: int, coherence_attempts: float, cutoff_attempts: int | None, num_pairs: int
) -> None:
    swap_probability = 0.7
    config = chain_of(
        num_segments,
        swap_success_probability=swap_probability,
        cutoff_s=None if cutoff_attempts is None else cutoff_attempts * PERIOD_S,
    )
    memory = Memory(depolarizing_time_s=2 * coherence_attempts * PERIOD_S)
    simulated = simulate_chain(
        config,
        memories=dict.fromkeys(config.nodes, memory),
        rng=np.random.default_rng(1000 + num_segments),
        max_pairs=num_pairs,
    )
    w0 = (4 * LINK_FIDELITY - 1) / 3 * math.exp(-1.0 / coherence_attempts)
    parameters = ChainParameters(
        num_levels=int(math.log2(num_segments)),
        link_success_probability=LINK_PROBABILITY,
        swap_success_probability=swap_probability,
        link_werner=w0,
        coherence_time_attempts=coherence_attempts,
        cutoff_attempts=cutoff_attempts,
    )
    exact = chain_statistics(parameters)
    sampled = monte_carlo_chain(parameters, num_trials=20000, rng=np.random.default_rng(7))
    waiting = simulated.waiting_time_s
    assert waiting.agrees_with(exact.mean_waiting_time * PERIOD_S, num_sigma=NUM_SIGMA)
    assert sampled.waiting_time.mean == pytest.approx(
        exact.mean_waiting_time, abs=NUM_SIGMA * sampled.waiting_time.stderr
    )
    # With ideal memories every delivered pair has the same fidelity: the floor covers rounding.
    assert simulated.fidelity.agrees_with(exact.mean_fidelity, num_sigma=NUM_SIGMA, floor=1e-9)
    assert sampled.fidelity.mean == pytest.approx(
        exact.mean_fidelity, abs=max(NUM_SIGMA * sampled.fidelity.stderr, 1e-9)
    )


@pytest.mark.parametrize(("num_nodes", "expected"), [(3, 0.8755), (5, 0.7717), (9, 0.6129)])
def test_werner_links_swapped_ideally_give_the_werner_prediction(
    num_nodes: int, expected: float
) -> None:
    # Issue 5: Barrett-Kok links of Werner fidelity 0.9349, ideal memories and swaps:
    # F = (1 + 3 w^(N-1))/4 with w = (4 x 0.9349 - 1)/3. The formula gives 0.87545,
    # 0.77158, 0.61273; the issue prints 0.8755, 0.7717, 0.6129 (as from F_link ~0.93495),
    # so the printed values are checked to 3e-4 and the formula to rounding.
    eta = 0.75 * 0.8 * 10 ** (-0.1)
    physical = barrett_kok_link(eta, arm_length_m=5e3)
    outcome = LinkOutcome(
        success_probability=physical.success_probability,
        heralded_state=werner(0.9349),
        target=bell_state("phi+"),
        target_name="phi+",
        attempt_duration_s=5e-4,
    )
    names = [f"r{i}" for i in range(num_nodes)]
    links = tuple(
        HeraldedLinkConfig(names[i], names[i + 1], outcome, herald_delay_s=(5e-5, 5e-5))
        for i in range(num_nodes - 1)
    )
    delays = tuple(1e4 / 2e8 for _ in links)
    config = ChainConfig(links, segment_delay_s=delays, num_channels=10)
    stats = simulate_chain(
        config,
        memories=dict.fromkeys(names, Memory()),
        rng=np.random.default_rng(5),
        duration_s=0.2,
    )
    w = (4 * 0.9349 - 1) / 3
    assert stats.num_pairs > 0
    assert stats.fidelity.mean == pytest.approx((1 + 3 * w ** (num_nodes - 1)) / 4, abs=1e-12)
    assert stats.fidelity.mean == pytest.approx(expected, abs=3e-4)


def test_pauli_frames_track_the_heralded_bell_states() -> None:
    # Barrett-Kok heralds psi+ or psi- at random; swaps add their outcome index. With ideal
    # parts every delivered pair must be exactly the tracked Bell state.
    outcome = barrett_kok_link(0.5, preparation_time_s=1e-4)
    names = ["a", "b", "c", "d", "e"]
    links = tuple(HeraldedLinkConfig(names[i], names[i + 1], outcome) for i in range(4))
    stats = simulate_chain(
        ChainConfig(links),
        memories=dict.fromkeys(names, Memory()),
        rng=np.random.default_rng(3),
        max_pairs=200,
    )
    assert stats.fidelity.mean == pytest.approx(1.0, abs=1e-12)


def test_same_seed_same_result() -> None:
    config = chain_of(4, swap_success_probability=0.5, cutoff_s=5.0)
    memory = Memory(t2_s=100.0)
    runs = [
        simulate_chain(
            config,
            memories=dict.fromkeys(config.nodes, memory),
            rng=np.random.default_rng(11),
            max_pairs=50,
        )
        for _ in range(2)
    ]
    assert runs[0] == runs[1]


def test_bad_chains() -> None:
    a, b, c = werner_link("A", "B"), werner_link("B", "C"), werner_link("X", "Y")
    with pytest.raises(InvalidParameterError, match=r"links\[1\]\.node_a='X'"):
        ChainConfig((a, c))
    with pytest.raises(InvalidParameterError, match=r"cutoff_s=0\.5"):
        ChainConfig((a, b), cutoff_s=0.5)
    with pytest.raises(InvalidParameterError, match="swap_success_probability=0"):
        ChainConfig((a, b), swap_success_probability=0.0)
    with pytest.raises(InvalidParameterError, match="give a duration or max_pairs"):
        simulate_chain(
            ChainConfig((a, b)),
            memories=dict.fromkeys("ABC", Memory()),
            rng=np.random.default_rng(1),
        )


def test_link_purification_delivers_the_dejmps_output_at_the_predicted_pace() -> None:
    # One segment, one DEJMPS round on Werner(0.8) links, ideal memories, no delays: every
    # delivered pair is exactly the purified state; a round waits for the later of two
    # links (E[max] = (3 - 2p)/(p (2 - p)) periods) and succeeds with probability ps.
    from qinternet.physics.maps.purification import purify_density

    outcome = LinkOutcome(
        success_probability=0.3,
        heralded_state=werner(0.8),
        target=bell_state("phi+"),
        target_name="phi+",
        attempt_duration_s=PERIOD_S,
    )
    link = HeraldedLinkConfig("A", "B", outcome, herald_delay_s=(PERIOD_S, PERIOD_S))
    config = ChainConfig((link,), purification_rounds=1)
    stats = simulate_chain(
        config, memories=dict.fromkeys("AB", Memory()), rng=np.random.default_rng(4), max_pairs=2000
    )
    expected = purify_density(werner(0.8), werner(0.8), "dejmps")
    assert stats.fidelity.mean == pytest.approx(expected.fidelity, abs=1e-12)
    p = 0.3
    mean_rounds_s = (3 - 2 * p) / (p * (2 - p)) * PERIOD_S / expected.success_probability
    assert stats.waiting_time_s.agrees_with(mean_rounds_s, num_sigma=NUM_SIGMA)


def test_purification_rescues_a_chain_of_poor_links() -> None:
    # Four Werner(0.7) links swapped: w^4 = 0.6^4, F = 0.347 (not entangled); two DEJMPS
    # rounds per link first bring the delivered pairs above 1/2.
    def run(rounds: int) -> float:
        names = [f"m{i}" for i in range(5)]
        outcome = LinkOutcome(
            success_probability=0.5,
            heralded_state=werner(0.7),
            target=bell_state("phi+"),
            target_name="phi+",
            attempt_duration_s=PERIOD_S,
        )
        links = tuple(HeraldedLinkConfig(names[i], names[i + 1], outcome) for i in range(4))
        config = ChainConfig(links, purification_rounds=rounds)
        stats = simulate_chain(
            config,
            memories=dict.fromkeys(names, Memory()),
            rng=np.random.default_rng(6),
            max_pairs=30,
        )
        return stats.fidelity.mean

    assert run(0) == pytest.approx((1 + 3 * 0.6**4) / 4, abs=1e-12)
    assert run(2) > 0.5


def test_purification_rounds_are_bounded() -> None:
    with pytest.raises(InvalidParameterError, match="purification_rounds=7"):
        chain_of(2, purification_rounds=7)
