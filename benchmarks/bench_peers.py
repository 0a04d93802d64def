"""Benchmark: start-up and whole processes, qinternet against SeQUeNCe in the same run.

1. Start-up: ``qinternet --help`` and ``qinternet validate examples/barrett_kok_link.yaml``
   as whole processes, against ``python -c "import numpy"`` (goal: within 3x).
2. The 10 km Barrett-Kok link (``examples/barrett_kok_link.yaml``, 1 s simulated):
   ``qinternet run`` as a whole process against SeQUeNCe 0.8.5 running the same link
   (``peers/sequence_line.py 2``) as a whole process (goal: 50x), and the simulation alone
   in wall seconds per simulated second.

3. The 9-node nested repeater chain of ``bench_chain.py`` (``chain(9, 10e3, 10)``,
   ``CHAIN_SIM_TIME_S`` simulated, as SeQUeNCe runs about a hundred times slower) against
   SeQUeNCe 0.8.5 running the same chain (``peers/sequence_line.py 9``): wall seconds per
   simulated second of the simulation alone (qinternet in this process, SeQUeNCe in its
   own, both without imports and set-up) and the end-to-end pairs of each run.

Both whole-process cases also time the stack's floor (``STACK_FLOOR``): a process that
imports numpy, PyYAML and pydantic and validates a one-field model, as every scenario
command must before it reads a file. Its line says how much of a command is qinternet's
own, and ``stack_floor_speedup`` the most that any pydantic-validated run of the link
could reach against SeQUeNCe's whole process.

Before the whole-process cases (1 and 2), qinternet's sources are byte-compiled into
their ``__pycache__`` folders (``compileall``), as an install does (pip compiles a
wheel's modules), so that no case compiles Python on start-up: numpy, pydantic and
SeQUeNCe come compiled by their installs, and ``PYTHONDONTWRITEBYTECODE`` (set in some
environments) would otherwise make every qinternet process compile its own modules from
source. Their JSON lines say ``"bytecode": "compiled"``.

The commands alternate, several times each, and the medians are compared. SeQUeNCe runs
when ``QINTERNET_SEQUENCE_PYTHON`` names a Python that has it, or, with
``QINTERNET_BUILD_PEERS=1``, from an environment this script builds in
``benchmarks/.peers/`` (``pip install sequence==0.8.5``); otherwise its lines say why
they are missing. Prints one JSON line per case.
"""

from __future__ import annotations

import compileall
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

import qinternet
from _peers import PeerPython, peer_python
from bench_chain import chain
from qinternet.physics.devices import Memory
from qinternet.sim.repeater import simulate_chain

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "barrett_kok_link.yaml"
PEER_SCRIPT = Path(__file__).resolve().parent / "peers" / "sequence_line.py"
SEQUENCE_VERSION = "0.8.5"
SEQUENCE_PROBE = "import importlib.metadata as m; print('sequence', m.version('sequence'))"
SIM_TIME_S = 1.0
CHAIN_SIM_TIME_S = 0.2
STARTUP_REPEATS = 7
LINK_REPEATS = 3
CHAIN_REPEATS = 3


STACK_FLOOR = (
    "import os\n"
    "os.environ.setdefault('PYDANTIC_DISABLE_PLUGINS', '__all__')  # as the command line does\n"
    "import numpy, yaml\n"
    "from pydantic import BaseModel, ConfigDict\n"
    "class Floor(BaseModel):\n"
    "    model_config = ConfigDict(extra='forbid', frozen=True)\n"
    "    duration_s: float\n"
    "Floor.model_validate(yaml.safe_load('duration_s: 1.0'))\n"
)
"""The least a scenario command imports and does before it reads its file."""


def _qinternet() -> list[str]:
    return [sys.executable, "-m", "qinternet.cli"]


def byte_compile() -> str:
    """Byte-compile qinternet's sources as an install would; the JSON lines' ``bytecode``."""
    sources = Path(qinternet.__file__).resolve().parent
    if not compileall.compile_dir(sources, quiet=1):
        raise RuntimeError(f"cannot byte-compile {sources}")
    return "compiled"


