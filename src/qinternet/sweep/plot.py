"""Figures of sweep results: one panel per quantity against one parameter.

What a panel shows is computed first (:func:`plot_panel`, in :mod:`.plot_data`: axis
labels with units, scales, series named by scenario, distinct PLOB bounds, the
F = 1/2 line, zero values at the axis floor), then drawn (:mod:`.plot_draw`) on a
matplotlib figure without pyplot or a display (Agg canvas, no global state).

Next to the image, ``<name>.plot.json`` records what was drawn: the title, each
panel's axis labels, scales, series points, bounds, reference lines, floor and zero
points, the legend entries as matplotlib holds them, and the image size in pixels, so
tests and scripts can check a figure without looking at it. Only the image, its
sidecar and a temporary file beside them are written.

Examples:
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"d": [1.0, 10.0, 100.0], "rate_hz": [1e3, 1e1, 1e-1],
    ...                       "rate_stderr_hz": [1.0, 0.1, 0.01], "status": ["done"] * 3})
    >>> panel = plot_panel(frame, x="d", y="rate_hz", parameters=["d"])
    >>> panel.x_scale, panel.y_scale, panel.series[0].y
    ('log', 'log', (1000.0, 10.0, 0.1))
"""

from __future__ import annotations

import contextlib
import json
import os
import textwrap
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from qinternet.core.errors import InvalidParameterError
from qinternet.sweep.plot_data import Bound, Panel, ReferenceLine, Series, plot_panel, stderr_column
from qinternet.sweep.plot_draw import draw_panels, literal

__all__ = [
    "DPI",
    "FORMATS",
    "PANEL_SIZE_IN",
    "Bound",
    "Panel",
    "PlotReport",
    "ReferenceLine",
    "Series",
    "plot_panel",
    "plot_results",
    "stderr_column",
]

PANEL_SIZE_IN = (6.4, 4.8)
DPI = 100
FORMATS = ("png", "svg")
TITLE_CHARS_PER_IN = 12
"""Characters of the title per inch of figure width before it wraps (12 pt text)."""


@dataclass(frozen=True)
class PlotReport:
    """What :func:`plot_results` wrote: the image, its sidecar, the size, the title,
    the panels and each panel's legend entries."""

    image: Path
    sidecar: Path
    width_px: int
    height_px: int
    title: str
    panels: tuple[Panel, ...]
    legends: tuple[tuple[str, ...], ...]


def _save(figure: Figure, path: Path, fmt: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(temporary, format=fmt, dpi=DPI)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise InvalidParameterError(
            "--out", str(path), f"cannot write ({error.strerror})"
        ) from None


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
        frame: a results table (:func:`~qinternet.sweep.plot_read.read_sweep`); a
            ``scenario`` column names the series.
        x: the column on the horizontal axis.
        ys: one panel per column.
        out: the image file; its suffix picks the format.
        parameters: the varied parameters (one line per combination of the others).
        title: drawn above the panels, as written (wrapped to the figure's width).

    Returns:
        A :class:`PlotReport`; the sidecar ``<stem>.plot.json`` holds the same data.

    Raises:
        InvalidParameterError: for an unknown column, no y, an unsupported format or
            an image that cannot be written.
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
    legends = draw_panels(figure, panels)
    if title:
        width_chars = round(TITLE_CHARS_PER_IN * PANEL_SIZE_IN[0] * len(panels))
        literal(figure.suptitle(textwrap.fill(title, width_chars)))
    _save(figure, path, fmt)
    width_px, height_px = (round(v) for v in figure.get_size_inches() * DPI)
    sidecar = path.with_name(f"{path.stem}.plot.json")
    report = PlotReport(path, sidecar, width_px, height_px, title, panels, legends)
    try:
        sidecar.write_text(json.dumps(_jsonable(report), indent=1), encoding="utf-8")
    except OSError as error:
        raise InvalidParameterError(
            "--out", str(sidecar), f"cannot write ({error.strerror})"
        ) from None
    return report


def _jsonable(report: PlotReport) -> dict[str, Any]:
    data = asdict(report)
    data["image"], data["sidecar"] = str(report.image), str(report.sidecar)
    for panel, record, legend in zip(report.panels, data["panels"], report.legends, strict=True):
        record["legend"] = list(legend)
        record["num_zeros"] = panel.num_zeros
    del data["legends"]
    return data
