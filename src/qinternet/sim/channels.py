"""Classical channels: messages that arrive after the fibre's propagation delay.

A message costs one scheduled event, not a process: ``send`` schedules a timeout whose
callback puts the message into the receiving port (a ``simpy.Store``), so thousands of
messages in flight cost no more than thousands of timeouts.
"""

from __future__ import annotations

import math
from typing import Any

import simpy

from qinternet.core.errors import InvalidParameterError


class ClassicalChannel:
    """A one-way classical channel with a fixed delay.

    Args:
        env: the simulation environment.
        delay_s: propagation delay in seconds (>= 0), e.g. length / (2e8 m/s) in fibre.
        name: a label for error messages and traces.

    Raises:
        InvalidParameterError: if ``delay_s`` is negative, NaN or infinite.
    """

    def __init__(self, env: simpy.Environment, delay_s: float, *, name: str = "") -> None:
        if not math.isfinite(delay_s) or delay_s < 0:
            raise InvalidParameterError("delay_s", delay_s, "must be a finite number >= 0")
        self.env = env
        self.delay_s = float(delay_s)
        self.name = name
        self.port = simpy.Store(env)
        self.num_sent = 0

    def send(self, message: Any) -> None:
        """Send ``message``; it reaches :attr:`port` ``delay_s`` seconds from now."""
        self.num_sent += 1
        arrival = self.env.timeout(self.delay_s, value=message)
        arrival.callbacks.append(self._deliver)

    def _deliver(self, event: simpy.Event) -> None:
        self.port.put(event.value)

    def __repr__(self) -> str:
        return f"ClassicalChannel({self.name!r}, delay_s={self.delay_s:g})"


class ClassicalLink:
    """Two classical channels, one each way, between endpoints ``a`` and ``b``.

    Examples:
        >>> env = simpy.Environment()
        >>> link = ClassicalLink(env, delay_s=1e-3, a="A", b="B")
        >>> link.channel_to("B").delay_s
        0.001
    """

    def __init__(self, env: simpy.Environment, delay_s: float, *, a: str, b: str) -> None:
        if a == b:
            raise InvalidParameterError("b", b, "a link needs two different endpoints")
        self._channels = {
            b: ClassicalChannel(env, delay_s, name=f"{a}->{b}"),
            a: ClassicalChannel(env, delay_s, name=f"{b}->{a}"),
        }

    def channel_to(self, receiver: str) -> ClassicalChannel:
        """The channel whose messages arrive at ``receiver``.

        Raises:
            InvalidParameterError: if ``receiver`` is not an endpoint of this link.
        """
        try:
            return self._channels[receiver]
        except KeyError:
            raise InvalidParameterError(
                "receiver", receiver, f"is not an endpoint of this link {sorted(self._channels)}"
            ) from None
