"""Draw computed panels (:mod:`.plot_data`) on a matplotlib figure.

Every text that comes from data (scenario names, labels, the title) is drawn literally:
mathtext and TeX are off on those text objects, so a ``$`` or a backslash in a name is
shown as written and cannot break the drawing. Each series has its colour; its zero
values are downward triangles with their tip on the floor of the axis (stacked upwards
by series, so zeros of several series at one ``x`` stay visible), its open points are
rings. Distinct bounds have distinct dash patterns, in the colour of their series when
they belong to one, else grey; the F = 1/2 line is dotted. The legend lists the series
first, then bounds and lines, then the keys of the zero and open markers.

Examples:
    >>> from matplotlib.figure import Figure
    >>> from qinternet.sweep.plot_data import Panel, Series
    >>> panel = Panel("d", "f", "d", "f", "linear", "linear", (Series("$x$", (1.0,), (2.0,)),))
    >>> draw_panels(Figure(), [panel])
    (('$x$',),)
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.transforms import offset_copy

from qinternet.sweep.plot_data import OPEN_LABEL, Panel
from qinternet.sweep.plot_labels import quantity_and_unit

SHARED_COLOUR = "0.25"
LINE_COLOUR = "0.4"
BOUND_STYLES = ("--", "-.", (0, (5, 1, 1, 1, 1, 1)), (0, (3, 3)))
MARKER_SIZE = 4.0
RING_SIZE = 7.0
ZERO_SIZE = 7.0


def literal(text: Text) -> Text:
    """``text`` drawn as written: no mathtext, no TeX."""
    text.set_parse_math(False)
    text.set_usetex(False)
    return text


def zero_label(panel: Panel) -> str:
    """The legend key of the zero markers: ``"pair rate = 0, drawn at the axis floor"``."""
    return f"{quantity_and_unit(panel.y)[0]} = 0, drawn at the axis floor"


def _draw_series(figure: Figure, axes: Axes, panel: Panel) -> None:
    for index, series in enumerate(panel.series):
        colour = f"C{index % 10}"
        if series.x:
            axes.errorbar(
                series.x,
                series.y,
                yerr=series.yerr or None,
                marker="o",
                markersize=MARKER_SIZE,
                capsize=3,
                color=colour,
                label=series.label,
            )
        else:
            axes.plot([], [], "o-", markersize=MARKER_SIZE, color=colour, label=series.label)
        if series.open_x:
            at = dict(zip(series.x, series.y, strict=True))
            rings = [at[x] for x in series.open_x]
            axes.plot(series.open_x, rings, "o", ms=RING_SIZE, mfc="white", mec=colour, zorder=3)
        if series.zero_x and panel.floor is not None:
            # Tip on the floor, stacked upwards by series: zeros at one x all stay visible.
            lifted = offset_copy(
                axes.transData, figure, y=ZERO_SIZE * (index + 0.5), units="points"
            )
            floor = [panel.floor] * len(series.zero_x)
            axes.plot(
                series.zero_x, floor, "v", ms=ZERO_SIZE, color=colour, transform=lifted, zorder=4
            )


def _draw_bounds(axes: Axes, panel: Panel) -> None:
    colours = {series.label: f"C{index % 10}" for index, series in enumerate(panel.series)}
    for index, bound in enumerate(panel.bounds):
        alone = len(bound.series) == 1 and len(panel.bounds) > 1
        colour = colours.get(bound.series[0], SHARED_COLOUR) if alone else SHARED_COLOUR
        style = BOUND_STYLES[index % len(BOUND_STYLES)]
        axes.plot(bound.x, bound.y, linestyle=style, color=colour, lw=1.3, label=bound.label)


def _legend(axes: Axes, panel: Panel) -> tuple[str, ...]:
    handles, labels = axes.get_legend_handles_labels()
    names = {series.label for series in panel.series}
    ranked = sorted(zip(handles, labels, strict=True), key=lambda pair: pair[1] not in names)
    handles, labels = [handle for handle, _ in ranked], [label for _, label in ranked]
    if panel.num_zeros:
        handles.append(Line2D([], [], ls="none", marker="v", ms=ZERO_SIZE, color=SHARED_COLOUR))
        labels.append(zero_label(panel))
    if any(series.open_x for series in panel.series):
        ring = Line2D([], [], ls="none", marker="o", ms=RING_SIZE, mfc="white", mec=SHARED_COLOUR)
        handles.append(ring)
        labels.append(OPEN_LABEL)
    legend = axes.legend(handles, labels, fontsize="x-small", loc="best", framealpha=0.85)
    for text in legend.get_texts():
        literal(text)
    return tuple(text.get_text() for text in legend.get_texts())


def draw_panels(figure: Figure, panels: Sequence[Panel]) -> tuple[tuple[str, ...], ...]:
    """Draw ``panels`` side by side on ``figure``; returns each panel's legend entries."""
    axes_list = figure.subplots(1, len(panels), squeeze=False)[0]
    legends = []
    for axes, panel in zip(axes_list, panels, strict=True):
        _draw_series(figure, axes, panel)
        _draw_bounds(axes, panel)
        for line in panel.lines:
            axes.axhline(line.y, color=LINE_COLOUR, ls=":", lw=1.5, label=line.label)
        axes.set_xscale(panel.x_scale)
        axes.set_yscale(panel.y_scale)
        if panel.floor is not None:
            axes.set_ylim(bottom=panel.floor)
        literal(axes.set_xlabel(panel.x_label))
        literal(axes.set_ylabel(panel.y_label))
        axes.grid(True, which="major", alpha=0.3)
        legends.append(_legend(axes, panel))
    return tuple(legends)
