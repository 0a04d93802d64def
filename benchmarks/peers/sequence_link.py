"""The 10 km Barrett-Kok link of ``examples/barrett_kok_link.yaml`` in SeQUeNCe 0.8.5.

Run with the Python of an environment that has SeQUeNCe (``bench_peers.py`` does); prints
one JSON line: simulated seconds, wall seconds of the run (without the imports) and pairs.
Two routers 10 km apart with a Bell-state-measurement node halfway (meet in the middle),
10 memories each at up to 2 kHz, emission efficiency 0.75, memory fidelity 0.9349,
detectors of efficiency 0.8, fibre 0.2 dB/km; the request application of SeQUeNCe resets
each delivered pair so the memories keep generating, as qinternet's link layer does.

Usage: python sequence_link.py SIM_TIME_S
"""

import json
import sys
import time

from sequence.app.request_app import RequestApp
from sequence.topology.router_net_topo import RouterNetTopo

PS_PER_S = 10**12
RESERVATION_S = 0.001


def topology(sim_time_s: float) -> dict:
    router = {
        "MemoryArray": {
            "fidelity": 0.9349,
            "frequency": 2000,
            "efficiency": 0.75,
            "coherence_time": -1,
            "wavelength": 500,
        }
    }
    detector = {"efficiency": 0.8, "count_rate": 50_000_000, "time_resolution": 150}
    return {
        "is_parallel": False,
        "stop_time": int((RESERVATION_S + sim_time_s) * PS_PER_S),
        "templates": {
            "router": router,
            "bsm": {"SingleAtomBSM": {"detectors": [detector, detector]}},
        },
        "nodes": [
            {
                "name": name,
                "type": "QuantumRouter",
                "seed": seed,
                "memo_size": 10,
                "template": "router",
            }
            for seed, name in enumerate(("A", "B"))
        ],
        "qconnections": [
            {
                "node1": "A",
                "node2": "B",
                "attenuation": 0.0002,
                "distance": 10_000,
                "type": "meet_in_the_middle",
                "template": "bsm",
            }
        ],
        "cconnections": [{"node1": "A", "node2": "B", "delay": 50_000_000}],
    }


def main() -> None:
    sim_time_s = float(sys.argv[1])
    import os
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(topology(sim_time_s), handle)
    net = RouterNetTopo(handle.name)
    os.unlink(handle.name)
    timeline = net.get_timeline()
    routers = {r.name: r for r in net.get_nodes_by_type(RouterNetTopo.QUANTUM_ROUTER)}
    apps = {name: RequestApp(router) for name, router in routers.items()}
    begin = int(RESERVATION_S * PS_PER_S)  # the reservation messages must arrive first
    apps["A"].start("B", begin, begin + int(sim_time_s * PS_PER_S), 10, 0.5)
    start = time.perf_counter()
    timeline.init()
    timeline.run()
    wall_s = time.perf_counter() - start
    print(
        json.dumps(
            {
                "peer": "sequence",
                "sim_time_s": sim_time_s,
                "wall_s": wall_s,
                "pairs": apps["A"].memory_counter,
            }
        )
    )


if __name__ == "__main__":
    main()
