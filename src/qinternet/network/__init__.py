"""Networks: scenario files, the nodes and links they describe, and running them.

``run_scenario(load_scenario(path))`` is what ``qinternet run PATH`` does; see
:mod:`qinternet.network.run` for a runnable example. Topologies (line, star, grid, any
networkx graph) live in :mod:`.topology`, path choice in :mod:`.routing`, requests for
end-to-end pairs (routes as repeater chains sharing memories) in :mod:`.requests`, and
their joint simulation in :mod:`qinternet.sim.requests`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# Every scenario module needs numpy. Loaded here, before the scenario's own import chain
# (pydantic, then the specs several modules deep) reaches it, numpy's import takes about
# 35 ms less: `qinternet validate` of a link 0.20 s instead of 0.236 s (paired runs on a
# 2-core machine, benchmarks/bench_peers.py). The time goes to numpy's typing modules;
# why their import is slower deep in that chain was not isolated.
import numpy  # noqa: F401

from qinternet.core.lazy import lazy_exports

if TYPE_CHECKING:  # what the lazy names are, for type checkers
    from qinternet.network.build import BuiltScenario, NodeHardware, build_scenario
    from qinternet.network.delivery import DeliveryResult
    from qinternet.network.ghz import GhzResult
    from qinternet.network.graph import GraphResult
    from qinternet.network.linked import ChainApplicationResult, LinkedProcessorsResult
    from qinternet.network.requests import RequestPlan
    from qinternet.network.results import (
        ChainResult,
        LinkResult,
        NetworkResult,
        RequestResult,
        ScenarioResult,
    )
    from qinternet.network.routing import Route, Routing, find_route
    from qinternet.network.run import AnyResult, run_built, run_scenario
    from qinternet.network.scenario import Scenario, load_scenario, parse_scenario
    from qinternet.network.sequence_json import load_sequence_topology, scenario_from_sequence
    from qinternet.network.topology import grid, line, network_graph, scenario_data, star
    from qinternet.network.w_states import WResult
    from qinternet.sim.monitor import DeliveryStatistics
    from qinternet.sim.requests import simulate_requests

_HOMES = {
    "BuiltScenario": "qinternet.network.build",
    "NodeHardware": "qinternet.network.build",
    "build_scenario": "qinternet.network.build",
    "DeliveryResult": "qinternet.network.delivery",
    "GhzResult": "qinternet.network.ghz",
    "GraphResult": "qinternet.network.graph",
    "WResult": "qinternet.network.w_states",
    "ChainApplicationResult": "qinternet.network.linked",
    "LinkedProcessorsResult": "qinternet.network.linked",
    "RequestPlan": "qinternet.network.requests",
    "Route": "qinternet.network.routing",
    "Routing": "qinternet.network.routing",
    "find_route": "qinternet.network.routing",
    "AnyResult": "qinternet.network.run",
    "ChainResult": "qinternet.network.results",
    "LinkResult": "qinternet.network.results",
    "NetworkResult": "qinternet.network.results",
    "RequestResult": "qinternet.network.results",
    "ScenarioResult": "qinternet.network.results",
    "run_built": "qinternet.network.run",
    "run_scenario": "qinternet.network.run",
    "Scenario": "qinternet.network.scenario",
    "load_scenario": "qinternet.network.scenario",
    "parse_scenario": "qinternet.network.scenario",
    "load_sequence_topology": "qinternet.network.sequence_json",
    "scenario_from_sequence": "qinternet.network.sequence_json",
    "grid": "qinternet.network.topology",
    "line": "qinternet.network.topology",
    "network_graph": "qinternet.network.topology",
    "scenario_data": "qinternet.network.topology",
    "star": "qinternet.network.topology",
    "DeliveryStatistics": "qinternet.sim.monitor",
    "simulate_requests": "qinternet.sim.requests",
}
"""Each public name and the module that defines it (imported on first use, so a command
loads only the modules it needs)."""

__all__ = [
    "AnyResult",
    "BuiltScenario",
    "ChainApplicationResult",
    "ChainResult",
    "DeliveryResult",
    "DeliveryStatistics",
    "GhzResult",
    "GraphResult",
    "LinkResult",
    "LinkedProcessorsResult",
    "NetworkResult",
    "NodeHardware",
    "RequestPlan",
    "RequestResult",
    "Route",
    "Routing",
    "Scenario",
    "ScenarioResult",
    "WResult",
    "build_scenario",
    "find_route",
    "grid",
    "line",
    "load_scenario",
    "load_sequence_topology",
    "network_graph",
    "parse_scenario",
    "run_built",
    "run_scenario",
    "scenario_data",
    "scenario_from_sequence",
    "simulate_requests",
    "star",
]


__getattr__, __dir__ = lazy_exports(globals(), _HOMES, __all__)
