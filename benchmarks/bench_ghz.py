"""Benchmarks of GHZ states fused at a star's hub (protocol ``ghz``).

1. The example examples/pompili_2021_ghz.yaml (three NV nodes, hub Bob kept, single-
   click links), run as ``qinternet run`` does: wall seconds per simulated second.
2. Stars of 3, 5 and 7 leaves with Werner links (F = 0.95, success 0.2 per 1 ms
   attempt, 10 km to each leaf, memories with T2 = 1 s), hub measured out: wall
   seconds per delivered GHZ state, which grows with the state's 2^n x 2^n matrix (the
   fusion map of qinternet.physics.maps.fusion joins (n + 2)-qubit density matrices).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from qinternet.network import load_scenario, run_scenario
from qinternet.physics.devices import Memory
from qinternet.physics.links import LinkOutcome
from qinternet.sim.ghz import GhzConfig, simulate_ghz
from qinternet.sim.link_process import HeraldedLinkConfig
from qinternet.states import bell_state, werner

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "pompili_2021_ghz.yaml"
FIBRE_M_PER_S = 2e8


def star(num_leaves: int) -> GhzConfig:
    outcome = LinkOutcome(
        success_probability=0.2,
        heralded_state=werner(0.95),
        target=bell_state("phi+"),
        target_name="phi+",
        attempt_duration_s=1e-3,
    )
    delay_s = 10e3 / FIBRE_M_PER_S
    links = tuple(
        HeraldedLinkConfig("hub", f"leaf{i}", outcome, herald_delay_s=(delay_s, delay_s))
        for i in range(num_leaves)
    )
    return GhzConfig("hub", links, leaf_delay_s=(delay_s,) * num_leaves)


def main() -> None:
    scenario = load_scenario(EXAMPLE)
    result = run_scenario(scenario)
    print(
        json.dumps(
            {
                "benchmark": "ghz_pompili_example",
                "sim_time_s": result.sim_time_s,
                "wall_s": result.wall_s,
                "wall_s_per_sim_s": result.wall_s / result.sim_time_s,
                "states": result.num_pairs,
                "fidelity_mean": result.fidelity.mean,
            }
        )
    )
    for num_leaves, num_states in ((3, 200), (5, 40), (7, 10)):
        config = star(num_leaves)
        memories = {node: Memory(t2_s=1.0) for node in ("hub", *config.leaves)}
        rngs = [np.random.default_rng([num_leaves, i]) for i in range(num_leaves)]
        start = time.perf_counter()
        stats = simulate_ghz(config, memories=memories, rngs=rngs, max_states=num_states)
        wall = time.perf_counter() - start
        print(
            json.dumps(
                {
                    "benchmark": f"ghz_star_{num_leaves}_leaves",
                    "states": stats.num_pairs,
                    "wall_s": wall,
                    "wall_s_per_state": wall / stats.num_pairs,
                    "sim_time_s": stats.sim_time_s,
                    "fidelity_mean": stats.fidelity.mean,
                    "witness": stats.witness,
                }
            )
        )


if __name__ == "__main__":
    main()
