"""Plot panels: labels, scales, series per scenario, distinct bounds, zeros at the floor,
open points, the F = 1/2 line; literal names; files written whole and read back."""

from __future__ import annotations

import json
import math
from pathlib import Path

import matplotlib.image
import pandas as pd
import pytest
from matplotlib.figure import Figure

from qinternet.core.errors import InvalidParameterError
from qinternet.sweep.plot import DPI, PANEL_SIZE_IN, plot_panel, plot_results, stderr_column
from qinternet.sweep.plot_data import BOUND_LABEL, CLASSICAL_LABEL, OPEN_LABEL
from qinternet.sweep.plot_draw import zero_label

TEX_NAME = r"$\frac{1}{2$"
"""A scenario name that mathtext cannot parse (an unclosed brace between dollars)."""


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "d": [1.0, 10.0, 100.0, 1.0, 10.0, 100.0],
            "t2": [0.1, 0.1, 0.1, 1.0, 1.0, 1.0],
            "rate_hz": [1000.0, 10.0, 0.0, 2000.0, 20.0, 2.0],
            "rate_stderr_hz": [1.0, 0.5, 0.0, 2.0, 1.0, 0.5],
            "plob_bound_hz": [1e4, 1e3, 1e1, 1e4, 1e3, 1e1],
            "fidelity_mean": [0.9, 0.8, float("nan"), 0.95, 0.9, 0.85],
            "fidelity_stderr": [0.01] * 6,
            "status": ["done"] * 5 + ["failed"],
        }
    )


def _scenarios(names: list[str], bounds: list[list[float]]) -> pd.DataFrame:
    """One sweep per name over the same three distances, the CLI's ``scenario`` column."""
    rows = []
    for name, bound in zip(names, bounds, strict=True):
        for d, b, rate in zip([10.0, 100.0, 1000.0], bound, [500.0, 5.0, 0.0], strict=True):
            rows.append({"distance_km": d, "rate_hz": rate, "plob_bound_hz": b, "scenario": name})
    return pd.DataFrame(rows)


def test_one_series_per_other_parameter_with_a_shared_bound() -> None:
    panel = plot_panel(_frame(), x="d", y="rate_hz", parameters=["d", "t2"])
    assert [s.label for s in panel.series] == ["t2 = 0.1", "t2 = 1"]
    assert panel.series[1].x == (1.0, 10.0)  # the failed point is not drawn
    assert (panel.x_scale, panel.y_scale) == ("log", "log")
    assert panel.series[0].yerr == (1.0, 0.5)
    [bound] = panel.bounds  # both series have the same bound: drawn once
    assert bound.label == BOUND_LABEL
    assert bound.series == ("t2 = 0.1", "t2 = 1")
    assert bound.y == (1e4, 1e3, 1e1)


def test_zero_values_sit_at_the_floor_and_negative_ones_are_counted() -> None:
    frame = _frame()
    frame.loc[4, "rate_hz"] = -1.0
    panel = plot_panel(frame, x="d", y="rate_hz", parameters=["d", "t2"])
    assert panel.series[0].zero_x == (100.0,)
    assert 100.0 not in panel.series[0].x
    assert panel.num_zeros == 1
    assert panel.num_omitted == 1  # the negative rate
    lowest = min(y for series in panel.series for y in series.y)  # 10 Hz
    assert panel.floor == pytest.approx(10.0 ** (math.floor(math.log10(lowest)) - 1))
    assert panel.floor < lowest


def test_zero_on_a_linear_axis_is_an_ordinary_point() -> None:
    frame = pd.DataFrame({"d": [1.0, 2.0, 3.0], "rate_hz": [3.0, 2.0, 0.0]})
    panel = plot_panel(frame, x="d", y="rate_hz")
    assert panel.y_scale == "linear"
    assert (panel.series[0].y, panel.series[0].zero_x, panel.floor) == ((3.0, 2.0, 0.0), (), None)


def test_axis_labels_name_the_quantity_and_unit() -> None:
    panel = plot_panel(_frame(), x="d", y="fidelity_mean", parameters=["d", "t2"])
    assert panel.y_label == "fidelity to the target Bell state"
    frame = _scenarios(["a"], [[1.0, 1.0, 1.0]]).assign(**{"nodes.*.memory.t2_s": 0.5})
    panel = plot_panel(frame, x="distance_km", y="rate_hz")
    assert (panel.x_label, panel.y_label) == ("distance (km)", "pair rate (Hz)")
    panel = plot_panel(frame, x="nodes.*.memory.t2_s", y="plob_bound_hz")
    assert panel.x_label == "memory coherence time T2, nodes.*.memory (s)"
    assert panel.y_label == "repeaterless bound (PLOB) (Hz)"


def test_series_are_named_by_scenario_and_identical_bounds_drawn_once() -> None:
    same, other = [2e3, 2e1, 2e-1], [4e3, 4e1, 4e-1]
    frame = _scenarios(["direct", "one repeater", "seven repeaters"], [other, same, same])
    panel = plot_panel(frame, x="distance_km", y="rate_hz", parameters=["distance_km"])
    assert [s.label for s in panel.series] == ["direct", "one repeater", "seven repeaters"]
    assert [(b.label, b.series) for b in panel.bounds] == [
        (f"{BOUND_LABEL} by direct", ("direct",)),
        (f"{BOUND_LABEL} by one repeater, seven repeaters", ("one repeater", "seven repeaters")),
    ]
    assert panel.bounds[1].y == tuple(same)
    assert [s.zero_x for s in panel.series] == [(1000.0,)] * 3


