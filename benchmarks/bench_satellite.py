"""Benchmark: the Micius double downlink (``examples/yin_2017_micius.yaml``).

Wall time of the pass average (the link function integrates the coincidence
probability over the visible time: one build per sweep point) and of the run. Goal for
the build: <= 0.1 s, so a sweep's points are dominated by their simulation.
"""

from __future__ import annotations

import json
from pathlib import Path

from _timing import best_time
from qinternet.network import build_scenario, load_scenario, run_built

SCENARIO = Path(__file__).resolve().parents[1] / "examples" / "yin_2017_micius.yaml"


def main() -> None:
    scenario = load_scenario(SCENARIO)
    build_s = best_time(lambda: build_scenario(scenario), repeats=5)
    built = build_scenario(scenario)
    result = run_built(built)
    print(
        json.dumps(
            {
                "benchmark": "satellite_downlink_micius",
                "build_wall_s": build_s,
                "run_wall_s": result.wall_s,
                "sim_time_s": result.sim_time_s,
                "pairs": result.num_pairs,
                "rate_hz": result.rate_hz,
                "fidelity_mean": result.fidelity.mean,
                "goal_build_wall_s": 0.1,
            }
        )
    )


if __name__ == "__main__":
    main()
