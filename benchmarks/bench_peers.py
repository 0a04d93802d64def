"""Benchmark: start-up and whole processes, qinternet against SeQUeNCe in the same run.

1. Start-up: ``qinternet --help`` and ``qinternet validate examples/barrett_kok_link.yaml``
   as whole processes, against ``python -c "import numpy"`` (goal: within 3x).
2. The 10 km Barrett-Kok link (``examples/barrett_kok_link.yaml``, 1 s simulated):
   ``qinternet run`` as a whole process against SeQUeNCe 0.8.5 running the same link
   (``peers/sequence_link.py``) as a whole process (goal: 50x), and the simulation alone
   in wall seconds per simulated second.

The commands alternate, several times each, and the medians are compared. SeQUeNCe runs
when ``QINTERNET_SEQUENCE_PYTHON`` names a Python that has it, or, with
``QINTERNET_BUILD_PEERS=1``, from an environment this script builds in
``benchmarks/.peers/`` (``pip install sequence==0.8.5``); otherwise its lines say why
they are missing. Prints one JSON line per case.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "barrett_kok_link.yaml"
PEER_SCRIPT = Path(__file__).resolve().parent / "peers" / "sequence_link.py"
PEER_FOLDER = Path(__file__).resolve().parent / ".peers" / "sequence-0.8.5"
SEQUENCE_VERSION = "0.8.5"
SIM_TIME_S = 1.0
STARTUP_REPEATS = 7
LINK_REPEATS = 3


def _qinternet() -> list[str]:
    return [sys.executable, "-m", "qinternet.cli"]


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


def _sequence_python() -> tuple[str | None, str]:
    given = os.environ.get("QINTERNET_SEQUENCE_PYTHON")
    if given:
        return given, "QINTERNET_SEQUENCE_PYTHON"
    if os.environ.get("QINTERNET_BUILD_PEERS") != "1":
        return None, "set QINTERNET_SEQUENCE_PYTHON or QINTERNET_BUILD_PEERS=1"
    python = PEER_FOLDER / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEER_FOLDER)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", f"sequence=={SEQUENCE_VERSION}"],
            check=True,
        )
    return str(python), str(PEER_FOLDER)


def startup() -> None:
    times = _alternating(
        {
            "numpy": [sys.executable, "-c", "import numpy"],
            "help": [*_qinternet(), "--help"],
            "validate": [*_qinternet(), "validate", str(EXAMPLE)],
        },
        STARTUP_REPEATS,
    )
    numpy_s = statistics.median(times["numpy"])
    for case in ("help", "validate"):
        seconds = statistics.median(times[case])
        line = {
            "benchmark": "startup",
            "case": case,
            "seconds": seconds,
            "numpy_import_seconds": numpy_s,
            "times_numpy_import": seconds / numpy_s,
            "goal_times_numpy_import": 3.0,
        }
        print(json.dumps(line))


def link_against_sequence() -> None:
    python, where = _sequence_python()
    ours = [*_qinternet(), "run", str(EXAMPLE), "--json", "--duration-s", str(SIM_TIME_S)]
    line: dict[str, object] = {"benchmark": "link_whole_process", "sim_time_s": SIM_TIME_S}
    if python is None:
        seconds, out = _timed(ours)
        result = json.loads(out)
        line.update({"seconds": seconds, "wall_s_per_sim_s": result["wall_s"] / SIM_TIME_S})
        line["peer"] = f"sequence: not run ({where})"
        print(json.dumps(line))
        return
    peer = [python, str(PEER_SCRIPT), str(SIM_TIME_S)]
    times: dict[str, list[float]] = {"ours": [], "peer": []}
    inside: dict[str, list[float]] = {"ours": [], "peer": []}
    pairs: dict[str, int] = {}
    for _ in range(LINK_REPEATS):
        for name, command in (("ours", ours), ("peer", peer)):
            seconds, out = _timed(command)
            result = json.loads(out.strip().splitlines()[-1])
            times[name].append(seconds)
            inside[name].append(result["wall_s"] / result["sim_time_s"])
            pairs[name] = result["pairs"]
    ours_s, peer_s = statistics.median(times["ours"]), statistics.median(times["peer"])
    ours_in, peer_in = statistics.median(inside["ours"]), statistics.median(inside["peer"])
    line.update(
        {
            "seconds": ours_s,
            "peer": f"sequence {SEQUENCE_VERSION}",
            "peer_seconds": peer_s,
            "whole_process_speedup": peer_s / ours_s,
            "goal_whole_process_speedup": 50.0,
            "wall_s_per_sim_s": ours_in,
            "peer_wall_s_per_sim_s": peer_in,
            "simulation_speedup": peer_in / ours_in,
            "pairs": pairs["ours"],
            "peer_pairs": pairs["peer"],
        }
    )
    print(json.dumps(line))


if __name__ == "__main__":
    startup()
    link_against_sequence()
