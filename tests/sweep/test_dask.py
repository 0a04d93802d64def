"""Sweeps on a real Dask cluster: a ``dask scheduler`` and two ``dask worker`` processes
on 127.0.0.1, started once for this module and stopped by the fixture's finalizer."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest

from qinternet.cli.main import main
from qinternet.sweep import DaskExecutor, SweepSpec
from qinternet.sweep._testing import ExitOnceEvaluator, echo_point
from qinternet.sweep.run import run_sweep
from qinternet.sweep.store import SweepStore, load_results

SpecFactory = Callable[..., SweepSpec]
StoreFactory = Callable[[Path, SweepSpec], SweepStore]
STARTUP_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0
NUM_WORKERS = 2
NO_DASHBOARD = ["--no-dashboard", "--dashboard-address", "127.0.0.1:0"]
"""No dashboard; its HTTP server (still started) on a free port, not on 8787."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_for_workers(address: str, processes: list[subprocess.Popen[bytes]]) -> None:
    from distributed import Client

    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if any(process.poll() is not None for process in processes):
            raise RuntimeError("a dask process exited during start-up")
        try:
            client = Client(address, timeout=2, set_as_default=False)
        except OSError:
            time.sleep(0.2)
            continue
        try:
            client.wait_for_workers(NUM_WORKERS, timeout=deadline - time.monotonic())
            return
        finally:
            client.close()
    raise TimeoutError(f"no Dask cluster at {address} within {STARTUP_TIMEOUT_S} s")


@pytest.fixture(scope="module")
def scheduler_address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A scheduler and two single-threaded workers (with nannies) on free local ports."""
    folder = tmp_path_factory.mktemp("dask")
    address = f"tcp://127.0.0.1:{free_port()}"
    port = address.rsplit(":", 1)[1]
    dask = [sys.executable, "-m", "dask"]
    log = (folder / "cluster.log").open("wb")
    processes = [
        subprocess.Popen(
            [*dask, "scheduler", "--host", "127.0.0.1", "--port", port, *NO_DASHBOARD],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    ]
    for i in range(NUM_WORKERS):
        command = [*dask, "worker", address, "--nthreads", "1", "--host", "127.0.0.1"]
        command += ["--no-dashboard", "--name", f"w{i}", "--local-directory", str(folder)]
        processes.append(subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT))
    try:
        _wait_for_workers(address, processes)
        yield address
    finally:
        scheduler, workers = processes[0], processes[1:]
        for group in (workers, [scheduler]):  # workers first, while they can say goodbye
            for process in group:
                process.send_signal(signal.SIGTERM)
            for process in group:
                try:
                    process.wait(timeout=STOP_TIMEOUT_S)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=STOP_TIMEOUT_S)
        log.close()


def test_same_results_through_the_scheduler(
    scheduler_address: str,
    tmp_path: Path,
    small_spec: SpecFactory,
    open_store: StoreFactory,
    serial_results: Callable[..., pd.DataFrame],
    comparable: Callable[[pd.DataFrame], pd.DataFrame],
) -> None:
    spec = small_spec("distance_km=1,5,20;nodes.*.memory.t2_s=0.01,0.1")
    reference = comparable(serial_results(tmp_path / "serial", spec))
    with open_store(tmp_path / "dask", spec) as store:
        with DaskExecutor(scheduler=scheduler_address) as executor:
            summary = run_sweep(spec.validated_points(), store, executor)
        frame = comparable(store.load())
    assert summary.num_done == 6
    pd.testing.assert_frame_equal(frame, reference, check_exact=True)


def test_a_worker_that_dies_mid_point_does_not_lose_the_sweep(
    scheduler_address: str, tmp_path: Path, small_spec: SpecFactory, open_store: StoreFactory
) -> None:
    spec = small_spec("distance_km=1,2,3,4")
    marker = tmp_path / "crashed"
    evaluator = ExitOnceEvaluator(str(marker))
    with open_store(tmp_path / "out", spec) as store:
        with DaskExecutor(scheduler=scheduler_address) as executor:
            summary = run_sweep(spec.validated_points(), store, executor, evaluator=evaluator)
        frame = store.load()
    crashed_id = marker.read_text().strip()  # one worker process did die mid-point
    assert (summary.num_done, summary.num_failed) == (4, 0)
    assert frame.set_index("point_id").loc[crashed_id, "status"] == "done"
    assert frame["draw"].tolist() == [echo_point(p)["draw"] for p in spec.points()]


def test_cli_through_the_scheduler(
    scheduler_address: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = Path(__file__).resolve().parents[2] / "examples" / "barrett_kok_link.yaml"
    arguments = ["sweep", str(scenario), "--vary", "distance_km=1,50", "--duration-s", "0.02"]
    assert main([*arguments, "--scheduler", scheduler_address, "--out", str(tmp_path / "d")]) == 0
    assert main([*arguments, "--processes", "2", "--out", str(tmp_path / "l")]) == 0
    assert "2 points: 2 done" in capsys.readouterr().out
    via_dask, local = load_results(tmp_path / "d"), load_results(tmp_path / "l")
    columns = ["distance_km", "pairs", "rate_hz", "fidelity_mean", "seed"]
    pd.testing.assert_frame_equal(via_dask[columns], local[columns], check_exact=True)


def test_local_cluster_from_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = Path(__file__).resolve().parents[2] / "examples" / "barrett_kok_link.yaml"
    sweep = ["sweep", str(scenario), "--vary", "distance_km=1,50", "--duration-s", "0.02"]
    status = main([*sweep, "--workers", "2", "--out", str(tmp_path / "d")])
    assert status == 0, capsys.readouterr().err
    assert load_results(tmp_path / "d")["status"].tolist() == ["done", "done"]
    assert os.listdir(tmp_path / "d")


def test_trivial_points_travel_in_batches_with_the_same_numbers(
    scheduler_address: str, tmp_path: Path, small_spec: SpecFactory, open_store: StoreFactory
) -> None:
    spec = small_spec("distance_km=" + ",".join(str(d) for d in range(1, 201)))
    with open_store(tmp_path / "out", spec) as store:
        with DaskExecutor(scheduler=scheduler_address) as executor:
            summary = run_sweep(spec.validated_points(), store, executor, evaluator=echo_point)
            batch_size = executor.batch_size
        frame = store.load()
    assert summary.num_done == 200
    assert batch_size > 1  # echo points take microseconds: many share one task
    assert frame["draw"].tolist() == [echo_point(p)["draw"] for p in spec.points()]
