"""Networks: scenario files, the nodes and links they describe, and running them.

``run_scenario(load_scenario(path))`` is what ``qinternet run PATH`` does; see
:mod:`qinternet.network.run` for a runnable example.
"""

from qinternet.network.build import BuiltScenario, NodeHardware, build_scenario
from qinternet.network.run import (
    ChainResult,
    LinkResult,
    ScenarioResult,
    run_built,
    run_scenario,
)
from qinternet.network.scenario import Scenario, load_scenario, parse_scenario

__all__ = [
    "BuiltScenario",
    "ChainResult",
    "LinkResult",
    "NodeHardware",
    "Scenario",
    "ScenarioResult",
    "build_scenario",
    "load_scenario",
    "parse_scenario",
    "run_built",
    "run_scenario",
]
