"""Benchmarks of the event-driven repeater chain (issue 5).

1. The link benchmark extended to a 9-node chain: 10 km links, Barrett-Kok heralding,
   10 memories per side at up to 2 kHz, emission efficiency 0.75, detectors 0.8, Werner
   links of fidelity 0.9349, ideal memories and swaps, nested order. Goal: <= 1 wall
   second per simulated second.
2. One end-to-end pair across a 1000-node chain with 20 km spacing (same hardware, one
   memory per side). Goal: <= 0.2 s.
"""

from __future__ import annotations

import json
import time

import numpy as np

from qinternet.physics.devices import Memory
from qinternet.physics.links import LinkOutcome, barrett_kok_link
from qinternet.sim.link_process import HeraldedLinkConfig
from qinternet.sim.repeater import ChainConfig, simulate_chain
from qinternet.states import bell_state, werner

FIBRE_M_PER_S = 2e8
ATTEMPT_PERIOD_S = 1 / 2000


def chain(num_nodes: int, spacing_m: float, num_channels: int) -> ChainConfig:
    arm_m = spacing_m / 2
    eta = 0.75 * 0.8 * 10 ** (-0.2 * arm_m / 1e3 / 10)
    physical = barrett_kok_link(eta, arm_length_m=arm_m)
    outcome = LinkOutcome(
        success_probability=physical.success_probability,
        heralded_state=werner(0.9349),
        target=bell_state("phi+"),
        target_name="phi+",
        attempt_duration_s=max(ATTEMPT_PERIOD_S, physical.attempt_duration_s),
    )
    herald_s = 2 * arm_m / FIBRE_M_PER_S
    names = [f"node{i}" for i in range(num_nodes)]
    links = tuple(
        HeraldedLinkConfig(names[i], names[i + 1], outcome, herald_delay_s=(herald_s, herald_s))
        for i in range(num_nodes - 1)
    )
    delays = (spacing_m / FIBRE_M_PER_S,) * len(links)
    return ChainConfig(links, segment_delay_s=delays, num_channels=num_channels)


def main() -> None:
    config = chain(9, 10e3, num_channels=10)
    memories = dict.fromkeys(config.nodes, Memory())
    simulate_chain(config, memories=memories, rng=np.random.default_rng(0), duration_s=0.05)
    start = time.perf_counter()
    stats = simulate_chain(config, memories=memories, rng=np.random.default_rng(1), duration_s=1.0)
    wall = time.perf_counter() - start
    print(
        json.dumps(
            {
                "benchmark": "chain_9_nodes_nested",
                "sim_time_s": stats.sim_time_s,
                "wall_s": wall,
                "wall_s_per_sim_s": wall / stats.sim_time_s,
                "pairs": stats.num_pairs,
                "fidelity_mean": stats.fidelity.mean,
                "goal_wall_s_per_sim_s": 1.0,
            }
        )
    )
    config = chain(1000, 20e3, num_channels=1)
    memories = dict.fromkeys(config.nodes, Memory())
    walls = []
    for seed in range(3):
        start = time.perf_counter()
        stats = simulate_chain(
            config, memories=memories, rng=np.random.default_rng(seed), max_pairs=1
        )
        walls.append(time.perf_counter() - start)
    print(
        json.dumps(
            {
                "benchmark": "chain_1000_nodes_one_pair",
                "wall_s": min(walls),
                "wall_s_runs": walls,
                "sim_time_s": stats.sim_time_s,
                "fidelity": stats.fidelity.mean,
                "goal_wall_s": 0.2,
            }
        )
    )


if __name__ == "__main__":
    main()
