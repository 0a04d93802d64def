"""Benchmark: wall seconds per simulated second of the issue-4 link scenario.

Two nodes 10 km apart, a station halfway, Barrett-Kok heralding, 10 memories per node
at up to 2 kHz, emission efficiency 0.75, detectors of efficiency 0.8, Werner pairs of
fidelity 0.9349, ideal memories (``examples/barrett_kok_link.yaml``). Goal (issue 14):
500 times faster than SeQUeNCe 0.8.5 on the same link, which takes 6.6 s per simulated
second (``bench_peers.py``), i.e. <= 0.013. ``run_built`` takes the batch route of
``simulate_links``; the event route (``route="events"``, same pairs) is timed alongside.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from qinternet.core.rng import child_generators
from qinternet.network import build_scenario, load_scenario, run_built
from qinternet.network.build import BuiltScenario
from qinternet.sim.link_process import simulate_links

SCENARIO = Path(__file__).resolve().parents[1] / "examples" / "barrett_kok_link.yaml"
REPEATS = 5


def _events_wall_s(built: BuiltScenario) -> float:
    start = time.perf_counter()
    simulate_links(
        built.links,
        memories={name: node.memory for name, node in built.nodes.items()},
        num_slots={name: node.num_memories for name, node in built.nodes.items()},
        ensembles={name: node.ensemble for name, node in built.nodes.items()},
        duration_s=built.scenario.duration_s,
        rngs=child_generators(built.scenario.seed, len(built.links)),
        route="events",
    )
    return time.perf_counter() - start


def main() -> None:
    built = build_scenario(load_scenario(SCENARIO))
    run_built(built)  # warm-up
    results = [run_built(built) for _ in range(REPEATS)]
    events_s = statistics.median(_events_wall_s(built) for _ in range(REPEATS))
    wall_s = statistics.median(r.wall_s for r in results)
    first = results[0]
    print(
        json.dumps(
            {
                "benchmark": "link_barrett_kok_10_memories",
                "sim_time_s": first.sim_time_s,
                "wall_s": wall_s,
                "wall_s_per_sim_s": wall_s / first.sim_time_s,
                "events_route_wall_s_per_sim_s": events_s / first.sim_time_s,
                "pairs": first.num_pairs,
                "rate_hz": first.rate_hz,
                "fidelity_mean": first.fidelity.mean,
                "goal_wall_s_per_sim_s": 0.013,
                "repeats": REPEATS,
            }
        )
    )


if __name__ == "__main__":
    main()
