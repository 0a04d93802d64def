"""Parameter sweeps: points with content ids, local and Dask executors, a resumable store.

A sweep is a scenario plus parameters to vary (:mod:`.spec`); its points run on local
processes or a Dask cluster (:mod:`.executors`) through :func:`.run.run_sweep`, which
commits every finished point to the SQLite store of the output folder (:mod:`.store`);
:mod:`.plot` draws the stored results. This package's top level imports only what a
worker needs (no pandas, no matplotlib): import :mod:`.run`, :mod:`.store` and
:mod:`.plot` from their modules.

Examples:
    >>> axis = Axis.parse("links.0.length_km=log:1:100:3")
    >>> axis.path.keys, axis.values
    (('links', '0', 'length_m'), (1.0, 10.0, 100.0))
"""

from qinternet.core.errors import ExecutorError
from qinternet.sweep.executors import DaskExecutor, Executor, LocalExecutor
from qinternet.sweep.paths import ParameterPath
from qinternet.sweep.spec import Axis, SweepPoint, SweepSpec, canonical_json, content_id
from qinternet.sweep.values import ParamValue, parse_values
from qinternet.sweep.worker import Evaluator, Outcome, evaluate_scenario, execute

__all__ = [
    "Axis",
    "DaskExecutor",
    "Evaluator",
    "Executor",
    "ExecutorError",
    "LocalExecutor",
    "Outcome",
    "ParamValue",
    "ParameterPath",
    "SweepPoint",
    "SweepSpec",
    "canonical_json",
    "content_id",
    "evaluate_scenario",
    "execute",
    "parse_values",
]