def test_fidelity_panels_have_the_classical_line() -> None:
    fidelity = plot_panel(_frame(), x="d", y="fidelity_mean", parameters=["d", "t2"])
    assert [(line.label, line.y) for line in fidelity.lines] == [(CLASSICAL_LABEL, 0.5)]
    assert fidelity.bounds == ()
    assert plot_panel(_frame(), x="d", y="rate_hz").lines == ()


def test_points_not_shown_entangled_are_open() -> None:
    # F - 2 s.e. > 1/2 shows entanglement: 0.53 - 0.006 does, 0.505 - 0.02 does not,
    # and a single pair (no standard error) does not.
    frame = pd.DataFrame(
        {
            "d": [1.0, 2.0, 3.0, 4.0],
            "rate_hz": [5.0, 4.0, 3.0, 0.0],
            "fidelity_mean": [0.53, 0.505, 0.9, float("nan")],
            "fidelity_stderr": [0.003, 0.01, float("nan"), float("nan")],
        }
    )
    [series] = plot_panel(frame, x="d", y="rate_hz").series
    assert series.open_x == (2.0, 3.0)
    [series] = plot_panel(frame, x="d", y="fidelity_mean").series
    assert series.open_x == (2.0, 3.0)


def test_stderr_columns() -> None:
    columns = ["rate_stderr_hz", "fidelity_stderr", "waiting_time_stderr_s", "pairs_stderr"]
    assert stderr_column("rate_hz", columns) == "rate_stderr_hz"
    assert stderr_column("fidelity_mean", columns) == "fidelity_stderr"
    assert stderr_column("waiting_time_s", columns) == "waiting_time_stderr_s"
    assert stderr_column("pairs", columns) == "pairs_stderr"
    assert stderr_column("wall_s", columns) is None


def test_nothing_to_plot() -> None:
    frame = _frame().assign(status="failed")
    with pytest.raises(InvalidParameterError, match="no finite values"):
        plot_panel(frame, x="d", y="rate_hz")


def test_files_are_written_whole(tmp_path: Path) -> None:
    report = plot_results(_frame(), x="d", ys=["rate_hz"], out=tmp_path / "a.png")
    assert report.image.stat().st_size > 0
    assert report.sidecar.name == "a.plot.json"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.plot.json", "a.png"]


def test_unwritable_output_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(InvalidParameterError, match=r"--out=.*cannot write"):
        plot_results(_frame(), x="d", ys=["rate_hz"], out=tmp_path / "file" / "a.png")


def test_tex_in_names_is_drawn_literally(tmp_path: Path) -> None:
    # The name breaks mathtext when parsed (the control), and is drawn as written here.
    control = Figure()
    control.text(0.5, 0.5, TEX_NAME)
    with pytest.raises(ValueError, match="ParseSyntaxException"):
        control.savefig(tmp_path / "control.png")
    frame = _scenarios([TEX_NAME, "100% $5_a"], [[1e3, 1e1, 1e-1]] * 2)
    out = tmp_path / "tex.png"
    report = plot_results(frame, x="distance_km", ys=["rate_hz"], out=out, title=TEX_NAME)
    height, width, _ = matplotlib.image.imread(out).shape
    assert (width, height) == (report.width_px, report.height_px)
    record = json.loads(report.sidecar.read_text())
    assert record["title"] == TEX_NAME
    [panel] = record["panels"]
    assert panel["legend"][:3] == [TEX_NAME, "100% $5_a", BOUND_LABEL]


def test_sidecar_records_labels_legend_bounds_and_zeros(tmp_path: Path) -> None:
    out = tmp_path / "both.png"
    report = plot_results(
        _frame(), x="d", ys=["rate_hz", "fidelity_mean"], out=out, parameters=["d", "t2"]
    )
    height, width, channels = matplotlib.image.imread(out).shape
    assert (width, height) == (round(2 * PANEL_SIZE_IN[0] * DPI), round(PANEL_SIZE_IN[1] * DPI))
    assert channels in (3, 4)
    rate, fidelity = json.loads(report.sidecar.read_text())["panels"]
    assert (rate["x_label"], rate["y_label"]) == ("d", "pair rate (Hz)")
    assert rate["legend"] == [
        "t2 = 0.1",
        "t2 = 1",
        BOUND_LABEL,
        zero_label(report.panels[0]),
    ]
    assert zero_label(report.panels[0]) == "pair rate = 0, drawn at the axis floor"
    assert rate["series"][0]["zero_x"] == [100.0]
    assert rate["num_zeros"] == 1
    assert rate["floor"] == report.panels[0].floor
    assert [b["y"] for b in rate["bounds"]] == [[1e4, 1e3, 1e1]]
    assert fidelity["legend"] == ["t2 = 0.1", "t2 = 1", CLASSICAL_LABEL]
    assert fidelity["lines"] == [{"label": CLASSICAL_LABEL, "y": 0.5}]
    assert OPEN_LABEL not in rate["legend"]  # every fidelity here is above 1/2 by 2 s.e.
