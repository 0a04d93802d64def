"""What a panel of sweep results shows, computed before anything is drawn.

A panel draws ``y`` against ``x`` (done points only) with error bars from the matching
standard-error column, one series per combination of the other varied parameters; a
``scenario`` column (several sweeps in one figure) names its series by the scenario
alone. An axis is logarithmic when its positive values span at least two decades.
On a logarithmic ``y`` axis the floor is one decade below the decade of the lowest
positive value; a value of exactly zero is kept and drawn at that floor with its own
marker (``Series.zero_x``), and only negative values (or ``x`` at or below zero on a
logarithmic ``x``) are left out and counted.

On a ``rate_hz`` panel, each scenario's repeaterless PLOB bound (column
``plob_bound_hz``, evaluated by the sweep at the attempt rate the scenario used) is a
dashed line; identical curves (or one that is part of another: a sweep with fewer
points) are one line, labelled with every series it belongs to. On ``rate_hz`` and
``fidelity_mean`` panels, points whose ``fidelity_mean`` is not above 1/2 by two
standard errors (or has no standard error: a single pair) are marked open
(``Series.open_x``): such pairs are not shown to be entangled, and the bound limits
entanglement, not pairs. A fidelity panel has the line F = 1/2, the largest fidelity
to a maximally entangled state that a separable state reaches.

References:
    S. Pirandola, R. Laurenza, C. Ottaviani, L. Banchi, Nat. Commun. 8, 15043 (2017),
    doi:10.1038/ncomms15043 (the PLOB bound, on distillable entanglement and key).
    M. Horodecki, P. Horodecki, R. Horodecki, Phys. Rev. A 60, 1888 (1999),
    doi:10.1103/PhysRevA.60.1888 (separable states have fidelity at most 1/2).

Examples:
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"distance_km": [1.0, 10.0, 100.0], "rate_hz": [1e3, 1e1, 0.0]})
    >>> panel = plot_panel(frame, x="distance_km", y="rate_hz")
    >>> panel.y_label, panel.y_scale, panel.floor, panel.series[0].zero_x
    ('pair rate (Hz)', 'log', 1.0, (100.0,))
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from qinternet.core.errors import InvalidParameterError
from qinternet.core.validation import suggest
from qinternet.sweep.plot_labels import axis_label, entry_label, is_fidelity

Scale = Literal["linear", "log"]
LOG_MIN_DECADES = 2.0
BOUND_COLUMN = "plob_bound_hz"
RATE_COLUMN = "rate_hz"
SCENARIO_COLUMN = "scenario"
FIDELITY_COLUMN = "fidelity_mean"
CLASSICAL_FIDELITY = 0.5
ENTANGLEMENT_SIGMAS = 2.0
BOUND_LABEL = "repeaterless bound (PLOB) at the attempt rate used"
CLASSICAL_LABEL = "F = 1/2: classical limit (no separable pair exceeds it)"
OPEN_LABEL = "open marker: F not above 1/2 by 2 standard errors"


@dataclass(frozen=True)
class Series:
    """One line: its label, the points drawn, their error bars (may be empty), the
    ``x`` of its zero values (drawn at the floor) and of its open points.

    Raises:
        InvalidParameterError: if x, y and a non-empty yerr differ in length.
    """

    label: str
    x: tuple[float, ...]
    y: tuple[float, ...]
    yerr: tuple[float, ...] = ()
    zero_x: tuple[float, ...] = ()
    open_x: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        if len(self.x) != len(self.y) or (self.yerr and len(self.yerr) != len(self.y)):
            raise InvalidParameterError("x", len(self.x), "x, y and yerr must have equal length")


@dataclass(frozen=True)
class Bound:
    """A bound curve drawn once, and the labels of the series it belongs to."""

    label: str
    x: tuple[float, ...]
    y: tuple[float, ...]
    series: tuple[str, ...]


@dataclass(frozen=True)
class ReferenceLine:
    """A horizontal line at ``y`` with its legend label."""

    label: str
    y: float


@dataclass(frozen=True)
class Panel:
    """One panel: ``y`` against ``x``, their labels and scales, the series, the
    distinct bounds, reference lines, the floor of a log ``y`` axis (``None`` on a
    linear one) and the number of points that cannot be drawn."""

    x: str
    y: str
    x_label: str
    y_label: str
    x_scale: Scale
    y_scale: Scale
    series: tuple[Series, ...]
    bounds: tuple[Bound, ...] = ()
    lines: tuple[ReferenceLine, ...] = ()
    floor: float | None = None
    num_omitted: int = 0

    @property
    def num_zeros(self) -> int:
        """Zero values drawn at the floor."""
        return sum(len(series.zero_x) for series in self.series)


def stderr_column(y: str, columns: Sequence[str]) -> str | None:
    """The standard-error column of ``y``, if the table has one.

    Examples:
        >>> stderr_column("fidelity_mean", ["fidelity_stderr"]), stderr_column("rate_hz", [])
        ('fidelity_stderr', None)
    """
    candidates = [f"{y.removesuffix('_mean')}_stderr", f"{y}_stderr"]
    if y.endswith("_hz"):
        candidates.insert(0, f"{y.removesuffix('_hz')}_stderr_hz")
    if y.endswith("_s"):
        candidates.insert(0, f"{y.removesuffix('_s')}_stderr_s")
    return next((c for c in candidates if c in columns), None)


def _scale(values: np.ndarray) -> Scale:
    positive = values[np.isfinite(values) & (values > 0)]
    if positive.size < 2:
        return "linear"
    return "log" if math.log10(positive.max() / positive.min()) >= LOG_MIN_DECADES else "linear"


def check_column(frame: pd.DataFrame, name: str, flag: str) -> None:
    """Refuse a column the table does not have, suggesting the closest one.

    Raises:
        InvalidParameterError: naming ``flag`` and ``name``.
    """
    if name not in frame.columns:
        close = suggest(name, [str(c) for c in frame.columns])
        hint = f"did you mean {close!r}? " if close else ""
        known = ", ".join(str(c) for c in frame.columns)
        raise InvalidParameterError(flag, name, f"no such column; {hint}columns: {known}")


def _numbers(group: pd.DataFrame, column: str | None) -> np.ndarray:
    if column is None or column not in group.columns:
        return np.full(len(group), np.nan)
    return pd.to_numeric(group[column], errors="coerce").to_numpy(float)


def _label(others: Sequence[str], key: object) -> str:
    values = key if isinstance(key, tuple) else (key,)
    parts = [
        str(value) if name == SCENARIO_COLUMN else entry_label(name, value)
        for name, value in zip(others, values, strict=True)
    ]
    return ", ".join(parts)


def _series(
    group: pd.DataFrame, x: str, y: str, label: str, error_column: str | None, log_y: bool
) -> Series:
    xs, ys = group[x].to_numpy(float), group[y].to_numpy(float)
    errors = np.nan_to_num(_numbers(group, error_column), nan=0.0)
    drawn = ys != 0.0 if log_y else np.ones(len(ys), dtype=bool)
    open_x: tuple[float, ...] = ()
    if y in (RATE_COLUMN, FIDELITY_COLUMN) and FIDELITY_COLUMN in group.columns:
        fidelity = _numbers(group, FIDELITY_COLUMN)
        stderr = _numbers(group, stderr_column(FIDELITY_COLUMN, list(group.columns)))
        shown = fidelity - ENTANGLEMENT_SIGMAS * stderr > CLASSICAL_FIDELITY
        open_x = tuple(float(v) for v in xs[drawn & np.isfinite(fidelity) & ~shown])
    return Series(
        label,
        tuple(float(v) for v in xs[drawn]),
        tuple(float(v) for v in ys[drawn]),
        tuple(float(v) for v in errors[drawn]) if error_column is not None else (),
        tuple(float(v) for v in xs[~drawn]),
        open_x,
    )


def _same_curve(a: dict[float, float], b: dict[float, float]) -> bool:
    """Whether two bound curves agree (to 1e-9 relative) on every ``x`` of the shorter."""
    common = a.keys() & b.keys()
    if len(common) < min(len(a), len(b)):
        return False
    return all(math.isclose(a[x], b[x], rel_tol=1e-9) for x in common)


def _distinct_bounds(curves: Sequence[tuple[str, dict[float, float]]]) -> tuple[Bound, ...]:
    """One bound per distinct curve (a curve that is part of another is the same
    curve; they are drawn as their union), with the labels of its series."""
    kept: list[tuple[dict[float, float], list[str]]] = []
    for label, curve in curves:
        same = next((entry for entry in kept if _same_curve(entry[0], curve)), None)
        if same is None:
            kept.append((dict(curve), [label]))
        else:
            same[0].update({x: y for x, y in curve.items() if x not in same[0]})
            same[1].append(label)
    shared = len(kept) == 1
    return tuple(
        Bound(
            BOUND_LABEL if shared else f"{BOUND_LABEL} by {', '.join(labels)}",
            tuple(sorted(curve)),
            tuple(curve[x] for x in sorted(curve)),
            tuple(labels),
        )
        for curve, labels in kept
    )


def plot_panel(frame: pd.DataFrame, *, x: str, y: str, parameters: Sequence[str] = ()) -> Panel:
    """The data of one panel (see the module docstring).

    Raises:
        InvalidParameterError: for a column the table does not have, or no numeric data.
    """
    check_column(frame, x, "--x")
    check_column(frame, y, "--y")
    done = frame[frame["status"] == "done"] if "status" in frame.columns else frame
    numeric = done.assign(
        **{x: pd.to_numeric(done[x], errors="coerce"), y: pd.to_numeric(done[y], errors="coerce")}
    )
    numeric = numeric[np.isfinite(numeric[x]) & np.isfinite(numeric[y])]
    if numeric.empty:
        raise InvalidParameterError("--y", y, f"no finite values of {y} against {x} to plot")
    x_scale, y_scale = _scale(numeric[x].to_numpy(float)), _scale(numeric[y].to_numpy(float))
    keep = np.ones(len(numeric), dtype=bool)
    if x_scale == "log":
        keep &= numeric[x].to_numpy(float) > 0
    if y_scale == "log":
        keep &= numeric[y].to_numpy(float) >= 0
    num_omitted = int((~keep).sum())
    numeric = numeric[keep]
    floor = None
    if y_scale == "log":
        lowest = numeric[y][numeric[y] > 0].min()
        floor = 10.0 ** (math.floor(math.log10(lowest)) - 1)
    error_column = stderr_column(y, list(frame.columns))
    varied = [p for p in parameters if p != x and p in frame.columns and done[p].nunique() > 1]
    named = SCENARIO_COLUMN in frame.columns and SCENARIO_COLUMN not in varied
    others = [SCENARIO_COLUMN, *varied] if named else varied
    groups = numeric.groupby(others, sort=False, dropna=False) if others else [((), numeric)]
    series: list[Series] = []
    curves: list[tuple[str, dict[float, float]]] = []
    for key, group in groups:
        label = _label(others, key) or axis_label(y)
        group = group.sort_values(x)
        series.append(_series(group, x, y, label, error_column, y_scale == "log"))
        if y == RATE_COLUMN and BOUND_COLUMN in group.columns:
            bound = _numbers(group, BOUND_COLUMN)
            finite = np.isfinite(bound)
            xs = group[x].to_numpy(float)[finite]
            if finite.any():
                curves.append((label, dict(zip(xs.tolist(), bound[finite].tolist(), strict=True))))
    lines = (ReferenceLine(CLASSICAL_LABEL, CLASSICAL_FIDELITY),) if is_fidelity(y) else ()
    return Panel(
        x,
        y,
        axis_label(x),
        axis_label(y),
        x_scale,
        y_scale,
        tuple(series),
        _distinct_bounds(curves),
        lines,
        floor,
        num_omitted,
    )
