"""Networks: scenario files, the nodes and links they describe, and running them.

``run_scenario(load_scenario(path))`` is what ``qinternet run PATH`` does; see
:mod:`qinternet.network.run` for a runnable example. Topologies (line, star, grid, any
networkx graph) live in :mod:`.topology`, path choice in :mod:`.routing`, requests for
end-to-end pairs (routes as repeater chains sharing memories) in :mod:`.requests`, and
their joint simulation in :mod:`qinternet.sim.requests`.
"""

from qinternet.network.build import BuiltScenario, NodeHardware, build_scenario
from qinternet.network.ghz import GhzResult
from qinternet.network.graph import GraphResult
from qinternet.network.linked import LinkedProcessorsResult
from qinternet.network.requests import RequestPlan
from qinternet.network.routing import Route, Routing, find_route
from qinternet.network.run import (
    AnyResult,
    ChainResult,
    LinkResult,
    NetworkResult,
    RequestResult,
    ScenarioResult,
    run_built,
    run_scenario,
)
from qinternet.network.scenario import Scenario, load_scenario, parse_scenario
from qinternet.network.sequence_json import load_sequence_topology, scenario_from_sequence
from qinternet.network.topology import grid, line, network_graph, scenario_data, star
from qinternet.sim.monitor import DeliveryStatistics
from qinternet.sim.requests import simulate_requests

__all__ = [
    "AnyResult",
    "BuiltScenario",
    "ChainResult",
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
