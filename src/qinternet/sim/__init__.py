"""Simulation: the only package where simulated time passes (SimPy, float seconds).

Every process lives here: memory slots with lazy, exact noise (:mod:`.storage`), link
generation (:mod:`.link_process`), the one record of a delivered pair
(:mod:`.records`) and the one monitor turning records into statistics (:mod:`.monitor`), deterministic delivery (:mod:`.delivery_process`),
GHZ states fused at a hub (:mod:`.ghz`), repeater chains (:mod:`.chain`, with the nested and swap-as-soon-as-possible policies
in :mod:`.repeater` and :mod:`.repeater_asap`), several requests over one network on
one clock (:mod:`.requests`), classical messages (:mod:`.channels`) and running in
steps (:mod:`.running`). The physics these processes sample is clock-free and lives in
:mod:`qinternet.physics`. Simulation imports physics, analysis, noise, states, optics
and core, never network, sweep or cli.

Protocols are generator processes: ``yield env.timeout(dt_s)`` to let time pass,
``message = yield port.get()`` to wait for a classical message.

Examples:
    >>> from qinternet.sim import ClassicalChannel, Environment
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

from __future__ import annotations

from typing import TYPE_CHECKING

from qinternet.core.lazy import lazy_exports

if TYPE_CHECKING:  # what the lazy names are, for type checkers
    from simpy import Environment, Event, Process, Store

    from qinternet.sim.chain import ChainConfig, SwapPolicy
    from qinternet.sim.channels import ClassicalChannel, ClassicalLink
    from qinternet.sim.delivery_process import simulate_delivery
    from qinternet.sim.ghz import GhzConfig, GhzStatistics, simulate_ghz
    from qinternet.sim.link_process import (
        HeraldedLinkConfig,
        simulate_link,
        simulate_links,
    )
    from qinternet.sim.monitor import DeliveryMonitor, DeliveryStatistics, delivery_statistics
    from qinternet.sim.records import DeliveredPair
    from qinternet.sim.repeater import simulate_chain
    from qinternet.sim.running import run_in_steps
    from qinternet.sim.storage import PairStorage, QuantumStorage, SlotId
    from qinternet.sim.w_states import WConfig, WStatistics, simulate_w

_HOMES = {
    "ChainConfig": "qinternet.sim.chain",
    "SwapPolicy": "qinternet.sim.chain",
    "ClassicalChannel": "qinternet.sim.channels",
    "ClassicalLink": "qinternet.sim.channels",
    "simulate_delivery": "qinternet.sim.delivery_process",
    "GhzConfig": "qinternet.sim.ghz",
    "GhzStatistics": "qinternet.sim.ghz",
    "simulate_ghz": "qinternet.sim.ghz",
    "HeraldedLinkConfig": "qinternet.sim.link_process",
    "simulate_link": "qinternet.sim.link_process",
    "simulate_links": "qinternet.sim.link_process",
    "DeliveryMonitor": "qinternet.sim.monitor",
    "DeliveryStatistics": "qinternet.sim.monitor",
    "delivery_statistics": "qinternet.sim.monitor",
    "DeliveredPair": "qinternet.sim.records",
    "simulate_chain": "qinternet.sim.repeater",
    "run_in_steps": "qinternet.sim.running",
    "PairStorage": "qinternet.sim.storage",
    "QuantumStorage": "qinternet.sim.storage",
    "SlotId": "qinternet.sim.storage",
    "WConfig": "qinternet.sim.w_states",
    "WStatistics": "qinternet.sim.w_states",
    "simulate_w": "qinternet.sim.w_states",
    "Environment": "simpy",
    "Event": "simpy",
    "Process": "simpy",
    "Store": "simpy",
}
"""Each public name and the module that defines it (imported on first use: building a
scenario's link configurations loads no process)."""

__all__ = [
    "ChainConfig",
    "ClassicalChannel",
    "ClassicalLink",
    "DeliveredPair",
    "DeliveryMonitor",
    "DeliveryStatistics",
    "Environment",
    "Event",
    "GhzConfig",
    "GhzStatistics",
    "HeraldedLinkConfig",
    "PairStorage",
    "Process",
    "QuantumStorage",
    "SlotId",
    "Store",
    "SwapPolicy",
    "WConfig",
    "WStatistics",
    "delivery_statistics",
    "run_in_steps",
    "simulate_chain",
    "simulate_delivery",
    "simulate_ghz",
    "simulate_link",
    "simulate_links",
    "simulate_w",
]


__getattr__, __dir__ = lazy_exports(globals(), _HOMES, __all__)
