"""Figures of sweep results: one panel per quantity against one parameter.

Each panel draws ``y`` against ``x`` with error bars from the matching standard-error
column (``fidelity_mean`` -> ``fidelity_stderr``, ``rate_hz`` -> ``rate_stderr_hz``,
else ``<y>_stderr``), one line per combination of the other varied parameters. An
axis is logarithmic when its positive values span at least two decades (points at or
below zero are then left out and counted). On a ``rate_hz`` panel the repeaterless
PLOB bound of each point (column ``plob_bound_hz``) is drawn as a dashed line.

Next to the image, ``<name>.plot.json`` records what was drawn (the points of every
series, the scales, the image size in pixels), so tests and scripts can check it.
matplotlib runs without pyplot or a display (Agg canvas, no global state).

References:
    S. Pirandola, R. Laurenza, C. Ottaviani, L. Banchi, Nat. Commun. 8, 15043 (2017),
    doi:10.1038/ncomms15043 (the PLOB bound).

Examples:
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"d": [1.0, 10.0, 100.0], "rate_hz": [1e3, 1e1, 1e-1],
    ...                       "rate_stderr_hz": [1.0, 0.1, 0.01], "status": ["done"] * 3})
    >>> panel = plot_panel(frame, x="d", y="rate_hz", parameters=["d"])
    >>> panel.x_scale, panel.y_scale, panel.series[0].y
    ('log', 'log', (1000.0, 10.0, 0.1))
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from qinternet.core.errors import InvalidParameterError
from qinternet.core.validation import suggest

Scale = Literal["linear", "log"]
LOG_MIN_DECADES = 2.0
PANEL_SIZE_IN = (6.4, 4.8)
DPI = 100
FORMATS = ("png", "svg")
BOUND_COLUMN = "plob_bound_hz"
RATE_COLUMN = "rate_hz"


@dataclass(frozen=True)
class Series:
    """One line of a panel: its label and the points drawn (``yerr`` may be empty).

    Raises:
        InvalidParameterError: if x, y and a non-empty yerr differ in length.
    """

    label: str
    x: tuple[float, ...]
    y: tuple[float, ...]
    yerr: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        if len(self.x) != len(self.y) or (self.yerr and len(self.yerr) != len(self.y)):
            raise InvalidParameterError("x", len(self.x), "x, y and yerr must have equal length")


@dataclass(frozen=True)
class Panel:
    """One panel: ``y`` against ``x``, its scales, its series, and the bound of each
    series (or none); ``num_omitted`` points could not be drawn on a log axis.

    Raises:
        InvalidParameterError: if there are bounds but not one per series.
    """

    x: str
    y: str
    x_scale: Scale
    y_scale: Scale
    series: tuple[Series, ...]
    bounds: tuple[Series, ...] = ()
    num_omitted: int = 0

    def __post_init__(self) -> None:
        if self.bounds and len(self.bounds) != len(self.series):
            raise InvalidParameterError("bounds", len(self.bounds), "one bound per series")


@dataclass(frozen=True)
class PlotReport:
    """What :func:`plot_results` wrote: the image, its sidecar and what they show."""

    image: Path
    sidecar: Path
    width_px: int
    height_px: int
    panels: tuple[Panel, ...]


def stderr_column(y: str, columns: Sequence[str]) -> str | None:
    """The standard-error column of ``y``, if the table has one.

    Examples:
        >>> stderr_column("fidelity_mean", ["fidelity_stderr"]), stderr_column("rate_hz", [])
        ('fidelity_stderr', None)
    """
    candidates = [f"{y.removesuffix('_mean')}_stderr", f"{y}_stderr"]
    if y.endswith("_hz"):
        candidates.insert(0, f"{y.removesuffix('_hz')}_stderr_hz")
    return next((c for c in candidates if c in columns), None)


def _scale(values: np.ndarray) -> Scale:
    positive = values[np.isfinite(values) & (values > 0)]
    if positive.size < 2:
        return "linear"
    return "log" if math.log10(positive.max() / positive.min()) >= LOG_MIN_DECADES else "linear"


def _column(frame: pd.DataFrame, name: str, flag: str) -> None:
    if name not in frame.columns:
        close = suggest(name, [str(c) for c in frame.columns])
        hint = f"did you mean {close!r}? " if close else ""
        known = ", ".join(str(c) for c in frame.columns)
        raise InvalidParameterError(flag, name, f"no such column; {hint}columns: {known}")


def plot_panel(frame: pd.DataFrame, *, x: str, y: str, parameters: Sequence[str] = ()) -> Panel:
    """The data of one panel (done points only; see the module docstring).

    Raises:
        InvalidParameterError: for a column the table does not have, or no numeric data.
    """
    _column(frame, x, "--x")
    _column(frame, y, "--y")
    done = frame[frame["status"] == "done"] if "status" in frame.columns else frame
    numeric = done.assign(
        **{x: pd.to_numeric(done[x], errors="coerce"), y: pd.to_numeric(done[y], errors="coerce")}
    )
    numeric = numeric[np.isfinite(numeric[x]) & np.isfinite(numeric[y])]
    if numeric.empty:
        raise InvalidParameterError("--y", y, f"no finite values of {y} against {x} to plot")
    x_scale, y_scale = _scale(numeric[x].to_numpy(float)), _scale(numeric[y].to_numpy(float))
    keep = np.ones(len(numeric), dtype=bool)
    for name, scale in ((x, x_scale), (y, y_scale)):
        if scale == "log":
            keep &= numeric[name].to_numpy(float) > 0
    num_omitted = int((~keep).sum())
    numeric = numeric[keep]
    error_column = stderr_column(y, list(frame.columns))
    others = [p for p in parameters if p != x and p in frame.columns and done[p].nunique() > 1]
    groups = numeric.groupby(others, sort=False, dropna=False) if others else [((), numeric)]
    series: list[Series] = []
    bounds: list[Series | None] = []
    for key, group in groups:
        values = key if isinstance(key, tuple) else (key,)
        label = ", ".join(f"{name}={value}" for name, value in zip(others, values, strict=True))
        group = group.sort_values(x)
        xs = tuple(float(v) for v in group[x])
        errors: tuple[float, ...] = ()
        if error_column is not None:
            errors = tuple(float(v) for v in pd.to_numeric(group[error_column]).fillna(0.0))
        series.append(Series(label or y, xs, tuple(float(v) for v in group[y]), errors))
        bounds.append(None)
        if y == RATE_COLUMN and BOUND_COLUMN in group.columns:
            bound = pd.to_numeric(group[BOUND_COLUMN], errors="coerce").to_numpy(float)
            if np.isfinite(bound).all():
                name = f"PLOB bound{', ' + label if label else ''}"
                bounds[-1] = Series(name, xs, tuple(float(v) for v in bound))
    drawn = tuple(b for b in bounds if b is not None)
    aligned = drawn if len(drawn) == len(series) else ()
    return Panel(x, y, x_scale, y_scale, tuple(series), aligned, num_omitted)


def _draw(figure: Figure, panels: Sequence[Panel]) -> None:
    axes_list = figure.subplots(1, len(panels), squeeze=False)[0]
    for axes, panel in zip(axes_list, panels, strict=True):
        for index, series in enumerate(panel.series):
            color = f"C{index % 10}"
            axes.errorbar(
                series.x,
                series.y,
                yerr=series.yerr or None,
                marker="o",
                markersize=4,
                capsize=3,
                color=color,
                label=series.label,
            )
            if panel.bounds:
                bound = panel.bounds[index]
                axes.plot(bound.x, bound.y, "--", color=color, alpha=0.7, label=bound.label)
        axes.set_xscale(panel.x_scale)
        axes.set_yscale(panel.y_scale)
        axes.set_xlabel(panel.x)
        axes.set_ylabel(panel.y)
        axes.grid(True, which="major", alpha=0.3)
        if len(panel.series) > 1 or panel.bounds:
            axes.legend(fontsize="small")


def plot_results(
    frame: pd.DataFrame,
    *,
    x: str,
    ys: Sequence[str],
    out: str | Path,
    parameters: Sequence[str] = (),
    title: str = "",
) -> PlotReport:
    """Draw ``ys`` against ``x`` side by side into ``out`` (``.png`` or ``.svg``).

    Args:
        frame: a results table (:meth:`SweepStore.load`).
        x: the column on the horizontal axis.
        ys: one panel per column.
        out: the image file; its suffix picks the format.
        parameters: the varied parameters (one line per combination of the others).
        title: drawn above the panels.

    Returns:
        A :class:`PlotReport`; the sidecar ``<stem>.plot.json`` holds the same data.

    Raises:
        InvalidParameterError: for an unknown column, no y, or an unsupported format.
    """
    path = Path(out)
    fmt = path.suffix.lower().removeprefix(".")
    if fmt not in FORMATS:
        raise InvalidParameterError("--out", str(path), f"format must be one of {FORMATS}")
    if not ys:
        raise InvalidParameterError("--y", list(ys), "give at least one column to plot")
    panels = tuple(plot_panel(frame, x=x, y=y, parameters=parameters) for y in ys)
    figure = Figure(figsize=(PANEL_SIZE_IN[0] * len(panels), PANEL_SIZE_IN[1]), dpi=DPI)
    figure.set_layout_engine("constrained")
    _draw(figure, panels)
    if title:
        figure.suptitle(title)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    figure.savefig(temporary, format=fmt, dpi=DPI)
    os.replace(temporary, path)
    width_px, height_px = (round(v) for v in figure.get_size_inches() * DPI)
    sidecar = path.with_name(f"{path.stem}.plot.json")
    report = PlotReport(path, sidecar, width_px, height_px, panels)
    sidecar.write_text(json.dumps(_jsonable(report), indent=1))
    return report


def _jsonable(report: PlotReport) -> dict[str, Any]:
    data = asdict(report)
    data["image"], data["sidecar"] = str(report.image), str(report.sidecar)
    return data
