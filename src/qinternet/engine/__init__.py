"""The simulation clock and classical message passing (SimPy, time in float seconds).

The engine holds no quantum state, no random stream and prints nothing. Protocols are
generator processes: ``yield env.timeout(dt_s)`` to let time pass, ``message = yield
port.get()`` to wait for a classical message.

Examples:
    >>> env = Environment()
    >>> link = ClassicalChannel(env, delay_s=25e-6)
    >>> def receiver(env):
    ...     message = yield link.port.get()
    ...     return (message, env.now)
    >>> link.send("herald")
    >>> process = env.process(receiver(env))
    >>> env.run()
    >>> process.value
    ('herald', 2.5e-05)
"""

from simpy import Environment, Event, Process, Store

from qinternet.engine.channels import ClassicalChannel, ClassicalLink
from qinternet.engine.running import run_in_steps

__all__ = [
    "ClassicalChannel",
    "ClassicalLink",
    "Environment",
    "Event",
    "Process",
    "Store",
    "run_in_steps",
]
