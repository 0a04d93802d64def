"""A bad ``--scheduler`` for ``qinternet sweep`` is one line on standard error and status
2, never a traceback or a hang: a scheme other than tcp, an address without a port,
garbage, a host nobody answers for, a closed port, and servers that are not Dask
schedulers. The checks run in-process; the connect timeout (1 s here) bounds each."""

from __future__ import annotations

import contextlib
import io
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from qinternet.cli.main import main
from qinternet.core.errors import ExecutorError, InvalidParameterError
from qinternet.sweep.scheduler import check_scheduler, scheduler_address

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "barrett_kok_link.yaml"
TIMEOUT_S = "1"


def _sweep(tmp_path: Path, *options: str) -> tuple[int, str]:
    argv = ["sweep", str(EXAMPLE), "--vary", "distance_km=1,2", "--duration-s", "0.001"]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main([*argv, "--out", str(tmp_path / "out"), "--quiet", *options])
    return status, err.getvalue()


@pytest.fixture
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@contextlib.contextmanager
def _server(reply: bytes | None) -> Iterator[str]:
    """A local TCP server that sends ``reply`` to each connection (None: stays silent)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held: list[socket.socket] = []

    def serve() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            held.append(connection)
            if reply is not None:
                connection.sendall(reply)
                connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"tcp://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        listener.close()
        for connection in held:
            connection.close()


@pytest.mark.parametrize(
    ("address", "needle"),
    [
        ("tls://host:1", "only tcp://HOST:PORT is supported (TLS needs certificates"),
        ("ucx://10.0.0.1:8786", "only tcp://HOST:PORT is supported (not 'ucx')"),
        ("tcp://127.0.0.1", "must be tcp://HOST:PORT, port 1-65535"),
        ("localhost", "must be tcp://HOST:PORT"),
        ("garbage", "must be tcp://HOST:PORT"),
        ("", "must be tcp://HOST:PORT"),
        ("tcp://:8786", "must be tcp://HOST:PORT"),
        ("tcp://host:99999", "must be tcp://HOST:PORT, port 1-65535"),
        ("tcp://[::1:5", "must be tcp://HOST:PORT"),
        ("tcp://10.255.255.1:8786", "scheduler tcp://10.255.255.1:8786: no answer within 1 s"),
        ("tcp://host.invalid:8786", "scheduler tcp://host.invalid:8786: no answer within 1 s"),
    ],
)
def test_a_bad_scheduler_is_one_line_and_status_2(
    tmp_path: Path, address: str, needle: str
) -> None:
    status, err = _sweep(tmp_path, "--scheduler", address, "--connect-timeout-s", TIMEOUT_S)
    assert status == 2
    assert err.startswith("qinternet sweep: error: ")
    assert err.count("\n") == 1
    assert needle in err


def test_a_closed_port_is_one_line_naming_it(tmp_path: Path, free_port: int) -> None:
    address = f"tcp://127.0.0.1:{free_port}"
    status, err = _sweep(tmp_path, "--scheduler", address, "--connect-timeout-s", TIMEOUT_S)
    assert status == 2
    assert err.count("\n") == 1
    assert f"scheduler {address}: no answer within 1 s; ConnectionRefusedError" in err


@pytest.mark.parametrize("timeout", ["0", "-1", "nan", "inf"])
def test_a_connect_timeout_must_be_finite_and_positive(tmp_path: Path, timeout: str) -> None:
    status, err = _sweep(
        tmp_path, "--scheduler", "tcp://127.0.0.1:1", "--connect-timeout-s", timeout
    )
    assert status == 2
    assert err.startswith("qinternet sweep: error: --connect-timeout-s=")
    assert err.count("\n") == 1


def test_a_server_speaking_another_protocol_is_not_a_scheduler() -> None:
    reply = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
    refusal = pytest.raises(ExecutorError, match="something answers, but not a Dask scheduler")
    with _server(reply) as address, refusal:
        check_scheduler(address, 1.0)


def test_a_server_that_never_answers_is_refused_within_the_timeout() -> None:
    refusal = pytest.raises(ExecutorError, match="accepts connections but does not answer")
    with _server(None) as address, refusal:
        check_scheduler(address, 0.5)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("tcp://10.0.0.5:8786", "tcp://10.0.0.5:8786"),
        ("10.0.0.5:8786", "tcp://10.0.0.5:8786"),
        (" tcp://node-3.cluster:1 ", "tcp://node-3.cluster:1"),
        ("tcp://[::1]:65535", "tcp://[::1]:65535"),
    ],
)
def test_scheduler_addresses_that_are_accepted(text: str, address: str) -> None:
    assert scheduler_address(text) == address


def test_a_scheduler_address_error_names_the_field() -> None:
    with pytest.raises(InvalidParameterError) as caught:
        scheduler_address("tcp://host:0")
    assert (caught.value.name, caught.value.value) == ("scheduler", "tcp://host:0")


@pytest.mark.parametrize(
    ("options", "where"),
    [
        (["--vary", "distance_km=1,2", "--duration-s", "inf"], "distance_km=1"),
        (["--vary", "duration_s=0.001,inf"], "duration_s=inf"),
    ],
)
def test_a_sweep_that_would_not_end_is_refused_before_it_starts(
    tmp_path: Path, options: list[str], where: str
) -> None:
    out, err = io.StringIO(), io.StringIO()
    argv = ["sweep", str(EXAMPLE), *options, "--out", str(tmp_path / "out"), "--processes", "1"]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    assert status == 2
    assert err.getvalue() == (
        f"qinternet sweep: error: duration_s=inf: a point that would not end (at {where}); "
        "give a finite one\n"
    )
    assert not (tmp_path / "out").exists()
