"""Is there a Dask scheduler at this address? Its form first, then whether it answers.

:func:`scheduler_address` accepts ``tcp://HOST:PORT`` (or ``HOST:PORT``) and nothing else,
before any work; :func:`check_scheduler` then asks, within a time limit, for a TCP
connection and for Dask's ``identity`` answer, so that whatever else is at the address
(nothing, a closed port, a firewall that drops packets, a server speaking another
protocol) becomes one :class:`~qinternet.core.errors.ExecutorError`.

Examples:
    >>> scheduler_address("127.0.0.1:8786")
    'tcp://127.0.0.1:8786'
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from typing import Any

from qinternet.core.errors import ExecutorError, InvalidParameterError

__all__ = ["check_scheduler", "scheduler_address"]

_ADDRESS_FORM = "tcp://HOST:PORT"


def scheduler_address(text: str) -> str:
    """``text`` as ``tcp://HOST:PORT`` (``HOST:PORT`` means tcp; IPv6 hosts in brackets).

    Raises:
        InvalidParameterError: naming ``scheduler``, for another scheme, no host, or a
            port that is missing or not in 1..65535.
    """
    scheme, sep, rest = text.strip().rpartition("://")
    if sep and scheme != "tcp":
        reason = "TLS needs certificates the sweep does not take" if scheme == "tls" else ""
        reason = reason or f"not {scheme!r}"
        raise InvalidParameterError(
            "scheduler", text, f"only {_ADDRESS_FORM} is supported ({reason})"
        )
    host, colon, port = rest.rpartition(":")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    valid_host = bool(host) and not any(c.isspace() or c in "/[]@?#" for c in host)
    if not colon or not valid_host or not port.isdigit() or not 0 < int(port) < 2**16:
        raise InvalidParameterError("scheduler", text, f"must be {_ADDRESS_FORM}, port 1-65535")
    return f"tcp://[{host}]:{port}" if ":" in host else f"tcp://{host}:{port}"


async def _identity(address: str, timeout_s: float) -> Any:
    """What the server at ``address`` answers to Dask's ``identity`` request."""
    from distributed.comm import connect

    comm = await connect(address, timeout=timeout_s)
    try:
        await comm.write({"op": "identity", "reply": True})
        return await comm.read()
    finally:
        comm.abort()


def _first_line(error: BaseException) -> str:
    text = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


_UNREACHABLE = "is it running, and is the address reachable from here?"


def check_scheduler(address: str, timeout_s: float) -> None:
    """Check, in ``timeout_s`` at most, that a Dask scheduler answers at ``address``.

    First a plain TCP connection (a refused one fails at once), then Dask's ``identity``
    request, whose answer must come from a scheduler. Both run in a daemon thread with
    an event loop of its own, so the check neither needs nor disturbs the caller's loop,
    and a name lookup or a server that never answers is simply left behind.

    Raises:
        ExecutorError: naming the address and what went wrong.
    """
    host, port = address.removeprefix("tcp://").rsplit(":", 1)
    deadline = time.monotonic() + timeout_s
    state: dict[str, Any] = {"stage": "connect"}

    def ask() -> None:
        try:
            with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout_s):
                pass
            state["stage"] = "identity"
            remaining = max(deadline - time.monotonic(), 1e-3)
            state["reply"] = asyncio.run(asyncio.wait_for(_identity(address, remaining), remaining))
        except BaseException as error:  # a stranger at the address may cause anything
            state["error"] = error

    thread = threading.Thread(target=ask, name="qinternet-scheduler-probe", daemon=True)
    thread.start()
    thread.join(max(deadline - time.monotonic(), 0.0) + 0.2)
    reply, error = state.get("reply"), state.get("error")
    if isinstance(reply, dict) and reply.get("type") == "Scheduler":
        return
    timed_out = thread.is_alive() or isinstance(error, TimeoutError)
    if state["stage"] == "connect":
        detail = (
            _UNREACHABLE if timed_out or error is None else f"{_first_line(error)}; {_UNREACHABLE}"
        )
    elif timed_out:
        detail = "it accepts connections but does not answer as a Dask scheduler"
    else:
        found = _first_line(error) if error is not None else f"answered {type(reply).__name__}"
        detail = f"something answers, but not a Dask scheduler ({found})"
    raise ExecutorError(f"scheduler {address}: no answer within {timeout_s:g} s; {detail}")
