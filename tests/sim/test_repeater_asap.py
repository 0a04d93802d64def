"""Swap-as-soon-as-possible chains: exact on two segments, Werner law, frames, cut-offs.

Stochastic bounds are 5 standard errors of the simulated means with seeded local rngs.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from qinternet.analysis import ChainParameters, chain_statistics
from qinternet.core.errors import InvalidParameterError
from qinternet.physics.devices import Memory
from qinternet.physics.links import LinkOutcome, barrett_kok_link
from qinternet.sim.chain import ChainConfig, SwapPolicy
from qinternet.sim.link_process import HeraldedLinkConfig
from qinternet.sim.repeater import simulate_chain
from qinternet.states import bell_state, werner

NUM_SIGMA = 5.0
PERIOD_S = 1.0


def werner_links(names: list[str], fidelity: float, p: float) -> tuple[HeraldedLinkConfig, ...]:
    outcome = LinkOutcome(
        success_probability=p,
        heralded_state=werner(fidelity),
        target=bell_state("phi+"),
        target_name="phi+",
        attempt_duration_s=PERIOD_S,
    )
    return tuple(
        HeraldedLinkConfig(a, b, outcome, herald_delay_s=(PERIOD_S, PERIOD_S))
        for a, b in itertools.pairwise(names)
    )


@pytest.mark.parametrize("num_links", [1, 2, 3, 5])
def test_ideal_swaps_multiply_werner_parameters(num_links: int) -> None:
    names = [f"q{i}" for i in range(num_links + 1)]
    config = ChainConfig(werner_links(names, 0.93, 0.4), policy="asap", num_channels=2)
    stats = simulate_chain(
        config, memories=dict.fromkeys(names, Memory()), rng=np.random.default_rng(1), max_pairs=50
    )
    w = (4 * 0.93 - 1) / 3
    assert stats.fidelity.mean == pytest.approx((1 + 3 * w**num_links) / 4, abs=1e-12)


def test_two_segments_equal_the_exact_distribution() -> None:
    # On two segments ASAP and nested are the same protocol: the analysis applies
    # (decoherence mapping as in test_repeater.py: T_dep = 2 T_coh, herald window one period).
    coherence_attempts, p = 40.0, 0.1
    names = ["a", "b", "c"]
    config = ChainConfig(werner_links(names, 0.95, p), policy="asap")
    memory = Memory(depolarizing_time_s=2 * coherence_attempts * PERIOD_S)
    stats = simulate_chain(
        config, memories=dict.fromkeys(names, memory), rng=np.random.default_rng(8), max_pairs=3000
    )
    exact = chain_statistics(
        ChainParameters(
            num_levels=1,
            link_success_probability=p,
            link_werner=(4 * 0.95 - 1) / 3 * math.exp(-1 / coherence_attempts),
            coherence_time_attempts=coherence_attempts,
        )
    )
    # (3 - 2p)/(p (2 - p)) = 14.736842 attempts for perfect memories (issue 5).
    assert exact.mean_waiting_time == pytest.approx((3 - 2 * p) / (p * (2 - p)), rel=1e-6)
    assert stats.waiting_time_s.agrees_with(exact.mean_waiting_time * PERIOD_S, num_sigma=NUM_SIGMA)
    assert stats.fidelity.agrees_with(exact.mean_fidelity, num_sigma=NUM_SIGMA)


def test_frames_of_randomly_heralded_bell_states() -> None:
    outcome = barrett_kok_link(0.5, preparation_time_s=1e-4)
    names = ["a", "b", "c", "d"]
    links = tuple(HeraldedLinkConfig(a, b, outcome) for a, b in itertools.pairwise(names))
    stats = simulate_chain(
        ChainConfig(links, policy="asap", num_channels=3, segment_delay_s=(1e-5, 2e-5, 1e-5)),
        memories=dict.fromkeys(names, Memory()),
        rng=np.random.default_rng(2),
        max_pairs=100,
    )
    assert stats.fidelity.mean == pytest.approx(1.0, abs=1e-12)


def test_cutoff_discards_old_pairs_and_raises_fidelity() -> None:
    names = [f"c{i}" for i in range(4)]
    memory = Memory(depolarizing_time_s=20.0)

    def fidelity_with(cutoff_s: float | None) -> float:
        config = ChainConfig(werner_links(names, 0.97, 0.15), policy="asap", cutoff_s=cutoff_s)
        stats = simulate_chain(
            config,
            memories=dict.fromkeys(names, memory),
            rng=np.random.default_rng(4),
            max_pairs=200,
        )
        # Every delivered pair is younger than the cut-off: each of its 3 links lost at
        # most a factor exp(-2 x cut-off / T_dep) on top of the one-period herald window.
        if cutoff_s is not None:
            w_min = ((4 * 0.97 - 1) / 3 * math.exp(-2 * (cutoff_s + PERIOD_S) / 20.0)) ** 3
            assert stats.fidelity.mean >= (1 + 3 * w_min) / 4
        return stats.fidelity.mean

    assert fidelity_with(3.0) > fidelity_with(None)


def test_asap_has_no_purification_and_policy_is_checked() -> None:
    names = ["a", "b", "c"]
    links = werner_links(names, 0.9, 0.5)
    with pytest.raises(InvalidParameterError, match="purification_rounds=1"):
        simulate_chain(
            ChainConfig(links, policy="asap", purification_rounds=1),
            memories=dict.fromkeys(names, Memory()),
            rng=np.random.default_rng(1),
            max_pairs=1,
        )
    with pytest.raises(InvalidParameterError, match="policy='eager'"):
        ChainConfig(links, policy="eager")  # type: ignore[arg-type]
    assert ChainConfig(links, policy="asap").policy is SwapPolicy.ASAP
