"""Benchmarks of the event-driven repeater chain (issue 5).

1. The link benchmark extended to a 9-node chain: 10 km links, Barrett-Kok heralding,
   10 memories per side at up to 2 kHz, emission efficiency 0.75, detectors 0.8, Werner
   links of fidelity 0.9349, ideal memories and swaps, nested order; on the batch route
   (the default) and the event route. Goal (issue 14): 500 times SeQUeNCe's 56.8 wall s
   per simulated s, i.e. <= 0.114 wall s per simulated s (issue 5 asked for 1).
2. One end-to-end pair across a 1000-node chain with 20 km spacing (same hardware, one
   memory per side). Goal: <= 0.2 s.
3. The same, end to end as a user runs it: ``qinternet run`` of a scenario file with a
   generated line topology of 1,000 and of 10,000 nodes (``protocol: {kind: chain,
   max_pairs: 1}``), whole process (start-up, reading, building every link, simulating,
   printing) and its peak memory. Goals (issue 14): 2 s for 1,000 nodes, 20 s for 10,000.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from qinternet.physics.devices import Memory
from qinternet.physics.links import LinkOutcome, barrett_kok_link
from qinternet.sim.link_process import HeraldedLinkConfig
from qinternet.sim.repeater import ChainConfig, simulate_chain
from qinternet.states import bell_state, werner

FIBRE_M_PER_S = 2e8
ATTEMPT_PERIOD_S = 1 / 2000
WHOLE_RUN_GOALS_S = {1000: 2.0, 10_000: 20.0}
WHOLE_RUN_REPEATS = 3
NINE_NODE_REPEATS = 5
NINE_NODE_GOAL_WALL_S_PER_SIM_S = 56.8 / 500
LINE_SCENARIO = """\
name: one pair over {num_nodes} nodes
seed: 1
duration_s: 1000.0
topology:
  kind: line
  num_nodes: {num_nodes}
  length_m: 20000
  node: {{num_memories: 2, emitter: {{emission_efficiency: 0.75, max_attempt_rate_hz: 2000}}}}
  link: {{detector: {{efficiency: 0.8}}, scheme: {{kind: barrett_kok}}, heralded_fidelity: 0.9349}}
protocol: {{kind: chain, max_pairs: 1}}
"""


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


def nine_nodes(route: str) -> dict[str, object]:
    """The 9-node chain on one route: median wall time of a few runs of one simulated
    second (the machine may be shared), and what the run delivered."""
    config = chain(9, 10e3, num_channels=10)
    memories = dict.fromkeys(config.nodes, Memory())
    simulate_chain(
        config, memories=memories, rng=np.random.default_rng(0), duration_s=0.05, route=route
    )
    walls = []
    for _ in range(NINE_NODE_REPEATS):
        start = time.perf_counter()
        stats = simulate_chain(
            config, memories=memories, rng=np.random.default_rng(1), duration_s=1.0, route=route
        )
        walls.append(time.perf_counter() - start)
    wall = statistics.median(walls)
    return {
        "benchmark": "chain_9_nodes_nested",
        "route": route,
        "sim_time_s": stats.sim_time_s,
        "wall_s": wall,
        "wall_s_runs": walls,
        "wall_s_per_sim_s": wall / stats.sim_time_s,
        "pairs": stats.num_pairs,
        "fidelity_mean": stats.fidelity.mean,
        "goal_wall_s_per_sim_s": NINE_NODE_GOAL_WALL_S_PER_SIM_S,
    }


def main() -> None:
    for route in ("batch", "events"):
        print(json.dumps(nine_nodes(route)))
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


def whole_runs() -> None:
    """``qinternet run`` of a generated line of 1,000 and 10,000 nodes, whole process."""
    with tempfile.TemporaryDirectory() as folder:
        for num_nodes, goal_s in WHOLE_RUN_GOALS_S.items():
            path = Path(folder) / f"line_{num_nodes}.yaml"
            path.write_text(LINE_SCENARIO.format(num_nodes=num_nodes))
            command = [sys.executable, "-m", "qinternet.cli", "run", str(path), "--json"]
            walls = []
            for _ in range(WHOLE_RUN_REPEATS):
                start = time.perf_counter()
                done = subprocess.run(command, capture_output=True, text=True, check=True)
                walls.append(time.perf_counter() - start)
            result = json.loads(done.stdout)
            peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            print(
                json.dumps(
                    {
                        "benchmark": "qinternet_run_line_one_pair",
                        "num_nodes": num_nodes,
                        "wall_s": sorted(walls)[len(walls) // 2],
                        "wall_s_runs": walls,
                        "pairs": result["pairs"],
                        "fidelity": result["fidelity_mean"],
                        "peak_rss_mb_of_largest_run_so_far": peak_kb / 1024,
                        "goal_wall_s": goal_s,
                    }
                )
            )


if __name__ == "__main__":
    main()
    whole_runs()
