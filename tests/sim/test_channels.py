"""Classical channels deliver every message once, in order, after exactly the delay."""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import Any

import pytest
import simpy

from qinternet.core.errors import InvalidParameterError
from qinternet.sim import ClassicalChannel, ClassicalLink, run_in_steps


def test_messages_arrive_after_delay_in_order() -> None:
    env = simpy.Environment()
    channel = ClassicalChannel(env, delay_s=0.5)
    received: list[tuple[float, Any]] = []

    def sender(env: simpy.Environment) -> Generator[simpy.Event, Any, None]:
        for k in range(3):
            channel.send(k)
            yield env.timeout(0.1)

    def receiver(env: simpy.Environment) -> Generator[simpy.Event, Any, None]:
        while True:
            message = yield channel.port.get()
            received.append((env.now, message))

    env.process(sender(env))
    env.process(receiver(env))
    env.run(until=10)
    assert [m for _, m in received] == [0, 1, 2]
    assert [t for t, _ in received] == pytest.approx([0.5, 0.6, 0.7], abs=1e-15)
    assert channel.num_sent == 3


def test_link_has_one_channel_each_way() -> None:
    env = simpy.Environment()
    link = ClassicalLink(env, delay_s=1e-3, a="A", b="B")
    link.channel_to("B").send("to B")
    env.run()
    assert link.channel_to("B").port.items == ["to B"]
    assert link.channel_to("A").port.items == []
    with pytest.raises(InvalidParameterError, match="receiver='C'"):
        link.channel_to("C")


@pytest.mark.parametrize("delay_s", [-1e-9, math.nan, math.inf])
def test_bad_delay(delay_s: float) -> None:
    with pytest.raises(InvalidParameterError, match="delay_s="):
        ClassicalChannel(simpy.Environment(), delay_s)


def test_run_in_steps_stops_early() -> None:
    env = simpy.Environment()
    reached = run_in_steps(env, until_s=10.0, num_steps=10, on_step=lambda now_s: now_s >= 3.0)
    assert reached == pytest.approx(3.0)


def test_run_in_steps_rejects_past_time() -> None:
    env = simpy.Environment()
    with pytest.raises(InvalidParameterError, match=r"until_s=0\.0"):
        run_in_steps(env, until_s=0.0)
    with pytest.raises(InvalidParameterError, match="num_steps=0"):
        run_in_steps(env, until_s=1.0, num_steps=0)
