"""``qinternet sweep``: resume after SIGKILL, one-line errors with status 2 on bad input."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psutil
import pytest

from qinternet.cli.main import main
from qinternet.sweep.store import STORE_FILENAME, load_results

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "barrett_kok_link.yaml"
POLL_S = 0.05
BOUND_S = 90.0
NUM_POINTS = 8
CHAIN = EXAMPLE.with_name("barrett_kok_chain_9_nodes.yaml")
SLOW_SWEEP = [  # points of a few tenths of a second, so a kill can fall between them: the
    # swap-as-soon-as-possible policy runs as events (links and nested chains take
    # batch routes that finish a point in milliseconds)
    "sweep",
    str(CHAIN),
    "--vary",
    f"distance_km=1:8:{NUM_POINTS}",
    "--set",
    "protocol.policy=asap",
    "--duration-s",
    "0.25",
    "--processes",
    "1",
]


def _stored(folder: Path) -> int:
    path = folder / STORE_FILENAME
    if not path.exists():
        return 0
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        return int(connection.execute("SELECT COUNT(*) FROM points").fetchone()[0])
    except sqlite3.OperationalError:  # the schema is not written yet
        return 0
    finally:
        connection.close()


def _one_line_error(capsys: pytest.CaptureFixture[str], argv: list[str], *needles: str) -> str:
    assert main(argv) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("qinternet sweep: error: ")
    for needle in needles:
        assert needle in lines[0]
    return lines[0]


def test_sigkill_then_resume_gives_every_point_once(tmp_path: Path) -> None:
    out = tmp_path / "killed"
    command = [sys.executable, "-m", "qinternet.cli", *SLOW_SWEEP, "--out", str(out)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + BOUND_S
        while _stored(out) < 2 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(POLL_S)
        workers = psutil.Process(process.pid).children(recursive=True)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=BOUND_S)
    finally:
        if process.poll() is None:
            process.kill()
        assert process.stderr is not None
        process.stderr.close()
    stored_at_kill = _stored(out)
    assert 2 <= stored_at_kill < NUM_POINTS, "kill the sweep part-way"
    _, alive = psutil.wait_procs(workers, timeout=10)
    assert alive == []  # the killed sweep's worker processes exit too

    resumed = subprocess.run(
        [*command[:3], *SLOW_SWEEP, "--processes", "2", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=BOUND_S,
        check=False,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert f"({stored_at_kill} already stored)" in resumed.stdout

    whole = tmp_path / "whole"
    assert main([*SLOW_SWEEP, "--processes", "2", "--out", str(whole)]) == 0
    with sqlite3.connect(out / STORE_FILENAME) as connection:
        total, distinct = connection.execute(
            "SELECT COUNT(*), COUNT(DISTINCT point_id) FROM points"
        ).fetchone()
    connection.close()
    assert total == distinct == NUM_POINTS
    columns = ["distance_km", "point_id", "seed", "status", "pairs", "rate_hz", "fidelity_mean"]
    pd.testing.assert_frame_equal(
        load_results(out)[columns], load_results(whole)[columns], check_exact=True
    )
    assert pd.read_parquet(out / "results.parquet")["point_id"].is_unique


def test_resume_of_a_finished_sweep_runs_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["sweep", str(EXAMPLE), "--vary", "distance_km=1,2", "--duration-s", "0.02"]
    argv += ["--processes", "1", "--out", str(tmp_path)]
    assert main(argv) == 0
    assert main(argv) == 0
    assert "2 points: 2 done (2 already stored), 0 failed" in capsys.readouterr().out
    assert {"results.parquet", "results.csv", STORE_FILENAME} <= set(os.listdir(tmp_path))


def test_different_sweep_refused_unless_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["sweep", str(EXAMPLE), "--vary", "distance_km=1", "--duration-s", "0.02"]
    argv += ["--processes", "1", "--out", str(tmp_path)]
    assert main(argv) == 0
    capsys.readouterr()
    line = _one_line_error(capsys, [*argv, "--seed", "99"], "holds a different sweep", "--force")
    assert str(tmp_path) in line
    assert main([*argv, "--seed", "99", "--force"]) == 0
    assert load_results(tmp_path)["seed"].nunique() == 1


@pytest.mark.parametrize(
    ("vary", "needles"),
    [
        ("links.0.lenght_m=1,2", ("links[0].lenght_m: unknown key", "did you mean 'length_m'")),
        ("links.3.length_m=1,2", ("links.3.length_m='3': index out of range",)),
        ("nodes.*.memory.t3_s=1", ("t3_s: unknown key",)),
        ("distance_km=1:10:0", ("distance_km='1:10:0': empty range",)),
        ("distance_km=", ("no values",)),
        ("distance_km=10:1:5", ("reversed range", "write 1:10:5")),
        ("distance_km", ("expected PATH=VALUES",)),
    ],
)
def test_bad_axes_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], vary: str, needles: tuple[str, ...]
) -> None:
    argv = ["sweep", str(EXAMPLE), "--vary", vary, "--out", str(tmp_path / "out")]
    _one_line_error(capsys, argv, *needles)
    assert not (tmp_path / "out").exists()  # nothing created for a bad sweep


def test_zip_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["sweep", str(EXAMPLE), "--out", str(tmp_path)]
    _one_line_error(capsys, [*base, "--zip", "distance_km=1,2"], "needs a --vary before it")
    _one_line_error(
        capsys,
        [*base, "--vary", "distance_km=1,2", "--zip", "links.0.attenuation_db_per_km=0.2"],
        "zipped axes differ in length",
    )


def test_unreachable_scheduler_is_a_one_line_error_within_10_s(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    argv = ["sweep", str(EXAMPLE), "--vary", "distance_km=1", "--out", str(tmp_path)]
    start = time.monotonic()
    line = _one_line_error(
        capsys, [*argv, "--scheduler", f"tcp://127.0.0.1:{port}"], "no answer within 5 s"
    )
    assert time.monotonic() - start < 10.0
    assert f"tcp://127.0.0.1:{port}" in line


def test_failed_points_give_status_1_and_are_stored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Only the first point is built before running; a later impossible one fails when run.
    argv = ["sweep", str(EXAMPLE), "--vary", "nodes.*.memory.t2_s=1,3", "--duration-s", "0.02"]
    argv += ["--set", "nodes.*.memory.t1_s=1", "--processes", "1", "--out", str(tmp_path)]
    assert main(argv) == 1
    assert "1 failed" in capsys.readouterr().out
    frame = load_results(tmp_path).set_index("nodes.*.memory.t2_s")
    assert frame.loc[1, "status"] == "done"
    assert frame.loc[3, "status"] == "failed"
    assert "t2_s" in frame.loc[3, "error"]
    assert frame.loc[3, "attempts"] == 1  # a scenario error is not retried