def _timed(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    return time.perf_counter() - start, done.stdout


def _alternating(commands: dict[str, list[str]], repeats: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():
        _timed(command)  # warm the file cache and numba's
    for _ in range(repeats):
        for name, command in commands.items():
            times[name].append(_timed(command)[0])
    return times


def _sequence_python() -> PeerPython:
    return peer_python(
        "QINTERNET_SEQUENCE_PYTHON",
        f"sequence-{SEQUENCE_VERSION}",
        (f"sequence=={SEQUENCE_VERSION}",),
        SEQUENCE_PROBE,
    )


def startup() -> None:
    bytecode = byte_compile()
    times = _alternating(
        {
            "numpy": [sys.executable, "-c", "import numpy"],
            "help": [*_qinternet(), "--help"],
            "validate": [*_qinternet(), "validate", str(EXAMPLE)],
            "stack_floor": [sys.executable, "-c", STACK_FLOOR],
        },
        STARTUP_REPEATS,
    )
    numpy_s = statistics.median(times["numpy"])
    for case in ("help", "validate", "stack_floor"):
        seconds = statistics.median(times[case])
        line: dict[str, object] = {
            "benchmark": "startup",
            "case": case,
            "seconds": seconds,
            "numpy_import_seconds": numpy_s,
            "times_numpy_import": seconds / numpy_s,
            "bytecode": bytecode,
        }
        if case != "stack_floor":
            line["goal_times_numpy_import"] = 3.0
        print(json.dumps(line))


def link_against_sequence(peer_env: PeerPython) -> None:
    python = peer_env.python
    ours = [*_qinternet(), "run", str(EXAMPLE), "--json", "--duration-s", str(SIM_TIME_S)]
    line: dict[str, object] = {
        "benchmark": "link_whole_process",
        "sim_time_s": SIM_TIME_S,
        "bytecode": byte_compile(),
    }
    if python is None:
        seconds, out = _timed(ours)
        result = json.loads(out)
        line.update({"seconds": seconds, "wall_s_per_sim_s": result["wall_s"] / SIM_TIME_S})
        line["peer"] = peer_env.missing("sequence")
        print(json.dumps(line))
        return
    peer = [python, str(PEER_SCRIPT), "2", str(SIM_TIME_S)]
    floor = [sys.executable, "-c", STACK_FLOOR]
    times: dict[str, list[float]] = {"ours": [], "peer": [], "floor": []}
    inside: dict[str, list[float]] = {"ours": [], "peer": []}
    pairs: dict[str, int] = {}
    for _ in range(LINK_REPEATS):
        for name, command in (("ours", ours), ("peer", peer)):
            seconds, out = _timed(command)
            result = json.loads(out.strip().splitlines()[-1])
            times[name].append(seconds)
            inside[name].append(result["wall_s"] / result["sim_time_s"])
            pairs[name] = result["pairs"]
        times["floor"].append(_timed(floor)[0])
    ours_s, peer_s = statistics.median(times["ours"]), statistics.median(times["peer"])
    floor_s = statistics.median(times["floor"])
    ours_in, peer_in = statistics.median(inside["ours"]), statistics.median(inside["peer"])
    line.update(
        {
            "seconds": ours_s,
            "peer": peer_env.versions,
            "peer_seconds": peer_s,
            "whole_process_speedup": peer_s / ours_s,
            "goal_whole_process_speedup": 50.0,
            "stack_floor_seconds": floor_s,
            "stack_floor_speedup": peer_s / floor_s,
            "wall_s_per_sim_s": ours_in,
            "peer_wall_s_per_sim_s": peer_in,
            "simulation_speedup": peer_in / ours_in,
            "pairs": pairs["ours"],
            "peer_pairs": pairs["peer"],
        }
    )
    print(json.dumps(line))


def _ours_chain(seed: int) -> tuple[float, int]:
    config = chain(9, 10e3, num_channels=10)
    memories = dict.fromkeys(config.nodes, Memory())
    rng = np.random.default_rng(seed)
    start = time.perf_counter()
    stats = simulate_chain(config, memories=memories, rng=rng, duration_s=CHAIN_SIM_TIME_S)
    return (time.perf_counter() - start) / stats.sim_time_s, stats.num_pairs


def chain_against_sequence(peer_env: PeerPython) -> None:
    """The 9-node chain, qinternet and SeQUeNCe alternating; medians and their ratio."""
    _ours_chain(0)  # warm numba's cache and the imports
    line: dict[str, object] = {
        "benchmark": "chain_9_nodes_nested_vs_peer",
        "sim_time_s": CHAIN_SIM_TIME_S,
    }
    inside: dict[str, list[float]] = {"ours": [], "peer": []}
    pairs: dict[str, list[int]] = {"ours": [], "peer": []}
    repeats = CHAIN_REPEATS if peer_env.python is not None else 1
    for repeat in range(1, repeats + 1):
        seconds, num_pairs = _ours_chain(repeat)
        inside["ours"].append(seconds)
        pairs["ours"].append(num_pairs)
        if peer_env.python is None:
            continue
        command = [peer_env.python, str(PEER_SCRIPT), "9", str(CHAIN_SIM_TIME_S), str(repeat)]
        result = json.loads(_timed(command)[1].strip().splitlines()[-1])
        if not result["reserved"]:
            raise RuntimeError(f"SeQUeNCe rejected the chain's reservation: {result}")
        inside["peer"].append(result["wall_s"] / result["sim_time_s"])
        pairs["peer"].append(result["pairs"])
    ours_in = statistics.median(inside["ours"])
    line |= {
        "wall_s_per_sim_s": ours_in,
        "pairs": pairs["ours"],
        "pairs_per_sim_s": sum(pairs["ours"]) / (len(pairs["ours"]) * CHAIN_SIM_TIME_S),
    }
    if peer_env.python is None:
        line["peer"] = peer_env.missing("sequence")
    else:
        peer_in = statistics.median(inside["peer"])
        line |= {
            "peer": peer_env.versions,
            "peer_wall_s_per_sim_s": peer_in,
            "simulation_speedup": peer_in / ours_in,
            "peer_pairs": pairs["peer"],
            "peer_pairs_per_sim_s": sum(pairs["peer"]) / (len(pairs["peer"]) * CHAIN_SIM_TIME_S),
            "repeats": repeats,
        }
    print(json.dumps(line), flush=True)


if __name__ == "__main__":
    startup()
    sequence = _sequence_python()
    link_against_sequence(sequence)
    chain_against_sequence(sequence)
