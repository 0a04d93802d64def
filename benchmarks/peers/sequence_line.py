"""A line of routers 10 km apart in SeQUeNCe 0.8.5: with 2 routers the link of
``examples/barrett_kok_link.yaml``, with 9 the chain of ``bench_chain.py`` (``chain(9, 10e3, 10)``).

Run with the Python of an environment that has SeQUeNCe (``bench_peers.py`` does); prints
one JSON line: simulated seconds, wall seconds of the run (without the imports and the
topology build) and end-to-end pairs. A Bell-state-measurement node halfway along each
link (meet in the middle); memories at up to 2 kHz, emission efficiency 0.75, fidelity
0.9349, infinite coherence time; detectors of efficiency 0.8; fibre 0.2 dB/km.
A request application on the first router asks for 10 memories to the last one; the
reservation protocol of SeQUeNCe books 10 memories at each end and 10 per side (20) on
each inner router, and its rules generate entanglement on every link and swap along the
path in nested (doubling) order, as qinternet's nested chain does; swaps succeed with
probability 1 (SeQUeNCe's default). The request application resets every delivered pair
so the memories keep generating. SeQUeNCe multiplies the fidelity by 0.95 at each swap
(its default degradation); the target fidelity is set low (0.1) so that this
bookkeeping never holds back a pair or starts purification: the count is of raw
end-to-end pairs, as in qinternet's ``num_pairs``.

Usage: python sequence_line.py NUM_ROUTERS SIM_TIME_S [SEED]  (node i is seeded with SEED + i)
"""

import json
import os
import sys
import tempfile
import time

from sequence.app.request_app import RequestApp
from sequence.topology.router_net_topo import RouterNetTopo

PS_PER_S = 10**12
RESERVATION_S = 0.005
SPACING_M = 10_000
FIBRE_M_PER_S = 2e8
MEMORIES_PER_SIDE = 10
TARGET_FIDELITY = 0.1


def topology(num_routers: int, sim_time_s: float, seed: int) -> dict:
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
    names = [f"r{i}" for i in range(num_routers)]
    ends = (names[0], names[-1])
    hop_delay_ps = int(SPACING_M / FIBRE_M_PER_S * PS_PER_S)
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
                "seed": seed + i,
                "memo_size": MEMORIES_PER_SIDE * (1 if name in ends else 2),
                "template": "router",
            }
            for i, name in enumerate(names)
        ],
        "qconnections": [
            {
                "node1": names[i],
                "node2": names[i + 1],
                "attenuation": 0.0002,
                "distance": SPACING_M,
                "type": "meet_in_the_middle",
                "template": "bsm",
                "seed": seed + num_routers + i,
            }
            for i in range(num_routers - 1)
        ],
        # Swapping messages go straight to the far nodes: a classical line between every
        # pair of routers, with the fibre delay along the chain.
        "cconnections": [
            {"node1": names[i], "node2": names[j], "delay": (j - i) * hop_delay_ps}
            for i in range(num_routers)
            for j in range(i + 1, num_routers)
        ],
    }


def main() -> None:
    num_routers = int(sys.argv[1])
    sim_time_s = float(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(topology(num_routers, sim_time_s, seed), handle)
    net = RouterNetTopo(handle.name)
    os.unlink(handle.name)
    timeline = net.get_timeline()
    routers = {r.name: r for r in net.get_nodes_by_type(RouterNetTopo.QUANTUM_ROUTER)}
    first, last = "r0", f"r{num_routers - 1}"
    apps = {name: RequestApp(routers[name]) for name in (first, last)}
    begin = int(RESERVATION_S * PS_PER_S)  # the reservation must travel the path and back
    end = begin + int(sim_time_s * PS_PER_S)
    apps[first].start(last, begin, end, MEMORIES_PER_SIDE, TARGET_FIDELITY)
    start = time.perf_counter()
    timeline.init()
    timeline.run()
    wall_s = time.perf_counter() - start
    print(
        json.dumps(
            {
                "peer": "sequence",
                "sim_time_s": sim_time_s,
                "seed": seed,
                "wall_s": wall_s,
                "pairs": apps[first].memory_counter,
                "reserved": apps[first].reservation_result,
                "path": apps[first].path,
            }
        )
    )


if __name__ == "__main__":
    main()
