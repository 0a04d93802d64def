"""What runs on a worker: evaluate one point, and never let an exception escape.

An evaluator is a picklable callable taking a :class:`SweepPoint` and returning a flat
mapping of result names to numbers (or strings). :func:`evaluate_scenario`, the
default, runs the point's scenario and returns its totals, the PLOB bound, and each
link's figures as ``links.<i>.<name>`` (see :func:`summarise`).

:func:`execute` wraps an evaluator: it times it and turns an exception into a failed
:class:`Outcome` (a :class:`~qinternet.core.errors.QinternetError` is the scenario's fault
and is not retried; anything else may be transient and is). Exceptions never cross a
process boundary, since some do not survive pickling.

Examples:
    >>> from qinternet.sweep.spec import SweepPoint
    >>> point = SweepPoint(0, (), '{"name": "x"}', "0" * 32, 1)
    >>> outcome = execute(evaluate_scenario, point)
    >>> outcome.ok, outcome.retryable, outcome.error.split(":")[0]
    (False, False, 'ScenarioError')
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

from qinternet.core.errors import InvalidParameterError, QinternetError
from qinternet.sweep.spec import SweepPoint

if TYPE_CHECKING:  # the simulator is imported where it runs, so workers start fast
    from qinternet.network import AnyResult, BuiltScenario

ResultValue: TypeAlias = int | float | str | bool | None
Evaluator: TypeAlias = Callable[[SweepPoint], Mapping[str, ResultValue]]
SKIPPED_KEYS = frozenset(
    {"schema_version", "scenario", "protocol", "policy", "wall_s", "links", "requests", "nodes"}
)
"""Keys of a result summary that are not results: names, timing, nested lists."""
NESTED_KEYS = ("links", "requests")


@dataclass(frozen=True)
class Outcome:
    """One attempt at one point.

    Args:
        point_id: the point.
        ok: whether the evaluator returned.
        values: the results (empty when not ok).
        error: ``"ExceptionType: message"`` when not ok, else ``""``.
        retryable: whether another attempt might succeed.
        wall_s: seconds the attempt took on the worker.

    Raises:
        InvalidParameterError: for a failed outcome without an error message, or a
            negative duration.
    """

    point_id: str
    ok: bool
    values: Mapping[str, ResultValue] = field(default_factory=dict)
    error: str = ""
    retryable: bool = False
    wall_s: float = 0.0

    def __post_init__(self) -> None:
        if not self.ok and not self.error:
            raise InvalidParameterError("error", self.error, "a failed outcome needs a message")
        if not self.wall_s >= 0.0:
            raise InvalidParameterError("wall_s", self.wall_s, "must be >= 0")


def _check_values(values: Any) -> dict[str, ResultValue]:
    if not isinstance(values, Mapping):
        raise TypeError(f"an evaluator must return a mapping, got {type(values).__name__}")
    checked: dict[str, ResultValue] = {}
    for key, value in values.items():
        if not isinstance(key, str) or not isinstance(value, int | float | str | bool | None):
            raise TypeError(f"result {key!r}={value!r}: results are str -> number or string")
        checked[key] = value
    return checked


def execute(evaluator: Evaluator, point: SweepPoint) -> Outcome:
    """Run ``evaluator`` on ``point`` and report the attempt (never raises for the
    evaluator's exceptions)."""
    start = time.perf_counter()
    try:
        values = _check_values(evaluator(point))
    except QinternetError as error:
        message = f"{type(error).__name__}: {error}"
        wall_s = time.perf_counter() - start
        return Outcome(point.point_id, False, error=message, retryable=False, wall_s=wall_s)
    except Exception as error:
        message = f"{type(error).__name__}: {error}"
        wall_s = time.perf_counter() - start
        return Outcome(point.point_id, False, error=message, retryable=True, wall_s=wall_s)
    return Outcome(point.point_id, True, values, wall_s=time.perf_counter() - start)


def execute_batch(evaluator: Evaluator, points: Sequence[SweepPoint]) -> list[Outcome]:
    """:func:`execute` on each of ``points`` in turn (one task of a batched executor)."""
    return [execute(evaluator, point) for point in points]


def _scalars(prefix: str, data: Mapping[str, Any]) -> dict[str, ResultValue]:
    return {
        f"{prefix}{key}": value
        for key, value in data.items()
        if key not in SKIPPED_KEYS and isinstance(value, int | float | str | bool | None)
    }


def _plob_bound_hz(built: BuiltScenario) -> float | None:
    """PLOB bound over the fibre between the end nodes of a single link or a chain."""
    from qinternet.analysis import fibre_transmissivity, plob_bound_per_second

    if built.requests or not built.links or (built.chain is None and len(built.links) != 1):
        return None
    eta = math.prod(
        fibre_transmissivity(spec.total_length_m, spec.attenuation_db_per_km)
        for spec in built.scenario.links
    )
    copies = built.chain.num_channels if built.chain is not None else 1  # chains side by side
    clock_hz = copies * min(cfg.num_channels / cfg.period_s for cfg in built.links)
    return plob_bound_per_second(eta, channel_use_rate_hz=clock_hz)


def summarise(result: AnyResult, built: BuiltScenario) -> dict[str, ResultValue]:
    """The flat results of one run: totals, the PLOB bound, each link's (or request's)
    figures as ``links.<i>.<name>`` (``requests.<i>.<name>``), and the application's
    (of a link layer or a chain) as ``application.<name>``.

    ``rate_stderr_hz``, when the totals lack it, is the parts' standard errors added in
    quadrature (independent links). ``plob_bound_hz`` is the repeaterless bound over the
    fibre between the end nodes (of a one-link scenario or a chain), at the attempt
    rate of its slowest link (memory pairs / attempt period; a chain's copies side by side
    each use one pair per link) as channel uses per second; absent for request scenarios.

    References:
        S. Pirandola et al., Nat. Commun. 8, 15043 (2017), doi:10.1038/ncomms15043.
    """
    summary = result.to_json()
    values = _scalars("", summary)
    for key in NESTED_KEYS:
        parts = summary.get(key) or []
        for i, part in enumerate(parts):
            values.update(_scalars(f"{key}.{i}.", part))
        errors = [part.get("rate_stderr_hz") for part in parts]
        if parts and "rate_stderr_hz" not in values and None not in errors:
            values["rate_stderr_hz"] = math.sqrt(sum(e**2 for e in errors))
    values.update(_scalars("application.", summary.get("application") or {}))
    bound = _plob_bound_hz(built)
    if bound is not None:
        values["plob_bound_hz"] = bound
    return values


def evaluate_scenario(point: SweepPoint) -> dict[str, ResultValue]:
    """Run the point's scenario (seeded by the point) and summarise it (see :func:`summarise`).

    The scenario attached to the point is used as it is; a point without one (made by
    :meth:`~qinternet.sweep.spec.SweepSpec.points`) is parsed here.

    Raises:
        ScenarioError: if the point's scenario is invalid or impossible.
        ResourceLimitError: if its run would exceed the budget of
            :func:`qinternet.network.budget.check_budget` (never ends, or too long).
    """
    source = f"point {point.describe() or point.point_id}"
    from qinternet.network import build_scenario, run_built
    from qinternet.network.budget import check_budget

    built = build_scenario(point.validated_scenario(source=source), source=source)
    check_budget(built, source=source, lift="run this point alone with qinternet run --force")
    return summarise(run_built(built), built)
