"""qinternet: a simulator of the quantum internet.

Quantum states and noise, linear optics, heralded links, repeaters and networks,
checked against published experiments. See ``README.md`` and ``docs/DESIGN.md``.

The names below are the front door: the dozen a user starts from (load and run a
scenario, platform presets, the state types and their measures, the base error).
Each is imported from its module on first use, so ``import qinternet`` itself imports
no numerical library; everything else lives in the subpackages.

Examples:
    >>> import qinternet
    >>> round(qinternet.fidelity(qinternet.werner(0.9), qinternet.bell_state("phi+")), 12)
    0.9
    >>> qinternet.preset("nv_centre").reported_value("entangling_rate_hz")
    39.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qinternet.core.lazy import lazy_exports

if TYPE_CHECKING:  # what the lazy names are, for type checkers and IDEs
    from qinternet.core.errors import QinternetError
    from qinternet.network.run import run_scenario
    from qinternet.network.scenario import load_scenario, parse_scenario
    from qinternet.physics.devices.presets import preset
    from qinternet.states.bell import BellDiagonal, bell_state, werner
    from qinternet.states.measures import concurrence, fidelity
    from qinternet.states.types import DensityMatrix, Ket

__version__ = "0.1.0"

_HOMES = {
    "load_scenario": "qinternet.network.scenario",
    "parse_scenario": "qinternet.network.scenario",
    "run_scenario": "qinternet.network.run",
    "preset": "qinternet.physics.devices.presets",
    "Ket": "qinternet.states.types",
    "DensityMatrix": "qinternet.states.types",
    "BellDiagonal": "qinternet.states.bell",
    "bell_state": "qinternet.states.bell",
    "werner": "qinternet.states.bell",
    "fidelity": "qinternet.states.measures",
    "concurrence": "qinternet.states.measures",
    "QinternetError": "qinternet.core.errors",
}
"""Each front-door name and the module that defines it."""

__all__ = [
    "BellDiagonal",
    "DensityMatrix",
    "Ket",
    "QinternetError",
    "bell_state",
    "concurrence",
    "fidelity",
    "load_scenario",
    "parse_scenario",
    "preset",
    "run_scenario",
    "werner",
]


__getattr__, __dir__ = lazy_exports(globals(), _HOMES, __all__)
